//! Signing: the signed content `{id}.{timestamp}.{body}`, its HMAC-SHA256, and the `v1,<base64>`
//! header entries. Works on any body bytes (the sandbox signs non-UTF-8 bodies too); only
//! verification insists on UTF-8.

use std::fmt::Write as _;

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use hmac::{Hmac, KeyInit as _, Mac as _};
use sha2::Sha256;

use super::secret::Secret;

/// The only scheme the strict profile checks: HMAC-SHA256, standard padded base64.
pub const SIGNATURE_VERSION: &str = "v1";

/// Length of the base64 text of a 32-byte MAC (with one `=`).
pub(crate) const MAC_BASE64_LEN: usize = 44;

/// A raw HMAC-SHA256 output.
pub type MacBytes = [u8; 32];

/// The three parts of the signed content, kept apart so a UI can colour them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignedContent {
    pub msg_id: String,
    /// The re-formatted integer (`+0123` in a header is signed as `123`).
    pub timestamp: String,
    pub body: Vec<u8>,
}

impl SignedContent {
    pub fn new(msg_id: &str, timestamp: i64, body: &[u8]) -> Self {
        Self {
            msg_id: msg_id.to_owned(),
            timestamp: timestamp.to_string(),
            body: body.to_vec(),
        }
    }

    /// `{msg_id}.{timestamp}.{body}`, the exact bytes that are MACed.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(self.len());
        out.extend_from_slice(self.msg_id.as_bytes());
        out.push(b'.');
        out.extend_from_slice(self.timestamp.as_bytes());
        out.push(b'.');
        out.extend_from_slice(&self.body);
        out
    }

    pub fn len(&self) -> usize {
        self.msg_id.len() + self.timestamp.len() + self.body.len() + 2
    }

    /// Always false: the content holds at least the two dots.
    pub fn is_empty(&self) -> bool {
        false
    }
}

/// Everything about one signature, for the sandbox and `--explain`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignatureDetails {
    pub content: SignedContent,
    pub mac: MacBytes,
    /// Standard padded base64 of `mac`: the part after `v1,`.
    pub base64: String,
}

impl SignatureDetails {
    /// The header entry `v1,<base64>`.
    pub fn entry(&self) -> String {
        format!("{SIGNATURE_VERSION},{}", self.base64)
    }

    /// Lower-case hex of the raw MAC.
    pub fn mac_hex(&self) -> String {
        hex(&self.mac)
    }
}

/// The header value `v1,<base64>` for one secret.
pub fn sign(secret: &Secret, msg_id: &str, timestamp: i64, body: &[u8]) -> String {
    let mac = compute_mac(secret, msg_id, timestamp, body);
    format!("{SIGNATURE_VERSION},{}", STANDARD.encode(mac))
}

/// A rotation header: one `v1,…` entry per secret, in order, separated by single spaces
/// (what Svix sends while an old and a new secret are both active). Empty for no secrets.
pub fn sign_many(secrets: &[Secret], msg_id: &str, timestamp: i64, body: &[u8]) -> String {
    let mut header = String::with_capacity(secrets.len() * (MAC_BASE64_LEN + 4));
    for (i, secret) in secrets.iter().enumerate() {
        if i > 0 {
            header.push(' ');
        }
        header.push_str(&sign(secret, msg_id, timestamp, body));
    }
    header
}

/// The signed content and its MAC, step by step.
pub fn sign_detailed(
    secret: &Secret,
    msg_id: &str,
    timestamp: i64,
    body: &[u8],
) -> SignatureDetails {
    let mac = compute_mac(secret, msg_id, timestamp, body);
    SignatureDetails {
        content: SignedContent::new(msg_id, timestamp, body),
        mac,
        base64: STANDARD.encode(mac),
    }
}

/// HMAC-SHA256 over `{msg_id}.{timestamp}.{body}`, fed piecewise so the body is never copied.
pub fn compute_mac(secret: &Secret, msg_id: &str, timestamp: i64, body: &[u8]) -> MacBytes {
    // HMAC takes keys of any length (long keys are hashed first), so this cannot fail.
    let mut mac =
        Hmac::<Sha256>::new_from_slice(secret.as_bytes()).expect("HMAC accepts keys of any length");
    let mut ts = itoa_buf::Buf::new();
    mac.update(msg_id.as_bytes());
    mac.update(b".");
    mac.update(ts.format(timestamp));
    mac.update(b".");
    mac.update(body);
    mac.finalize().into_bytes().into()
}

/// Writes the base64 of a MAC into `buf` and returns it, without allocating.
pub(crate) fn encode_mac<'b>(mac: &MacBytes, buf: &'b mut [u8; MAC_BASE64_LEN]) -> &'b [u8] {
    match STANDARD.encode_slice(mac, buf) {
        Ok(n) => buf.get(..n).unwrap_or(&[]),
        // 32 bytes always encode to exactly 44 characters.
        Err(_) => &[],
    }
}

pub(crate) fn hex(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        let _ = write!(out, "{b:02x}");
    }
    out
}

/// A fresh message id: `msg_` + 27 random base62 characters (the shape of Svix's KSUID ids).
///
/// # Panics
/// Only if the operating system's random source is unavailable.
pub fn new_msg_id() -> String {
    const ALPHABET: &[u8; 62] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    let mut id = String::with_capacity(31);
    id.push_str("msg_");
    let mut pool = [0u8; 64];
    while id.len() < 31 {
        getrandom::fill(&mut pool).expect("the OS random number generator is unavailable");
        // Rejection sampling keeps every character equally likely.
        for &b in pool.iter().filter(|&&b| b < 248) {
            if id.len() == 31 {
                break;
            }
            id.push(char::from(ALPHABET[usize::from(b % 62)]));
        }
    }
    id
}

/// Decimal formatting of an `i64` on the stack (the hot path must not allocate).
mod itoa_buf {
    pub struct Buf([u8; 20]);

    impl Buf {
        pub fn new() -> Self {
            Self([0; 20])
        }

        pub fn format(&mut self, value: i64) -> &[u8] {
            let mut n = value.unsigned_abs();
            let mut pos = self.0.len();
            loop {
                pos -= 1;
                self.0[pos] = b'0' + (n % 10) as u8;
                n /= 10;
                if n == 0 {
                    break;
                }
            }
            if value < 0 {
                pos -= 1;
                self.0[pos] = b'-';
            }
            &self.0[pos..]
        }
    }
}
