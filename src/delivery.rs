//! Svix delivery semantics as pure data and functions, shared by `send`, `listen` and the
//! sandbox: the retry schedule ([`RETRY_SCHEDULE`]), what a response status means and what
//! to fix ([`Diagnosis`]), the receiver's duplicate filter ([`SeenIds`]), the outgoing
//! request Svix would send ([`Delivery`]) and its deliberately broken variants
//! ([`TamperKind`]), and a one-line body excerpt for logs.
//!
//! No I/O and no clock: callers pass the time in.

mod dedup;
mod diagnosis;
mod schedule;
mod tamper;

pub use dedup::SeenIds;
pub use diagnosis::{Diagnosis, ResponseOutcome};
pub use schedule::{
    ATTEMPTS, RESPONSE_TIMEOUT, RETRY_SCHEDULE, delay_before, elapsed_at, format_duration,
    schedule_label, total_span,
};
pub use tamper::{REPLAY_AGE_SECS, TamperKind};

use crate::webhook::{self, Secret};

/// The `user-agent` of `send`, shaped like Svix's own (`Svix-Webhooks/1.x (…)`).
pub const USER_AGENT: &str = concat!(
    "Svix-Webhooks/1.x (webhook-tutor/",
    env!("CARGO_PKG_VERSION"),
    ")"
);

/// One outgoing webhook request: what Svix would put on the wire.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Delivery {
    pub msg_id: String,
    /// The `svix-timestamp` header, Unix seconds.
    pub timestamp: i64,
    /// The `svix-signature` header, or `None` when it is left out on purpose.
    pub signature: Option<String>,
    /// The exact body bytes.
    pub body: Vec<u8>,
    /// For tampered requests: what was broken, in French.
    pub note: Option<String>,
}

impl Delivery {
    /// A correctly signed delivery.
    pub fn signed(secret: &Secret, msg_id: &str, timestamp: i64, body: &[u8]) -> Self {
        Self {
            msg_id: msg_id.to_owned(),
            timestamp,
            signature: Some(webhook::sign(secret, msg_id, timestamp, body)),
            body: body.to_vec(),
            note: None,
        }
    }

    /// The headers, in the order Svix sends them: `svix-id`, `svix-timestamp`,
    /// `svix-signature` (when present), `content-type`, `user-agent`.
    pub fn headers(&self) -> Vec<(&'static str, String)> {
        let mut headers = vec![
            ("svix-id", self.msg_id.clone()),
            ("svix-timestamp", self.timestamp.to_string()),
        ];
        if let Some(signature) = &self.signature {
            headers.push(("svix-signature", signature.clone()));
        }
        headers.push(("content-type", "application/json".to_owned()));
        headers.push(("user-agent", USER_AGENT.to_owned()));
        headers
    }
}

/// The first `max_chars` characters of `bytes` as one printable line: invalid UTF-8 becomes
/// `�`, control characters are escaped (`\n`, `\u{1b}`…), and `…` marks a cut.
pub fn excerpt(bytes: &[u8], max_chars: usize) -> String {
    let text = String::from_utf8_lossy(bytes);
    let mut out = String::new();
    let mut chars = text.chars();
    for c in chars.by_ref().take(max_chars) {
        if c.is_control() {
            out.extend(c.escape_default());
        } else {
            out.push(c);
        }
    }
    if chars.next().is_some() {
        out.push('…');
    }
    out
}

#[cfg(test)]
mod tests;
