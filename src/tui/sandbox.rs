//! The sandbox screen's state: the inputs being edited, the selected field and scenario,
//! the view shown, the delivery simulator, and the cached trace and panel lines. Every
//! change goes through [`SandboxState::update`], which re-signs and re-verifies at once
//! (cheap) so drawing only reads. Drawing lives in `sandbox/view.rs`.
//!
//! Two input modes: navigation (keys are actions) and editing (every key goes to the
//! field, `q` included; Échap always leaves).

mod delivery;
mod outside;
mod panels;
mod style;
mod sync;
mod sync_view;
mod view;

use std::path::PathBuf;
use std::time::{SystemTime, UNIX_EPOCH};

use crossterm::event::{KeyCode, KeyEvent};
use ratatui::text::Line;
use ratatui_textarea::TextArea;

use crate::delivery::ResponseOutcome;
use crate::listen::{Listener, ReceivedEvent};
use crate::samples::{self, Sample};
use crate::sandbox::{
    Endpoint, IdempotentEndpoint, Inputs, Scenario, Timeline, Trace, curl_command, json_text,
    simulate,
};
use crate::sync::{Faults, SyncScenario};
use crate::webhook::Secret;

use super::keymap::Mode;
use super::paste;
use crate::files;

pub use style::SandboxTheme;
pub use sync::{Endpoint as EndpointState, EndpointRun, Pane, SyncAction, SyncEffect, SyncState};

/// What the app must do after a « Synchronisation » update.
pub fn sync_effect(effect: SyncEffect) -> Effect {
    match effect {
        SyncEffect::None => Effect::None,
        SyncEffect::Notice(text) => Effect::Notice(text),
        SyncEffect::Ticker(on) => Effect::Ticker(on),
        SyncEffect::Back => Effect::Back,
    }
}
pub use view::SandboxView;

/// What the learner can ask of the sandbox (wrapped in `Action::Sandbox`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SandboxAction {
    Scenario(Scenario),
    /// Back to the demo inputs and the `valid` scenario.
    Reset,
    NextField,
    PrevField,
    /// Start editing the selected field (or, on the example selector, take the next one).
    Edit,
    /// Editing mode: a key for the field being edited.
    Key(KeyEvent),
    StopEdit,
    GenerateSecret,
    NextSample,
    PrevSample,
    NextView,
    MoreFailures,
    FewerFailures,
    NextFailure,
    /// Deliver the current message to the idempotent endpoint (again).
    Deliver,
    /// Write the request as `.http` and `.sh` files in the current directory.
    Export,
    /// Copy the curl command to the clipboard (OSC 52).
    CopyCurl,
    /// Copy the raw HTTP request to the clipboard (OSC 52).
    CopyRaw,
    /// Scroll the panels under the inputs, in lines (positive is down).
    Scroll(i16),
    /// Start or stop the local listener of the « Réception » view.
    ToggleListener,
    /// The « Synchronisation » view's own actions.
    Sync(SyncAction),
}

/// What the app must do after an update.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Effect {
    None,
    Notice(String),
    /// Write this text to the terminal's clipboard, then show the notice.
    Copy {
        text: String,
        notice: String,
    },
    /// Start or stop the listener: the app owns the event channel it reports to.
    ToggleListener,
    /// Start (`true`) or stop the play timer of the « Synchronisation » view.
    Ticker(bool),
    /// Leave the sandbox, as `Back` does.
    Back,
}

/// The input fields, top to bottom.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    Secret,
    MsgId,
    Timestamp,
    Sample,
    Payload,
}

impl Field {
    const ALL: [Field; 5] = [
        Self::Secret,
        Self::MsgId,
        Self::Timestamp,
        Self::Sample,
        Self::Payload,
    ];

    pub fn label(self) -> &'static str {
        match self {
            Self::Secret => "secret",
            Self::MsgId => "svix-id",
            Self::Timestamp => "horodatage",
            Self::Sample => "exemple",
            Self::Payload => "corps",
        }
    }

    /// Bytes the field may hold: the body as much as `listen` accepts (1 MiB), the
    /// one-line fields far more than any secret, id or timestamp needs.
    pub fn limit(self) -> usize {
        match self {
            Self::Payload => MAX_PAYLOAD_BYTES,
            _ => MAX_LINE_FIELD_BYTES,
        }
    }

    fn index(self) -> usize {
        Self::ALL.iter().position(|f| *f == self).unwrap_or(0)
    }

    fn step(self, delta: isize) -> Self {
        let n = Self::ALL.len() as isize;
        let i = (self.index() as isize + delta).rem_euclid(n);
        Self::ALL.get(i as usize).copied().unwrap_or(self)
    }
}

/// The views under the input panel, cycled with `v`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum View {
    /// Sender and receiver side by side.
    Exchange,
    Delivery,
    /// The live feed of the local listener.
    Reception,
    Libraries,
    /// The sync lab: Clerk events, faulty delivery, five strategies on SQLite.
    Sync,
}

impl View {
    pub const ALL: [View; 5] = [
        Self::Exchange,
        Self::Delivery,
        Self::Reception,
        Self::Libraries,
        Self::Sync,
    ];

    pub fn title(self) -> &'static str {
        match self {
            Self::Exchange => "Échange",
            Self::Delivery => "Livraison",
            Self::Reception => "Réception",
            Self::Libraries => "Bibliothèques",
            Self::Sync => "Synchronisation",
        }
    }
}

/// The failure kinds the simulated endpoint cycles through.
const FAILURES: [ResponseOutcome; 4] = [
    ResponseOutcome::Status(500),
    ResponseOutcome::Status(400),
    ResponseOutcome::Status(301),
    ResponseOutcome::Timeout,
];

/// The simulator's endpoint, its timeline and the idempotency log.
#[derive(Debug, Clone)]
pub struct DeliveryState {
    pub endpoint: Endpoint,
    pub timeline: Timeline,
    pub idempotent: IdempotentEndpoint,
}

impl Default for DeliveryState {
    fn default() -> Self {
        let endpoint = Endpoint {
            failures: 3,
            failure: ResponseOutcome::Status(500),
        };
        Self {
            endpoint,
            timeline: simulate(endpoint),
            idempotent: IdempotentEndpoint::default(),
        }
    }
}

/// Panel lines built on update, so a frame only copies them.
#[derive(Debug, Clone, Default)]
pub struct Rendered {
    pub sender: Vec<Line<'static>>,
    pub receiver: Vec<Line<'static>>,
    /// The first lines of the body as the inputs panel previews it.
    pub payload: Vec<String>,
    /// The preview is the compact body indented, not its bytes.
    pub payload_indented: bool,
}

pub struct SandboxState {
    pub inputs: Inputs,
    /// Index into `samples::ALL`; `None` once the payload was edited by hand.
    pub sample: Option<usize>,
    pub scenario: Scenario,
    pub field: Field,
    pub view: View,
    /// First visible line of the panels under the inputs.
    pub scroll: u16,
    /// `Some` while a field is being edited.
    editor: Option<TextArea<'static>>,
    pub trace: Trace,
    pub rendered: Rendered,
    pub delivery: DeliveryState,
    pub theme: SandboxTheme,
    clock: fn() -> i64,
    /// Where exports are written (the current directory by default).
    export_dir: PathBuf,
    /// The « Réception » listener, while it runs.
    listener: Option<Listener>,
    /// Requests received, newest last (at most [`FEED_LIMIT`]).
    pub feed: Vec<ReceivedEvent>,
    /// The « Synchronisation » view.
    pub sync: SyncState,
}

impl SandboxState {
    /// The demo inputs on the first example, scenario `valid`, system clock.
    pub fn demo(colors: bool) -> Self {
        Self::new(
            Scenario::Valid,
            samples::ALL.first().unwrap_or(&EMPTY_SAMPLE),
            colors,
        )
    }

    /// The demo inputs with `sample`'s body, on `scenario`, using the system clock.
    pub fn new(scenario: Scenario, sample: &Sample, colors: bool) -> Self {
        Self::with_clock(scenario, sample, colors, system_now)
    }

    /// Same, with a fixed clock (tests, benchmarks).
    pub fn with_clock(
        scenario: Scenario,
        sample: &Sample,
        colors: bool,
        clock: fn() -> i64,
    ) -> Self {
        let inputs = Inputs::with_sample(sample);
        let trace = Trace::compute(&inputs, scenario, clock());
        let mut state = Self {
            inputs,
            sample: samples::ALL.iter().position(|s| s.event == sample.event),
            scenario,
            field: Field::Secret,
            view: View::Exchange,
            scroll: 0,
            editor: None,
            trace,
            rendered: Rendered::default(),
            delivery: DeliveryState::default(),
            theme: SandboxTheme::new(colors),
            clock,
            export_dir: PathBuf::from("."),
            listener: None,
            feed: Vec::new(),
            sync: SyncState::new(SyncScenario::default(), SyncScenario::default().faults()),
        };
        state.render_panels();
        state
    }

    /// Exports go to `dir` instead of the current directory.
    pub fn set_export_dir(&mut self, dir: PathBuf) {
        self.export_dir = dir;
    }

    pub fn mode(&self) -> Mode {
        if self.editor.is_some() {
            Mode::Edit
        } else if self.view == View::Sync {
            Mode::Sync
        } else {
            Mode::Normal
        }
    }

    /// Shows the « Synchronisation » view on `scenario` with these faults, at time 0.
    pub fn open_sync(&mut self, scenario: SyncScenario, faults: Faults) {
        self.view = View::Sync;
        self.sync = SyncState::new(scenario, faults);
    }

    /// The editor of the field being edited.
    pub fn editor(&self) -> Option<&TextArea<'static>> {
        self.editor.as_ref()
    }

    /// Signs again when the timestamp field is empty (« maintenant ») and the clock has
    /// moved on since the request was signed, so what is shown, copied or exported is
    /// always fresh. Returns whether it re-signed.
    pub fn follow_clock(&mut self) -> bool {
        if !self.inputs.timestamp.trim().is_empty() {
            return false;
        }
        let now = (self.clock)();
        if now == self.trace.now {
            return false;
        }
        self.trace = Trace::compute(&self.inputs, self.scenario, now);
        self.render_panels();
        true
    }

    pub fn update(&mut self, action: &SandboxAction) -> Effect {
        // Every key also brings « maintenant » up to date, so a copy or an export made
        // after a long pause carries the current time.
        self.follow_clock();
        match action {
            SandboxAction::Key(key) => return self.edit_key(*key),
            SandboxAction::StopEdit => self.editor = None,
            _ if self.editor.is_some() => {}
            SandboxAction::Sync(action) => return sync_effect(self.sync.update(*action)),
            SandboxAction::Scroll(delta) => {
                self.scroll = self.scroll.saturating_add_signed(*delta);
            }
            SandboxAction::Scenario(s) => {
                self.scenario = *s;
                self.scroll = 0;
                self.recompute();
                return Effect::Notice(format!("scénario « {} » : {}", s.name(), s.title()));
            }
            SandboxAction::Reset => {
                let sample = samples::ALL.first().copied();
                self.inputs = sample
                    .as_ref()
                    .map_or_else(Inputs::default, Inputs::with_sample);
                self.sample = sample.map(|_| 0);
                self.scenario = Scenario::Valid;
                self.delivery = DeliveryState::default();
                self.recompute();
                return Effect::Notice(RESET.into());
            }
            SandboxAction::NextField => self.field = self.field.step(1),
            SandboxAction::PrevField => self.field = self.field.step(-1),
            SandboxAction::Edit if self.field == Field::Sample => self.step_sample(1),
            SandboxAction::Edit => self.start_edit(),
            SandboxAction::GenerateSecret => {
                match Secret::try_generate() {
                    Ok(secret) => self.inputs.secret = secret.to_whsec(),
                    Err(err) => return Effect::Notice(crate::french::random_error(err)),
                }
                self.recompute();
                return Effect::Notice(GENERATED.into());
            }
            SandboxAction::NextSample => self.step_sample(1),
            SandboxAction::PrevSample => self.step_sample(-1),
            SandboxAction::NextView => {
                let i = View::ALL.iter().position(|v| *v == self.view).unwrap_or(0);
                self.view = View::ALL
                    .get((i + 1) % View::ALL.len())
                    .copied()
                    .unwrap_or(View::Exchange);
            }
            SandboxAction::MoreFailures => {
                self.set_failures(self.delivery.endpoint.failures.saturating_add(1).min(8))
            }
            SandboxAction::FewerFailures => {
                self.set_failures(self.delivery.endpoint.failures.saturating_sub(1))
            }
            SandboxAction::NextFailure => {
                let i = FAILURES
                    .iter()
                    .position(|f| *f == self.delivery.endpoint.failure)
                    .unwrap_or(0);
                self.delivery.endpoint.failure = FAILURES
                    .get((i + 1) % FAILURES.len())
                    .copied()
                    .unwrap_or(ResponseOutcome::Timeout);
                self.delivery.timeline = simulate(self.delivery.endpoint);
            }
            SandboxAction::Deliver => {
                let id = self.inputs.msg_id.clone();
                return Effect::Notice(self.delivery.idempotent.receive(&id).describe());
            }
            SandboxAction::Export => return self.export(),
            SandboxAction::ToggleListener => return Effect::ToggleListener,
            SandboxAction::CopyCurl | SandboxAction::CopyRaw => {
                return match &self.trace.exchange {
                    Ok(ex) if *action == SandboxAction::CopyRaw => Effect::Copy {
                        text: ex.sent.request.to_raw(),
                        notice: COPIED_RAW.into(),
                    },
                    Ok(ex) => Effect::Copy {
                        text: curl_command(&ex.sent.request, &self.target_url()),
                        notice: COPIED.into(),
                    },
                    Err(err) => Effect::Notice(format!("rien à copier : {err}")),
                };
            }
        }
        Effect::None
    }

    fn start_edit(&mut self) {
        let text = self.field_text();
        let mut editor = TextArea::new(text.split('\n').map(str::to_owned).collect());
        editor.set_cursor_line_style(ratatui::style::Style::new());
        editor.move_cursor(ratatui_textarea::CursorMove::Bottom);
        editor.move_cursor(ratatui_textarea::CursorMove::End);
        self.editor = Some(editor);
    }

    /// One key while editing. Enter ends single-line fields; the body takes newlines.
    fn edit_key(&mut self, key: KeyEvent) -> Effect {
        if key.code == KeyCode::Enter && self.field != Field::Payload {
            self.editor = None;
            return Effect::None;
        }
        let grows = matches!(key.code, KeyCode::Char(_) | KeyCode::Enter | KeyCode::Tab);
        if grows && self.edited_len() >= self.field.limit() {
            return Effect::Notice(paste::too_long(
                self.field.label(),
                files::human_size(self.edited_len() as u64 + 1),
                files::human_size(self.field.limit() as u64),
            ));
        }
        let Some(editor) = &mut self.editor else {
            return Effect::None;
        };
        if !editor.input(key) {
            return Effect::None;
        }
        self.store_edit();
        Effect::None
    }

    /// A paste into the field being edited: one edit, one re-signing, whatever its size.
    /// Refused whole, with the reason, past the field's limit or when no field is being
    /// edited.
    pub fn paste(&mut self, text: &str) -> Effect {
        if self.editor.is_none() {
            return Effect::Notice(PASTE_WHERE.into());
        }
        let text = match self.field {
            Field::Payload => std::borrow::Cow::Borrowed(text),
            _ => std::borrow::Cow::Owned(paste::joined(text)),
        };
        let after = self.edited_len().saturating_add(text.len());
        if after > self.field.limit() {
            return Effect::Notice(paste::too_long(
                self.field.label(),
                files::human_size(after as u64),
                files::human_size(self.field.limit() as u64),
            ));
        }
        let Some(editor) = &mut self.editor else {
            return Effect::None;
        };
        if editor.insert_str(&*text) {
            self.store_edit();
        }
        Effect::None
    }

    /// Bytes in the editor (lines and the line ends between them).
    fn edited_len(&self) -> usize {
        self.editor.as_ref().map_or(0, |e| {
            let lines = e.lines();
            lines.iter().map(String::len).sum::<usize>() + lines.len().saturating_sub(1)
        })
    }

    /// The editor's text into the inputs, then the one re-signing the edit costs.
    fn store_edit(&mut self) {
        let Some(editor) = &self.editor else {
            return;
        };
        let text = editor.lines().join("\n");
        match self.field {
            Field::Secret => self.inputs.secret = text,
            Field::MsgId => self.inputs.msg_id = text,
            Field::Timestamp => self.inputs.timestamp = text,
            Field::Payload => {
                self.inputs.payload = text;
                self.sample = None;
            }
            Field::Sample => {}
        }
        self.recompute();
    }

    fn field_text(&self) -> String {
        match self.field {
            Field::Secret => self.inputs.secret.clone(),
            Field::MsgId => self.inputs.msg_id.clone(),
            Field::Timestamp => self.inputs.timestamp.clone(),
            Field::Payload => self.inputs.payload.clone(),
            Field::Sample => String::new(),
        }
    }

    fn step_sample(&mut self, delta: isize) {
        let n = samples::ALL.len() as isize;
        let current = self.sample.map_or(-1, |i| i as isize);
        let next = if current < 0 && delta < 0 {
            n - 1
        } else {
            (current + delta).rem_euclid(n)
        };
        if let Some(sample) = samples::ALL.get(next as usize) {
            self.inputs.payload = sample.body.to_owned();
            self.sample = Some(next as usize);
            self.recompute();
        }
    }

    fn set_failures(&mut self, failures: usize) {
        self.delivery.endpoint.failures = failures;
        self.delivery.timeline = simulate(self.delivery.endpoint);
    }

    /// Re-signs and re-verifies, then rebuilds the panel lines.
    fn recompute(&mut self) {
        self.trace = Trace::compute(&self.inputs, self.scenario, (self.clock)());
        self.render_panels();
    }

    fn render_panels(&mut self) {
        // Compact JSON is one long line: indent it for reading, but only on screen, since
        // the signature covers the exact bytes.
        let indented =
            json_text::indent(&self.inputs.payload).filter(|t| *t != self.inputs.payload);
        let preview = indented.as_deref().unwrap_or(&self.inputs.payload);
        self.rendered = Rendered {
            sender: panels::sender_lines(&self.trace, &self.theme),
            receiver: panels::receiver_lines(&self.trace, &self.theme),
            payload: preview
                .split('\n')
                .take(PREVIEW_LINES)
                .map(str::to_owned)
                .collect(),
            payload_indented: indented.is_some(),
        };
    }

    /// The example's event type, or « corps modifié ».
    pub fn sample_label(&self) -> String {
        match self.sample.and_then(|i| samples::ALL.get(i)) {
            Some(s) => format!("{} — {}", s.event, s.description),
            None => "corps modifié à la main".to_owned(),
        }
    }
}

/// Unix seconds from the system clock (0 if it is set before 1970).
fn system_now() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX))
}

/// Largest body the sandbox edits: what `listen` accepts by default.
pub const MAX_PAYLOAD_BYTES: usize = 1024 * 1024;
/// Largest secret, `svix-id` or timestamp (a secret is under 100 bytes).
pub const MAX_LINE_FIELD_BYTES: usize = 4 * 1024;

/// Lines of the body kept for the preview: more than any terminal shows.
const PREVIEW_LINES: usize = 500;

/// Only if no example were embedded, which the samples' own tests rule out.
const EMPTY_SAMPLE: Sample = Sample {
    event: "user.created",
    description: "corps vide",
    body: "{}",
};
const PASTE_WHERE: &str = "collage ignoré : choisissez un champ avec ↑ ↓ et appuyez sur Entrée pour le modifier, puis collez";
const RESET: &str = "bac à sable réinitialisé : secret et id de démonstration, scénario « valid »";
const GENERATED: &str = "nouveau secret généré : le serveur et Svix partagent désormais celui-ci";
const COPIED: &str = "commande curl copiée (presse-papiers du terminal, OSC 52)";
const COPIED_RAW: &str = "requête HTTP brute copiée (presse-papiers du terminal, OSC 52)";

#[cfg(test)]
#[path = "sandbox_tests.rs"]
mod tests;
