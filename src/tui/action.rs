//! User intents. Keys, mouse wheel, resizes and background events all become an
//! [`Action`]; `App::update` is the only place that turns one into a state change.

use crate::course::{Course, CourseError};
use crate::listen::ReceivedEvent;

use super::labo::LaboAction;
use super::quiz::QuizAction;
use super::sandbox::SandboxAction;

/// Everything the app can be asked to do. Screen-specific actions are ignored by the
/// screens they do not concern, so the keymap can stay one flat table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Action {
    /// Leave the app, saving progress (q on home, Ctrl-C anywhere).
    Quit,
    /// Back out of the current context: clear the search or the link selection, close
    /// a panel, or return to the home screen.
    Back,
    /// Open or close the key help overlay.
    ToggleHelp,

    /// Move a selection (home list, outline, help) up or down.
    SelectPrev,
    SelectNext,
    /// Activate the selected item (home entry, outline heading, selected link).
    Activate,
    /// Home: tick or untick the selected optional exercise.
    ToggleExercise,
    /// Home: resume at the last module and position.
    Continue,

    /// Reader scrolling, by lines (positive is down).
    ScrollLines(i32),
    PageDown,
    PageUp,
    HalfPageDown,
    HalfPageUp,
    Top,
    Bottom,
    NextHeading,
    PrevHeading,
    NextModule,
    PrevModule,
    /// Scroll the code block in view sideways (code lines never wrap). `or_module`:
    /// with no wide block in view, change module instead (the arrow keys).
    ScrollCode {
        right: bool,
        or_module: bool,
    },
    ToggleOutline,
    NextLink,
    PrevLink,
    /// Focus the next or previous code block (what `y` copies).
    NextCode,
    PrevCode,
    /// Copy the focused code block's exact text to the clipboard (OSC 52).
    CopyCode,
    /// Go back to where the learner was before following the last internal link.
    HistoryBack,

    /// Search: `/` opens the prompt, characters edit it, Enter confirms, Esc cancels.
    StartSearch,
    SearchInput(char),
    SearchBackspace,
    SearchSubmit,
    SearchCancel,
    NextMatch,
    PrevMatch,
    /// Open the course-wide search panel (`F`).
    OpenCourseSearch,

    // Quiz and results (tui/quiz.rs).
    /// Open the quiz screen: resume the attempt in progress, else start a new one.
    OpenQuiz,
    /// An action of the quiz or results screen.
    Quiz(QuizAction),

    /// Open module `module` (index in the course), at the heading whose slug is
    /// `anchor` if given, else at the saved position. Other screens use this to send
    /// the learner to the relevant section.
    OpenModule {
        module: usize,
        anchor: Option<String>,
    },
    /// Return to the home screen.
    GoHome,

    // Lab (tui/lab.rs).
    /// Open the lab screen (home entry), starting the lab if it is not running.
    OpenLab,
    /// An action of the lab screen.
    Lab(super::lab::LabAction),

    // Sandbox (tui/sandbox.rs).
    /// Open the sandbox screen (home entry, `s` in the reader).
    OpenSandbox,
    /// An action of the sandbox screen.
    Sandbox(SandboxAction),

    // Labo (tui/labo.rs).
    /// Open the Labo screen (home entry, `l`).
    OpenLabo,
    /// An action of the Labo screen, or news from its run's thread.
    Labo(LaboAction),

    /// The terminal was resized to (columns, rows).
    Resize(u16, u16),
    /// The course folder changed on disk and was loaded again (or failed to load).
    CourseReloaded(Box<Result<Course, CourseError>>),
    /// The sandbox's listener received a request; it joins the « Réception » feed
    /// whatever screen is shown.
    Received(Box<ReceivedEvent>),
    /// The wall clock moved on: a sandbox request signed « maintenant » is signed again.
    Clock,
    /// The run against the learner's endpoint (`grade --scenario --tui`) is over: its
    /// simulation, with the endpoint's column, replaces the view's.
    SyncEndpoint(crate::tui::sandbox::EndpointRun),
    /// Text pasted (bracketed paste), or typed faster than frames are drawn: one edit of
    /// the field being typed into (sandbox field, short answer, name, search). Ignored
    /// where no field is being edited.
    Paste(String),
}

impl Action {
    /// The action that opens a `module-id#anchor` reference (the `see` of exercises and
    /// quiz questions), or `None` when the module id is unknown.
    pub fn open_reference(course: &Course, see: &str) -> Option<Action> {
        let (id, anchor) = see.split_once('#').unwrap_or((see, ""));
        let module = course.modules.iter().position(|m| m.id == id)?;
        Some(Action::OpenModule {
            module,
            anchor: (!anchor.is_empty()).then(|| anchor.to_string()),
        })
    }
}
