//! The app's side of the quiz: starting an attempt, carrying out the effects of the
//! quiz and results screens (saving the attempt, opening a section and coming back),
//! kept apart from `app.rs`'s routing.

use std::sync::Arc;

use super::{App, Screen};
use crate::progress;
use crate::quiz::{Resumed, See, Session, SessionError};
use crate::tui::action::Action;
use crate::tui::keymap::{Binding, Mode};
use crate::tui::layout;
use crate::tui::quiz::{self, Bank, QuizAction, QuizState, ResultsState, results};

impl App {
    /// The quiz screen's keyboard mode, when it is shown.
    pub(super) fn quiz_mode(&self) -> Option<Mode> {
        match (self.screen, &self.quiz) {
            (Screen::Quiz, Some(q)) => Some(q.mode()),
            _ => None,
        }
    }

    /// Shows the attempt open in this session, else resumes the one saved in the
    /// progress, else starts one with a fresh seed.
    pub fn open_quiz(&mut self) {
        self.return_to = None;
        if self.quiz.is_some() {
            self.screen = Screen::Quiz;
            return;
        }
        if self.progress.quiz_in_progress.is_some() && self.claim_slot() {
            self.resume_quiz();
            return;
        }
        let seed = (self.seed_source)();
        self.start_quiz(seed);
    }

    /// Takes the attempt slot for this process if it can; `false` when another live
    /// process runs the attempt saved in the progress.
    fn claim_slot(&mut self) -> bool {
        let Some(store) = &self.store else {
            return true;
        };
        if self.attempt_claim.is_none() {
            self.attempt_claim = store.claim_attempt();
            if self.attempt_claim.is_some() {
                // The slot is ours from now on: what another run left there (or
                // finished and cleared since this session loaded) is read afresh.
                let fresh = store.load();
                if fresh.blocked.is_none() {
                    self.progress.quiz_in_progress = fresh.progress.quiz_in_progress;
                }
            }
        }
        self.attempt_claim.is_some()
    }

    /// (answers given, questions) of the attempt open here or saved in the progress.
    pub(super) fn quiz_position(&self) -> Option<(usize, usize)> {
        match &self.quiz {
            Some(q) => Some((q.session.answered(), q.session.len())),
            None => self
                .progress
                .quiz_in_progress
                .as_ref()
                .map(|a| a.position()),
        }
    }

    /// `webhook-tutor quiz`: resumes the attempt in progress, else starts one with `seed`.
    pub fn open_quiz_seeded(&mut self, seed: u64) {
        if self.progress.quiz_in_progress.is_some() && self.claim_slot() {
            self.open_quiz();
        } else {
            self.start_quiz(seed);
        }
    }

    /// Starts a new full attempt with `seed` (a fresh draw when the quiz has pools).
    pub fn start_quiz(&mut self, seed: u64) {
        let Some(bank) = self.load_bank() else { return };
        let session = Session::new(&bank.quiz, seed);
        self.begin(bank, Ok(session));
        if let Some(blocked) = &self.save_blocked {
            // Said before the first question, not after the last.
            self.status.notice = Some(format!(
                "attention : cette tentative ne pourra pas être enregistrée ; {blocked}"
            ));
        }
    }

    /// Continues the attempt saved in the progress, saying what a changed bank dropped.
    fn resume_quiz(&mut self) {
        let Some(saved) = self.progress.quiz_in_progress.clone() else {
            return;
        };
        let Some(bank) = self.load_bank() else { return };
        // Only called with the slot claimed: this attempt is ours to save.
        self.attempt_detached = false;
        match Session::resume(&bank.quiz, &saved) {
            Ok((session, resumed)) => {
                let (done, total) = (session.answered(), session.len());
                self.show(bank, session);
                self.status.notice = Some(match resumed.message() {
                    Some(changed) => format!("tentative reprise ({done}/{total}) : {changed}"),
                    None => format!("tentative reprise ({done}/{total})"),
                });
                if resumed != Resumed::default() {
                    self.save_attempt();
                }
            }
            Err(err) => {
                self.change_progress(|p| p.abandon_attempt());
                self.status.notice = Some(format!(
                    "la tentative en cours ne peut pas reprendre ({err}) : elle est effacée, Entrée sur le quiz en commence une autre"
                ));
            }
        }
    }

    fn load_bank(&mut self) -> Option<Arc<Bank>> {
        match self.course.load_quiz() {
            Ok((quiz, sections)) => Some(Arc::new(Bank { quiz, sections })),
            Err(problems) => {
                let n = problems.len();
                self.status.notice = Some(format!(
                    "le quiz contient {n} problème{} : lancez « {} » pour les voir",
                    if n > 1 { "s" } else { "" },
                    self.course.origin.check_command()
                ));
                None
            }
        }
    }

    /// Shows a new session and saves it as the attempt in progress.
    fn begin(&mut self, bank: Arc<Bank>, session: Result<Session, SessionError>) {
        let mut session = match session {
            Ok(session) => session,
            Err(err) => {
                self.status.notice = Some(err.to_string());
                return;
            }
        };
        session.set_started(progress::rfc3339_utc(progress::now_unix()));
        self.attempt_detached = !self.claim_slot();
        if self.show(bank, session) {
            self.save_attempt();
        }
        if self.attempt_detached {
            self.status.notice = Some(
                "une autre tentative est en cours dans un autre processus : celle-ci sera enregistrée à la fin seulement".into(),
            );
        }
    }

    fn show(&mut self, bank: Arc<Bank>, session: Session) -> bool {
        let (width, viewport) = self.quiz_geometry();
        match QuizState::new(bank, session, (self.theme, self.md_theme), width, viewport) {
            Some(mut state) => {
                if self.ask_learner && self.progress.learner.is_none() {
                    state.ask_name();
                }
                self.quiz = Some(state);
                self.screen = Screen::Quiz;
                self.return_to = None;
                true
            }
            None => {
                self.status.notice = Some(SessionError::NothingToAsk.to_string());
                false
            }
        }
    }

    /// Saves the attempt on screen, answers so far included, as the one in progress.
    fn save_attempt(&mut self) {
        if self.attempt_detached {
            return;
        }
        let Some(saved) = self.quiz.as_ref().map(|q| q.session.saved()) else {
            return;
        };
        self.change_progress(|p| p.begin_attempt(saved.clone()));
    }

    /// The footer's label for a binding: only the quiz keys that apply to the question
    /// on screen, and « retour au quiz » for `q` in a section opened from the quiz.
    pub(super) fn footer_label(&self, b: &Binding) -> Option<&'static str> {
        let label = b.footer?;
        match (self.screen, &self.quiz, self.return_to) {
            (Screen::Quiz, Some(q), _)
                if q.name.is_some() && b.action == Action::Quiz(QuizAction::Leave) =>
            {
                Some("passer")
            }
            (Screen::Quiz, Some(q), _) if !q.applies(&b.action) => None,
            (Screen::Quiz, Some(q), _) if q.relabel(&b.action).is_some() => q.relabel(&b.action),
            (Screen::Reader, _, Some(Screen::Quiz)) if b.action == Action::GoHome => {
                Some("retour au quiz")
            }
            (Screen::Reader, _, Some(Screen::Results)) if b.action == Action::GoHome => {
                Some("retour aux résultats")
            }
            (Screen::Reader, _, Some(Screen::Labo)) if b.action == Action::GoHome => {
                Some("retour au labo")
            }
            _ => Some(label),
        }
    }

    /// Text width and visible content lines of the quiz screen at the current size.
    pub(super) fn quiz_geometry(&self) -> (u16, usize) {
        let body = layout::areas(self.area).body;
        let width = layout::text_column(body).width.max(layout::MIN_WIDTH);
        let viewport = body.height.saturating_sub(quiz::HEADER_LINES);
        (width, usize::from(viewport).max(1))
    }

    pub(super) fn resize_quiz(&mut self) {
        let (width, viewport) = self.quiz_geometry();
        if let Some(q) = &mut self.quiz {
            q.set_geometry(width, viewport);
        }
    }

    pub(super) fn update_quiz(&mut self, action: &Action) {
        let Some(state) = &mut self.quiz else {
            self.screen = Screen::Home;
            return;
        };
        match state.update(action) {
            quiz::Effect::None => {}
            quiz::Effect::Notice(text) => self.status.notice = Some(text),
            quiz::Effect::Review(see) => self.review(&see, Screen::Quiz),
            quiz::Effect::Answered => self.save_attempt(),
            quiz::Effect::Finished => self.finish_quiz(),
            quiz::Effect::ShowResults => {
                self.quiz = None;
                self.screen = if self.results.is_some() {
                    Screen::Results
                } else {
                    Screen::Home
                };
            }
            quiz::Effect::LearnerName(name) => {
                self.change_progress(|p| p.learner = Some(name.clone()));
                self.status.notice = Some(if name.is_empty() {
                    NO_NAME.to_string()
                } else {
                    format!("« {name} » figurera dans l'export des résultats")
                });
            }
            quiz::Effect::Leave => {
                self.screen = Screen::Home;
                self.status.notice = Some(KEPT.into());
            }
            quiz::Effect::Abandoned => {
                self.quiz = None;
                self.screen = Screen::Home;
                if !self.attempt_detached {
                    self.change_progress(|p| p.abandon_attempt());
                }
                self.status.notice = Some(ABANDONED.into());
            }
        }
    }

    /// Saves the attempt as soon as its last answer is graded, so quitting on the
    /// last feedback loses nothing.
    fn finish_quiz(&mut self) {
        let Some(state) = &self.quiz else { return };
        let mut record = state
            .session
            .record(progress::rfc3339_utc(progress::now_unix()));
        record.course_title = self.course.title.clone();
        record.course_version = env!("CARGO_PKG_VERSION").to_string();
        let results = state.session.results();
        let bank = Arc::clone(&state.bank);
        if self.attempt_detached {
            self.change_progress(|p| p.add_finished(record.clone()));
        } else {
            self.change_progress(|p| p.finish_attempt(record.clone()));
        }
        let graded = self.progress.graded_attempt().cloned();
        self.results = Some(ResultsState::new(bank, results, record, graded));
    }

    pub(super) fn update_results(&mut self, action: &Action) {
        let Some(state) = &mut self.results else {
            self.screen = Screen::Home;
            return;
        };
        match state.update(action) {
            results::Effect::None => {}
            results::Effect::Review(see) => self.review(&see, Screen::Results),
            results::Effect::Restart => {
                let bank = Arc::clone(&state.bank);
                let session = Session::new(&bank.quiz, (self.seed_source)());
                self.begin(bank, Ok(session));
            }
            results::Effect::RetryErrors => {
                let bank = Arc::clone(&state.bank);
                let session =
                    Session::retry_errors(&bank.quiz, (self.seed_source)(), &state.record);
                self.begin(bank, session);
            }
            results::Effect::ReviewMistakes => self.review_mistakes(),
        }
    }

    /// « Réviser mes erreurs »: the missed questions in their Leitner order.
    pub fn review_mistakes(&mut self) {
        if self.quiz.is_some() || self.progress.quiz_in_progress.is_some() {
            self.status.notice = Some(FINISH_FIRST.into());
            return;
        }
        let Some(bank) = self.load_bank() else { return };
        let order = self.progress.review_order();
        let session = Session::review(&bank.quiz, (self.seed_source)(), &order);
        self.begin(bank, session);
    }

    /// Opens `see` in the reader; going back from there returns to `from`.
    fn review(&mut self, see: &See, from: Screen) {
        self.open_section_from(&see.to_string(), from);
    }

    /// Opens the section `see` (`module#anchor`) in the reader, from the quiz, its
    /// results or the Labo; going back from there returns to `from`, as the status says.
    pub(super) fn open_section_from(&mut self, see: &str, from: Screen) {
        let Some(action) = Action::open_reference(&self.course, see) else {
            self.status.notice = Some(format!(
                "section « {see} » introuvable : le cours a changé (lancez « {} »)",
                self.course.origin.check_command()
            ));
            return;
        };
        self.update(action);
        if self.screen == Screen::Reader {
            self.return_to = Some(from);
            if self.status.notice.is_none() {
                self.status.notice = Some(match from {
                    Screen::Results => BACK_TO_RESULTS.into(),
                    Screen::Labo => super::labo_flow::BACK_TO_LABO.into(),
                    _ => BACK_TO_QUIZ.into(),
                });
            }
        }
    }

    /// Where going back from the reader leads: the quiz or results that opened it.
    pub(super) fn take_return(&mut self) -> Option<Screen> {
        let to = self.return_to.take()?;
        if self.screen != Screen::Reader {
            return None;
        }
        let alive = match to {
            Screen::Quiz => self.quiz.is_some(),
            Screen::Results => self.results.is_some(),
            _ => true,
        };
        alive.then_some(to)
    }

    /// In the reader opened from the quiz or results, says how to go back (unless the
    /// right-hand side has something more pressing: search, selected link).
    pub(super) fn return_hint(
        &self,
        (left, position, right): (String, String, String),
    ) -> (String, String, String) {
        let hint = match (self.screen, self.return_to) {
            (Screen::Reader, Some(Screen::Quiz)) if right.is_empty() => BACK_TO_QUIZ,
            (Screen::Reader, Some(Screen::Results)) if right.is_empty() => BACK_TO_RESULTS,
            (Screen::Reader, Some(Screen::Labo)) if right.is_empty() => {
                super::labo_flow::BACK_TO_LABO
            }
            _ => return (left, position, right),
        };
        (left, position, hint.to_string())
    }

    /// Title and position for the status line on the quiz screens.
    pub(super) fn quiz_status(&self) -> Option<(String, String)> {
        match (self.screen, &self.quiz, &self.results) {
            (Screen::Quiz, Some(q), _) => Some((q.bank.quiz.title.clone(), q.position())),
            (Screen::Results, _, Some(r)) => {
                Some((r.bank.quiz.title.clone(), "Résultats".to_string()))
            }
            _ => None,
        }
    }
}

const ABANDONED: &str = "tentative abandonnée : ses réponses sont effacées";
const NO_NAME: &str = "sans nom : « webhook-tutor results --learner NOM » l'ajoutera à l'export";
const KEPT: &str = "tentative gardée : « Reprendre la tentative » depuis l'accueil";
const FINISH_FIRST: &str =
    "une tentative est en cours : reprenez-la (ou abandonnez-la avec a) avant de réviser";
const BACK_TO_QUIZ: &str = "q ou Échap : retour au quiz";
const BACK_TO_RESULTS: &str = "q ou Échap : retour aux résultats";

#[cfg(test)]
#[path = "quiz_flow_tests.rs"]
mod tests;

#[cfg(test)]
#[path = "quiz_keys_tests.rs"]
mod keys_tests;
