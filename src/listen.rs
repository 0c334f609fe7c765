//! `Listener`: a local webhook receiver that behaves like a correct endpoint. It verifies each
//! request with [`webhook::verify`](crate::webhook::verify), answers 204 (valid), 200 (valid
//! duplicate), 400 (rejected), 405 (not POST), 408 (body too slow), 413 (body too large), 503
//! (busy), and reports every request as a [`ReceivedEvent`] to a callback or a channel, for the
//! `listen` command and the TUI sandbox. Each event's log line is `listen/log.rs`'s; printing
//! is `cmd::listen`'s.
//!
//! HTTP parsing is tiny_http 0.12's, which has limits of its own, worked around here:
//! - no socket timeouts: bodies it did not buffer (over 1 KiB, chunked) are read on a helper
//!   thread under `body_timeout`; past it the worker is freed and the event says 408, while
//!   the client gets its 408 only if it ever finishes sending;
//! - dropping a request with an unread body allocates the whole declared length at once
//!   (a 1 TB `Content-Length` aborted the process): see `handler::release`;
//! - one thread per connection and no limit on header size, before our code sees anything.
//!   Fine on loopback (the default); do not expose `--host 0.0.0.0` to an untrusted network.

mod handler;
mod log;
pub mod store;

pub use log::{json_line, text_line};

use std::io;
use std::net::{SocketAddr, TcpListener, ToSocketAddrs};
use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, mpsc};
use std::thread::JoinHandle;
use std::time::{Duration, SystemTime};

use crate::delivery::SeenIds;
use crate::webhook::{DEFAULT_TOLERANCE_SECS, Secret, WebhookError};

/// Largest body accepted by default: 1 MiB.
pub const DEFAULT_MAX_BODY: u64 = 1024 * 1024;

/// How long a client may take to send its body once the headers are in.
pub const DEFAULT_BODY_TIMEOUT: Duration = Duration::from_secs(10);

/// Worker threads that verify requests.
pub const DEFAULT_WORKERS: usize = 4;

/// How the listener behaves.
#[derive(Debug, Clone)]
pub struct ListenerConfig {
    pub secret: Secret,
    /// Bodies above this size get 413 (checked on `Content-Length` and while reading).
    pub max_body: u64,
    /// After this many requests the listener stops by itself.
    pub max_requests: Option<u64>,
    pub workers: usize,
    pub body_timeout: Duration,
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
            workers: DEFAULT_WORKERS,
            body_timeout: DEFAULT_BODY_TIMEOUT,
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
    /// Too many bodies being read at once: 503.
    #[error("trop de requêtes lentes en cours — réessayez")]
    Busy,
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
            Self::Busy => 503,
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
            Self::Busy => "busy",
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
    #[error("impossible d'écouter sur {addr} : {source}")]
    Bind { addr: String, source: io::Error },
    #[error("impossible de démarrer le serveur HTTP : {reason}")]
    Server { reason: String },
    #[error("impossible de démarrer un fil d'exécution : {0}")]
    Thread(io::Error),
}

type Sink = dyn Fn(ReceivedEvent) + Send + Sync;

/// State shared by the workers.
struct Shared {
    server: tiny_http::Server,
    config: ListenerConfig,
    seen: Mutex<SeenIds>,
    handled: AtomicU64,
    done: AtomicBool,
    /// Live helper threads (see `handler`).
    helpers: Arc<AtomicUsize>,
    /// Hostile requests whose connection was leaked rather than drained (see `handler`).
    abandoned: AtomicU64,
}

impl Shared {
    fn finish(&self) {
        self.done.store(true, Ordering::SeqCst);
        for _ in 0..self.config.workers {
            self.server.unblock();
        }
    }
}

/// A running listener. Dropping it stops it.
pub struct Listener {
    addr: SocketAddr,
    shared: Arc<Shared>,
    workers: Vec<JoinHandle<()>>,
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

    /// Starts on `addr`; `sink` is called from the worker threads once per request, after
    /// the response is sent.
    pub fn start_with(
        addr: impl ToSocketAddrs,
        config: ListenerConfig,
        sink: impl Fn(ReceivedEvent) + Send + Sync + 'static,
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
        let server =
            tiny_http::Server::from_listener(tcp, None).map_err(|e| ListenError::Server {
                reason: e.to_string(),
            })?;
        let workers = config.workers.max(1);
        let shared = Arc::new(Shared {
            server,
            config: ListenerConfig { workers, ..config },
            seen: Mutex::new(SeenIds::default()),
            handled: AtomicU64::new(0),
            done: AtomicBool::new(false),
            helpers: Arc::new(AtomicUsize::new(0)),
            abandoned: AtomicU64::new(0),
        });
        let mut listener = Self {
            addr: local,
            shared: Arc::clone(&shared),
            workers: Vec::with_capacity(workers),
        };
        // Only the workers hold the sink, so a channel behind it closes when they are done.
        let sink: Arc<Sink> = Arc::new(sink);
        for i in 0..workers {
            let shared = Arc::clone(&shared);
            let sink = Arc::clone(&sink);
            let handle = std::thread::Builder::new()
                .name(format!("listen-worker-{i}"))
                .spawn(move || worker(&shared, &*sink))
                .map_err(ListenError::Thread)?;
            listener.workers.push(handle);
        }
        Ok(listener)
    }

    /// The address actually bound (useful with port 0).
    pub fn local_addr(&self) -> SocketAddr {
        self.addr
    }

    /// Requests handled so far.
    pub fn handled(&self) -> u64 {
        self.shared.handled.load(Ordering::SeqCst)
    }

    /// Connections left open on purpose rather than drained (absurd `Content-Length`s, or
    /// unread bodies while every helper thread was busy).
    pub fn abandoned_connections(&self) -> u64 {
        self.shared.abandoned.load(Ordering::SeqCst)
    }

    /// True once `max_requests` were handled or [`Listener::stop`] was called.
    pub fn is_finished(&self) -> bool {
        self.shared.done.load(Ordering::SeqCst)
    }

    /// Blocks until the listener finishes by itself (`max_requests`), then stops it.
    pub fn wait(mut self) {
        self.join();
    }

    /// Stops serving and waits for the workers to finish their current request.
    pub fn stop(mut self) {
        self.shared.finish();
        self.join();
    }

    fn join(&mut self) {
        for handle in self.workers.drain(..) {
            // A panicking worker already lost its request; the others go on.
            let _ = handle.join();
        }
    }
}

impl Drop for Listener {
    fn drop(&mut self) {
        self.shared.finish();
        self.join();
    }
}

/// Polls with a short timeout so a stop is seen even if an unblock went to another worker.
fn worker(shared: &Shared, sink: &Sink) {
    while !shared.done.load(Ordering::SeqCst) {
        match shared.server.recv_timeout(Duration::from_millis(200)) {
            Ok(Some(request)) => handler::handle(shared, sink, request),
            Ok(None) => {}
            // tiny_http's accept thread died (for example out of file descriptors).
            Err(_) => {
                shared.finish();
            }
        }
    }
}
