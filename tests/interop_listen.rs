//! A request signed by the OFFICIAL PyPI `svix` library (Webhook.sign) and posted with urllib
//! is accepted by `listen` (204); the same request signed with another secret is rejected (400).

#[path = "common/interop_venv.rs"]
mod interop_venv;
#[path = "common/listen_process.rs"]
mod listen_process;

use std::process::Command;

use listen_process::ListenProcess;
use serde_json::Value;
use webhook_tutor::samples;

const SECRET: &str = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
const OTHER_SECRET: &str = "whsec_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";

fn python_post(url: &str, secret: &str, msg_id: &str, body: &[u8]) -> Value {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("body.json");
    std::fs::write(&path, body).unwrap();
    let script = interop_venv::manifest_dir().join("tests/interop/post_signed.py");
    let out = Command::new(interop_venv::python())
        .arg(script)
        .args([url, secret, msg_id])
        .arg(&path)
        .output()
        .expect("python runs");
    assert!(
        out.status.success(),
        "post_signed.py failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("one JSON line")
}

#[test]
fn python_svix_signed_requests_are_judged_like_svix_would() {
    let listen = ListenProcess::start(Some(SECRET), 3);
    assert_eq!(listen.start["secret"], SECRET);
    let body = samples::find("user.created").unwrap().body.as_bytes();
    let url = listen.url();

    let ok = python_post(&url, SECRET, "msg_python_1", body);
    assert_eq!(ok["status"], 204, "{ok}");
    assert!(ok["signature"].as_str().unwrap().starts_with("v1,"));

    let dup = python_post(&url, SECRET, "msg_python_1", body);
    assert_eq!(dup["status"], 200, "{dup}");

    let wrong = python_post(&url, OTHER_SECRET, "msg_python_2", body);
    assert_eq!(wrong["status"], 400, "{wrong}");
    assert!(
        wrong["body"]
            .as_str()
            .unwrap()
            .starts_with("aucune signature ne correspond")
    );

    let log = listen.finish();
    let seen: Vec<(&Value, &Value, &Value)> = log
        .iter()
        .map(|l| (&l["msg_id"], &l["verdict"], &l["type"]))
        .collect();
    assert_eq!(
        seen,
        [
            (
                &"msg_python_1".into(),
                &"accepted".into(),
                &"user.created".into()
            ),
            (
                &"msg_python_1".into(),
                &"duplicate".into(),
                &"user.created".into()
            ),
            (
                &"msg_python_2".into(),
                &"rejected".into(),
                &"user.created".into()
            ),
        ]
    );
    assert_eq!(log[2]["error"], "no_matching_signature");
}
