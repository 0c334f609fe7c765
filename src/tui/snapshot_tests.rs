//! Every screen drawn on a `TestBackend` at 80×24 and 40×12 with the fixture course.
//! Snapshots hold text only; styles that matter are asserted on the buffer.

use ratatui::layout::Rect;
use ratatui::style::Color;

use super::action::Action;
use super::app::App;
use super::test_support::{draw, text};
use crate::progress::{AttemptRecord, ModuleProgress, Progress};

const SIZES: [(u16, u16); 2] = [(80, 24), (40, 12)];

fn app(w: u16, h: u16, colors: bool) -> App {
    let course = super::app::tests::fixture();
    let mut progress = Progress::default();
    progress.modules.insert(
        "introduction".into(),
        ModuleProgress {
            scroll: 0,
            width: 78,
            total_lines: 20,
            read: true,
            ..Default::default()
        },
    );
    progress.modules.insert(
        "signatures".into(),
        ModuleProgress {
            scroll: 20,
            width: 78,
            total_lines: 66,
            read: false,
            ..Default::default()
        },
    );
    progress.last_module = Some("signatures".into());
    progress.exercises_done.insert("rejouer".into());
    progress.attempts.push(AttemptRecord {
        score_percent: 60.0,
        pass_mark: 80,
        ..AttemptRecord::default()
    });
    App::new(course, progress, None, colors, Rect::new(0, 0, w, h))
}

fn snapshot(name: &str, actions: &[Action]) {
    for (w, h) in SIZES {
        let mut app = app(w, h, false);
        for a in actions {
            app.update(a.clone());
        }
        insta::assert_snapshot!(format!("{name}_{w}x{h}"), text(&draw(&app)));
    }
}

fn open(module: usize) -> Action {
    Action::OpenModule {
        module,
        anchor: None,
    }
}

#[test]
fn home() {
    snapshot("home", &[]);
}

#[test]
fn home_with_the_quiz_selected() {
    // Opening the quiz shuffles with a random seed; the quiz screen's own snapshots pin one.
    snapshot(
        "home_quiz_selected",
        &[
            Action::SelectNext,
            Action::SelectNext,
            Action::SelectNext,
            Action::SelectNext,
        ],
    );
}

#[test]
fn reader_top() {
    snapshot("reader_top", &[open(1), Action::Top]);
}

#[test]
fn reader_middle() {
    snapshot("reader_middle", &[open(1)]);
}

#[test]
fn reader_outline() {
    snapshot(
        "reader_outline",
        &[
            open(1),
            Action::Top,
            Action::NextHeading,
            Action::ToggleOutline,
        ],
    );
}

#[test]
fn reader_search() {
    let mut actions = vec![open(1), Action::Top, Action::StartSearch];
    actions.extend("requete".chars().map(Action::SearchInput));
    actions.push(Action::SearchSubmit);
    actions.push(Action::NextMatch);
    snapshot("reader_search", &actions);
}

#[test]
fn reader_search_prompt() {
    let mut actions = vec![open(0), Action::StartSearch];
    actions.extend("lien".chars().map(Action::SearchInput));
    snapshot("reader_search_prompt", &actions);
}

#[test]
fn reader_link_selected() {
    snapshot(
        "reader_link",
        &[open(0), Action::NextLink, Action::NextLink],
    );
}

#[test]
fn help_overlay() {
    snapshot("help_home", &[Action::ToggleHelp]);
    snapshot("help_reader", &[open(1), Action::ToggleHelp]);
}

#[test]
fn too_small() {
    for (w, h) in [(19, 6), (20, 5), (10, 3), (1, 1)] {
        let mut app = app(80, 24, false);
        app.update(open(1));
        app.update(Action::Resize(w, h));
        let shown = text(&draw(&app));
        insta::assert_snapshot!(format!("too_small_{w}x{h}"), shown);
    }
}

#[test]
fn every_screen_survives_every_size() {
    let screens: Vec<Vec<Action>> = vec![
        vec![],
        vec![open(1), Action::ToggleOutline],
        vec![open(1), Action::ToggleHelp],
        vec![open(0), Action::StartSearch, Action::SearchInput('e')],
    ];
    for actions in &screens {
        for w in [1, 2, 5, 19, 20, 21, 39, 40, 79, 200] {
            for h in [1, 2, 5, 6, 7, 12, 60] {
                let mut app = app(80, 24, true);
                for a in actions {
                    app.update(a.clone());
                }
                app.update(Action::Resize(w, h));
                draw(&app);
            }
        }
    }
}

#[test]
fn the_labo_survives_every_size() {
    use super::labo::tests::{SECRET, failed_valid};
    use super::labo::{LaboAction, LaboState};
    use crate::grade::{self, Report};
    use crate::progress::LabProgress;
    let labo = Action::Labo;
    let running = |app: &mut App| {
        app.labo.url = "http://localhost:3000/api/webhooks".into();
        app.labo.secret = SECRET.into();
        let course = app.course.clone();
        app.labo.update(&LaboAction::Run, &course);
        app.update(labo(LaboAction::Progress(grade::Progress::Finished {
            index: 0,
            total: 22,
            result: failed_valid(),
        })));
    };
    type Setup<'a> = Box<dyn Fn(&mut App) + 'a>;
    let setups: Vec<Setup<'_>> = vec![
        Box::new(|app| app.update(Action::OpenLabo)),
        // Editing the secret.
        Box::new(|app| {
            app.update(Action::OpenLabo);
            app.update(labo(LaboAction::SelectNext));
            app.update(labo(LaboAction::Activate));
            app.update(labo(LaboAction::Paste(SECRET.into())));
        }),
        Box::new(move |app| {
            app.update(Action::OpenLabo);
            running(app);
            app.update(labo(LaboAction::Progress(grade::Progress::Cleanup {
                done: 1,
                total: 6,
            })));
        }),
        // A failed check's details, scrolled.
        Box::new(move |app| {
            app.update(Action::OpenLabo);
            running(app);
            app.update(labo(LaboAction::Finished(Box::new(Ok(Report::new(
                "http://localhost:3000/api/webhooks",
                vec![failed_valid()],
            ))))));
            app.labo.selected = 3;
            app.update(labo(LaboAction::Activate));
            app.update(labo(LaboAction::Scroll(2)));
        }),
        // A confirmation, then an error over a long last run.
        Box::new(|app| {
            app.labo = LaboState::new(&LabProgress {
                url: "https://staging.example.com/x".into(),
                secret: Some(SECRET.into()),
                ..LabProgress::default()
            });
            app.update(Action::OpenLabo);
            app.update(labo(LaboAction::Run));
        }),
        Box::new(|app| {
            app.update(Action::OpenLabo);
            app.update(labo(LaboAction::Run));
            app.update(Action::ToggleHelp);
        }),
    ];
    for setup in &setups {
        for w in [1, 2, 5, 19, 20, 21, 39, 40, 79, 200] {
            for h in [1, 2, 5, 6, 7, 12, 60] {
                let mut app = app(80, 24, true);
                setup(&mut app);
                app.update(Action::Resize(w, h));
                draw(&app);
            }
        }
    }
}

#[test]
fn search_matches_are_highlighted() {
    let mut app = app(80, 24, true);
    app.update(open(0));
    app.update(Action::StartSearch);
    for c in "Bienvenue".chars() {
        app.update(Action::SearchInput(c));
    }
    let buf = draw(&app);
    // « Bienvenue » starts the first paragraph, at the text column's left edge.
    let row = (0..24)
        .find(|&y| {
            text(&buf)
                .lines()
                .nth(usize::from(y))
                .is_some_and(|l| l.contains("Bienvenue"))
        })
        .unwrap();
    let x = text(&buf)
        .lines()
        .nth(usize::from(row))
        .unwrap()
        .find("Bienvenue")
        .unwrap() as u16;
    assert_eq!(buf[(x, row)].bg, Color::LightRed, "current match");
    assert_eq!(buf[(x + 8, row)].bg, Color::LightRed);
    assert_eq!(buf[(x + 9, row)].bg, Color::Reset, "just after the match");
}

#[test]
fn selected_link_is_reversed() {
    use ratatui::style::Modifier;
    let mut app = app(80, 24, true);
    app.update(open(0));
    app.update(Action::NextLink);
    let buf = draw(&app);
    let link = app
        .reader
        .as_ref()
        .unwrap()
        .selected_link()
        .unwrap()
        .clone();
    let (x, y) = (1 + link.columns.start as u16, link.line as u16);
    assert!(buf[(x, y)].modifier.contains(Modifier::REVERSED));
    assert!(
        !buf[(x.saturating_sub(1), y)]
            .modifier
            .contains(Modifier::REVERSED)
    );
}
