//! The terminal UI. This file owns the terminal's lifetime: raw mode, alternate screen,
//! bracketed paste and mouse capture are set up once and restored on every way out
//! (normal quit, error, panic, a stop signal, Ctrl-C, which raw mode delivers as a key).
//! The loop is draw → wait for events → `App::update` for each (typed runs gathered into
//! one paste, `tui/paste.rs`); screens live in `tui/`.

pub mod action;
pub mod app;
pub mod course_search;
pub mod event;
pub mod help;
pub mod home;
pub mod keymap;
pub mod lab;
pub mod labo;
pub mod layout;
pub mod paste;
pub mod quiz;
pub mod reader;
pub mod sandbox;
pub mod status;
pub mod theme;

use std::path::{Path, PathBuf};
use std::sync::mpsc;

use anyhow::Context as _;
use crossterm::event::{
    DisableBracketedPaste, DisableMouseCapture, EnableBracketedPaste, EnableMouseCapture,
};
use ratatui::layout::Rect;

use crate::course::Course;
use crate::progress::{Loaded, Store};

pub use app::{App, Screen};

/// How the interface should behave.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// `webhook-tutor quiz`: open on the quiz, shuffled with this seed.
    pub quiz: Option<u64>,
    /// `--course DIR`: watched and reloaded live.
    pub watch: Option<PathBuf>,
    pub colors: bool,
    /// `--mouse`: capture the mouse so the wheel scrolls.
    pub mouse: bool,
    /// Make external links OSC 8 hyperlinks (see [`hyperlinks_supported`]).
    pub hyperlinks: bool,
    /// `webhook-tutor sandbox`: open on the sandbox, on this scenario and example.
    pub sandbox: Option<(crate::sandbox::Scenario, &'static crate::samples::Sample)>,
    /// `webhook-tutor sandbox --sync NAME`: open on the « Synchronisation » view.
    pub sync: Option<(crate::sync::SyncScenario, crate::sync::Faults)>,
    /// `webhook-tutor lab`: open on the lab screen, grading this target.
    pub lab: Option<(String, crate::lab::round::Target)>,
    /// `grade … --scenario NAME --tui`: also play the scenario against this endpoint, off
    /// the UI thread, and show its table as the view's seventh column.
    pub sync_endpoint: Option<crate::grade::Config>,
}

/// Whether to write OSC 8 hyperlinks: terminals that do not know them ignore the escape
/// (the text stays), except the Linux console and `TERM=dumb`, which are left alone; so is
/// anyone who sets `WEBHOOK_TUTOR_HYPERLINKS=0`.
pub fn hyperlinks_supported() -> bool {
    let term = std::env::var("TERM").unwrap_or_default();
    let off = std::env::var_os("WEBHOOK_TUTOR_HYPERLINKS").is_some_and(|v| v == "0");
    !off && !matches!(term.as_str(), "dumb" | "linux")
}

/// Loads the course (`course_dir`, else the embedded copy) and the progress kept in
/// `data_dir` (else the default folder), then runs the interface with `options`.
pub fn launch(
    course_dir: Option<&Path>,
    data_dir: Option<&Path>,
    options: &Options,
) -> anyhow::Result<()> {
    let course = Course::load(course_dir)?;
    let store = Store::open(data_dir)?;
    let loaded = store.load_for_writing();
    run(course, loaded, store, options)
}

/// Runs the interface until the learner quits. Progress is saved along the way and on
/// the way out.
pub fn run(course: Course, loaded: Loaded, store: Store, options: &Options) -> anyhow::Result<()> {
    {
        // Runs after ratatui's own hook (installed by init below) has left raw mode and
        // the alternate screen: the modes ratatui does not know of go too.
        let previous = std::panic::take_hook();
        let mouse = options.mouse;
        std::panic::set_hook(Box::new(move |info| {
            let _ = crossterm::execute!(std::io::stdout(), DisableBracketedPaste);
            if mouse {
                let _ = crossterm::execute!(std::io::stdout(), DisableMouseCapture);
            }
            previous(info);
        }));
    }
    // Caught before raw mode starts, so no signal can leave the terminal raw.
    let (tx, rx) = mpsc::channel();
    let signals =
        event::spawn_signals(tx.clone()).context("impossible d'intercepter les signaux d'arrêt")?;
    let mut terminal = match ratatui::try_init() {
        Ok(terminal) => terminal,
        Err(err) => {
            // Raw mode may be on even though the alternate screen failed.
            ratatui::restore();
            return Err(anyhow::Error::new(err).context(NO_TERMINAL));
        }
    };
    let _guard = TerminalGuard {
        mouse: options.mouse,
    };
    // A paste then arrives as one event, not one key per character. Terminals without
    // it ignore the request; their pastes are gathered from the queued keys instead.
    crossterm::execute!(std::io::stdout(), EnableBracketedPaste)
        .context("impossible d'activer le collage groupé")?;
    if options.mouse {
        crossterm::execute!(std::io::stdout(), EnableMouseCapture)
            .context("impossible d'activer la souris")?;
    }
    // A paste arrives as one event (one edit of a field), not as a burst of keys. Terminals
    // that do not know the sequence ignore it, and their pastes still come as keys.
    let _ = crossterm::execute!(std::io::stdout(), EnableBracketedPaste);
    let size = terminal.size().context("taille du terminal inconnue")?;
    let mut app = App::new(
        course,
        loaded.progress,
        Some(store),
        options.colors,
        Rect::new(0, 0, size.width, size.height),
    );
    app.hyperlinks = options.hyperlinks;
    // The name for instructor exports is asked once, unless the environment gives it.
    app.ask_learner = std::env::var_os("WEBHOOK_TUTOR_LEARNER").is_none();
    if let Some(seed) = options.quiz {
        app.open_quiz_seeded(seed);
    }
    if loaded.warning.is_some() {
        app.status.notice = loaded.warning;
    }
    if let Some(blocked) = loaded.blocked {
        app.block_saving(blocked);
    }
    if let Some((scenario, sample)) = options.sandbox {
        app.sandbox = sandbox::SandboxState::new(scenario, sample, options.colors);
        app.screen = Screen::Sandbox;
    }
    if let Some((scenario, faults)) = options.sync {
        app.sandbox.open_sync(scenario, faults);
        app.screen = Screen::Sandbox;
    }

    app.events = Some(tx.clone());
    if let Some((dir, target)) = &options.lab {
        app.open_lab_on(dir.clone(), target.clone());
    }
    if let (Some(config), Some((scenario, _))) = (&options.sync_endpoint, options.sync) {
        app.sandbox.sync.endpoint = Some(sandbox::EndpointState::Running {
            url: config.url.clone(),
        });
        let (config, tx) = (config.clone(), tx.clone());
        std::thread::Builder::new()
            .name("grade-scenario".into())
            .spawn(move || {
                let result =
                    crate::grade::run_scenario(&config, scenario).map_err(|e| e.to_string());
                // The interface may be gone already: nobody left to tell.
                let _ = tx.send(event::Event::SyncEndpoint(sandbox::EndpointRun::new(
                    result,
                )));
            })
            .context("impossible de lancer le passage contre votre endpoint")?;
    }
    event::spawn_input(tx.clone()).context("impossible de lire le clavier")?;
    event::spawn_clock(tx.clone()).context("impossible de lancer l'horloge du bac à sable")?;
    if let Some(dir) = &options.watch {
        event::spawn_watcher(dir.clone(), tx).context("impossible de surveiller le cours")?;
    }
    let mut stopped_by = None;
    while !app.quit {
        terminal
            .draw(|frame| frame.render_widget(&app, frame.area()))
            .context("impossible de dessiner l'interface")?;
        let Ok(first) = rx.recv() else { break };
        // Handle everything already queued before drawing again, so held keys and
        // bursts of resizes cost one frame, and typed characters one edit.
        if let Some(signal) = handle_events(&mut app, std::iter::once(first).chain(rx.try_iter())) {
            stopped_by = Some(signal);
        }
    }
    if stopped_by.is_none() && app.labo.running {
        stopped_by = finish_lab_run(&mut terminal, &mut app, &rx)?;
    }
    signals.close();
    match stopped_by {
        // The guard restores the terminal on the way out, before `main` exits.
        Some(signal) => Err(Interrupted { signal }.into()),
        None => Ok(()),
    }
}

/// Applies `events` in order, a run of typed characters as one [`action::Action::Paste`]
/// (the mode cannot change within the run: typing never leaves a field). Stops early
/// once the app quits. Returns the stop signal met, if any.
pub(crate) fn handle_events(
    app: &mut App,
    events: impl IntoIterator<Item = event::Event>,
) -> Option<i32> {
    let mut stopped_by = None;
    let mut typed = paste::TypedRun::default();
    for event in events {
        if let event::Event::Signal(signal) = event {
            stopped_by = Some(signal);
        }
        let action = app.action_for_event(event);
        if action.as_ref().is_some_and(|a| typed.absorb(a)) {
            continue;
        }
        for action in typed.take().into_iter().chain(action) {
            apply(app, action);
        }
        if app.quit {
            return stopped_by;
        }
    }
    if let Some(action) = typed.take() {
        apply(app, action);
    }
    stopped_by
}

/// One update, then the escape sequences it asked for (OSC 52 clipboard).
fn apply(app: &mut App, action: action::Action) {
    app.update(action);
    if let Some(out) = app.terminal_out.take() {
        // Unsupported escape sequences are ignored by terminals: nothing to report.
        let _ = crossterm::execute!(std::io::stdout(), crossterm::style::Print(out));
    }
}

/// Leaving while the Labo runs: the run is let finish (at most [`LAB_GRACE`]), so the
/// test users it created are deleted and the run is recorded. Ctrl-C or a signal leaves
/// at once. Returns the signal, if one came.
fn finish_lab_run(
    terminal: &mut ratatui::DefaultTerminal,
    app: &mut App,
    rx: &mpsc::Receiver<event::Event>,
) -> anyhow::Result<Option<i32>> {
    use crossterm::event::{Event as TermEvent, KeyCode, KeyModifiers};
    let deadline = std::time::Instant::now() + LAB_GRACE;
    app.status.notice = Some(FINISHING_LAB.into());
    while app.labo.running {
        terminal
            .draw(|frame| frame.render_widget(&*app, frame.area()))
            .context("impossible de dessiner l'interface")?;
        let left = deadline.saturating_duration_since(std::time::Instant::now());
        let Ok(event) = rx.recv_timeout(left) else {
            break;
        };
        match event {
            event::Event::Signal(signal) => return Ok(Some(signal)),
            event::Event::Term(TermEvent::Key(key))
                if key.code == KeyCode::Char('c')
                    && key.modifiers.contains(KeyModifiers::CONTROL) =>
            {
                break;
            }
            event::Event::LabProgress(_) | event::Event::LabFinished(_) => {
                if let Some(action) = app.action_for_event(event) {
                    app.update(action);
                }
            }
            _ => {}
        }
    }
    Ok(None)
}

/// How long leaving waits for a Labo run to finish and clean up.
const LAB_GRACE: std::time::Duration = std::time::Duration::from_secs(30);
const FINISHING_LAB: &str = "fin de l’évaluation du labo (suppression des utilisateurs de test) avant de quitter… Ctrl-C : quitter tout de suite";

/// The interface was stopped by `signal`; `main` exits with 128 + signal, as shells do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Interrupted {
    pub signal: i32,
}

impl Interrupted {
    /// The conventional exit status: 128 + the signal number (143 for SIGTERM).
    pub fn exit_code(self) -> u8 {
        u8::try_from(128 + self.signal).unwrap_or(u8::MAX)
    }
}

impl std::fmt::Display for Interrupted {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "interrompu par le signal {}", self.signal)
    }
}

impl std::error::Error for Interrupted {}

/// Raw mode off, main screen, cursor shown, mouse and paste modes off: the terminal as
/// the shell left it. Safe to call more than once.
pub(crate) fn restore_terminal() {
    let _ = crossterm::execute!(
        std::io::stdout(),
        DisableBracketedPaste,
        DisableMouseCapture,
        DisableBracketedPaste,
        crossterm::cursor::Show
    );
    ratatui::restore();
}

/// Restores the terminal when dropped, whatever the way out of [`run`].
#[must_use = "the terminal is restored when the guard is dropped"]
struct TerminalGuard {
    mouse: bool,
}

impl Drop for TerminalGuard {
    fn drop(&mut self) {
        if self.mouse {
            let _ = crossterm::execute!(std::io::stdout(), DisableMouseCapture);
        }
        let _ = crossterm::execute!(
            std::io::stdout(),
            DisableBracketedPaste,
            crossterm::cursor::Show
        );
        ratatui::restore();
    }
}

const NO_TERMINAL: &str = "impossible d'ouvrir l'interface (il faut un terminal interactif) ; pour lire sans interface : « webhook-tutor read NUMÉRO »";

#[cfg(test)]
#[path = "tui/reader_snapshot_tests.rs"]
mod reader_snapshot_tests;
#[cfg(test)]
#[path = "tui/snapshot_tests.rs"]
mod snapshot_tests;
#[cfg(test)]
#[path = "tui/test_support.rs"]
pub(crate) mod test_support;
