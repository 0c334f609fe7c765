//! A tiny case-insensitive header list, the three signature headers and their aliases.
//!
//! No `http` crate: callers (CLI, sandbox, `listen`) hand over plain strings. Lookup follows the
//! strict profile: the first header with a matching name wins (as `http::HeaderMap::get`), and
//! each of the three headers is resolved on its own, `svix-*` first, then `webhook-*`.

use std::fmt;

/// One of the three headers a signed webhook carries.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum HeaderField {
    Id,
    Timestamp,
    Signature,
}

impl HeaderField {
    pub const ALL: [HeaderField; 3] = [Self::Id, Self::Timestamp, Self::Signature];

    /// `svix-id`, `svix-timestamp`, `svix-signature` (what Clerk sends).
    pub fn svix_name(self) -> &'static str {
        match self {
            Self::Id => "svix-id",
            Self::Timestamp => "svix-timestamp",
            Self::Signature => "svix-signature",
        }
    }

    /// `webhook-id`, … (Standard Webhooks / white-label Svix names).
    pub fn webhook_name(self) -> &'static str {
        match self {
            Self::Id => "webhook-id",
            Self::Timestamp => "webhook-timestamp",
            Self::Signature => "webhook-signature",
        }
    }

    /// Short name as the Rust `svix` crate reports it: `id`, `timestamp`, `signature`.
    pub fn short_name(self) -> &'static str {
        match self {
            Self::Id => "id",
            Self::Timestamp => "timestamp",
            Self::Signature => "signature",
        }
    }
}

/// Which name a header was found under.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum HeaderSource {
    /// `svix-*`, tried first.
    Svix,
    /// `webhook-*`, the fallback alias.
    Webhook,
}

impl HeaderSource {
    pub fn name(self, field: HeaderField) -> &'static str {
        match self {
            Self::Svix => field.svix_name(),
            Self::Webhook => field.webhook_name(),
        }
    }
}

/// An ordered list of `(name, value)` pairs with case-insensitive lookup.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Headers {
    entries: Vec<(String, String)>,
}

impl Headers {
    pub fn new() -> Self {
        Self::default()
    }

    /// Builder form of [`Headers::append`].
    #[must_use]
    pub fn with(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.append(name, value);
        self
    }

    /// Adds a header after the existing ones; duplicates are kept (the first one wins on lookup).
    pub fn append(&mut self, name: impl Into<String>, value: impl Into<String>) {
        self.entries.push((name.into(), value.into()));
    }

    pub fn from_pairs<N, V>(pairs: impl IntoIterator<Item = (N, V)>) -> Self
    where
        N: Into<String>,
        V: Into<String>,
    {
        let mut headers = Self::new();
        for (name, value) in pairs {
            headers.append(name, value);
        }
        headers
    }

    /// The three `svix-*` headers of a signed message.
    pub fn svix(msg_id: &str, timestamp: i64, signature: &str) -> Self {
        Self::new()
            .with("svix-id", msg_id)
            .with("svix-timestamp", timestamp.to_string())
            .with("svix-signature", signature)
    }

    /// The three `webhook-*` headers of a signed message (Standard Webhooks naming).
    pub fn webhook(msg_id: &str, timestamp: i64, signature: &str) -> Self {
        Self::new()
            .with("webhook-id", msg_id)
            .with("webhook-timestamp", timestamp.to_string())
            .with("webhook-signature", signature)
    }

    /// Parses a `name: value` line (as typed after `--header`) and appends it.
    pub fn append_line(&mut self, line: &str) -> Result<(), HeaderLineError> {
        let (name, value) = parse_header_line(line)?;
        self.append(name, value);
        Ok(())
    }

    /// First value whose name equals `name`, ignoring ASCII case.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.entries
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// Resolves one signature header: `svix-*` if present (even empty), else `webhook-*`.
    pub fn resolve(&self, field: HeaderField) -> Option<(HeaderSource, &str)> {
        self.get(field.svix_name())
            .map(|v| (HeaderSource::Svix, v))
            .or_else(|| {
                self.get(field.webhook_name())
                    .map(|v| (HeaderSource::Webhook, v))
            })
    }

    pub fn iter(&self) -> impl Iterator<Item = (&str, &str)> {
        self.entries.iter().map(|(n, v)| (n.as_str(), v.as_str()))
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}

/// A `--header` argument that is not `name: value`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum HeaderLineError {
    #[error(
        "en-tête « {line} » sans deux-points — écrivez « nom: valeur », par exemple « svix-id: msg_… »"
    )]
    MissingColon { line: String },
    #[error(
        "nom d'en-tête invalide dans « {line} » — un nom d'en-tête ne contient ni espace ni caractère spécial (exemple : svix-timestamp)"
    )]
    InvalidName { line: String },
}

/// Splits `name: value` at the first colon and trims optional whitespace around the value,
/// as an HTTP parser does.
pub fn parse_header_line(line: &str) -> Result<(String, String), HeaderLineError> {
    let Some((name, value)) = line.split_once(':') else {
        return Err(HeaderLineError::MissingColon {
            line: line.to_owned(),
        });
    };
    let name = name.trim();
    if name.is_empty() || !name.bytes().all(is_token_byte) {
        return Err(HeaderLineError::InvalidName {
            line: line.to_owned(),
        });
    }
    let value = value.trim_matches([' ', '\t', '\r', '\n']);
    Ok((name.to_owned(), value.to_owned()))
}

/// RFC 9110 `tchar`.
fn is_token_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b)
}

/// What `http::HeaderValue::to_str` accepts: visible ASCII, space and tab.
pub(crate) fn is_visible_ascii(value: &str) -> bool {
    value
        .bytes()
        .all(|b| b == b'\t' || (b' '..=b'~').contains(&b))
}

impl fmt::Display for HeaderField {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.svix_name())
    }
}
