//! The library `Listener` in-process: malformed, truncated, oversized and slow requests, then
//! a bounded load test. After each abuse the listener must still answer a valid request.

use std::io::{Read as _, Write as _};
use std::net::{SocketAddr, TcpStream};
use std::sync::mpsc::Receiver;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use webhook_tutor::listen::{Listener, ListenerConfig, ReceivedEvent, Rejection, Verdict};
use webhook_tutor::webhook::{self, Secret, WebhookError};

const SECRET: &str = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
const BODY: &str = r#"{"type":"user.created","data":{"id":"user_1"}}"#;

fn secret() -> Secret {
    Secret::parse(SECRET).unwrap()
}

fn now() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64
}

fn start(config: ListenerConfig) -> (Listener, Receiver<ReceivedEvent>) {
    let (tx, rx) = std::sync::mpsc::channel();
    let listener = Listener::start_with("127.0.0.1:0", config, move |e| {
        let _ = tx.send(e);
    })
    .unwrap();
    (listener, rx)
}

fn next(rx: &Receiver<ReceivedEvent>) -> ReceivedEvent {
    rx.recv_timeout(Duration::from_secs(20)).expect("an event")
}

/// Sends raw bytes, half-closes, returns everything the server sent back.
fn raw(addr: SocketAddr, bytes: &[u8]) -> String {
    let mut stream = TcpStream::connect(addr).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(20)))
        .unwrap();
    let _ = stream.write_all(bytes);
    let _ = stream.shutdown(std::net::Shutdown::Write);
    let mut out = Vec::new();
    let _ = stream.read_to_end(&mut out);
    String::from_utf8_lossy(&out).into_owned()
}

fn signed_request(msg_id: &str, body: &str) -> Vec<u8> {
    let ts = now();
    let sig = webhook::sign(&secret(), msg_id, ts, body.as_bytes());
    format!(
        "POST /api/webhooks HTTP/1.1\r\nHost: x\r\nConnection: close\r\nsvix-id: {msg_id}\r\nsvix-timestamp: {ts}\r\nsvix-signature: {sig}\r\ncontent-type: application/json\r\nContent-Length: {}\r\n\r\n{body}",
        body.len()
    )
    .into_bytes()
}

/// The listener still verifies a good request after whatever came before.
fn assert_still_serving(listener: &Listener, rx: &Receiver<ReceivedEvent>, id: &str) {
    let reply = raw(listener.local_addr(), &signed_request(id, BODY));
    assert!(reply.starts_with("HTTP/1.1 204 "), "{reply}");
    let event = next(rx);
    assert_eq!(event.verdict, Verdict::Accepted);
    assert_eq!(event.msg_id.as_deref(), Some(id));
    assert_eq!(event.event_type.as_deref(), Some("user.created"));
}

#[test]
fn garbage_and_truncated_requests_do_not_stop_the_listener() {
    let (listener, rx) = start(ListenerConfig::new(secret()));
    let addr = listener.local_addr();
    let reply = raw(addr, b"\x00\xff\xfe garbage \r\n\r\n");
    assert!(
        reply.is_empty() || reply.starts_with("HTTP/1.1 400"),
        "{reply}"
    );
    let reply = raw(addr, b"NOT-HTTP\r\n\r\n");
    assert!(
        reply.is_empty() || reply.starts_with("HTTP/1.1 400"),
        "{reply}"
    );
    // Cut in the middle of the headers: nothing reaches the handler.
    raw(
        addr,
        b"POST /api/webhooks HTTP/1.1\r\nHost: x\r\nContent-Len",
    );
    // Cut in the middle of the body: 400, reported with the reason.
    let mut cut = signed_request("msg_cut", BODY);
    cut.truncate(cut.len() - 10);
    let reply = raw(addr, &cut);
    assert!(reply.starts_with("HTTP/1.1 400 "), "{reply}");
    let event = next(&rx);
    assert_eq!(event.msg_id.as_deref(), Some("msg_cut"));
    assert_eq!(
        event.verdict,
        Verdict::Rejected(Rejection::BodyUnreadable {
            reason: format!(
                "connexion fermée par le client après {} octets de corps",
                BODY.len() - 10
            )
        })
    );
    assert_still_serving(&listener, &rx, "msg_after_garbage");
    assert!(rx.try_recv().is_err(), "no other event");
    listener.stop();
}

#[test]
fn missing_headers_get_400_with_the_reason() {
    let (listener, rx) = start(ListenerConfig::new(secret()));
    let reply = raw(
        listener.local_addr(),
        b"POST /api/webhooks HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Length: 2\r\n\r\n{}",
    );
    assert!(reply.starts_with("HTTP/1.1 400 "), "{reply}");
    assert!(reply.contains("X-Webhook-Tutor-Error: missing_header"));
    assert!(reply.contains("en-tête « svix-id » manquant"));
    let event = next(&rx);
    assert_eq!(event.status, 400);
    assert_eq!(
        event.verdict,
        Verdict::Rejected(Rejection::Signature(WebhookError::MissingHeader {
            header: webhook::HeaderField::Id
        }))
    );
    assert_still_serving(&listener, &rx, "msg_after_missing");
}

#[test]
fn non_post_gets_405() {
    let (listener, rx) = start(ListenerConfig::new(secret()));
    let reply = raw(
        listener.local_addr(),
        b"GET /api/webhooks HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
    );
    assert!(reply.starts_with("HTTP/1.1 405 "), "{reply}");
    assert!(reply.contains("Allow: POST"));
    assert_eq!(
        next(&rx).verdict,
        Verdict::Rejected(Rejection::MethodNotAllowed {
            method: "GET".into()
        })
    );
}

#[test]
fn two_mib_body_gets_413() {
    let (listener, rx) = start(ListenerConfig::new(secret()));
    let body = "a".repeat(2 * 1024 * 1024);
    let reply = raw(listener.local_addr(), &signed_request("msg_big", &body));
    assert!(reply.starts_with("HTTP/1.1 413 "), "{reply}");
    let event = next(&rx);
    assert_eq!(event.status, 413);
    assert_eq!(
        event.verdict,
        Verdict::Rejected(Rejection::BodyTooLarge { limit: 1024 * 1024 })
    );
    assert_still_serving(&listener, &rx, "msg_after_big");
}

#[test]
fn chunked_body_over_the_limit_gets_413() {
    let (listener, rx) = start(ListenerConfig {
        max_body: 1000,
        ..ListenerConfig::new(secret())
    });
    let mut req = b"POST /api/webhooks HTTP/1.1\r\nHost: x\r\nConnection: close\r\nTransfer-Encoding: chunked\r\n\r\n".to_vec();
    for _ in 0..3 {
        req.extend_from_slice(b"200\r\n");
        req.extend_from_slice(&[b'a'; 0x200]);
        req.extend_from_slice(b"\r\n");
    }
    req.extend_from_slice(b"0\r\n\r\n");
    let reply = raw(listener.local_addr(), &req);
    assert!(reply.starts_with("HTTP/1.1 413 "), "{reply}");
    assert_eq!(next(&rx).status, 413);
}

#[test]
fn absurd_content_length_is_refused_without_crashing() {
    // tiny_http 0.12 allocated the declared length at once when dropping such a request.
    let (listener, rx) = start(ListenerConfig::new(secret()));
    let mut stream = TcpStream::connect(listener.local_addr()).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(20)))
        .unwrap();
    stream
        .write_all(
            b"POST /api/webhooks HTTP/1.1\r\nHost: x\r\nContent-Length: 1000000000000\r\n\r\nabc",
        )
        .unwrap();
    let mut head = [0u8; 12];
    stream.read_exact(&mut head).unwrap();
    assert_eq!(&head, b"HTTP/1.1 413");
    assert_eq!(next(&rx).status, 413);
    // Answered, then closed: the server reads a little of the rest and hangs up.
    let mut rest = Vec::new();
    let _ = stream.read_to_end(&mut rest);
    assert!(String::from_utf8_lossy(&rest).contains("Connection: close"));
    assert_still_serving(&listener, &rx, "msg_after_absurd");
}

#[test]
fn a_stalled_body_gets_408_and_frees_its_connection() {
    let (listener, rx) = start(ListenerConfig {
        body_timeout: Duration::from_millis(300),
        max_connections: 1,
        ..ListenerConfig::new(secret())
    });
    let mut stalled = TcpStream::connect(listener.local_addr()).unwrap();
    stalled
        .write_all(b"POST /api/webhooks HTTP/1.1\r\nHost: x\r\nContent-Length: 5000\r\n\r\nonly a few bytes")
        .unwrap();
    let event = next(&rx);
    assert_eq!(event.status, 408);
    assert_eq!(
        event.verdict,
        Verdict::Rejected(Rejection::BodyTimeout {
            timeout: Duration::from_millis(300)
        })
    );
    // The client is told, and the only connection place is free again.
    stalled
        .set_read_timeout(Some(Duration::from_secs(20)))
        .unwrap();
    let mut reply = String::new();
    let _ = stalled.read_to_string(&mut reply);
    assert!(
        reply.starts_with("HTTP/1.1 408 Request Timeout\r\n"),
        "{reply}"
    );
    while listener.open_connections() > 0 {
        std::thread::sleep(Duration::from_millis(10));
    }
    assert_still_serving(&listener, &rx, "msg_after_stall");
}

#[test]
fn stop_closes_the_event_channel() {
    let (listener, rx) = Listener::start("127.0.0.1:0", secret(), 1024).unwrap();
    assert_still_serving(&listener, &rx, "msg_before_stop");
    assert_eq!(listener.handled(), 1);
    listener.stop();
    assert!(rx.recv_timeout(Duration::from_secs(5)).is_err());
}

#[test]
fn max_requests_finishes_the_listener() {
    let (listener, rx) = start(ListenerConfig {
        max_requests: Some(2),
        ..ListenerConfig::new(secret())
    });
    assert_still_serving(&listener, &rx, "msg_1");
    assert_still_serving(&listener, &rx, "msg_2");
    listener.wait();
    assert!(rx.recv_timeout(Duration::from_secs(5)).is_err());
}

/// Request `j` of a load thread: which id it uses, whether its signature is forged, and the
/// status a correct endpoint answers. Every tenth request repeats the previous id: a
/// duplicate (200) unless that previous one was forged and so never processed (204).
fn plan(j: usize) -> (usize, bool, u16) {
    let forged = |j: usize| j % 10 != 9 && j.is_multiple_of(3);
    if j % 10 == 9 {
        (j - 1, false, if forged(j - 1) { 204 } else { 200 })
    } else if forged(j) {
        (j, true, 400)
    } else {
        (j, false, 204)
    }
}

/// 2,000 requests over 16 keep-alive connections: every third one is forged (400), every
/// tenth repeats the previous id (200), the rest are valid (204).
#[test]
fn bounded_load_every_verdict_is_right() {
    const THREADS: usize = 16;
    const PER_THREAD: usize = 125;
    let (listener, rx) = start(ListenerConfig::new(secret()));
    let url = format!("http://{}/api/webhooks", listener.local_addr());
    let handles: Vec<_> = (0..THREADS)
        .map(|t| {
            let url = url.clone();
            std::thread::Builder::new()
                .name(format!("load-{t}"))
                .spawn(move || {
                    let agent: ureq::Agent = ureq::Agent::config_builder()
                        .http_status_as_error(false)
                        .timeout_global(Some(Duration::from_secs(30)))
                        .proxy(None)
                        .build()
                        .into();
                    let secret = secret();
                    let mut wrong = Vec::new();
                    for j in 0..PER_THREAD {
                        let (source, forged, expected) = plan(j);
                        let id = format!("msg_t{t}_{source}");
                        let ts = now();
                        let mut sig = webhook::sign(&secret, &id, ts, BODY.as_bytes());
                        if forged {
                            sig = sig.replace("v1,", "v1,AAAA");
                        }
                        let status = agent
                            .post(&url)
                            .header("svix-id", &id)
                            .header("svix-timestamp", ts.to_string())
                            .header("svix-signature", &sig)
                            .send(BODY)
                            .map(|r| r.status().as_u16())
                            .unwrap_or(0);
                        if status != expected {
                            wrong.push((id, status, expected));
                        }
                    }
                    wrong
                })
                .unwrap()
        })
        .collect();
    let wrong: Vec<_> = handles
        .into_iter()
        .flat_map(|h| h.join().unwrap())
        .collect();
    assert_eq!(wrong, Vec::new());
    let events: Vec<ReceivedEvent> = (0..THREADS * PER_THREAD).map(|_| next(&rx)).collect();
    let count = |code: &str| events.iter().filter(|e| e.verdict.code() == code).count();
    let planned = |status: u16| (0..PER_THREAD).filter(|&j| plan(j).2 == status).count() * THREADS;
    assert_eq!(listener.handled(), 2000);
    assert_eq!(count("accepted"), planned(204));
    assert_eq!(count("duplicate"), planned(200));
    assert_eq!(count("rejected"), planned(400));
    assert_eq!((planned(204), planned(200), planned(400)), (1264, 128, 608));
    let mut sequences: Vec<u64> = events.iter().map(|e| e.sequence).collect();
    sequences.sort_unstable();
    assert_eq!(sequences, (1..=2000).collect::<Vec<u64>>());
    assert_still_serving(&listener, &rx, "msg_after_load");
}
