//! The sandbox screen through the whole app: keys → actions → state, edit mode, exports,
//! and snapshots at 80×24 and 120×40.

use std::os::unix::fs::FileTypeExt as _;

use crossterm::event::{KeyCode, KeyModifiers};
use ratatui::layout::Rect;
use ratatui::style::Color;

use super::*;
use crate::progress::Progress;
use crate::sandbox::{EXPORT_CURL_FILE, EXPORT_HTTP_FILE};
use crate::tui::action::Action;
use crate::tui::app::{App, Screen};
use crate::tui::test_support::{draw, find, press, press_with, text};

const NOW: i64 = 1_764_321_600;

fn fixed_now() -> i64 {
    NOW
}

fn app(w: u16, h: u16, colors: bool) -> App {
    let mut app = App::new(
        crate::tui::app::tests::fixture(),
        Progress::default(),
        None,
        colors,
        Rect::new(0, 0, w, h),
    );
    let sample = samples::ALL.first().unwrap();
    app.sandbox = SandboxState::with_clock(Scenario::Valid, sample, colors, fixed_now);
    app.update(Action::OpenSandbox);
    app
}

fn type_text(app: &mut App, text: &str) {
    for c in text.chars() {
        press(app, &[KeyCode::Char(c)]);
    }
}

#[test]
fn q_in_a_field_types_q_and_esc_leaves() {
    let mut app = app(80, 24, false);
    press(&mut app, &[KeyCode::Down]); // svix-id
    assert_eq!(app.sandbox.field, Field::MsgId);
    press(&mut app, &[KeyCode::Enter]);
    assert_eq!(app.mode(), Mode::Edit);
    type_text(&mut app, "q?v1x");
    assert!(!app.quit);
    assert_eq!(app.screen, Screen::Sandbox);
    assert_eq!(
        app.sandbox.inputs.msg_id,
        "msg_p5jXN8AQM9LWM0D4loKWxJekq?v1x"
    );
    assert_eq!(
        app.sandbox.scenario,
        Scenario::Valid,
        "1 was typed, not a scenario key"
    );
    assert_eq!(
        app.sandbox.view,
        View::Exchange,
        "v was typed, not a view key"
    );
    // Re-signed on every keystroke: still valid, with the new id.
    let verified = app.sandbox.trace.verdict().unwrap();
    assert_eq!(verified.msg_id, "msg_p5jXN8AQM9LWM0D4loKWxJekq?v1x");

    press(&mut app, &[KeyCode::Esc]);
    assert_eq!(app.mode(), Mode::Normal);
    assert_eq!(app.screen, Screen::Sandbox);
    press(&mut app, &[KeyCode::Char('q')]);
    assert_eq!(app.screen, Screen::Home);
    assert!(!app.quit);
}

#[test]
fn ctrl_c_still_quits_while_editing() {
    let mut app = app(80, 24, false);
    press(&mut app, &[KeyCode::Enter]);
    assert_eq!(app.mode(), Mode::Edit);
    press_with(&mut app, KeyCode::Char('c'), KeyModifiers::CONTROL);
    assert!(app.quit);
}

#[test]
fn a_paste_is_one_edit_and_only_the_body_keeps_its_line_breaks() {
    use crate::tui::event::Event;
    let paste = |app: &mut App, text: &str| {
        let event = Event::Term(crossterm::event::Event::Paste(text.into()));
        let action = app.action_for_event(event);
        if let Some(action) = action {
            app.update(action);
        }
    };
    let mut app = app(80, 24, false);
    // Not editing: a paste is ignored, never taken as keys.
    paste(&mut app, "q");
    assert_eq!(app.screen, Screen::Sandbox);
    press(&mut app, &[KeyCode::Char('e')]);
    press_with(&mut app, KeyCode::Char('a'), KeyModifiers::CONTROL);
    press_with(&mut app, KeyCode::Char('k'), KeyModifiers::CONTROL);
    paste(&mut app, "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw\r\n");
    assert_eq!(
        app.sandbox.inputs.secret,
        "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
    );
    press_with(&mut app, KeyCode::Char('u'), KeyModifiers::CONTROL);
    assert_eq!(
        app.sandbox.inputs.secret, "",
        "one undo takes the paste back"
    );
    press(&mut app, &[KeyCode::Esc, KeyCode::Up, KeyCode::Char('e')]);
    assert_eq!(app.sandbox.field, Field::Payload);
    paste(&mut app, "\r\n{}\r\n");
    assert!(
        app.sandbox.inputs.payload.ends_with("}\n{}\n"),
        "{:?}",
        app.sandbox.inputs.payload
    );
}

#[test]
fn editing_the_body_takes_newlines_and_recomputes() {
    let mut app = app(80, 24, false);
    press(&mut app, &[KeyCode::Up]); // wraps to the body
    assert_eq!(app.sandbox.field, Field::Payload);
    press(&mut app, &[KeyCode::Char('e'), KeyCode::Enter]);
    type_text(&mut app, "x");
    assert!(
        app.sandbox.inputs.payload.ends_with("}\nx"),
        "{:?}",
        app.sandbox.inputs.payload
    );
    assert_eq!(app.sandbox.sample, None);
    assert!(matches!(
        app.sandbox.trace.json,
        crate::sandbox::JsonStatus::Invalid { .. }
    ));
    press(&mut app, &[KeyCode::Backspace, KeyCode::Backspace]);
    assert_eq!(app.sandbox.trace.json, crate::sandbox::JsonStatus::Valid);
    // From a hand-edited body, « next » starts again at the first example.
    press(&mut app, &[KeyCode::Esc, KeyCode::Char('p')]);
    assert_eq!(app.sandbox.sample, Some(0));
    press(&mut app, &[KeyCode::Char('p')]);
    assert_eq!(app.sandbox.sample, Some(1));
    assert_eq!(app.sandbox.inputs.payload, samples::ALL[1].body);
}

#[test]
fn single_line_fields_end_on_enter_and_bad_secrets_are_reported() {
    let mut app = app(80, 24, false);
    press(
        &mut app,
        &[KeyCode::Enter, KeyCode::Backspace, KeyCode::Enter],
    );
    assert_eq!(app.mode(), Mode::Normal);
    assert_eq!(
        app.sandbox.inputs.secret,
        "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaS"
    );
    assert!(matches!(
        app.sandbox.trace.exchange,
        Err(crate::sandbox::InputError::Secret(_))
    ));
    press(&mut app, &[KeyCode::Char('g')]);
    assert!(app.sandbox.trace.accepted());
    assert_ne!(app.sandbox.inputs.secret, crate::sandbox::DEMO_SECRET);
    press(&mut app, &[KeyCode::Char('0')]);
    assert_eq!(app.sandbox.inputs.secret, crate::sandbox::DEMO_SECRET);
}

#[test]
fn scenario_keys_select_scenarios() {
    let mut app = app(80, 24, false);
    for s in Scenario::ALL {
        press(&mut app, &[KeyCode::Char(s.key())]);
        assert_eq!(app.sandbox.scenario, s);
        let accepted = matches!(s, Scenario::Valid | Scenario::Rotation);
        assert_eq!(app.sandbox.trace.accepted(), accepted, "{s}");
    }
    press(&mut app, &[KeyCode::Char('0')]);
    assert_eq!(app.sandbox.scenario, Scenario::Valid);
}

#[test]
fn delivery_controls_and_idempotency() {
    let mut app = app(80, 24, false);
    press(&mut app, &[KeyCode::Char('v')]);
    assert_eq!(app.sandbox.view, View::Delivery);
    press(&mut app, &[KeyCode::Char('+'), KeyCode::Char('r')]);
    assert_eq!(app.sandbox.delivery.endpoint.failures, 4);
    assert_eq!(
        app.sandbox.delivery.endpoint.failure,
        ResponseOutcome::Status(400)
    );
    assert_eq!(app.sandbox.delivery.timeline.attempts.len(), 5);
    press(&mut app, &[KeyCode::Char('d')]);
    assert_eq!(
        app.status.notice.as_deref(),
        Some("msg_p5jXN8AQM9LWM0D4loKWxJek : traité → 200")
    );
    press(&mut app, &[KeyCode::Char('d')]);
    assert_eq!(
        app.status.notice.as_deref(),
        Some("msg_p5jXN8AQM9LWM0D4loKWxJek : déjà traité → 200, ignoré")
    );
    assert_eq!(app.sandbox.delivery.idempotent.processed().len(), 1);
}

#[test]
fn export_writes_both_files_and_copy_emits_osc52() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = app(80, 24, false);
    app.sandbox.set_export_dir(dir.path().to_path_buf());
    press(&mut app, &[KeyCode::Char('x')]);
    let http = std::fs::read_to_string(dir.path().join(EXPORT_HTTP_FILE)).unwrap();
    let request = app
        .sandbox
        .trace
        .exchange
        .as_ref()
        .unwrap()
        .sent
        .request
        .clone();
    assert_eq!(http, request.to_raw());
    let sh = std::fs::read_to_string(dir.path().join(EXPORT_CURL_FILE)).unwrap();
    assert!(sh.starts_with("#!/bin/sh\ncurl -i -X POST 'http://localhost:3000/api/webhooks'"));
    assert!(
        app.status
            .notice
            .as_deref()
            .unwrap()
            .contains(EXPORT_HTTP_FILE)
    );

    press(&mut app, &[KeyCode::Char('c')]);
    let out = app.terminal_out.take().unwrap();
    let curl = curl_command(&request, crate::sandbox::EXPORT_URL);
    assert_eq!(out, crate::sandbox::osc52(&curl));
    press(&mut app, &[KeyCode::Char('C')]);
    assert_eq!(
        app.terminal_out.take(),
        Some(crate::sandbox::osc52(&request.to_raw()))
    );
}

/// Class 4: an export never replaces a FIFO (or a device) that bears the file's name; it
/// says why, and leaves no temporary file behind.
#[test]
fn export_refuses_a_fifo_in_place_of_its_file() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join(EXPORT_HTTP_FILE);
    let made = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .expect("mkfifo is needed to make a FIFO");
    assert!(made.success());
    let mut app = app(80, 24, false);
    app.sandbox.set_export_dir(dir.path().to_path_buf());
    press(&mut app, &[KeyCode::Char('x')]);
    assert_eq!(
        app.status.notice.as_deref(),
        Some(
            format!(
                "export impossible dans '{}' : c'est un tube nommé (FIFO), pas un fichier ordinaire : refusé, il ne sera pas remplacé",
                dir.path().display()
            )
            .as_str()
        )
    );
    assert!(
        std::fs::symlink_metadata(&fifo)
            .unwrap()
            .file_type()
            .is_fifo()
    );
    let names: Vec<_> = std::fs::read_dir(dir.path()).unwrap().flatten().collect();
    assert_eq!(names.len(), 1, "nothing else written");
}

#[test]
fn snapshots_valid_and_rejected_at_two_sizes() {
    for (w, h) in [(80, 24), (120, 40), (40, 12)] {
        let mut app = app(w, h, false);
        insta::assert_snapshot!(format!("sandbox_valid_{w}x{h}"), text(&draw(&app)));
        press(&mut app, &[KeyCode::Char('4')]);
        insta::assert_snapshot!(format!("sandbox_replay_{w}x{h}"), text(&draw(&app)));
    }
}

#[test]
fn snapshots_of_the_other_views_and_editing() {
    let mut app = app(120, 40, false);
    press(&mut app, &[KeyCode::Char('2'), KeyCode::Char('v')]);
    insta::assert_snapshot!("sandbox_delivery_120x40", text(&draw(&app)));
    press(&mut app, &[KeyCode::Char('v')]);
    insta::assert_snapshot!("sandbox_reception_120x40", text(&draw(&app)));
    press(&mut app, &[KeyCode::Char('v')]);
    insta::assert_snapshot!("sandbox_libraries_120x40", text(&draw(&app)));
    let mut app = self::app(80, 24, false);
    press(&mut app, &[KeyCode::Char('8'), KeyCode::Up, KeyCode::Enter]);
    insta::assert_snapshot!("sandbox_edit_body_80x24", text(&draw(&app)));
    let mut app = self::app(80, 24, false);
    press(&mut app, &[KeyCode::Char('?')]);
    insta::assert_snapshot!("sandbox_help_80x24", text(&draw(&app)));
    let mut app = self::app(40, 12, false);
    press(&mut app, &[KeyCode::Down, KeyCode::Enter]);
    insta::assert_snapshot!("sandbox_edit_id_40x12", text(&draw(&app)));
    let mut app = self::app(80, 24, false);
    press(&mut app, &[KeyCode::Char('3'), KeyCode::PageDown]);
    assert_eq!(app.sandbox.scroll, 5);
    insta::assert_snapshot!("sandbox_reserialized_scrolled_80x24", text(&draw(&app)));
}

#[test]
fn verdict_banners_are_coloured() {
    let mut app = app(120, 40, true);
    let buf = draw(&app);
    let (x, y) = find(&buf, "✓ ACCEPTÉ").unwrap();
    assert_eq!(buf[(x, y)].bg, Color::Green);
    press(&mut app, &[KeyCode::Char('6')]);
    let buf = draw(&app);
    let (x, y) = find(&buf, "✗ REJETÉ").unwrap();
    assert_eq!(buf[(x, y)].bg, Color::Red);
    // The three parts of the signed content have three colours.
    let (x, y) = find(&buf, "msg_p5jXN8AQM9LWM0D4loKWxJek.1764").unwrap();
    assert_eq!(buf[(x, y)].fg, Color::Cyan);
    assert_eq!(buf[(x + 29, y)].fg, Color::Yellow);
    assert_eq!(buf[(x + 40, y)].symbol(), "{");
    assert_eq!(buf[(x + 40, y)].fg, Color::Green);
}

#[test]
fn help_lists_the_sandbox_keys_and_the_edit_mode() {
    let sections = crate::tui::help::sections(Screen::Sandbox);
    let titles: Vec<&str> = sections.iter().map(|(t, _)| *t).collect();
    assert_eq!(
        titles,
        [
            "Bac à sable",
            "Édition d'un champ",
            "Synchronisation",
            "Aide"
        ]
    );
    let rows = &sections[0].1;
    assert!(rows.iter().any(|(k, h)| k == "4" && h.contains("replay")));
    assert!(
        rows.iter()
            .any(|(k, h)| k == "x" && h.contains("webhook-tutor-request.http"))
    );
}

#[test]
fn the_listener_feeds_received_requests_back() {
    use std::io::{Read as _, Write as _};
    use std::time::Duration;

    let mut app = app(80, 24, false);
    // The listener checks timestamps against the real clock.
    app.sandbox = SandboxState::new(Scenario::Valid, samples::ALL.first().unwrap(), false);
    press(&mut app, &[KeyCode::Char('l')]);
    assert_eq!(
        app.status.notice.as_deref(),
        Some("écoute indisponible ici : lancez l'interface dans un terminal")
    );
    let (tx, rx) = std::sync::mpsc::channel();
    app.events = Some(tx);
    press(&mut app, &[KeyCode::Char('l')]);
    assert_eq!(app.sandbox.view, View::Reception);
    let addr = app.sandbox.listen_addr().unwrap();
    assert_eq!(
        app.sandbox.target_url(),
        format!("http://{addr}/api/webhooks")
    );

    let raw = app
        .sandbox
        .trace
        .exchange
        .as_ref()
        .unwrap()
        .sent
        .request
        .to_raw();
    for expected in [
        crate::listen::Verdict::Accepted,
        crate::listen::Verdict::Duplicate,
    ] {
        let mut stream = std::net::TcpStream::connect(addr).unwrap();
        stream.write_all(raw.as_bytes()).unwrap();
        let mut answer = [0u8; 12];
        stream.read_exact(&mut answer).unwrap();
        let event = rx.recv_timeout(Duration::from_secs(5)).unwrap();
        let action = app.action_for_event(event).unwrap();
        app.update(action);
        assert_eq!(app.sandbox.feed.last().unwrap().verdict, expected);
    }
    assert_eq!(app.sandbox.feed.len(), 2);
    let buf = draw(&app);
    assert!(text(&buf).contains("déjà traité, ignoré"), "{}", text(&buf));
    press(&mut app, &[KeyCode::Char('l')]);
    assert_eq!(app.status.notice.as_deref(), Some("écoute arrêtée"));
    assert_eq!(app.sandbox.listen_addr(), None);
}

#[test]
fn s_in_the_reader_opens_the_sandbox() {
    let mut app = app(80, 24, false);
    press(&mut app, &[KeyCode::Char('q')]);
    app.open_module(0, None);
    assert_eq!(app.screen, Screen::Reader);
    press(&mut app, &[KeyCode::Char('s')]);
    assert_eq!(app.screen, Screen::Sandbox);
    press(&mut app, &[KeyCode::Char('q')]);
    assert_eq!(app.screen, Screen::Reader, "back where it was opened from");
}

#[test]
fn every_view_draws_at_any_size_without_panicking() {
    for (w, h) in [(20, 6), (21, 7), (33, 9), (59, 15), (60, 16), (200, 60)] {
        let mut app = app(w, h, true);
        for _ in View::ALL {
            draw(&app);
            press(&mut app, &[KeyCode::Char('v')]);
        }
        press(&mut app, &[KeyCode::Up, KeyCode::Enter]);
        draw(&app);
    }
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(48))]

    /// Anti-pattern 4: while editing, every printable key is text — none is an action.
    #[test]
    fn printable_keys_are_text_while_editing(typed in "[ -~àéèçù€]{0,40}") {
        let mut app = app(80, 24, false);
        press(&mut app, &[KeyCode::Down, KeyCode::Enter]);
        type_text(&mut app, &typed);
        proptest::prop_assert!(!app.quit);
        proptest::prop_assert_eq!(app.screen, Screen::Sandbox);
        proptest::prop_assert_eq!(app.mode(), Mode::Edit);
        proptest::prop_assert_eq!(app.sandbox.scenario, Scenario::Valid);
        proptest::prop_assert!(app.help.is_none());
        proptest::prop_assert_eq!(
            app.sandbox.inputs.msg_id.clone(),
            format!("{}{typed}", crate::sandbox::DEMO_MSG_ID)
        );
    }
}

#[test]
fn the_delivery_heading_never_promises_a_ninth_attempt() {
    let heading = |failures: usize| {
        let mut state = DeliveryState::default();
        state.endpoint.failures = failures;
        let theme = SandboxTheme::new(false);
        let lines = delivery::delivery_lines(&state, &theme);
        lines[0].to_string()
    };
    assert_eq!(
        heading(0),
        "L'endpoint répond 200 dès la première tentative"
    );
    assert_eq!(
        heading(3),
        "L'endpoint répond 500 (erreur serveur) 3 fois, puis 200"
    );
    assert_eq!(
        heading(7),
        "L'endpoint répond 500 (erreur serveur) 7 fois, puis 200"
    );
    assert_eq!(
        heading(8),
        "L'endpoint répond 500 (erreur serveur) aux 8 tentatives\u{a0}: aucune ne reçoit de 200"
    );
}

static LIVE_NOW: std::sync::atomic::AtomicI64 = std::sync::atomic::AtomicI64::new(1_764_321_600);

fn live_now() -> i64 {
    LIVE_NOW.load(std::sync::atomic::Ordering::SeqCst)
}

#[test]
fn maintenant_follows_the_clock_so_exports_never_go_stale() {
    use std::sync::atomic::Ordering;
    let sample = samples::ALL[0];
    let mut state = SandboxState::with_clock(Scenario::Valid, &sample, false, live_now);
    assert_eq!(state.trace.now, 1_764_321_600);
    // Ten minutes later, the clock event signs the request again at the new time.
    LIVE_NOW.store(1_764_322_200, Ordering::SeqCst);
    assert!(state.follow_clock());
    let sent = &state.trace.exchange.as_ref().unwrap().sent;
    assert_eq!(sent.timestamp, 1_764_322_200);
    assert_eq!(sent.request.header("svix-timestamp"), Some("1764322200"));
    assert!(state.trace.accepted());
    assert!(
        !state.follow_clock(),
        "nothing to do within the same second"
    );

    // A key after a pause is enough too: the copied request carries the current time.
    LIVE_NOW.store(1_764_322_800, Ordering::SeqCst);
    let Effect::Copy { text, .. } = state.update(&SandboxAction::CopyRaw) else {
        panic!("CopyRaw copies");
    };
    assert!(text.contains("svix-timestamp: 1764322800\r\n"), "{text}");

    // A timestamp typed by the learner is theirs: the clock leaves it alone.
    state.inputs.timestamp = "1764321600".into();
    state.update(&SandboxAction::NextField);
    LIVE_NOW.store(1_764_323_400, Ordering::SeqCst);
    assert!(!state.follow_clock());
}

/// A terminal event, as the input thread forwards it.
fn term(event: crossterm::event::Event) -> crate::tui::event::Event {
    crate::tui::event::Event::Term(event)
}

fn paste_event(app: &mut App, text: &str) {
    let event = term(crossterm::event::Event::Paste(text.to_owned()));
    let action = app.action_for_event(event).expect("a paste is an action");
    app.update(action);
}

/// A JSON body of at least `bytes`, ending with `]`.
fn big_json(bytes: usize) -> String {
    let item = r#"{"id":"user_2abc","email":"lea@example.com"}"#;
    let n = bytes / (item.len() + 1) + 1;
    format!("[{}]", vec![item; n].join(","))
}

#[test]
fn a_bracketed_paste_is_one_edit_of_the_body_and_one_undo() {
    let mut app = app(80, 24, false);
    press(&mut app, &[KeyCode::Up, KeyCode::Enter]);
    assert_eq!(
        (app.sandbox.field, app.mode()),
        (Field::Payload, Mode::Edit)
    );
    let before = app.sandbox.inputs.payload.clone();
    // Pasted after the current body, on a new line.
    let pasted = format!("\n{}", big_json(100 * 1024));
    paste_event(&mut app, &pasted);
    assert_eq!(app.sandbox.inputs.payload, format!("{before}{pasted}"));
    assert_eq!(app.sandbox.sample, None);
    assert!(app.sandbox.trace.accepted(), "re-signed once, and valid");
    // One edit: one undo takes the whole paste back.
    press_with(&mut app, KeyCode::Char('u'), KeyModifiers::CONTROL);
    assert_eq!(app.sandbox.inputs.payload, before);
}

#[test]
fn a_body_pasted_with_cr_line_ends_keeps_lf_lines() {
    // tmux and xterm paste a line end as CR: the body must still hold LF lines.
    let mut app = app(80, 24, false);
    press(&mut app, &[KeyCode::Up, KeyCode::Enter]);
    let before = app.sandbox.inputs.payload.clone();
    paste_event(&mut app, "\r{\r  \"a\": 1\r\n}");
    assert_eq!(
        app.sandbox.inputs.payload,
        format!("{before}\n{{\n  \"a\": 1\n}}")
    );
}

#[test]
fn a_paste_into_a_one_line_field_joins_its_lines() {
    let mut app = app(80, 24, false);
    // The secret field: empty it, then paste a secret copied across two lines.
    press(&mut app, &[KeyCode::Enter]);
    for _ in 0..crate::sandbox::DEMO_SECRET.len() {
        press(&mut app, &[KeyCode::Backspace]);
    }
    paste_event(&mut app, "whsec_MfKQ9r8GKYqrTwjU\nPD8ILPZIo2LaLaSw\n");
    assert_eq!(app.sandbox.inputs.secret, crate::sandbox::DEMO_SECRET);
    assert!(app.sandbox.trace.accepted());
    assert_eq!(
        app.mode(),
        Mode::Edit,
        "a pasted line end never ends the edit"
    );
}

#[test]
fn pastes_past_the_limit_or_outside_a_field_are_refused_with_the_reason() {
    let mut app = app(80, 24, false);
    paste_event(&mut app, "whsec_x");
    assert_eq!(app.status.notice.as_deref(), Some(PASTE_WHERE));
    assert_eq!(app.sandbox.inputs.secret, crate::sandbox::DEMO_SECRET);

    press(&mut app, &[KeyCode::Up, KeyCode::Enter]);
    let before = app.sandbox.inputs.payload.clone();
    let huge = "x".repeat(MAX_PAYLOAD_BYTES);
    paste_event(&mut app, &huge);
    let total = before.len() + huge.len();
    assert_eq!(
        app.status.notice.as_deref(),
        Some(
            format!(
                "collage refusé : le champ « corps » ferait {total}\u{a0}octets, au-delà de sa limite de 1\u{a0}Mio — collez un texte plus court"
            )
            .as_str()
        )
    );
    assert_eq!(
        app.sandbox.inputs.payload, before,
        "refused whole, not truncated"
    );

    press(&mut app, &[KeyCode::Esc, KeyCode::Down, KeyCode::Enter]);
    assert_eq!(app.sandbox.field, Field::Secret);
    paste_event(&mut app, &"a".repeat(MAX_LINE_FIELD_BYTES));
    assert_eq!(
        app.status.notice.as_deref(),
        Some(
            format!(
                "collage refusé : le champ « secret » ferait {}\u{a0}octets, au-delà de sa limite de 4\u{a0}Kio — collez un texte plus court",
                crate::sandbox::DEMO_SECRET.len() + MAX_LINE_FIELD_BYTES
            )
            .as_str()
        )
    );
}

#[test]
fn the_body_limit_is_what_listen_accepts() {
    assert_eq!(MAX_PAYLOAD_BYTES as u64, crate::listen::DEFAULT_MAX_BODY);
}

#[test]
fn queued_keys_are_one_edit_and_keep_their_order_with_commands() {
    use crossterm::event::{Event as Term, KeyEvent};
    let mut app = app(80, 24, false);
    press(&mut app, &[KeyCode::Down]);
    assert_eq!(app.sandbox.field, Field::MsgId);
    let key = |code| term(Term::Key(KeyEvent::new(code, KeyModifiers::NONE)));
    let id = app.sandbox.inputs.msg_id.clone();
    // Enter opens the field, « _abc » is typed, Enter closes it, then « v » is a command
    // again (next view): a run of typing never swallows what follows it.
    let events = [KeyCode::Enter]
        .into_iter()
        .chain("_abc".chars().map(KeyCode::Char))
        .chain([KeyCode::Enter, KeyCode::Char('v')])
        .map(key);
    assert_eq!(crate::tui::handle_events(&mut app, events), None);
    assert_eq!(app.sandbox.inputs.msg_id, format!("{id}_abc"));
    assert_eq!(app.mode(), Mode::Normal);
    assert_eq!(app.sandbox.view, View::Delivery);
    // Ctrl-C after a burst of typing still quits, and the burst is kept.
    press(&mut app, &[KeyCode::Up, KeyCode::Up, KeyCode::Enter]);
    assert_eq!(app.sandbox.field, Field::Payload);
    let burst = (0..10_000)
        .map(|_| key(KeyCode::Char('x')))
        .chain([term(Term::Key(KeyEvent::new(
            KeyCode::Char('c'),
            KeyModifiers::CONTROL,
        )))]);
    crate::tui::handle_events(&mut app, burst);
    assert!(app.quit);
    assert!(app.sandbox.inputs.payload.ends_with(&"x".repeat(10_000)));
}

/// CPU time of `work` on this thread (the machine is shared: wall time counts waiting).
fn cpu(work: impl FnOnce()) -> std::time::Duration {
    let start = cpu_time::ThreadTime::now();
    work();
    start.elapsed()
}

/// Class 2 and 10: typing or pasting 4n characters into the body costs about 4 times n,
/// not 16 (each key used to re-sign the whole body: 100 KB took 40 s). Fastest of 3 runs
/// of each size, alternated; the ratio is asserted, never a time.
#[test]
fn typing_and_pasting_into_the_body_scale_linearly() {
    use crossterm::event::{Event as Term, KeyEvent};
    let typed = |n: usize| {
        let mut app = app(80, 24, false);
        press(&mut app, &[KeyCode::Up, KeyCode::Enter]);
        let keys = (0..n).map(|_| {
            term(Term::Key(KeyEvent::new(
                KeyCode::Char('x'),
                KeyModifiers::NONE,
            )))
        });
        cpu(|| {
            crate::tui::handle_events(&mut app, keys);
        })
    };
    let pasted = |n: usize| {
        let mut app = app(80, 24, false);
        press(&mut app, &[KeyCode::Up, KeyCode::Enter]);
        let text = big_json(n);
        cpu(|| paste_event(&mut app, &text))
    };
    for (name, run, n) in [
        (
            "typed",
            &typed as &dyn Fn(usize) -> std::time::Duration,
            16 * 1024,
        ),
        ("pasted", &pasted, 64 * 1024),
    ] {
        let (mut t1, mut t4) = (std::time::Duration::MAX, std::time::Duration::MAX);
        for _ in 0..3 {
            t1 = t1.min(run(n));
            t4 = t4.min(run(4 * n));
        }
        let ratio = t4.as_secs_f64() / t1.as_secs_f64().max(1e-9);
        assert!(
            ratio < 6.0,
            "{name}: time(4n)/time(n) = {ratio:.1} ({t1:?} at n = {n}, {t4:?} at 4n)"
        );
    }
}
