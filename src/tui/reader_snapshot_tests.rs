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
    app.update(open(0));
    app.update(Action::Bottom);
    app.update(Action::CopyCode);
    let diagram = "Clerk ──► Svix ──► POST /api/webhooks ──► vérification de la signature ──► file d'attente ──► réponse 200 en moins de 15 s\n";
    assert_eq!(
        app.terminal_out.take(),
        Some(crate::sandbox::osc52(diagram))
    );
    assert_eq!(app.status.notice.as_deref(), Some("copié (1 ligne)"));
    // A module whose only block is in a folded solution has nothing to copy.
    app.update(open(1));
    app.update(Action::CopyCode);
    assert_eq!(app.terminal_out, None);
    assert_eq!(
        app.status.notice.as_deref(),
        Some("aucun bloc de code à l'écran : c pour en choisir un")
    );
}

fn course_search(query: &str) -> Vec<Action> {
    let mut actions = vec![open(0), Action::OpenCourseSearch];
    actions.extend(query.chars().map(Action::SearchInput));
    actions
}

#[test]
fn the_course_wide_search_lists_every_module() {
    let mut actions = course_search("SIGNATURE");
    actions.push(Action::SelectNext);
    actions.push(Action::SelectNext);
    snapshot("course_search", &actions);
}

#[test]
fn f_searches_the_course_and_enter_opens_the_match_with_n_ready() {
    use super::keymap::Mode;
    use crossterm::event::KeyCode;
    let mut app = app(80, 24);
    app.update(open(0));
    super::test_support::press(&mut app, &[KeyCode::Char('F')]);
    assert_eq!(app.mode(), Mode::CourseSearch);
    let keys: Vec<KeyCode> = "signature".chars().map(KeyCode::Char).collect();
    super::test_support::press(&mut app, &keys);
    let search = app.course_search.as_ref().unwrap();
    // The folded hints of module 2 are not searched: no spoilers.
    assert_eq!(search.summary(), "3 résultats dans 2 modules");
    assert_eq!(
        search
            .hits
            .iter()
            .map(|h| (h.module, h.heading.as_deref()))
            .collect::<Vec<_>>(),
        vec![
            (0, Some("Un schéma large")),
            (0, Some("Une commande")),
            (1, Some("Exercice 1"))
        ]
    );
    let target = search.hits[2].clone();
    super::test_support::press(&mut app, &[KeyCode::Down, KeyCode::Down, KeyCode::Enter]);
    assert_eq!(app.course_search, None);
    let r = app.reader.as_ref().unwrap();
    assert_eq!(r.module, 1);
    assert!(r.scroll <= target.line && target.line < r.scroll + r.viewport);
    assert_eq!(r.status_right(), "« signature » 1/1");
    // Esc closes the panel without moving.
    super::test_support::press(
        &mut app,
        &[KeyCode::Char('F'), KeyCode::Char('x'), KeyCode::Esc],
    );
    assert_eq!(
        (
            app.course_search.as_ref(),
            app.reader.as_ref().unwrap().module
        ),
        (None, 1)
    );
}

#[test]
fn a_course_search_without_results_says_so() {
    let mut app = app(40, 12);
    for a in course_search("zzz") {
        app.update(a);
    }
    app.update(Action::Activate);
    let search = app.course_search.as_ref().unwrap();
    assert_eq!(
        search.summary(),
        "aucun résultat pour « zzz » dans le cours"
    );
}

#[test]
fn slash_finds_code_past_the_box_and_scrolls_the_block_to_it() {
    let mut app = app(40, 12);
    app.update(open(0));
    app.update(Action::StartSearch);
    for c in "moins de 15".chars() {
        app.update(Action::SearchInput(c));
    }
    let r = app.reader.as_ref().unwrap();
    assert_eq!(r.search.matches.len(), 1);
    assert!(r.code_offset(0) > 0, "scrolled sideways to the match");
    let shown = text(&draw(&app));
    assert!(shown.contains("moins de 15"), "{shown}");
}

#[test]
fn external_links_are_osc8_hyperlinks_one_cell_at_a_time() {
    use ratatui::buffer::CellDiffOption;
    let mut app = app(80, 24);
    app.hyperlinks = true;
    app.update(open(0));
    app.update(Action::Bottom);
    let plain = {
        let mut off = self::app(80, 24);
        off.update(open(0));
        off.update(Action::Bottom);
        draw(&off)
    };
    let (x, y) = super::test_support::find(&plain, "documentation de Svix").unwrap();
    let buf = draw(&app);
    let url = "https://docs.svix.com/receiving/verifying-payloads/how";
    let cell = &buf[(x, y)];
    assert_eq!(
        cell.symbol(),
        format!("\x1b]8;id=wt0;{url}\x1b\\d\x1b]8;;\x1b\\")
    );
    assert_eq!(
        cell.diff_option,
        CellDiffOption::ForcedWidth(std::num::NonZeroU16::new(1).unwrap())
    );
    // The internal link (« suite ») stays plain text.
    let (x, y) = super::test_support::find(&plain, "suite").unwrap();
    assert_eq!(buf[(x, y)].symbol(), "s");
}

#[test]
fn enter_on_an_external_link_copies_its_address() {
    use crossterm::event::KeyCode;
    let mut app = app(80, 24);
    app.update(open(0));
    super::test_support::press(&mut app, &[KeyCode::Tab, KeyCode::Enter]);
    let url = "https://docs.svix.com/receiving/verifying-payloads/how";
    assert_eq!(app.terminal_out.take(), Some(crate::sandbox::osc52(url)));
    assert_eq!(
        app.status.notice.as_deref(),
        Some(format!("adresse copiée (presse-papiers) : {url}").as_str())
    );
    assert_eq!(app.reader.as_ref().unwrap().module, 0, "no module change");
}

#[test]
fn hints_are_folded_then_opened_one_at_a_time() {
    snapshot("hints_folded", &[open(1)]);
    snapshot(
        "hint_opened",
        &[open(1), Action::NextLink, Action::Activate],
    );
}

#[test]
fn an_opened_hint_is_saved_and_stays_open_next_time() {
    use crate::progress::Store;
    use crossterm::event::KeyCode;
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(Some(dir.path())).unwrap();
    let mut app = App::new(
        reader_course(),
        Progress::default(),
        Some(store.clone()),
        false,
        Rect::new(0, 0, 80, 24),
    );
    app.update(open(1));
    super::test_support::press(&mut app, &[KeyCode::Tab]);
    let r = app.reader.as_ref().unwrap();
    assert_eq!(r.status_right(), "« Indice 1 » : Entrée pour afficher");
    let before = r.scroll;
    super::test_support::press(&mut app, &[KeyCode::Enter]);
    assert_eq!(app.status.notice.as_deref(), Some("« Indice 1 » affiché"));
    let r = app.reader.as_ref().unwrap();
    assert_eq!(
        (r.scroll, r.fold),
        (before, Some(0)),
        "same place, same focus"
    );
    assert_eq!(r.status_right(), "« Indice 1 » : Entrée pour replier");
    let shown = text(&draw(&app));
    assert!(
        shown.contains("▾ Indice 1") && shown.contains("wc -c"),
        "{shown}"
    );
    assert!(
        shown.contains("▸ Indice 2"),
        "the next hint stays folded: {shown}"
    );
    let saved = store.load().progress;
    assert_eq!(
        saved.modules["exercices"]
            .hints_open
            .iter()
            .collect::<Vec<_>>(),
        vec!["exercice-1/Indice 1"]
    );
    // A new session shows it open, and only it.
    let mut again = App::new(reader_course(), saved, None, false, Rect::new(0, 0, 80, 24));
    again.update(open(1));
    let folds: Vec<_> = again
        .reader
        .as_ref()
        .unwrap()
        .doc
        .folds
        .iter()
        .map(|f| f.open)
        .collect();
    assert_eq!(folds, vec![true, false, false, false]);
    // Enter again folds it back, and that is saved too.
    super::test_support::press(&mut app, &[KeyCode::Enter]);
    assert!(
        store.load().progress.modules["exercices"]
            .hints_open
            .is_empty()
    );
}

#[test]
fn c_after_unfolding_a_solution_focuses_its_code_and_shows_it() {
    let mut app = app(80, 14);
    app.update(open(1));
    for _ in 0..3 {
        app.update(Action::NextLink);
    }
    app.update(Action::Activate);
    app.update(Action::NextCode);
    let r = app.reader.as_ref().unwrap();
    assert_eq!((r.code, r.fold), (Some(0), None));
    let block = &r.doc.code_blocks[0];
    assert!(
        r.scroll < block.first_line && block.line_range().end < r.scroll + r.viewport,
        "scroll {} block {:?} viewport {}",
        r.scroll,
        block.line_range(),
        r.viewport
    );
    assert_eq!(r.status_right(), "code 1/1 · bash · y copier");
}
