//! The quiz's part of the saved progress: the attempt in progress (saved answer by
//! answer, so a quit, a crash or Ctrl-C loses nothing), the grading method that decides
//! which full attempt counts, what « Cours terminé » needs, and the Leitner boxes of
//! « Réviser mes erreurs ». Every mutation is a `Progress` method, so that callers pass
//! it to the store as one closure.

use serde::{Deserialize, Serialize};

use super::{AttemptRecord, Progress};

/// Which full attempt decides the quiz (`grading` in the quiz header).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Grading {
    /// The best full attempt (Moodle's « Note la plus haute »).
    #[default]
    Best,
    /// The most recent full attempt.
    Last,
    /// The first full attempt only.
    First,
}

impl Grading {
    /// The value written in the quiz header.
    pub fn name(self) -> &'static str {
        match self {
            Grading::Best => "best",
            Grading::Last => "last",
            Grading::First => "first",
        }
    }

    pub fn parse(s: &str) -> Option<Grading> {
        match s {
            "best" => Some(Grading::Best),
            "last" => Some(Grading::Last),
            "first" => Some(Grading::First),
            _ => None,
        }
    }

    /// « meilleure tentative complète », shown on the results screens.
    pub fn label(self) -> &'static str {
        match self {
            Grading::Best => "meilleure tentative complète",
            Grading::Last => "dernière tentative complète",
            Grading::First => "première tentative complète",
        }
    }
}

/// What kind of attempt a session is.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AttemptMode {
    /// A fresh draw over the bank: the only kind that can pass.
    #[default]
    Full,
    /// « Recommencer seulement les erreurs » with `builds_on_last = true`: the right
    /// answers of the last full attempt are kept, the rest asked again, and it counts.
    BuildsOnLast,
    /// « Recommencer seulement les erreurs »: practice, never a pass.
    Practice,
    /// « Réviser mes erreurs » (Leitner boxes): practice, never a pass.
    Review,
}

impl AttemptMode {
    /// True when the attempt can decide the quiz.
    pub fn counts(self) -> bool {
        matches!(self, AttemptMode::Full | AttemptMode::BuildsOnLast)
    }

    /// « complet », « entraînement »…: the mode column of `results`.
    pub fn label(self) -> &'static str {
        match self {
            AttemptMode::Full => "complet",
            AttemptMode::BuildsOnLast => "sur la précédente",
            AttemptMode::Practice => "entraînement (erreurs)",
            AttemptMode::Review => "révision",
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            AttemptMode::Full => "full",
            AttemptMode::BuildsOnLast => "builds_on_last",
            AttemptMode::Practice => "practice",
            AttemptMode::Review => "review",
        }
    }
}

/// An attempt not finished yet, as saved after each answer.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct SavedAttempt {
    /// UTC date the attempt started, RFC 3339.
    pub started: String,
    pub seed: u64,
    pub mode: AttemptMode,
    /// The questions drawn, in the order they are asked.
    pub questions: Vec<SavedQuestion>,
    /// The answers given so far, in the order given.
    pub answers: Vec<SavedAnswer>,
    /// Answers carried from the last attempt (`builds_on_last`).
    pub carried: Vec<super::AnswerRecord>,
    /// The process taking the attempt (its pid), as saved by it; absent in older files.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub owner: Option<u32>,
}

/// A drawn question, with a fingerprint of its content to notice a changed bank.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct SavedQuestion {
    pub id: String,
    pub fingerprint: u64,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct SavedAnswer {
    pub question_id: String,
    /// Readable form, as in [`super::AnswerRecord`].
    pub answer: String,
    pub credit: f64,
}

impl SavedAttempt {
    /// (answers given, questions drawn), for « Reprendre la tentative (17/24) ».
    pub fn position(&self) -> (usize, usize) {
        (self.answers.len(), self.questions.len())
    }

    /// Whether another process, still running, is taking this attempt. It is then not
    /// offered for resuming: two `quiz --plain` at once on one data folder each take
    /// their own attempt, and both are recorded. An attempt whose process is gone (killed)
    /// resumes as before.
    pub fn held_by_another_process(&self) -> bool {
        let Some(owner) = self.owner.filter(|pid| *pid != std::process::id()) else {
            return false;
        };
        let Some(pid) = i32::try_from(owner)
            .ok()
            .and_then(rustix::process::Pid::from_raw)
        else {
            return false;
        };
        match rustix::process::test_kill_process(pid) {
            Ok(()) => true,
            // Alive, under another user.
            Err(err) => err == rustix::io::Errno::PERM,
        }
    }
}

/// A question's Leitner box: missed questions enter box 1; a right answer moves the card
/// up one box, a wrong one back to box 1; a right answer in the last box retires it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct LeitnerCard {
    /// 1 ..= [`LEITNER_BOXES`].
    pub level: u8,
    /// The review session from which the card is due again.
    pub due: u32,
}

/// Box `n` comes back every 2^(n−1) review sessions.
pub const LEITNER_BOXES: u8 = 5;

/// What is still missing before « Cours terminé ».
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Completion {
    /// Ids of the modules not read to the end, in course order.
    pub unread: Vec<String>,
    pub quiz_passed: bool,
}

impl Completion {
    pub fn complete(&self) -> bool {
        self.unread.is_empty() && self.quiz_passed
    }
}

impl Progress {
    /// The full attempt that decides the quiz under `grading` (the one of the latest
    /// attempt, which records the quiz header of its time).
    pub fn graded_attempt(&self) -> Option<&AttemptRecord> {
        let grading = self.attempts.last().map(|a| a.grading).unwrap_or_default();
        let mut full = self.attempts.iter().filter(|a| a.counts());
        match grading {
            Grading::First => full.next(),
            Grading::Last => full.next_back(),
            Grading::Best => full.reduce(|best, a| {
                if a.score_percent > best.score_percent {
                    a
                } else {
                    best
                }
            }),
        }
    }

    /// True when the attempt chosen by the grading method passed. Practice and review
    /// sessions never count.
    pub fn quiz_passed(&self) -> bool {
        self.graded_attempt().is_some_and(|a| a.passed)
    }

    /// What « Cours terminé » still needs, for the course's `modules` (ids in order).
    pub fn completion<'a>(&self, modules: impl IntoIterator<Item = &'a str>) -> Completion {
        Completion {
            unread: modules
                .into_iter()
                .filter(|id| !self.modules.get(*id).is_some_and(|m| m.read))
                .map(str::to_string)
                .collect(),
            quiz_passed: self.quiz_passed(),
        }
    }

    /// Starts (or replaces) the attempt in progress.
    pub fn begin_attempt(&mut self, attempt: SavedAttempt) {
        self.quiz_in_progress = Some(Box::new(attempt));
    }

    /// Saves one answer of the attempt in progress that started at `started`; an
    /// answer to a question already answered, or to another attempt, changes nothing.
    pub fn save_answer(&mut self, started: &str, answer: SavedAnswer) {
        let Some(attempt) = self.quiz_in_progress.as_mut() else {
            return;
        };
        if attempt.started != started
            || attempt
                .answers
                .iter()
                .any(|a| a.question_id == answer.question_id)
        {
            return;
        }
        attempt.answers.push(answer);
    }

    /// Records a finished attempt: it joins the history, the attempt in progress is
    /// cleared, and the Leitner boxes learn from each answer.
    pub fn finish_attempt(&mut self, record: AttemptRecord) {
        if self
            .quiz_in_progress
            .as_ref()
            .is_some_and(|a| a.seed == record.seed && a.mode == record.mode)
        {
            self.quiz_in_progress = None;
        }
        let carried = record.carried;
        for (i, a) in record.answers.iter().enumerate() {
            // Carried answers were given in an earlier attempt: already counted.
            if i < carried {
                continue;
            }
            self.leitner_answer(&a.question_id, a.correct, record.mode);
        }
        if record.mode == AttemptMode::Review {
            self.review_sessions = self.review_sessions.saturating_add(1);
        }
        self.attempts.push(record);
    }

    /// Drops the attempt in progress (the learner confirmed abandoning it).
    pub fn abandon_attempt(&mut self) {
        self.quiz_in_progress = None;
    }

    fn leitner_answer(&mut self, id: &str, correct: bool, mode: AttemptMode) {
        let session = self.review_sessions;
        match (self.leitner.get_mut(id), correct) {
            (None, true) => {}
            (None, false) => {
                self.leitner.insert(
                    id.to_string(),
                    LeitnerCard {
                        level: 1,
                        due: session,
                    },
                );
            }
            (Some(card), false) => {
                card.level = 1;
                card.due = session + 1;
            }
            (Some(card), true) => {
                // Outside a review, a right answer only proves the card is not lost.
                if mode != AttemptMode::Review {
                    return;
                }
                if card.level >= LEITNER_BOXES {
                    self.leitner.remove(id);
                } else {
                    card.level += 1;
                    card.due = session + (1u32 << (card.level - 1));
                }
            }
        }
    }

    /// The questions « Réviser mes erreurs » brings back, most urgent first: those due
    /// by now in box order (lowest box first), then the others by due session.
    pub fn review_order(&self) -> Vec<String> {
        let mut cards: Vec<(&String, &LeitnerCard)> = self.leitner.iter().collect();
        let now = self.review_sessions;
        cards.sort_by_key(|(id, c)| (c.due > now, c.due.max(now), c.level, (*id).clone()));
        cards.into_iter().map(|(id, _)| id.clone()).collect()
    }
}
