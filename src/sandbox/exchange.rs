//! One delivery through a scenario: the request the sender signs and sends, the request the
//! endpoint actually receives (which a scenario may alter), what differs between them, and
//! the endpoint's verification of it.

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;

use super::json_text;
use super::steps::{Step, steps};
use super::{InputError, Inputs, OLD_SECRET, OTHER_SECRET, SKEW_SECS, Scenario};
use crate::webhook::{
    Explanation, Headers, Secret, TimestampPolicy, Verified, WebhookError, compute_mac, explain,
};

/// The `Host` shown in requests (the usual Next.js dev server).
pub const WEBHOOK_HOST: &str = "localhost:3000";
/// The route Clerk's guide uses.
pub const WEBHOOK_PATH: &str = "/api/webhooks";

/// An HTTP request as on the wire: ordered headers and the body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HttpRequest {
    pub headers: Vec<(String, String)>,
    pub body: String,
}

impl HttpRequest {
    /// A Svix delivery: host, content type and length, then the three `svix-*` headers
    /// (`signature: None` leaves `svix-signature` out).
    fn svix(msg_id: &str, timestamp: i64, signature: Option<&str>, body: String) -> Self {
        let mut headers = vec![
            ("host".to_owned(), WEBHOOK_HOST.to_owned()),
            ("content-type".to_owned(), "application/json".to_owned()),
            ("content-length".to_owned(), body.len().to_string()),
            ("svix-id".to_owned(), msg_id.to_owned()),
            ("svix-timestamp".to_owned(), timestamp.to_string()),
        ];
        if let Some(signature) = signature {
            headers.push(("svix-signature".to_owned(), signature.to_owned()));
        }
        Self { headers, body }
    }

    /// The first header called `name` (case-insensitive).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// The headers in the form `webhook::verify` takes.
    pub fn webhook_headers(&self) -> Headers {
        Headers::from_pairs(self.headers.iter().map(|(n, v)| (n.as_str(), v.as_str())))
    }

    /// The request line and the header lines, without line endings.
    pub fn head_lines(&self) -> Vec<String> {
        let mut lines = Vec::with_capacity(self.headers.len() + 1);
        lines.push(format!("POST {WEBHOOK_PATH} HTTP/1.1"));
        lines.extend(self.headers.iter().map(|(n, v)| format!("{n}: {v}")));
        lines
    }

    /// The request byte for byte: CRLF line endings, a blank line, the body.
    pub fn to_raw(&self) -> String {
        let mut out = String::with_capacity(self.body.len() + 256);
        for line in self.head_lines() {
            out.push_str(&line);
            out.push_str("\r\n");
        }
        out.push_str("\r\n");
        out.push_str(&self.body);
        out
    }
}

/// One secret that signed the message, with what it produced.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SigningKey {
    /// French label: whose secret this is.
    pub label: &'static str,
    /// The decoded key, in hex (the UI truncates it).
    pub key_hex: String,
    pub mac_hex: String,
    pub mac_base64: String,
}

/// The sender's side: what Svix signs and sends.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SenderView {
    pub msg_id: String,
    pub timestamp: i64,
    pub body: String,
    /// Usually one; two during a rotation.
    pub keys: Vec<SigningKey>,
    /// The `svix-signature` value: `v1,<base64>` entries separated by spaces.
    pub signature_header: String,
    pub request: HttpRequest,
}

impl SenderView {
    /// The signed content's three parts, `id`, `timestamp`, `body`, joined by `.` when signed.
    pub fn signed_parts(&self) -> [String; 3] {
        [
            self.msg_id.clone(),
            self.timestamp.to_string(),
            self.body.clone(),
        ]
    }

    /// Length in bytes of `id.timestamp.body`.
    pub fn signed_len(&self) -> usize {
        self.msg_id.len() + self.timestamp.to_string().len() + self.body.len() + 2
    }
}

/// How the received request differs from the sent one.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RequestDiff {
    /// Headers sent but not received.
    pub missing_headers: Vec<String>,
    /// Headers received with another value (`content-length` follows the body).
    pub changed_headers: Vec<String>,
    pub body: Option<BodyDiff>,
}

impl RequestDiff {
    pub fn is_empty(&self) -> bool {
        self.missing_headers.is_empty() && self.changed_headers.is_empty() && self.body.is_none()
    }
}

/// Where the received body starts to differ.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BodyDiff {
    /// Byte offset of the first difference.
    pub offset: usize,
    pub sent_len: usize,
    pub received_len: usize,
}

/// The endpoint's side.
#[derive(Debug, Clone)]
pub struct ReceiverView {
    pub request: HttpRequest,
    pub diff: RequestDiff,
    pub explanation: Explanation,
    pub steps: Vec<Step>,
}

impl ReceiverView {
    pub fn verdict(&self) -> &Result<Verified, WebhookError> {
        &self.explanation.result
    }
}

/// A delivery through a scenario.
#[derive(Debug, Clone)]
pub struct Exchange {
    pub sent: SenderView,
    pub received: ReceiverView,
    /// What the scenario did to this particular request (French), when worth saying.
    pub note: Option<String>,
}

impl Exchange {
    /// Signs per the scenario, alters the request per the scenario, and verifies it with
    /// the endpoint's secret at `now`.
    pub fn build(inputs: &Inputs, scenario: Scenario, now: i64) -> Result<Self, InputError> {
        let secret = inputs.parsed_secret()?;
        let base = inputs.timestamp_at(now)?;
        let timestamp = match scenario {
            Scenario::Replay => base.saturating_sub(SKEW_SECS),
            Scenario::Future => base.saturating_add(SKEW_SECS),
            _ => base,
        };
        let signers = match scenario {
            Scenario::WrongSecret => vec![(LABEL_OTHER, fixed_secret(OTHER_SECRET))],
            Scenario::Rotation => vec![
                (LABEL_OLD, fixed_secret(OLD_SECRET)),
                (LABEL_NEW, secret.clone()),
            ],
            _ => vec![(LABEL_ENDPOINT, secret.clone())],
        };
        let body = inputs.payload.as_bytes();
        let keys: Vec<SigningKey> = signers
            .iter()
            .map(|(label, key)| {
                let mac = compute_mac(key, &inputs.msg_id, timestamp, body);
                SigningKey {
                    label,
                    key_hex: hex(key.as_bytes()),
                    mac_hex: hex(&mac),
                    mac_base64: STANDARD.encode(mac),
                }
            })
            .collect();
        let signature_header = keys
            .iter()
            .map(|k| format!("v1,{}", k.mac_base64))
            .collect::<Vec<_>>()
            .join(" ");
        let request = HttpRequest::svix(
            &inputs.msg_id,
            timestamp,
            Some(&signature_header),
            inputs.payload.clone(),
        );

        let (received, note) = alter(
            &request,
            scenario,
            &inputs.msg_id,
            timestamp,
            &signature_header,
        );
        let explanation = explain(
            &secret,
            &received.webhook_headers(),
            received.body.as_bytes(),
            TimestampPolicy::at(now),
        );
        let received = ReceiverView {
            diff: diff(&request, &received),
            steps: steps(&explanation),
            explanation,
            request: received,
        };
        let sent = SenderView {
            msg_id: inputs.msg_id.clone(),
            timestamp,
            body: inputs.payload.clone(),
            keys,
            signature_header,
            request,
        };
        Ok(Self {
            sent,
            received,
            note,
        })
    }
}

/// The request the endpoint's verification sees, and a note on what changed.
fn alter(
    sent: &HttpRequest,
    scenario: Scenario,
    msg_id: &str,
    timestamp: i64,
    signature: &str,
) -> (HttpRequest, Option<String>) {
    match scenario {
        Scenario::TamperedBody => {
            let (body, note) = tamper(&sent.body);
            (
                HttpRequest::svix(msg_id, timestamp, Some(signature), body),
                Some(note),
            )
        }
        Scenario::Reserialized => match json_text::reserialize(&sent.body) {
            Some(r) if r.text == sent.body => (sent.clone(), Some(NOTE_ALREADY_COMPACT.to_owned())),
            Some(r) => {
                let changes: Vec<&str> = [
                    (r.whitespace, "espaces supprimés"),
                    (r.rewritten, "échappements ou nombres réécrits"),
                    (r.reordered, "clés numériques passées en tête"),
                ]
                .into_iter()
                .filter_map(|(changed, what)| changed.then_some(what))
                .collect();
                let note = format!(
                    "re-sérialisé comme JSON.stringify(await req.json()) : {} octets envoyés, {} octets vérifiés ({})",
                    sent.body.len(),
                    r.text.len(),
                    changes.join(", ")
                );
                (
                    HttpRequest::svix(msg_id, timestamp, Some(signature), r.text),
                    Some(note),
                )
            }
            None => (sent.clone(), Some(NOTE_NOT_JSON.to_owned())),
        },
        Scenario::MissingHeader => (
            HttpRequest::svix(msg_id, timestamp, None, sent.body.clone()),
            None,
        ),
        Scenario::Replay => (
            sent.clone(),
            Some(format!(
                "envoyé à {timestamp}, rejoué {SKEW_SECS} s plus tard"
            )),
        ),
        _ => (sent.clone(), None),
    }
}

/// Changes one visible byte: the first digit becomes the next digit, else the first
/// letter changes case, else a space is appended.
fn tamper(body: &str) -> (String, String) {
    let mut bytes = body.as_bytes().to_vec();
    fn next_digit(b: u8) -> u8 {
        b'0' + (b - b'0' + 1) % 10
    }
    fn flip_case(b: u8) -> u8 {
        b ^ 0x20
    }
    let found = match bytes.iter().position(u8::is_ascii_digit) {
        Some(i) => Some((i, next_digit as fn(u8) -> u8)),
        None => bytes
            .iter()
            .position(u8::is_ascii_alphabetic)
            .map(|i| (i, flip_case as fn(u8) -> u8)),
    };
    let Some((index, change)) = found else {
        return (
            format!("{body} "),
            "une espace a été ajoutée à la fin du corps".to_owned(),
        );
    };
    let Some(byte) = bytes.get_mut(index) else {
        return (body.to_owned(), String::new());
    };
    let before = *byte;
    *byte = change(before);
    let after = *byte;
    // Only ASCII bytes were swapped for ASCII bytes, so the text stays UTF-8.
    let text = String::from_utf8(bytes).unwrap_or_else(|_| body.to_owned());
    let note = format!(
        "octet n° {index} modifié en route : « {} » → « {} »",
        char::from(before),
        char::from(after)
    );
    (text, note)
}

fn diff(sent: &HttpRequest, received: &HttpRequest) -> RequestDiff {
    let mut out = RequestDiff::default();
    for (name, value) in &sent.headers {
        match received.header(name) {
            None => out.missing_headers.push(name.clone()),
            Some(v) if v != value => out.changed_headers.push(name.clone()),
            Some(_) => {}
        }
    }
    let (a, b) = (sent.body.as_bytes(), received.body.as_bytes());
    if a != b {
        let offset = a
            .iter()
            .zip(b)
            .position(|(x, y)| x != y)
            .unwrap_or(a.len().min(b.len()));
        out.body = Some(BodyDiff {
            offset,
            sent_len: a.len(),
            received_len: b.len(),
        });
    }
    out
}

/// The scenario secrets are constants checked by the tests.
fn fixed_secret(text: &str) -> Secret {
    Secret::parse(text).expect("the sandbox's fixed secrets are valid whsec_ strings")
}

pub(crate) fn hex(bytes: &[u8]) -> String {
    use std::fmt::Write as _;
    let mut out = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        let _ = write!(out, "{b:02x}");
    }
    out
}

const LABEL_ENDPOINT: &str = "secret de l'endpoint";
const LABEL_OTHER: &str = "secret de l'instance de développement (un autre endpoint)";
const LABEL_OLD: &str = "ancien secret (en cours de rotation)";
const LABEL_NEW: &str = "nouveau secret (celui de l'endpoint)";
const NOTE_ALREADY_COMPACT: &str = "le corps avait déjà exactement la forme que produit JSON.stringify : la re-sérialisation donne les mêmes octets, la signature passe par chance";
const NOTE_NOT_JSON: &str = "le corps n'est pas du JSON : req.json() lèverait une erreur avant même la vérification ; corps vérifié inchangé";
