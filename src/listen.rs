//! `Listener`: a local webhook receiver that behaves like a correct endpoint. It verifies each
//! request with [`webhook::verify`](crate::webhook::verify), answers 204 (valid), 200 (valid
//! duplicate), 400 (rejected), 405 (not POST), 408 (body too slow), 413 (body too large), and
//! reports every request as a [`ReceivedEvent`] to a callback or a channel, for the `listen`
//! command and the TUI sandbox. Each event's log line is `listen/log.rs`'s; printing is
//! `cmd::listen`'s.
//!
//! The transport is our own, on std and httparse (`listen/server.rs`, `listen/http.rs`),
//! because tiny_http 0.12 could not be bounded: no socket timeouts (a stalled body held a
//! worker), unbounded threads and header size, an accept thread that died for good when
//! descriptors ran out (and the listener with it), and a drop that allocated a request's
//! whole declared length. Here every limit is in [`ListenerConfig`]; what the transport does
//! on its own (503 when saturated, descriptors exhausted, 408/431 before the handler) is
//! reported as a [`ListenNotice`].

mod handler;
mod http;
mod log;
mod notice;
mod server;
pub mod store;

pub use log::{json_line, text_line};
pub use notice::ListenNotice;

use std::io;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr, TcpListener, TcpStream, ToSocketAddrs};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex, mpsc};
use std::thread::JoinHandle;
use std::time::{Duration, SystemTime};

use crate::delivery::SeenIds;
use crate::webhook::{DEFAULT_TOLERANCE_SECS, Secret, WebhookError};

/// Largest body accepted by default: 1 MiB.
pub const DEFAULT_MAX_BODY: u64 = 1024 * 1024;

/// How long a client may take to send its body once the headers are in (Svix itself gives
/// up after 15 s).
pub const DEFAULT_BODY_TIMEOUT: Duration = Duration::from_secs(10);

/// How long a client may take to send its request head (nginx's client_header_timeout).
pub const DEFAULT_HEADER_TIMEOUT: Duration = Duration::from_secs(10);

/// How long a kept-alive connection may stay idle between requests.
pub const DEFAULT_IDLE_TIMEOUT: Duration = Duration::from_secs(5);

/// Largest request head: 16 KiB, as Node.js (a webhook's is under 1 KiB).
pub const DEFAULT_MAX_HEADER_BYTES: usize = 16 * 1024;

/// Connections served at once, one thread each; the next ones get 503.
pub const DEFAULT_MAX_CONNECTIONS: usize = 64;

/// How the listener behaves.
#[derive(Debug, Clone)]
pub struct ListenerConfig {
    pub secret: Secret,
    /// Bodies above this size get 413 (checked on `Content-Length` and while reading).
    pub max_body: u64,
    /// After this many requests the listener stops by itself.
    pub max_requests: Option<u64>,
    /// Connections (and threads) at once; past it, new connections get 503 at once.
    pub max_connections: usize,
    pub header_timeout: Duration,
    pub body_timeout: Duration,
    pub idle_timeout: Duration,
    /// Request heads above this size get 431.
    pub max_header_bytes: usize,
    /// Timestamp tolerance, both ways (Svix: 300 s).
    pub tolerance_secs: u64,
    /// `--database`: verified events are applied there (and deduplicated there, not in memory).
    pub database: Option<store::Database>,
}

impl ListenerConfig {
    pub fn new(secret: Secret) -> Self {
        Self {
            secret,
            max_body: DEFAULT_MAX_BODY,
            max_requests: None,
            max_connections: DEFAULT_MAX_CONNECTIONS,
            header_timeout: DEFAULT_HEADER_TIMEOUT,
            body_timeout: DEFAULT_BODY_TIMEOUT,
            idle_timeout: DEFAULT_IDLE_TIMEOUT,
            max_header_bytes: DEFAULT_MAX_HEADER_BYTES,
            tolerance_secs: DEFAULT_TOLERANCE_SECS,
            database: None,
        }
    }
}

/// The listener's answer to one request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verdict {
    /// Valid signature, first time this `svix-id` is seen: 204.
    Accepted,
    /// Valid signature, `svix-id` already processed: 200, nothing done twice.
    Duplicate,
    /// Anything else.
    Rejected(Rejection),
}

impl Verdict {
    /// `accepted`, `duplicate`, `rejected`.
    pub fn code(&self) -> &'static str {
        match self {
            Self::Accepted => "accepted",
            Self::Duplicate => "duplicate",
            Self::Rejected(_) => "rejected",
        }
    }
}

/// Why a request was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Rejection {
    /// The signature check failed: 400.
    #[error("{0}")]
    Signature(WebhookError),
    /// Not a POST: 405.
    #[error("méthode « {method} » refusée — un webhook arrive toujours en POST")]
    MethodNotAllowed { method: String },
    /// Body above the limit: 413.
    #[error(
        "corps trop gros : plus de {limit} octets — Clerk n'envoie jamais d'événement aussi lourd"
    )]
    BodyTooLarge { limit: u64 },
    /// The body did not arrive in time: 408.
    #[error("corps incomplet après {secs} s — le client a cessé d'envoyer", secs = timeout.as_secs())]
    BodyTimeout { timeout: Duration },
    /// The body could not be read (connection closed, bad chunked encoding): 400.
    #[error("corps illisible : {reason}")]
    BodyUnreadable { reason: String },
    /// `--database`: the event could not be applied: 500, so Svix would retry.
    #[error("écriture en base impossible : {reason}")]
    Database { reason: String },
}

impl Rejection {
    pub fn status(&self) -> u16 {
        match self {
            Self::Signature(_) | Self::BodyUnreadable { .. } => 400,
            Self::MethodNotAllowed { .. } => 405,
            Self::BodyTimeout { .. } => 408,
            Self::BodyTooLarge { .. } => 413,
            Self::Database { .. } => 500,
        }
    }

    /// The [`WebhookError::code`] for signature failures, else a code of its own.
    pub fn code(&self) -> &'static str {
        match self {
            Self::Signature(err) => err.code(),
            Self::MethodNotAllowed { .. } => "method_not_allowed",
            Self::BodyTooLarge { .. } => "body_too_large",
            Self::BodyTimeout { .. } => "body_timeout",
            Self::BodyUnreadable { .. } => "body_unreadable",
            Self::Database { .. } => "database",
        }
    }
}

/// One request as the listener saw it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReceivedEvent {
    /// 1-based position among the requests this listener handled.
    pub sequence: u64,
    pub received_at: SystemTime,
    pub remote: Option<SocketAddr>,
    pub method: String,
    /// Path and query, as sent.
    pub path: String,
    /// The `svix-id` (or `webhook-id`) header, even when the request was rejected.
    pub msg_id: Option<String>,
    /// The `type` field when the body is a JSON object that has one.
    pub event_type: Option<String>,
    /// Bytes of body read.
    pub body_len: usize,
    /// The status code sent back.
    pub status: u16,
    pub verdict: Verdict,
}

/// Why the listener could not start.
#[derive(Debug, thiserror::Error)]
pub enum ListenError {
    #[error(
        "l'adresse {addr} est déjà utilisée — un autre programme écoute sur ce port : choisissez-en un autre avec --port (0 : un port libre)"
    )]
    AddrInUse { addr: String },
    #[error(
        "impossible d'écouter sur {addr} : {}",
        crate::files::io_reason(source)
    )]
    Bind { addr: String, source: io::Error },
    #[error("impossible de démarrer le serveur HTTP : {reason}")]
    Server { reason: String },
    #[error(
        "impossible de démarrer un fil d'exécution : {}",
        crate::files::io_reason(.0)
    )]
    Thread(io::Error),
}

type Sink = dyn Fn(ReceivedEvent) + Send + Sync;

/// State shared by the accept loop and the connection threads.
struct Shared {
    config: ListenerConfig,
    /// Where `finish` connects to wake the accept loop.
    wake: SocketAddr,
    seen: Mutex<SeenIds>,
    handled: AtomicU64,
    done: AtomicBool,
    slots: Arc<server::Slots>,
    notices: notice::Notices,
}

impl Shared {
    /// Stops accepting; connection threads see the flag within one read slice.
    fn finish(&self) {
        if self.done.swap(true, Ordering::SeqCst) {
            return;
        }
        // The accept loop blocks in accept(): one connection wakes it. Out of descriptors,
        // this may fail a few times while connections close.
        for _ in 0..20 {
            if TcpStream::connect_timeout(&self.wake, Duration::from_millis(200)).is_ok() {
                return;
            }
            std::thread::sleep(Duration::from_millis(25));
        }
    }
}

/// A running listener. Dropping it stops it.
pub struct Listener {
    addr: SocketAddr,
    shared: Arc<Shared>,
    acceptor: Option<JoinHandle<()>>,
    /// Disconnected once the accept loop has returned.
    acceptor_done: mpsc::Receiver<()>,
}

impl Listener {
    /// Starts on `addr` with default settings; events arrive on the returned channel, which
    /// closes once the listener has stopped.
    pub fn start(
        addr: impl ToSocketAddrs,
        secret: Secret,
        max_body: u64,
    ) -> Result<(Self, mpsc::Receiver<ReceivedEvent>), ListenError> {
        let (tx, rx) = mpsc::channel();
        let config = ListenerConfig {
            max_body,
            ..ListenerConfig::new(secret)
        };
        let listener = Self::start_with(addr, config, move |event| {
            // The receiver may be gone (the TUI left the view): keep serving anyway.
            let _ = tx.send(event);
        })?;
        Ok((listener, rx))
    }

    /// Starts on `addr`; `sink` is called from the connection threads once per request,
    /// after the response is sent. Transport notices are dropped.
    pub fn start_with(
        addr: impl ToSocketAddrs,
        config: ListenerConfig,
        sink: impl Fn(ReceivedEvent) + Send + Sync + 'static,
    ) -> Result<Self, ListenError> {
        Self::start_with_notices(addr, config, sink, |_, _| {})
    }

    /// Same, and `notices` gets what the transport did on its own, at most once per second
    /// per kind, with how many of that kind happened since the last report.
    pub fn start_with_notices(
        addr: impl ToSocketAddrs,
        config: ListenerConfig,
        sink: impl Fn(ReceivedEvent) + Send + Sync + 'static,
        notices: impl Fn(ListenNotice, u64) + Send + Sync + 'static,
    ) -> Result<Self, ListenError> {
        let addrs: Vec<SocketAddr> = addr
            .to_socket_addrs()
            .map_err(|source| ListenError::Bind {
                addr: "?".to_owned(),
                source,
            })?
            .collect();
        let shown = addrs
            .first()
            .map_or_else(|| "?".to_owned(), ToString::to_string);
        let tcp = TcpListener::bind(&addrs[..]).map_err(|source| {
            if source.kind() == io::ErrorKind::AddrInUse {
                ListenError::AddrInUse {
                    addr: shown.clone(),
                }
            } else {
                ListenError::Bind {
                    addr: shown.clone(),
                    source,
                }
            }
        })?;
        let local = tcp.local_addr().map_err(|source| ListenError::Bind {
            addr: shown,
            source,
        })?;
        let wake = match local.ip() {
            IpAddr::V4(ip) if ip.is_unspecified() => {
                SocketAddr::new(Ipv4Addr::LOCALHOST.into(), local.port())
            }
            IpAddr::V6(ip) if ip.is_unspecified() => {
                SocketAddr::new(Ipv6Addr::LOCALHOST.into(), local.port())
            }
            _ => local,
        };
        let shared = Arc::new(Shared {
            config: ListenerConfig {
                max_connections: config.max_connections.max(1),
                ..config
            },
            wake,
            seen: Mutex::new(SeenIds::default()),
            handled: AtomicU64::new(0),
            done: AtomicBool::new(false),
            slots: Arc::default(),
            notices: notice::Notices::new(notices),
        });
        // Only the accept loop and the connection threads hold the sink, so a channel
        // behind it closes when they are all done.
        let sink: Arc<Sink> = Arc::new(sink);
        let (done_tx, acceptor_done) = mpsc::channel::<()>();
        let inner = Arc::clone(&shared);
        let acceptor = std::thread::Builder::new()
            .name("listen-accept".to_owned())
            .spawn(move || {
                let _done = done_tx;
                server::accept_loop(&tcp, &inner, &sink);
            })
            .map_err(ListenError::Thread)?;
        Ok(Self {
            addr: local,
            shared,
            acceptor: Some(acceptor),
            acceptor_done,
        })
    }

    /// The address actually bound (useful with port 0).
    pub fn local_addr(&self) -> SocketAddr {
        self.addr
    }

    /// Requests handled so far.
    pub fn handled(&self) -> u64 {
        self.shared.handled.load(Ordering::SeqCst)
    }

    /// Connections being served right now.
    pub fn open_connections(&self) -> usize {
        self.shared.slots.open()
    }

    /// True once `max_requests` were handled or [`Listener::stop`] was called.
    pub fn is_finished(&self) -> bool {
        self.shared.done.load(Ordering::SeqCst)
    }

    /// Blocks until the listener finishes by itself (`max_requests`), then stops it.
    pub fn wait(mut self) {
        self.join(None);
    }

    /// Stops serving and waits for the connection threads: a request being verified is
    /// answered; a client still sending is cut off within a fraction of a second.
    pub fn stop(mut self) {
        self.shared.finish();
        self.join(Some(Duration::from_secs(2)));
    }

    /// `patience`: how long the accept loop may take to see the stop (it cannot be woken
    /// when no descriptor is left, and is then left to end by itself).
    fn join(&mut self, patience: Option<Duration>) {
        let ended = match patience {
            Some(patience) => matches!(
                self.acceptor_done.recv_timeout(patience),
                Err(mpsc::RecvTimeoutError::Disconnected)
            ),
            None => self.acceptor_done.recv().is_err(),
        };
        if ended && let Some(handle) = self.acceptor.take() {
            // A panicking accept loop has nothing left to clean up.
            let _ = handle.join();
        }
        self.shared.slots.wait_idle();
    }
}

impl Drop for Listener {
    fn drop(&mut self) {
        if self.acceptor.is_some() {
            self.shared.finish();
            self.join(Some(Duration::from_secs(2)));
        }
    }
}
