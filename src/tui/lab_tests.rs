//! The lab screen at 80×24 and 40×12, fed by hand with the worker's events (no server).

use ratatui::layout::Rect;

use super::*;
use crate::lab::board::ExerciseRow;
use crate::lab::round::Target;
use crate::progress::Progress;
use crate::tui::action::Action;
use crate::tui::app::{App, Screen};
use crate::tui::test_support::{draw, text};

fn row(n: u32, id: &str, title: &str, checks: &[(&str, bool)]) -> ExerciseRow {
    ExerciseRow {
        number: Some(n),
        id: id.to_owned(),
        title: title.to_owned(),
        checks: checks
            .iter()
            .map(|(c, ok)| {
                let status = if *ok { Status::Passed } else { Status::Failed };
                ((*c).to_owned(), Some(status))
            })
            .collect(),
    }
}

/// The untouched starter's round, with exercise 4 fixed when `fixed`.
fn round(fixed: bool) -> LabEvent {
    LabEvent::Round(Box::new(RoundView {
        rows: vec![
            row(
                4,
                "express-corps-brut",
                "Le corps brut sous Express",
                &[("raw-body", fixed), ("valid", true)],
            ),
            row(
                5,
                "express-upsert",
                "Un handler idempotent",
                &[("duplicate", false), ("update-before-create", false)],
            ),
            row(
                6,
                "express-suppression",
                "Supprimer sans risque",
                &[("delete-unknown", false), ("state-delete", true)],
            ),
            row(
                10,
                "express-bienvenue-unique",
                "Un seul e-mail de bienvenue",
                &[("welcome-once", false)],
            ),
        ],
        why: vec![
            (
                "raw-body".into(),
                "user.created mis en forme : 400 en 9 ms — un 2xx était attendu".into(),
            ),
            (
                "duplicate".into(),
                "envoi 2/2 (même svix-id) : 500 en 20 ms — un 2xx était attendu".into(),
            ),
            (
                "update-before-create".into(),
                "user.updated d’un inconnu : 500 en 3 ms".into(),
            ),
            (
                "delete-unknown".into(),
                "user.deleted d’un id jamais vu : 500 en 3 ms".into(),
            ),
            (
                "welcome-once".into(),
                "e-mail de bienvenue envoyé plusieurs fois".into(),
            ),
        ],
        score: if fixed {
            "13/23 (56 %)"
        } else {
            "12/23 (52 %)"
        }
        .to_owned(),
        notes: if fixed {
            vec![
                "★ Exercice 4 — Le corps brut sous Express : validé par le labo".to_owned(),
                "  correction de référence : solution/exercice-04.md".to_owned(),
            ]
        } else {
            Vec::new()
        },
        aborted: None,
    }))
}

fn lab_app(w: u16, h: u16) -> App {
    let course = crate::course::Course::embedded().unwrap();
    let mut app = App::new(
        course,
        Progress::default(),
        None,
        false,
        Rect::new(0, 0, w, h),
    );
    app.open_lab_on(
        "potagers-webhooks".to_owned(),
        Target::Own {
            url: "http://127.0.0.1:3000/api/webhooks".to_owned(),
            secret: "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw".to_owned(),
            database_url: None,
            watch: None,
        },
    );
    app
}

fn feed(app: &mut App, event: LabEvent) {
    app.update(Action::Lab(LabAction::Event(Box::new(event))));
}

#[test]
fn snapshot_the_report_with_a_hint() {
    for (w, h) in [(80, 24), (40, 12)] {
        let mut app = lab_app(w, h);
        assert_eq!(app.screen, Screen::Lab);
        feed(
            &mut app,
            LabEvent::Phase("⋯ évaluation de http://127.0.0.1:3000/api/webhooks".into()),
        );
        feed(&mut app, round(false));
        app.update(Action::Lab(LabAction::Hint));
        insta::assert_snapshot!(format!("lab_report_hint_{w}x{h}"), text(&draw(&app)));
    }
}

#[test]
fn snapshot_a_crash_with_the_server_output() {
    for (w, h) in [(80, 24), (40, 12)] {
        let mut app = lab_app(w, h);
        feed(&mut app, round(true));
        feed(
            &mut app,
            LabEvent::Output(vec![
                "Potagers écoute sur http://127.0.0.1:3000 (webhooks : /api/webhooks)".into(),
                "! /tmp/potagers/server.js:14".into(),
                "! SyntaxError: Unexpected token ';'".into(),
            ]),
        );
        feed(&mut app, LabEvent::Crashed("le serveur s’est arrêté (code 1) — dernières lignes de sa sortie d’erreur :\n  │ SyntaxError: Unexpected token ';'".into()));
        insta::assert_snapshot!(format!("lab_crash_output_{w}x{h}"), text(&draw(&app)));
    }
}

#[test]
fn a_passed_exercise_moves_the_selection_on_and_is_ticked() {
    let mut app = lab_app(80, 24);
    feed(&mut app, round(false));
    assert_eq!(app.lab.as_ref().unwrap().selected, 0);
    app.update(Action::Lab(LabAction::Hint));
    assert_eq!(app.progress.lab_hints["express-corps-brut"], 1);
    let hint = &app.lab.as_ref().unwrap().hint.as_ref().unwrap().0;
    assert_eq!(hint, "Indice 1/2 — Exercice 4 — Le corps brut sous Express");
    app.update(Action::Lab(LabAction::Hint));
    app.update(Action::Lab(LabAction::Hint));
    assert_eq!(app.progress.lab_hints["express-corps-brut"], 2);
    feed(&mut app, round(true));
    let lab = app.lab.as_ref().unwrap();
    assert_eq!(lab.selected, 1);
    assert_eq!(lab.hint, None);
    assert!(app.progress.lab_validated.contains("express-corps-brut"));
    assert!(app.progress.exercises_done.contains("express-corps-brut"));
    // Leaving the lab stops it.
    app.update(Action::GoHome);
    assert!(app.lab.is_none());
    assert_eq!(app.screen, Screen::Home);
}

#[test]
fn the_home_screen_offers_the_lab_when_the_course_has_one() {
    let course = crate::course::Course::embedded().unwrap();
    let items = crate::tui::home::items(&course);
    assert!(items.contains(&crate::tui::home::Item::Lab));
    let fixture = crate::tui::app::tests::fixture();
    assert!(!crate::tui::home::items(&fixture).contains(&crate::tui::home::Item::Lab));
}
