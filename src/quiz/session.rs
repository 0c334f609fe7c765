//! One attempt at the quiz: the order questions and choices are shown in, the learner's
//! answers, their feedback, and the final results. Pure: no I/O and no clock (the date
//! of an attempt is passed in), so the TUI screen and `quiz --plain` share it.

use super::model::{Grading, Kind, Question, Quiz, See};
use super::shuffle::{SplitMix64, fnv1a};
use crate::progress::{
    AnswerRecord, AttemptMode, AttemptRecord, ObjectiveScore, SavedAnswer, SavedAttempt,
    SavedQuestion,
};

/// An answer in the terms the learner sees: 0-based positions in the shown order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Answer {
    /// The position of the picked choice.
    Single(usize),
    /// The positions of the ticked choices.
    Multiple(Vec<usize>),
    TrueFalse(bool),
    ShortText(String),
    /// Shown item positions, in the order the learner puts them.
    Ordering(Vec<usize>),
    /// For each left item (in order), the position of the right value given to it;
    /// `None` for a row left unassigned, which earns nothing.
    Matching(Vec<Option<usize>>),
}

/// Why an answer was not accepted. Nothing is recorded: the same question stays current.
/// Numbers are 1-based, as shown to the learner.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AnswerError {
    #[error("le quiz est terminé : il n'y a plus de question")]
    Finished,
    #[error("cette question attend {expected}")]
    WrongKind { expected: &'static str },
    #[error("{number} n'est pas un numéro proposé : choisissez entre 1 et {max}")]
    OutOfRange { number: usize, max: usize },
    #[error("le numéro {number} est donné deux fois : chaque numéro ne peut servir qu'une fois")]
    Duplicate { number: usize },
    #[error("il faut {expected} numéros, un par élément ; vous en avez donné {given}")]
    WrongCount { expected: usize, given: usize },
    #[error("réponse vide : donnez au moins une réponse")]
    Empty,
    #[error("choisissez d'abord une réponse")]
    NothingChosen,
}

/// Why a session could not be built.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SessionError {
    #[error(
        "aucune question à poser : les questions demandées n'existent plus dans le quiz, ou toutes ont déjà été réussies"
    )]
    NothingToAsk,
    #[error("aucune erreur à réviser : les questions manquées reviendront ici après une tentative")]
    NothingToReview,
}

/// How the shown options map to the bank: `order[shown position] = bank index`.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Layout {
    question: usize,
    order: Vec<usize>,
}

#[derive(Debug, Clone, PartialEq)]
struct Graded {
    question: usize,
    credit: f64,
    answer: String,
}

/// The state of one attempt.
#[derive(Debug, Clone, PartialEq)]
pub struct Session {
    quiz: Quiz,
    seed: u64,
    mode: AttemptMode,
    /// When the attempt started (RFC 3339), its identity in the progress store.
    started: String,
    asked: Vec<Layout>,
    graded: Vec<Graded>,
    /// Answers kept from the previous attempt (`builds_on_last`).
    carried: Vec<AnswerRecord>,
}

/// What resuming a saved attempt had to drop because the bank changed since.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Resumed {
    /// Questions whose content changed: their answers are dropped, they are asked again.
    pub changed: Vec<String>,
    /// Questions no longer in the bank: dropped, with their answers.
    pub removed: Vec<String>,
}

impl Resumed {
    /// A French sentence for the learner, `None` when nothing changed.
    pub fn message(&self) -> Option<String> {
        let mut parts = Vec::new();
        if !self.changed.is_empty() {
            parts.push(format!(
                "{} modifiée{} depuis le début de la tentative, réponse effacée et posée à nouveau : {}",
                count(self.changed.len(), "question"),
                plural(self.changed.len()),
                self.changed.join(", ")
            ));
        }
        if !self.removed.is_empty() {
            parts.push(format!(
                "{} retirée{} du quiz : {}",
                count(self.removed.len(), "question"),
                plural(self.removed.len()),
                self.removed.join(", ")
            ));
        }
        (!parts.is_empty()).then(|| parts.join(" ; "))
    }
}

fn count(n: usize, word: &str) -> String {
    format!("{n} {word}{}", plural(n))
}

fn plural(n: usize) -> &'static str {
    if n > 1 { "s" } else { "" }
}

/// Questions « Réviser mes erreurs » asks in one session.
pub const REVIEW_SIZE: usize = 10;

/// The current question, ready to show.
#[derive(Debug, Clone, PartialEq)]
pub struct Current<'s> {
    /// 1-based position in this attempt.
    pub number: usize,
    pub total: usize,
    pub question: &'s Question,
    pub objective_label: &'s str,
    pub shown: Shown<'s>,
}

/// What the learner picks from, in the shown order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Shown<'s> {
    /// single and multiple (`multiple` is true for the latter).
    Choices {
        texts: Vec<&'s str>,
        multiple: bool,
    },
    TrueFalse,
    ShortText,
    /// The items, shuffled.
    Ordering {
        items: Vec<&'s str>,
    },
    /// The left column in file order, the right one shuffled.
    Matching {
        left: Vec<&'s str>,
        right: Vec<&'s str>,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    Correct,
    Partial,
    Incorrect,
}

/// What to show after an answer.
#[derive(Debug, Clone, PartialEq)]
pub struct Feedback {
    pub question_id: String,
    pub verdict: Verdict,
    /// 0.0–1.0.
    pub credit: f64,
    /// single/multiple: every shown choice, in the shown order.
    pub choices: Vec<ChoiceFeedback>,
    /// matching: every left item with what was given and what was expected.
    pub pairs: Vec<PairFeedback>,
    /// true_false's feedback for the given answer; short_text's feedback when wrong.
    pub message: Option<String>,
    /// The correct answer, one line per element, with the shown numbers.
    pub solution: Vec<String>,
    /// Markdown.
    pub explanation: String,
    pub see: See,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChoiceFeedback {
    /// 1-based shown number.
    pub number: usize,
    pub text: String,
    pub feedback: Option<String>,
    pub correct: bool,
    pub selected: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PairFeedback {
    pub left: String,
    pub given: String,
    pub expected: String,
    pub correct: bool,
}

/// The outcome of an attempt.
#[derive(Debug, Clone, PartialEq)]
pub struct Results {
    /// 0–100.
    pub score_percent: f64,
    /// Sum of the credits.
    pub earned: f64,
    /// Number of questions counted.
    pub total: usize,
    pub pass_mark: u8,
    /// Practice and review never pass, whatever the score.
    pub passed: bool,
    pub mode: AttemptMode,
    pub grading: Grading,
    /// In the order of `[objectives]`, only those with counted questions.
    pub objectives: Vec<ObjectiveScore>,
    /// Questions not fully right, in the order they were asked.
    pub missed: Vec<Missed>,
    pub answers: Vec<AnswerRecord>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Missed {
    pub question_id: String,
    pub prompt: String,
    pub credit: f64,
    pub see: See,
}

/// Credits at least this close to 1 count as fully right (guards float sums).
const EPSILON: f64 = 1e-9;

impl Session {
    /// A full attempt: the whole bank, or a stratified draw of `per_objective`
    /// questions per objective, reproducible from `seed`.
    pub fn new(quiz: &Quiz, seed: u64) -> Session {
        let drawn = draw(quiz, seed);
        Session::build(quiz, seed, drawn, AttemptMode::Full, Vec::new())
    }

    /// Practice on the questions with these ids (unknown ids are ignored, as the bank
    /// may have changed). Its score counts only these questions and it never passes.
    pub fn with_questions(quiz: &Quiz, seed: u64, ids: &[String]) -> Result<Session, SessionError> {
        let picked: Vec<usize> = (0..quiz.questions.len())
            .filter(|&i| quiz.questions.get(i).is_some_and(|q| ids.contains(&q.id)))
            .collect();
        if picked.is_empty() {
            return Err(SessionError::NothingToAsk);
        }
        Ok(Session::build(
            quiz,
            seed,
            picked,
            AttemptMode::Practice,
            Vec::new(),
        ))
    }

    /// « Recommencer seulement les erreurs »: asks again what `previous` did not get
    /// fully right. Practice that never passes, unless the quiz says
    /// `builds_on_last = true`: then the right answers are kept and the attempt counts.
    pub fn retry_errors(
        quiz: &Quiz,
        seed: u64,
        previous: &AttemptRecord,
    ) -> Result<Session, SessionError> {
        let in_bank = |a: &&AnswerRecord| quiz.question(&a.question_id).is_some();
        let kept: Vec<AnswerRecord> = previous
            .answers
            .iter()
            .filter(|a| a.correct)
            .filter(in_bank)
            .cloned()
            .collect();
        let asked: Vec<usize> = previous
            .answers
            .iter()
            .filter(|a| !a.correct)
            .filter_map(|a| quiz.questions.iter().position(|q| q.id == a.question_id))
            .collect();
        if asked.is_empty() {
            return Err(SessionError::NothingToAsk);
        }
        Ok(if quiz.builds_on_last && previous.counts() {
            Session::build(quiz, seed, asked, AttemptMode::BuildsOnLast, kept)
        } else {
            Session::build(quiz, seed, asked, AttemptMode::Practice, Vec::new())
        })
    }

    /// « Réviser mes erreurs »: up to [`REVIEW_SIZE`] questions in the Leitner order
    /// given (ids not in the bank are skipped). Practice: it never passes.
    pub fn review(quiz: &Quiz, seed: u64, order: &[String]) -> Result<Session, SessionError> {
        let picked: Vec<usize> = order
            .iter()
            .filter_map(|id| quiz.questions.iter().position(|q| &q.id == id))
            .take(REVIEW_SIZE)
            .collect();
        if picked.is_empty() {
            return Err(SessionError::NothingToReview);
        }
        Ok(Session::build(
            quiz,
            seed,
            picked,
            AttemptMode::Review,
            Vec::new(),
        ))
    }

    /// Continues a saved attempt. Questions that left the bank are dropped; answers to
    /// questions whose content changed are dropped and the questions asked again; the
    /// rest is as it was (the seed gives the same choice order).
    pub fn resume(quiz: &Quiz, saved: &SavedAttempt) -> Result<(Session, Resumed), SessionError> {
        let mut resumed = Resumed::default();
        let index = |id: &str| quiz.questions.iter().position(|q| q.id == id);
        let mut pending: Vec<(usize, bool)> = Vec::new();
        for sq in &saved.questions {
            match index(&sq.id) {
                Some(i) => {
                    let same = quiz
                        .questions
                        .get(i)
                        .is_some_and(|q| q.fingerprint() == sq.fingerprint);
                    pending.push((i, same));
                }
                None => resumed.removed.push(sq.id.clone()),
            }
        }
        // Answered questions first, in the order answered, then the rest as drawn.
        let mut order: Vec<usize> = Vec::new();
        let mut graded: Vec<Graded> = Vec::new();
        for a in &saved.answers {
            let Some(&(i, same)) = pending.iter().find(|(i, _)| {
                quiz.questions
                    .get(*i)
                    .is_some_and(|q| q.id == a.question_id)
            }) else {
                continue;
            };
            if order.contains(&i) {
                continue;
            }
            if same {
                order.push(i);
                graded.push(Graded {
                    question: i,
                    credit: a.credit.clamp(0.0, 1.0),
                    answer: a.answer.clone(),
                });
            } else if let Some(q) = quiz.questions.get(i) {
                resumed.changed.push(q.id.clone());
            }
        }
        for (i, _) in &pending {
            if !order.contains(i) {
                order.push(*i);
            }
        }
        if order.is_empty() {
            return Err(SessionError::NothingToAsk);
        }
        let carried = saved
            .carried
            .iter()
            .filter(|a| quiz.question(&a.question_id).is_some())
            .cloned()
            .collect();
        let mut session = Session::build_in_order(quiz, saved.seed, order, saved.mode, carried);
        session.started = saved.started.clone();
        session.graded = graded;
        Ok((session, resumed))
    }

    /// The attempt as saved after each answer.
    pub fn saved(&self) -> SavedAttempt {
        SavedAttempt {
            started: self.started.clone(),
            seed: self.seed,
            mode: self.mode,
            questions: self
                .asked
                .iter()
                .filter_map(|l| self.quiz.questions.get(l.question))
                .map(|q| SavedQuestion {
                    id: q.id.clone(),
                    fingerprint: q.fingerprint(),
                })
                .collect(),
            answers: self
                .graded
                .iter()
                .filter_map(|g| {
                    Some(SavedAnswer {
                        question_id: self.quiz.questions.get(g.question)?.id.clone(),
                        answer: g.answer.clone(),
                        credit: g.credit,
                    })
                })
                .collect(),
            carried: self.carried.clone(),
            // The pure session knows no process: the command that saves it says whose.
            owner: None,
        }
    }

    /// Sets when the attempt started (RFC 3339), as saved.
    pub fn set_started(&mut self, date: String) {
        self.started = date;
    }

    pub fn started(&self) -> &str {
        &self.started
    }

    pub fn mode(&self) -> AttemptMode {
        self.mode
    }

    fn build(
        quiz: &Quiz,
        seed: u64,
        mut questions: Vec<usize>,
        mode: AttemptMode,
        carried: Vec<AnswerRecord>,
    ) -> Session {
        if quiz.shuffle_questions && mode != AttemptMode::Review {
            SplitMix64::new(seed).shuffle(&mut questions);
        }
        Session::build_in_order(quiz, seed, questions, mode, carried)
    }

    fn build_in_order(
        quiz: &Quiz,
        seed: u64,
        questions: Vec<usize>,
        mode: AttemptMode,
        carried: Vec<AnswerRecord>,
    ) -> Session {
        let asked = questions
            .into_iter()
            .filter_map(|i| {
                let q = quiz.questions.get(i)?;
                let mut rng = SplitMix64::for_question(seed, &q.id);
                let order = match &q.kind {
                    Kind::Single { choices, .. } | Kind::Multiple { choices, .. } => {
                        if quiz.shuffle_choices {
                            rng.permutation(choices.len())
                        } else {
                            (0..choices.len()).collect()
                        }
                    }
                    Kind::Ordering { items } => rng.permutation_not_identity(items.len()),
                    Kind::Matching { pairs } => {
                        if quiz.shuffle_choices {
                            rng.permutation_not_identity(pairs.len())
                        } else {
                            (0..pairs.len()).collect()
                        }
                    }
                    Kind::TrueFalse { .. } | Kind::ShortText { .. } => Vec::new(),
                };
                Some(Layout { question: i, order })
            })
            .collect();
        Session {
            quiz: quiz.clone(),
            seed,
            mode,
            started: String::new(),
            asked,
            graded: Vec::new(),
            carried,
        }
    }

    pub fn quiz(&self) -> &Quiz {
        &self.quiz
    }

    pub fn seed(&self) -> u64 {
        self.seed
    }

    /// True when only some questions are asked (a retry of the errors, a review).
    pub fn only_errors(&self) -> bool {
        self.mode != AttemptMode::Full
    }

    /// Number of questions asked in this attempt.
    pub fn len(&self) -> usize {
        self.asked.len()
    }

    pub fn is_empty(&self) -> bool {
        self.asked.is_empty()
    }

    /// Number of questions answered so far.
    pub fn answered(&self) -> usize {
        self.graded.len()
    }

    pub fn is_finished(&self) -> bool {
        self.graded.len() >= self.asked.len()
    }

    /// The question to answer now, or `None` once every question is answered.
    pub fn current(&self) -> Option<Current<'_>> {
        let layout = self.asked.get(self.graded.len())?;
        let question = self.quiz.questions.get(layout.question)?;
        let shown = shown(question, &layout.order);
        let objective_label = self
            .quiz
            .objective(&question.objective)
            .map_or(question.objective.as_str(), |o| o.label.as_str());
        Some(Current {
            number: self.graded.len() + 1,
            total: self.asked.len(),
            question,
            objective_label,
            shown,
        })
    }

    /// Grades an answer to the current question and moves on. A malformed answer is
    /// refused with the reason and changes nothing.
    pub fn answer(&mut self, answer: Answer) -> Result<Feedback, AnswerError> {
        let layout = self
            .asked
            .get(self.graded.len())
            .ok_or(AnswerError::Finished)?;
        let question = self
            .quiz
            .questions
            .get(layout.question)
            .ok_or(AnswerError::Finished)?;
        let (feedback, readable) = super::feedback::grade(question, &layout.order, answer)?;
        self.graded.push(Graded {
            question: layout.question,
            credit: feedback.credit,
            answer: readable,
        });
        Ok(feedback)
    }

    /// The results of the answers given so far (plus those carried over).
    pub fn results(&self) -> Results {
        let mut answers: Vec<AnswerRecord> = self.carried.clone();
        let mut missed = Vec::new();
        for g in &self.graded {
            let Some(q) = self.quiz.questions.get(g.question) else {
                continue;
            };
            let correct = g.credit >= 1.0 - EPSILON;
            if !correct {
                missed.push(Missed {
                    question_id: q.id.clone(),
                    prompt: q.prompt.clone(),
                    credit: g.credit,
                    see: q.see.clone(),
                });
            }
            answers.push(AnswerRecord {
                question_id: q.id.clone(),
                answer: g.answer.clone(),
                credit: g.credit,
                correct,
                ..AnswerRecord::default()
            });
        }
        let objective_of = |id: &str| self.quiz.question(id).map(|q| q.objective.as_str());
        let objectives: Vec<ObjectiveScore> = self
            .quiz
            .objectives
            .iter()
            .filter_map(|o| {
                let mine = answers
                    .iter()
                    .filter(|a| objective_of(&a.question_id) == Some(o.id.as_str()));
                let (earned, total) = mine.fold((0.0, 0.0), |(e, t), a| (e + a.credit, t + 1.0));
                (total > 0.0).then(|| ObjectiveScore {
                    id: o.id.clone(),
                    label: o.label.clone(),
                    earned,
                    total,
                    ..ObjectiveScore::default()
                })
            })
            .collect();
        let earned: f64 = answers.iter().map(|a| a.credit).sum();
        let total = answers.len();
        let score_percent = if total == 0 {
            0.0
        } else {
            earned * 100.0 / total as f64
        };
        Results {
            score_percent,
            earned,
            total,
            pass_mark: self.quiz.pass_mark,
            mode: self.mode,
            grading: self.quiz.grading,
            passed: self.mode.counts()
                && total > 0
                && score_percent + EPSILON >= f64::from(self.quiz.pass_mark),
            objectives,
            missed,
            answers,
        }
    }

    /// The attempt as saved in the progress store. `date` is RFC 3339 UTC
    /// (`progress::rfc3339_utc(progress::now_unix())`).
    pub fn record(&self, date: String) -> AttemptRecord {
        let r = self.results();
        AttemptRecord {
            date,
            seed: self.seed,
            only_errors: self.mode == AttemptMode::Practice,
            mode: self.mode,
            grading: self.quiz.grading,
            carried: self.carried.len(),
            course_title: String::new(),
            course_version: String::new(),
            score_percent: r.score_percent,
            pass_mark: r.pass_mark,
            passed: r.passed,
            objectives: r.objectives,
            answers: r.answers,
            ..AttemptRecord::default()
        }
    }
}

/// The stratified draw of a full attempt: for each objective, `per_objective` of its
/// questions picked by a generator of its own (so one objective's bank growing does not
/// change what the others draw), in bank order; the whole bank without a `draw`.
fn draw(quiz: &Quiz, seed: u64) -> Vec<usize> {
    let Some(per_objective) = quiz.per_objective else {
        return (0..quiz.questions.len()).collect();
    };
    let mut picked = Vec::new();
    for o in &quiz.objectives {
        let mut pool: Vec<usize> = (0..quiz.questions.len())
            .filter(|&i| quiz.questions.get(i).is_some_and(|q| q.objective == o.id))
            .collect();
        let key = format!("draw:{}", o.id);
        SplitMix64::new(seed ^ fnv1a(key.as_bytes())).shuffle(&mut pool);
        pool.truncate(per_objective);
        picked.extend(pool);
    }
    picked.sort_unstable();
    picked
}

fn shown<'q>(question: &'q Question, order: &[usize]) -> Shown<'q> {
    let pick = |texts: Vec<&'q str>| -> Vec<&'q str> {
        order
            .iter()
            .filter_map(|&i| texts.get(i).copied())
            .collect()
    };
    match &question.kind {
        Kind::Single { choices, .. } | Kind::Multiple { choices, .. } => Shown::Choices {
            texts: pick(choices.iter().map(|c| c.text.as_str()).collect()),
            multiple: matches!(question.kind, Kind::Multiple { .. }),
        },
        Kind::TrueFalse { .. } => Shown::TrueFalse,
        Kind::ShortText { .. } => Shown::ShortText,
        Kind::Ordering { items } => Shown::Ordering {
            items: pick(items.iter().map(String::as_str).collect()),
        },
        Kind::Matching { pairs } => Shown::Matching {
            left: pairs.iter().map(|p| p.left.as_str()).collect(),
            right: pick(pairs.iter().map(|p| p.right.as_str()).collect()),
        },
    }
}

/// The verdict for a credit: « réussie » only at full credit.
pub(super) fn verdict(credit: f64) -> Verdict {
    if credit >= 1.0 - EPSILON {
        Verdict::Correct
    } else if credit > EPSILON {
        Verdict::Partial
    } else {
        Verdict::Incorrect
    }
}

#[cfg(test)]
#[path = "session_tests.rs"]
mod tests;

#[cfg(test)]
#[path = "attempt_tests.rs"]
mod attempt_tests;
