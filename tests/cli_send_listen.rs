//! `send` against `listen` on an ephemeral loopback port, and `send` against scripted stub
//! endpoints (500s for --retry, an endpoint that accepts everything, redirects, timeouts).

#[path = "common/listen_process.rs"]
mod listen_process;
#[path = "common/stub_server.rs"]
mod stub_server;

use std::time::Duration;

use assert_cmd::Command;
use listen_process::ListenProcess;
use predicates::prelude::*;
use serde_json::Value;
use stub_server::Stub;
use webhook_tutor::delivery::TamperKind;

const SECRET: &str = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
const OTHER_SECRET: &str = "whsec_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";

fn send(url: &str, secret: &str, extra: &[&str]) -> assert_cmd::assert::Assert {
    Command::cargo_bin("webhook-tutor")
        .unwrap()
        .args(["send", url, "--secret", secret])
        .args(extra)
        .env("WEBHOOK_TUTOR_RETRY_PAUSE_MS", "0")
        .timeout(Duration::from_secs(60))
        .assert()
}

fn stdout_of(assert: &assert_cmd::assert::Assert) -> String {
    String::from_utf8_lossy(&assert.get_output().stdout).into_owned()
}

#[test]
fn valid_event_is_accepted_with_204() {
    let listen = ListenProcess::start(Some(SECRET), 1);
    assert_eq!(listen.start["secret"], SECRET);
    assert_eq!(listen.start["generated_secret"], false);
    let out = send(&listen.url(), SECRET, &["--event", "user.updated"]).code(0);
    let text = stdout_of(&out);
    assert!(text.contains("← 204 No Content en "), "{text}");
    assert!(text.contains("✓ accepté (204) : Svix considérerait la livraison réussie"));
    assert!(text.contains("  content-type: application/json\n"));
    assert!(text.contains("  user-agent: Svix-Webhooks/1.x (webhook-tutor/"));
    let log = listen.finish();
    assert_eq!(log.len(), 1);
    assert_eq!(log[0]["status"], 204);
    assert_eq!(log[0]["verdict"], "accepted");
    assert_eq!(log[0]["error"], Value::Null);
    assert_eq!(log[0]["type"], "user.updated");
    assert_eq!(log[0]["method"], "POST");
    assert_eq!(log[0]["path"], "/api/webhooks");
    assert!(log[0]["msg_id"].as_str().unwrap().starts_with("msg_"));
}

#[test]
fn duplicate_is_flagged_by_listen_and_both_get_2xx() {
    let listen = ListenProcess::start(Some(SECRET), 2);
    let out = send(&listen.url(), SECRET, &["--duplicate"]).code(0);
    let text = stdout_of(&out);
    assert!(text.contains("← 200 OK en "), "{text}");
    assert!(text.contains("✓ les deux livraisons ont reçu un 2xx"));
    let log = listen.finish();
    let verdicts: Vec<(&Value, &Value)> =
        log.iter().map(|l| (&l["status"], &l["verdict"])).collect();
    assert_eq!(
        verdicts,
        [
            (&Value::from(204), &Value::from("accepted")),
            (&Value::from(200), &Value::from("duplicate"))
        ]
    );
    assert_eq!(log[0]["msg_id"], log[1]["msg_id"]);
}

#[test]
fn every_tamper_kind_is_rejected_by_listen_with_its_reason() {
    let listen = ListenProcess::start(Some(SECRET), TamperKind::ALL.len() as u64);
    for kind in TamperKind::ALL {
        let out = send(&listen.url(), SECRET, &["--tamper", kind.name()]).code(0);
        let text = stdout_of(&out);
        assert!(
            text.contains("✓ votre endpoint a bien rejeté la requête falsifiée (400)."),
            "{}: {text}",
            kind.name()
        );
    }
    let log = listen.finish();
    let codes: Vec<(u64, &str)> = log
        .iter()
        .map(|l| (l["status"].as_u64().unwrap(), l["error"].as_str().unwrap()))
        .collect();
    let expected: Vec<(u64, &str)> = TamperKind::ALL
        .iter()
        .map(|k| (400, k.expected_code()))
        .collect();
    assert_eq!(codes, expected);
}

#[test]
fn wrong_secret_gets_400_and_the_signature_diagnosis() {
    let listen = ListenProcess::start(Some(SECRET), 1);
    let out = send(&listen.url(), OTHER_SECRET, &[]).code(1);
    let text = stdout_of(&out);
    assert!(
        text.contains("✗ rejeté (400) : votre endpoint a rejeté la requête (souvent la signature)"),
        "{text}"
    );
    assert!(
        text.contains(
            "CLERK_WEBHOOK_SIGNING_SECRET contient exactement le secret passé à --secret"
        )
    );
    assert!(text.contains("prochaine tentative de Svix dans 5 s (tentative 2/8)"));
    let log = listen.finish();
    assert_eq!(log[0]["status"], 400);
    assert_eq!(log[0]["error"], "no_matching_signature");
}

#[test]
fn listen_generates_and_prints_a_secret_when_none_is_given() {
    let listen = ListenProcess::start(None, 1);
    assert_eq!(listen.start["generated_secret"], true);
    let secret = listen.start["secret"].as_str().unwrap().to_owned();
    assert!(secret.starts_with("whsec_"));
    send(&listen.url(), &secret, &[]).code(0);
    assert_eq!(listen.finish()[0]["verdict"], "accepted");
}

#[test]
fn listen_text_mode_prints_the_address_and_one_line_per_request() {
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_webhook-tutor"))
        .args([
            "listen",
            "--port",
            "0",
            "--max-requests",
            "2",
            "--secret",
            SECRET,
        ])
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdout = std::io::BufReader::new(child.stdout.take().unwrap());
    let mut first = String::new();
    std::io::BufRead::read_line(&mut stdout, &mut first).unwrap();
    assert!(
        first.starts_with("En écoute sur http://127.0.0.1:"),
        "{first}"
    );
    assert!(first.ends_with(&format!(" — secret : {SECRET}\n")));
    let base = first
        .trim_start_matches("En écoute sur ")
        .split(' ')
        .next()
        .unwrap()
        .to_owned();
    send(&format!("{base}/hook"), SECRET, &["--duplicate"]).code(0);
    let status = child.wait().unwrap();
    assert!(status.success());
    let rest = std::io::read_to_string(stdout).unwrap();
    let lines: Vec<&str> = rest.lines().filter(|l| l.contains("POST /hook")).collect();
    assert_eq!(lines.len(), 2, "{rest}");
    assert!(
        lines[0].contains("✓ accepté (204)  [user.created]"),
        "{}",
        lines[0]
    );
    assert!(
        lines[1].contains("doublon (200) : déjà traité, ignoré"),
        "{}",
        lines[1]
    );
}

#[test]
fn closed_port_exits_2_with_a_french_hint() {
    let port = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        l.local_addr().unwrap().port()
    };
    send(&format!("http://127.0.0.1:{port}/"), SECRET, &[])
        .code(2)
        .stderr(predicate::str::contains(
            "connexion refusée — votre serveur tourne-t-il sur ce port ?",
        ));
}

#[test]
fn unknown_host_exits_2() {
    send("http://nonexistent.invalid/api/webhooks", SECRET, &[])
        .code(2)
        .stderr(predicate::str::contains(
            "erreur : impossible de joindre http://nonexistent.invalid/api/webhooks : hôte introuvable « nonexistent.invalid:80 »",
        ));
}

#[test]
fn bad_usage_exits_2() {
    send("http://127.0.0.1:9/", SECRET, &["--event", "user.nope"])
        .code(2)
        .stderr(predicate::str::contains(
            "--event « user.nope » : pas d'exemple",
        ));
    send("ftp://example.com/", SECRET, &[])
        .code(2)
        .stderr(predicate::str::contains(
            "URL invalide « ftp://example.com/ »",
        ));
    send("http://127.0.0.1:9/", "whsec_", &[])
        .code(2)
        .stderr(predicate::str::contains("--secret : secret vide"));
    send("http://127.0.0.1:9/", SECRET, &["--tamper", "nope"])
        .code(2)
        .stderr(predicate::str::contains(
            "valeurs possibles : body, signature, secret, timestamp, missing-header",
        ));
}

#[test]
fn retry_replays_eight_attempts_with_the_same_id_then_failed() {
    let stub = Stub::start(&[500], None, Duration::ZERO);
    let out = send(&stub.url, SECRET, &["--retry"]).code(1);
    let text = stdout_of(&out);
    let seen = stub.seen();
    assert_eq!(seen.len(), 8);
    let id = seen[0].svix_id.clone().unwrap();
    assert!(
        seen.iter()
            .all(|s| s.svix_id.as_deref() == Some(id.as_str()))
    );
    assert!(seen.iter().all(|s| s.body == seen[0].body));
    for (label, attempt) in [
        ("immédiatement", 1),
        ("+5 s", 2),
        ("+5 min", 3),
        ("+30 min", 4),
        ("+2 h", 5),
        ("+5 h", 6),
        ("+10 h", 7),
    ] {
        assert!(
            text.contains(&format!("Tentative {attempt}/8 — {label} (t = ")),
            "{attempt}: {text}"
        );
    }
    assert!(text.contains("Tentative 8/8 — +10 h (t = 27 h 35 min 5 s après la première)"));
    assert!(text.contains("✗ 8 tentatives en échec : Svix marque le message « Failed »"));
    assert!(text.contains("Message Attempts"));
}

#[test]
fn retry_stops_at_the_first_2xx() {
    let stub = Stub::start(&[503, 500, 204], None, Duration::ZERO);
    let text = stdout_of(&send(&stub.url, SECRET, &["--retry"]).code(0));
    assert_eq!(stub.seen().len(), 3);
    assert!(
        text.contains("✓ accepté à la tentative 3 : Svix arrête les relances"),
        "{text}"
    );
}

#[test]
fn retry_signatures_verify_with_the_same_secret() {
    use webhook_tutor::webhook::{Headers, Secret, verify_ignoring_timestamp};
    let stub = Stub::start(&[500, 200], None, Duration::ZERO);
    send(&stub.url, SECRET, &["--retry"]).code(0);
    let secret = Secret::parse(SECRET).unwrap();
    for seen in stub.seen() {
        let headers = Headers::svix(
            seen.svix_id.as_deref().unwrap(),
            seen.svix_timestamp.as_deref().unwrap().parse().unwrap(),
            seen.svix_signature.as_deref().unwrap(),
        );
        assert!(verify_ignoring_timestamp(&secret, &headers, &seen.body).is_ok());
        assert!(
            seen.user_agent
                .as_deref()
                .unwrap()
                .starts_with("Svix-Webhooks/1.x")
        );
    }
}

#[test]
fn an_endpoint_that_accepts_tampered_requests_is_a_security_problem() {
    let stub = Stub::start(&[200], None, Duration::ZERO);
    let out = send(&stub.url, SECRET, &["--tamper", "timestamp"]).code(1);
    let text = stdout_of(&out);
    assert!(
        text.contains("✗ PROBLÈME DE SÉCURITÉ : votre endpoint a accepté (200)"),
        "{text}"
    );
    assert!(text.contains("votre vérification ignore l'horodatage"));
}

#[test]
fn tamper_answered_with_500_is_not_a_clean_rejection() {
    let stub = Stub::start(&[500], None, Duration::ZERO);
    let text = stdout_of(&send(&stub.url, SECRET, &["--tamper", "body"]).code(1));
    assert!(
        text.contains("✗ la requête n'a pas été acceptée, mais pas proprement"),
        "{text}"
    );
}

#[test]
fn redirects_are_not_followed() {
    let stub = Stub::start(
        &[308],
        Some(("Location", "https://www.example.com/api/webhooks")),
        Duration::ZERO,
    );
    let text = stdout_of(&send(&stub.url, SECRET, &[]).code(1));
    assert_eq!(stub.seen().len(), 1);
    assert!(text.contains("← 308 Permanent Redirect en "), "{text}");
    assert!(text.contains("  location: https://www.example.com/api/webhooks"));
    assert!(text.contains("✗ redirection (308) : Svix ne suit jamais les redirections"));
}

#[test]
fn route_protected_by_middleware() {
    let stub = Stub::start(&[404], None, Duration::ZERO);
    let text = stdout_of(&send(&stub.url, SECRET, &[]).code(1));
    assert!(text.contains("✗ introuvable (404)"), "{text}");
    assert!(text.contains("auth.protect()"));
}

#[test]
fn a_slow_endpoint_times_out() {
    let stub = Stub::start(&[200], None, Duration::from_secs(3));
    let text = stdout_of(&send(&stub.url, SECRET, &["--timeout", "1"]).code(1));
    // One limit throughout: --timeout's, never the measured ms nor Svix's 15 s.
    let lines: Vec<&str> = text.lines().collect();
    assert!(
        lines.contains(&"← aucune réponse en 1 s (délai dépassé)"),
        "{text}"
    );
    assert!(
        lines.contains(&"✗ pas de réponse en 1 s (--timeout 1) : Svix attend jusqu'à 15 s avant de compter un échec ; relancez sans --timeout pour en juger comme lui"),
        "{text}"
    );
}

#[test]
fn webhook_delivery_header_is_explained() {
    let stub = Stub::start(
        &[410],
        Some(("webhook-delivery", "abort-message")),
        Duration::ZERO,
    );
    let text = stdout_of(&send(&stub.url, SECRET, &[]).code(1));
    assert!(
        text.contains(
            "en-tête webhook-delivery: abort-message : Svix arrêterait les relances de ce message."
        ),
        "{text}"
    );
}

#[test]
fn payload_file_is_sent_byte_for_byte() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("evt.json");
    let body = b"{\"type\":\"user.created\",  \"data\":{\"id\":\"user_1\"}}\n";
    std::fs::write(&path, body).unwrap();
    let stub = Stub::start(&[204], None, Duration::ZERO);
    send(&stub.url, SECRET, &["--payload", path.to_str().unwrap()]).code(0);
    assert_eq!(stub.seen()[0].body, body);
}

/// Class 11: SQLite's English never reaches the learner; what is wrong and what to do.
#[test]
fn listen_database_errors_read_in_french() {
    let dir = tempfile::tempdir().unwrap();
    let not_db = dir.path().join("notes.db");
    std::fs::write(&not_db, vec![b'x'; 4096]).unwrap();
    let missing = dir.path().join("absent/x.db");
    for (path, reason) in [
        (&not_db, "ce fichier n'est pas une base SQLite"),
        (
            &missing,
            "impossible d'ouvrir le fichier de base : vérifiez que le dossier existe et qu'il est accessible en écriture",
        ),
    ] {
        let url = format!("file:{}", path.display());
        Command::cargo_bin("webhook-tutor")
            .unwrap()
            .args([
                "listen",
                "--port",
                "0",
                "--secret",
                SECRET,
                "--database",
                &url,
            ])
            .timeout(Duration::from_secs(30))
            .assert()
            .code(2)
            .stdout("")
            .stderr(format!("erreur : --database « {url} » : {reason}\n"));
    }
}
