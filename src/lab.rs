//! The lab (`webhook-tutor lab`): rustlings for webhooks. A real starter project with one
//! deliberate bug per exercise, started, graded with the `grade` battery and graded again on
//! every save.
//!
//! - [`starter`]: the lab manifest (`content/lab/<stack>-fixes.toml`), the embedded starter
//!   and solution files, each exercise's reference fix, and their validation for `check`.
//! - [`board`]: a grade report grouped by exercise, plus the lab's own checks
//!   (`welcome-once`, read from the starter's `WelcomeEmail` table).
//! - [`round`]: one round (start, grade, board, tick, solutions), shared by both shells.
//! - [`project`]: a lab project on disk (marker, default folder, readiness).
//! - [`hints`]: an exercise's hints, the « Indice n » folds of its module 5 section.
//! - [`server`]: the learner's server in its own process group, killed as a whole.
//! - [`watch`]: a polling watcher of the project folder (mtimes, debounced).
//! - [`worker`]: the loop on a background thread, for the lab screen.
//!
//! No terminal code: `cmd::lab` prints and drives the loop.

pub mod board;
pub mod hints;
pub mod project;
pub mod round;
pub mod server;
pub mod starter;
pub mod watch;
pub mod worker;

pub use board::{ExerciseRow, LAB_CHECKS, LabCheck, is_known_check};
pub use starter::{DEFAULT_STACK, Lab, LabError};
