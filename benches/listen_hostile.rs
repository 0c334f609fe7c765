//! `listen` under hostile clients, measured end to end on loopback (a fixed run, not criterion
//! sampling: the figures of interest are latencies through real sockets and whether the real
//! binary survives).
//!
//! 1. Slow clients: 8 connections send their headers and then stall their bodies; the latency
//!    of 5 valid signed requests sent meanwhile (median and worst).
//! 2. Descriptor pressure: the real binary under `prlimit --nofile=32`, 100 connections held
//!    open at once; how many got an answer, whether the process is still running, and the
//!    latency of a valid request once the pressure is gone.
//!
//! Run: `cargo bench --bench listen_hostile`.

// A bench prints its figures; a failed write there has no user to protect.
#![allow(clippy::disallowed_macros)]

use std::io::{BufRead as _, BufReader, Read as _, Write as _};
use std::net::{SocketAddr, TcpStream};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use webhook_tutor::listen::{Listener, ListenerConfig};
use webhook_tutor::webhook::{self, Secret};

const SECRET: &str = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
const BODY: &str = r#"{"type":"user.created","data":{"id":"user_1"}}"#;

fn main() {
    let quick = !std::env::args().any(|a| a == "--bench");
    slow_clients(if quick { 1 } else { 5 });
    descriptor_pressure(if quick { 40 } else { 100 });
}

fn signed(id: &str) -> Vec<u8> {
    let secret = Secret::parse(SECRET).expect("valid secret");
    let ts = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() as i64);
    let sig = webhook::sign(&secret, id, ts, BODY.as_bytes());
    format!(
        "POST /api/webhooks HTTP/1.1\r\nHost: x\r\nConnection: close\r\nsvix-id: {id}\r\nsvix-timestamp: {ts}\r\nsvix-signature: {sig}\r\nContent-Length: {}\r\n\r\n{BODY}",
        BODY.len()
    )
    .into_bytes()
}

/// Sends one valid request; the status line's code and how long the answer took.
fn timed_valid(addr: SocketAddr, id: &str) -> (String, Duration) {
    let start = Instant::now();
    let Ok(mut stream) = TcpStream::connect(addr) else {
        return ("connexion refusée".into(), start.elapsed());
    };
    let _ = stream.set_read_timeout(Some(Duration::from_secs(30)));
    let _ = stream.write_all(&signed(id));
    let mut out = Vec::new();
    let _ = stream.read_to_end(&mut out);
    let text = String::from_utf8_lossy(&out);
    let status = text.get(9..12).unwrap_or("aucune réponse").to_owned();
    (status, start.elapsed())
}

fn slow_clients(rounds: usize) {
    let secret = Secret::parse(SECRET).expect("valid secret");
    let listener = Listener::start_with("127.0.0.1:0", ListenerConfig::new(secret), |_| {})
        .expect("listener starts");
    let addr = listener.local_addr();
    let stalled: Vec<TcpStream> = (0..8)
        .filter_map(|_| {
            let mut s = TcpStream::connect(addr).ok()?;
            s.write_all(
                b"POST /api/webhooks HTTP/1.1\r\nHost: x\r\nContent-Length: 5000\r\n\r\n{\"a\":",
            )
            .ok()?;
            Some(s)
        })
        .collect();
    std::thread::sleep(Duration::from_millis(200));
    let mut times = Vec::new();
    let mut statuses = Vec::new();
    for i in 0..rounds {
        let (status, took) = timed_valid(addr, &format!("msg_slow_{i}"));
        statuses.push(status);
        times.push(took);
    }
    times.sort();
    println!(
        "listen/8 clients bloqués : requête valide servie en {:.0} ms (médiane), {:.0} ms (pire), statuts {statuses:?}",
        times[times.len() / 2].as_secs_f64() * 1000.0,
        times[times.len() - 1].as_secs_f64() * 1000.0,
    );
    drop(stalled);
    listener.stop();
}

fn descriptor_pressure(hogs: usize) {
    let mut child = Command::new("prlimit")
        .args(["--nofile=32:32", "--"])
        .arg(env!("CARGO_BIN_EXE_webhook-tutor"))
        .args(["listen", "--port", "0", "--json", "--secret", SECRET])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("prlimit (util-linux) runs webhook-tutor listen");
    let mut stdout = BufReader::new(child.stdout.take().expect("stdout"));
    let mut first = String::new();
    stdout.read_line(&mut first).expect("start line");
    let start: serde_json::Value = serde_json::from_str(&first).expect("JSON start line");
    let base = start["listening"].as_str().expect("listening");
    let addr: SocketAddr = base.trim_start_matches("http://").parse().expect("address");
    let mut held = Vec::new();
    let mut answered = 0;
    for _ in 0..hogs {
        if let Ok(s) = TcpStream::connect_timeout(&addr, Duration::from_secs(1)) {
            held.push(s);
        }
    }
    for s in &mut held {
        let _ = s.set_read_timeout(Some(Duration::from_millis(50)));
        let mut buf = [0u8; 12];
        if s.read(&mut buf).is_ok_and(|n| n > 0) {
            answered += 1;
        }
    }
    let during = child.try_wait().expect("try_wait");
    drop(held);
    std::thread::sleep(Duration::from_millis(300));
    let (status, took) = timed_valid(addr, "msg_after_pressure");
    let after = child.try_wait().expect("try_wait");
    println!(
        "listen/limite de 32 descripteurs, {hogs} connexions tenues : {answered} ont reçu une réponse immédiate ; processus pendant : {}, après : {} ; requête valide ensuite : {status} en {:.0} ms",
        during.map_or_else(|| "en marche".to_owned(), |s| format!("terminé ({s})")),
        after.map_or_else(|| "en marche".to_owned(), |s| format!("terminé ({s})")),
        took.as_secs_f64() * 1000.0
    );
    let _ = child.kill();
    let _ = child.wait();
    let mut err = String::new();
    if let Some(mut e) = child.stderr.take() {
        let _ = e.read_to_string(&mut err);
    }
    if let Some(line) = err.lines().next() {
        println!("listen/premier message d'erreur : {line}");
    }
}
