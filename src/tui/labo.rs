//! The Labo screen's state: the three fields (endpoint URL, secret, optional database URL),
//! the selected field or check, one row per check of the battery (✓/✗/… as results come
//! in from the run's thread), the open details of one check, the confirmation asked
//! before a remote URL, and the French error of a run that could not start. Every change
//! goes through [`LaboState::update`]; drawing (`labo/view.rs`) only reads. The app
//! (`app/labo_flow.rs`) saves the fields, starts the run and records its outcome.
//!
//! The secret is masked on screen, also while it is edited, and it is saved only while
//! the learner asks for it (`m`); turning that off forgets it.

mod rows;
mod view;

use crossterm::event::{KeyCode, KeyEvent};
use ratatui_textarea::TextArea;

use crate::course::Course;
use crate::grade::{self, CHECKS, Config, GradeError, Report};
use crate::progress::{LabProgress, LabRun};
use crate::webhook::Secret;

use super::keymap::Mode;

pub use rows::{Details, Row, RowState};
pub use view::LaboView;

/// What the learner (or the run's thread) can ask of the Labo (wrapped in `Action::Labo`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LaboAction {
    SelectNext,
    SelectPrev,
    /// Enter: edit the selected field, or open the selected check's details.
    Activate,
    /// Editing: a key for the field.
    Key(KeyEvent),
    /// Editing: pasted text, inserted as one edit.
    Paste(String),
    StopEdit,
    /// Empty the selected field (and remember that).
    ClearField,
    ToggleSaveSecret,
    Run,
    /// The remote URL is meant: run anyway.
    Confirm,
    Cancel,
    /// Open the course section of the selected (or detailed) check.
    OpenSection,
    /// Details: scroll by lines (positive is down).
    Scroll(i16),
    /// Close the details, else leave the screen.
    Back,
    /// From the run's thread: one step of the battery.
    Progress(grade::Progress),
    /// From the run's thread: the report, or why the run could not start.
    Finished(Box<Result<Report, GradeError>>),
}

/// What the app must do after an update.
#[derive(Debug, Clone)]
pub enum Effect {
    None,
    Notice(String),
    /// Remember the fields; `secret`: `Some` to save it (`Some("")` forgets it), `None`
    /// to leave what is saved.
    Save {
        url: String,
        database_url: String,
        secret: Option<String>,
        notice: Option<String>,
    },
    /// Run the battery off the UI thread.
    Run(Box<Config>),
    /// Open this `module#anchor` in the reader.
    OpenSection(&'static str),
    /// Record the finished run in progress.
    Finished(Box<Report>),
    Back,
}

/// The fields, top to bottom.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    Url,
    Secret,
    Database,
}

impl Field {
    pub const ALL: [Field; 3] = [Self::Url, Self::Secret, Self::Database];

    pub fn label(self) -> &'static str {
        match self {
            Self::Url => "URL",
            Self::Secret => "secret",
            Self::Database => "base",
        }
    }
}

pub struct LaboState {
    pub url: String,
    pub secret: String,
    pub database_url: String,
    /// The secret is kept in progress (the learner asked).
    pub save_secret: bool,
    /// 0–2: a field ([`Field::ALL`]); from 3: a row.
    pub selected: usize,
    editor: Option<TextArea<'static>>,
    pub rows: Vec<Row>,
    pub running: bool,
    /// Checks finished in the current or last run of this session, and their number.
    pub done: usize,
    pub total: usize,
    /// « nettoyage : user.deleted 2/6 » while the run cleans up.
    pub cleanup: Option<(usize, usize)>,
    /// Why the run needs a confirmation (remote URL).
    pub confirm: Option<String>,
    pub details: Option<Details>,
    /// A French error: the run could not start, or stopped early.
    pub error: Option<String>,
    /// The last run kept in progress.
    pub last: Option<LabRun>,
}

impl LaboState {
    /// The fields and rows as progress remembers them for this course.
    pub fn new(lab: &LabProgress) -> Self {
        let mut state = Self {
            url: lab.url.clone(),
            secret: lab.secret.clone().unwrap_or_default(),
            database_url: lab.database_url.clone(),
            save_secret: lab.secret.is_some(),
            selected: 0,
            editor: None,
            rows: Vec::new(),
            running: false,
            done: 0,
            total: CHECKS.len(),
            cleanup: None,
            confirm: None,
            details: None,
            error: None,
            last: lab.last.clone(),
        };
        state.rows_from_last();
        state
    }

    pub fn mode(&self) -> Mode {
        if self.editor.is_some() {
            Mode::Edit
        } else if self.confirm.is_some() {
            Mode::Confirm
        } else if self.details.is_some() {
            Mode::Details
        } else {
            Mode::Normal
        }
    }

    pub fn editor(&self) -> Option<&TextArea<'static>> {
        self.editor.as_ref()
    }

    /// The selected field, if the selection is on one.
    pub fn field(&self) -> Option<Field> {
        Field::ALL.get(self.selected).copied()
    }

    /// The selected row's index, if the selection is on one.
    pub fn selected_row(&self) -> Option<usize> {
        self.selected
            .checked_sub(Field::ALL.len())
            .filter(|i| *i < self.rows.len())
    }

    pub fn field_text(&self, field: Field) -> &str {
        match field {
            Field::Url => &self.url,
            Field::Secret => &self.secret,
            Field::Database => &self.database_url,
        }
    }

    /// Keeps the last run (after it was recorded) for the summary line.
    pub fn set_last(&mut self, last: Option<LabRun>) {
        self.last = last;
    }

    pub fn update(&mut self, action: &LaboAction, course: &Course) -> Effect {
        match action {
            LaboAction::Progress(p) => return self.progress(p),
            LaboAction::Finished(result) => return self.finished(result),
            LaboAction::Key(key) => return self.edit_key(*key),
            LaboAction::Paste(text) => return self.paste(text),
            LaboAction::StopEdit => return self.stop_edit(),
            _ if self.editor.is_some() => {}
            LaboAction::Confirm if self.confirm.is_some() => {
                self.confirm = None;
                return self.start();
            }
            LaboAction::Cancel | LaboAction::Back if self.confirm.is_some() => {
                self.confirm = None;
                return Effect::Notice(CANCELLED.into());
            }
            _ if self.confirm.is_some() => {}
            LaboAction::Scroll(delta) => {
                if let Some(d) = &mut self.details {
                    let max = u16::try_from(d.lines.len().saturating_sub(1)).unwrap_or(u16::MAX);
                    d.scroll = d.scroll.saturating_add_signed(*delta).min(max);
                }
            }
            LaboAction::Back if self.details.is_some() => self.details = None,
            LaboAction::Back => return Effect::Back,
            LaboAction::SelectNext => {
                self.selected = (self.selected + 1).min(Field::ALL.len() + self.rows.len() - 1);
            }
            LaboAction::SelectPrev => self.selected = self.selected.saturating_sub(1),
            LaboAction::Activate => {
                if self.field().is_some() {
                    self.start_edit();
                } else if let Some(row) = self.selected_row() {
                    return self.open_details(row, course);
                }
            }
            LaboAction::OpenSection => {
                let row = self.details.as_ref().map(|d| d.row).or(self.selected_row());
                return match row.and_then(|i| self.rows.get(i)) {
                    Some(row) => Effect::OpenSection(row.def.see),
                    None => Effect::Notice(CHOOSE_A_CHECK.into()),
                };
            }
            LaboAction::ClearField => {
                let Some(field) = self.field() else {
                    return Effect::Notice(CHOOSE_A_FIELD.into());
                };
                match field {
                    Field::Url => self.url.clear(),
                    Field::Secret => self.secret.clear(),
                    Field::Database => self.database_url.clear(),
                }
                return self.save();
            }
            LaboAction::ToggleSaveSecret => {
                self.save_secret = !self.save_secret;
                let secret = self.secret.trim().to_owned();
                let (secret, notice) = if !self.save_secret {
                    (String::new(), SECRET_FORGOTTEN)
                } else if secret.is_empty() {
                    (secret, SECRET_TO_SAVE)
                } else {
                    (secret, SECRET_SAVED)
                };
                return Effect::Save {
                    url: self.url.trim().to_owned(),
                    database_url: self.database_url.trim().to_owned(),
                    secret: Some(secret),
                    notice: Some(notice.into()),
                };
            }
            LaboAction::Run => return self.ask_run(),
            LaboAction::Confirm | LaboAction::Cancel => {}
        }
        Effect::None
    }

    fn start_edit(&mut self) {
        let Some(field) = self.field() else { return };
        let mut editor = TextArea::new(vec![self.field_text(field).to_owned()]);
        editor.set_cursor_line_style(ratatui::style::Style::new());
        if field == Field::Secret {
            editor.set_mask_char(MASK);
        }
        editor.move_cursor(ratatui_textarea::CursorMove::End);
        self.editor = Some(editor);
    }

    /// One key while editing; Enter ends the edit like Échap.
    fn edit_key(&mut self, key: KeyEvent) -> Effect {
        let Some(editor) = &mut self.editor else {
            return Effect::None;
        };
        if key.code == KeyCode::Enter {
            return self.stop_edit();
        }
        if editor.input(key) {
            self.take_text();
        }
        Effect::None
    }

    /// A paste is one edit: its line breaks (from a copied line) are dropped, since every
    /// field is one line.
    fn paste(&mut self, text: &str) -> Effect {
        let Some(editor) = &mut self.editor else {
            return Effect::None;
        };
        let one_line: String = text.chars().filter(|c| *c != '\n' && *c != '\r').collect();
        if editor.insert_str(one_line) {
            self.take_text();
        }
        Effect::None
    }

    fn take_text(&mut self) {
        let (Some(editor), Some(field)) = (&self.editor, self.field()) else {
            return;
        };
        let text = editor.lines().join("");
        match field {
            Field::Url => self.url = text,
            Field::Secret => self.secret = text,
            Field::Database => self.database_url = text,
        }
    }

    /// Ends the edit and remembers the fields (the secret only if asked).
    fn stop_edit(&mut self) -> Effect {
        if self.editor.take().is_none() {
            return Effect::None;
        }
        self.save()
    }

    fn save(&self) -> Effect {
        Effect::Save {
            url: self.url.trim().to_owned(),
            database_url: self.database_url.trim().to_owned(),
            secret: self.save_secret.then(|| self.secret.trim().to_owned()),
            notice: None,
        }
    }

    /// The run's settings, or the French reason they are not usable.
    pub fn config(&self) -> Result<Config, String> {
        let url = self.url.trim();
        if url.is_empty() {
            return Err(NO_URL.into());
        }
        if self.secret.trim().is_empty() {
            return Err(NO_SECRET.into());
        }
        let secret = Secret::parse(self.secret.trim()).map_err(|e| format!("secret : {e}"))?;
        let database = self.database_url.trim();
        Ok(Config {
            database_url: (!database.is_empty()).then(|| database.to_owned()),
            ..Config::new(url, secret)
        })
    }

    /// `r`: checks the fields, asks first for a remote URL, else starts.
    fn ask_run(&mut self) -> Effect {
        if self.running {
            return Effect::Notice(ALREADY_RUNNING.into());
        }
        self.error = None;
        let reason = self
            .config()
            .and_then(|c| grade::confirmation_reason(&c).map_err(|e| e.0));
        match reason {
            Err(err) => {
                self.error = Some(err);
                Effect::None
            }
            Ok(Some(reason)) => {
                self.confirm = Some(reason);
                Effect::None
            }
            Ok(None) => self.start(),
        }
    }

    fn start(&mut self) -> Effect {
        let config = match self.config() {
            Ok(config) => config,
            Err(err) => {
                self.error = Some(err);
                return Effect::None;
            }
        };
        self.running = true;
        self.error = None;
        self.details = None;
        self.done = 0;
        self.total = self.rows.len();
        self.cleanup = None;
        for row in &mut self.rows {
            row.state = RowState::Waiting;
            row.result = None;
        }
        Effect::Run(Box::new(config))
    }
}

/// What the secret looks like on screen: its `whsec_` prefix, never its key.
pub fn masked(secret: &str) -> String {
    let secret = secret.trim();
    if secret.is_empty() {
        String::new()
    } else if secret.starts_with("whsec_") {
        "whsec_••••".to_owned()
    } else {
        "••••".to_owned()
    }
}

const MASK: char = '•';
const CANCELLED: &str = "labo annulé : rien n’a été envoyé";
const ALREADY_RUNNING: &str = "une évaluation est déjà en cours : attendez sa fin";
const CHOOSE_A_FIELD: &str = "choisissez d’abord un champ (j/k), puis d pour le vider";
const CHOOSE_A_CHECK: &str = "choisissez d’abord une vérification (j/k), puis o";
const NO_URL: &str = "indiquez l’URL de votre endpoint (champ URL, Entrée pour le modifier), par exemple http://localhost:3000/api/webhooks";
const NO_SECRET: &str = "indiquez le secret de signature (whsec_…) de votre endpoint : champ secret, Entrée pour le modifier";
const SECRET_SAVED: &str =
    "secret mémorisé dans la progression (en clair sur ce disque) : m pour l’oublier";
const SECRET_TO_SAVE: &str =
    "le secret sera mémorisé dans la progression dès que vous l’aurez saisi : m pour y renoncer";
const SECRET_FORGOTTEN: &str = "secret oublié : il ne sera plus enregistré";

#[cfg(test)]
#[path = "labo_tests.rs"]
pub(crate) mod tests;
