use crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyEventState, KeyModifiers};

use super::*;
use crate::tui::test_support::press;

pub(crate) fn fixture() -> Course {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/course");
    Course::from_dir(&dir).unwrap()
}

fn app(w: u16, h: u16) -> App {
    App::new(
        fixture(),
        Progress::default(),
        None,
        false,
        Rect::new(0, 0, w, h),
    )
}

#[test]
fn key_releases_are_ignored() {
    let app = app(80, 24);
    let mut ev = KeyEvent::new(KeyCode::Char('q'), KeyModifiers::NONE);
    ev.kind = KeyEventKind::Release;
    assert_eq!(app.action_for_event(Event::Term(TermEvent::Key(ev))), None);
    ev.kind = KeyEventKind::Repeat;
    ev.state = KeyEventState::NONE;
    assert_eq!(app.action_for_event(Event::Term(TermEvent::Key(ev))), None);
}

#[test]
fn a_paste_types_into_the_search_and_is_never_taken_as_commands() {
    let mut app = app(80, 24);
    let paste = |app: &mut App, text: &str| {
        let action = app.action_for_event(Event::Term(TermEvent::Paste(text.into())));
        assert_eq!(action, Some(Action::Paste(text.into())));
        app.update(action.unwrap());
    };
    // On home, « q… » pasted does not quit.
    paste(&mut app, "quitter");
    assert!(!app.quit);
    assert_eq!(app.screen, Screen::Home);
    app.update(Action::OpenModule {
        module: 1,
        anchor: None,
    });
    let before = app.reader.as_ref().unwrap().scroll;
    paste(&mut app, "jjjq");
    assert_eq!(app.screen, Screen::Reader, "reader: no leaving");
    assert_eq!(app.reader.as_ref().unwrap().scroll, before, "no scrolling");
    app.update(Action::StartSearch);
    paste(&mut app, "requête\n");
    let search = &app.reader.as_ref().unwrap().search;
    assert_eq!(search.query, "requête");
    assert!(search.editing, "the line break never submits");
}

#[test]
fn enter_on_a_module_opens_it_and_q_returns_home_saving_the_position() {
    let mut app = app(80, 24);
    // Continue, Introduction, Signatures.
    press(&mut app, &[KeyCode::Down, KeyCode::Down, KeyCode::Enter]);
    assert_eq!(app.screen, Screen::Reader);
    assert_eq!(app.reader.as_ref().unwrap().module, 1);
    press(
        &mut app,
        &[KeyCode::Char('j'), KeyCode::Char('j'), KeyCode::Char('q')],
    );
    assert_eq!(app.screen, Screen::Home);
    let saved = &app.progress.modules["signatures"];
    assert_eq!((saved.scroll, saved.width), (2, 78));
    assert!(!saved.read);
    assert_eq!(app.progress.last_module.as_deref(), Some("signatures"));
}

#[test]
fn continue_resumes_where_the_learner_left() {
    let mut app = app(80, 24);
    app.update(Action::OpenModule {
        module: 1,
        anchor: None,
    });
    app.update(Action::ScrollLines(5));
    app.update(Action::GoHome);
    app.reader = None;
    app.update(Action::Continue);
    let r = app.reader.as_ref().unwrap();
    assert_eq!((r.module, r.scroll), (1, 5));
}

#[test]
fn reaching_the_end_marks_the_module_read() {
    let mut app = app(80, 24);
    app.update(Action::OpenModule {
        module: 1,
        anchor: None,
    });
    assert!(!app.progress.modules["signatures"].read);
    app.update(Action::Bottom);
    assert!(app.progress.modules["signatures"].read);
}

#[test]
fn home_entries_open_the_quiz_and_the_sandbox_and_an_invalid_quiz_is_reported() {
    let mut app = app(80, 24);
    let quiz = home::items(&app.course)
        .iter()
        .position(|i| *i == Item::Quiz)
        .unwrap();
    app.home.selected = quiz;
    app.update(Action::Activate);
    assert_eq!(app.screen, Screen::Quiz);

    let mut course = fixture();
    course.quiz.source = course.quiz.source.replace("answer = 2", "answer = 7");
    let mut app = App::new(
        course,
        Progress::default(),
        None,
        false,
        Rect::new(0, 0, 80, 24),
    );
    app.home.selected = quiz;
    app.update(Action::Activate);
    assert_eq!(app.screen, Screen::Home);
    assert_eq!(
        app.status.notice.as_deref(),
        Some(
            format!(
                "le quiz contient 1 problème : lancez « {} » pour les voir",
                fixture().origin.check_command()
            )
            .as_str()
        )
    );
    assert!(
        fixture()
            .origin
            .check_command()
            .starts_with("webhook-tutor --course ")
    );
    app.update(Action::SelectNext);
    assert_eq!(app.status.notice, None);
    // « Réviser mes erreurs » sits between the quiz and the sandbox.
    app.update(Action::SelectNext);
    app.update(Action::Activate);
    assert_eq!(app.screen, Screen::Sandbox);
}

#[test]
fn exercises_are_ticked_from_home() {
    let mut app = app(80, 24);
    let first = home::items(&app.course)
        .iter()
        .position(|i| *i == Item::Exercise(0))
        .unwrap();
    app.home.selected = first;
    press(&mut app, &[KeyCode::Char('x')]);
    assert!(app.progress.exercises_done.contains("verifier-signature"));
    press(&mut app, &[KeyCode::Char(' ')]);
    assert!(app.progress.exercises_done.is_empty());
}

#[test]
fn following_an_internal_link_opens_the_module_at_the_anchor() {
    let mut app = app(80, 24);
    app.update(Action::OpenModule {
        module: 0,
        anchor: None,
    });
    // The second link of the introduction points to 01-SIGNATURES.md#verifier-une-signature.
    press(&mut app, &[KeyCode::Tab, KeyCode::Tab, KeyCode::Enter]);
    let r = app.reader.as_ref().unwrap();
    assert_eq!(r.module, 1);
    let heading = r
        .doc
        .headings
        .iter()
        .find(|h| h.slug == "vérifier-une-signature")
        .unwrap();
    assert_eq!(r.scroll, heading.line.min(r.max_scroll()));
}

#[test]
fn external_links_show_their_url() {
    let mut app = app(80, 24);
    app.update(Action::OpenModule {
        module: 0,
        anchor: None,
    });
    press(
        &mut app,
        &[KeyCode::Tab, KeyCode::Tab, KeyCode::Tab, KeyCode::Enter],
    );
    assert_eq!(
        app.status.notice.as_deref(),
        Some("adresse copiée (presse-papiers) : https://clerk.com/docs")
    );
    assert_eq!(app.reader.as_ref().unwrap().module, 0);
}

#[test]
fn unknown_anchor_opens_the_module_with_a_notice() {
    let mut app = app(80, 24);
    app.update(Action::OpenModule {
        module: 2,
        anchor: Some("nulle-part".into()),
    });
    assert_eq!(app.screen, Screen::Reader);
    assert_eq!(
        app.status.notice.as_deref(),
        Some("section « #nulle-part » introuvable dans ce module")
    );
}

#[test]
fn next_module_stops_at_the_last_one() {
    let mut app = app(80, 24);
    app.update(Action::OpenModule {
        module: 2,
        anchor: None,
    });
    app.update(Action::NextModule);
    assert_eq!(app.reader.as_ref().unwrap().module, 2);
    assert_eq!(app.status.notice.as_deref(), Some(LAST_MODULE));
    app.update(Action::PrevModule);
    assert_eq!(app.reader.as_ref().unwrap().module, 1);
}

#[test]
fn resize_rerenders_and_keeps_the_proportion() {
    let mut app = app(80, 24);
    app.update(Action::OpenModule {
        module: 1,
        anchor: None,
    });
    app.update(Action::ScrollLines(20));
    let before = app.reader.as_ref().unwrap().total_lines();
    app.update(Action::Resize(40, 12));
    let r = app.reader.as_ref().unwrap();
    assert_eq!(r.width, 38);
    assert_eq!(r.viewport, 10);
    assert_eq!(
        r.scroll,
        crate::progress::rescale(20, before, r.total_lines()).min(r.max_scroll())
    );
}

#[test]
fn reload_keeps_the_position_and_errors_go_to_the_status_line() {
    let mut app = app(80, 24);
    app.update(Action::OpenModule {
        module: 1,
        anchor: None,
    });
    app.update(Action::ScrollLines(7));
    let err = crate::course::CourseError::Read {
        path: "content/x.md".into(),
        reason: "fichier introuvable".into(),
    };
    app.update(Action::CourseReloaded(Box::new(Err(err.clone()))));
    assert_eq!(
        app.status.error,
        Some(format!("rechargement impossible : {err}"))
    );
    let mut course = fixture();
    course.modules[1].source.push_str("\nUne ligne ajoutée.\n");
    app.update(Action::CourseReloaded(Box::new(Ok(course))));
    assert_eq!(app.status.error, None);
    let r = app.reader.as_ref().unwrap();
    assert_eq!(r.scroll, 7);
    assert!(
        r.doc
            .lines
            .iter()
            .any(|l| l.to_string().contains("Une ligne ajoutée."))
    );
}

#[test]
fn help_overlay_captures_keys_until_closed() {
    let mut app = app(80, 24);
    press(&mut app, &[KeyCode::Char('?')]);
    assert_eq!(app.mode(), Mode::Help);
    press(&mut app, &[KeyCode::Char('q')]);
    assert!(!app.quit);
    assert_eq!(app.help, None);
    press(&mut app, &[KeyCode::Char('q')]);
    assert!(app.quit);
}

#[test]
fn progress_is_saved_to_the_store() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(Some(dir.path())).unwrap();
    let mut app = App::new(
        fixture(),
        Progress::default(),
        Some(store.clone()),
        false,
        Rect::new(0, 0, 80, 24),
    );
    app.update(Action::OpenModule {
        module: 2,
        anchor: None,
    });
    app.update(Action::Quit);
    let saved = store.load().progress;
    assert_eq!(saved.last_module.as_deref(), Some("pratique"));
    assert!(
        saved.modules["pratique"].read,
        "a module that fits on screen is read at once"
    );
}

#[test]
fn the_mouse_wheel_scrolls_the_reader_only() {
    use crossterm::event::{MouseEvent, MouseEventKind};
    let wheel = |kind| {
        Event::Term(TermEvent::Mouse(MouseEvent {
            kind,
            column: 0,
            row: 0,
            modifiers: KeyModifiers::NONE,
        }))
    };
    let mut app = app(80, 24);
    assert_eq!(
        app.action_for_event(wheel(MouseEventKind::ScrollDown)),
        None
    );
    app.update(Action::OpenModule {
        module: 1,
        anchor: None,
    });
    assert_eq!(
        app.action_for_event(wheel(MouseEventKind::ScrollDown)),
        Some(Action::ScrollLines(WHEEL_LINES))
    );
    assert_eq!(
        app.action_for_event(wheel(MouseEventKind::ScrollUp)),
        Some(Action::ScrollLines(-WHEEL_LINES))
    );
}

#[test]
fn terminal_resize_events_become_actions() {
    let app = app(80, 24);
    assert_eq!(
        app.action_for_event(Event::Term(TermEvent::Resize(100, 30))),
        Some(Action::Resize(100, 30))
    );
}

#[test]
fn references_open_the_module_at_the_anchor() {
    let mut app = app(80, 24);
    let action = Action::open_reference(&app.course, "signatures#résumé").unwrap();
    assert_eq!(
        action,
        Action::OpenModule {
            module: 1,
            anchor: Some("résumé".into())
        }
    );
    assert_eq!(
        Action::open_reference(&app.course, "pratique"),
        Some(Action::OpenModule {
            module: 2,
            anchor: None
        })
    );
    assert_eq!(Action::open_reference(&app.course, "inconnu#x"), None);
    app.update(action);
    assert_eq!(app.screen, Screen::Reader);
    assert_eq!(app.status.notice, None);
}

#[test]
fn enter_on_an_exercise_opens_its_section() {
    let mut app = app(80, 24);
    app.home.selected = home::items(&app.course)
        .iter()
        .position(|i| *i == Item::Exercise(1))
        .unwrap();
    app.update(Action::Activate);
    let r = app.reader.as_ref().unwrap();
    assert_eq!((app.screen, r.module), (Screen::Reader, 2));
    assert!(app.progress.exercises_done.is_empty());
}

#[test]
fn backspace_returns_from_a_followed_link() {
    let mut app = app(80, 24);
    app.update(Action::OpenModule {
        module: 1,
        anchor: None,
    });
    app.update(Action::Bottom);
    let before = app.reader.as_ref().unwrap().scroll;
    // From the end, Maj-Tab selects « le début de ce module », then « la pratique ».
    app.update(Action::PrevLink);
    app.update(Action::PrevLink);
    app.update(Action::Activate);
    let r = app.reader.as_ref().unwrap();
    assert_eq!(
        (r.module, r.scroll),
        (2, 0),
        "followed ./02-PRATIQUE.md#rejouer-un-événement"
    );
    press(&mut app, &[KeyCode::Backspace]);
    let r = app.reader.as_ref().unwrap();
    assert_eq!((r.module, r.scroll), (1, before));
    press(&mut app, &[KeyCode::Backspace]);
    assert_eq!(app.status.notice.as_deref(), Some(NO_HISTORY));
}

/// The interface and another process (`quiz --plain`) on one data folder.
#[test]
fn an_attempt_saved_by_another_process_survives_the_interfaces_next_save() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(Some(dir.path())).unwrap();
    let mut app = App::new(
        fixture(),
        store.load().progress,
        Some(store.clone()),
        false,
        Rect::new(0, 0, 80, 24),
    );
    app.update(Action::OpenModule {
        module: 2,
        anchor: None,
    });
    let other = Store::open(Some(dir.path())).unwrap();
    let attempt = crate::progress::AttemptRecord {
        seed: 9,
        ..Default::default()
    };
    other.update(|p| p.add_attempt(attempt.clone())).unwrap();
    press(&mut app, &[KeyCode::Char('q')]);
    let saved = store.load().progress;
    assert_eq!(saved.attempts, vec![attempt]);
    assert_eq!(saved.last_module.as_deref(), Some("pratique"));
    assert_eq!(
        app.progress, saved,
        "the interface shows the merged progress"
    );
}

#[test]
fn an_unreadable_progress_file_is_never_overwritten_and_the_warning_stays() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(Some(dir.path())).unwrap();
    std::fs::create_dir(store.path()).unwrap();
    let loaded = store.load_for_writing();
    let mut app = App::new(
        fixture(),
        loaded.progress,
        Some(store.clone()),
        false,
        Rect::new(0, 0, 80, 24),
    );
    app.block_saving(loaded.blocked.unwrap());
    let short =
        "enregistrement désactivé : progression illisible (c'est un dossier, pas un fichier)";
    assert_eq!(app.status.error.as_deref(), Some(short));
    app.update(Action::OpenModule {
        module: 2,
        anchor: None,
    });
    press(&mut app, &[KeyCode::Down, KeyCode::Char('q')]);
    assert!(std::fs::metadata(store.path()).unwrap().is_dir());
    assert_eq!(std::fs::read_dir(store.path()).unwrap().count(), 0);
    assert_eq!(app.status.error.as_deref(), Some(short));
    assert!(
        app.progress.modules["pratique"].read,
        "still shown in memory"
    );
}

#[test]
fn s_on_home_opens_the_sandbox_and_q_comes_back_home() {
    let mut app = app(80, 24);
    assert_eq!(app.screen, Screen::Home);
    press(&mut app, &[KeyCode::Char('s')]);
    assert_eq!(app.screen, Screen::Sandbox);
    press(&mut app, &[KeyCode::Char('q')]);
    assert_eq!(app.screen, Screen::Home);
    let help = crate::tui::help::sections(Screen::Home);
    assert!(
        help[0]
            .1
            .iter()
            .any(|(k, h)| k == "s" && *h == "ouvrir le bac à sable des signatures"),
        "{help:?}"
    );
}

#[test]
fn the_clock_event_reaches_the_sandbox_without_clearing_the_status_line() {
    let mut app = app(80, 24);
    assert_eq!(app.action_for_event(Event::Clock), Some(Action::Clock));
    app.status.notice = Some("copié".into());
    app.update(Action::Clock);
    assert_eq!(app.status.notice.as_deref(), Some("copié"));
    assert_eq!(app.screen, Screen::Home);
}

#[test]
fn going_back_never_lowers_a_module_s_percentage() {
    let mut app = app(80, 12);
    app.update(Action::OpenModule {
        module: 1,
        anchor: None,
    });
    app.update(Action::ScrollLines(8));
    let before = app.reader.as_ref().unwrap().percent();
    assert!(before > 0);
    // `g`, then a jump back to the first heading (what a quiz review does).
    press(&mut app, &[KeyCode::Char('g')]);
    app.update(Action::OpenModule {
        module: 1,
        anchor: Some(app.reader.as_ref().unwrap().doc.headings[0].slug.clone()),
    });
    let r = app.reader.as_ref().unwrap();
    assert_eq!((r.scroll, r.percent()), (0, before));
    app.update(Action::GoHome);
    let saved = &app.progress.modules["signatures"];
    assert_eq!((saved.scroll, saved.furthest), (0, Some(8)));
    // Reopened later, the module resumes at the top but still shows how far it was read.
    app.reader = None;
    app.update(Action::OpenModule {
        module: 1,
        anchor: None,
    });
    let r = app.reader.as_ref().unwrap();
    assert_eq!((r.scroll, r.percent()), (0, before));
}
