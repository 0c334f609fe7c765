//! The deliberately broken requests of `send --tamper`: each one must be rejected by a
//! correct endpoint. Deterministic, so tests can name the exact rejection.

use crate::webhook::{self, Secret};

use super::Delivery;

/// How a request is broken. The command-line names are [`TamperKind::name`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TamperKind {
    /// One body byte changed after signing.
    Body,
    /// A forged MAC.
    Signature,
    /// Signed with another secret.
    Secret,
    /// Timestamp 10 minutes in the past, re-signed (a replay).
    Timestamp,
    /// No svix-signature header.
    MissingHeader,
}

/// How old the replayed request of [`TamperKind::Timestamp`] is: twice Svix's tolerance.
pub const REPLAY_AGE_SECS: i64 = 600;

/// The key of [`TamperKind::Secret`]: fixed, so it is never the learner's secret by chance.
const OTHER_KEY: &[u8] = b"webhook-tutor: ceci n'est pas votre secret";

impl TamperKind {
    pub const ALL: [TamperKind; 5] = [
        Self::Body,
        Self::Signature,
        Self::Secret,
        Self::Timestamp,
        Self::MissingHeader,
    ];

    /// The command-line name (`missing-header`…).
    pub fn name(self) -> &'static str {
        match self {
            Self::Body => "body",
            Self::Signature => "signature",
            Self::Secret => "secret",
            Self::Timestamp => "timestamp",
            Self::MissingHeader => "missing-header",
        }
    }

    /// What a correct endpoint detects, in French.
    pub fn describe(self) -> &'static str {
        match self {
            Self::Body => "corps modifié après la signature",
            Self::Signature => "signature falsifiée",
            Self::Secret => "signé avec un autre secret",
            Self::Timestamp => "requête rejouée : horodatage vieux de 10 minutes",
            Self::MissingHeader => "en-tête svix-signature absent",
        }
    }

    /// The [`webhook::WebhookError::code`] a strict verifier returns for this request.
    pub fn expected_code(self) -> &'static str {
        match self {
            Self::Body | Self::Signature | Self::Secret => "no_matching_signature",
            Self::Timestamp => "timestamp_too_old",
            Self::MissingHeader => "missing_header",
        }
    }

    /// Builds the broken request for `body`, sent at `now` (Unix seconds).
    pub fn apply(self, secret: &Secret, msg_id: &str, now: i64, body: &[u8]) -> Delivery {
        match self {
            Self::Body => {
                let mut delivery = Delivery::signed(secret, msg_id, now, body);
                let (index, from, to) = flip_last_alphanumeric(&mut delivery.body);
                delivery.note = Some(format!(
                    "octet n° {index} du corps changé de « {} » en « {} » après la signature",
                    char::from(from),
                    char::from(to)
                ));
                delivery
            }
            Self::Signature => {
                let mut delivery = Delivery::signed(secret, msg_id, now, body);
                delivery.signature = delivery.signature.as_ref().map(|s| forge(s));
                delivery.note =
                    Some("premier caractère du MAC base64 remplacé après la signature".to_owned());
                delivery
            }
            Self::Secret => {
                let other = Secret::from_bytes(OTHER_KEY).unwrap_or_else(|_| secret.clone());
                let mut delivery = Delivery::signed(&other, msg_id, now, body);
                delivery.note = Some("signé avec un secret qui n'est pas le vôtre".to_owned());
                delivery
            }
            Self::Timestamp => {
                let old = now.saturating_sub(REPLAY_AGE_SECS);
                let mut delivery = Delivery::signed(secret, msg_id, old, body);
                delivery.note = Some(format!(
                    "horodatage {old} ({REPLAY_AGE_SECS} s avant maintenant), signature correcte"
                ));
                delivery
            }
            Self::MissingHeader => {
                let mut delivery = Delivery::signed(secret, msg_id, now, body);
                delivery.signature = None;
                delivery.note = Some("en-tête svix-signature retiré".to_owned());
                delivery
            }
        }
    }
}

/// Changes the last ASCII letter or digit (usually inside a JSON value) to its neighbour,
/// so the body stays valid UTF-8 and valid JSON. An empty or letterless body gets a space
/// appended. Returns the position and the old and new bytes.
fn flip_last_alphanumeric(body: &mut Vec<u8>) -> (usize, u8, u8) {
    match body.iter().rposition(u8::is_ascii_alphanumeric) {
        Some(index) => {
            let from = body.get(index).copied().unwrap_or(b'a');
            let to = match from {
                b'z' | b'Z' | b'9' => from - 1,
                _ => from + 1,
            };
            if let Some(byte) = body.get_mut(index) {
                *byte = to;
            }
            (index, from, to)
        }
        None => {
            body.push(b' ');
            (body.len() - 1, b' ', b' ')
        }
    }
}

/// `v1,<base64>` with the first base64 character replaced by another valid one.
fn forge(signature: &str) -> String {
    let prefix = format!("{},", webhook::SIGNATURE_VERSION);
    let mac = signature.strip_prefix(&prefix).unwrap_or(signature);
    let mut chars = mac.chars();
    let first = chars.next().unwrap_or('A');
    let replacement = if first == 'A' { 'B' } else { 'A' };
    format!("{prefix}{replacement}{}", chars.as_str())
}
