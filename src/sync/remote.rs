//! The learner's own endpoint as one more column of a [`super::Simulation`]: the engine
//! hands each of its attempts to a [`Remote`] instead of an in-memory handler, and reads
//! its table through it. The trait keeps the core free of HTTP and of wall clocks;
//! `grade` implements it with real signed requests and a read-only database reader.

use super::model::{Message, Row};

/// How the learner's endpoint answered one attempt.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RemoteAnswer {
    /// An HTTP status.
    Status(u16),
    /// No HTTP answer: timeout, connection cut… (French reason).
    NoAnswer(String),
}

/// The learner's endpoint and table, as the simulation sees them. Clerk ids are the
/// scenario's (`user_2thomas`): an implementation that renames them per run maps back.
pub trait Remote: Send {
    /// Sends attempt `number` (1 to 8; 0 for a Dashboard replay) of `msg`.
    fn deliver(&mut self, msg: &Message, number: usize) -> RemoteAnswer;
    /// The endpoint's rows for these users, soft-deleted rows left out. `Err` is a French
    /// reason (database unreadable).
    fn rows(&mut self, users: &[String]) -> Result<Vec<Row>, String>;
    /// `Some(reason)` once the run cannot go on (endpoint unreachable…): the simulation
    /// then counts as done.
    fn stopped(&self) -> Option<String> {
        None
    }
}

/// The boxed remote, so that [`super::Simulation`] keeps its `Debug`.
pub(super) struct Slot(pub Box<dyn Remote>);

impl std::fmt::Debug for Slot {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Remote(votre endpoint)")
    }
}
