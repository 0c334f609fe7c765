//! The Svix sandbox's pure core: the learner's inputs (secret, id, timestamp, payload), a
//! scenario, and everything derived from them — the sender's side (signed content, key,
//! HMAC, headers, raw request), the request as the endpoint receives it, its verification
//! step by step and the verdict. Also the delivery simulator (retries, idempotency) and the
//! exports (curl, raw HTTP, OSC 52).
//!
//! No terminal code and no clock: `now` is always passed in, so a trace is deterministic
//! given (inputs, scenario, now). `tui::sandbox` draws it; `cmd::sandbox` prints it.

mod delivery;
mod exchange;
mod export;
pub mod json_text;
mod plain;
mod scenario;
mod steps;

pub use delivery::{
    Attempt, DeliveryOutcome, Endpoint, IdempotentEndpoint, Reception, Timeline, is_success,
    response_label, simulate,
};
pub use exchange::{
    BodyDiff, Exchange, HttpRequest, ReceiverView, RequestDiff, SenderView, SigningKey,
    WEBHOOK_HOST, WEBHOOK_PATH,
};
pub use export::{
    EXPORT_CURL_FILE, EXPORT_HTTP_FILE, EXPORT_URL, curl_command, osc52, shell_quote,
};
pub use plain::plain_trace;
pub use scenario::Scenario;
pub use steps::{Step, StepStatus, steps};

use crate::samples::{self, Sample};
use crate::webhook::{Secret, Verified, WebhookError};

/// The official Svix test vector's secret: fixed so that traces are reproducible.
pub const DEMO_SECRET: &str = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
/// The official Svix test vector's message id.
pub const DEMO_MSG_ID: &str = "msg_p5jXN8AQM9LWM0D4loKWxJek";
/// The development instance's secret, used by the `wrong-secret` scenario.
pub const OTHER_SECRET: &str = "whsec_ZGV2LWluc3RhbmNlLXNlY3JldC0wMDAx";
/// The secret being rotated out, used by the `rotation` scenario.
pub const OLD_SECRET: &str = "whsec_YW5jaWVuLXNlY3JldC1yb3RhdGlvbi0x";
/// Replay and clock-skew scenarios move the timestamp by this much, in seconds: the same
/// 10 minutes as `send --tamper timestamp`.
pub const SKEW_SECS: i64 = crate::delivery::REPLAY_AGE_SECS;

/// What the learner controls, as text (the TUI edits these strings directly).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Inputs {
    /// The endpoint's signing secret, `whsec_…`.
    pub secret: String,
    pub msg_id: String,
    /// Unix seconds; empty means « maintenant ».
    pub timestamp: String,
    /// The body, byte for byte.
    pub payload: String,
}

impl Default for Inputs {
    fn default() -> Self {
        Self::demo(samples::ALL.first().map_or("{}", |s| s.body))
    }
}

impl Inputs {
    /// The demo secret and id, timestamp « maintenant », and this payload.
    pub fn demo(payload: &str) -> Self {
        Self {
            secret: DEMO_SECRET.to_owned(),
            msg_id: DEMO_MSG_ID.to_owned(),
            timestamp: String::new(),
            payload: payload.to_owned(),
        }
    }

    /// [`Inputs::demo`] with a sample's body.
    pub fn with_sample(sample: &Sample) -> Self {
        Self::demo(sample.body)
    }

    /// The timestamp to sign: the field's value, or `now` when it is empty.
    pub fn timestamp_at(&self, now: i64) -> Result<i64, InputError> {
        let text = self.timestamp.trim();
        if text.is_empty() {
            return Ok(now);
        }
        text.parse().map_err(|_| InputError::Timestamp {
            value: self.timestamp.clone(),
        })
    }

    /// The endpoint's secret, parsed.
    pub fn parsed_secret(&self) -> Result<Secret, InputError> {
        Secret::parse(self.secret.trim()).map_err(InputError::Secret)
    }
}

/// Inputs that cannot be signed at all. The message says which field and how to fix it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum InputError {
    #[error("champ « secret » : {0}")]
    Secret(WebhookError),
    #[error("{}", timestamp_field(value))]
    Timestamp { value: String },
}

/// The « horodatage » field's message: out of range for digits beyond `i64`, else not
/// an integer.
fn timestamp_field(value: &str) -> String {
    if crate::webhook::is_integer_text(value) {
        format!(
            "champ « horodatage » : « {value} » est hors limites (au plus {}) — un horodatage en secondes Unix compte 10 chiffres aujourd'hui ; videz le champ pour utiliser l'heure actuelle",
            i64::MAX
        )
    } else {
        format!(
            "champ « horodatage » : « {value} » n'est pas un entier en secondes Unix — videz le champ pour utiliser l'heure actuelle"
        )
    }
}

/// Whether the payload is JSON (informational: any text can be signed).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum JsonStatus {
    Valid,
    Invalid {
        line: usize,
        column: usize,
        message: String,
    },
}

impl JsonStatus {
    pub fn of(payload: &str) -> Self {
        match serde_json::from_str::<serde::de::IgnoredAny>(payload) {
            Ok(_) => Self::Valid,
            Err(err) => Self::Invalid {
                line: err.line(),
                column: err.column(),
                message: crate::french::json_error(&err),
            },
        }
    }

    /// A French one-liner for the UI.
    pub fn describe(&self) -> String {
        match self {
            Self::Valid => "JSON valide".to_owned(),
            Self::Invalid { line, column, .. } => {
                format!(
                    "JSON invalide (ligne {line}, colonne {column}) — la signature reste calculable"
                )
            }
        }
    }
}

/// Everything the sandbox shows for one (inputs, scenario, now).
#[derive(Debug, Clone)]
pub struct Trace {
    pub scenario: Scenario,
    pub now: i64,
    pub json: JsonStatus,
    pub exchange: Result<Exchange, InputError>,
}

impl Trace {
    /// Computes the whole trace. Cheap enough for every keystroke (two or three HMACs over
    /// the body, one JSON validation).
    pub fn compute(inputs: &Inputs, scenario: Scenario, now: i64) -> Self {
        Self {
            scenario,
            now,
            json: JsonStatus::of(&inputs.payload),
            exchange: Exchange::build(inputs, scenario, now),
        }
    }

    /// The receiver's verdict; `Err(None)` when the inputs could not be signed.
    pub fn verdict(&self) -> Result<&Verified, Option<&WebhookError>> {
        match &self.exchange {
            Ok(exchange) => exchange.received.verdict().as_ref().map_err(Some),
            Err(_) => Err(None),
        }
    }

    /// True when the endpoint accepts the request.
    pub fn accepted(&self) -> bool {
        self.verdict().is_ok()
    }
}

#[cfg(test)]
#[path = "sandbox_tests.rs"]
mod tests;
