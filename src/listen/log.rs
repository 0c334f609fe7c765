//! One line per received request, as `listen` prints it and the sandbox's « Réception »
//! view shows it: readable text or one JSON object. Times are UTC (no time-zone database).

use std::fmt::Write as _;
use std::time::{SystemTime, UNIX_EPOCH};

use super::{ReceivedEvent, Verdict};
use crate::delivery;

/// `18:42:07  POST /api/webhooks  msg_…  ✓ accepté (204)  [user.created]`. Everything the
/// client chose (path, id, type) is shortened and has its control characters escaped, so a
/// request cannot move the cursor or recolour the terminal.
pub fn text_line(event: &ReceivedEvent) -> String {
    let shown = |text: &str, max| delivery::excerpt(text.as_bytes(), max);
    let mut line = format!(
        "{}  {} {}  {}  ",
        utc_time(event.received_at),
        shown(&event.method, 16),
        shown(&event.path, 80),
        event
            .msg_id
            .as_deref()
            .map_or_else(|| "(sans svix-id)".to_owned(), |id| shown(id, 60))
    );
    match &event.verdict {
        Verdict::Accepted => {
            let _ = write!(line, "✓ accepté ({})", event.status);
        }
        Verdict::Duplicate => {
            let _ = write!(line, "doublon ({}) : déjà traité, ignoré", event.status);
        }
        Verdict::Rejected(rejection) => {
            let _ = write!(line, "✗ rejeté ({}) : {rejection}", event.status);
        }
    }
    if let Some(kind) = &event.event_type {
        let _ = write!(line, "  [{}]", shown(kind, 60));
    }
    line
}

/// One JSON object: time, remote, method, path, status, verdict, error, msg_id, type.
pub fn json_line(event: &ReceivedEvent) -> String {
    let (error, reason) = match &event.verdict {
        Verdict::Rejected(rejection) => (Some(rejection.code()), Some(rejection.to_string())),
        _ => (None, None),
    };
    serde_json::json!({
        "time": utc_rfc3339(event.received_at),
        "sequence": event.sequence,
        "remote": event.remote.map(|a| a.to_string()),
        "method": event.method,
        "path": event.path,
        "status": event.status,
        "verdict": event.verdict.code(),
        "error": error,
        "reason": reason,
        "msg_id": event.msg_id,
        "type": event.event_type,
        "body_len": event.body_len,
    })
    .to_string()
}

fn unix_parts(time: SystemTime) -> (i64, u32) {
    let d = time.duration_since(UNIX_EPOCH).unwrap_or_default();
    (
        i64::try_from(d.as_secs()).unwrap_or(i64::MAX),
        d.subsec_millis(),
    )
}

/// `HH:MM:SS` in UTC (no time-zone database here).
fn utc_time(time: SystemTime) -> String {
    let (secs, _) = unix_parts(time);
    let day = secs.rem_euclid(86_400);
    format!("{:02}:{:02}:{:02}", day / 3600, day % 3600 / 60, day % 60)
}

/// `2026-11-28T18:42:07.123Z`.
fn utc_rfc3339(time: SystemTime) -> String {
    let (secs, millis) = unix_parts(time);
    let (y, m, d) = crate::progress::civil_from_days(secs.div_euclid(86_400));
    let day = secs.rem_euclid(86_400);
    format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}.{millis:03}Z",
        day / 3600,
        day % 3600 / 60,
        day % 60
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::listen::Rejection;
    use crate::webhook::{HeaderField, WebhookError};
    use std::net::SocketAddr;
    use std::time::Duration;

    fn event(verdict: Verdict, status: u16) -> ReceivedEvent {
        ReceivedEvent {
            sequence: 3,
            received_at: UNIX_EPOCH + Duration::from_millis(1_764_355_327_123),
            remote: Some(SocketAddr::from(([127, 0, 0, 1], 50000))),
            method: "POST".into(),
            path: "/api/webhooks".into(),
            msg_id: Some("msg_1".into()),
            event_type: Some("user.created".into()),
            body_len: 42,
            status,
            verdict,
        }
    }

    #[test]
    fn text_lines_per_verdict() {
        assert_eq!(
            text_line(&event(Verdict::Accepted, 204)),
            "18:42:07  POST /api/webhooks  msg_1  ✓ accepté (204)  [user.created]"
        );
        assert_eq!(
            text_line(&event(Verdict::Duplicate, 200)),
            "18:42:07  POST /api/webhooks  msg_1  doublon (200) : déjà traité, ignoré  [user.created]"
        );
        let missing = Rejection::Signature(WebhookError::MissingHeader {
            header: HeaderField::Signature,
        });
        let mut rejected = event(Verdict::Rejected(missing), 400);
        rejected.msg_id = None;
        rejected.event_type = None;
        assert_eq!(
            text_line(&rejected),
            "18:42:07  POST /api/webhooks  (sans svix-id)  ✗ rejeté (400) : en-tête « svix-signature » manquant (ni svix-signature ni webhook-signature) — transmettez les en-têtes de la requête reçue tels quels"
        );
    }

    #[test]
    fn text_lines_escape_what_the_client_chose() {
        let mut e = event(Verdict::Accepted, 204);
        e.path = "/\u{1b}[2J".into();
        e.msg_id = Some("msg_\n2".into());
        assert_eq!(
            text_line(&e),
            "18:42:07  POST /\\u{1b}[2J  msg_\\n2  ✓ accepté (204)  [user.created]"
        );
    }

    #[test]
    fn json_lines_carry_the_machine_fields() {
        let rejected = event(
            Verdict::Rejected(Rejection::BodyTooLarge { limit: 10 }),
            413,
        );
        let value: serde_json::Value = serde_json::from_str(&json_line(&rejected)).unwrap();
        assert_eq!(
            value,
            serde_json::json!({
                "time": "2025-11-28T18:42:07.123Z",
                "sequence": 3,
                "remote": "127.0.0.1:50000",
                "method": "POST",
                "path": "/api/webhooks",
                "status": 413,
                "verdict": "rejected",
                "error": "body_too_large",
                "reason": "corps trop gros : plus de 10 octets — Clerk n'envoie jamais d'événement aussi lourd",
                "msg_id": "msg_1",
                "type": "user.created",
                "body_len": 42,
            })
        );
    }

    #[test]
    fn dates_are_utc() {
        let t = UNIX_EPOCH + Duration::from_millis(1_764_355_327_123);
        assert_eq!(utc_rfc3339(t), "2025-11-28T18:42:07.123Z");
        assert_eq!(utc_time(t), "18:42:07");
        assert_eq!(utc_rfc3339(UNIX_EPOCH), "1970-01-01T00:00:00.000Z");
        let leap = UNIX_EPOCH + Duration::from_secs(951_782_400);
        assert_eq!(utc_rfc3339(leap), "2000-02-29T00:00:00.000Z");
    }
}
