//! `listen` under hostile clients (fault class 8): stalled bodies and heads never delay a
//! valid request, heads are bounded (431), a full listener sheds with 503 and recovers, and
//! the real binary survives descriptor exhaustion and leaks neither descriptors nor threads.
//! Timing is asserted as ordering between the server's own events, never as a duration.

use std::io::{BufRead as _, BufReader, Read as _, Write as _};
use std::net::{SocketAddr, TcpStream};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::{self, Receiver};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use webhook_tutor::listen::{ListenNotice, Listener, ListenerConfig, ReceivedEvent, Verdict};
use webhook_tutor::webhook::{self, Secret};

const SECRET: &str = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
const BODY: &str = r#"{"type":"user.created","data":{"id":"user_1"}}"#;

fn secret() -> Secret {
    Secret::parse(SECRET).unwrap()
}

/// Requests and transport notices, in the order the listener reported them.
#[derive(Debug)]
enum Seen {
    Event(ReceivedEvent),
    Notice(ListenNotice),
}

fn start(config: ListenerConfig) -> (Listener, Receiver<Seen>) {
    let (tx, rx) = mpsc::channel();
    let notices = tx.clone();
    let listener = Listener::start_with_notices(
        "127.0.0.1:0",
        config,
        move |e| {
            let _ = tx.send(Seen::Event(e));
        },
        move |n, _| {
            let _ = notices.send(Seen::Notice(n));
        },
    )
    .unwrap();
    (listener, rx)
}

fn next(rx: &Receiver<Seen>) -> Seen {
    rx.recv_timeout(Duration::from_secs(20)).expect("an event")
}

fn signed_request(msg_id: &str) -> Vec<u8> {
    let ts = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64;
    let sig = webhook::sign(&secret(), msg_id, ts, BODY.as_bytes());
    format!(
        "POST /api/webhooks HTTP/1.1\r\nHost: x\r\nConnection: close\r\nsvix-id: {msg_id}\r\nsvix-timestamp: {ts}\r\nsvix-signature: {sig}\r\nContent-Length: {}\r\n\r\n{BODY}",
        BODY.len()
    )
    .into_bytes()
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

/// Opens `n` connections that send part of a request and then nothing more.
fn stall(addr: SocketAddr, n: usize, bytes: &[u8]) -> Vec<TcpStream> {
    (0..n)
        .map(|_| {
            let mut s = TcpStream::connect(addr).unwrap();
            s.write_all(bytes).unwrap();
            s
        })
        .collect()
}

/// Eight stalled bodies, then a valid request: it is answered and reported before the
/// first stalled body times out, so it waited less than `body_timeout` (1 s here).
#[test]
fn stalled_bodies_never_delay_a_valid_request() {
    let (listener, rx) = start(ListenerConfig {
        body_timeout: Duration::from_secs(1),
        ..ListenerConfig::new(secret())
    });
    let addr = listener.local_addr();
    let stalled = stall(
        addr,
        8,
        b"POST /api/webhooks HTTP/1.1\r\nHost: x\r\nContent-Length: 5000\r\n\r\n{\"a\":",
    );
    let reply = raw(addr, &signed_request("msg_valid"));
    assert!(reply.starts_with("HTTP/1.1 204 No Content\r\n"), "{reply}");
    match next(&rx) {
        Seen::Event(e) => {
            assert_eq!(e.msg_id.as_deref(), Some("msg_valid"));
            assert_eq!(e.verdict, Verdict::Accepted);
        }
        other => panic!("the valid request comes first, got {other:?}"),
    }
    for _ in 0..8 {
        match next(&rx) {
            Seen::Event(e) => assert_eq!(e.status, 408),
            other => panic!("{other:?}"),
        }
    }
    drop(stalled);
}

/// Same with heads trickled and never finished: 408 before the handler, as notices, after
/// the valid request.
#[test]
fn stalled_heads_never_delay_a_valid_request() {
    let (listener, rx) = start(ListenerConfig {
        header_timeout: Duration::from_secs(1),
        ..ListenerConfig::new(secret())
    });
    let addr = listener.local_addr();
    let mut stalled = stall(
        addr,
        8,
        b"POST /api/webhooks HTTP/1.1\r\nHost: x\r\nsvix-id: msg",
    );
    let reply = raw(addr, &signed_request("msg_valid"));
    assert!(reply.starts_with("HTTP/1.1 204 "), "{reply}");
    assert!(matches!(next(&rx), Seen::Event(e) if e.verdict == Verdict::Accepted));
    // One notice for the burst (at most one per second per kind).
    match next(&rx) {
        Seen::Notice(ListenNotice::Refused { status, reason }) => {
            assert_eq!(status, 408);
            assert_eq!(
                reason,
                "en-têtes incomplets après 1000 ms — le client a cessé d'envoyer"
            );
        }
        other => panic!("{other:?}"),
    }
    let mut reply = String::new();
    stalled[0]
        .set_read_timeout(Some(Duration::from_secs(20)))
        .unwrap();
    let _ = stalled[0].read_to_string(&mut reply);
    assert!(
        reply.starts_with("HTTP/1.1 408 Request Timeout\r\n"),
        "{reply}"
    );
    assert!(reply.contains("Connection: close\r\n"));
}

#[test]
fn oversized_heads_get_431_and_the_listener_goes_on() {
    let (listener, rx) = start(ListenerConfig {
        max_header_bytes: 4096,
        ..ListenerConfig::new(secret())
    });
    let addr = listener.local_addr();
    let big = format!(
        "POST /api/webhooks HTTP/1.1\r\nHost: x\r\nx-pad: {}\r\n\r\n",
        "a".repeat(100_000)
    );
    let reply = raw(addr, big.as_bytes());
    assert!(
        reply.starts_with("HTTP/1.1 431 Request Header Fields Too Large\r\n"),
        "{reply}"
    );
    assert!(reply.ends_with(
        "\r\n\r\nen-têtes trop gros : plus de 4096 octets — une requête de webhook en fait moins d'un kilo-octet\n"
    ));
    let many: String = (0..150).map(|i| format!("x-{i}: v\r\n")).collect();
    let reply = raw(
        addr,
        format!("POST / HTTP/1.1\r\nHost: x\r\n{many}\r\n").as_bytes(),
    );
    assert!(reply.starts_with("HTTP/1.1 431 "), "{reply}");
    assert!(reply.contains("plus de 100 en-têtes"));
    assert!(matches!(
        next(&rx),
        Seen::Notice(ListenNotice::Refused { status: 431, .. })
    ));
    let reply = raw(addr, &signed_request("msg_after"));
    assert!(reply.starts_with("HTTP/1.1 204 "), "{reply}");
}

/// At `max_connections`, the next client gets 503 with `Retry-After` at once, and once the
/// stalled ones are gone the listener serves again.
#[test]
fn a_full_listener_sheds_with_503_and_recovers() {
    let (listener, rx) = start(ListenerConfig {
        max_connections: 2,
        ..ListenerConfig::new(secret())
    });
    let addr = listener.local_addr();
    let stalled = stall(addr, 2, b"POST /api/webhooks HTTP/1.1\r\n");
    while listener.open_connections() < 2 {
        std::thread::sleep(Duration::from_millis(5));
    }
    let mut refused = TcpStream::connect(addr).unwrap();
    refused
        .set_read_timeout(Some(Duration::from_secs(20)))
        .unwrap();
    let mut reply = String::new();
    let _ = refused.read_to_string(&mut reply);
    assert_eq!(
        reply,
        "HTTP/1.1 503 Service Unavailable\r\nContent-Length: 80\r\nContent-Type: text/plain; charset=utf-8\r\nRetry-After: 1\r\nConnection: close\r\n\r\nrécepteur saturé : trop de connexions ouvertes — réessayez dans un instant\n"
    );
    assert!(matches!(
        next(&rx),
        Seen::Notice(ListenNotice::Saturated { max: 2 })
    ));
    drop(stalled);
    while listener.open_connections() > 0 {
        std::thread::sleep(Duration::from_millis(5));
    }
    let reply = raw(addr, &signed_request("msg_recovered"));
    assert!(reply.starts_with("HTTP/1.1 204 "), "{reply}");
}

/// Keep-alive and pipelining: two requests in one write, two answers in order.
#[test]
fn pipelined_requests_on_one_connection_are_answered_in_order() {
    let (listener, rx) = start(ListenerConfig::new(secret()));
    let mut first = signed_request("msg_p1");
    let text = String::from_utf8(first.clone()).unwrap();
    first = text.replace("Connection: close\r\n", "").into_bytes();
    first.extend_from_slice(&signed_request("msg_p2"));
    let reply = raw(listener.local_addr(), &first);
    assert_eq!(
        reply.matches("HTTP/1.1 204 No Content\r\n").count(),
        2,
        "{reply}"
    );
    for id in ["msg_p1", "msg_p2"] {
        assert!(matches!(next(&rx), Seen::Event(e) if e.msg_id.as_deref() == Some(id)));
    }
}

#[test]
fn expect_continue_gets_100_before_the_body() {
    let (listener, _rx) = start(ListenerConfig::new(secret()));
    let request = String::from_utf8(signed_request("msg_expect")).unwrap();
    let (head, body) = request.split_once("\r\n\r\n").unwrap();
    let mut stream = TcpStream::connect(listener.local_addr()).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(20)))
        .unwrap();
    write!(stream, "{head}\r\nExpect: 100-continue\r\n\r\n").unwrap();
    let mut interim = [0u8; 25];
    stream.read_exact(&mut interim).unwrap();
    assert_eq!(&interim, b"HTTP/1.1 100 Continue\r\n\r\n");
    stream.write_all(body.as_bytes()).unwrap();
    let mut reply = String::new();
    let _ = stream.read_to_string(&mut reply);
    assert!(reply.starts_with("HTTP/1.1 204 "), "{reply}");
}

/// The real binary, optionally under `ulimit -n LIMIT`; its pid is the listener's (exec).
struct Binary {
    child: Child,
    addr: SocketAddr,
}

impl Binary {
    fn start(nofile: Option<u32>) -> Self {
        let bin = env!("CARGO_BIN_EXE_webhook-tutor");
        let script = match nofile {
            Some(n) => format!("ulimit -n {n} && exec \"$0\" \"$@\""),
            None => "exec \"$0\" \"$@\"".to_owned(),
        };
        let mut child = Command::new("sh")
            .args(["-c", &script, bin])
            .args(["listen", "--port", "0", "--json", "--secret", SECRET])
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("sh runs webhook-tutor listen");
        let mut stdout = BufReader::new(child.stdout.take().unwrap());
        let mut first = String::new();
        stdout.read_line(&mut first).unwrap();
        let start: serde_json::Value = serde_json::from_str(&first).expect("JSON start line");
        let addr = start["listening"]
            .as_str()
            .unwrap()
            .trim_start_matches("http://")
            .parse()
            .unwrap();
        // Keep reading stdout so the listener never blocks on a full pipe.
        std::thread::Builder::new()
            .name("drain-stdout".into())
            .spawn(move || for _ in stdout.lines() {})
            .unwrap();
        Self { child, addr }
    }

    fn count(&self, what: &str) -> usize {
        std::fs::read_dir(format!("/proc/{}/{what}", self.child.id()))
            .expect("/proc is readable (Linux)")
            .count()
    }

    /// (descriptors, threads) once they stay the same for 10 polls in a row.
    fn settled(&self) -> (usize, usize) {
        let deadline = Instant::now() + Duration::from_secs(20);
        let mut last = (self.count("fd"), self.count("task"));
        let mut same = 0;
        while same < 10 && Instant::now() < deadline {
            std::thread::sleep(Duration::from_millis(20));
            let now = (self.count("fd"), self.count("task"));
            same = if now == last { same + 1 } else { 0 };
            last = now;
        }
        last
    }

    /// The open descriptors and what they are, for a failure message.
    fn descriptors(&self) -> Vec<String> {
        let dir = format!("/proc/{}/fd", self.child.id());
        let mut fds: Vec<String> = std::fs::read_dir(&dir)
            .expect("/proc is readable (Linux)")
            .flatten()
            .map(|e| {
                let target = std::fs::read_link(e.path()).unwrap_or_default();
                format!(
                    "{} -> {}",
                    e.file_name().to_string_lossy(),
                    target.display()
                )
            })
            .collect();
        fds.sort();
        fds
    }

    fn running(&mut self) -> bool {
        self.child.try_wait().unwrap().is_none()
    }

    fn stderr(mut self) -> String {
        let _ = self.child.kill();
        let _ = self.child.wait();
        let mut err = String::new();
        let _ = self.child.stderr.take().unwrap().read_to_string(&mut err);
        err
    }

    /// Sends a valid request until it is not shed (the listener may still be freeing
    /// connections); the final status line.
    fn valid(&self, id: &str) -> String {
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            let reply = raw(self.addr, &signed_request(id));
            if !reply.starts_with("HTTP/1.1 503 ") || Instant::now() > deadline {
                return reply.lines().next().unwrap_or_default().to_owned();
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

impl Drop for Binary {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// With 32 descriptors and 64 clients holding connections open, the listener answers the
/// overflow 503, says so in French on stderr, keeps running, and serves once they leave.
#[test]
fn the_binary_survives_descriptor_exhaustion() {
    let mut listen = Binary::start(Some(32));
    let mut held: Vec<TcpStream> = (0..64)
        .map(|_| TcpStream::connect(listen.addr).unwrap())
        .collect();
    let mut shed = 0;
    for s in &mut held {
        s.set_read_timeout(Some(Duration::from_millis(300)))
            .unwrap();
        let mut head = [0u8; 12];
        if s.read_exact(&mut head).is_ok() {
            assert_eq!(&head, b"HTTP/1.1 503");
            shed += 1;
        }
    }
    assert!(shed > 0, "the overflow is answered 503");
    assert!(
        listen.running(),
        "listen must not exit when descriptors run out"
    );
    drop(held);
    assert_eq!(
        listen.valid("msg_after_pressure"),
        "HTTP/1.1 204 No Content"
    );
    assert!(listen.running());
    let err = listen.stderr();
    assert!(
        err.contains("⚠ listen : plus aucun descripteur de fichier libre (limite « ulimit -n » atteinte) : connexion refusée avec 503"),
        "{err}"
    );
}

/// Linux fails `accept` with EMFILE before it looks at the queue: once every descriptor
/// is taken, the accept loop must wait for a client rather than take the next one to come
/// as the one to refuse. So the first valid request after the pressure, sent once the
/// descriptors are back, is served (it used to get « à court de descripteurs », 503).
#[test]
fn the_first_request_after_descriptor_exhaustion_is_served_not_shed() {
    let listen = Binary::start(Some(32));
    let mut held: Vec<TcpStream> = (0..64)
        .map(|_| TcpStream::connect(listen.addr).unwrap())
        .collect();
    // Every descriptor taken: the overflow was refused.
    let mut shed = 0;
    for s in &mut held {
        s.set_read_timeout(Some(Duration::from_millis(100)))
            .unwrap();
        let mut head = [0u8; 12];
        if s.read_exact(&mut head).is_ok() {
            shed += 1;
        }
    }
    assert!(shed > 0, "the pressure fills the 32 descriptors");
    // Then given back: the held clients leave.
    drop(held);
    listen.settled();
    let reply = raw(listen.addr, &signed_request("msg_first_after"));
    assert_eq!(
        reply.lines().next(),
        Some("HTTP/1.1 204 No Content"),
        "{reply}"
    );
}

/// Oversized bodies, absurd lengths and oversized heads: once their clients are answered,
/// the process has exactly the descriptors and threads it had before.
#[test]
fn oversized_requests_leak_no_descriptor_and_no_thread() {
    let listen = Binary::start(None);
    // Counted once a request was served and its connection thread is gone: the accept
    // loop runs and holds its spare descriptor (counted earlier, the spare was a race).
    assert_eq!(
        listen.valid("msg_before_oversized"),
        "HTTP/1.1 204 No Content"
    );
    let (fds, threads) = listen.settled();
    let before = listen.descriptors();
    let big_body = format!(
        "POST /api/webhooks HTTP/1.1\r\nHost: x\r\nContent-Length: 2000000\r\n\r\n{}",
        "a".repeat(2_000_000)
    );
    let big_head = format!("POST / HTTP/1.1\r\nx-pad: {}\r\n\r\n", "a".repeat(40_000));
    for _ in 0..10 {
        assert!(raw(listen.addr, big_body.as_bytes()).starts_with("HTTP/1.1 413 "));
        assert!(
            raw(
                listen.addr,
                b"POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 1000000000000\r\n\r\nabc"
            )
            .starts_with("HTTP/1.1 413 ")
        );
        assert!(raw(listen.addr, big_head.as_bytes()).starts_with("HTTP/1.1 431 "));
    }
    let deadline = Instant::now() + Duration::from_secs(20);
    while (listen.count("fd"), listen.count("task")) != (fds, threads) && Instant::now() < deadline
    {
        std::thread::sleep(Duration::from_millis(20));
    }
    assert_eq!(
        (listen.count("fd"), listen.count("task")),
        (fds, threads),
        "before: {before:?}, after: {:?}",
        listen.descriptors()
    );
    assert_eq!(
        listen.valid("msg_after_oversized"),
        "HTTP/1.1 204 No Content"
    );
}
