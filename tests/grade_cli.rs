//! `webhook-tutor grade` as a learner runs it: against the reference `listen --database`
//! (100 %, then with a wrong secret), and every kind of bad input (exit 2, French message).

use std::io::{BufRead as _, BufReader, Read as _, Write as _};
use std::net::TcpListener;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use assert_cmd::cargo::CommandCargoExt as _;
use serde_json::Value;

// Only the output and its full-disk message are used here.
#[allow(dead_code)]
#[path = "common/closed_output.rs"]
mod closed_output;

const SECRET: &str = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

fn bin() -> Command {
    let mut cmd = Command::cargo_bin("webhook-tutor").unwrap();
    cmd.env_remove("WEBHOOK_TUTOR_COURSE").env("NO_COLOR", "1");
    cmd
}

/// `listen --database` in a child process, killed on drop.
struct Reference {
    child: Child,
    url: String,
}

impl Reference {
    fn start(db: &str) -> Self {
        let mut child = bin()
            .args([
                "listen",
                "--port",
                "0",
                "--json",
                "--secret",
                SECRET,
                "--database",
                db,
            ])
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .unwrap();
        let mut first = String::new();
        let mut stdout = BufReader::new(child.stdout.take().unwrap());
        stdout.read_line(&mut first).unwrap();
        // Keep reading its log: a closed pipe would stop the listener at its next line.
        std::thread::Builder::new()
            .name("reference-log".into())
            .spawn(move || std::io::copy(&mut stdout, &mut std::io::sink()))
            .unwrap();
        let start: Value = serde_json::from_str(&first).expect("JSON start line");
        assert_eq!(start["database"], db);
        let url = format!("{}/api/webhooks", start["listening"].as_str().unwrap());
        Self { child, url }
    }
}

impl Drop for Reference {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn grade(args: &[&str]) -> (i32, String, String) {
    // Every run is recorded in progress: never in the real data folder.
    let data = tempfile::tempdir().unwrap();
    grade_in(data.path(), args)
}

fn grade_in(data: &std::path::Path, args: &[&str]) -> (i32, String, String) {
    let out = bin()
        .env("WEBHOOK_TUTOR_DATA", data)
        .arg("grade")
        .args(args)
        .stdin(Stdio::null())
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

#[test]
fn the_reference_endpoint_scores_100_on_a_real_sqlite_file() {
    let dir = tempfile::tempdir().unwrap();
    let db = format!("file:{}", dir.path().join("reference.db").display());
    let reference = Reference::start(&db);
    let (code, out, err) = grade(&[
        &reference.url,
        "--secret",
        SECRET,
        "--database-url",
        &db,
        "--json",
    ]);
    assert_eq!(code, 0, "{out}{err}");
    let json: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(json["score"], 100);
    assert_eq!(json["passed"], true);
    let checks = json["checks"].as_array().unwrap();
    assert_eq!(checks.len(), 22);
    assert!(checks.iter().all(|c| c["passed"] == true), "{out}");
    assert_eq!(json["cleanup"]["failed"].as_array().unwrap().len(), 0);
    assert!(json["cleanup"]["sent"].as_u64().unwrap() >= 6);

    // The text report, again (fresh ids, so runs never collide).
    let (code, out, _) = grade(&[&reference.url, "--secret", SECRET, "--database-url", &db]);
    assert_eq!(code, 0, "{out}");
    assert!(
        out.starts_with(
            "✓ [ 1/22] valid — un user.created réaliste reçoit un 2xx en moins de 15 s ("
        ),
        "{out}"
    );
    assert!(out.contains("✓ [22/22] latency"), "{out}");
    assert!(
        out.contains("  Vérifier les signatures cryptographiques avec Svix : ✓ 9/9\n"),
        "{out}"
    );
    assert!(
        out.contains(
            "  Comprendre le concept de webhook et son fonctionnement : non évalué par le labo\n"
        ),
        "{out}"
    );
    assert!(
        out.contains("Verdict : ✓ toutes les vérifications obligatoires passent — 22/22 (100 %)"),
        "{out}"
    );

    // Nothing of the lab is left in the database: every lab user was deleted.
    let conn = rusqlite::Connection::open(dir.path().join("reference.db")).unwrap();
    let left: i64 = conn
        .query_row(
            r#"SELECT COUNT(*) FROM "User" WHERE "clerkId" LIKE 'user_lab_%'"#,
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(left, 0);
}

#[test]
fn a_run_is_recorded_and_ticks_the_exercises_it_validates() {
    use webhook_tutor::course::Course;
    use webhook_tutor::progress::Store;
    let course = Course::embedded().unwrap();
    let data = tempfile::tempdir().unwrap();
    let store = Store::open(Some(data.path())).unwrap();
    let load = || {
        assert!(store.path().exists(), "no progress written");
        store.load().progress
    };
    let dir = tempfile::tempdir().unwrap();
    let db = format!("file:{}", dir.path().join("reference.db").display());
    let reference = Reference::start(&db);

    // Without the database, the state checks are skipped: exercises needing one stay manual.
    let (code, out, err) = grade_in(data.path(), &[&reference.url, "--secret", SECRET]);
    assert_eq!(code, 0, "{out}{err}");
    let progress = load();
    let run = progress.lab(&course.title).last.unwrap();
    assert_eq!((run.passed, run.total, run.score), (17, 17, 100), "{out}");
    assert_eq!(run.url, reference.url);
    assert_eq!(run.checks.len(), 22);
    assert_eq!(
        run.checks[1],
        ("state-valid".to_owned(), "skipped".to_owned())
    );
    let without_db: Vec<&str> = course
        .exercises
        .iter()
        .filter(|x| graded(x) && x.check_ids().all(|c| !c.starts_with("state-")))
        .map(|x| x.id.as_str())
        .collect();
    assert!(!without_db.is_empty());
    assert_eq!(
        progress
            .lab_validated
            .iter()
            .map(String::as_str)
            .collect::<Vec<_>>(),
        {
            let mut ids = without_db.clone();
            ids.sort_unstable();
            ids
        }
    );
    let titles: Vec<String> = course
        .exercises
        .iter()
        .filter(|x| without_db.contains(&x.id.as_str()))
        .map(|x| format!("« {} »", x.title))
        .collect();
    assert!(
        out.ends_with(&format!(
            "Exercices validés par le labo : {}\n",
            titles.join(", ")
        )),
        "{out}"
    );

    // With it, every exercise that declares checks is ticked, and so is nothing else.
    let (code, out, err) = grade_in(
        data.path(),
        &[
            &reference.url,
            "--secret",
            SECRET,
            "--database-url",
            &db,
            "--json",
        ],
    );
    assert_eq!(code, 0, "{out}{err}");
    let json: Value = serde_json::from_str(&out).unwrap();
    let with_checks: Vec<&str> = course
        .exercises
        .iter()
        .filter(|x| graded(x))
        .map(|x| x.id.as_str())
        .collect();
    assert_eq!(json["exercises_validated"], serde_json::json!(with_checks));
    let progress = load();
    assert_eq!(progress.lab_validated.len(), with_checks.len());
    for x in &course.exercises {
        assert_eq!(
            progress.exercises_done.contains(&x.id),
            graded(x),
            "{}",
            x.id
        );
    }
    let run = progress.lab(&course.title).last.unwrap();
    assert_eq!((run.passed, run.total), (22, 22));
    // `progress`, the plain twin of home, says so too.
    let out = bin()
        .env("WEBHOOK_TUTOR_DATA", data.path())
        .arg("progress")
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    let first = &course.exercises[0];
    assert!(
        text.contains(&format!("  [x] {} — validé par le labo\n", first.title)),
        "{text}"
    );
    assert!(
        text.contains(&format!(
            "\nLabo : 22/22 (100 %), le {} contre {}\n",
            run.date, reference.url
        )),
        "{text}"
    );

    // A failing run replaces the last run but never unticks.
    let other = "whsec_dGhpcyBpcyBub3QgdGhlIHNlY3JldCE=";
    let (code, out, _) = grade_in(
        data.path(),
        &[&reference.url, "--secret", other, "--database-url", &db],
    );
    assert_eq!(code, 1, "{out}");
    // Forgeries are still refused with a wrong secret, but so is the valid delivery: a
    // run whose valid event was refused proves nothing and validates no exercise.
    assert!(
        out.ends_with(
            "Exercices validés par le labo : aucun (un exercice l’est quand toutes ses vérifications passent, l’événement valide accepté)\n"
        ),
        "{out}"
    );
    let progress = load();
    assert_eq!(progress.lab_validated.len(), with_checks.len());
    let run = progress.lab(&course.title).last.unwrap();
    assert!(run.passed < run.total, "{run:?}");
}

#[test]
fn a_wrong_secret_fails_with_the_reason_and_the_sections_to_revisit() {
    let dir = tempfile::tempdir().unwrap();
    let db = format!("file:{}", dir.path().join("reference.db").display());
    let reference = Reference::start(&db);
    let other = "whsec_dGhpcyBpcyBub3QgdGhlIHNlY3JldCE=";
    let (code, out, _) = grade(&[&reference.url, "--secret", other, "--database-url", &db]);
    assert_eq!(code, 1, "{out}");
    assert!(out.starts_with("✗ [ 1/22] valid"), "{out}");
    assert!(out.contains("      reçu : 400 en "), "{out}");
    assert!(out.contains("CLERK_WEBHOOK_SIGNING_SECRET"), "{out}");
    assert!(out.contains("      à revoir : Module 3 : Implémentation pratique › Le middleware : garder la route publique (implementation#le-middleware--garder-la-route-publique)"), "{out}");
    assert!(out.contains("Même réponse que pour « valid »"), "{out}");
    // Forgeries are still refused: the endpoint is right to reject what it cannot verify.
    assert!(out.contains("✓ [ 4/22] tampered-body"), "{out}");
    assert!(out.contains("Verdict : ✗ "), "{out}");
}

fn assert_usage_error(args: &[&str], part: &str) {
    let start = Instant::now();
    let (code, out, err) = grade(args);
    assert_eq!(code, 2, "{args:?}\n{out}\n{err}");
    assert!(err.starts_with("erreur : "), "{err}");
    assert!(err.contains(part), "{args:?}: {err}");
    assert!(!err.contains("panicked"), "{err}");
    assert!(
        start.elapsed() < Duration::from_secs(10),
        "{args:?} took {:?}",
        start.elapsed()
    );
}

#[test]
fn bad_urls_and_arguments_exit_2_in_french() {
    assert_usage_error(
        &["ftp://localhost/x", "--secret", SECRET],
        "le schéma « ftp » n’est pas pris en charge",
    );
    assert_usage_error(
        &["http://localhost:99999/x", "--secret", SECRET],
        "le port « 99999 » est hors limites",
    );
    assert_usage_error(
        &["http://localhost:3000/x", "--secret", "whsec_!!"],
        "--secret",
    );
    assert_usage_error(
        &[
            "http://localhost:3000/x",
            "--secret",
            SECRET,
            "--only",
            "valid,nope",
        ],
        "vérification « nope » inconnue",
    );
    // Remote host, no terminal, no --yes: refused before anything is sent.
    assert_usage_error(
        &["https://potagers.example/api/webhooks", "--secret", SECRET],
        "Sans terminal pour le confirmer",
    );
}

#[test]
fn an_unreachable_endpoint_exits_2() {
    let port = TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let url = format!("http://127.0.0.1:{port}/api/webhooks");
    assert_usage_error(
        &[&url, "--secret", SECRET],
        "impossible de joindre l’endpoint : connexion refusée",
    );
}

/// A raw HTTP server that answers every connection with `response` (or never, when empty).
fn raw_server(response: Vec<u8>) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    std::thread::Builder::new()
        .name("raw-server".into())
        .spawn(move || {
            let mut held = Vec::new();
            for stream in listener.incoming() {
                let Ok(mut stream) = stream else { break };
                let mut buf = [0u8; 4096];
                let _ = stream.set_read_timeout(Some(Duration::from_millis(200)));
                let _ = stream.read(&mut buf);
                if response.is_empty() {
                    held.push(stream);
                } else {
                    let _ = stream.write_all(&response);
                }
            }
        })
        .unwrap();
    format!("http://127.0.0.1:{port}/api/webhooks")
}

#[test]
fn a_redirect_a_hanging_endpoint_and_a_huge_body_exit_2() {
    let redirect = raw_server(
        b"HTTP/1.1 308 Permanent Redirect\r\nLocation: https://www.potagers.fr/api/webhooks\r\nContent-Length: 0\r\n\r\n".to_vec(),
    );
    assert_usage_error(
        &[&redirect, "--secret", SECRET],
        "redirection (308 vers https://www.potagers.fr/api/webhooks)",
    );
    let hanging = raw_server(Vec::new());
    assert_usage_error(
        &[&hanging, "--secret", SECRET, "--timeout", "1"],
        "n’a pas répondu en 1 s (--timeout)",
    );
    let mut huge = b"HTTP/1.1 200 OK\r\nContent-Length: 5000000\r\n\r\n".to_vec();
    huge.resize(huge.len() + 5_000_000, b'x');
    let huge = raw_server(huge);
    assert_usage_error(&[&huge, "--secret", SECRET], "réponse de plus de 1 Mio");
}

#[test]
fn bad_databases_exit_2_and_name_what_is_missing() {
    let dir = tempfile::tempdir().unwrap();
    let url = "http://127.0.0.1:9/api/webhooks";
    assert_usage_error(
        &[
            url,
            "--secret",
            SECRET,
            "--database-url",
            "mysql://u:pw@h/db",
        ],
        "URL de base de données non reconnue",
    );
    let missing = format!("file:{}", dir.path().join("absent.db").display());
    assert_usage_error(
        &[url, "--secret", SECRET, "--database-url", &missing],
        "base SQLite introuvable",
    );
    let path = dir.path().join("other.db");
    rusqlite::Connection::open(&path)
        .unwrap()
        .execute_batch(r#"CREATE TABLE "users" ("clerk_id" TEXT, "email" TEXT)"#)
        .unwrap();
    let other = format!("file:{}", path.display());
    assert_usage_error(
        &[url, "--secret", SECRET, "--database-url", &other],
        "table « User » introuvable",
    );
    assert_usage_error(
        &[
            url,
            "--secret",
            SECRET,
            "--database-url",
            &other,
            "--table",
            "users",
        ],
        "colonne « clerkId » introuvable dans la table « users » : attendue pour le champ clerkId du modèle Prisma (il y a « clerk_id » : --column clerkId=clerk_id)",
    );
    assert_usage_error(
        &[
            url,
            "--secret",
            SECRET,
            "--database-url",
            &other,
            "--table",
            "users",
            "--column",
            "clerkId=clerk_id",
        ],
        "colonne « firstName » introuvable",
    );
    let garbage = dir.path().join("garbage.db");
    std::fs::write(
        &garbage,
        b"this is not a database, just text that goes on and on",
    )
    .unwrap();
    assert_usage_error(
        &[
            url,
            "--secret",
            SECRET,
            "--database-url",
            &format!("file:{}", garbage.display()),
        ],
        "est-ce bien un fichier SQLite ?",
    );
    // Nothing listens on port 1: the server is named, the password is not.
    assert_usage_error(
        &[
            url,
            "--secret",
            SECRET,
            "--database-url",
            "postgresql://lea:s3cret@127.0.0.1:1/potagers",
        ],
        "connexion PostgreSQL impossible « postgresql://lea:***@127.0.0.1:1/potagers »",
    );
}

/// `grade --scenario` against the reference: it holds wherever module 3's handler holds
/// (every scenario but out-of-order, where the user.created that arrives after its
/// user.deleted brings Yann back, since the reference keeps no tombstone), and leaves no
/// user of the run behind.
#[test]
fn every_scenario_against_the_reference_holds_where_module_3_holds() {
    let dir = tempfile::tempdir().unwrap();
    let db = format!("file:{}", dir.path().join("reference.db").display());
    let reference = Reference::start(&db);
    let names = [
        "admin-edit",
        "account-deleted",
        "welcome-email",
        "two-apps",
        "duplicates",
        "out-of-order",
        "retry-storm",
        "endpoint-down",
    ];
    for name in names {
        let (code, out, err) = grade(&[
            &reference.url,
            "--secret",
            SECRET,
            "--database-url",
            &db,
            "--scenario",
            name,
            "--json",
        ]);
        let json: Value = serde_json::from_str(&out).unwrap_or_else(|e| panic!("{e}: {out}{err}"));
        let expected = if name == "out-of-order" { 1 } else { 0 };
        assert_eq!(code, expected, "{name}: {out}{err}");
        assert_eq!(json["scenario"], name);
        assert_eq!(json["matches"], code == 0, "{name}");
        assert_eq!(json["failed"], 0, "{name}");
        assert_eq!(json["aborted"], Value::Null, "{name}");
        assert_eq!(json["cleanup"]["failures"].as_array().unwrap().len(), 0);
        // Module 3 (strategy 2) holds in the simulator exactly where the reference does.
        assert_eq!(
            json["simulated"][1]["differences"] == 0,
            name != "out-of-order",
            "{name}"
        );
    }
    // The text report of the drifting one: Yann marked, the verdict and the section.
    let (code, out, _) = grade(&[
        &reference.url,
        "--secret",
        SECRET,
        "--database-url",
        &db,
        "--scenario",
        "out-of-order",
    ]);
    assert_eq!(code, 1, "{out}");
    assert!(
        out.starts_with(
            "Synchronisation — votre endpoint sur le scénario out-of-order : des messages livrés dans le désordre\n"
        ),
        "{out}"
    );
    assert!(
        out.contains("  J1 09:02:01  Svix → vous : msg_2sync0003 user.updated tentative 1 → 204\n"),
        "{out}"
    );
    assert!(
        out.contains(
            "7 votre endpoint — 1 écart · Failed : 0\n  réponses : 204 ×5\n  clerkId | email | firstName | lastName\n  ≠user_2yann | ≠yann@exemple.fr | ≠Yann | ≠Colin   ← en trop : Clerk ne l’a plus\n  user_2zoe | zoe@nouveau.fr | Zoé | Roux-Martin\n"
        ),
        "{out}"
    );
    assert!(
        out.contains("Verdict : ✗ votre table s’écarte de Clerk (1 écart) — à revoir : Module 4 : Scénarios réels › L’ordre n’est pas garanti (scenarios#lordre-nest-pas-garanti)\n"),
        "{out}"
    );
    // --faults: an outage longer than the retry window, then the Dashboard's Replay: nothing
    // reaches the endpoint before the replay, which alone fills the table.
    let (code, out, err) = grade(&[
        &reference.url,
        "--secret",
        SECRET,
        "--database-url",
        &db,
        "--scenario",
        "endpoint-down",
        "--faults",
        "failed-replay",
        "--json",
    ]);
    assert_eq!(code, 0, "{out}{err}");
    let json: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(json["faults"], serde_json::json!(["failed-replay"]));
    let sent: Vec<&Value> = json["attempts"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|a| a["response"] != "injoignable")
        .collect();
    assert_eq!(sent.len(), 4, "{out}");
    assert!(
        sent.iter()
            .all(|a| a["attempt"] == 0 && a["success"] == true),
        "{out}"
    );
    assert_eq!(json["requests"], 4);
    let conn = rusqlite::Connection::open(dir.path().join("reference.db")).unwrap();
    let left: i64 = conn
        .query_row(
            r#"SELECT COUNT(*) FROM "User" WHERE "clerkId" LIKE 'user_lab_%'"#,
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(left, 0, "the cleanup deletes every user of every run");
}

#[test]
fn scenario_usage_errors_exit_2_in_french() {
    let url = "http://127.0.0.1:9/api/webhooks";
    assert_usage_error(
        &[url, "--secret", SECRET, "--scenario", "nope"],
        "scénario de synchronisation inconnu 'nope' pour --scenario — choisissez parmi : admin-edit, account-deleted, welcome-email, two-apps, duplicates, out-of-order, retry-storm, endpoint-down",
    );
    assert_usage_error(
        &[url, "--secret", SECRET, "--scenario", "admin-edit"],
        "--scenario admin-edit compare votre table à la vérité de Clerk : ajoutez --database-url",
    );
    // The interface does not open on bad input: exit 2 first, in the terminal.
    assert_usage_error(
        &[url, "--secret", SECRET, "--scenario", "admin-edit", "--tui"],
        "ajoutez --database-url",
    );
    assert_usage_error(
        &[
            url,
            "--secret",
            SECRET,
            "--scenario",
            "admin-edit",
            "--faults",
            "lent",
        ],
        "panne inconnue 'lent' pour --faults — choisissez parmi : duplicates, reorder, server-error, endpoint-down, failed-replay, ou none",
    );
    let (code, _, err) = grade(&[url, "--secret", SECRET, "--tui"]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("--scenario"), "{err}");
    let dir = tempfile::tempdir().unwrap();
    let db = format!("file:{}", dir.path().join("reference.db").display());
    // A real table, an endpoint that is not there.
    drop(webhook_tutor::listen::store::Database::open(&db).unwrap());
    let port = TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let down = format!("http://127.0.0.1:{port}/api/webhooks");
    assert_usage_error(
        &[
            &down,
            "--secret",
            SECRET,
            "--database-url",
            &db,
            "--scenario",
            "duplicates",
        ],
        "impossible de joindre l’endpoint : connexion refusée",
    );
}

/// Class 1: the report to a full disk is a French error and 2; to a reader that left, a
/// quiet 0. `--only valid` keeps the run short.
#[test]
fn the_report_on_a_full_or_closed_output() {
    let dir = tempfile::tempdir().unwrap();
    let db = format!("file:{}", dir.path().join("reference.db").display());
    let reference = Reference::start(&db);
    for full in [true, false] {
        let stdout = closed_output::full_or_closed(full);
        let out = bin()
            .args([
                "grade",
                &reference.url,
                "--secret",
                SECRET,
                "--database-url",
                &db,
            ])
            .args(["--only", "valid"])
            .stdin(Stdio::null())
            .stdout(stdout)
            .output()
            .unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        if full {
            assert_eq!(out.status.code(), Some(2), "{err}");
            assert!(err.ends_with(closed_output::FULL), "{err}");
        } else {
            assert_eq!(out.status.code(), Some(0), "{err}");
            assert!(
                !err.contains("erreur") && !err.contains("panicked"),
                "{err}"
            );
        }
    }
}

/// An exercise `grade` can validate: it has checks, all of them the battery's (the lab's
/// own, such as welcome-once, are only run by `webhook-tutor lab`).
fn graded(x: &webhook_tutor::course::ExerciseEntry) -> bool {
    !x.checks.is_empty()
        && x.check_ids()
            .all(|c| webhook_tutor::grade::checks::find(c).is_some())
}
