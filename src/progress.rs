//! The learner's saved progress: reading position and read state per module, ticked
//! exercises, and every quiz attempt.
//!
//! Every change is a closure over [`Progress`] (one of its methods) handed to
//! [`Store::update`], which locks, reloads, applies and writes atomically, so several
//! processes on one data folder merge instead of overwriting each other (`store.rs`).
//! Fields this version does not know are kept (`other`) and written back unchanged. It
//! does no terminal I/O.

mod claim;
mod lab;
mod store;

pub use crate::files::write_atomically;
pub use claim::{AttemptClaim, CLAIM_NAME};
pub use lab::{LabProgress, LabRun, Labs};
pub use store::{LOCK_NAME, Loaded, MAX_FILE_SIZE, Store, StoreError};

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};

mod quiz_data;
pub use quiz_data::{
    AttemptMode, Completion, Grading, LEITNER_BOXES, LeitnerCard, SavedAnswer, SavedAttempt,
    SavedQuestion,
};

/// File name inside the data directory.
pub const FILE_NAME: &str = "progress.json";
/// Bumped when the JSON layout changes incompatibly.
pub const FORMAT_VERSION: u32 = 1;

/// Fields a file holds that this version does not know, by name.
pub type Unknown = BTreeMap<String, serde_json::Value>;

/// Everything remembered between sessions.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Progress {
    pub version: u32,
    /// Per module id.
    pub modules: BTreeMap<String, ModuleProgress>,
    /// The module the learner was last reading, for « Continuer ».
    pub last_module: Option<String>,
    /// Ids of the optional exercises ticked off.
    pub exercises_done: BTreeSet<String>,
    /// Quiz attempts, oldest first.
    pub attempts: Vec<AttemptRecord>,
    /// The quiz attempt not finished yet, saved answer by answer.
    pub quiz_in_progress: Option<Box<SavedAttempt>>,
    /// « Réviser mes erreurs »: a Leitner card per missed question id.
    pub leitner: BTreeMap<String, LeitnerCard>,
    /// Review sessions finished, the Leitner clock.
    pub review_sessions: u32,
    /// The learner's name for instructor exports, asked once by the interface.
    pub learner: Option<String>,
    /// The Labo screen's settings and last report, by course title (`lab.rs`).
    pub labs: Labs,
    /// Exercises ticked by the lab rather than by hand (« validé par le labo »).
    pub lab_validated: BTreeSet<String>,
    /// Hints revealed by `lab` (`h`, `lab hint N`), by exercise id.
    pub lab_hints: BTreeMap<String, usize>,
    /// Fields of a later version of this program, kept and written back unchanged.
    #[serde(flatten)]
    pub other: Unknown,
}

/// Reading state of one module.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ModuleProgress {
    /// Top visible line in the reader, in rendered lines at `width`.
    pub scroll: usize,
    /// The width `scroll` was measured at; another width rescales it proportionally.
    pub width: u16,
    /// Total rendered lines at `width`, for the proportional rescale and the percentage.
    pub total_lines: usize,
    /// True once the end of the module has been reached.
    pub read: bool,
    /// The furthest top line reached, at the same `width` and `total_lines` as `scroll`:
    /// the percentage shown. `scroll` is only where reading resumes, so going back (a
    /// review jump, `g`) never lowers it. Files written before it existed have only
    /// `scroll`, which then counts as both.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub furthest: Option<usize>,
    /// The exercise hints and solutions (`<details>` folds, by `section-slug/summary`)
    /// the learner has unfolded; the others stay folded.
    #[serde(skip_serializing_if = "BTreeSet::is_empty")]
    pub hints_open: BTreeSet<String>,
    /// Fields of a later version of this program, kept and written back unchanged.
    #[serde(flatten)]
    pub other: Unknown,
}

impl ModuleProgress {
    /// Fraction of the module seen so far, 0.0–1.0.
    pub fn fraction(&self) -> f64 {
        if self.read {
            1.0
        } else if self.total_lines == 0 {
            0.0
        } else {
            (self.furthest_line() as f64 / self.total_lines as f64).clamp(0.0, 1.0)
        }
    }

    /// The furthest top line reached (the old `scroll` for files that predate it).
    pub fn furthest_line(&self) -> usize {
        self.furthest.unwrap_or(self.scroll).max(self.scroll)
    }
}

impl ModuleProgress {
    /// The saved scroll translated to a rendering at `total_lines` lines: the same line
    /// when the width is unchanged, the same proportion of the module otherwise.
    pub fn scroll_at(&self, width: u16, total_lines: usize) -> usize {
        self.line_at(self.scroll, width, total_lines)
    }

    /// [`furthest_line`](Self::furthest_line) translated like [`scroll_at`](Self::scroll_at).
    pub fn furthest_at(&self, width: u16, total_lines: usize) -> usize {
        self.line_at(self.furthest_line(), width, total_lines)
    }

    fn line_at(&self, line: usize, width: u16, total_lines: usize) -> usize {
        let line = if width == self.width || self.total_lines == 0 {
            line
        } else {
            rescale(line, self.total_lines, total_lines)
        };
        line.min(total_lines.saturating_sub(1))
    }
}

/// Maps line `line` of a `from`-line rendering to the matching line of a `to`-line one.
pub fn rescale(line: usize, from: usize, to: usize) -> usize {
    if from == 0 {
        return 0;
    }
    let scaled = (line as u128 * to as u128 + from as u128 / 2) / from as u128;
    usize::try_from(scaled).unwrap_or(usize::MAX)
}

/// One completed quiz attempt.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct AttemptRecord {
    /// UTC date and time, RFC 3339 (`2026-11-28T18:07:48Z`).
    pub date: String,
    pub seed: u64,
    /// True when only the previously missed questions were asked (older files: such an
    /// attempt never counts, whatever its mode says).
    pub only_errors: bool,
    pub mode: AttemptMode,
    /// The quiz header's grading method at the time.
    pub grading: Grading,
    /// The first `carried` answers come from the previous attempt (`builds_on_last`).
    pub carried: usize,
    pub course_title: String,
    pub course_version: String,
    pub score_percent: f64,
    pub pass_mark: u8,
    pub passed: bool,
    pub objectives: Vec<ObjectiveScore>,
    pub answers: Vec<AnswerRecord>,
    /// Fields of a later version of this program, kept and written back unchanged.
    #[serde(flatten)]
    pub other: Unknown,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ObjectiveScore {
    pub id: String,
    pub label: String,
    /// Points earned (partial credit allowed) out of `total`.
    pub earned: f64,
    pub total: f64,
    /// Fields of a later version of this program, kept and written back unchanged.
    #[serde(flatten)]
    pub other: Unknown,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct AnswerRecord {
    pub question_id: String,
    /// The answer as the learner gave it, in readable form.
    pub answer: String,
    /// 0.0–1.0.
    pub credit: f64,
    pub correct: bool,
    /// Fields of a later version of this program, kept and written back unchanged.
    #[serde(flatten)]
    pub other: Unknown,
}

impl AttemptRecord {
    /// True when this attempt can decide the quiz: a full attempt (or one that builds
    /// on the last), never practice.
    pub fn counts(&self) -> bool {
        self.mode.counts() && !self.only_errors
    }
}

impl Progress {
    /// Records the reader position in module `id`. `viewport` is the number of visible
    /// lines: once `scroll + viewport` reaches the end the module counts as read.
    /// Returns true when this call marked the module read for the first time.
    pub fn record_position(
        &mut self,
        id: &str,
        scroll: usize,
        width: u16,
        total_lines: usize,
        viewport: usize,
    ) -> bool {
        let entry = self.modules.entry(id.to_string()).or_default();
        // The furthest line, carried over to this rendering's line count first.
        let before = if entry.total_lines == total_lines || entry.total_lines == 0 {
            entry.furthest_line()
        } else {
            rescale(entry.furthest_line(), entry.total_lines, total_lines)
        };
        entry.furthest = Some(before.max(scroll));
        entry.scroll = scroll;
        entry.width = width;
        entry.total_lines = total_lines;
        let reached_end = scroll.saturating_add(viewport) >= total_lines;
        let newly_read = reached_end && !entry.read;
        entry.read |= reached_end;
        newly_read
    }

    /// Ticks (`done`) or unticks an optional exercise. An explicit state, not a toggle:
    /// replayed on a file another process changed, it still means what the learner saw.
    pub fn set_exercise(&mut self, id: &str, done: bool) {
        if done {
            self.exercises_done.insert(id.to_string());
        } else {
            self.exercises_done.remove(id);
        }
    }

    /// Unfolds (`open`) or folds the hint `key` of module `id`. An explicit state, not a
    /// toggle, for the same reason as [`Progress::set_exercise`].
    pub fn set_hint(&mut self, id: &str, key: &str, open: bool) {
        let hints = &mut self.modules.entry(id.to_string()).or_default().hints_open;
        if open {
            hints.insert(key.to_string());
        } else {
            hints.remove(key);
        }
    }

    /// Remembers `id` as the module to resume with « Continuer ».
    pub fn set_last_module(&mut self, id: &str) {
        self.last_module = Some(id.to_string());
    }

    /// Appends a finished quiz attempt.
    pub fn add_attempt(&mut self, attempt: AttemptRecord) {
        self.attempts.push(attempt);
    }

    /// The best score of a full attempt so far, if any.
    pub fn best_score(&self) -> Option<f64> {
        self.attempts
            .iter()
            .filter(|a| a.counts())
            .map(|a| a.score_percent)
            .reduce(f64::max)
    }
}

/// Formats a Unix time as RFC 3339 UTC without pulling in a date crate.
pub fn rfc3339_utc(unix: i64) -> String {
    let days = unix.div_euclid(86_400);
    let secs = unix.rem_euclid(86_400);
    let (year, month, day) = civil_from_days(days);
    format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}Z",
        secs / 3600,
        secs / 60 % 60,
        secs % 60
    )
}

/// Days since 1970-01-01 to a proleptic Gregorian `(year, month, day)` (Howard Hinnant's
/// algorithm).
pub(crate) fn civil_from_days(days: i64) -> (i64, i64, i64) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y, m, d)
}

/// The current Unix time in seconds.
pub fn now_unix() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX))
}

#[cfg(test)]
#[path = "progress_tests.rs"]
mod tests;
