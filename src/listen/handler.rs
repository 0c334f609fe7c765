//! One request: method and size checks, the body read under a deadline, verification,
//! duplicate detection, the response, and the event for the sink.

use std::io::{Cursor, Read as _};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, mpsc};
use std::time::{SystemTime, UNIX_EPOCH};

use tiny_http::{Header, Method, Request, Response};

use super::{ReceivedEvent, Rejection, Shared, Sink, Verdict};
use crate::webhook::{self, HeaderField, Headers};

/// tiny_http reads bodies up to this size before handing the request over.
const BUFFERED_BODY: u64 = 1024;

/// Helper threads (slow body reads, drains) alive at once; past this, answer 503.
pub(super) const MAX_HELPERS: usize = 64;

/// Largest unread body left for tiny_http to drain (it allocates the whole rest at once).
const SAFE_DRAIN: u64 = 4 * 1024 * 1024;

pub(super) fn handle(shared: &Shared, sink: &Sink, request: Request) {
    let sequence = shared.handled.fetch_add(1, Ordering::SeqCst) + 1;
    if shared.config.max_requests.is_some_and(|max| sequence > max) {
        release(shared, request, 503, "arrêt en cours\n", None);
        return;
    }
    let received_at = SystemTime::now();
    let method = request.method().to_string();
    let path = request.url().to_owned();
    let remote = request.remote_addr().copied();
    let headers = Headers::from_pairs(
        request
            .headers()
            .iter()
            .map(|h| (h.field.as_str().as_str(), h.value.as_str())),
    );
    let msg_id = headers
        .resolve(HeaderField::Id)
        .map(|(_, id)| id.to_owned());

    let outcome = process(shared, request, &headers, msg_id.as_deref());
    let verdict = outcome.verdict;
    let status = match &verdict {
        Verdict::Accepted => 204,
        Verdict::Duplicate => 200,
        Verdict::Rejected(rejection) => rejection.status(),
    };
    if let Some(request) = outcome.request {
        let text = response_text(&verdict, msg_id.as_deref());
        if outcome.body_read {
            respond(request, status, &text, Some(&verdict));
        } else {
            release(shared, request, status, &text, Some(&verdict));
        }
    }
    let event = ReceivedEvent {
        sequence,
        received_at,
        remote,
        method,
        path,
        msg_id,
        event_type: event_type(&outcome.body),
        body_len: outcome.body.len(),
        status,
        verdict,
    };
    sink(event);
    if shared
        .config
        .max_requests
        .is_some_and(|max| sequence >= max)
    {
        shared.finish();
    }
}

struct Outcome {
    /// `None` when a helper thread kept the request (body read timed out).
    request: Option<Request>,
    /// False when the request is answered without reading its body.
    body_read: bool,
    body: Vec<u8>,
    verdict: Verdict,
}

fn process(shared: &Shared, request: Request, headers: &Headers, msg_id: Option<&str>) -> Outcome {
    let config = &shared.config;
    let unread = |request, rejection| Outcome {
        request: Some(request),
        body_read: false,
        body: Vec::new(),
        verdict: Verdict::Rejected(rejection),
    };
    if *request.method() != Method::Post {
        let method = request.method().to_string();
        return unread(request, Rejection::MethodNotAllowed { method });
    }
    let declared = request.body_length().map(|n| n as u64);
    if declared.is_some_and(|n| n > config.max_body) {
        let limit = config.max_body;
        return unread(request, Rejection::BodyTooLarge { limit });
    }
    let body = match read_body(shared, request, declared) {
        BodyRead::Done(request, Ok(body)) => (request, body),
        BodyRead::Done(request, Err(rejection)) => {
            return Outcome {
                request: Some(request),
                body_read: true,
                body: Vec::new(),
                verdict: Verdict::Rejected(rejection),
            };
        }
        BodyRead::NotStarted(request, rejection) => return unread(request, rejection),
        BodyRead::TimedOut(rejection) => {
            return Outcome {
                request: None,
                body_read: true,
                body: Vec::new(),
                verdict: Verdict::Rejected(rejection),
            };
        }
    };
    let (request, body) = body;
    let verdict = match webhook::verify_with_tolerance(
        &config.secret,
        headers,
        &body,
        unix_now(),
        config.tolerance_secs,
    ) {
        Err(err) => Verdict::Rejected(Rejection::Signature(err)),
        Ok(_) if config.database.is_some() => super::store::verdict(config, msg_id, &body),
        Ok(_) => {
            let id = msg_id.unwrap_or_default();
            // A poisoned lock only means another worker panicked mid-insert: the set is intact.
            let mut seen = shared.seen.lock().unwrap_or_else(|p| p.into_inner());
            if seen.insert(id) {
                Verdict::Accepted
            } else {
                Verdict::Duplicate
            }
        }
    };
    Outcome {
        request: Some(request),
        body_read: true,
        body,
        verdict,
    }
}

enum BodyRead {
    Done(Request, Result<Vec<u8>, Rejection>),
    NotStarted(Request, Rejection),
    TimedOut(Rejection),
}

/// Reads at most `max_body + 1` bytes. Small bodies are already in memory; larger ones are
/// read on a helper thread so a stalled client costs that thread, not a worker, and the
/// worker answers 408 after `body_timeout` (the helper answers later, if ever).
fn read_body(shared: &Shared, mut request: Request, declared: Option<u64>) -> BodyRead {
    let limit = shared.config.max_body;
    if !has_lazy_body(&request) && declared.is_some() {
        let result = read_capped(&mut request, limit);
        return BodyRead::Done(request, result);
    }
    let Some(guard) = HelperGuard::acquire(&shared.helpers) else {
        return BodyRead::NotStarted(request, Rejection::Busy);
    };
    let (tx, rx) = mpsc::sync_channel::<(Request, Result<Vec<u8>, Rejection>)>(1);
    let timeout = shared.config.body_timeout;
    let spawned = std::thread::Builder::new()
        .name("listen-body".to_owned())
        .spawn(move || {
            let _guard = guard;
            let result = read_capped(&mut request, limit);
            if let Err(mpsc::SendError((request, _))) = tx.send((request, result)) {
                // The worker gave up waiting and reported a 408; tell the client too.
                let text = Rejection::BodyTimeout { timeout }.to_string();
                respond(request, 408, &format!("{text}\n"), None);
            }
        });
    match spawned {
        Ok(_) => match rx.recv_timeout(timeout) {
            Ok((request, result)) => BodyRead::Done(request, result),
            Err(_) => BodyRead::TimedOut(Rejection::BodyTimeout { timeout }),
        },
        // The closure (and the request in it) is gone: tiny_http answers 500 on drop, and
        // its body is at most `max_body` bytes, so the drain is bounded.
        Err(err) => BodyRead::TimedOut(Rejection::BodyUnreadable {
            reason: format!("fil de lecture impossible à démarrer ({err})"),
        }),
    }
}

/// True when tiny_http did not buffer the body: it is read from the socket on demand, and
/// dropping the request reads the rest (see [`release`]).
fn has_lazy_body(request: &Request) -> bool {
    let expects = request.headers().iter().any(|h| h.field.equiv("Expect"));
    match request.body_length() {
        Some(0) => false,
        Some(n) => n as u64 > BUFFERED_BODY || expects,
        // Chunked: a decoder that reads on demand but does not drain on drop.
        None => true,
    }
}

/// Counts live helper threads; at most [`MAX_HELPERS`].
struct HelperGuard(Arc<AtomicUsize>);

impl HelperGuard {
    fn acquire(counter: &Arc<AtomicUsize>) -> Option<Self> {
        if counter.fetch_add(1, Ordering::SeqCst) >= MAX_HELPERS {
            counter.fetch_sub(1, Ordering::SeqCst);
            return None;
        }
        Some(Self(Arc::clone(counter)))
    }
}

impl Drop for HelperGuard {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::SeqCst);
    }
}

/// Answers a request whose body was not read.
///
/// Dropping such a request makes tiny_http 0.12 read the rest of the body into ONE buffer of
/// the declared size (`EqualReader::drop`): a 1 TB `Content-Length` aborts the process, and a
/// client that stops sending blocks the dropping thread. So: bodies tiny_http buffered are
/// answered here; declared bodies up to [`SAFE_DRAIN`] are answered and drained on a helper
/// thread; anything larger (or when helpers run out) gets its answer through
/// `Request::upgrade`, whose stream is then leaked on purpose, never dropped: one socket per
/// hostile request, instead of a crash.
fn release(shared: &Shared, request: Request, status: u16, text: &str, verdict: Option<&Verdict>) {
    let declared = request.body_length().map_or(0, |n| n as u64);
    if !has_lazy_body(&request) || request.body_length().is_none() {
        respond(request, status, text, verdict);
        return;
    }
    if declared <= SAFE_DRAIN
        && let Some(guard) = HelperGuard::acquire(&shared.helpers)
    {
        let response = build_response(status, text, verdict);
        let spawned = std::thread::Builder::new()
            .name("listen-drain".to_owned())
            .spawn(move || {
                let _guard = guard;
                let _ = request.respond(response);
            });
        // On failure the closure, request included, was dropped: bounded by SAFE_DRAIN.
        drop(spawned);
        return;
    }
    let stream = request.upgrade("close", build_response(status, text, verdict));
    shared.abandoned.fetch_add(1, Ordering::SeqCst);
    std::mem::forget(stream);
}

fn read_capped(request: &mut Request, limit: u64) -> Result<Vec<u8>, Rejection> {
    let mut body = Vec::new();
    match request
        .as_reader()
        .take(limit.saturating_add(1))
        .read_to_end(&mut body)
    {
        Ok(_) if body.len() as u64 > limit => Err(Rejection::BodyTooLarge { limit }),
        Ok(_) => Ok(body),
        Err(err) => Err(Rejection::BodyUnreadable {
            reason: err.to_string(),
        }),
    }
}

fn response_text(verdict: &Verdict, msg_id: Option<&str>) -> String {
    match verdict {
        Verdict::Accepted => String::new(),
        Verdict::Duplicate => format!(
            "doublon : {} déjà traité, ignoré (2xx pour que Svix arrête de relancer)\n",
            msg_id.unwrap_or_default()
        ),
        Verdict::Rejected(rejection) => format!("{rejection}\n"),
    }
}

fn respond(request: Request, status: u16, text: &str, verdict: Option<&Verdict>) {
    // The client may already be gone; there is nobody left to tell.
    let _ = request.respond(build_response(status, text, verdict));
}

fn build_response(status: u16, text: &str, verdict: Option<&Verdict>) -> Response<Cursor<Vec<u8>>> {
    let mut response = Response::from_string(text).with_status_code(status);
    let mut add = |name: &str, value: &str| {
        if let Ok(header) = Header::from_bytes(name.as_bytes(), value.as_bytes()) {
            response.add_header(header);
        }
    };
    if !text.is_empty() {
        add("Content-Type", "text/plain; charset=utf-8");
    }
    if status == 405 {
        add("Allow", "POST");
    }
    if let Some(verdict) = verdict {
        add("X-Webhook-Tutor-Verdict", verdict.code());
        if let Verdict::Rejected(rejection) = verdict {
            add("X-Webhook-Tutor-Error", rejection.code());
        }
    }
    response
}

/// The `type` of a JSON object body, if any.
fn event_type(body: &[u8]) -> Option<String> {
    #[derive(serde::Deserialize)]
    struct Envelope {
        #[serde(rename = "type")]
        kind: Option<serde_json::Value>,
    }
    if body
        .first()
        .is_none_or(|b| !matches!(b, b'{' | b' ' | b'\n' | b'\r' | b'\t'))
    {
        return None;
    }
    match serde_json::from_slice::<Envelope>(body).ok()?.kind? {
        serde_json::Value::String(kind) => Some(kind),
        _ => None,
    }
}

fn unix_now() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX))
}
