//! The sync lab's table test (every scenario × strategy: final rows, responses, e-mails,
//! Failed messages), the SQL's shape, and property tests of random toggles and steps (one
//! with a remote endpoint written like module 3, which must follow its column).

use std::collections::BTreeMap;

use super::*;

/// One strategy's end state on one line: rows (clerkId email first last; ≠ marks a cell
/// that differs from Clerk), then responses, e-mails and Failed messages.
fn summary(sim: &Simulation, s: Strategy) -> String {
    let rows = sim.snapshot.rows.get(&s).cloned().unwrap_or_default();
    let cells: Vec<String> = compare(&sim.snapshot.truth, &rows)
        .into_iter()
        .map(|c| match &c.row {
            Some(r) => r
                .cells()
                .into_iter()
                .zip(c.differs)
                .map(|(cell, d)| if d { format!("≠{cell}") } else { cell })
                .collect::<Vec<_>>()
                .join(" "),
            None => format!("(manque {})", c.clerk_id),
        })
        .collect();
    let statuses: Vec<String> = sim
        .status_counts(s)
        .into_iter()
        .map(|(code, n)| format!("{code}×{n}"))
        .collect();
    format!(
        "{} [{}] {{{}}} e-mails {} Failed {}",
        s.number(),
        cells.join("; "),
        statuses.join(", "),
        sim.snapshot.emails.get(&s).copied().unwrap_or(0),
        sim.failed(s)
    )
}

fn run(scenario: SyncScenario) -> Simulation {
    let mut sim = Simulation::new(scenario, scenario.faults()).unwrap();
    sim.run_to_end().unwrap();
    sim
}

fn summaries(scenario: SyncScenario) -> Vec<String> {
    let sim = run(scenario);
    sim.shown().into_iter().map(|s| summary(&sim, s)).collect()
}

/// The final state of every scenario (its default faults) for every strategy. The naive
/// handler fails where the course says it does (P2002 on a second create, P2025 on a
/// missing row, `email_addresses[0]`), module 3 holds against duplicates, a delete for an
/// unknown user and an update before its create, and needs the `updated_at` guard and a
/// tombstone against old updates and creates after deletes.
#[test]
fn every_scenario_and_strategy_ends_as_the_course_says() {
    let expected: [(SyncScenario, &[&str]); 8] = [
        (
            SyncScenario::AdminEdit,
            &[
                "1 [user_2thomas ≠thomas@ancien.fr Thomas Martin-Roux] {200×3} e-mails 1 Failed 0",
                "2 [user_2thomas thomas@nouveau.fr Thomas Martin-Roux] {200×3} e-mails 1 Failed 0",
                "3 [user_2thomas thomas@nouveau.fr Thomas Martin-Roux] {200×3} e-mails 1 Failed 0",
                "4 [user_2thomas thomas@nouveau.fr Thomas Martin-Roux] {200×3} e-mails 1 Failed 0",
                "5 [user_2thomas thomas@nouveau.fr Thomas Martin-Roux] {connexion×2} e-mails 1 Failed 0",
            ],
        ),
        (
            SyncScenario::AccountDeleted,
            &[
                "1 [] {200×3, 500 P2002×4, 500 P2025×3, perdu×3} e-mails 2 Failed 0",
                "2 [] {200×3, perdu×3} e-mails 2 Failed 0",
                "3 [] {200×3, perdu×3} e-mails 1 Failed 0",
                "4 [] {200×3, perdu×3} e-mails 1 Failed 0",
                "5 [≠user_2elodie ≠elodie@exemple.fr ≠Élodie ≠Bernard-Lopez] {connexion×2} e-mails 1 Failed 0",
            ],
        ),
        (
            SyncScenario::WelcomeEmail,
            &[
                "1 [user_2marc marc@association.fr Marc Petit; user_2nadia nadia@exemple.fr Nadia Haddad] {500 P2002×14, perdu×2} e-mails 2 Failed 2",
                "2 [user_2marc marc@association.fr Marc Petit; user_2nadia nadia@exemple.fr Nadia Haddad] {200×2, perdu×2} e-mails 4 Failed 0",
                "3 [user_2marc marc@association.fr Marc Petit; user_2nadia nadia@exemple.fr Nadia Haddad] {200×2, perdu×2} e-mails 2 Failed 0",
                "4 [user_2marc marc@association.fr Marc Petit; user_2nadia nadia@exemple.fr Nadia Haddad] {200×2, perdu×2} e-mails 2 Failed 0",
                "5 [(manque user_2marc); user_2nadia nadia@exemple.fr Nadia Haddad] {connexion×1} e-mails 1 Failed 0",
            ],
        ),
        (
            SyncScenario::TwoApps,
            &[
                "1 [user_2hugo hugo@exemple.fr Hugo Lefèvre-Blanc; user_2lucie lucie@exemple.fr Lucie Moreau] {200×5} e-mails 3 Failed 0",
                "2 [user_2hugo hugo@exemple.fr Hugo Lefèvre-Blanc; user_2lucie lucie@exemple.fr Lucie Moreau] {200×5} e-mails 3 Failed 0",
                "3 [user_2hugo hugo@exemple.fr Hugo Lefèvre-Blanc; user_2lucie lucie@exemple.fr Lucie Moreau] {200×5} e-mails 3 Failed 0",
                "4 [user_2hugo hugo@exemple.fr Hugo Lefèvre-Blanc; user_2lucie lucie@exemple.fr Lucie Moreau] {200×5} e-mails 3 Failed 0",
                "5 [user_2hugo hugo@exemple.fr Hugo ≠Lefèvre; user_2lucie lucie@exemple.fr Lucie Moreau; ≠user_2sam ≠sam@exemple.fr ≠Sam ≠Girard] {connexion×3} e-mails 3 Failed 0",
                "6 [user_2hugo hugo@exemple.fr Hugo Lefèvre-Blanc; (manque user_2lucie)] {200×4, injoignable×12} e-mails 0 Failed 0",
            ],
        ),
        (
            SyncScenario::Duplicates,
            &[
                "1 [user_2leo leo@exemple.fr Léo Garnier-Petit] {200×3, 500 P2002×9, 500 P2025×2, perdu×4} e-mails 3 Failed 1",
                "2 [user_2leo leo@exemple.fr Léo Garnier-Petit] {200×4, perdu×4} e-mails 4 Failed 0",
                "3 [user_2leo leo@exemple.fr Léo Garnier-Petit] {200×4, perdu×4} e-mails 2 Failed 0",
                "4 [user_2leo leo@exemple.fr Léo Garnier-Petit] {200×4, perdu×4} e-mails 2 Failed 0",
                "5 [≠user_2chloe ≠chloe@exemple.fr ≠Chloé ≠Fabre; user_2leo leo@exemple.fr Léo Garnier-Petit] {connexion×3} e-mails 2 Failed 0",
            ],
        ),
        (
            SyncScenario::OutOfOrder,
            &[
                "1 [user_2zoe ≠zoe@ancien.fr Zoé Roux-Martin] {200×5, 500 P2025×3} e-mails 2 Failed 0",
                "2 [≠user_2yann ≠yann@exemple.fr ≠Yann ≠Colin; user_2zoe ≠zoe@ancien.fr Zoé ≠Roux] {200×5} e-mails 2 Failed 0",
                "3 [user_2zoe zoe@nouveau.fr Zoé Roux-Martin] {200×5} e-mails 0 Failed 0",
                "4 [≠user_2yann ≠yann@exemple.fr ≠Yann ≠Colin; user_2zoe ≠zoe@ancien.fr Zoé ≠Roux] {200×5} e-mails 2 Failed 0",
                "5 [≠user_2yann ≠yann@exemple.fr ≠Yann ≠Colin; user_2zoe zoe@nouveau.fr Zoé Roux-Martin] {connexion×4} e-mails 2 Failed 0",
            ],
        ),
        (
            SyncScenario::RetryStorm,
            &[
                "1 [user_2alice alice@exemple.fr Alice Dupont-Roy; user_2bob bob@exemple.fr Bob Marchand] {200×3, 500 P1001×12, 500 P2025×5} e-mails 2 Failed 1",
                "2 [user_2alice alice@exemple.fr Alice Dupont-Roy; user_2bob bob@exemple.fr Bob Marchand] {200×4, 500 P1001×12} e-mails 2 Failed 0",
                "3 [user_2alice alice@exemple.fr Alice Dupont-Roy; user_2bob bob@exemple.fr Bob Marchand] {200×4, 500 P1001×12} e-mails 2 Failed 0",
                "4 [user_2alice alice@exemple.fr Alice Dupont-Roy; user_2bob bob@exemple.fr Bob Marchand] {200×4, 500 P1001×12} e-mails 2 Failed 0",
                "5 [user_2alice alice@exemple.fr Alice Dupont-Roy; (manque user_2bob)] {connexion×1, connexion 500 P1001×3} e-mails 1 Failed 0",
            ],
        ),
        (
            SyncScenario::EndpointDown,
            &[
                "1 [user_2julie ≠julie@exemple.fr Julie Faure-Nguyen; user_2paul paul@exemple.fr Paul Roche] {200×4, injoignable×15} e-mails 2 Failed 0",
                "2 [user_2julie julie@nouveau.fr Julie Faure-Nguyen; user_2paul paul@exemple.fr Paul Roche] {200×4, injoignable×15} e-mails 2 Failed 0",
                "3 [user_2julie julie@nouveau.fr Julie Faure-Nguyen; user_2paul paul@exemple.fr Paul Roche] {200×4, injoignable×15} e-mails 2 Failed 0",
                "4 [user_2julie julie@nouveau.fr Julie Faure-Nguyen; user_2paul paul@exemple.fr Paul Roche] {200×4, injoignable×15} e-mails 2 Failed 0",
                "5 [user_2julie julie@nouveau.fr Julie Faure-Nguyen; user_2paul paul@exemple.fr Paul Roche] {connexion×3} e-mails 2 Failed 0",
            ],
        ),
    ];
    for (scenario, lines) in expected {
        assert_eq!(
            summaries(scenario),
            lines.to_vec(),
            "scenario {}",
            scenario.name()
        );
    }
}

#[test]
fn admin_edit_login_table_is_stale_until_the_next_sign_in() {
    let mut sim = Simulation::new(SyncScenario::AdminEdit, Faults::default()).unwrap();
    // Up to one second after the Dashboard edit (J1 10:03:01).
    while sim.next_time().is_some_and(|t| t <= 3600 + 181) {
        sim.step().unwrap();
    }
    assert_eq!(clock(sim.now), "J1 10:03:01");
    assert_eq!(sim.differences(Strategy::Module3), 0);
    assert_eq!(sim.differences(Strategy::Login), 1);
    assert_eq!(
        sim.snapshot.rows[&Strategy::Login][0].email.as_deref(),
        Some("thomas@ancien.fr")
    );
    sim.run_to_end().unwrap();
    assert_eq!(clock(sim.now), "J3 18:00:00");
    assert_eq!(sim.differences(Strategy::Login), 0);
}

#[test]
fn retries_follow_svix_schedule() {
    // server-error: the database is down 35 min; attempts at +0, +5 s, +5 min, +30 min.
    let mut sim =
        Simulation::new(SyncScenario::RetryStorm, SyncScenario::RetryStorm.faults()).unwrap();
    sim.run_to_end().unwrap();
    let times: Vec<String> = sim
        .attempts_of(0)
        .filter(|a| a.strategy == Strategy::Module3)
        .map(|a| format!("{} {}", clock(a.at), a.response.code()))
        .collect();
    assert_eq!(
        times,
        [
            "J1 09:00:01 500 P1001",
            "J1 09:00:06 500 P1001",
            "J1 09:05:06 500 P1001",
            "J1 09:35:06 200"
        ]
    );
    // The naive handler's P2025 on the example goes on to the 8th attempt, 27 h 35 min 5 s
    // after the first, then Failed.
    let example: Vec<_> = sim
        .attempts_of(2)
        .filter(|a| a.strategy == Strategy::Naive)
        .collect();
    assert_eq!(example.len(), 8);
    let span = example.last().map(|a| a.at).unwrap() - example.first().map(|a| a.at).unwrap();
    assert_eq!(span, 27 * 3600 + 35 * 60 + 5);
    assert_eq!(sim.state[&(Strategy::Naive, 2)], MsgState::Failed);
}

#[test]
fn a_long_outage_ends_failed_then_the_dashboard_replay_catches_up() {
    let faults = Faults {
        exhausted: true,
        ..Faults::default()
    };
    let mut sim = Simulation::new(SyncScenario::EndpointDown, faults).unwrap();
    sim.run_to_end().unwrap();
    let replays: Vec<_> = sim.attempts.iter().filter(|a| a.number == 0).collect();
    assert_eq!(replays.len(), 4 * sim.messages.len());
    assert!(replays.iter().all(|a| a.response.is_success()));
    assert_eq!(clock(replays[0].at), "J2 16:00:00");
    for s in [Strategy::Module3, Strategy::Guarded, Strategy::Dedup] {
        assert_eq!(sim.differences(s), 0, "{s:?}");
        assert_eq!(sim.failed(s), 0);
    }
}

#[test]
fn the_upsert_is_insert_on_conflict_on_both_databases() {
    let upsert = statements(Strategy::Module3)[0];
    assert!(
        upsert
            .sqlite
            .contains(r#"ON CONFLICT ("clerkId") DO UPDATE SET"#)
    );
    assert!(upsert.postgres.starts_with(r#"INSERT INTO "User""#));
    assert!(
        upsert
            .postgres
            .contains(r#"ON CONFLICT ("clerkId") DO UPDATE SET "email" = EXCLUDED."email""#)
    );
    assert!(upsert.postgres.contains("$5"));
}

#[test]
fn every_scenario_is_bounded_and_named() {
    for s in SyncScenario::ALL {
        assert_eq!(SyncScenario::from_name(s.name()), Some(s));
        assert!(s.timeline().len() <= MAX_EVENTS);
        let sim = run(s);
        assert!(
            sim.journal.len() < 200,
            "{}: {} steps",
            s.name(),
            sim.journal.len()
        );
    }
    assert_eq!(
        SyncScenario::ALL.map(SyncScenario::key),
        ['1', '2', '3', '4', '5', '6', '7', '8']
    );
}

#[derive(Debug, Clone)]
enum Op {
    Step,
    Toggle(usize),
    End,
}

fn op() -> impl proptest::strategy::Strategy<Value = Op> {
    use proptest::prelude::*;
    prop_oneof![6 => Just(Op::Step), 2 => (0..5usize).prop_map(Op::Toggle), 1 => Just(Op::End)]
}

/// What holds after any step under any faults.
fn check_invariants(sim: &Simulation) {
    assert!(sim.journal.len() <= MAX_STEPS);
    let mut last = 0;
    for (at, _) in &sim.journal {
        assert!(*at >= last, "time went backwards");
        last = *at;
    }
    for a in &sim.attempts {
        assert!(a.number <= 8);
        // Module 3 and its variants only answer 500 when the database is down.
        if matches!(
            a.strategy,
            Strategy::Module3 | Strategy::Guarded | Strategy::Dedup | Strategy::AppB
        ) {
            assert!(
                !matches!(
                    a.response,
                    Response::Error(HandlerError::P2002 | HandlerError::P2025)
                ),
                "{a:?}"
            );
        }
    }
    // svix-id deduplication: never two welcome e-mails for one message.
    let created = sim
        .messages
        .iter()
        .filter(|m| m.kind == EventType::Created)
        .count();
    assert!(
        sim.snapshot
            .emails
            .get(&Strategy::Dedup)
            .copied()
            .unwrap_or(0)
            <= created
    );
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(48))]
    #[test]
    fn random_toggles_and_steps_keep_every_invariant(
        scenario in 0..8usize,
        ops in proptest::collection::vec(op(), 0..40),
    ) {
        let scenario = SyncScenario::ALL[scenario];
        let mut faults = scenario.faults();
        let mut sim = Simulation::new(scenario, faults).unwrap();
        for op in ops {
            match op {
                Op::Step => { sim.step().unwrap(); }
                Op::End => sim.run_to_end().unwrap(),
                Op::Toggle(i) => {
                    faults.toggle(Fault::ALL[i]);
                    let steps = sim.journal.len();
                    sim = Simulation::new(scenario, faults).unwrap();
                    for _ in 0..steps {
                        if !sim.step().unwrap() { break; }
                    }
                }
            }
            check_invariants(&sim);
        }
        sim.run_to_end().unwrap();
        check_invariants(&sim);
        proptest::prop_assert!(sim.is_done());
        // Strategy 3 never ends with a row Clerk deleted, and in fact ends equal to Clerk.
        let s3 = &sim.snapshot.rows[&Strategy::Guarded];
        proptest::prop_assert!(s3.iter().all(|r| sim.truth.users.contains_key(&r.clerk_id)));
        proptest::prop_assert_eq!(s3, &sim.snapshot.truth);
        // Every message ends delivered or Failed, on every endpoint.
        proptest::prop_assert!(sim.state.values().all(|s| *s != MsgState::Pending));
    }
}

/// A remote endpoint that is module 3's handler in memory: the engine must treat it
/// exactly like its own module 3 column, whatever the faults.
#[derive(Default)]
struct Module3Remote {
    rows: BTreeMap<String, Row>,
}

impl Remote for Module3Remote {
    fn deliver(&mut self, msg: &Message, _number: usize) -> RemoteAnswer {
        match (&msg.kind, &msg.user) {
            (EventType::Deleted, _) => {
                self.rows.remove(&msg.user_id);
            }
            (_, Some(user)) => {
                self.rows.insert(msg.user_id.clone(), user.row());
            }
            (_, None) => {}
        }
        RemoteAnswer::Status(204)
    }
    fn rows(&mut self, users: &[String]) -> Result<Vec<Row>, String> {
        Ok(users
            .iter()
            .filter_map(|u| self.rows.get(u).cloned())
            .collect())
    }
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(24))]
    #[test]
    fn a_remote_written_like_module_3_follows_its_column_under_any_faults(
        scenario in 0..8usize,
        toggles in proptest::collection::vec(0..5usize, 0..4),
        steps in 0..60usize,
    ) {
        let scenario = SyncScenario::ALL[scenario];
        let mut faults = scenario.faults();
        for i in toggles {
            faults.toggle(Fault::ALL[i]);
        }
        let mut sim =
            Simulation::with_remote(scenario, faults, Box::new(Module3Remote::default())).unwrap();
        for _ in 0..steps {
            if !sim.step().unwrap() {
                break;
            }
            let mut mine = sim.snapshot.rows[&Strategy::Yours].clone();
            mine.sort();
            proptest::prop_assert_eq!(&mine, &sim.snapshot.rows[&Strategy::Module3]);
        }
        sim.run_to_end().unwrap();
        let mut mine = sim.snapshot.rows[&Strategy::Yours].clone();
        mine.sort();
        proptest::prop_assert_eq!(&mine, &sim.snapshot.rows[&Strategy::Module3]);
        let outcome = |s: Strategy| -> Vec<(usize, usize, bool)> {
            sim.attempts
                .iter()
                .filter(|a| a.strategy == s)
                .map(|a| (a.msg, a.number, a.response.is_success()))
                .collect()
        };
        proptest::prop_assert_eq!(outcome(Strategy::Yours), outcome(Strategy::Module3));
        proptest::prop_assert!(sim.state.values().all(|s| *s != MsgState::Pending));
    }
}
