//! The Labo through the whole app: keys from home, fields remembered in the progress
//! store, a real run against the reference `listen --database` on a thread, the record
//! of the run and the ticks, the trip to the course section and back; and snapshots at
//! 80×24 and 40×12 (empty form, mid-run, a failed check's details).

use std::sync::mpsc;
use std::time::{Duration, Instant};

use crossterm::event::{Event as TermEvent, KeyCode};
use ratatui::layout::Rect;

use super::super::{App, Screen};
use crate::course::Course;
use crate::grade::{self, CHECKS, Report, Status};
use crate::listen::store::Database;
use crate::listen::{Listener, ListenerConfig};
use crate::progress::{Progress, Store};
use crate::tui::action::Action;
use crate::tui::event::Event;
use crate::tui::keymap::Mode;
use crate::tui::labo::tests::{SECRET, failed_valid, result};
use crate::tui::labo::{LaboAction, RowState};
use crate::tui::test_support::{draw, press, text};
use crate::webhook::Secret;

const SIZES: [(u16, u16); 2] = [(80, 24), (40, 12)];

fn app(w: u16, h: u16, store: Option<Store>) -> App {
    let course = Course::embedded().unwrap();
    let progress = store
        .as_ref()
        .map_or_else(Progress::default, |s| s.load().progress);
    App::new(course, progress, store, false, Rect::new(0, 0, w, h))
}

fn labo(action: LaboAction) -> Action {
    Action::Labo(action)
}

fn type_text(app: &mut App, text: &str) {
    let keys: Vec<KeyCode> = text.chars().map(KeyCode::Char).collect();
    press(app, &keys);
}

fn paste(app: &mut App, text: &str) {
    let event = Event::Term(TermEvent::Paste(text.into()));
    if let Some(action) = app.action_for_event(event) {
        app.update(action);
    }
}

/// Fills the three fields with keys, as a learner would.
fn fill(app: &mut App, url: &str, database: &str) {
    press(app, &[KeyCode::Char('l'), KeyCode::Enter]);
    type_text(app, url);
    press(app, &[KeyCode::Enter, KeyCode::Char('j'), KeyCode::Enter]);
    paste(app, SECRET);
    press(app, &[KeyCode::Enter, KeyCode::Char('j'), KeyCode::Enter]);
    type_text(app, database);
    press(app, &[KeyCode::Enter]);
}

/// Forwards the run's events to the app until it is over (at most 60 s).
fn pump(app: &mut App, rx: &mpsc::Receiver<Event>) {
    let deadline = Instant::now() + Duration::from_secs(60);
    while app.labo.running {
        let left = deadline.saturating_duration_since(Instant::now());
        let event = rx.recv_timeout(left).expect("the run reports before 60 s");
        if let Some(action) = app.action_for_event(event) {
            app.update(action);
        }
    }
}

#[test]
fn the_fields_are_remembered_per_course_and_the_secret_only_when_asked() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(Some(dir.path())).unwrap();
    let mut app = app(80, 24, Some(store));
    let title = app.course.title.clone();
    fill(
        &mut app,
        "http://localhost:3000/api/webhooks",
        "file:./dev.db",
    );
    assert_eq!(app.screen, Screen::Labo);
    assert_eq!(app.labo.secret, SECRET);
    let saved = Store::open(Some(dir.path())).unwrap().load().progress;
    let lab = saved.lab(&title);
    assert_eq!(lab.url, "http://localhost:3000/api/webhooks");
    assert_eq!(lab.database_url, "file:./dev.db");
    assert_eq!(lab.secret, None, "not asked: never written");
    let shown = text(&draw(&app));
    assert!(
        shown.contains("secret  whsec_•••• · non mémorisé"),
        "{shown}"
    );
    assert!(!shown.contains("MfKQ9r8G"), "{shown}");

    press(&mut app, &[KeyCode::Char('m')]);
    let saved = Store::open(Some(dir.path())).unwrap().load().progress;
    assert_eq!(saved.lab(&title).secret.as_deref(), Some(SECRET));
    // Back in a new session: the fields and the toggle come back.
    let again = app_with(&dir);
    assert_eq!(again.labo.url, "http://localhost:3000/api/webhooks");
    assert_eq!(again.labo.secret, SECRET);
    assert!(again.labo.save_secret);

    press(&mut app, &[KeyCode::Char('m')]);
    let saved = Store::open(Some(dir.path())).unwrap().load().progress;
    assert_eq!(saved.lab(&title).secret, None, "untoggled: forgotten");
    assert_eq!(saved.lab(&title).url, "http://localhost:3000/api/webhooks");
    let again = app_with(&dir);
    assert_eq!(again.labo.secret, "");
    // Esc goes home, where the entry has never run.
    press(&mut app, &[KeyCode::Esc]);
    assert_eq!(app.screen, Screen::Home);
    assert!(text(&draw(&app)).contains("Évaluer votre endpoint (l)"));
}

fn app_with(dir: &tempfile::TempDir) -> App {
    app(80, 24, Some(Store::open(Some(dir.path())).unwrap()))
}

#[test]
fn a_run_against_the_reference_endpoint_passes_every_row_and_ticks_the_exercises() {
    let db_dir = tempfile::tempdir().unwrap();
    let db = format!("file:{}", db_dir.path().join("ref.db").display());
    let config = ListenerConfig {
        database: Some(Database::open(&db).unwrap()),
        ..ListenerConfig::new(Secret::parse(SECRET).unwrap())
    };
    let listener = Listener::start_with(("127.0.0.1", 0), config, |_| {}).unwrap();
    let url = format!("http://{}/api/webhooks", listener.local_addr());

    let data = tempfile::tempdir().unwrap();
    // Tall enough for home to show the exercises.
    let mut app = app(100, 50, Some(Store::open(Some(data.path())).unwrap()));
    let (tx, rx) = mpsc::channel();
    app.events = Some(tx);
    fill(&mut app, &url, &db);
    press(&mut app, &[KeyCode::Char('r')]);
    assert!(app.labo.running, "{:?}", app.labo.error);
    pump(&mut app, &rx);
    assert_eq!(app.labo.error, None);
    assert_eq!(
        (app.labo.done, app.labo.total),
        (CHECKS.len(), CHECKS.len())
    );
    let states: Vec<(&str, RowState)> = app.labo.rows.iter().map(|r| (r.def.id, r.state)).collect();
    let all_passed: Vec<(&str, RowState)> = CHECKS
        .iter()
        .map(|c| (c.id, RowState::Done(Status::Passed)))
        .collect();
    assert_eq!(states, all_passed);

    // Recorded: the last run and every exercise that declares checks, in the store too.
    let saved = Store::open(Some(data.path())).unwrap().load().progress;
    let run = saved.lab(&app.course.title).last.unwrap();
    assert_eq!((run.passed, run.total, run.score), (22, 22, 100));
    assert_eq!(run.url, url);
    for x in &app.course.exercises {
        assert_eq!(saved.lab_validated.contains(&x.id), graded(x), "{}", x.id);
        assert_eq!(saved.exercises_done.contains(&x.id), graded(x), "{}", x.id);
    }
    let notice = app.status.notice.clone().unwrap();
    assert!(
        notice.starts_with("Labo : 22/22 · validé par le labo : "),
        "{notice}"
    );

    // Home says so.
    press(&mut app, &[KeyCode::Esc]);
    let home = text(&draw(&app));
    assert!(home.contains("Labo : 22/22"), "{home}");
    assert!(home.contains("validé par le labo"), "{home}");
    listener.stop();
}

#[test]
fn a_finished_run_never_unticks_and_manual_exercises_stay_manual() {
    let mut app = app(80, 24, None);
    let title = app.course.title.clone();
    app.update(Action::OpenLabo);
    let all: Vec<_> = CHECKS
        .iter()
        .map(|c| result(c.id, Status::Passed))
        .collect();
    finish(&mut app, Report::new("http://localhost:3000/x", all));
    let ticked = app.progress.lab_validated.clone();
    let with_checks = app.course.exercises.iter().filter(|x| graded(x)).count();
    assert_eq!(ticked.len(), with_checks);
    // Everything fails next time: the run is replaced, the ticks stay.
    let failed: Vec<_> = CHECKS
        .iter()
        .map(|c| result(c.id, Status::Failed))
        .collect();
    finish(&mut app, Report::new("http://localhost:3000/x", failed));
    assert_eq!(app.progress.lab_validated, ticked);
    let run = app.progress.lab(&title).last.unwrap();
    assert_eq!((run.passed, run.total), (0, 22));
    assert_eq!(app.status.notice.as_deref(), Some("Labo : 0/22 (0 %)"));
    assert!(text(&draw(&app)).contains("Labo : 0/22 (0 %)"));
}

/// Starts a run on the state (no thread) and feeds its report to the app.
fn finish(app: &mut App, report: Report) {
    app.labo.url = "http://localhost:3000/x".into();
    app.labo.secret = SECRET.into();
    let course = app.course.clone();
    app.labo.update(&LaboAction::Run, &course);
    app.update(labo(LaboAction::Finished(Box::new(Ok(report)))));
}

#[test]
fn o_opens_the_section_of_a_check_and_going_back_returns_to_the_labo() {
    let mut app = app(80, 24, None);
    app.update(Action::OpenLabo);
    let course = app.course.clone();
    app.labo.url = "http://localhost:3000/x".into();
    app.labo.secret = SECRET.into();
    app.labo.update(&LaboAction::Run, &course);
    app.update(labo(LaboAction::Progress(grade::Progress::Finished {
        index: 0,
        total: 22,
        result: failed_valid(),
    })));
    press(
        &mut app,
        &[KeyCode::Char('j'), KeyCode::Char('j'), KeyCode::Char('j')],
    );
    press(&mut app, &[KeyCode::Enter]);
    assert_eq!(app.mode(), Mode::Details);
    press(&mut app, &[KeyCode::Char('o')]);
    assert_eq!(app.screen, Screen::Reader);
    let reader = app.reader.as_ref().unwrap();
    assert_eq!(app.course.modules[reader.module].id, "implementation");
    assert!(text(&draw(&app)).contains("q ou Échap : retour au labo"));
    press(&mut app, &[KeyCode::Char('q')]);
    assert_eq!(app.screen, Screen::Labo);
    assert_eq!(app.mode(), Mode::Details, "the details are still open");
    press(&mut app, &[KeyCode::Esc]);
    assert_eq!(app.mode(), Mode::Normal);
    // Without an event loop (tests, no terminal), r says so instead of hanging.
    app.labo.running = false;
    press(&mut app, &[KeyCode::Char('r')]);
    assert!(!app.labo.running);
    assert!(app.labo.error.as_deref().unwrap().contains("terminal"));
}

fn snapshot(name: &str, setup: impl Fn(&mut App)) {
    for (w, h) in SIZES {
        let mut app = app(w, h, None);
        setup(&mut app);
        insta::assert_snapshot!(format!("{name}_{w}x{h}"), text(&draw(&app)));
    }
}

/// Ten checks done (the first failed, one skipped), the eleventh running.
fn mid_run(app: &mut App) {
    app.update(Action::OpenLabo);
    app.labo.url = "http://localhost:3000/api/webhooks".into();
    app.labo.secret = SECRET.into();
    let course = app.course.clone();
    app.labo.update(&LaboAction::Run, &course);
    for (index, def) in CHECKS.iter().enumerate().take(10) {
        let result = match def.id {
            "valid" => failed_valid(),
            "state-valid" => result(def.id, Status::Skipped),
            id => result(id, Status::Passed),
        };
        app.update(labo(LaboAction::Progress(grade::Progress::Finished {
            index,
            total: 22,
            result,
        })));
    }
    app.update(labo(LaboAction::Progress(grade::Progress::Started {
        index: 10,
        total: 22,
        id: CHECKS[10].id,
        title: CHECKS[10].title,
    })));
}

#[test]
fn snapshots() {
    snapshot("labo_empty", |app| app.update(Action::OpenLabo));
    snapshot("labo_mid_run", mid_run);
    snapshot("labo_details", |app| {
        mid_run(app);
        let rest: Vec<_> = CHECKS
            .iter()
            .skip(10)
            .map(|c| result(c.id, Status::Passed))
            .collect();
        let mut all: Vec<_> = app
            .labo
            .rows
            .iter()
            .filter_map(|r| r.result.clone())
            .collect();
        all.extend(rest);
        app.update(labo(LaboAction::Finished(Box::new(Ok(Report::new(
            "http://localhost:3000/api/webhooks",
            all,
        ))))));
        app.labo.selected = 3;
        let course = app.course.clone();
        app.labo.update(&LaboAction::Activate, &course);
    });
    snapshot("labo_help", |app| {
        app.update(Action::OpenLabo);
        app.update(Action::ToggleHelp);
    });
    snapshot("labo_confirm", |app| {
        app.update(Action::OpenLabo);
        app.labo.url = "https://staging.example.com/api/webhooks".into();
        app.labo.secret = SECRET.into();
        press(app, &[KeyCode::Char('r')]);
    });
}

#[test]
fn an_unreachable_endpoint_or_database_is_a_french_message_and_records_nothing() {
    let free = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = free.local_addr().unwrap().port();
    drop(free);
    let mut app = app(80, 24, None);
    let (tx, rx) = mpsc::channel();
    app.events = Some(tx);
    fill(
        &mut app,
        &format!("http://127.0.0.1:{port}/api/webhooks"),
        "",
    );
    press(&mut app, &[KeyCode::Char('r')]);
    pump(&mut app, &rx);
    let error = app.labo.error.clone().unwrap();
    assert_eq!(
        error,
        "impossible de joindre l’endpoint : connexion refusée — votre serveur tourne-t-il sur ce port (par exemple « npm run dev ») et l’URL est-elle exacte ?"
    );
    assert!(
        app.labo.rows.iter().all(|r| r.state == RowState::Waiting),
        "never run"
    );
    assert_eq!(app.progress.lab(&app.course.title).last, None);
    let shown = text(&draw(&app));
    assert!(
        shown.contains(" ✗ impossible de joindre l’endpoint"),
        "{shown}"
    );

    // A database that cannot be opened: nothing is sent, the reason is shown.
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("absent/dev.db");
    app.labo.database_url = format!("file:{}", missing.display());
    press(&mut app, &[KeyCode::Char('r')]);
    pump(&mut app, &rx);
    let error = app.labo.error.clone().unwrap();
    assert!(
        error.starts_with(&format!(
            "base SQLite introuvable : « {} » n’est pas un fichier",
            missing.display()
        )),
        "{error}"
    );
    assert_eq!(app.progress.lab(&app.course.title).last, None);
}

/// An exercise the battery can validate: it has checks, all of them the battery's (the
/// starter lab's own, such as welcome-once, are only run by `webhook-tutor lab`).
fn graded(x: &crate::course::ExerciseEntry) -> bool {
    !x.checks.is_empty() && x.check_ids().all(|c| grade::checks::find(c).is_some())
}
