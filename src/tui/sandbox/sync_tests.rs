//! The « Synchronisation » view through the whole app: keys → actions → state, play and
//! ticks, fault toggles that replay to the same step, the inspector and SQL panels, the
//! highlighted cells, and snapshots at 80×24, 120×40 and 40×12 (plus 200×60 and tiny
//! sizes drawn without panicking).

use crossterm::event::KeyCode;
use ratatui::layout::Rect;
use ratatui::style::Color;

use super::*;
use crate::progress::Progress;
use crate::tui::action::Action;
use crate::tui::app::{App, Screen};
use crate::tui::keymap::Mode;
use crate::tui::sandbox::{SandboxAction, View};
use crate::tui::test_support::{draw, find, press, text};

fn app(w: u16, h: u16, colors: bool, scenario: SyncScenario) -> App {
    let mut app = App::new(
        crate::tui::app::tests::fixture(),
        Progress::default(),
        None,
        colors,
        Rect::new(0, 0, w, h),
    );
    app.update(Action::OpenSandbox);
    app.sandbox.open_sync(scenario, scenario.faults());
    app
}

fn chars(app: &mut App, keys: &str) {
    for c in keys.chars() {
        press(app, &[KeyCode::Char(c)]);
    }
}

fn steps(app: &App) -> usize {
    app.sandbox.sync.sim.as_ref().map_or(0, |s| s.journal.len())
}

#[test]
fn v_reaches_the_view_and_its_keys_take_over() {
    let mut app = App::new(
        crate::tui::app::tests::fixture(),
        Progress::default(),
        None,
        false,
        Rect::new(0, 0, 80, 24),
    );
    app.update(Action::OpenSandbox);
    chars(&mut app, "vvvv");
    assert_eq!(app.sandbox.view, View::Sync);
    assert_eq!(app.mode(), Mode::Sync);
    // `p` plays here (it picks the next body example elsewhere in the sandbox).
    let sample = app.sandbox.sample;
    chars(&mut app, "p");
    assert!(app.sandbox.sync.playing);
    assert_eq!(app.sandbox.sample, sample);
    chars(&mut app, "p");
    assert!(!app.sandbox.sync.playing);
    chars(&mut app, "v");
    assert_eq!(app.sandbox.view, View::Exchange);
    assert_eq!(app.mode(), Mode::Normal);
}

#[test]
fn n_steps_g_jumps_to_the_end_and_0_restarts() {
    let mut app = app(80, 24, false, SyncScenario::AdminEdit);
    chars(&mut app, "nn");
    assert_eq!(steps(&app), 2);
    chars(&mut app, "G");
    assert_eq!(steps(&app), 7);
    assert!(app.sandbox.sync.sim.as_ref().unwrap().is_done());
    chars(&mut app, "n");
    assert_eq!(steps(&app), 7, "nothing past the end");
    chars(&mut app, "0");
    assert_eq!(steps(&app), 0);
}

#[test]
fn ticks_step_while_playing_then_stop_at_the_end() {
    let mut app = app(80, 24, false, SyncScenario::AdminEdit);
    let tick = Action::Sandbox(SandboxAction::Sync(SyncAction::Tick));
    app.update(tick.clone());
    assert_eq!(steps(&app), 0, "a tick while paused does nothing");
    chars(&mut app, "p");
    for _ in 0..20 {
        app.update(tick.clone());
    }
    assert_eq!(steps(&app), 7);
    assert!(!app.sandbox.sync.playing, "play stops at the end");
    // Ticks keep running the view even from another screen.
    chars(&mut app, "0p");
    app.update(Action::GoHome);
    app.update(tick);
    assert_eq!(steps(&app), 1);
}

#[test]
fn a_fault_toggle_replays_to_the_same_step() {
    let mut app = app(80, 24, false, SyncScenario::OutOfOrder);
    chars(&mut app, "nnnn");
    assert_eq!(steps(&app), 4);
    chars(&mut app, "o");
    assert!(!app.sandbox.sync.faults.reorder);
    assert_eq!(steps(&app), 4);
    assert!(
        app.status
            .notice
            .as_deref()
            .unwrap_or("")
            .contains("désordre")
    );
    chars(&mut app, "G");
    let sim = app.sandbox.sync.sim.as_ref().unwrap();
    assert_eq!(
        sim.differences(Strategy::Module3),
        0,
        "in order, module 3 holds"
    );
}

#[test]
fn the_inspector_and_sql_open_and_escape_closes_them_first() {
    let mut app = app(120, 40, false, SyncScenario::Duplicates);
    press(&mut app, &[KeyCode::Enter]);
    assert!(
        !app.sandbox.sync.inspect,
        "nothing to inspect before the first event"
    );
    chars(&mut app, "G");
    press(&mut app, &[KeyCode::Enter]);
    assert!(app.sandbox.sync.inspect);
    let screen = text(&draw(&app));
    assert!(screen.contains("tentative 2"), "{screen}");
    assert!(screen.contains("500 P2002"), "{screen}");
    press(&mut app, &[KeyCode::Esc]);
    assert!(!app.sandbox.sync.inspect);
    assert_eq!(app.screen, Screen::Sandbox);
    chars(&mut app, "s");
    let screen = text(&draw(&app));
    assert!(
        screen.contains("ON CONFLICT (\"clerkId\") DO UPDATE"),
        "{screen}"
    );
    assert!(screen.contains("PostgreSQL"), "{screen}");
    chars(&mut app, "q");
    assert!(!app.sandbox.sync.sql);
    chars(&mut app, "q");
    assert_ne!(app.screen, Screen::Sandbox);
}

#[test]
fn a_cell_that_differs_from_clerk_is_highlighted() {
    let mut app = app(120, 40, true, SyncScenario::AdminEdit);
    chars(&mut app, "G");
    let buf = draw(&app);
    // The naive table keeps email_addresses[0]; the truth's cell is plain.
    let (x, y) = find(&buf, "thomas@ancien.fr").expect("the naive row is drawn");
    assert_eq!(buf[(x, y)].bg, Color::Red);
    let (x, y) = find(&buf, "thomas@nouveau.fr").unwrap();
    assert_ne!(buf[(x, y)].bg, Color::Red);
}

#[test]
fn every_scenario_key_and_size_draws() {
    for (i, scenario) in SyncScenario::ALL.into_iter().enumerate() {
        for (w, h) in [(200, 60), (120, 40), (80, 24), (40, 12), (20, 6), (1, 1)] {
            let mut app = app(w, h, true, SyncScenario::AdminEdit);
            chars(&mut app, &(i + 1).to_string());
            assert_eq!(app.sandbox.sync.scenario, scenario);
            chars(&mut app, "nnjG");
            press(&mut app, &[KeyCode::Enter]);
            draw(&app);
            chars(&mut app, "qsttttttt");
            draw(&app);
            press(&mut app, &[KeyCode::Tab]);
            chars(&mut app, "qJJJ");
            draw(&app);
        }
    }
}

fn snapshot(name: &str, scenario: SyncScenario, keys: &[KeyCode]) {
    for (w, h) in [(80, 24), (120, 40), (40, 12)] {
        let mut app = app(w, h, false, scenario);
        press(&mut app, keys);
        insta::assert_snapshot!(format!("sync_{name}_{w}x{h}"), text(&draw(&app)));
    }
}

#[test]
fn snapshots() {
    let n = KeyCode::Char('n');
    snapshot(
        "admin_edit_three_steps",
        SyncScenario::AdminEdit,
        &[n, n, n],
    );
    snapshot(
        "out_of_order_end",
        SyncScenario::OutOfOrder,
        &[KeyCode::End],
    );
    snapshot(
        "duplicates_inspector",
        SyncScenario::Duplicates,
        &[KeyCode::End, KeyCode::Enter],
    );
    snapshot(
        "two_apps_deliveries",
        SyncScenario::TwoApps,
        &[KeyCode::End, KeyCode::Tab],
    );
}

/// An endpoint that accepts everything and whose table kept Thomas's old address.
struct StaleEndpoint;

impl crate::sync::Remote for StaleEndpoint {
    fn deliver(&mut self, _: &crate::sync::Message, _: usize) -> crate::sync::RemoteAnswer {
        crate::sync::RemoteAnswer::Status(204)
    }
    fn rows(&mut self, users: &[String]) -> Result<Vec<crate::sync::Row>, String> {
        Ok(users
            .iter()
            .map(|u| crate::sync::Row {
                clerk_id: u.clone(),
                email: Some("thomas@ancien.fr".into()),
                first_name: Some("Thomas".into()),
                last_name: Some("Martin-Roux".into()),
            })
            .collect())
    }
}

fn endpoint_run() -> EndpointRun {
    let scenario = SyncScenario::AdminEdit;
    let mut sim =
        Simulation::with_remote(scenario, scenario.faults(), Box::new(StaleEndpoint)).unwrap();
    sim.run_to_end().unwrap();
    EndpointRun::new(Ok(ScenarioReport {
        url: "http://localhost:3000/api/webhooks".into(),
        sim,
        tag: "k3x9".into(),
        elapsed_ms: 42,
        cleanup_sent: 1,
        cleanup_failures: Vec::new(),
        aborted: None,
    }))
}

#[test]
fn the_learners_endpoint_arrives_as_a_seventh_column() {
    let mut app = app(120, 40, true, SyncScenario::OutOfOrder);
    app.sandbox.sync.endpoint = Some(Endpoint::Running {
        url: "http://localhost:3000/api/webhooks".into(),
    });
    let screen = text(&draw(&app));
    assert!(
        screen.contains("│Votre endpoint : passage en cours contre        │")
            && screen.contains("│http://localhost:3000/api/webhooks…"),
        "{screen}"
    );
    app.update(Action::SyncEndpoint(endpoint_run()));
    let sync = &app.sandbox.sync;
    assert_eq!(sync.scenario, SyncScenario::AdminEdit);
    let sim = sync.sim.as_ref().unwrap();
    assert!(sim.is_done());
    assert_eq!(sim.differences(Strategy::Yours), 1);
    assert!(
        app.status
            .notice
            .as_deref()
            .unwrap_or("")
            .contains("✗ 1 écart (3 requêtes, 42 ms)"),
        "{:?}",
        app.status.notice
    );
    let buf = draw(&app);
    let screen = text(&buf);
    assert!(screen.contains("✗ 7 vous 1 écart"), "{screen}");
    assert!(screen.contains("V:✓"), "{screen}");
    // The endpoint's stale address is highlighted like any strategy's.
    let (_, below) = find(&buf, "✗ 7 vous").unwrap();
    let line = screen.lines().nth(usize::from(below) + 1).unwrap();
    let x = line
        .find("thomas@ancien.fr")
        .map(|byte| line[..byte].chars().count())
        .expect("the endpoint's row follows its summary");
    assert_eq!(buf[(x as u16, below + 1)].bg, Color::Red);
    // A run that arrives twice (a clone of the same action) changes nothing the second time.
    let again = endpoint_run();
    app.update(Action::SyncEndpoint(again.clone()));
    app.update(Action::SyncEndpoint(again));
    assert_eq!(steps(&app), 7);
    for (w, h) in [(80, 24), (40, 12)] {
        let mut app = app_with_endpoint(w, h);
        app.update(Action::SyncEndpoint(endpoint_run()));
        insta::assert_snapshot!(format!("sync_endpoint_{w}x{h}"), text(&draw(&app)));
    }
}

fn app_with_endpoint(w: u16, h: u16) -> App {
    let mut app = app(w, h, false, SyncScenario::AdminEdit);
    app.sandbox.sync.endpoint = Some(Endpoint::Running {
        url: "http://localhost:3000/api/webhooks".into(),
    });
    app
}
