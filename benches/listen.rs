//! Requests per second of the `listen` receiver on loopback: 5,000 signed POSTs over
//! keep-alive connections (ureq agents), for a small body and for the realistic
//! `user.created` sample. Prints one line per case.
//!
//! Run: `cargo bench --bench listen`. Custom harness: a fixed run, not criterion sampling,
//! because the figure of interest is end-to-end throughput through real sockets.

// A bench prints its figures on the terminal that runs it.
#![allow(clippy::disallowed_macros)]

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use webhook_tutor::listen::{Listener, ListenerConfig};
use webhook_tutor::samples;
use webhook_tutor::webhook::{self, Secret};

const REQUESTS: usize = 5_000;
const SECRET: &str = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

fn main() {
    // `cargo test --benches` runs benches with --bench absent: keep that quick.
    let quick = !std::env::args().any(|a| a == "--bench");
    let requests = if quick { 200 } else { REQUESTS };
    let small = r#"{"type":"user.deleted","data":{"object":"user","id":"user_2g7np7Hrk0SN6kj5EDMLDaKNL0S","deleted":true}}"#;
    let sample = samples::find("user.created").map_or(small, |s| s.body);
    for (name, body) in [("petit corps", small), ("user.created", sample)] {
        for connections in [1, 4] {
            let (rate, accepted) = run(body, connections, requests);
            println!(
                "listen/{name} ({} octets), {connections} connexion(s) keep-alive : {rate:.0} req/s ({accepted}/{requests} acceptées)",
                body.len()
            );
        }
    }
}

fn run(body: &'static str, connections: usize, requests: usize) -> (f64, u64) {
    let secret = Secret::parse(SECRET).expect("valid secret");
    let accepted = Arc::new(AtomicU64::new(0));
    let counter = Arc::clone(&accepted);
    let listener = Listener::start_with(
        "127.0.0.1:0",
        ListenerConfig::new(secret.clone()),
        move |event| {
            if event.status == 204 {
                counter.fetch_add(1, Ordering::Relaxed);
            }
        },
    )
    .expect("listener starts");
    let url = format!("http://{}/api/webhooks", listener.local_addr());
    let per_connection = requests / connections;
    let start = Instant::now();
    let clients: Vec<_> = (0..connections)
        .map(|c| {
            let (url, secret) = (url.clone(), secret.clone());
            std::thread::Builder::new()
                .name(format!("bench-client-{c}"))
                .spawn(move || {
                    let agent: ureq::Agent = ureq::Agent::config_builder()
                        .http_status_as_error(false)
                        .timeout_global(Some(Duration::from_secs(30)))
                        .proxy(None)
                        .build()
                        .into();
                    for i in 0..per_connection {
                        let id = format!("msg_bench_{c}_{i}");
                        let ts = SystemTime::now()
                            .duration_since(UNIX_EPOCH)
                            .map_or(0, |d| d.as_secs() as i64);
                        let sig = webhook::sign(&secret, &id, ts, body.as_bytes());
                        let _ = agent
                            .post(&url)
                            .header("svix-id", &id)
                            .header("svix-timestamp", ts.to_string())
                            .header("svix-signature", &sig)
                            .header("content-type", "application/json")
                            .send(body);
                    }
                })
                .expect("client thread")
        })
        .collect();
    for client in clients {
        let _ = client.join();
    }
    let elapsed = start.elapsed();
    listener.stop();
    let total = (per_connection * connections) as f64;
    (
        total / elapsed.as_secs_f64(),
        accepted.load(Ordering::Relaxed),
    )
}
