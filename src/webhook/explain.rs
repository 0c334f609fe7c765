//! `explain`: the verification as a value listing every step — which header name was read,
//! the signed content, the key, the expected MAC, how each signature entry compared, the
//! timestamp's age against the tolerance, the UTF-8 check — and the verdict.
//!
//! Every step is computed even after one fails (a stale request still shows whether its
//! signature would have matched), but the verdict is the first failing step in the strict
//! profile's order, so `result` is exactly what [`super::verify_with_policy`] returns.

use super::sign::{SignatureDetails, sign_detailed};
use super::{
    Entry, HeaderField, HeaderSource, Headers, Secret, TimestampPolicy, Verified, WebhookError,
    check_payload, check_timestamp, classify_entry, constant_time_eq, header_value,
    parse_timestamp,
};

/// The full trace of one verification.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Explanation {
    pub id: HeaderLookup,
    pub timestamp: HeaderLookup,
    pub signature: HeaderLookup,
    pub timestamp_check: TimestampCheck,
    pub payload: PayloadCheck,
    /// The key used (`key.as_bytes()` for the decoded bytes; a UI shows a truncated view).
    /// Kept as a `Secret` so `{:?}` of an explanation never prints it.
    pub key: Secret,
    /// The signed content and expected MAC; `None` when the id or timestamp is unusable.
    pub expected: Option<SignatureDetails>,
    /// Every space-separated entry of the signature header, in order.
    pub entries: Vec<EntryCheck>,
    /// Identical to what `verify` returns for the same inputs.
    pub result: Result<Verified, WebhookError>,
}

/// How one of the three headers was resolved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HeaderLookup {
    pub field: HeaderField,
    /// Which name it was read from (`svix-*` first, else `webhook-*`); `None` if missing.
    pub source: Option<HeaderSource>,
    pub value: Option<String>,
    /// `MissingHeader` or `InvalidHeader` when the header is unusable.
    pub outcome: Result<(), WebhookError>,
}

impl HeaderLookup {
    /// The header name actually read, e.g. `webhook-id`.
    pub fn name_used(&self) -> Option<&'static str> {
        self.source.map(|s| s.name(self.field))
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TimestampCheck {
    /// The timestamp header is missing or not visible ASCII.
    Unavailable,
    /// `InvalidTimestamp`: not an `i64`.
    Unparsable { error: WebhookError },
    /// Parsed, not compared with the clock (`verify_ignoring_timestamp`).
    Ignored { timestamp: i64 },
    Checked {
        timestamp: i64,
        now: i64,
        tolerance_secs: u64,
        /// `now - timestamp`, saturated: positive in the past, negative in the future.
        age_secs: i64,
        outcome: Result<(), WebhookError>,
    },
}

impl TimestampCheck {
    pub fn timestamp(&self) -> Option<i64> {
        match self {
            Self::Ignored { timestamp } | Self::Checked { timestamp, .. } => Some(*timestamp),
            Self::Unavailable | Self::Unparsable { .. } => None,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PayloadCheck {
    pub len: usize,
    /// `InvalidPayload` when the body is not UTF-8.
    pub outcome: Result<(), WebhookError>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EntryCheck {
    /// Zero-based position in the header.
    pub index: usize,
    pub text: String,
    pub outcome: EntryOutcome,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EntryOutcome {
    /// A `v1` entry equal to the expected signature.
    Matched,
    /// A `v1` entry that was compared and differs.
    Mismatch(MismatchKind),
    /// Another version (`v1a`, `v2`, `V1`…), skipped like every official library does.
    VersionIgnored {
        version: String,
    },
    Malformed(MalformedEntry),
    /// A `v1` entry that could not be compared: no expected signature (id or timestamp unusable).
    NotCompared,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MismatchKind {
    /// `v1,` with nothing after the comma.
    Empty,
    /// Not 44 characters: truncated, or with extra text after the base64.
    WrongLength { len: usize, expected: usize },
    /// Right length, different text: another key, body, id or timestamp.
    DifferentMac,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MalformedEntry {
    /// An empty item, from a leading, trailing or doubled space.
    Empty,
    /// No comma, so no `version,signature` pair.
    NoComma,
}

/// Runs every step of the verification and records it. See the module docs.
pub fn explain(
    secret: &Secret,
    headers: &Headers,
    body: &[u8],
    policy: TimestampPolicy,
) -> Explanation {
    let lookup = |field| {
        let found = headers.resolve(field);
        HeaderLookup {
            field,
            source: found.map(|(source, _)| source),
            value: found.map(|(_, value)| value.to_owned()),
            outcome: header_value(headers, field).map(|_| ()),
        }
    };
    let (id, timestamp, signature) = (
        lookup(HeaderField::Id),
        lookup(HeaderField::Timestamp),
        lookup(HeaderField::Signature),
    );

    let timestamp_check = match header_value(headers, HeaderField::Timestamp) {
        Err(_) => TimestampCheck::Unavailable,
        Ok(text) => match (parse_timestamp(text), policy) {
            (Err(error), _) => TimestampCheck::Unparsable { error },
            (Ok(ts), TimestampPolicy::Ignore) => TimestampCheck::Ignored { timestamp: ts },
            (
                Ok(ts),
                TimestampPolicy::Enforce {
                    now,
                    tolerance_secs,
                },
            ) => TimestampCheck::Checked {
                timestamp: ts,
                now,
                tolerance_secs,
                age_secs: now.saturating_sub(ts),
                outcome: check_timestamp(ts, now, tolerance_secs),
            },
        },
    };
    let payload = PayloadCheck {
        len: body.len(),
        outcome: check_payload(body),
    };

    let msg_id = header_value(headers, HeaderField::Id).ok();
    let expected = match (msg_id, timestamp_check.timestamp()) {
        (Some(msg_id), Some(ts)) => Some(sign_detailed(secret, msg_id, ts, body)),
        _ => None,
    };
    let entries = match header_value(headers, HeaderField::Signature) {
        Ok(value) => value
            .split(' ')
            .enumerate()
            .map(|(index, text)| EntryCheck {
                index,
                text: text.to_owned(),
                outcome: entry_outcome(text, expected.as_ref()),
            })
            .collect(),
        Err(_) => Vec::new(),
    };

    let result = verdict(
        &id,
        &timestamp,
        &signature,
        &timestamp_check,
        &payload,
        &entries,
    );
    Explanation {
        id,
        timestamp,
        signature,
        timestamp_check,
        payload,
        key: secret.clone(),
        expected,
        entries,
        result,
    }
}

fn entry_outcome(text: &str, expected: Option<&SignatureDetails>) -> EntryOutcome {
    match classify_entry(text) {
        Entry::Empty => EntryOutcome::Malformed(MalformedEntry::Empty),
        Entry::NoComma => EntryOutcome::Malformed(MalformedEntry::NoComma),
        Entry::OtherVersion(version) => EntryOutcome::VersionIgnored {
            version: version.to_owned(),
        },
        Entry::V1(candidate) => match expected {
            None => EntryOutcome::NotCompared,
            Some(expected) => {
                let want = expected.base64.as_bytes();
                if constant_time_eq(candidate.as_bytes(), want) {
                    EntryOutcome::Matched
                } else if candidate.is_empty() {
                    EntryOutcome::Mismatch(MismatchKind::Empty)
                } else if candidate.len() != want.len() {
                    EntryOutcome::Mismatch(MismatchKind::WrongLength {
                        len: candidate.len(),
                        expected: want.len(),
                    })
                } else {
                    EntryOutcome::Mismatch(MismatchKind::DifferentMac)
                }
            }
        },
    }
}

/// The first failing step, in the order of the Rust `svix` crate.
fn verdict(
    id: &HeaderLookup,
    timestamp: &HeaderLookup,
    signature: &HeaderLookup,
    timestamp_check: &TimestampCheck,
    payload: &PayloadCheck,
    entries: &[EntryCheck],
) -> Result<Verified, WebhookError> {
    id.outcome.clone()?;
    signature.outcome.clone()?;
    timestamp.outcome.clone()?;
    let ts = match timestamp_check {
        // Only when the timestamp header failed, which returned above.
        TimestampCheck::Unavailable => {
            return Err(WebhookError::MissingHeader {
                header: HeaderField::Timestamp,
            });
        }
        TimestampCheck::Unparsable { error } => return Err(error.clone()),
        TimestampCheck::Ignored { timestamp } => *timestamp,
        TimestampCheck::Checked {
            timestamp, outcome, ..
        } => {
            outcome.clone()?;
            *timestamp
        }
    };
    payload.outcome.clone()?;
    if let Some(hit) = entries.iter().find(|e| e.outcome == EntryOutcome::Matched) {
        return Ok(Verified {
            msg_id: id.value.clone().unwrap_or_default(),
            timestamp: ts,
            matched_index: hit.index,
        });
    }
    let tried = entries
        .iter()
        .filter(|e| {
            matches!(
                e.outcome,
                EntryOutcome::Mismatch(_) | EntryOutcome::NotCompared
            )
        })
        .count();
    Err(WebhookError::NoMatchingSignature {
        tried,
        ignored: entries.len() - tried,
    })
}
