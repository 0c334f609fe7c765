//! Svix / Standard Webhooks signatures: signing, verification and a step-by-step explanation.
//!
//! This module follows the strict profile of the Rust `svix` crate (2.9.1), which the sandbox
//! teaches as the reference:
//! - secret: `whsec_` stripped once, then strict padded canonical standard base64, non-empty;
//! - signed content: `{id}.{timestamp}.{body}` over the raw body bytes, HMAC-SHA256, padded
//!   standard base64, header entries `v1,<base64>` separated by single spaces;
//! - checks, in this order: `id`, `signature`, `timestamp` headers (each `svix-*` first, then
//!   `webhook-*`; visible ASCII), timestamp as `i64`, tolerance (negative refused, 300 s both
//!   ways, inclusive), body UTF-8, then any `v1` entry equal to the expected text, compared in
//!   constant time.
//!
//! It is pure: no terminal, no I/O, and the clock is always passed in. How the Python and
//! JavaScript libraries differ is described in [`library_differences`].

mod error;
mod explain;
mod headers;
mod notes;
mod report;
mod request;
mod secret;
mod sign;

pub use error::{WebhookError, is_integer_text};
pub use explain::{
    EntryCheck, EntryOutcome, Explanation, HeaderLookup, MalformedEntry, MismatchKind,
    PayloadCheck, TimestampCheck, explain,
};
pub use headers::{HeaderField, HeaderLineError, HeaderSource, Headers, parse_header_line};
pub use notes::{Library, LibraryNote, library_differences};
pub use request::{
    RawRequest, RequestError, RequestWarning, parse_raw_request, repeated_signature_headers,
};
pub use secret::{GENERATED_KEY_LEN, SECRET_PREFIX, Secret, SecretProblem};
pub use sign::{
    MacBytes, SIGNATURE_VERSION, SignatureDetails, SignedContent, compute_mac, new_msg_id, sign,
    sign_detailed, sign_many,
};

/// Svix's tolerance on the timestamp, in seconds, both ways.
pub const DEFAULT_TOLERANCE_SECS: u64 = 300;

/// A successful verification.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Verified {
    pub msg_id: String,
    /// The parsed timestamp (what was signed).
    pub timestamp: i64,
    /// Zero-based position, in the space-separated signature header, of the entry that matched.
    pub matched_index: usize,
}

/// How the timestamp is checked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TimestampPolicy {
    /// Reject timestamps more than `tolerance_secs` away from `now` (Unix seconds), and negative ones.
    Enforce { now: i64, tolerance_secs: u64 },
    /// Only parse the timestamp (Rust `svix`'s `verify_ignoring_timestamp`).
    Ignore,
}

impl TimestampPolicy {
    /// Svix's default: 300 s around `now`.
    pub fn at(now: i64) -> Self {
        Self::Enforce {
            now,
            tolerance_secs: DEFAULT_TOLERANCE_SECS,
        }
    }
}

/// Verifies a delivery with Svix's 300 s tolerance around `now` (Unix seconds).
pub fn verify(
    secret: &Secret,
    headers: &Headers,
    body: &[u8],
    now: i64,
) -> Result<Verified, WebhookError> {
    verify_with_policy(secret, headers, body, TimestampPolicy::at(now))
}

/// [`verify`] with another tolerance, in seconds, both ways.
pub fn verify_with_tolerance(
    secret: &Secret,
    headers: &Headers,
    body: &[u8],
    now: i64,
    tolerance_secs: u64,
) -> Result<Verified, WebhookError> {
    let policy = TimestampPolicy::Enforce {
        now,
        tolerance_secs,
    };
    verify_with_policy(secret, headers, body, policy)
}

/// [`verify`] without the tolerance check (the timestamp must still parse and is still signed).
pub fn verify_ignoring_timestamp(
    secret: &Secret,
    headers: &Headers,
    body: &[u8],
) -> Result<Verified, WebhookError> {
    verify_with_policy(secret, headers, body, TimestampPolicy::Ignore)
}

/// The verification itself, in the strict profile's order. Lean on purpose: no allocation
/// besides the returned id, the body is MACed in place, and the expected text lives on the stack.
pub fn verify_with_policy(
    secret: &Secret,
    headers: &Headers,
    body: &[u8],
    policy: TimestampPolicy,
) -> Result<Verified, WebhookError> {
    let msg_id = header_value(headers, HeaderField::Id)?;
    let signature = header_value(headers, HeaderField::Signature)?;
    let timestamp = parse_timestamp(header_value(headers, HeaderField::Timestamp)?)?;
    if let TimestampPolicy::Enforce {
        now,
        tolerance_secs,
    } = policy
    {
        check_timestamp(timestamp, now, tolerance_secs)?;
    }
    check_payload(body)?;

    let mac = compute_mac(secret, msg_id, timestamp, body);
    let mut buf = [0u8; sign::MAC_BASE64_LEN];
    let expected = sign::encode_mac(&mac, &mut buf);
    let (mut tried, mut ignored) = (0, 0);
    for (index, entry) in signature.split(' ').enumerate() {
        match classify_entry(entry) {
            Entry::V1(candidate) => {
                tried += 1;
                if constant_time_eq(candidate.as_bytes(), expected) {
                    return Ok(Verified {
                        msg_id: msg_id.to_owned(),
                        timestamp,
                        matched_index: index,
                    });
                }
            }
            Entry::Empty | Entry::NoComma | Entry::OtherVersion(_) => ignored += 1,
        }
    }
    Err(WebhookError::NoMatchingSignature { tried, ignored })
}

/// Looks a header up (`svix-*` then `webhook-*`) and requires visible ASCII.
fn header_value(headers: &Headers, field: HeaderField) -> Result<&str, WebhookError> {
    let (source, value) = headers
        .resolve(field)
        .ok_or(WebhookError::MissingHeader { header: field })?;
    if headers::is_visible_ascii(value) {
        Ok(value)
    } else {
        Err(WebhookError::InvalidHeader {
            header: field,
            name: source.name(field),
        })
    }
}

/// `i64::from_str`: optional sign and ASCII digits, nothing else.
fn parse_timestamp(text: &str) -> Result<i64, WebhookError> {
    text.parse::<i64>()
        .map_err(|_| WebhookError::InvalidTimestamp {
            value: text.to_owned(),
        })
}

/// Too old iff `ts + tolerance < now`; too new iff `ts > now + tolerance` (inclusive bounds).
/// Computed in `i128`, so no input can overflow.
fn check_timestamp(timestamp: i64, now: i64, tolerance_secs: u64) -> Result<(), WebhookError> {
    if timestamp < 0 {
        return Err(WebhookError::NegativeTimestamp { value: timestamp });
    }
    let (ts, now, tol) = (
        i128::from(timestamp),
        i128::from(now),
        i128::from(tolerance_secs),
    );
    let clamp = |secs: i128| u64::try_from(secs).unwrap_or(u64::MAX);
    if ts + tol < now {
        Err(WebhookError::TimestampTooOld {
            age_secs: clamp(now - ts),
            tolerance_secs,
        })
    } else if ts > now + tol {
        Err(WebhookError::TimestampTooNew {
            ahead_secs: clamp(ts - now),
            tolerance_secs,
        })
    } else {
        Ok(())
    }
}

fn check_payload(body: &[u8]) -> Result<(), WebhookError> {
    std::str::from_utf8(body)
        .map(|_| ())
        .map_err(|err| WebhookError::InvalidPayload {
            valid_up_to: err.valid_up_to(),
        })
}

/// One space-separated item of the signature header.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Entry<'a> {
    Empty,
    NoComma,
    OtherVersion(&'a str),
    /// Everything after the first comma of a `v1,…` entry.
    V1(&'a str),
}

fn classify_entry(entry: &str) -> Entry<'_> {
    match entry.split_once(',') {
        Some((SIGNATURE_VERSION, candidate)) => Entry::V1(candidate),
        Some((version, _)) => Entry::OtherVersion(version),
        None if entry.is_empty() => Entry::Empty,
        None => Entry::NoComma,
    }
}

/// Length check, then an XOR fold over every byte (no early exit on the first difference).
fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

#[cfg(test)]
mod tests;
