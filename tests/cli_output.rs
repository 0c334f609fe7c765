//! Class 1 of shared/reliability.md through the real binary: every command's output
//! goes through one path, so a reader that left (`| head`, `| true`) ends the command
//! quietly with 0, and a full or failing output (`> /dev/full`) gives a French message
//! and exit 2. None of them may panic (exit 101).

#[path = "common/closed_output.rs"]
mod closed_output;
// Only the listener's address is used here.
#[allow(dead_code)]
#[path = "common/listen_process.rs"]
mod listen_process;

use closed_output::{FULL, assert_full_or_quiet, full_or_closed};

use std::process::{Command, Stdio};

const SECRET: &str = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

/// Every command that prints, with arguments that make it print.
fn commands(data: &str) -> Vec<Vec<String>> {
    let course = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/quiz-course");
    let sets: Vec<Vec<&str>> = vec![
        vec!["secret"],
        vec!["sign", "--secret", SECRET, "--payload", "/dev/null"],
        vec![
            "sign",
            "--secret",
            SECRET,
            "--payload",
            "/dev/null",
            "--json",
        ],
        vec![
            "verify",
            "--secret",
            SECRET,
            "--id",
            "msg_1",
            "--timestamp",
            "1",
            "--signature",
            "v1,AAAA",
            "--payload",
            "/dev/null",
            "--now",
            "1",
        ],
        vec!["sandbox", "--scenario", "replay", "--plain"],
        vec!["--data-dir", data, "results"],
        vec!["--data-dir", data, "results", "--format", "csv"],
        vec!["--data-dir", data, "progress"],
        vec!["--data-dir", data, "progress", "--json"],
        vec!["--data-dir", data, "progress", "--reset", "--yes"],
        vec!["check"],
        vec!["read", "0"],
        vec!["render", "README.md"],
        vec![
            "--course",
            course,
            "--data-dir",
            data,
            "quiz",
            "--plain",
            "--seed",
            "1",
        ],
        vec!["sign", "--help"],
        vec!["--version"],
    ];
    sets.into_iter()
        .map(|s| s.into_iter().map(String::from).collect())
        .collect()
}

fn tutor(args: &[String]) -> Command {
    let mut cmd = Command::new(assert_cmd::cargo::cargo_bin("webhook-tutor"));
    cmd.env_remove("WEBHOOK_TUTOR_COURSE")
        .env_remove("WEBHOOK_TUTOR_DATA")
        .env("NO_COLOR", "1")
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args(args)
        .stdin(Stdio::null());
    cmd
}

#[test]
fn a_full_output_is_a_french_error_with_exit_2() {
    let data = tempfile::tempdir().unwrap();
    for args in commands(&data.path().display().to_string()) {
        let full = std::fs::OpenOptions::new()
            .write(true)
            .open("/dev/full")
            .expect("/dev/full is needed to simulate a full disk");
        let out = tutor(&args).stdout(full).output().unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {stderr}");
        assert!(
            stderr
                .lines()
                .last()
                .is_some_and(|l| l.starts_with("erreur : "))
                && stderr.ends_with(FULL),
            "{args:?}: {stderr}"
        );
    }
}

#[test]
fn a_reader_that_left_ends_every_command_quietly_with_0() {
    let data = tempfile::tempdir().unwrap();
    for args in commands(&data.path().display().to_string()) {
        // The read end is closed before the command starts: its first write fails.
        let (reader, writer) = std::io::pipe().unwrap();
        drop(reader);
        let out = tutor(&args).stdout(writer).output().unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(0), "{args:?}: {stderr}");
        assert!(!stderr.contains("erreur"), "{args:?}: {stderr}");
        assert!(!stderr.contains("panicked"), "{args:?}: {stderr}");
    }
}

#[test]
fn a_closed_stderr_never_panics() {
    let data = tempfile::tempdir().unwrap();
    let args: Vec<String> = [
        "--data-dir",
        &data.path().display().to_string(),
        "progress",
        "--reset",
    ]
    .map(String::from)
    .to_vec();
    // Refused (stdin is not a terminal): the message cannot be shown, the code still tells.
    let full = std::fs::OpenOptions::new()
        .write(true)
        .open("/dev/full")
        .unwrap();
    let out = tutor(&args).stderr(full).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
}

/// `listen` and `send`, which need a network peer, on the same two outputs: a full disk is
/// a French error and 2, a reader that left a quiet 0 (both stop at their first line:
/// `send` prints what it sends before sending it).
#[test]
fn listen_and_send_on_a_full_or_closed_output() {
    for full in [true, false] {
        let args: Vec<String> = ["listen", "--port", "0", "--secret", SECRET]
            .map(String::from)
            .to_vec();
        let out = tutor(&args).stdout(full_or_closed(full)).output().unwrap();
        assert_full_or_quiet(&out, full);

        let listen = listen_process::ListenProcess::start(Some(SECRET), 1);
        let args: Vec<String> = ["send", &listen.url(), "--secret", SECRET]
            .map(String::from)
            .to_vec();
        let out = tutor(&args).stdout(full_or_closed(full)).output().unwrap();
        assert_full_or_quiet(&out, full);
        drop(listen);
    }
}
