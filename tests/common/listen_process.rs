//! Runs `webhook-tutor listen --port 0 --json --max-requests N` as a child process and
//! collects its JSON log.

use std::io::{BufRead as _, BufReader};
use std::process::{Child, ChildStdout, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::Value;

pub struct ListenProcess {
    child: Child,
    stdout: BufReader<ChildStdout>,
    pub base: String,
    pub start: Value,
}

impl ListenProcess {
    pub fn start(secret: Option<&str>, max_requests: u64) -> Self {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_webhook-tutor"));
        cmd.args(["listen", "--port", "0", "--json", "--max-requests"])
            .arg(max_requests.to_string())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit());
        if let Some(secret) = secret {
            cmd.args(["--secret", secret]);
        }
        let mut child = cmd.spawn().expect("webhook-tutor listen starts");
        let mut stdout = BufReader::new(child.stdout.take().expect("piped stdout"));
        let mut first = String::new();
        stdout.read_line(&mut first).expect("first line");
        let start: Value = serde_json::from_str(&first).expect("JSON start line");
        let base = start["listening"].as_str().expect("listening").to_owned();
        Self {
            child,
            stdout,
            base,
            start,
        }
    }

    pub fn url(&self) -> String {
        format!("{}/api/webhooks", self.base)
    }

    /// Waits (at most 30 s) for the listener to exit after its last request; its JSON lines.
    pub fn finish(mut self) -> Vec<Value> {
        let deadline = Instant::now() + Duration::from_secs(30);
        loop {
            if let Some(status) = self.child.try_wait().expect("try_wait") {
                assert!(status.success(), "listen exited with {status}");
                break;
            }
            if Instant::now() > deadline {
                let _ = self.child.kill();
                panic!("listen did not stop after --max-requests");
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        (&mut self.stdout)
            .lines()
            .map(|l| serde_json::from_str(&l.expect("line")).expect("JSON line"))
            .collect()
    }
}

impl Drop for ListenProcess {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
