//! The Labo's state: editing, masking, the save-secret toggle, rows following the run's
//! news, and the confirmation and errors before a run.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::*;
use crate::grade::{Answer, CheckResult, Exchange, SentRequest, Status, checks};

pub(crate) const SECRET: &str = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

fn course() -> Course {
    Course::embedded().unwrap()
}

fn key(code: KeyCode) -> LaboAction {
    LaboAction::Key(KeyEvent::new(code, KeyModifiers::NONE))
}

fn typed(state: &mut LaboState, text: &str, course: &Course) {
    for c in text.chars() {
        state.update(&key(KeyCode::Char(c)), course);
    }
}

/// A passed or skipped result with no exchange.
pub(crate) fn result(id: &str, status: Status) -> CheckResult {
    CheckResult {
        def: checks::find(id).unwrap(),
        status,
        ms: 3,
        exchanges: Vec::new(),
        diagnosis: Vec::new(),
        state: Vec::new(),
    }
}

/// `valid` answered 401, as behind a middleware that is not public.
pub(crate) fn failed_valid() -> CheckResult {
    CheckResult {
        status: Status::Failed,
        ms: 4,
        exchanges: vec![Exchange {
            request: SentRequest {
                label: "user.created réaliste".into(),
                headers: vec![
                    ("content-type".into(), "application/json".into()),
                    ("svix-id".into(), "msg_lab_test".into()),
                    ("svix-timestamp".into(), "1796219203".into()),
                    ("svix-signature".into(), "v1,c2lnbmF0dXJl".into()),
                ],
                body_len: 1432,
                body_excerpt: r#"{"type":"user.created","object":"event"}"#.into(),
            },
            answer: Answer::Status {
                status: 401,
                location: None,
                body_excerpt: "Unauthorized".into(),
            },
            ms: 4,
        }],
        diagnosis: vec![
            "401 : la route du webhook n’est pas publique.".into(),
            "Ajoutez-la aux routes publiques de clerkMiddleware.".into(),
        ],
        ..result("valid", Status::Failed)
    }
}

pub(crate) fn filled() -> LaboState {
    let mut state = LaboState::new(&LabProgress::default());
    state.url = "http://127.0.0.1:18788/api/webhooks".into();
    state.secret = SECRET.into();
    state
}

#[test]
fn fields_are_edited_in_place_and_saved_when_the_edit_ends() {
    let course = course();
    let mut state = LaboState::new(&LabProgress::default());
    assert_eq!(state.mode(), Mode::Normal);
    assert_eq!(state.field(), Some(Field::Url));
    assert!(matches!(
        state.update(&LaboAction::Activate, &course),
        Effect::None
    ));
    assert_eq!(state.mode(), Mode::Edit);
    typed(&mut state, "http://localhost:3000/x", &course);
    state.update(&key(KeyCode::Backspace), &course);
    // q and r are text while editing, not keys of the screen.
    typed(&mut state, "qr", &course);
    assert_eq!(state.url, "http://localhost:3000/qr");
    let Effect::Save {
        url,
        database_url,
        secret,
        notice,
    } = state.update(&key(KeyCode::Enter), &course)
    else {
        panic!("Enter saves")
    };
    assert_eq!(state.mode(), Mode::Normal);
    assert_eq!(
        (url.as_str(), database_url.as_str(), secret, notice),
        ("http://localhost:3000/qr", "", None, None)
    );
    // The database, with Échap this time.
    state.update(&LaboAction::SelectNext, &course);
    state.update(&LaboAction::SelectNext, &course);
    assert_eq!(state.field(), Some(Field::Database));
    state.update(&LaboAction::Activate, &course);
    typed(&mut state, "file:./dev.db", &course);
    let Effect::Save { database_url, .. } = state.update(&LaboAction::StopEdit, &course) else {
        panic!("Échap saves")
    };
    assert_eq!(database_url, "file:./dev.db");
    // d empties the selected field, and that is remembered too.
    let Effect::Save { database_url, .. } = state.update(&LaboAction::ClearField, &course) else {
        panic!("d saves")
    };
    assert_eq!(
        (database_url.as_str(), state.database_url.as_str()),
        ("", "")
    );
    // Past the fields, the selection walks the rows, and stops at the last.
    for _ in 0..40 {
        state.update(&LaboAction::SelectNext, &course);
    }
    assert_eq!(state.selected_row(), Some(CHECKS.len() - 1));
    assert!(matches!(
        state.update(&LaboAction::ClearField, &course),
        Effect::Notice(_)
    ));
    assert_eq!(
        state.url, "http://localhost:3000/qr",
        "a row has nothing to empty"
    );
}

#[test]
fn a_paste_is_one_edit_on_one_line() {
    let course = course();
    let mut state = LaboState::new(&LabProgress::default());
    state.update(&LaboAction::SelectNext, &course);
    state.update(&LaboAction::Activate, &course);
    state.update(&LaboAction::Paste(format!("{SECRET}\r\n")), &course);
    assert_eq!(state.secret, SECRET);
    // One undo takes the whole paste back.
    state.update(
        &LaboAction::Key(KeyEvent::new(KeyCode::Char('u'), KeyModifiers::CONTROL)),
        &course,
    );
    assert_eq!(state.secret, "");
    // Outside editing, a paste does nothing.
    state.update(&LaboAction::StopEdit, &course);
    state.update(&LaboAction::Paste("x".into()), &course);
    assert_eq!(state.secret, "");
}

#[test]
fn the_secret_is_masked_and_saved_only_on_request() {
    assert_eq!(masked(SECRET), "whsec_••••");
    assert_eq!(masked("c2VjcmV0"), "••••");
    assert_eq!(masked("  "), "");
    let course = course();
    let mut state = LaboState::new(&LabProgress::default());
    assert!(!state.save_secret);
    state.update(&LaboAction::SelectNext, &course);
    state.update(&LaboAction::Activate, &course);
    typed(&mut state, SECRET, &course);
    // Not asked: the edit saves the URLs and leaves the secret out.
    let Effect::Save { secret, .. } = state.update(&LaboAction::StopEdit, &course) else {
        panic!()
    };
    assert_eq!(secret, None);
    let Effect::Save { secret, notice, .. } = state.update(&LaboAction::ToggleSaveSecret, &course)
    else {
        panic!()
    };
    assert!(state.save_secret);
    assert_eq!(secret.as_deref(), Some(SECRET));
    assert!(notice.unwrap().starts_with("secret mémorisé"));
    // Asked: each edit of it saves it again.
    state.update(&LaboAction::Activate, &course);
    state.update(&key(KeyCode::Backspace), &course);
    let Effect::Save { secret, .. } = state.update(&LaboAction::StopEdit, &course) else {
        panic!()
    };
    assert_eq!(secret.as_deref(), Some(&SECRET[..SECRET.len() - 1]));
    // Untoggled: forgotten (Some("") clears what is saved).
    let Effect::Save { secret, .. } = state.update(&LaboAction::ToggleSaveSecret, &course) else {
        panic!()
    };
    assert_eq!(secret.as_deref(), Some(""));
    assert!(!state.save_secret);
    // A saved secret comes back, and with it the toggle.
    let state = LaboState::new(&LabProgress {
        secret: Some(SECRET.into()),
        ..LabProgress::default()
    });
    assert!(state.save_secret);
    assert_eq!(state.secret, SECRET);
}

#[test]
fn rows_follow_the_run_as_results_arrive() {
    let course = course();
    let mut state = filled();
    assert!(matches!(
        state.update(&LaboAction::Run, &course),
        Effect::Run(_)
    ));
    assert!(state.running);
    assert!(state.rows.iter().all(|r| r.state == RowState::Waiting));
    let total = CHECKS.len();
    state.update(
        &LaboAction::Progress(grade::Progress::Started {
            index: 0,
            total,
            id: "valid",
            title: "",
        }),
        &course,
    );
    assert_eq!(state.rows[0].state, RowState::Running);
    state.update(
        &LaboAction::Progress(grade::Progress::Finished {
            index: 0,
            total,
            result: failed_valid(),
        }),
        &course,
    );
    state.update(
        &LaboAction::Progress(grade::Progress::Finished {
            index: 1,
            total,
            result: result("state-valid", Status::Skipped),
        }),
        &course,
    );
    assert_eq!(state.rows[0].state, RowState::Done(Status::Failed));
    assert_eq!(state.rows[1].state, RowState::Done(Status::Skipped));
    assert_eq!(state.rows[2].state, RowState::Waiting);
    assert_eq!((state.done, state.total), (2, total));
    // A second r while it runs starts nothing.
    assert!(matches!(
        state.update(&LaboAction::Run, &course),
        Effect::Notice(_)
    ));
    // Details of a finished check, while the run goes on.
    state.selected = Field::ALL.len();
    state.update(&LaboAction::Activate, &course);
    assert_eq!(state.mode(), Mode::Details);
    let lines = &state.details.as_ref().unwrap().lines;
    assert_eq!(
        lines[0],
        "✗ [ 1/22] valid — un user.created réaliste reçoit un 2xx en moins de 15 s (4 ms)"
    );
    assert_eq!(lines[1], "envoyé : user.created réaliste");
    assert_eq!(
        lines[2],
        "  svix-id: msg_lab_test · svix-timestamp: 1796219203 · svix-signature: v1,c2lnbmF0dXJl"
    );
    assert_eq!(lines[4], "reçu : 401 en 4 ms — corps : Unauthorized");
    assert_eq!(
        lines[5],
        "diagnostic : 401 : la route du webhook n’est pas publique."
    );
    assert!(
        lines[7].starts_with("à revoir : Module 3 : "),
        "{}",
        lines[7]
    );
    assert!(matches!(
        state.update(&LaboAction::OpenSection, &course),
        Effect::OpenSection("implementation#le-middleware--garder-la-route-publique")
    ));
    state.update(&LaboAction::Scroll(3), &course);
    assert_eq!(state.details.as_ref().unwrap().scroll, 3);
    state.update(&LaboAction::Scroll(100), &course);
    assert_eq!(
        state.details.as_ref().unwrap().scroll,
        7,
        "stops at the last line"
    );
    state.update(&LaboAction::Back, &course);
    assert_eq!(state.mode(), Mode::Normal);
    // A row not run yet has no details.
    state.selected = Field::ALL.len() + 5;
    assert!(matches!(
        state.update(&LaboAction::Activate, &course),
        Effect::Notice(_)
    ));
    // The end: the report goes to the app to be recorded.
    let report = Report::new("http://127.0.0.1:18788/api/webhooks", vec![failed_valid()]);
    let effect = state.update(&LaboAction::Finished(Box::new(Ok(report.clone()))), &course);
    assert!(matches!(effect, Effect::Finished(r) if *r == report));
    assert!(!state.running);
    // News of no run (a stale event) changes nothing.
    state.update(
        &LaboAction::Progress(grade::Progress::Started {
            index: 2,
            total,
            id: "raw-body",
            title: "",
        }),
        &course,
    );
    assert_eq!(state.rows[2].state, RowState::Waiting);
}

#[test]
fn rows_start_from_the_last_run_kept_in_progress() {
    let state = LaboState::new(&LabProgress {
        last: Some(LabRun {
            passed: 1,
            total: 2,
            checks: vec![
                ("valid".into(), "passed".into()),
                ("state-valid".into(), "skipped".into()),
                ("raw-body".into(), "failed".into()),
            ],
            ..LabRun::default()
        }),
        ..LabProgress::default()
    });
    let states: Vec<RowState> = state.rows.iter().take(4).map(|r| r.state).collect();
    assert_eq!(
        states,
        [
            RowState::Done(Status::Passed),
            RowState::Done(Status::Skipped),
            RowState::Done(Status::Failed),
            RowState::Waiting
        ]
    );
    assert!(state.rows.iter().all(|r| r.result.is_none()));
}

#[test]
fn a_remote_url_asks_first_and_bad_input_says_why() {
    let course = course();
    let mut state = filled();
    state.url = "https://staging.example.com/api/webhooks".into();
    assert!(matches!(
        state.update(&LaboAction::Run, &course),
        Effect::None
    ));
    assert_eq!(state.mode(), Mode::Confirm);
    assert!(
        state
            .confirm
            .as_deref()
            .unwrap()
            .contains("staging.example.com")
    );
    // Other keys wait for the answer.
    assert!(matches!(
        state.update(&LaboAction::Activate, &course),
        Effect::None
    ));
    assert!(!state.running);
    assert!(matches!(
        state.update(&LaboAction::Cancel, &course),
        Effect::Notice(_)
    ));
    assert_eq!(state.mode(), Mode::Normal);
    state.update(&LaboAction::Run, &course);
    assert!(matches!(
        state.update(&LaboAction::Confirm, &course),
        Effect::Run(_)
    ));
    assert!(state.running);

    // Known tunnels and this machine run at once.
    let mut state = filled();
    state.url = "https://abc.ngrok-free.app/api/webhooks".into();
    assert!(matches!(
        state.update(&LaboAction::Run, &course),
        Effect::Run(_)
    ));

    for (url, secret, expected) in [
        ("", SECRET, "indiquez l’URL"),
        ("ftp://localhost/x", SECRET, "schéma « ftp »"),
        ("http://localhost:99999/x", SECRET, "99999"),
        ("http://localhost:3000/x", "", "indiquez le secret"),
        ("http://localhost:3000/x", "pas-un-secret", "secret : "),
    ] {
        let mut state = filled();
        state.url = url.into();
        state.secret = secret.into();
        assert!(matches!(
            state.update(&LaboAction::Run, &course),
            Effect::None
        ));
        let error = state.error.clone().unwrap_or_default();
        assert!(error.contains(expected), "{url} {secret}: {error}");
        assert!(!state.running);
    }

    // A run that could not start (database unreachable) shows why, rows as before.
    let mut state = filled();
    state.update(&LaboAction::Run, &course);
    let err = GradeError("--database-url : la base est injoignable".into());
    state.update(&LaboAction::Finished(Box::new(Err(err))), &course);
    assert!(!state.running);
    assert_eq!(
        state.error.as_deref(),
        Some("--database-url : la base est injoignable")
    );
}
