//! The quiz screen's state and its pure transitions over a [`quiz::Session`]: the
//! answer being built ([`Draft`]), the feedback after each answer, scrolling, and the
//! confirmations (« Abandonner la tentative ? », an incomplete matching). What needs the rest of the app (opening a section,
//! saving the attempt, showing the results) is returned as an [`Effect`]. The results
//! screen lives in `quiz/results.rs`, the layout in `quiz/screen.rs`, drawing in
//! `quiz/view.rs`.
//!
//! The screen is laid out (markdown included) in `update`, when the question, the
//! answer, the feedback or the geometry changes, never per frame.

mod draft;
pub mod results;
pub(crate) mod screen;
mod view;

use std::sync::Arc;

use ratatui::text::Line;

use crate::course::Sections;
use crate::markdown;
use crate::quiz::{AttemptMode, Feedback, Quiz, See, Session};

use super::action::Action;
use super::keymap::Mode;
use super::paste::MAX_ANSWER_CHARS;
use super::theme::UiTheme;

pub use draft::{Draft, NOTHING_CHOSEN, TextMove};
pub use results::{ResultsState, ResultsView};
use screen::Screen;
pub use view::{HEADER_LINES, QuizView};

/// Intents of the quiz and results screens (inside [`Action::Quiz`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum QuizAction {
    /// Select (one answer, true/false) or tick/untick (several) the highlighted choice.
    Toggle,
    /// A digit shortcut: the row with this 0-based position (on a matching question,
    /// the value given to the highlighted item).
    Pick(usize),
    /// Ordering: move the highlighted item up or down.
    MoveUp,
    MoveDown,
    /// Matching: give the highlighted left item the previous or next right value.
    PrevRight,
    NextRight,
    /// Grade the answer.
    Submit,
    /// After the feedback: the next question, or the results after the last one.
    Next,
    /// Open the course section that teaches the question just answered.
    Review,
    /// True/false: `v` or `f`.
    TrueFalse(bool),
    /// Matching: empty the highlighted row.
    ClearRow,
    /// Short answer editing.
    Input(char),
    Backspace,
    Delete,
    TextCursor(TextMove),
    /// Leave the quiz screen; the attempt stays saved, to resume later.
    Leave,
    /// Ask to abandon the attempt (its answers are dropped).
    Abandon,
    /// Yes or no to the open question (abandon, or submit an incomplete matching).
    Confirm,
    Cancel,
    /// Results: a new attempt (a fresh draw), the missed questions only (practice,
    /// unless `builds_on_last`), or « Réviser mes erreurs ».
    Restart,
    RetryErrors,
    ReviewMistakes,
}

/// What the confirmation box asks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Confirm {
    /// « Abandonner la tentative ? »
    Abandon,
    /// « N éléments sans valeur : valider quand même ? »
    Partial(usize),
}

/// The quiz bank with what it needs to name sections; shared by an attempt and its
/// results so « Recommencer » needs no reload.
#[derive(Debug, Clone, PartialEq)]
pub struct Bank {
    pub quiz: Quiz,
    pub sections: Sections,
}

/// What the app must do after a quiz transition.
#[derive(Debug, Clone, PartialEq)]
pub enum Effect {
    None,
    /// Show this in the status line.
    Notice(String),
    /// Open this section in the reader; coming back returns here.
    Review(See),
    /// An answer was just graded: save the attempt in progress.
    Answered,
    /// The last answer was just graded: save the attempt.
    Finished,
    /// Leave for the results screen.
    ShowResults,
    /// Go back home; the attempt stays saved.
    Leave,
    /// The learner's name, asked once (empty when declined).
    LearnerName(String),
    /// The learner confirmed abandoning: drop the attempt.
    Abandoned,
}

/// The question on screen, copied out of the session so the feedback can still show
/// it after the session has moved on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Asked {
    pub number: usize,
    pub total: usize,
    pub objective: String,
    pub prompt: String,
    pub see: See,
}

/// State of an attempt in progress.
#[derive(Debug, Clone)]
pub struct QuizState {
    pub bank: Arc<Bank>,
    pub session: Session,
    pub asked: Asked,
    pub draft: Draft,
    /// `Some` once the answer is graded, until the next question.
    pub feedback: Option<Feedback>,
    /// The confirmation box, when open.
    pub confirm: Option<Confirm>,
    /// « Votre nom » before the first question (asked once, for instructor exports):
    /// a short-text draft while it is asked.
    pub name: Option<Draft>,
    /// The prompt and the explanation rendered at `width`.
    pub prompt: Vec<Line<'static>>,
    pub explanation: Vec<Line<'static>>,
    pub width: u16,
    /// Visible content lines (below the progress header).
    pub viewport: usize,
    /// First visible content line when the learner scrolled; `None` follows the
    /// highlighted row.
    pub scroll: Option<usize>,
    pub theme: UiTheme,
    md_theme: markdown::Theme,
    /// Every line the screen draws, as of the last change.
    screen: Screen,
    /// The « Abandonner ? » box's text at `width`.
    confirm_lines: Vec<Line<'static>>,
}

impl QuizState {
    /// Starts on the session's first question. `None` when the session has nothing to ask.
    pub fn new(
        bank: Arc<Bank>,
        session: Session,
        themes: (UiTheme, markdown::Theme),
        width: u16,
        viewport: usize,
    ) -> Option<QuizState> {
        let (theme, md_theme) = themes;
        let mut state = QuizState {
            bank,
            session,
            asked: Asked {
                number: 0,
                total: 0,
                objective: String::new(),
                prompt: String::new(),
                see: See::parse(""),
            },
            draft: Draft::ShortText {
                text: String::new(),
                cursor: 0,
            },
            feedback: None,
            confirm: None,
            name: None,
            prompt: Vec::new(),
            explanation: Vec::new(),
            width: width.max(1),
            viewport: viewport.max(1),
            scroll: None,
            theme,
            md_theme,
            screen: Screen::default(),
            confirm_lines: Vec::new(),
        };
        state.load_current().then_some(state)
    }

    /// Shows the session's current question; false when there is none left.
    fn load_current(&mut self) -> bool {
        let Some(current) = self.session.current() else {
            return false;
        };
        self.asked = Asked {
            number: current.number,
            total: current.total,
            objective: current.objective_label.to_string(),
            prompt: current.question.prompt.clone(),
            see: current.question.see.clone(),
        };
        self.draft = Draft::new(&current.shown);
        self.feedback = None;
        self.explanation.clear();
        self.scroll = None;
        self.render_markdown();
        self.relayout();
        true
    }

    /// Everything that depends on the question and the width only.
    fn render_markdown(&mut self) {
        self.confirm_lines = screen::confirm_lines(self);
        self.prompt = markdown::render(&self.asked.prompt, self.width, &self.md_theme).lines;
        self.explanation = match &self.feedback {
            Some(fb) => markdown::render(&fb.explanation, self.width, &self.md_theme).lines,
            None => Vec::new(),
        };
    }

    /// Lays the screen out again after a change to what it shows.
    fn relayout(&mut self) {
        self.screen = screen::build(self);
    }

    /// The laid-out scrolling column.
    pub fn lines(&self) -> &[Line<'static>] {
        &self.screen.lines
    }

    /// First line of the column to show in `height` lines.
    fn top(&self, height: usize) -> usize {
        let max = self.screen.lines.len().saturating_sub(height);
        self.scroll
            .unwrap_or_else(|| view::auto_top(self.screen.focus, height))
            .min(max)
    }

    /// New text width and visible lines; the screen is laid out again only if they
    /// changed (the feedback's focus depends on the viewport), markdown only if the
    /// width did.
    pub fn set_geometry(&mut self, width: u16, viewport: usize) {
        let viewport = viewport.max(1);
        let width = width.max(1);
        if (width, viewport) == (self.width, self.viewport) {
            return;
        }
        self.viewport = viewport;
        if width != self.width {
            self.width = width;
            self.render_markdown();
        }
        self.relayout();
    }

    pub fn mode(&self) -> Mode {
        if self.name.is_some() {
            Mode::Typing
        } else if self.confirm.is_some() {
            Mode::Confirm
        } else if self.feedback.is_some() {
            Mode::Feedback
        } else if matches!(self.draft, Draft::ShortText { .. }) {
            Mode::Typing
        } else {
            Mode::Normal
        }
    }

    /// Asks the learner's name before the first question.
    pub fn ask_name(&mut self) {
        self.name = Some(Draft::ShortText {
            text: String::new(),
            cursor: 0,
        });
        self.relayout();
    }

    /// The name prompt: typing edits it, Enter keeps it, Échap declines (asked once).
    fn update_name(&mut self, action: &Action) -> Effect {
        let Some(name) = self.name.as_mut() else {
            return Effect::None;
        };
        let given = match action {
            Action::Quiz(QuizAction::Input(c)) => {
                name.input(*c);
                None
            }
            Action::Paste(text) => {
                if let Err(notice) = name.paste(text, "nom", MAX_ANSWER_CHARS) {
                    return Effect::Notice(notice);
                }
                None
            }
            Action::Quiz(QuizAction::Backspace) => {
                name.backspace();
                None
            }
            Action::Quiz(QuizAction::Delete) => {
                name.delete();
                None
            }
            Action::Quiz(QuizAction::TextCursor(to)) => {
                name.move_text_cursor(*to);
                None
            }
            Action::Quiz(QuizAction::Submit) => match &*name {
                Draft::ShortText { text, .. } => Some(text.trim().to_string()),
                _ => Some(String::new()),
            },
            Action::Quiz(QuizAction::Leave) => Some(String::new()),
            _ => None,
        };
        match given {
            Some(name) => {
                self.name = None;
                self.relayout();
                Effect::LearnerName(name)
            }
            None => {
                self.relayout();
                Effect::None
            }
        }
    }

    pub fn update(&mut self, action: &Action) -> Effect {
        if self.name.is_some() {
            return self.update_name(action);
        }
        if let Some(confirm) = self.confirm {
            return match action {
                Action::Quiz(QuizAction::Confirm) => {
                    self.confirm = None;
                    match confirm {
                        Confirm::Abandon => Effect::Abandoned,
                        Confirm::Partial(_) => self.grade(),
                    }
                }
                Action::Quiz(QuizAction::Cancel) => {
                    self.confirm = None;
                    self.render_markdown();
                    Effect::None
                }
                _ => Effect::None,
            };
        }
        match action {
            Action::ScrollLines(n) => self.scroll_by(i64::from(*n)),
            Action::PageDown => self.scroll_by(self.page()),
            Action::PageUp => self.scroll_by(-self.page()),
            Action::Quiz(QuizAction::Leave | QuizAction::Abandon) if self.session.is_finished() => {
                return Effect::ShowResults;
            }
            Action::Quiz(QuizAction::Leave) => return Effect::Leave,
            Action::Quiz(QuizAction::Abandon) => self.ask(Confirm::Abandon),
            Action::Quiz(QuizAction::Review) if self.feedback.is_some() => {
                return Effect::Review(self.asked.see.clone());
            }
            Action::Quiz(QuizAction::Next) if self.feedback.is_some() => return self.next(),
            _ if self.feedback.is_some() => {}
            Action::Paste(text) => {
                if let Err(notice) = self.draft.paste(text, "réponse", MAX_ANSWER_CHARS) {
                    return Effect::Notice(notice);
                }
                self.relayout();
            }
            Action::SelectNext => self.follow(|d| d.move_cursor(1)),
            Action::SelectPrev => self.follow(|d| d.move_cursor(-1)),
            Action::Quiz(a) => return self.answering(*a),
            _ => {}
        }
        Effect::None
    }

    fn next(&mut self) -> Effect {
        if self.load_current() {
            Effect::None
        } else {
            Effect::ShowResults
        }
    }

    fn answering(&mut self, action: QuizAction) -> Effect {
        match action {
            QuizAction::Toggle => self.follow(Draft::toggle),
            QuizAction::Pick(row) => self.follow(|d| d.pick(row)),
            QuizAction::MoveUp => self.follow(|d| d.move_item(-1)),
            QuizAction::MoveDown => self.follow(|d| d.move_item(1)),
            QuizAction::PrevRight => self.follow(|d| d.cycle_right(-1)),
            QuizAction::NextRight => self.follow(|d| d.cycle_right(1)),
            QuizAction::ClearRow => self.follow(Draft::clear_row),
            QuizAction::TrueFalse(value) => self.follow(|d| d.set_true_false(value)),
            QuizAction::Input(c) => self.edit(|d| d.input(c)),
            QuizAction::Backspace => self.edit(Draft::backspace),
            QuizAction::Delete => self.edit(Draft::delete),
            QuizAction::TextCursor(to) => self.edit(|d| d.move_text_cursor(to)),
            QuizAction::Submit => return self.submit(),
            _ => {}
        }
        Effect::None
    }

    /// Opens the confirmation box.
    fn ask(&mut self, confirm: Confirm) {
        self.confirm = Some(confirm);
        self.render_markdown();
    }

    /// Enter: nothing happens without an answer; an incomplete matching asks first.
    fn submit(&mut self) -> Effect {
        if self.draft.answer().is_none() {
            return Effect::Notice(self.draft.not_answered().to_string());
        }
        match self.draft.unassigned() {
            0 => self.grade(),
            n => {
                self.ask(Confirm::Partial(n));
                Effect::None
            }
        }
    }

    fn grade(&mut self) -> Effect {
        let Some(answer) = self.draft.answer() else {
            return Effect::Notice(self.draft.not_answered().to_string());
        };
        match self.session.answer(answer) {
            Ok(feedback) => {
                self.explanation =
                    markdown::render(&feedback.explanation, self.width, &self.md_theme).lines;
                self.feedback = Some(feedback);
                // The view keeps the verdict banner in sight.
                self.scroll = None;
                self.relayout();
                if self.session.is_finished() {
                    Effect::Finished
                } else {
                    Effect::Answered
                }
            }
            Err(err) => Effect::Notice(err.to_string()),
        }
    }

    /// Applies a draft change and lets the view follow the highlight again.
    fn follow(&mut self, change: impl FnOnce(&mut Draft)) {
        self.scroll = None;
        self.edit(change);
    }

    /// Applies a draft change, keeping the scroll position.
    fn edit(&mut self, change: impl FnOnce(&mut Draft)) {
        change(&mut self.draft);
        self.relayout();
    }

    fn page(&self) -> i64 {
        (self.viewport.saturating_sub(1)).max(1) as i64
    }

    fn scroll_by(&mut self, delta: i64) {
        let top = self.top(self.viewport);
        let max = self.screen.lines.len().saturating_sub(self.viewport);
        let to = (top as i64 + delta).clamp(0, max as i64) as usize;
        self.scroll = Some(to);
    }

    /// « Question 3/48 », with the kind of session when it is not a full attempt.
    pub fn position(&self) -> String {
        let what = match self.session.mode() {
            AttemptMode::Full | AttemptMode::BuildsOnLast => "",
            AttemptMode::Practice => "Entraînement · ",
            AttemptMode::Review => "Révision · ",
        };
        format!("{what}Question {}/{}", self.asked.number, self.asked.total)
    }

    /// The footer word for a key whose effect depends on the question: a digit
    /// chooses a choice, but gives a value on a matching question.
    pub fn relabel(&self, action: &Action) -> Option<&'static str> {
        (matches!(self.draft, Draft::Matching { .. })
            && matches!(action, Action::Quiz(QuizAction::Pick(_))))
        .then_some("valeur")
    }

    /// Whether a key's action does something on the question on screen, so that the
    /// footer names only those.
    pub fn applies(&self, action: &Action) -> bool {
        let Action::Quiz(a) = action else {
            return true;
        };
        let d = &self.draft;
        match a {
            // Space also chooses on one-answer questions, but the footer keeps the
            // digits there (the narrow footer has no room for both).
            QuizAction::Toggle => matches!(d, Draft::Choices { multiple: true, .. }),
            QuizAction::TrueFalse(_) => matches!(d, Draft::TrueFalse { .. }),
            QuizAction::MoveUp | QuizAction::MoveDown => matches!(d, Draft::Ordering { .. }),
            QuizAction::PrevRight | QuizAction::NextRight | QuizAction::ClearRow => {
                matches!(d, Draft::Matching { .. })
            }
            QuizAction::Pick(_) => matches!(
                d,
                Draft::Choices { .. } | Draft::TrueFalse { .. } | Draft::Matching { .. }
            ),
            _ => true,
        }
    }
}

#[cfg(test)]
#[path = "quiz_tests.rs"]
pub(crate) mod tests;
