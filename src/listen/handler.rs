//! One request: method and size checks, the body read under a deadline, verification,
//! duplicate detection, the response, and the event for the sink. The transport
//! (`listen/http.rs`) hands over a [`Request`] and sends what this decides.

use std::sync::atomic::Ordering;
use std::time::{SystemTime, UNIX_EPOCH};

use super::http::Request;
use super::{ReceivedEvent, Rejection, Shared, Sink, Verdict};
use crate::webhook::{self, HeaderField, Headers};

pub(super) fn handle(shared: &Shared, sink: &Sink, request: &mut Request<'_, '_>) {
    let sequence = shared.handled.fetch_add(1, Ordering::SeqCst) + 1;
    if shared.config.max_requests.is_some_and(|max| sequence > max) {
        request.respond(503, "arrêt en cours\n", &[], true);
        return;
    }
    let received_at = SystemTime::now();
    let method = request.method().to_owned();
    let path = request.path().to_owned();
    let remote = request.remote_addr();
    let headers = Headers::from_pairs(request.headers());
    let msg_id = headers
        .resolve(HeaderField::Id)
        .map(|(_, id)| id.to_owned());

    let (body, verdict) = process(shared, request, &headers, msg_id.as_deref());
    let status = match &verdict {
        Verdict::Accepted => 204,
        Verdict::Duplicate => 200,
        Verdict::Rejected(rejection) => rejection.status(),
    };
    let text = response_text(&verdict, msg_id.as_deref());
    request.respond(status, &text, &verdict_headers(status, &verdict), false);
    let event = ReceivedEvent {
        sequence,
        received_at,
        remote,
        method,
        path,
        msg_id,
        event_type: event_type(&body),
        body_len: body.len(),
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

/// The body read (empty when refused before reading) and the verdict.
fn process(
    shared: &Shared,
    request: &mut Request<'_, '_>,
    headers: &Headers,
    msg_id: Option<&str>,
) -> (Vec<u8>, Verdict) {
    let config = &shared.config;
    let refused = |rejection| (Vec::new(), Verdict::Rejected(rejection));
    if request.method() != "POST" {
        let method = request.method().to_owned();
        return refused(Rejection::MethodNotAllowed { method });
    }
    if request
        .declared_length()
        .is_some_and(|n| n > config.max_body)
    {
        let limit = config.max_body;
        return refused(Rejection::BodyTooLarge { limit });
    }
    let body = match request.read_body(config.max_body) {
        Ok(body) => body,
        Err(rejection) => return refused(rejection),
    };
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
    (body, verdict)
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

/// `Allow` on 405, and the verdict for tools and tests.
fn verdict_headers(status: u16, verdict: &Verdict) -> Vec<(&'static str, &'static str)> {
    let mut headers = Vec::with_capacity(3);
    if status == 405 {
        headers.push(("Allow", "POST"));
    }
    headers.push(("X-Webhook-Tutor-Verdict", verdict.code()));
    if let Verdict::Rejected(rejection) = verdict {
        headers.push(("X-Webhook-Tutor-Error", rejection.code()));
    }
    headers
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
