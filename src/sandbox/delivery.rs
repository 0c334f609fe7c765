//! The delivery simulator: Svix's retry schedule played against an endpoint that fails N
//! times before answering 2xx, and an idempotent endpoint that processes each `svix-id` once.
//!
//! Facts (Svix « Retries »): 8 attempts — immediately, then 5 s, 5 min, 30 min, 2 h, 5 h,
//! 10 h, 10 h after each failure (≈ 27 h 35 min); success is a 2xx within 15 s; 3xx, 4xx,
//! 5xx and timeouts are all retried; after the last attempt the message is `Failed` and can
//! be replayed from the Dashboard.

use std::collections::BTreeSet;
use std::time::Duration;

/// The wait before each attempt, counted from the previous failure (the first is immediate).
pub const RETRY_SCHEDULE: [Duration; 8] = [
    Duration::ZERO,
    Duration::from_secs(5),
    Duration::from_secs(5 * 60),
    Duration::from_secs(30 * 60),
    Duration::from_secs(2 * 3600),
    Duration::from_secs(5 * 3600),
    Duration::from_secs(10 * 3600),
    Duration::from_secs(10 * 3600),
];

/// A 2xx must arrive within this delay to count as a success.
pub const SUCCESS_DEADLINE: Duration = Duration::from_secs(15);

/// What the endpoint answers to one attempt.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Response {
    /// An HTTP status code.
    Status(u16),
    /// No answer within [`SUCCESS_DEADLINE`].
    Timeout,
}

impl Response {
    /// Only a 2xx in time stops the retries.
    pub fn is_success(self) -> bool {
        matches!(self, Self::Status(200..=299))
    }

    /// French, e.g. « 500 (erreur serveur) ».
    pub fn describe(self) -> String {
        match self {
            Self::Timeout => "pas de réponse en 15 s (délai dépassé)".to_owned(),
            Self::Status(code) => {
                let kind = match code {
                    200..=299 => "succès",
                    300..=399 => "redirection, non suivie",
                    400..=499 => "erreur client",
                    500..=599 => "erreur serveur",
                    _ => "code inconnu",
                };
                format!("{code} ({kind})")
            }
        }
    }
}

/// An endpoint that answers `failure` to its first `failures` attempts, then 200.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Endpoint {
    pub failures: usize,
    pub failure: Response,
}

impl Endpoint {
    /// The response to attempt `number` (1-based).
    pub fn respond(&self, number: usize) -> Response {
        if number <= self.failures {
            self.failure
        } else {
            Response::Status(200)
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
    pub response: Response,
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
        if response.is_success() {
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

/// `0 s`, `5 s`, `35 min 5 s`, `27 h 35 min 5 s`.
pub fn format_duration(d: Duration) -> String {
    let secs = d.as_secs();
    let (h, m, s) = (secs / 3600, secs / 60 % 60, secs % 60);
    let mut parts = Vec::new();
    if h > 0 {
        parts.push(format!("{h} h"));
    }
    if m > 0 {
        parts.push(format!("{m} min"));
    }
    if s > 0 || parts.is_empty() {
        parts.push(format!("{s} s"));
    }
    parts.join(" ")
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

/// An endpoint that remembers the `svix-id`s it processed (Svix suggests storing them,
/// e.g. 24 h in Redis), so an at-least-once delivery is processed once.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct IdempotentEndpoint {
    processed: BTreeSet<String>,
    log: Vec<Reception>,
}

impl IdempotentEndpoint {
    pub fn receive(&mut self, msg_id: &str) -> &Reception {
        let reception = if self.processed.insert(msg_id.to_owned()) {
            Reception::Processed {
                msg_id: msg_id.to_owned(),
            }
        } else {
            Reception::Duplicate {
                msg_id: msg_id.to_owned(),
            }
        };
        self.log.push(reception);
        self.log
            .last()
            .unwrap_or_else(|| unreachable!("just pushed"))
    }

    pub fn processed(&self) -> &BTreeSet<String> {
        &self.processed
    }

    pub fn log(&self) -> &[Reception] {
        &self.log
    }
}
