//! The app's side of the quiz: starting an attempt, carrying out the effects of the
//! quiz and results screens (saving the attempt, opening a section and coming back),
//! kept apart from `app.rs`'s routing.

use std::sync::Arc;

use super::{App, Screen};
use crate::progress;
use crate::quiz::{See, Session, SessionError};
use crate::tui::action::Action;
use crate::tui::keymap::Mode;
use crate::tui::layout;
use crate::tui::quiz::{self, Bank, QuizState, ResultsState, results};

impl App {
    /// The quiz screen's keyboard mode, when it is shown.
    pub(super) fn quiz_mode(&self) -> Option<Mode> {
        match (self.screen, &self.quiz) {
            (Screen::Quiz, Some(q)) => Some(q.mode()),
            _ => None,
        }
    }

    /// Resumes the attempt in progress, or starts one with a fresh seed.
    pub fn open_quiz(&mut self) {
        self.return_to = None;
        if self.quiz.is_some() {
            self.screen = Screen::Quiz;
            return;
        }
        let seed = (self.seed_source)();
        self.start_quiz(seed);
    }

    /// Starts a new attempt over the whole bank with `seed`.
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

    fn begin(&mut self, bank: Arc<Bank>, session: Result<Session, SessionError>) {
        let session = match session {
            Ok(session) => session,
            Err(err) => {
                self.status.notice = Some(err.to_string());
                return;
            }
        };
        let (width, viewport) = self.quiz_geometry();
        match QuizState::new(bank, session, (self.theme, self.md_theme), width, viewport) {
            Some(state) => {
                self.quiz = Some(state);
                self.screen = Screen::Quiz;
                self.return_to = None;
            }
            None => self.status.notice = Some(SessionError::NothingToAsk.to_string()),
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
            quiz::Effect::Finished => self.finish_quiz(),
            quiz::Effect::ShowResults => {
                self.quiz = None;
                self.screen = if self.results.is_some() {
                    Screen::Results
                } else {
                    Screen::Home
                };
            }
            quiz::Effect::Abandoned => {
                self.quiz = None;
                self.screen = Screen::Home;
                self.status.notice = Some(ABANDONED.into());
            }
        }
    }

    /// Saves the attempt as soon as its last answer is graded, so quitting on the
    /// last feedback loses nothing.
    fn finish_quiz(&mut self) {
        let Some(state) = &self.quiz else { return };
        let record = state
            .session
            .record(progress::rfc3339_utc(progress::now_unix()));
        let results = state.session.results();
        let bank = Arc::clone(&state.bank);
        self.change_progress(|p| p.add_attempt(record.clone()));
        self.results = Some(ResultsState::new(bank, results, record));
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
        }
    }

    /// Opens `see` in the reader; going back from there returns to `from`.
    fn review(&mut self, see: &See, from: Screen) {
        let Some(action) = Action::open_reference(&self.course, &see.to_string()) else {
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

const ABANDONED: &str = "quiz abandonné : aucune tentative enregistrée";
const BACK_TO_QUIZ: &str = "q ou Échap : retour au quiz";
const BACK_TO_RESULTS: &str = "q ou Échap : retour aux résultats";

#[cfg(test)]
#[path = "quiz_flow_tests.rs"]
mod tests;
