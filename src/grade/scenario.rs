//! `grade --scenario`: one of the sync lab's scenarios played against the learner's real
//! endpoint. The [`Simulation`] keeps its agenda, faults and Svix retry schedule; each
//! attempt meant for [`Strategy::Yours`] becomes a real request, signed like Svix with a
//! fresh timestamp, through the grade [`Transport`], on a compressed clock (no waiting
//! between steps, the order kept). The learner's table is read back through the grade
//! [`StateReader`] (read-only), then the users this run created are deleted.
//!
//! Every run renames the scenario's ids with a random tag (`user_2thomas` →
//! `user_lab_<tag>_2thomas`, `msg_2sync0001` → `msg_lab_<tag>_2sync0001`, `thomas@ancien.fr`
//! → `thomas+<tag>@ancien.fr`), so two runs never collide; rows are mapped back before the
//! diff, so the table reads like the sandbox's.

use std::sync::Arc;
use std::time::{Duration, Instant};

use serde_json::Value;

use super::payload;
use super::report::{Answer, CleanupFailure};
use super::runner::{random_tag, unix_now};
use super::state::StateReader;
use super::transport::Transport;
use crate::delivery::Delivery;
use crate::sync::{
    DbError, Faults, Message, Remote, RemoteAnswer, Row, Simulation, Strategy, SyncScenario,
};
use crate::webhook::Secret;

/// How long the final read waits for writes that land after the answer.
const SETTLE: Duration = Duration::from_millis(1000);

/// After this many timeouts in a row the run stops: a hanging endpoint would otherwise
/// cost `--timeout` for every attempt of every message.
const MAX_TIMEOUTS_IN_A_ROW: usize = 3;

/// A finished (or stopped) run.
#[derive(Debug)]
pub struct ScenarioReport {
    pub url: String,
    pub sim: Simulation,
    /// The random part of this run's ids.
    pub tag: String,
    pub elapsed_ms: u64,
    pub cleanup_sent: usize,
    pub cleanup_failures: Vec<CleanupFailure>,
    /// Why the run stopped early (endpoint unreachable, hanging, redirecting): exit 2.
    pub aborted: Option<String>,
}

impl ScenarioReport {
    /// Rows of the learner's table that disagree with Clerk's truth.
    pub fn differences(&self) -> usize {
        self.sim.differences(Strategy::Yours)
    }

    /// The table matches Clerk's truth (and was read).
    pub fn matches(&self) -> bool {
        self.aborted.is_none() && self.sim.remote_error.is_none() && self.differences() == 0
    }

    /// Requests actually sent to the endpoint (outages and simulated 500s send nothing).
    pub fn requests(&self) -> usize {
        self.sim
            .attempts
            .iter()
            .filter(|a| a.strategy == Strategy::Yours)
            .filter(|a| {
                matches!(
                    a.response,
                    crate::sync::Response::Http { .. } | crate::sync::Response::NoAnswer(_)
                )
            })
            .count()
    }
}

/// Renames a scenario's ids for one run, and back.
#[derive(Debug, Clone)]
pub struct Tagger {
    pub tag: String,
}

impl Tagger {
    pub fn user(&self, id: &str) -> String {
        format!("user_lab_{}_{}", self.tag, id.trim_start_matches("user_"))
    }

    pub fn msg(&self, id: &str) -> String {
        format!("msg_lab_{}_{}", self.tag, id.trim_start_matches("msg_"))
    }

    pub fn email(&self, address: &str) -> String {
        match address.split_once('@') {
            Some((local, domain)) => format!("{local}+{}@{domain}", self.tag),
            None => address.to_owned(),
        }
    }

    pub fn untag_email(&self, address: &str) -> String {
        address.replace(&format!("+{}@", self.tag), "@")
    }

    /// The message's body with this run's ids and addresses.
    pub fn body(&self, msg: &Message) -> Vec<u8> {
        let mut event: Value = serde_json::from_str(&msg.body()).unwrap_or(Value::Null);
        if let Some(data) = event.get_mut("data") {
            if let Some(id) = data.get_mut("id") {
                *id = Value::String(self.user(id.as_str().unwrap_or_default()));
            }
            if let Some(list) = data
                .get_mut("email_addresses")
                .and_then(Value::as_array_mut)
            {
                for entry in list {
                    if let Some(address) = entry.get_mut("email_address") {
                        *address = Value::String(self.email(address.as_str().unwrap_or_default()));
                    }
                }
            }
        }
        serde_json::to_vec(&event).unwrap_or_default()
    }
}

/// The learner's endpoint and table behind the simulation's [`Remote`].
struct Endpoint {
    secret: Secret,
    transport: Arc<dyn Transport + Send>,
    reader: Box<dyn StateReader>,
    tagger: Tagger,
    sent: usize,
    /// Timeouts since the last answer.
    timeouts: usize,
    stop: Option<String>,
}

impl Remote for Endpoint {
    fn deliver(&mut self, msg: &Message, _number: usize) -> RemoteAnswer {
        if self.stop.is_some() {
            return RemoteAnswer::NoAnswer("évaluation arrêtée".to_owned());
        }
        let body = self.tagger.body(msg);
        // Svix signs every attempt again, with a fresh timestamp and the same svix-id.
        let delivery = Delivery::signed(
            &self.secret,
            &self.tagger.msg(&msg.msg_id),
            unix_now(),
            &body,
        );
        let headers: Vec<(String, String)> = delivery
            .headers()
            .into_iter()
            .map(|(n, v)| (n.to_owned(), v))
            .collect();
        let first = self.sent == 0;
        self.sent += 1;
        match self.transport.post(&headers, &body) {
            Err(fatal) => {
                let reason = fatal.to_string();
                self.stop = Some(reason.clone());
                RemoteAnswer::NoAnswer(reason)
            }
            Ok(Answer::Status {
                status: status @ 300..=399,
                location,
                ..
            }) if first => {
                self.stop = Some(format!(
                    "l’endpoint répond par une redirection ({status}{}) : Svix ne suit jamais les redirections — donnez l’URL finale exacte (https, www, barre oblique finale…)",
                    location.map(|l| format!(" vers {l}")).unwrap_or_default()
                ));
                RemoteAnswer::Status(status)
            }
            Ok(Answer::Status { status, .. }) => {
                self.timeouts = 0;
                RemoteAnswer::Status(status)
            }
            Ok(Answer::Timeout { secs }) => {
                self.timeouts += 1;
                if self.timeouts >= MAX_TIMEOUTS_IN_A_ROW {
                    self.stop = Some(format!(
                        "l’endpoint ne répond plus : {MAX_TIMEOUTS_IN_A_ROW} requêtes de suite sans réponse en {secs} s (--timeout) — votre handler renvoie-t-il toujours une réponse ? Svix abandonne après 15 s"
                    ));
                } else if first {
                    self.stop = Some(format!(
                        "l’endpoint n’a pas répondu en {secs} s (--timeout) au premier événement : votre handler renvoie-t-il toujours une réponse ? Svix abandonne après 15 s"
                    ));
                }
                RemoteAnswer::NoAnswer(format!("aucune réponse en {secs} s"))
            }
            Ok(Answer::Broken(reason)) => RemoteAnswer::NoAnswer(reason),
        }
    }

    fn rows(&mut self, users: &[String]) -> Result<Vec<Row>, String> {
        let mut out = Vec::new();
        for user in users {
            for row in self.reader.rows(&self.tagger.user(user))? {
                if row.deleted {
                    continue;
                }
                out.push(Row {
                    clerk_id: user.clone(),
                    email: row.email.map(|e| self.tagger.untag_email(&e)),
                    first_name: row.first_name,
                    last_name: row.last_name,
                });
            }
        }
        out.sort();
        Ok(out)
    }

    fn stopped(&self) -> Option<String> {
        self.stop.clone()
    }
}

/// Plays `scenario` with `faults` (usually its own) against the endpoint behind
/// `transport`, reads the table through `reader`, then cleans up.
pub fn run(
    url: &str,
    secret: &Secret,
    scenario: SyncScenario,
    faults: Faults,
    transport: Arc<dyn Transport + Send>,
    reader: Box<dyn StateReader>,
) -> Result<ScenarioReport, DbError> {
    let tagger = Tagger { tag: random_tag() };
    let endpoint = Endpoint {
        secret: secret.clone(),
        transport: Arc::clone(&transport),
        reader,
        tagger: tagger.clone(),
        sent: 0,
        timeouts: 0,
        stop: None,
    };
    let start = Instant::now();
    let mut sim = Simulation::with_remote(scenario, faults, Box::new(endpoint))?;
    sim.run_to_end()?;
    let aborted = sim.remote_stopped();
    // An endpoint may answer first and write after: give it a moment before the verdict.
    let settle = Instant::now();
    while aborted.is_none()
        && (sim.differences(Strategy::Yours) > 0 || sim.remote_error.is_some())
        && settle.elapsed() < SETTLE
    {
        std::thread::sleep(Duration::from_millis(50));
        sim.refresh_remote();
    }
    let elapsed_ms = u64::try_from(start.elapsed().as_millis()).unwrap_or(u64::MAX);
    let mut report = ScenarioReport {
        url: url.to_owned(),
        sim,
        tag: tagger.tag.clone(),
        elapsed_ms,
        cleanup_sent: 0,
        cleanup_failures: Vec::new(),
        aborted,
    };
    let unreachable = report
        .aborted
        .as_deref()
        .is_some_and(|a| a.starts_with("impossible de joindre"));
    if !unreachable {
        cleanup(&mut report, secret, &*transport, &tagger);
    }
    Ok(report)
}

/// A `user.deleted` for every user of this run left in the table (every user the scenario
/// created, if the table could not be read), as `grade` does after its battery.
fn cleanup(report: &mut ScenarioReport, secret: &Secret, transport: &dyn Transport, t: &Tagger) {
    let left: Vec<&str> = report
        .sim
        .snapshot
        .rows
        .get(&Strategy::Yours)
        .map(|rows| rows.iter().map(|r| r.clerk_id.as_str()).collect())
        .unwrap_or_default();
    let unread = report.sim.remote_error.is_some() || report.aborted.is_some();
    let users: Vec<String> = report
        .sim
        .users()
        .into_iter()
        .filter(|u| {
            left.contains(&u.as_str())
                || (unread
                    && report
                        .sim
                        .messages
                        .iter()
                        .any(|m| &m.user_id == u && m.user.is_some()))
        })
        .collect();
    for (n, user) in users.iter().enumerate() {
        let id = t.user(user);
        let body = payload::deleted_event(&id, unix_now() * 1000);
        let delivery = Delivery::signed(
            secret,
            &format!("msg_lab_{}_nettoyage{n:02}", t.tag),
            unix_now(),
            &body,
        );
        let headers: Vec<(String, String)> = delivery
            .headers()
            .into_iter()
            .map(|(n, v)| (n.to_owned(), v))
            .collect();
        report.cleanup_sent += 1;
        let reason = match transport.post(&headers, &body) {
            Ok(answer) if answer.is_success() => None,
            Ok(answer) => Some(answer.line(0)),
            Err(fatal) => Some(fatal.to_string()),
        };
        if let Some(reason) = reason {
            report.cleanup_failures.push(CleanupFailure {
                clerk_id: id,
                reason,
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_and_addresses_are_renamed_per_run_and_mapped_back() {
        let t = Tagger {
            tag: "k3x9".to_owned(),
        };
        assert_eq!(t.user("user_2thomas"), "user_lab_k3x9_2thomas");
        assert_eq!(t.msg("msg_2sync0001"), "msg_lab_k3x9_2sync0001");
        assert_eq!(t.email("thomas@ancien.fr"), "thomas+k3x9@ancien.fr");
        assert_eq!(t.untag_email("thomas+k3x9@ancien.fr"), "thomas@ancien.fr");
        let mut sim = Simulation::new(SyncScenario::AdminEdit, Default::default()).unwrap();
        sim.run_to_end().unwrap();
        let body: Value = serde_json::from_slice(&t.body(&sim.messages[1])).unwrap();
        assert_eq!(body["type"], "user.updated");
        assert_eq!(body["data"]["id"], "user_lab_k3x9_2thomas");
        assert_eq!(
            body["data"]["email_addresses"][1]["email_address"],
            "thomas+k3x9@nouveau.fr"
        );
        assert_eq!(body["data"]["primary_email_address_id"], "idn_2addr0002");
    }
}
