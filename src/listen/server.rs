//! The accept loop and the connection threads, with every resource capped: at most
//! `max_connections` connections (one thread each) are served at once; the next ones are
//! answered 503 with `Retry-After` and closed at once, by the accept loop itself. Running out
//! of file descriptors never stops the loop: once a client is waiting (polled, since Linux
//! fails accept before looking at the queue), a spare descriptor held in reserve is
//! released to accept it and answer it 503 (the libev/nginx trick), then taken again. A
//! stalled client holds only its own thread, until its own deadline.

use std::fs::File;
use std::io::{self, Read as _, Write as _};
use std::net::{Shutdown, SocketAddr, TcpListener, TcpStream};
use std::sync::atomic::Ordering;
use std::sync::{Arc, Condvar, Mutex, PoisonError};
use std::time::Duration;

use super::http::{self, Conn};
use super::notice::ListenNotice;
use super::{Shared, Sink, handler};

/// Requests served on one kept-alive connection before it is closed (nginx: 1,000).
const REQUESTS_PER_CONNECTION: u64 = 1000;
/// Longest pause of the accept loop after an error it cannot answer.
const MAX_BACKOFF: Duration = Duration::from_millis(500);

/// Live connections, so there are never more than the cap, and `stop` can wait for them.
#[derive(Default)]
pub(super) struct Slots {
    open: Mutex<usize>,
    freed: Condvar,
}

impl Slots {
    fn try_take(self: &Arc<Self>, max: usize) -> Option<Slot> {
        let mut open = self.open.lock().unwrap_or_else(PoisonError::into_inner);
        if *open >= max {
            return None;
        }
        *open += 1;
        Some(Slot(Arc::clone(self)))
    }

    pub(super) fn open(&self) -> usize {
        *self.open.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Waits until every connection thread has ended (they watch the stop flag).
    pub(super) fn wait_idle(&self) {
        let mut open = self.open.lock().unwrap_or_else(PoisonError::into_inner);
        while *open > 0 {
            open = self
                .freed
                .wait(open)
                .unwrap_or_else(PoisonError::into_inner);
        }
    }
}

/// One taken place; dropping it frees the place.
pub(super) struct Slot(Arc<Slots>);

impl Drop for Slot {
    fn drop(&mut self) {
        let mut open = self.0.open.lock().unwrap_or_else(PoisonError::into_inner);
        *open = open.saturating_sub(1);
        self.0.freed.notify_all();
    }
}

/// Accepts until the stop flag is set (`Shared::finish` then connects once to wake it).
pub(super) fn accept_loop(tcp: &TcpListener, shared: &Arc<Shared>, sink: &Arc<Sink>) {
    let mut reserve = spare_descriptor();
    let mut backoff = Duration::from_millis(5);
    while !shared.done.load(Ordering::SeqCst) {
        match tcp.accept() {
            Ok((stream, remote)) => {
                backoff = Duration::from_millis(5);
                if shared.done.load(Ordering::SeqCst) {
                    break;
                }
                admit(stream, remote, shared, sink);
            }
            Err(err) if out_of_descriptors(&err) => {
                // Linux fails accept with EMFILE before it looks at the queue: the error
                // says nothing of a waiting client. Wait for one (a slice at a time, to
                // see the stop flag); by then descriptors may be back, and it is served.
                if !client_waiting(tcp) {
                    continue;
                }
                match accept_now(tcp) {
                    Ok(Some((stream, remote))) => admit(stream, remote, shared, sink),
                    Err(err) if out_of_descriptors(&err) => {
                        shared.notices.report(ListenNotice::OutOfDescriptors);
                        if reserve.take().is_some()
                            && let Ok(Some((stream, _))) = accept_now(tcp)
                        {
                            shed(stream, OUT_OF_DESCRIPTORS);
                        }
                        reserve = spare_descriptor();
                        if reserve.is_none() {
                            // Not even the spare came back: wait for connections to close.
                            std::thread::sleep(backoff);
                            backoff = (backoff * 2).min(MAX_BACKOFF);
                        }
                    }
                    // Gone before it was taken, or an error the next accept reports.
                    Ok(None) | Err(_) => {}
                }
            }
            Err(err)
                if matches!(
                    err.kind(),
                    io::ErrorKind::ConnectionAborted
                        | io::ErrorKind::ConnectionReset
                        | io::ErrorKind::Interrupted
                        | io::ErrorKind::WouldBlock
                ) => {}
            Err(err) => {
                shared.notices.report(ListenNotice::AcceptFailed {
                    reason: crate::course::io_reason(&err),
                });
                std::thread::sleep(backoff);
                backoff = (backoff * 2).min(MAX_BACKOFF);
            }
        }
    }
}

/// EMFILE, ENFILE, ENOBUFS, ENOMEM: the process or the system is out of something that
/// closing connections gives back.
fn out_of_descriptors(err: &io::Error) -> bool {
    matches!(err.raw_os_error(), Some(23 | 24 | 105 | 12))
}

/// How long one wait for a client lasts before the stop flag is looked at again.
const WAIT_SLICE: Duration = Duration::from_millis(200);

/// Whether a client waits in the accept queue, waiting up to [`WAIT_SLICE`] for one.
fn client_waiting(tcp: &TcpListener) -> bool {
    use rustix::event::{PollFd, PollFlags, Timespec, poll};
    let mut fds = [PollFd::new(tcp, PollFlags::IN)];
    let slice = Timespec {
        tv_sec: 0,
        tv_nsec: i64::from(WAIT_SLICE.subsec_nanos()),
    };
    match poll(&mut fds, Some(&slice)) {
        Ok(n) => n > 0,
        // EINTR and the like: let the loop try again.
        Err(_) => false,
    }
}

/// Accepts without blocking: `Ok(None)` when the queue is empty after all.
fn accept_now(tcp: &TcpListener) -> io::Result<Option<(TcpStream, SocketAddr)>> {
    tcp.set_nonblocking(true)?;
    let accepted = tcp.accept();
    tcp.set_nonblocking(false)?;
    match accepted {
        Ok(pair) => {
            // Accepted sockets do not inherit the listener's mode on Linux; be sure.
            pair.0.set_nonblocking(false)?;
            Ok(Some(pair))
        }
        Err(err) if err.kind() == io::ErrorKind::WouldBlock => Ok(None),
        Err(err) => Err(err),
    }
}

fn spare_descriptor() -> Option<File> {
    File::open("/dev/null").ok()
}

/// Starts a connection thread if there is room, else answers 503.
fn admit(stream: TcpStream, remote: SocketAddr, shared: &Arc<Shared>, sink: &Arc<Sink>) {
    let max = shared.config.max_connections;
    let Some(slot) = shared.slots.try_take(max) else {
        shared.notices.report(ListenNotice::Saturated { max });
        shed(stream, SATURATED);
        return;
    };
    // The stream stays reachable here if the thread cannot start, to be answered 503.
    let handoff = Arc::new(Mutex::new(Some(stream)));
    let taken = Arc::clone(&handoff);
    let (shared_in, sink_in) = (Arc::clone(shared), Arc::clone(sink));
    let spawned = std::thread::Builder::new()
        .name("listen-conn".to_owned())
        .spawn(move || {
            let stream = taken.lock().unwrap_or_else(PoisonError::into_inner).take();
            if let Some(stream) = stream {
                serve(stream, remote, &shared_in, &*sink_in);
            }
            // The sink goes before the slot, so `stop` returning means no sink is left.
            drop(sink_in);
            drop(slot);
        });
    if let Err(err) = spawned {
        shared.notices.report(ListenNotice::NoThread {
            reason: crate::course::io_reason(&err),
        });
        let stream = handoff
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .take();
        if let Some(stream) = stream {
            shed(stream, NO_THREAD);
        }
    }
}

/// Answers 503 without waiting on the client: what it already sent is read (so the close is
/// clean), the answer fits in the socket buffer, and the connection is closed.
fn shed(mut stream: TcpStream, text: &str) {
    let _ = stream.set_nonblocking(true);
    let mut scratch = [0u8; 4096];
    for _ in 0..16 {
        match stream.read(&mut scratch) {
            Ok(n) if n > 0 => {}
            _ => break,
        }
    }
    let response = http::format_response(503, text, &[("Retry-After", "1")], true);
    let _ = stream.write_all(response.as_bytes());
    let _ = stream.shutdown(Shutdown::Write);
}

/// Serves one connection's requests until it closes, fails, or the listener stops.
fn serve(stream: TcpStream, remote: SocketAddr, shared: &Shared, sink: &Sink) {
    let config = &shared.config;
    let mut conn = Conn::new(stream, Some(remote), &shared.done);
    let mut served = 0u64;
    loop {
        let head = match conn.read_head(config, served == 0) {
            Ok(head) => head,
            Err(http::HeadError::Gone) => return,
            Err(err) => {
                let status = err.status();
                let reason = err.to_string();
                shared.notices.report(ListenNotice::Refused {
                    status,
                    reason: reason.clone(),
                });
                conn.write_response(status, &format!("{reason}\n"), &[], true);
                conn.linger();
                return;
            }
        };
        served += 1;
        let last = served >= REQUESTS_PER_CONNECTION;
        let mut request = http::Request::new(&mut conn, head, config.body_timeout, last);
        handler::handle(shared, sink, &mut request);
        let (reuse, unread) = request.finish();
        if !reuse {
            if unread {
                conn.linger();
            }
            return;
        }
    }
}

const SATURATED: &str =
    "récepteur saturé : trop de connexions ouvertes — réessayez dans un instant\n";
const OUT_OF_DESCRIPTORS: &str =
    "récepteur à court de descripteurs de fichiers — réessayez dans un instant\n";
const NO_THREAD: &str = "récepteur à court de fils d'exécution — réessayez dans un instant\n";
