//! The reader's mechanics on the reader fixture course (wide code blocks, folded hints,
//! external links, course-wide search), drawn at 80×24 and 40×12 on a `TestBackend`.

use ratatui::layout::Rect;

use super::action::Action;
use super::app::App;
use super::test_support::{draw, text};
use crate::course::Course;
use crate::progress::Progress;

const SIZES: [(u16, u16); 2] = [(80, 24), (40, 12)];

pub(crate) fn reader_course() -> Course {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/reader-course");
    Course::from_dir(&dir).unwrap()
}

pub(crate) fn app(w: u16, h: u16) -> App {
    App::new(
        reader_course(),
        Progress::default(),
        None,
        false,
        Rect::new(0, 0, w, h),
    )
}

fn open(module: usize) -> Action {
    Action::OpenModule {
        module,
        anchor: None,
    }
}

fn snapshot(name: &str, actions: &[Action]) {
    for (w, h) in SIZES {
        let mut app = app(w, h);
        for a in actions {
            app.update(a.clone());
        }
        insta::assert_snapshot!(format!("{name}_{w}x{h}"), text(&draw(&app)));
    }
}

const RIGHT: Action = Action::ScrollCode {
    right: true,
    or_module: true,
};

#[test]
fn a_wide_code_block_scrolled_sideways() {
    snapshot(
        "reader_code_scrolled",
        &[open(0), Action::NextHeading, RIGHT],
    );
}

#[test]
fn scrolling_code_shows_the_columns_and_stops_at_the_widest_line() {
    let mut app = app(80, 24);
    app.update(open(0));
    app.update(Action::NextHeading);
    app.update(RIGHT);
    // Half the 74-column box per press.
    assert_eq!(
        app.status.notice.as_deref(),
        Some("code : colonnes 38 à 111 sur 122")
    );
    app.update(RIGHT);
    assert_eq!(
        app.status.notice.as_deref(),
        Some("code : colonnes 49 à 122 sur 122")
    );
    let shown = text(&draw(&app));
    assert!(shown.contains("│‹"), "{shown}");
    assert!(
        shown.contains("réponse 200 en moins de 15 s │"),
        "the end of the diagram is on screen, no › after it: {shown}"
    );
    // Further right: clamped, nothing moves.
    app.update(RIGHT);
    assert_eq!(app.reader.as_ref().unwrap().code_offset(0), 48);
    // Back to the left edge: the markers are gone on that side.
    for _ in 0..3 {
        app.update(Action::ScrollCode {
            right: false,
            or_module: false,
        });
    }
    assert_eq!(app.reader.as_ref().unwrap().code_offset(0), 0);
    assert!(!text(&draw(&app)).contains("‹"));
}

#[test]
fn arrows_change_module_when_no_wide_block_is_on_screen() {
    let mut app = app(80, 24);
    // Module 2's only code block fits the screen.
    app.update(open(1));
    app.update(Action::Bottom);
    let r = app.reader.as_ref().unwrap();
    assert_eq!(r.wide_block_in_view(), None, "scroll: {}", r.scroll);
    app.update(Action::ScrollCode {
        right: true,
        or_module: false,
    });
    assert_eq!(
        app.status.notice.as_deref(),
        Some("aucun bloc de code plus large que l'écran n'est affiché")
    );
    app.update(Action::ScrollCode {
        right: false,
        or_module: true,
    });
    assert_eq!(app.reader.as_ref().unwrap().module, 0);
}

#[test]
fn c_focuses_code_blocks_and_y_copies_the_exact_text_through_osc52() {
    use crossterm::event::KeyCode;
    let mut app = app(80, 24);
    app.update(open(0));
    super::test_support::press(&mut app, &[KeyCode::Char('c'), KeyCode::Char('c')]);
    let r = app.reader.as_ref().unwrap();
    assert_eq!(r.code, Some(1));
    assert_eq!(r.status_right(), "code 2/3 · bash · y copier");
    super::test_support::press(&mut app, &[KeyCode::Char('y')]);
    let command = "node -e 'console.log(JSON.stringify({\"type\":\"user.created\",\"data\":{\"id\":\"user_29w83sxmDNGwOuEthce5gg56FcC\"}}))'\n";
    assert_eq!(
        app.terminal_out.take(),
        Some(crate::sandbox::osc52(command))
    );
    assert_eq!(app.status.notice.as_deref(), Some("copié (1 ligne)"));
    // C goes back, wrapping around; Esc clears the focus.
    super::test_support::press(&mut app, &[KeyCode::Char('C'), KeyCode::Char('C')]);
    assert_eq!(app.reader.as_ref().unwrap().code, Some(2));
    super::test_support::press(&mut app, &[KeyCode::Esc]);
    assert_eq!(app.reader.as_ref().unwrap().code, None);
}

#[test]
fn y_without_focus_copies_the_first_block_on_screen() {
    let mut app = app(80, 24);
    app.update(open(1));
    app.update(Action::Bottom);
    app.update(Action::CopyCode);
    assert_eq!(
        app.terminal_out.take(),
        Some(crate::sandbox::osc52(
            "webhook-tutor verify --payload brut.json\n"
        ))
    );
    assert_eq!(app.status.notice.as_deref(), Some("copié (1 ligne)"));
}
