//! Interoperability with the official PyPI `svix` library (pinned 2.9.1), both directions.
//!
//! The first run creates `target/interop-venv` and installs the package from PyPI; later runs
//! reuse it. All cases go through ONE Python process (tests/interop/oracle.py). Without
//! python3 or pip this test fails loudly: CI has both, and a silent pass would hide drift.

#[path = "common/interop_venv.rs"]
mod interop_venv;

use std::io::Write as _;

use std::process::{Command, Stdio};

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use serde_json::{Value, json};
use webhook_tutor::webhook::{self, Headers, Secret, WebhookError};

/// Runs every case through the Python oracle in one process.
fn run_oracle(cases: &[Value]) -> Vec<Value> {
    let mut child = Command::new(interop_venv::python())
        .arg(interop_venv::manifest_dir().join("tests/interop/oracle.py"))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("interop: oracle starts");
    let input = serde_json::to_vec(cases).expect("cases serialize");
    child
        .stdin
        .take()
        .expect("stdin piped")
        .write_all(&input)
        .expect("oracle reads its cases");
    let out = child.wait_with_output().expect("oracle finishes");
    assert!(
        out.status.success(),
        "oracle failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let value: Value = serde_json::from_slice(&out.stdout).expect("oracle prints JSON");
    assert_eq!(value["svix_version"], interop_venv::SVIX_VERSION);
    let results = value["results"].as_array().expect("results").clone();
    assert_eq!(results.len(), cases.len());
    results
}

/// SplitMix64: a deterministic generator, so failures reproduce.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
    fn bytes(&mut self, len: usize) -> Vec<u8> {
        (0..len).map(|_| self.next() as u8).collect()
    }
    fn secret(&mut self) -> Secret {
        let len = if self.below(2) == 0 {
            24
        } else {
            1 + self.below(64) as usize
        };
        Secret::from_bytes(self.bytes(len)).expect("non-empty")
    }
    fn msg_id(&mut self) -> String {
        const B62: &[u8] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
        let tail: String = (0..27)
            .map(|_| B62[self.below(62) as usize] as char)
            .collect();
        format!("msg_{tail}")
    }
    /// JSON-ish UTF-8 text with accents, emoji, quotes, dots, newlines.
    fn body(&mut self) -> String {
        const PARTS: &[&str] = &[
            "{\"type\":\"user.created\"",
            ",\"data\":{",
            "\"id\":\"user_29w83sxmDNGwOuEthce5gg56FcC\"",
            "\"first_name\":\"Élodie\"",
            " ",
            "\n",
            "\t",
            ".",
            "é",
            "💡",
            "\\\"",
            "}",
            "0123",
            "\u{0}",
        ];
        (0..self.below(40))
            .map(|_| PARTS[self.below(PARTS.len() as u64) as usize])
            .collect()
    }
}

fn rust_verdict(result: &Result<webhook::Verified, WebhookError>) -> &'static str {
    match result {
        Ok(_) => "ok",
        Err(e) => e.code(),
    }
}

/// What the Python error text means in the strict profile's vocabulary.
fn python_verdict(result: &Value) -> &'static str {
    if result["ok"] == true {
        return "ok";
    }
    match result["error"].as_str().unwrap_or_default() {
        "WebhookVerificationError: Message timestamp too old" => "timestamp_too_old",
        "WebhookVerificationError: Message timestamp too new" => "timestamp_too_new",
        "WebhookVerificationError: No matching signature found" => "no_matching_signature",
        "WebhookVerificationError: Missing required headers" => "missing_header",
        other => panic!("unexpected Python error {other:?}"),
    }
}

fn header_map(headers: &Headers) -> Value {
    Value::Object(
        headers
            .iter()
            .map(|(n, v)| (n.to_owned(), json!(v)))
            .collect(),
    )
}

#[test]
fn rust_signs_python_verifies() {
    let mut rng = Rng(0x5EED_0001);
    let mut cases = Vec::new();
    let mut expected = Vec::new();
    for i in 0..300 {
        let secret = rng.secret();
        let msg_id = rng.msg_id();
        let ts = 1_000_000_000 + rng.below(1_000_000_000) as i64;
        let mut body = rng.body().into_bytes();
        let mut now = ts + rng.below(601) as i64 - 300;
        let mut verify_secret = secret.clone();
        let mut signature = webhook::sign(&secret, &msg_id, ts, &body);
        let mut header_ts = ts;
        let mut want = "ok";
        match i % 10 {
            // Rotation: the endpoint's current secret is either entry.
            1 => {
                let other = rng.secret();
                let mut secrets = vec![other, secret.clone()];
                if rng.below(2) == 0 {
                    secrets.reverse();
                }
                signature = webhook::sign_many(&secrets, &msg_id, ts, &body);
            }
            // Decoys: random v1 MACs and the right MAC under an unknown version.
            2 => {
                let decoy = |rng: &mut Rng| format!("v1,{}", STANDARD.encode(rng.bytes(32)));
                let right = signature.trim_start_matches("v1,").to_owned();
                signature = format!(
                    "{} v2,{right} {} {signature}",
                    decoy(&mut rng),
                    decoy(&mut rng)
                );
            }
            3 => {
                signature = format!(
                    "v1,{} v2,{}",
                    STANDARD.encode(rng.bytes(32)),
                    signature.trim_start_matches("v1,")
                );
                want = "no_matching_signature";
            }
            // Boundaries: exactly 300 s either way passes, 301 s fails.
            4 => now = ts + 300,
            5 => now = ts - 300,
            6 => {
                now = ts + 301;
                want = "timestamp_too_old";
            }
            7 => {
                now = ts - 301;
                want = "timestamp_too_new";
            }
            // Tampering: one more byte of body, another secret, a shifted timestamp.
            8 => {
                match rng.below(3) {
                    0 => body.extend_from_slice(b" "),
                    1 => verify_secret = rng.secret(),
                    _ => header_ts += 1,
                }
                want = "no_matching_signature";
            }
            _ => {}
        }
        let style = ["svix", "webhook", "Svix", "WEBHOOK"][rng.below(4) as usize];
        let headers = Headers::new()
            .with(format!("{style}-id"), msg_id.as_str())
            .with(format!("{style}-timestamp"), header_ts.to_string())
            .with(format!("{style}-signature"), signature.as_str());
        let rust = webhook::verify(&verify_secret, &headers, &body, now);
        assert_eq!(
            rust_verdict(&rust),
            want,
            "case {i}: Rust disagrees with the case's intent"
        );
        cases.push(json!({
            "op": "verify",
            "secret": verify_secret.to_whsec(),
            "headers": header_map(&headers),
            "body_b64": STANDARD.encode(&body),
            "now": now,
        }));
        expected.push(want);
    }
    let results = run_oracle(&cases);
    for (i, (result, want)) in results.iter().zip(&expected).enumerate() {
        assert_eq!(
            python_verdict(result),
            *want,
            "case {i}: {} -> {result}",
            cases[i]
        );
    }
}

#[test]
fn python_signs_rust_verifies() {
    let mut rng = Rng(0x5EED_0002);
    let mut cases = Vec::new();
    let mut inputs = Vec::new();
    for _ in 0..300 {
        let secret = rng.secret();
        let msg_id = rng.msg_id();
        let ts = rng.below(4_000_000_000) as i64;
        let body = rng.body();
        cases.push(json!({
            "op": "sign",
            "secret": secret.to_whsec(),
            "msg_id": msg_id,
            "timestamp": ts,
            "body": body,
        }));
        inputs.push((secret, msg_id, ts, body));
    }
    // The official test vector, with and without the prefix.
    for text in [
        "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
        "MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
    ] {
        let secret = Secret::parse(text).expect("canonical");
        let (id, body) = (
            "msg_p5jXN8AQM9LWM0D4loKWxJek".to_owned(),
            r#"{"test": 2432232314}"#.to_owned(),
        );
        cases.push(json!({"op": "sign", "secret": text, "msg_id": id, "timestamp": 1614265330, "body": body}));
        inputs.push((secret, id, 1614265330, body));
    }
    let results = run_oracle(&cases);
    for (i, (result, (secret, msg_id, ts, body))) in results.iter().zip(&inputs).enumerate() {
        let signature = result["signature"].as_str().expect("signature");
        assert_eq!(
            signature,
            webhook::sign(secret, msg_id, *ts, body.as_bytes()),
            "case {i}"
        );
        let headers = Headers::svix(msg_id, *ts, signature);
        let verified = webhook::verify(secret, &headers, body.as_bytes(), *ts + 17)
            .expect("Python's signature verifies");
        assert_eq!(
            (verified.msg_id.as_str(), verified.timestamp),
            (msg_id.as_str(), *ts)
        );
    }
    assert_eq!(
        results.last().and_then(|r| r["signature"].as_str()),
        Some("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=")
    );
}
