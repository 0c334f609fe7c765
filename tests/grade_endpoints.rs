//! The grader against purpose-built endpoints: a correct one scores 100 %, and each broken
//! one is flagged on exactly the checks its flaw breaks, no more, no fewer. `--scenario`
//! against endpoints written like the sync lab's strategies ends with their tables.

#[path = "common/grade_endpoint.rs"]
mod grade_endpoint;

use std::sync::Arc;
use std::time::Duration;

use grade_endpoint::{Endpoint, Flaws, Memory, MemoryReader, Verify};
use webhook_tutor::grade::{self, Config, Report, StateReader, Status, UserRow};
use webhook_tutor::sync::{Row, Strategy, SyncScenario};
use webhook_tutor::webhook::Secret;

fn secret() -> Secret {
    Secret::parse("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw").unwrap()
}

/// Runs the whole battery against an endpoint with `flaws`, reading its memory store.
fn grade_endpoint(flaws: Flaws) -> Report {
    let store = Arc::new(Memory::default());
    let endpoint = Endpoint::start(&secret(), flaws, store.clone());
    let mut reader = MemoryReader(store);
    let report = run(&endpoint.url, Some(&mut reader));
    drop(endpoint);
    report
}

fn run(url: &str, db: Option<&mut dyn StateReader>) -> Report {
    let config = Config {
        timeout: Duration::from_secs(5),
        ..Config::new(url, secret())
    };
    let prepared = grade::prepare(&config).unwrap();
    let transport = grade::HttpTransport::new(prepared.target.clone(), config.timeout);
    let mut events = Vec::new();
    let report = grade::run_with(
        url,
        &config.secret,
        &prepared.checks,
        &transport,
        db,
        &mut |p| events.push(p),
    );
    // Progress: a Started and a Finished per check, in order, then the cleanup.
    let finished = events
        .iter()
        .filter(|p| matches!(p, grade::Progress::Finished { .. }))
        .count();
    assert_eq!(finished, report.checks.len());
    report
}

fn failed(report: &Report) -> Vec<&'static str> {
    report
        .checks
        .iter()
        .filter(|c| c.status == Status::Failed)
        .map(|c| c.def.id)
        .collect()
}

#[test]
fn a_correct_endpoint_scores_100() {
    let report = grade_endpoint(Flaws::default());
    assert_eq!(failed(&report), Vec::<&str>::new(), "{report:#?}");
    assert!(report.checks.iter().all(|c| c.status == Status::Passed));
    assert_eq!((report.score, report.passed), (100, true));
    assert_eq!(report.checks.len(), grade::CHECKS.len());
    assert!(report.cleanup_failures.is_empty());
    assert_eq!(report.counts(), (22, 22));
}

#[test]
fn accept_everything_fails_every_forgery_and_nothing_else() {
    let report = grade_endpoint(Flaws {
        verify: Verify::Nothing,
        ..Flaws::default()
    });
    assert_eq!(
        failed(&report),
        [
            "tampered-body",
            "wrong-secret",
            "replay",
            "future",
            "missing-id",
            "missing-timestamp",
            "missing-signature"
        ]
    );
    let tampered = report.check("tampered-body").unwrap();
    assert!(
        tampered.diagnosis[1]
            .starts_with("✗ PROBLÈME DE SÉCURITÉ : la requête a été acceptée (204)"),
        "{:?}",
        tampered.diagnosis
    );
    assert!(!report.passed);
}

#[test]
fn a_reserialised_body_fails_raw_body_only() {
    let report = grade_endpoint(Flaws {
        verify: Verify::Reserialised,
        ..Flaws::default()
    });
    assert_eq!(failed(&report), ["raw-body"]);
    let diagnosis = &report.check("raw-body").unwrap().diagnosis;
    assert!(
        diagnosis[1].starts_with("Votre endpoint vérifie un corps re-sérialisé"),
        "{diagnosis:?}"
    );
}

#[test]
fn no_timestamp_check_fails_replay_and_future() {
    let report = grade_endpoint(Flaws {
        verify: Verify::NoTimestamp,
        ..Flaws::default()
    });
    assert_eq!(failed(&report), ["replay", "future"]);
}

#[test]
fn the_first_signature_entry_only_fails_rotation() {
    let report = grade_endpoint(Flaws {
        verify: Verify::FirstEntryOnly,
        ..Flaws::default()
    });
    assert_eq!(failed(&report), ["rotation"]);
}

#[test]
fn create_instead_of_upsert_fails_duplicates_and_order() {
    let report = grade_endpoint(Flaws {
        create_instead_of_upsert: true,
        ..Flaws::default()
    });
    assert_eq!(
        failed(&report),
        [
            "duplicate",
            "update-before-create",
            "state-update",
            "concurrent-duplicate",
            "stale-update"
        ]
    );
    let dup = report.check("duplicate").unwrap();
    assert_eq!(
        dup.exchanges
            .iter()
            .map(|e| e.answer.status())
            .collect::<Vec<_>>(),
        [Some(204), Some(500)]
    );
    assert!(dup.diagnosis[1].contains("P2002"), "{:?}", dup.diagnosis);
    // The second create failed: the row written by the first is still the only one.
    assert_eq!(
        report.check("state-duplicate").unwrap().status,
        Status::Passed
    );
}

#[test]
fn delete_instead_of_delete_many_fails_delete_unknown() {
    let report = grade_endpoint(Flaws {
        strict_delete: true,
        ..Flaws::default()
    });
    assert_eq!(failed(&report), ["delete-unknown"]);
    assert!(report.check("delete-unknown").unwrap().diagnosis[1].contains("deleteMany"));
}

#[test]
fn a_400_on_unknown_types_fails_unknown_event() {
    let report = grade_endpoint(Flaws {
        reject_unknown_types: true,
        ..Flaws::default()
    });
    assert_eq!(failed(&report), ["unknown-event"]);
}

#[test]
fn a_100_kb_body_limit_fails_large_payload() {
    let report = grade_endpoint(Flaws {
        body_limit_100kb: true,
        ..Flaws::default()
    });
    assert_eq!(failed(&report), ["large-payload"]);
    let diagnosis = &report.check("large-payload").unwrap().diagnosis;
    assert!(diagnosis[1].contains("limit: '1mb'"), "{diagnosis:?}");
}

#[test]
fn a_404_middleware_fails_everything_that_must_be_accepted() {
    let report = grade_endpoint(Flaws {
        middleware_404: true,
        ..Flaws::default()
    });
    let must_pass: Vec<&str> = grade::CHECKS
        .iter()
        .filter(|c| !matches!(c.expect, grade::checks::Expect::Rejection))
        .map(|c| c.id)
        .collect();
    assert_eq!(failed(&report), must_pass);
    let valid = report.check("valid").unwrap();
    assert!(
        valid.diagnosis[1].contains("clerkMiddleware"),
        "{:?}",
        valid.diagnosis
    );
    assert!(
        valid.diagnosis[1].contains("isPublicRoute"),
        "{:?}",
        valid.diagnosis
    );
    let raw = report.check("raw-body").unwrap();
    assert!(
        raw.diagnosis[1].starts_with("Même réponse que pour « valid »"),
        "{:?}",
        raw.diagnosis
    );
    let state = report.check("state-valid").unwrap();
    assert!(
        state.diagnosis[0]
            .starts_with("non vérifiable : « valid » n’a pas été accepté (réponse 404)"),
        "{:?}",
        state.diagnosis
    );
}

#[test]
fn a_slow_endpoint_fails_latency_only() {
    let report = grade_endpoint(Flaws {
        slow: Some(Duration::from_millis(1100)),
        ..Flaws::default()
    });
    assert_eq!(failed(&report), ["latency"]);
    assert!(report.passed, "latency is a bonus");
    assert!(report.score < 100);
}

#[test]
fn without_a_database_the_state_checks_are_skipped_not_failed() {
    let store = Arc::new(Memory::default());
    let endpoint = Endpoint::start(&secret(), Flaws::default(), store);
    let report = run(&endpoint.url, None);
    let skipped: Vec<&str> = report
        .checks
        .iter()
        .filter(|c| c.status == Status::Skipped)
        .map(|c| c.def.id)
        .collect();
    assert_eq!(
        skipped,
        [
            "state-valid",
            "state-duplicate",
            "state-update",
            "state-delete",
            "stale-update"
        ]
    );
    assert_eq!(
        (report.score, report.passed, report.counts()),
        (100, true, (17, 17))
    );
}

/// A database that stops answering after its first read.
struct Lost {
    inner: MemoryReader,
    reads: usize,
}

impl StateReader for Lost {
    fn rows(&mut self, clerk_id: &str) -> Result<Vec<UserRow>, String> {
        self.reads += 1;
        if self.reads > 1 {
            return Err("connexion perdue (serveur arrêté)".to_owned());
        }
        self.inner.rows(clerk_id)
    }
}

#[test]
fn a_database_lost_mid_run_fails_the_state_checks_and_the_http_checks_still_report() {
    let store = Arc::new(Memory::default());
    let endpoint = Endpoint::start(&secret(), Flaws::default(), store.clone());
    let mut lost = Lost {
        inner: MemoryReader(store),
        reads: 0,
    };
    let report = run(&endpoint.url, Some(&mut lost));
    assert_eq!(
        failed(&report),
        [
            "state-duplicate",
            "state-update",
            "state-delete",
            "concurrent-duplicate",
            "stale-update"
        ]
    );
    let state = report.check("state-update").unwrap();
    assert_eq!(
        state.diagnosis,
        ["base de données illisible pendant la vérification : connexion perdue (serveur arrêté)"]
    );
    assert_eq!(report.check("state-valid").unwrap().status, Status::Passed);
    assert_eq!(
        report.check("large-payload").unwrap().status,
        Status::Passed
    );
}

#[test]
fn the_json_document_is_stable() {
    let report = grade_endpoint(Flaws {
        reject_unknown_types: true,
        ..Flaws::default()
    });
    let json = report.to_json();
    assert_eq!(json["passed"], false);
    assert_eq!(json["score"], 95);
    let check = json["checks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["id"] == "unknown-event")
        .unwrap();
    let keys: Vec<&str> = check
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(
        keys,
        [
            "diagnosis",
            "id",
            "ms",
            "objective",
            "passed",
            "required",
            "see",
            "skipped",
            "status",
            "title"
        ]
    );
    assert_eq!(check["status"], 400);
    assert_eq!(check["objective"], "events");
    assert_eq!(
        check["see"],
        "implementation#les-autres-événements-et-répondre-vite"
    );
    assert_eq!(json["objectives"]["events"]["passed"], 3);
    assert_eq!(json["objectives"]["events"]["total"], 4);
    assert_eq!(json["objectives"]["concept"]["total"], 0);
}

/// `grade --scenario`'s core against an endpoint with `flaws`: the simulation with the
/// endpoint as its seventh column, after the run and the cleanup.
fn play(scenario: SyncScenario, flaws: Flaws) -> (grade::ScenarioReport, Arc<Memory>) {
    let store = Arc::new(Memory::default());
    let endpoint = Endpoint::start(&secret(), flaws, store.clone());
    let target = grade::Target::parse(&endpoint.url).unwrap();
    let transport = Arc::new(grade::HttpTransport::new(target, Duration::from_secs(5)));
    let report = grade::scenario::run(
        &endpoint.url,
        &secret(),
        scenario,
        scenario.faults(),
        transport,
        Box::new(MemoryReader(store.clone())),
    )
    .unwrap();
    drop(endpoint);
    (report, store)
}

fn rows(report: &grade::ScenarioReport, s: Strategy) -> Vec<Row> {
    report
        .sim
        .snapshot
        .rows
        .get(&s)
        .cloned()
        .unwrap_or_default()
}

/// (message, attempt number, success) of every attempt a strategy got.
fn attempts(report: &grade::ScenarioReport, s: Strategy) -> Vec<(usize, usize, bool)> {
    report
        .sim
        .attempts
        .iter()
        .filter(|a| a.strategy == s)
        .map(|a| (a.msg, a.number, a.response.is_success()))
        .collect()
}

/// A real endpoint written like one of the simulator's strategies ends with exactly that
/// strategy's table, after exactly the same answers and retries, on every scenario: the
/// naive `create`/`update`/`delete` with `email_addresses[0]`, and module 3's handler.
#[test]
fn scenario_endpoints_written_like_a_strategy_end_with_its_table() {
    let naive = Flaws {
        create_instead_of_upsert: true,
        strict_delete: true,
        first_email: true,
        ..Flaws::default()
    };
    let module3 = Flaws {
        no_version_guard: true,
        ..Flaws::default()
    };
    let mut drifts = Vec::new();
    for scenario in SyncScenario::ALL {
        for (flaws, strategy) in [(naive, Strategy::Naive), (module3, Strategy::Module3)] {
            let (report, store) = play(scenario, flaws);
            let name = format!("{} {strategy:?}", scenario.name());
            assert_eq!(report.aborted, None, "{name}");
            assert_eq!(
                rows(&report, Strategy::Yours),
                rows(&report, strategy),
                "{name}"
            );
            assert_eq!(
                attempts(&report, Strategy::Yours),
                attempts(&report, strategy),
                "{name}"
            );
            assert_eq!(report.matches(), report.sim.differences(strategy) == 0);
            if !report.matches() {
                drifts.push(name.clone());
            }
            // The cleanup deleted every user the run created.
            assert_eq!(report.cleanup_failures.len(), 0, "{name}");
            assert!(store.is_empty(), "{name}: rows left after the cleanup");
        }
    }
    assert_eq!(
        drifts,
        [
            "admin-edit Naive",
            "out-of-order Naive",
            "out-of-order Module3",
            "endpoint-down Naive"
        ]
    );
}

/// Module 3 with the `updated_at` guard and svix-id deduplication (what `listen
/// --database` does) holds on every scenario but one: without a tombstone, the
/// `user.created` that arrives after its `user.deleted` brings Yann back.
#[test]
fn the_guarded_endpoint_holds_everywhere_but_the_create_after_delete() {
    for scenario in SyncScenario::ALL {
        let (report, _) = play(scenario, Flaws::default());
        let diffs: Vec<String> = webhook_tutor::sync::compare(
            &report.sim.snapshot.truth,
            &rows(&report, Strategy::Yours),
        )
        .into_iter()
        .filter(|c| !c.is_ok())
        .map(|c| format!("{} {}", c.clerk_id, c.verdict()))
        .collect();
        let expected: &[&str] = if scenario == SyncScenario::OutOfOrder {
            &["user_2yann en trop : Clerk ne l’a plus"]
        } else {
            &[]
        };
        assert_eq!(diffs, expected, "{}", scenario.name());
        // Its answers: every delivered message ended delivered, nothing Failed.
        assert_eq!(report.sim.failed(Strategy::Yours), 0, "{}", scenario.name());
    }
}

#[test]
fn a_scenario_sends_fresh_ids_each_run_and_signs_like_svix() {
    let (first, _) = play(SyncScenario::AdminEdit, Flaws::default());
    let (second, _) = play(SyncScenario::AdminEdit, Flaws::default());
    assert_ne!(first.tag, second.tag);
    let json = first.to_json();
    assert_eq!(json["matches"], true);
    assert_eq!(json["requests"], 3);
    assert_eq!(
        json["attempts"][0]["svix_id"],
        format!("msg_lab_{}_2sync0001", first.tag)
    );
    // A strict endpoint (signature and timestamp checked) accepted every delivery.
    assert!(
        json["attempts"]
            .as_array()
            .unwrap()
            .iter()
            .all(|a| a["success"] == true),
        "{json:#}"
    );
    // A wrong secret: every delivery refused, the table empty, the hint says why.
    let store = Arc::new(Memory::default());
    let other = Secret::parse("whsec_dGhpcyBpcyBub3QgdGhlIHNlY3JldCE=").unwrap();
    let endpoint = Endpoint::start(&other, Flaws::default(), store.clone());
    let target = grade::Target::parse(&endpoint.url).unwrap();
    let report = grade::scenario::run(
        &endpoint.url,
        &secret(),
        SyncScenario::AdminEdit,
        SyncScenario::AdminEdit.faults(),
        Arc::new(grade::HttpTransport::new(target, Duration::from_secs(5))),
        Box::new(MemoryReader(store)),
    )
    .unwrap();
    assert!(!report.matches());
    let text = report.plain("scenarios");
    assert!(
        text.contains("⚠ aucune livraison acceptée (première réponse : 400)"),
        "{text}"
    );
    assert!(text.contains("  (user_2thomas)   ← manquante\n"), "{text}");
}
