//! The sync lab's pure core: Clerk's users and the events that change them, Svix's
//! delivery of the resulting webhooks with toggleable faults, and five handler strategies
//! run side by side on separate tables of one in-memory SQLite database, so the learner
//! sees which rows drift from Clerk's truth and which hold. Through a [`Remote`], the
//! learner's own endpoint can run beside them as a seventh column (`grade --scenario`).
//!
//! No terminal code and no wall clock: a [`Simulation`] advances on its own scenario
//! clock. `tui::sandbox::sync` draws it; `cmd::sandbox` prints it (`--sync`).

mod engine;
mod faults;
mod model;
mod plain;
mod remote;
mod scenario;
mod strategy;

pub use engine::{
    Attempt, Compared, Happened, Login, MAX_STEPS, MsgState, Response, Simulation, Snapshot,
    compare, diff_count,
};
pub use faults::{DB_OUTAGE, Fault, Faults, LONG_OUTAGE, SHORT_OUTAGE};
pub use model::{
    Actor, COLUMNS, Change, ClerkEvent, ClerkUser, EPOCH, EventType, Message, Row, Time, Truth,
    clock,
};
pub use plain::{happened_line, plain_report, plural, strategy_block};
pub use remote::{Remote, RemoteAnswer};
pub use scenario::{MAX_EVENTS, SyncScenario};
pub use strategy::{
    DbError, Executed, Handled, HandlerError, Statement, Strategy, fill as fill_sql, statements,
};

#[cfg(test)]
mod tests;
