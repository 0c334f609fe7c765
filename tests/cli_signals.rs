//! Class 7 of shared/reliability.md with a real process under a pseudo-terminal
//! (tests/support/pty_signal.py, Python's standard `pty` module): SIGTERM, SIGHUP,
//! SIGINT and SIGQUIT sent to the interface restore the terminal (raw mode off, main
//! screen, cursor shown, bracketed paste off) and the process exits with 128 + the signal
//! number.

use std::process::Command;

fn under_pty(signal: i32, args: &[&str]) -> serde_json::Value {
    let script = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/support/pty_signal.py");
    let out = Command::new("python3")
        .arg(script)
        .arg(signal.to_string())
        .arg(assert_cmd::cargo::cargo_bin("webhook-tutor"))
        .args(args)
        .env("TERM", "xterm-256color")
        .env_remove("WEBHOOK_TUTOR_COURSE")
        .env_remove("WEBHOOK_TUTOR_DATA")
        .output()
        .expect("python3 is needed to run the interface under a pseudo-terminal");
    let text = String::from_utf8_lossy(&out.stdout);
    serde_json::from_str(&text).unwrap_or_else(|e| {
        panic!(
            "pty_signal.py: {e}: {text}{}",
            String::from_utf8_lossy(&out.stderr)
        )
    })
}

#[test]
fn every_stop_signal_restores_the_terminal_and_exits_128_plus_n() {
    let data = tempfile::tempdir().unwrap();
    let data = data.path().display().to_string();
    for (signal, screen) in [
        (15, None),
        (1, Some("sandbox")),
        (2, None),
        (3, Some("sandbox")),
    ] {
        let mut args = vec!["--data-dir", &data];
        args.extend(screen);
        assert_eq!(
            under_pty(signal, &args),
            serde_json::json!({
                "raw_before": true,
                "exit_code": 128 + signal,
                "left_alternate_screen": true,
                "cursor_shown": true,
                "paste_on_before": true,
                "paste_off_after": true,
                "canonical": true,
                "echo": true,
            }),
            "signal {signal} on {screen:?}"
        );
    }
}
