//! The delivery simulator: Svix's retry schedule played against an endpoint that fails N
//! times before answering 2xx, and an idempotent endpoint that processes each `svix-id` once.
//!
//! The schedule and what counts as success come from `crate::delivery` (8 attempts over
//! ≈ 27 h 35 min; only a 2xx within 15 s succeeds). After the last attempt the message is
//! `Failed` and can be replayed from the Dashboard.

use std::time::Duration;

use crate::delivery::{Diagnosis, RETRY_SCHEDULE, ResponseOutcome, SeenIds, format_duration};

/// A short French label for a response: « 500 (erreur serveur) », « délai dépassé (15 s) ».
pub fn response_label(response: ResponseOutcome) -> String {
    match response {
        ResponseOutcome::Timeout => "pas de réponse en 15 s".to_owned(),
        ResponseOutcome::Status(code) => {
            let kind = match code {
                200..=299 => "succès",
                300..=399 => "redirection, non suivie",
                400..=499 => "erreur client",
                500..=599 => "erreur serveur",
                _ => "code inattendu",
            };
            format!("{code} ({kind})")
        }
    }
}

/// Only a 2xx in time stops the retries (`delivery::Diagnosis`).
pub fn is_success(response: ResponseOutcome) -> bool {
    Diagnosis::of(response).is_success()
}

/// An endpoint that answers `failure` to its first `failures` attempts, then 200.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Endpoint {
    pub failures: usize,
    pub failure: ResponseOutcome,
}

impl Endpoint {
    /// The response to attempt `number` (1-based).
    pub fn respond(&self, number: usize) -> ResponseOutcome {
        if number <= self.failures {
            self.failure
        } else {
            ResponseOutcome::Status(200)
        }
    }
}

/// One delivery attempt.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Attempt {
    /// 1-based.
    pub number: usize,
    /// Wait since the previous failure.
    pub wait: Duration,
    /// Time since the first attempt.
    pub at: Duration,
    pub response: ResponseOutcome,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DeliveryOutcome {
    /// Succeeded at attempt `attempt`, `at` after the first one.
    Delivered { attempt: usize, at: Duration },
    /// Every attempt failed: the message is marked `Failed`.
    Failed { at: Duration },
}

/// Every attempt made, and how it ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Timeline {
    pub attempts: Vec<Attempt>,
    pub outcome: DeliveryOutcome,
}

/// Plays the schedule against `endpoint`.
pub fn simulate(endpoint: Endpoint) -> Timeline {
    let mut attempts = Vec::new();
    let mut at = Duration::ZERO;
    for (i, wait) in RETRY_SCHEDULE.into_iter().enumerate() {
        at += wait;
        let number = i + 1;
        let response = endpoint.respond(number);
        attempts.push(Attempt {
            number,
            wait,
            at,
            response,
        });
        if is_success(response) {
            return Timeline {
                attempts,
                outcome: DeliveryOutcome::Delivered {
                    attempt: number,
                    at,
                },
            };
        }
    }
    Timeline {
        attempts,
        outcome: DeliveryOutcome::Failed { at },
    }
}

impl Timeline {
    /// A French summary line.
    pub fn summary(&self) -> String {
        match self.outcome {
            DeliveryOutcome::Delivered { attempt: 1, .. } => {
                "livré à la première tentative".to_owned()
            }
            DeliveryOutcome::Delivered { attempt, at } => format!(
                "livré à la tentative {attempt}, {} après la première",
                format_duration(at)
            ),
            DeliveryOutcome::Failed { at } => format!(
                "échec définitif après {} tentatives ({}) : message marqué « Failed », à rejouer depuis le Dashboard (Message Attempts → Replay)",
                self.attempts.len(),
                format_duration(at)
            ),
        }
    }
}

/// What an idempotent endpoint did with one delivery. Both answer 200: a duplicate must
/// not be retried either.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Reception {
    Processed { msg_id: String },
    Duplicate { msg_id: String },
}

impl Reception {
    pub fn describe(&self) -> String {
        match self {
            Self::Processed { msg_id } => format!("{msg_id} : traité → 200"),
            Self::Duplicate { msg_id } => format!("{msg_id} : déjà traité → 200, ignoré"),
        }
    }
}

/// An endpoint that remembers the `svix-id`s it processed (`delivery::SeenIds`; Svix
/// suggests storing them, e.g. 24 h in Redis), so an at-least-once delivery is processed once.
#[derive(Debug, Clone, Default)]
pub struct IdempotentEndpoint {
    seen: SeenIds,
    /// Processed ids in arrival order, for display.
    processed: Vec<String>,
    log: Vec<Reception>,
}

impl IdempotentEndpoint {
    /// Handles one delivery of `msg_id` and returns what was done (also kept in the log).
    pub fn receive(&mut self, msg_id: &str) -> Reception {
        let reception = if self.seen.insert(msg_id) {
            self.processed.push(msg_id.to_owned());
            Reception::Processed {
                msg_id: msg_id.to_owned(),
            }
        } else {
            Reception::Duplicate {
                msg_id: msg_id.to_owned(),
            }
        };
        self.log.push(reception.clone());
        reception
    }

    /// The ids processed, oldest first.
    pub fn processed(&self) -> &[String] {
        &self.processed
    }

    pub fn log(&self) -> &[Reception] {
        &self.log
    }
}
