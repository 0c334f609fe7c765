//! webhook-tutor: a terminal course on Clerk webhooks, Svix signatures and database sync.
//!
//! Crate map:
//! - [`webhook`]: Svix / Standard Webhooks signing and verification (pure, clock passed in).
//! - [`markdown`]: markdown to a styled, width-wrapped document (pure; output is ratatui `Text`).
//! - [`course`]: the course manifest and modules, embedded or loaded from a folder, and `check`.
//! - [`quiz`]: the quiz model, TOML validation and grading (pure).
//! - [`files`]: regular-file reads, atomic writes, OS errors in French (below every core).
//! - [`french`]: serde and TOML parser messages in French (below `course` and `quiz`).
//! - [`progress`]: the progress store (locked read-modify-write, unreadable data kept).
//! - [`samples`]: realistic Clerk webhook payloads shared by the sandbox and `send`.
//! - [`source_pos`]: byte offsets to line and column for messages (below `course` and `quiz`).
//! - [`sandbox`]: the Svix sandbox's pure core: scenarios, sender and receiver views, delivery simulator.
//! - [`sync`]: the sync lab: Clerk events, faulty Svix delivery and five handler strategies on SQLite
//!   (pure), plus the learner's endpoint as a [`sync::Remote`] for `grade --scenario`.
//! - [`delivery`]: Svix delivery semantics (retry schedule, response diagnosis, dedup, tampering; pure).
//! - [`grade`]: the endpoint report card: a battery of deliveries against the learner's
//!   endpoint and database, graded per objective (behind `grade` and the Labo screen).
//! - [`dburl`]: Prisma-style database URLs (PostgreSQL, SQLite `file:`), for `grade` and `listen`.
//! - [`lab`]: the lab: starter projects with one bug per exercise, started and graded on
//!   every save (behind `lab`).
//! - [`listen`]: the local webhook receiver behind `listen` and the sandbox's live view.
//! - [`cli`] and [`cmd`]: argument parsing and one module per subcommand.
//! - [`tui`]: the terminal UI; the only module that talks to the terminal.
#![forbid(unsafe_code)]

pub mod cli;
pub mod cmd;
pub mod course;
pub mod dburl;
pub mod delivery;
pub mod files;
pub mod french;
pub mod grade;
pub mod lab;
pub mod listen;
pub mod markdown;
pub mod progress;
pub mod quiz;
pub mod samples;
pub mod sandbox;
pub mod source_pos;
pub mod sync;
pub mod tui;
pub mod webhook;

use std::process::ExitCode;

/// Runs one invocation. `Ok` carries the exit code (0 ok, 1 negative result);
/// `Err` is bad usage or unreadable input, which `main` reports and maps to 2.
pub fn run(cli: cli::Cli) -> anyhow::Result<ExitCode> {
    cmd::dispatch(cli)
}

/// glibc's malloc was a quarter of the renderer's time (one small `String` per span).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;
