//! The quiz: the bank model, its validation from `quizzes/*.toml` (every mistake with
//! file:line:column), deterministic shuffling, grading and the attempt state machine.
//! Pure: no terminal, no files, no clock (a fresh seed from [`random_seed`] is the one
//! exception); `cmd::quiz` and the TUI screen drive it.
//!
//! # Scoring
//!
//! Each question is worth one point; a credit between 0 and 1 is earned:
//! - `single`, `true_false`: 1 if right, 0 otherwise;
//! - `multiple`: `max(0, (right ticks − wrong ticks) / number of right choices)`, so
//!   ticking everything earns nothing;
//! - `short_text`: 1 when the answer equals an accepted one, ignoring case, accents,
//!   typographic apostrophes, surrounding spaces and runs of inner spaces;
//! - `ordering`: all or nothing;
//! - `matching`: the fraction of pairs matched correctly.
//!
//! A matching row left empty earns nothing; an answer is always the learner's act (no
//! choice is preselected, and [`AnswerError::NothingChosen`] refuses an empty one).
//!
//! The score is the sum of credits over the number of questions, in percent; a full
//! attempt passes when it reaches the pass mark. A question counts as « réussie » only
//! at full credit. « Recommencer seulement les erreurs » ([`Session::retry_errors`]) and
//! « Réviser mes erreurs » ([`Session::review`]) are practice: recorded, never a pass,
//! unless the quiz says `builds_on_last = true` (the retake then keeps the right
//! answers and counts). Which full attempt decides is the header's `grading`.
//!
//! # Pools
//!
//! With `draw = { per_objective = N }` each full attempt draws N questions per
//! objective ([`Session::new`]), the same ones for the same seed.
//!
//! # Shuffling
//!
//! Given a seed, question order and choice order are the same on every machine and in
//! every version ([`shuffle::SplitMix64`]). Ordering items are never shown already in
//! order, nor (when choices are shuffled) the right column of a matching question.

mod feedback;
mod french;
pub mod grade;
mod model;
mod session;
pub mod shuffle;
mod validate;

pub use crate::progress::{AttemptMode, Grading};
pub use feedback::UNASSIGNED;
pub use french::{percent, points};
pub use model::{Choice, Kind, Objective, Pair, Question, Quiz, See};
pub use session::{
    Answer, AnswerError, ChoiceFeedback, Current, Feedback, Missed, PairFeedback, REVIEW_SIZE,
    Results, Resumed, Session, SessionError, Shown, Verdict,
};
pub use shuffle::random_seed;
/// The typo suggestion `check` also uses for link anchors.
pub(crate) use validate::closest;
pub use validate::{Problem, SeeResolver, validate};
