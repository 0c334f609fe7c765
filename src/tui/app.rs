//! The app: which screen is shown, the state of each screen, and the routing of
//! actions to them. Screens own their transitions (`home.rs`, `reader.rs`); this file
//! only routes, carries out the effects that cross screens (opening a module, saving
//! progress) and draws the current screen from `&App`.
//!
//! Adding a screen: a [`Screen`] variant, a state field here, an arm in
//! [`App::update`] and in the `Widget` impl, and its rows in `keymap::BINDINGS`.
//! The quiz's side lives in `app/quiz_flow.rs`, the sandbox's in `app/sandbox_flow.rs`,
//! the Labo's in `app/labo_flow.rs`.

mod lab_flow;
mod labo_flow;
mod quiz_flow;
mod sandbox_flow;

use std::collections::HashMap;
use std::sync::Arc;

use crossterm::event::{Event as TermEvent, KeyEventKind, MouseEventKind};
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::widgets::Widget;

use crate::course::{Course, LinkTarget};
use crate::markdown::{self, Document};
use crate::progress::{ModuleProgress, Progress, Store, StoreError};

use super::action::Action;
use super::course_search::{self, CourseSearch, CourseSearchView};
use super::event::Event;
use super::help::{HelpState, HelpView};
use super::home::{self, HomeState, HomeView, Item};
use super::keymap::{self, Mode};
use super::lab::{LabAction, LabState, LabView};
use super::labo::{LaboAction, LaboState, LaboView};
use super::layout;
use super::quiz::{QuizState, QuizView, ResultsState, ResultsView};
use super::reader::{self, ReaderState, ReaderView};
use super::sandbox::{SandboxAction, SandboxState, SandboxView, SyncAction};
use super::status::{FooterView, Status, StatusView, TooSmall};
use super::theme::UiTheme;

/// The screens, one file each under `tui/`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Screen {
    // The quiz and its results (tui/quiz.rs).
    Quiz,
    Results,
    Home,
    Reader,
    Sandbox,
    Lab,
    Labo,
}

impl Screen {
    /// Title of this screen's section in the help overlay.
    pub fn help_title(self) -> &'static str {
        match self {
            Screen::Quiz => "Quiz",
            Screen::Results => "Résultats du quiz",
            Screen::Home => "Accueil",
            Screen::Reader => "Lecture",
            Screen::Sandbox => "Bac à sable",
            Screen::Lab => "Labo du projet de départ",
            Screen::Labo => "Labo",
        }
    }
}

/// Rendered modules by (module index, width): markdown is parsed on open, resize and
/// reload only, never per frame.
type DocCache = HashMap<(usize, u16), Arc<Document>>;
/// A few widths per module are plenty; past this the cache starts over.
const DOC_CACHE_LIMIT: usize = 32;

pub struct App {
    /// The attempt in progress; kept while a section is reviewed in the reader.
    pub quiz: Option<QuizState>,
    /// The last finished attempt's results.
    pub results: Option<ResultsState>,
    /// Where going back from the reader leads when the quiz or results opened it.
    return_to: Option<Screen>,
    /// Seeds of new quiz attempts (random; fixed in tests).
    pub seed_source: fn() -> u64,
    pub screen: Screen,
    pub course: Course,
    pub progress: Progress,
    /// Where progress is saved; `None` in tests and benchmarks.
    store: Option<Store>,
    /// Why saving is off for this session (unreadable or newer file, read-only folder):
    /// the file on disk is then never touched.
    save_blocked: Option<StoreError>,
    /// This process's hold on the quiz attempt slot, taken when an attempt opens.
    attempt_claim: Option<crate::progress::AttemptClaim>,
    /// The attempt on screen runs beside another process's saved attempt: it is
    /// recorded at the end only, and the other one is never touched.
    attempt_detached: bool,
    pub home: HomeState,
    /// The open module; kept when going home so « Continuer » is instant.
    pub reader: Option<ReaderState>,
    /// `Some` while the help overlay is open.
    pub help: Option<HelpState>,
    /// `Some` while the course-wide search panel is open (over home or the reader).
    pub course_search: Option<CourseSearch>,
    pub status: Status,
    pub sandbox: SandboxState,
    /// The lab screen's state, with its running worker; `None` when the lab is stopped.
    pub lab: Option<LabState>,
    /// Where `Back` leaves the sandbox for: the reader it was opened from, else home.
    sandbox_from: Screen,
    /// The Labo: its fields, rows and run; kept when leaving the screen.
    pub labo: LaboState,
    /// Escape sequences for the terminal itself (OSC 52 clipboard), written by the
    /// main loop after the update that produced them.
    pub terminal_out: Option<String>,
    /// The main loop's channel, for background work started by a screen (the sandbox's
    /// listener); `None` in tests.
    pub events: Option<std::sync::mpsc::Sender<Event>>,
    /// Cleared to stop the « Synchronisation » play timer.
    ticker: Option<Arc<std::sync::atomic::AtomicBool>>,
    /// The whole terminal.
    pub area: Rect,
    pub theme: UiTheme,
    md_theme: markdown::Theme,
    docs: DocCache,
    /// Where each followed internal link was left from, most recent last.
    history: Vec<(usize, ModuleProgress)>,
    pub quit: bool,
    /// External links drawn as OSC 8 hyperlinks (off in tests: snapshots hold text).
    pub hyperlinks: bool,
    /// Ask the learner's name once, before a first quiz (off in tests; the launcher
    /// turns it on unless WEBHOOK_TUTOR_LEARNER is set).
    pub ask_learner: bool,
}

impl App {
    /// `colors: false` for NO_COLOR / `--color never`.
    pub fn new(
        course: Course,
        progress: Progress,
        store: Option<Store>,
        colors: bool,
        area: Rect,
    ) -> App {
        let (theme, md_theme) = if colors {
            (UiTheme::default(), markdown::Theme::default())
        } else {
            (UiTheme::plain(), markdown::Theme::plain())
        };
        let labo = LaboState::new(&progress.lab(&course.title));
        App {
            labo,
            quiz: None,
            results: None,
            return_to: None,
            seed_source: crate::quiz::random_seed,
            screen: Screen::Home,
            course,
            progress,
            store,
            save_blocked: None,
            attempt_claim: None,
            attempt_detached: false,
            home: HomeState::default(),
            reader: None,
            help: None,
            course_search: None,
            status: Status::default(),
            sandbox: SandboxState::demo(colors),
            lab: None,
            sandbox_from: Screen::Home,
            terminal_out: None,
            events: None,
            ticker: None,
            area,
            theme,
            md_theme,
            docs: DocCache::new(),
            history: Vec::new(),
            quit: false,
            hyperlinks: false,
            ask_learner: false,
        }
    }

    /// What the keyboard is talking to right now.
    pub fn mode(&self) -> Mode {
        if self.help.is_some() {
            return Mode::Help;
        }
        if self.course_search.is_some() {
            return Mode::CourseSearch;
        }
        if let Some(mode) = self.quiz_mode() {
            return mode;
        }
        match (self.screen, &self.reader) {
            (Screen::Reader, Some(r)) => r.mode(),
            (Screen::Sandbox, _) => self.sandbox.mode(),
            (Screen::Labo, _) => self.labo.mode(),
            _ => Mode::Normal,
        }
    }

    /// Turns a terminal or background event into an action, if it means one.
    pub fn action_for_event(&self, event: Event) -> Option<Action> {
        match event {
            Event::Term(TermEvent::Key(key)) if key.kind == KeyEventKind::Press => {
                keymap::action_for(self.screen, self.mode(), key)
            }
            Event::Term(TermEvent::Mouse(mouse))
                if self.screen == Screen::Reader && self.mode() == Mode::Normal =>
            {
                match mouse.kind {
                    MouseEventKind::ScrollDown => Some(Action::ScrollLines(WHEEL_LINES)),
                    MouseEventKind::ScrollUp => Some(Action::ScrollLines(-WHEEL_LINES)),
                    _ => None,
                }
            }
            Event::Term(TermEvent::Resize(w, h)) => Some(Action::Resize(w, h)),
            Event::Term(TermEvent::Paste(text)) => {
                Some(Action::Paste(super::paste::normalize_line_ends(text)))
            }
            Event::Term(_) => None,
            Event::LabProgress(p) => Some(Action::Labo(LaboAction::Progress(p))),
            Event::LabFinished(result) => Some(Action::Labo(LaboAction::Finished(result))),
            Event::CourseReloaded(result) => Some(Action::CourseReloaded(result)),
            Event::Received(request) => Some(Action::Received(request)),
            Event::Tick => Some(Action::Sandbox(SandboxAction::Sync(SyncAction::Tick))),
            Event::SyncEndpoint(run) => Some(Action::SyncEndpoint(run)),
            Event::Clock => Some(Action::Clock),
            // Saves the position and leaves, whatever is on screen.
            Event::Lab(event) => Some(Action::Lab(LabAction::Event(event))),
            Event::Signal(_) => Some(Action::Quit),
        }
    }

    /// The only place where state changes.
    pub fn update(&mut self, action: Action) {
        // Background results belong to the sandbox whatever is on screen.
        if let Action::Received(request) = action {
            self.sandbox.received(*request);
            return;
        }
        // The lab's reports belong to it whatever is on screen.
        if let Action::Lab(LabAction::Event(event)) = &action {
            let effect = self
                .lab
                .as_mut()
                .map(|lab| lab.update(&LabAction::Event(event.clone())));
            if let Some(effect) = effect {
                self.lab_effect(effect);
            }
            return;
        }
        // The Labo's run reports whatever is on screen, and is no keystroke either.
        if let Action::Labo(action @ (LaboAction::Progress(_) | LaboAction::Finished(_))) = action {
            self.labo_news(&action);
            return;
        }
        if let Action::SyncEndpoint(run) = action {
            let effect = self.sandbox.sync.endpoint_done(&run);
            self.sandbox_effect(crate::tui::sandbox::sync_effect(effect));
            return;
        }
        // Like the listener, the clock is no keystroke: the status line stays.
        if action == Action::Clock {
            self.sandbox.follow_clock();
            return;
        }
        // The play timer runs whatever is on screen, and is no keystroke.
        if action == Action::Sandbox(SandboxAction::Sync(SyncAction::Tick)) {
            let effect = self.sandbox.update(&SandboxAction::Sync(SyncAction::Tick));
            self.sandbox_effect(effect);
            return;
        }
        let from_user = !matches!(action, Action::Resize(..) | Action::CourseReloaded(_));
        if from_user {
            self.status.notice = None;
        }
        if self.help.is_some() {
            match action {
                Action::ToggleHelp => self.help = None,
                Action::Quit => self.quit(),
                Action::Resize(w, h) => self.resize(w, h),
                Action::CourseReloaded(result) => self.reload(*result),
                other => {
                    if let Some(help) = &mut self.help {
                        help.update(&other);
                    }
                }
            }
            return;
        }
        if self.course_search.is_some()
            && !matches!(
                action,
                Action::Quit | Action::ToggleHelp | Action::Resize(..) | Action::CourseReloaded(_)
            )
        {
            self.update_course_search(&action);
            return;
        }
        match action {
            Action::OpenCourseSearch => self.course_search = Some(CourseSearch::default()),
            Action::OpenQuiz => self.open_quiz(),
            Action::Quit => self.quit(),
            Action::ToggleHelp => self.help = Some(HelpState::default()),
            Action::Resize(w, h) => self.resize(w, h),
            Action::CourseReloaded(result) => self.reload(*result),
            Action::OpenModule { module, anchor } => self.open_module(module, anchor.as_deref()),
            Action::GoHome if self.screen == Screen::Lab => {
                // Leaving the lab stops it, and its server with it.
                self.lab = None;
                self.screen = Screen::Home;
            }
            Action::GoHome => self.go_home(),
            Action::HistoryBack if self.screen == Screen::Reader => self.history_back(),
            Action::OpenSandbox => self.open_sandbox(),
            Action::OpenLab => self.open_lab(),
            Action::OpenLabo => self.open_labo(),
            other => match self.screen {
                Screen::Quiz => self.update_quiz(&other),
                Screen::Results => self.update_results(&other),
                Screen::Home => self.update_home(&other),
                Screen::Reader => self.update_reader(&other),
                Screen::Sandbox => self.update_sandbox(&other),
                Screen::Lab => self.update_lab(&other),
                Screen::Labo => self.update_labo(&other),
            },
        }
    }

    fn update_home(&mut self, action: &Action) {
        match self.home.update(action, &self.course) {
            home::Effect::None => {}
            home::Effect::Open(Item::Continue) => {
                let last = self
                    .progress
                    .last_module
                    .as_deref()
                    .and_then(|id| self.course.find_module(id))
                    .unwrap_or(0);
                self.open_module(last, None);
            }
            home::Effect::Open(Item::Module(i)) => self.open_module(i, None),
            home::Effect::Open(Item::Quiz) => self.open_quiz(),
            home::Effect::Open(Item::ReviewMistakes) => self.review_mistakes(),
            home::Effect::Open(Item::Sandbox) => self.open_sandbox(),
            home::Effect::Open(Item::Lab) => self.open_lab(),
            home::Effect::Open(Item::Labo) => self.open_labo(),
            home::Effect::Open(Item::Exercise(i)) => {
                let see = self.course.exercises.get(i).map(|x| x.see.clone());
                match see.and_then(|see| Action::open_reference(&self.course, &see)) {
                    Some(action) => self.update(action),
                    None => {
                        self.status.notice = Some(format!(
                            "la section de cet exercice est introuvable (lancez « {} »)",
                            self.course.origin.check_command()
                        ))
                    }
                }
            }
            home::Effect::ToggleExercise(i) => {
                let Some(x) = self.course.exercises.get(i) else {
                    return;
                };
                let (id, title) = (x.id.clone(), x.title.clone());
                let done = !self.progress.exercises_done.contains(&id);
                self.status.notice = Some(if done {
                    format!("✓ exercice « {title} » fait")
                } else {
                    format!("exercice « {title} » à refaire")
                });
                self.change_progress(|p| p.set_exercise(&id, done));
            }
        }
    }

    fn update_reader(&mut self, action: &Action) {
        let Some(reader) = &mut self.reader else {
            self.screen = Screen::Home;
            return;
        };
        let effect = reader.update(action);
        let newly_read = self.note_position();
        match effect {
            reader::Effect::None => {}
            reader::Effect::GoHome => self.go_home(),
            reader::Effect::MoveModule(delta) => {
                let current = self.reader.as_ref().map_or(0, |r| r.module);
                let target = current as i64 + i64::from(delta);
                match usize::try_from(target) {
                    Ok(t) if t < self.course.modules.len() => self.open_module(t, None),
                    _ if delta > 0 => self.status.notice = Some(LAST_MODULE.into()),
                    _ => self.status.notice = Some(FIRST_MODULE.into()),
                }
            }
            reader::Effect::Follow(url) => self.follow(&url),
            reader::Effect::Notice(text) => self.status.notice = Some(text),
            reader::Effect::ToggleFold { key, open } => self.toggle_fold(&key, open),
            reader::Effect::Copy { text, notice } => {
                self.terminal_out = Some(crate::sandbox::osc52(&text));
                self.status.notice = Some(notice);
            }
        }
        if newly_read {
            self.save_position();
        }
    }

    /// Unfolds or folds a hint of the open module, saves which hints are open, and
    /// shows the module again at the same place.
    fn toggle_fold(&mut self, key: &str, open: bool) {
        let Some(module) = self.reader.as_ref().map(|r| r.module) else {
            return;
        };
        let Some(id) = self.course.modules.get(module).map(|m| m.id.clone()) else {
            return;
        };
        let summary = self
            .reader
            .as_ref()
            .and_then(|r| r.selected_fold())
            .map(|f| f.summary.clone())
            .unwrap_or_default();
        self.change_progress(|p| p.set_hint(&id, key, open));
        self.docs.retain(|(m, _), _| *m != module);
        let (width, _) = self.reader_geometry();
        let doc = self.doc(module, width);
        if let Some(r) = &mut self.reader {
            r.refold(doc);
        }
        self.status.notice = Some(if open {
            format!("« {summary} » affiché")
        } else {
            format!("« {summary} » replié")
        });
    }

    fn update_course_search(&mut self, action: &Action) {
        let Some(search) = &mut self.course_search else {
            return;
        };
        match search.update(action) {
            course_search::Effect::None => {}
            course_search::Effect::Notice(text) => self.status.notice = Some(text),
            course_search::Effect::Close => self.course_search = None,
            course_search::Effect::Refresh => {
                let query = search.query.clone();
                let (width, _) = self.reader_geometry();
                let docs: Vec<Arc<Document>> = (0..self.course.modules.len())
                    .map(|i| self.doc(i, width))
                    .collect();
                let hits = crate::course::search::search(docs.iter().map(|d| &**d), &query);
                if let Some(search) = &mut self.course_search {
                    search.set_hits(hits);
                }
            }
            course_search::Effect::Open(hit) => {
                let query = search.query.clone();
                self.course_search = None;
                self.open_module(hit.module, None);
                if let Some(r) = &mut self.reader {
                    r.show_match(&query, hit.line, hit.start);
                }
                self.note_position();
            }
        }
    }

    /// Opens a module at `anchor` (a heading slug), or at its saved position.
    pub fn open_module(&mut self, module: usize, anchor: Option<&str>) {
        let Some(id) = self.course.modules.get(module).map(|m| m.id.clone()) else {
            return;
        };
        if self.reader.as_ref().is_some_and(|r| r.module != module) {
            self.leave_module();
        }
        let (width, viewport) = self.reader_geometry();
        let same = self.reader.as_ref().is_some_and(|r| r.module == module);
        if !same {
            let doc = self.doc(module, width);
            let mut reader = ReaderState::new(module, doc, width, viewport);
            if let Some(saved) = self.progress.modules.get(&id) {
                let total = reader.total_lines();
                reader.restore(
                    saved.scroll_at(width, total),
                    saved.furthest_at(width, total),
                    saved.read,
                );
            }
            self.reader = Some(reader);
        }
        if let (Some(anchor), Some(reader)) = (anchor, &mut self.reader)
            && !reader.jump_to_anchor(anchor)
        {
            self.status.notice = Some(format!("section « #{anchor} » introuvable dans ce module"));
        }
        self.progress.set_last_module(&id);
        self.screen = Screen::Reader;
        if self.note_position() {
            self.save_position();
        }
    }

    fn go_home(&mut self) {
        self.leave_module();
        self.screen = self.take_return().unwrap_or(Screen::Home);
    }

    /// Saves the position of the open module before showing something else.
    fn leave_module(&mut self) {
        self.note_position();
        self.save_position();
    }

    fn quit(&mut self) {
        self.leave_module();
        self.quit = true;
    }

    /// Saves the open module as « Continuer » and its reading position, merged with
    /// what other processes saved.
    fn save_position(&mut self) {
        let Some(r) = &self.reader else { return };
        let Some(m) = self.course.modules.get(r.module) else {
            return;
        };
        let (id, scroll, width) = (m.id.clone(), r.scroll, r.width);
        let (total, viewport) = (r.total_lines(), r.viewport);
        self.change_progress(|p| {
            p.set_last_module(&id);
            p.record_position(&id, scroll, width, total, viewport);
        });
    }

    /// Copies the reader position into the in-memory progress (shown at once, saved by
    /// [`App::save_position`]); true when the module has just been read to the end for
    /// the first time.
    fn note_position(&mut self) -> bool {
        let Some(r) = &self.reader else { return false };
        let Some(m) = self.course.modules.get(r.module) else {
            return false;
        };
        self.progress
            .record_position(&m.id, r.scroll, r.width, r.total_lines(), r.viewport)
    }

    fn follow(&mut self, url: &str) {
        let current = self.reader.as_ref().map_or(0, |r| r.module);
        match self.course.resolve_link(current, url) {
            LinkTarget::Module { module, anchor } => {
                if let Some(r) = &mut self.reader {
                    r.link = None;
                    let here = ModuleProgress {
                        scroll: r.scroll,
                        width: r.width,
                        total_lines: r.total_lines(),
                        ..ModuleProgress::default()
                    };
                    if self.history.len() >= HISTORY_LIMIT {
                        self.history.remove(0);
                    }
                    self.history.push((r.module, here));
                }
                self.open_module(module, anchor.as_deref());
            }
            LinkTarget::External(url) => {
                // No browser is launched from a terminal course: the address goes to the
                // clipboard, to paste wherever the learner reads.
                self.terminal_out = Some(crate::sandbox::osc52(&url));
                self.status.notice = Some(format!("adresse copiée (presse-papiers) : {url}"));
            }
            LinkTarget::Unknown(url) => {
                self.status.notice = Some(format!("lien vers un fichier hors du cours : {url}"));
            }
        }
    }

    fn history_back(&mut self) {
        let Some((module, place)) = self.history.pop() else {
            self.status.notice = Some(NO_HISTORY.into());
            return;
        };
        self.open_module(module, None);
        if let Some(r) = &mut self.reader {
            let scroll = place.scroll_at(r.width, r.total_lines());
            r.set_scroll(scroll);
        }
        self.note_position();
    }

    fn resize(&mut self, w: u16, h: u16) {
        self.area = Rect::new(0, 0, w, h);
        self.resize_quiz();
        let (width, viewport) = self.reader_geometry();
        let module = match &mut self.reader {
            Some(r) => {
                r.set_viewport(viewport);
                if r.width == width {
                    return;
                }
                r.module
            }
            None => return,
        };
        let doc = self.doc(module, width);
        if let Some(r) = &mut self.reader {
            r.replace_doc(doc, width);
        }
    }

    fn reload(&mut self, result: Result<Course, crate::course::CourseError>) {
        let course = match result {
            Ok(course) => course,
            Err(err) => {
                self.status.error = Some(format!("rechargement impossible : {err}"));
                return;
            }
        };
        self.course = course;
        self.docs.clear();
        self.status.error = None;
        self.status.notice = Some(RELOADED.into());
        self.home.clamp(&self.course);
        let Some(module) = self.reader.as_ref().map(|r| r.module) else {
            return;
        };
        if module >= self.course.modules.len() {
            self.reader = None;
            self.screen = Screen::Home;
            return;
        }
        let (width, _) = self.reader_geometry();
        let doc = self.doc(module, width);
        if let Some(r) = &mut self.reader {
            r.replace_doc(doc, width);
        }
    }

    /// Render width and visible lines of the reader at the current terminal size.
    fn reader_geometry(&self) -> (u16, usize) {
        let body = layout::areas(self.area).body;
        let width = layout::text_column(body).width.max(layout::MIN_WIDTH);
        (width, usize::from(body.height).max(1))
    }

    fn doc(&mut self, module: usize, width: u16) -> Arc<Document> {
        if let Some(doc) = self.docs.get(&(module, width)) {
            return Arc::clone(doc);
        }
        let source = self
            .course
            .modules
            .get(module)
            .map_or("", |m| m.source.as_str());
        // Exercise hints stay folded until the learner opens them, one at a time.
        let open = self
            .course
            .modules
            .get(module)
            .and_then(|m| self.progress.modules.get(&m.id))
            .map(|p| p.hints_open.clone())
            .unwrap_or_default();
        let doc = Arc::new(markdown::render_folded(
            source,
            width,
            &self.md_theme,
            &open,
        ));
        if self.docs.len() >= DOC_CACHE_LIMIT {
            self.docs.clear();
        }
        self.docs.insert((module, width), Arc::clone(&doc));
        doc
    }

    /// Applies `change` to the progress shown, then through [`Store::update`] (locked,
    /// reloaded, merged with what other processes saved), and shows the merged result.
    /// Every progress mutation goes through here, as a `Progress` method; a failure is
    /// shown, never fatal.
    pub fn change_progress(&mut self, change: impl Fn(&mut Progress)) {
        change(&mut self.progress);
        let Some(store) = &self.store else { return };
        if let Some(blocked) = &self.save_blocked {
            self.status.error = Some(blocked.short());
            return;
        }
        match store.update(&change) {
            Ok(merged) => {
                self.progress = merged;
                if self
                    .status
                    .error
                    .as_deref()
                    .is_some_and(|e| e.starts_with(SAVE_FAILED))
                {
                    self.status.error = None;
                }
            }
            Err(err) => {
                if err.is_lasting() {
                    self.block_saving(err);
                } else {
                    self.status.error = Some(format!("{SAVE_FAILED} : {err}"));
                }
            }
        }
    }

    /// Turns saving off for the session, with a lasting warning in the status line and
    /// the full explanation as a notice.
    pub fn block_saving(&mut self, why: StoreError) {
        self.status.error = Some(why.short());
        self.status.notice = Some(why.to_string());
        self.save_blocked = Some(why);
    }

    /// Why saving is off, if it is.
    pub fn save_blocked(&self) -> Option<&StoreError> {
        self.save_blocked.as_ref()
    }

    /// Title, position and right-hand text of the status line.
    fn status_texts(&self) -> (String, String, String) {
        if let Some(search) = &self.course_search {
            return (
                COURSE_SEARCH_STATUS.to_string(),
                search.position(),
                String::new(),
            );
        }
        if let Some((title, position)) = self.quiz_status() {
            return (title, position, String::new());
        }
        match (self.screen, &self.reader) {
            (Screen::Reader, Some(r)) => {
                let title = self
                    .course
                    .modules
                    .get(r.module)
                    .map_or("", |m| m.title.as_str());
                (title.to_string(), r.status_position(), r.status_right())
            }
            (Screen::Sandbox, _) => self.sandbox_status(),
            (Screen::Lab, _) => (LAB_STATUS.to_string(), String::new(), String::new()),
            (Screen::Labo, _) => self.labo_status(),
            _ => (HOME_STATUS.to_string(), String::new(), String::new()),
        }
    }
}

impl Widget for &App {
    fn render(self, area: Rect, buf: &mut Buffer) {
        if layout::is_too_small(area) {
            TooSmall.render(area, buf);
            return;
        }
        let areas = layout::areas(area);
        match (self.screen, &self.reader) {
            (Screen::Quiz, _) if let Some(quiz) = &self.quiz => {
                QuizView { state: quiz }.render(areas.body, buf);
            }
            (Screen::Results, _) if let Some(results) = &self.results => ResultsView {
                state: results,
                theme: &self.theme,
            }
            .render(areas.body, buf),
            (Screen::Reader, Some(reader)) => ReaderView {
                state: reader,
                theme: &self.theme,
                md_theme: &self.md_theme,
                hyperlinks: self.hyperlinks,
            }
            .render(areas.body, buf),
            (Screen::Sandbox, _) => SandboxView {
                state: &self.sandbox,
            }
            .render(areas.body, buf),
            (Screen::Lab, _) if let Some(lab) = &self.lab => LabView {
                state: lab,
                theme: &self.theme,
            }
            .render(areas.body, buf),
            (Screen::Labo, _) => LaboView {
                state: &self.labo,
                theme: &self.theme,
            }
            .render(areas.body, buf),
            _ => HomeView {
                state: &self.home,
                course: &self.course,
                progress: &self.progress,
                theme: &self.theme,
                quiz_in_progress: self.quiz_position(),
            }
            .render(areas.body, buf),
        }
        if let Some(search) = &self.course_search {
            CourseSearchView {
                state: search,
                course: &self.course,
                theme: &self.theme,
            }
            .render(areas.body, buf);
        }
        let (left, position, right) = self.return_hint(self.status_texts());
        StatusView {
            left,
            position,
            right,
            status: &self.status,
            theme: &self.theme,
        }
        .render(areas.status, buf);
        let label = |b: &keymap::Binding| self.footer_label(b);
        FooterView {
            screen: self.screen,
            mode: self.mode(),
            theme: &self.theme,
            label: &label,
        }
        .render(areas.footer, buf);
        if let Some(help) = &self.help {
            HelpView {
                screen: self.screen,
                state: help,
                theme: &self.theme,
            }
            .render(area, buf);
        }
    }
}

const WHEEL_LINES: i32 = 3;
/// Followed links remembered for Backspace.
const HISTORY_LIMIT: usize = 64;
const NO_HISTORY: &str = "aucun lien suivi : rien à annuler";
const LAST_MODULE: &str = "c'est le dernier module : q pour revenir à l'accueil et passer le quiz";
const FIRST_MODULE: &str = "c'est le premier module";
const HOME_STATUS: &str = "Accueil";
const LAB_STATUS: &str = "Labo du projet de départ";
const COURSE_SEARCH_STATUS: &str = "Recherche dans le cours";
const RELOADED: &str = "cours rechargé";
const SAVE_FAILED: &str = "progression non enregistrée";

#[cfg(test)]
#[path = "app_tests.rs"]
pub(crate) mod tests;
