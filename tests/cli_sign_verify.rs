//! The `sign`, `verify` and `secret` commands, run as a learner runs them: exact stdout,
//! exit codes 0/1/2, raw request captures, and a `--curl` command replayed through bash and
//! curl against a local one-shot HTTP server.

use std::io::{Read as _, Write as _};
use std::net::TcpListener;
use std::path::Path;

use assert_cmd::Command;
use webhook_tutor::webhook::{self, Headers, Secret};

const SECRET: &str = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
const ID: &str = "msg_p5jXN8AQM9LWM0D4loKWxJek";
const TS: &str = "1614265330";
const BODY: &str = r#"{"test": 2432232314}"#;
const SIG: &str = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=";

fn bin() -> Command {
    Command::cargo_bin("webhook-tutor").expect("binary built")
}

fn write(dir: &Path, name: &str, bytes: &[u8]) -> String {
    let path = dir.join(name);
    std::fs::write(&path, bytes).expect("write fixture");
    path.to_str().expect("utf-8 temp path").to_owned()
}

fn sign_args(payload: &str) -> Vec<String> {
    [
        "sign",
        "--secret",
        SECRET,
        "--id",
        ID,
        "--timestamp",
        TS,
        "--payload",
        payload,
    ]
    .map(str::to_owned)
    .to_vec()
}

fn stdout(out: &std::process::Output) -> String {
    String::from_utf8(out.stdout.clone()).expect("utf-8 stdout")
}

fn stderr(out: &std::process::Output) -> String {
    String::from_utf8(out.stderr.clone()).expect("utf-8 stderr")
}

#[test]
fn sign_prints_three_header_lines() {
    let dir = tempfile::tempdir().expect("tempdir");
    let file = write(dir.path(), "body.json", BODY.as_bytes());
    bin()
        .args(sign_args(&file))
        .assert()
        .success()
        .stdout(format!(
            "svix-id: {ID}\nsvix-timestamp: {TS}\nsvix-signature: {SIG}\n"
        ));
    // Standard input, the default, gives the same bytes.
    bin()
        .args(["sign", "--secret", SECRET, "--id", ID, "--timestamp", TS])
        .write_stdin(BODY)
        .assert()
        .success()
        .stdout(format!(
            "svix-id: {ID}\nsvix-timestamp: {TS}\nsvix-signature: {SIG}\n"
        ));
}

#[test]
fn sign_json_and_rotation() {
    bin()
        .args(["sign", "--secret", SECRET, "--id", ID, "--timestamp", TS, "--json", "--payload", "-"])
        .write_stdin(BODY)
        .assert()
        .success()
        .stdout(format!(
            "{{\n  \"svix-id\": \"{ID}\",\n  \"svix-timestamp\": \"{TS}\",\n  \"svix-signature\": \"{SIG}\"\n}}\n"
        ));
    let other = "whsec_C2FVsBQIhrscChlQIMV+b5sSYspob7oD";
    let other_sig = webhook::sign(
        &Secret::parse(other).expect("valid"),
        ID,
        1614265330,
        BODY.as_bytes(),
    );
    bin()
        .args([
            "sign",
            "--secret",
            other,
            "--secret",
            SECRET,
            "--id",
            ID,
            "--timestamp",
            TS,
        ])
        .write_stdin(BODY)
        .assert()
        .success()
        .stdout(format!(
            "svix-id: {ID}\nsvix-timestamp: {TS}\nsvix-signature: {other_sig} {SIG}\n"
        ));
}

#[test]
fn sign_defaults_to_a_fresh_id_and_the_current_time() {
    let before = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .expect("clock")
        .as_secs() as i64;
    let out = bin()
        .args(["sign", "--secret", SECRET])
        .write_stdin(BODY)
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(0));
    let text = stdout(&out);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 3);
    let id = lines[0].strip_prefix("svix-id: msg_").expect("id line");
    assert_eq!(id.len(), 27);
    let ts: i64 = lines[1]
        .strip_prefix("svix-timestamp: ")
        .expect("ts line")
        .parse()
        .expect("int");
    assert!((before..before + 60).contains(&ts));
    let headers = Headers::new();
    let headers = text.lines().fold(headers, |mut h, l| {
        h.append_line(l).expect("header line");
        h
    });
    let secret = Secret::parse(SECRET).expect("valid");
    assert!(webhook::verify(&secret, &headers, BODY.as_bytes(), ts).is_ok());
}

#[test]
fn sign_curl_commands_are_exact() {
    let dir = tempfile::tempdir().expect("tempdir");
    let file = write(dir.path(), "it's.json", BODY.as_bytes());
    let mut args = sign_args(&file);
    args.extend(["--curl".into(), "http://localhost:3000/api/webhooks".into()]);
    let quoted_file = file.replace('\'', r"'\''");
    bin().args(args).assert().success().stdout(format!(
        "curl 'http://localhost:3000/api/webhooks' \\\n  -H 'content-type: application/json' \\\n  -H 'svix-id: {ID}' \\\n  -H 'svix-timestamp: {TS}' \\\n  -H 'svix-signature: {SIG}' \\\n  --data-binary '@{quoted_file}'\n"
    ));
    bin()
        .args([
            "sign",
            "--secret",
            SECRET,
            "--id",
            ID,
            "--timestamp",
            TS,
            "--curl",
            "http://h/",
        ])
        .write_stdin("it's 100%\n\\ok\u{0}é\u{7f}")
        .assert()
        .success()
        .stdout(predicates::str::starts_with(
            r"printf 'it\047s 100%%\n\\ok\000é\177' | curl 'http://h/' \",
        ));
}

/// A one-shot HTTP/1.1 server on loopback that returns the raw request it received.
fn capture_one_request() -> (String, std::thread::JoinHandle<Vec<u8>>) {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind loopback");
    let url = format!(
        "http://{}/api/webhooks",
        listener.local_addr().expect("addr")
    );
    let handle = std::thread::Builder::new()
        .name("capture".into())
        .spawn(move || {
            let (mut stream, _) = listener.accept().expect("accept");
            stream
                .set_read_timeout(Some(std::time::Duration::from_secs(10)))
                .expect("timeout");
            let mut raw = Vec::new();
            let mut chunk = [0u8; 8192];
            loop {
                let n = stream.read(&mut chunk).expect("read");
                raw.extend_from_slice(&chunk[..n]);
                let mut hs = [httparse::EMPTY_HEADER; 32];
                let mut req = httparse::Request::new(&mut hs);
                if let Ok(httparse::Status::Complete(end)) = req.parse(&raw) {
                    let len: usize = req
                        .headers
                        .iter()
                        .find(|h| h.name.eq_ignore_ascii_case("content-length"))
                        .map(|h| {
                            std::str::from_utf8(h.value)
                                .expect("ascii")
                                .parse()
                                .expect("int")
                        })
                        .unwrap_or(0);
                    if raw.len() >= end + len || n == 0 {
                        break;
                    }
                }
                if n == 0 {
                    break;
                }
            }
            stream
                .write_all(
                    b"HTTP/1.1 204 No Content\r\nContent-Length: 0\r\nConnection: close\r\n\r\n",
                )
                .expect("respond");
            raw
        })
        .expect("spawn");
    (url, handle)
}

fn replay_curl(stdin_body: Option<&[u8]>, file_body: Option<&Path>) -> Vec<u8> {
    assert!(
        std::process::Command::new("curl")
            .arg("--version")
            .output()
            .is_ok(),
        "curl is required for this test (apt-get install curl)"
    );
    let (url, server) = capture_one_request();
    let mut args = vec![
        "sign",
        "--secret",
        SECRET,
        "--id",
        ID,
        "--timestamp",
        TS,
        "--curl",
        &url,
    ];
    let file;
    if let Some(path) = file_body {
        file = path.to_str().expect("utf-8").to_owned();
        args.extend(["--payload", &file]);
    }
    let out = bin()
        .args(&args)
        .write_stdin(stdin_body.unwrap_or_default())
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let command = stdout(&out);
    let run = std::process::Command::new("bash")
        .args(["-c", &command])
        .output()
        .expect("bash runs");
    assert!(
        run.status.success(),
        "curl failed: {}",
        String::from_utf8_lossy(&run.stderr)
    );
    server.join().expect("server thread")
}

#[test]
fn curl_command_round_trips_exact_bytes() {
    let tricky: &[u8] =
        b"{\"q\": \"it's 100% \\\"ok\\\"\"}\n\t\x00\x01\xff\xc3\xa9 $HOME `id` \\n\n";
    let secret = Secret::parse(SECRET).expect("valid");
    let dir = tempfile::tempdir().expect("tempdir");
    let file = dir.path().join("body with space.bin");
    std::fs::write(&file, tricky).expect("write");
    for raw in [
        replay_curl(Some(tricky), None),
        replay_curl(None, Some(&file)),
    ] {
        let request = webhook::parse_raw_request(&raw).expect("curl sent HTTP");
        assert_eq!(request.body, tricky);
        assert_eq!(
            request.headers.get("content-type"),
            Some("application/json")
        );
        assert_eq!(request.warnings, vec![]);
        // Signed over raw bytes: verification refuses the non-UTF-8 body after every other check.
        assert_eq!(
            webhook::verify(&secret, &request.headers, &request.body, 1614265330),
            Err(webhook::WebhookError::InvalidPayload { valid_up_to: 29 })
        );
        let expected = webhook::sign(&secret, ID, 1614265330, tricky);
        assert_eq!(
            request.headers.get("svix-signature"),
            Some(expected.as_str())
        );
    }
}

fn verify_args() -> Vec<&'static str> {
    verify_at("1614265340")
}

fn verify_at(now: &'static str) -> Vec<&'static str> {
    vec!["verify", "--secret", SECRET, "--now", now]
}

#[test]
fn verify_exit_codes() {
    let dir = tempfile::tempdir().expect("tempdir");
    let file = write(dir.path(), "body.json", BODY.as_bytes());
    let headers = [
        "--header",
        "svix-id: msg_p5jXN8AQM9LWM0D4loKWxJek",
        "-H",
        "Svix-Timestamp: 1614265330",
        "--signature",
        SIG,
    ];
    bin().args(verify_args()).args(headers).args(["--payload", &file]).assert().code(0).stdout(
        "✓ signature valide : message « msg_p5jXN8AQM9LWM0D4loKWxJek », horodatage 1614265330 (il y a 10 s), entrée n°1 de l'en-tête de signature\n",
    );
    bin().args(verify_args()).args(headers).write_stdin(format!("{BODY}\n")).assert().code(1).stdout(
        "✗ signature rejetée : aucune signature ne correspond (1 entrée v1 essayée, aucune ignorée) — vérifiez le secret (celui de CET endpoint) et passez le corps brut octet pour octet, sans le re-sérialiser en JSON\n",
    );
    bin().args(verify_at("1614266000")).args(headers).write_stdin(BODY).assert().code(1).stdout(
        "✗ signature rejetée : horodatage trop ancien : 670 s dans le passé (tolérance : 300 s) — requête rejouée ou horloge décalée\n",
    );
    bin()
        .args(verify_at("1614266000"))
        .args(["--tolerance", "1000"])
        .args(headers)
        .write_stdin(BODY)
        .assert()
        .code(0);
    bin().args(verify_args()).args(["--id", ID, "--timestamp", TS]).write_stdin(BODY).assert().code(1).stdout(
        "✗ signature rejetée : en-tête « svix-signature » manquant (ni svix-signature ni webhook-signature) — transmettez les en-têtes de la requête reçue tels quels\n",
    );
    // Bad usage and unreadable input: exit 2 with a French message.
    let usage = [
        (
            vec!["verify", "--secret", "whsec_", "--id", ID],
            "erreur : --secret : secret vide — copiez le secret « whsec_… » de l'endpoint (Clerk : Webhooks → votre endpoint → Signing Secret)\n",
        ),
        (
            vec!["verify", "--secret", SECRET, "--header", "svix-id msg_1"],
            "erreur : --header : en-tête « svix-id msg_1 » sans deux-points — écrivez « nom: valeur », par exemple « svix-id: msg_… »\n",
        ),
        (
            vec![
                "verify",
                "--secret",
                SECRET,
                "--id",
                ID,
                "--header",
                "svix-id: x",
            ],
            "erreur : svix-id est donné deux fois (--id et --header) : gardez-en un seul\n",
        ),
        (
            vec!["verify", "--secret", SECRET],
            "erreur : aucun en-tête fourni : passez --header 'svix-id: …' --header 'svix-timestamp: …' --header 'svix-signature: …' (ou --id, --timestamp, --signature), ou --request FICHIER\n",
        ),
    ];
    for (args, message) in usage {
        bin()
            .args(&args)
            .write_stdin(BODY)
            .assert()
            .code(2)
            .stdout("")
            .stderr(message);
    }
    let missing = dir.path().join("absent.json");
    let out = bin()
        .args(verify_args())
        .args(headers)
        .args(["--payload", missing.to_str().expect("utf-8")])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        stderr(&out),
        format!(
            "erreur : impossible de lire le corps « {} » : fichier introuvable\n",
            missing.display()
        )
    );
}

#[test]
fn a_repeated_header_is_reported_not_silently_ignored() {
    let args = [
        "-H",
        "svix-id: msg_first",
        "-H",
        "Svix-Id: msg_second",
        "-H",
        "svix-timestamp: 1614265330",
        "-H",
        "svix-signature: v1,AAAA",
    ];
    let warning = "l'en-tête svix-id est donné 2 fois : seule la première valeur (« msg_first ») est vérifiée, comme le fait la crate Rust svix ; gardez-en un seul";
    bin()
        .args(verify_args())
        .args(args)
        .write_stdin(BODY)
        .assert()
        .code(1)
        .stderr(format!("attention : {warning}\n"));
    let out = bin()
        .args(verify_args())
        .args(args)
        .arg("--json")
        .write_stdin(BODY)
        .output()
        .expect("run");
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(json["warnings"], serde_json::json!([warning]));
    assert_eq!(json["msg_id"], "msg_first");
    assert_eq!(json["timestamp"], 1_614_265_330);
}

#[test]
fn verify_json_and_explain() {
    let base = ["--id", ID, "--timestamp", TS, "--signature", SIG];
    bin().args(verify_args()).args(base).args(["--json"]).write_stdin("{}").assert().code(1).stdout(
        "{\n  \"valid\": false,\n  \"error\": \"no_matching_signature\",\n  \"message\": \"aucune signature ne correspond (1 entrée v1 essayée, aucune ignorée) — vérifiez le secret (celui de CET endpoint) et passez le corps brut octet pour octet, sans le re-sérialiser en JSON\",\n  \"msg_id\": \"msg_p5jXN8AQM9LWM0D4loKWxJek\",\n  \"timestamp\": 1614265330,\n  \"matched_index\": null,\n  \"now\": 1614265340,\n  \"warnings\": []\n}\n",
    );
    let out = bin()
        .args(verify_args())
        .args(base)
        .args(["--json"])
        .write_stdin(BODY)
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(0));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(json["valid"], true);
    assert_eq!(json["error"], serde_json::Value::Null);
    assert_eq!(json["msg_id"], ID);
    assert_eq!(json["matched_index"], 0);

    bin().args(verify_args()).args(base).args(["--explain"]).write_stdin(BODY).assert().code(0).stdout(concat!(
        "Vérification pas à pas (profil strict, comme la crate Rust svix) :\n",
        "1. En-têtes (svix-* d'abord, sinon webhook-*) :\n",
        "   svix-id         = msg_p5jXN8AQM9LWM0D4loKWxJek\n",
        "   svix-timestamp  = 1614265330\n",
        "   svix-signature  = v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=\n",
        "2. Horodatage : 1614265330, il y a 10 s (tolérance : ± 300 s) → OK\n",
        "3. Corps : 20 octets, UTF-8 valide\n",
        "4. Clé : 24 octets décodés du base64 (après « whsec_ ») : 31f290f6…\n",
        "5. Contenu signé « id.horodatage.corps » (60 octets) :\n",
        "   msg_p5jXN8AQM9LWM0D4loKWxJek.1614265330.{\"test\": 2432232314}\n",
        "6. HMAC-SHA256 attendu : 83484cf52b04f8e4cf2531adfed9882ad4b2665137b852442d594d20e2c9d4e1\n",
        "   en base64 : v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=\n",
        "7. Entrées de la signature (1) :\n",
        "   [1] « v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE= » → ✓ identique à la signature attendue\n",
        "\n",
        "✓ signature valide : message « msg_p5jXN8AQM9LWM0D4loKWxJek », horodatage 1614265330 (il y a 10 s), entrée n°1 de l'en-tête de signature\n",
    ));
}

#[test]
fn verify_raw_request_captures() {
    let dir = tempfile::tempdir().expect("tempdir");
    let crlf = format!(
        "POST /api/webhooks HTTP/1.1\r\nHost: localhost:3000\r\nContent-Type: application/json\r\nSvix-Id: {ID}\r\nSvix-Timestamp: {TS}\r\nSvix-Signature: {SIG}\r\nContent-Length: 20\r\n\r\n{BODY}"
    );
    let lf = format!(
        "webhook-id: {ID}\nwebhook-timestamp: {TS}\nwebhook-signature: v1,AAAA {SIG}\n\n{BODY}"
    );
    for (name, text) in [("crlf.http", crlf.clone()), ("lf.http", lf)] {
        let path = write(dir.path(), name, text.as_bytes());
        bin()
            .args(verify_args())
            .args(["--request", &path])
            .assert()
            .code(0)
            .stderr("");
    }
    // An editor added a final newline: the body changed, and Content-Length says so.
    let path = write(dir.path(), "edited.http", format!("{crlf}\n").as_bytes());
    bin().args(verify_args()).args(["--request", &path]).assert().code(1).stderr(
        "attention : Content-Length annonce 20 octets mais le corps en fait 21 — un éditeur a peut-être ajouté ou retiré un retour à la ligne final ; la signature porte sur les octets exacts reçus\n",
    );
    let path = write(
        dir.path(),
        "garbage.http",
        b"svix-id: a\nthis line has no colon\n\nbody",
    );
    bin().args(verify_args()).args(["--request", &path]).assert().code(2).stderr(format!(
        "erreur : requête « {path} » : requête HTTP illisible à la ligne 2 : nom d'en-tête invalide (une ligne sans « : » ou avec un espace avant les deux-points ?)\n"
    ));
    let path = write(dir.path(), "nul.http", b"\x00\xff\xfe garbage");
    let out = bin()
        .args(verify_args())
        .args(["--request", &path])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2));
    assert!(!stderr(&out).contains("panicked"));
}

#[test]
fn verify_non_utf8_body_and_large_payload() {
    let secret = Secret::parse(SECRET).expect("valid");
    let body = b"{\"name\": \"Ren\xe9\"}";
    let sig = webhook::sign(&secret, ID, 1614265330, body);
    bin().args(verify_args()).args(["--id", ID, "--timestamp", TS, "--signature", &sig]).write_stdin(body.as_slice()).assert().code(1).stdout(
        "✗ signature rejetée : corps invalide : ce n'est pas de l'UTF-8 (octet invalide à la position 13) — Svix ne signe que du texte UTF-8 ; passez le corps brut reçu, sans conversion d'encodage\n",
    );

    let dir = tempfile::tempdir().expect("tempdir");
    let big: Vec<u8> = (0..10 * 1024 * 1024)
        .map(|i| b'a' + (i % 26) as u8)
        .collect();
    let file = write(dir.path(), "big.json", &big);
    let out = bin().args(sign_args(&file)).output().expect("runs");
    assert_eq!(out.status.code(), Some(0));
    let expected = webhook::sign(&secret, ID, 1614265330, &big);
    assert_eq!(
        stdout(&out).lines().nth(2),
        Some(format!("svix-signature: {expected}").as_str())
    );
    bin()
        .args(verify_args())
        .args([
            "--id",
            ID,
            "--timestamp",
            TS,
            "--signature",
            &expected,
            "--payload",
            &file,
            "--explain",
        ])
        .assert()
        .code(0);
}

#[test]
fn secret_command_prints_a_parseable_secret() {
    let out = bin().arg("secret").output().expect("runs");
    assert_eq!(out.status.code(), Some(0));
    let text = stdout(&out);
    let line = text.strip_suffix('\n').expect("one line");
    assert_eq!(line.len(), 38);
    assert_eq!(Secret::parse(line).map(|s| s.as_bytes().len()), Ok(24));
}

#[test]
fn garbage_never_panics() {
    let cases: [&[&str]; 5] = [
        &["sign", "--secret", "\u{1}\u{7f}é"],
        &["sign", "--secret", SECRET, "--id", "a\nb"],
        &[
            "verify",
            "--secret",
            SECRET,
            "--timestamp",
            "-99999999999999999999999",
            "--id",
            "é",
            "--signature",
            ",,, v1",
        ],
        &["verify", "--secret", SECRET, "--header", ":", "--id", "x"],
        &["verify", "--secret", "whsec_whsec_", "--id", "x"],
    ];
    for args in cases {
        let out = bin()
            .args(args)
            .args(["--now", "1"].iter().filter(|_| args[0] == "verify"))
            .write_stdin(&b"\xff\x00"[..])
            .output()
            .expect("runs");
        assert!(matches!(out.status.code(), Some(1 | 2)), "{args:?}");
        assert!(
            !stderr(&out).contains("panicked"),
            "{args:?}: {}",
            stderr(&out)
        );
        assert!(
            stderr(&out).starts_with("erreur : ") || stdout(&out).starts_with("✗ "),
            "{args:?}"
        );
    }
}

/// Class 3 for the files named on the command line: a directory and a file past 16 MiB
/// are refused with the reason, exit 2, by every command that reads a body or a request.
#[test]
fn named_inputs_that_are_folders_or_too_big_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let big = dir.path().join("big.json");
    // Sparse: 17 MiB announced, nothing written.
    std::fs::File::create(&big)
        .unwrap()
        .set_len(17 << 20)
        .unwrap();
    let secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    for (path, reason) in [
        (dir.path().to_path_buf(), "c'est un dossier, pas un fichier"),
        (big, "fichier trop gros (plus de 16\u{a0}Mio)"),
    ] {
        let p = path.to_str().unwrap();
        let runs: [(&[&str], &str); 4] = [
            (&["sign", "--secret", secret, "--payload", p], "le corps"),
            (
                &[
                    "verify",
                    "--secret",
                    secret,
                    "--id",
                    "a",
                    "--timestamp",
                    "1",
                    "--signature",
                    "v1,AAAA",
                    "--payload",
                    p,
                ],
                "le corps",
            ),
            (
                &["verify", "--secret", secret, "--request", p],
                "la requête",
            ),
            (
                &[
                    "send",
                    "http://127.0.0.1:9/",
                    "--secret",
                    secret,
                    "--payload",
                    p,
                ],
                "le corps",
            ),
        ];
        for (args, what) in runs {
            let out = bin().args(args).output().expect("runs");
            assert_eq!(out.status.code(), Some(2), "{args:?}");
            assert_eq!(
                stderr(&out),
                format!("erreur : impossible de lire {what} « {p} » : {reason}\n"),
                "{args:?}"
            );
        }
    }
}
