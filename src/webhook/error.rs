//! `WebhookError`: every way a signature check or a secret can fail, with French messages
//! that say what is wrong and how to fix it, and a stable machine code per variant.

use super::headers::HeaderField;
use super::secret::SecretProblem;

/// Why a webhook was rejected, or why a secret is unusable.
///
/// Messages follow the crate rule: say what is wrong, where, and how to fix it; quote values
/// in « guillemets ». Variants carry header names and numbers, never key material.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum WebhookError {
    /// Neither the `svix-*` header nor its `webhook-*` alias is present.
    #[error(
        "en-tête « {} » manquant (ni {} ni {}) — transmettez les en-têtes de la requête reçue tels quels",
        header.svix_name(), header.svix_name(), header.webhook_name()
    )]
    MissingHeader { header: HeaderField },

    /// The header exists but its value is not visible ASCII (like `http::HeaderValue::to_str`).
    #[error(
        "en-tête « {name} » invalide : sa valeur contient des caractères hors ASCII visible (accents, caractères de contrôle…) — recopiez-la sans la modifier"
    )]
    InvalidHeader {
        header: HeaderField,
        /// The header name actually read (`svix-…` or `webhook-…`).
        name: &'static str,
    },

    /// The timestamp header is not an integer (optional sign, ASCII digits), or one too
    /// large for an `i64`.
    #[error("{}", invalid_timestamp(value))]
    InvalidTimestamp { value: String },

    /// A negative timestamp, refused whenever the tolerance is enforced (as the Rust `svix` crate).
    #[error(
        "horodatage négatif ({value}) : une date antérieure à 1970 est refusée — l'en-tête doit contenir l'heure d'envoi en secondes Unix"
    )]
    NegativeTimestamp { value: i64 },

    /// `timestamp + tolerance < now`.
    #[error(
        "horodatage trop ancien : {age_secs} s dans le passé (tolérance : {tolerance_secs} s) — requête rejouée ou horloge décalée"
    )]
    TimestampTooOld { age_secs: u64, tolerance_secs: u64 },

    /// `timestamp > now + tolerance`.
    #[error(
        "horodatage dans le futur : {ahead_secs} s en avance (tolérance : {tolerance_secs} s) — horloge de l'émetteur ou du serveur décalée"
    )]
    TimestampTooNew {
        ahead_secs: u64,
        tolerance_secs: u64,
    },

    /// The body is not valid UTF-8 (checked after the headers and the timestamp, as in Rust `svix`).
    #[error(
        "corps invalide : ce n'est pas de l'UTF-8 (octet invalide à la position {valid_up_to}) — Svix ne signe que du texte UTF-8 ; passez le corps brut reçu, sans conversion d'encodage"
    )]
    InvalidPayload { valid_up_to: usize },

    /// No `v1` entry of the signature header equals the expected signature.
    #[error("{}", no_match_message(*tried, *ignored))]
    NoMatchingSignature {
        /// How many `v1,…` entries were compared.
        tried: usize,
        /// How many entries were skipped (other versions, no comma, empty).
        ignored: usize,
    },

    /// The secret is empty (`""` or `"whsec_"`).
    #[error(
        "secret vide — copiez le secret « whsec_… » de l'endpoint (Clerk : Webhooks → votre endpoint → Signing Secret)"
    )]
    EmptySecret,

    /// The secret is not strict, canonical, padded standard base64 after `whsec_`.
    #[error("secret invalide : {problem}")]
    InvalidSecret { problem: SecretProblem },
}

impl WebhookError {
    /// A stable machine-readable code, for `--json` outputs and other modules' tests.
    pub fn code(&self) -> &'static str {
        match self {
            Self::MissingHeader { .. } => "missing_header",
            Self::InvalidHeader { .. } => "invalid_header",
            Self::InvalidTimestamp { .. } => "invalid_timestamp",
            Self::NegativeTimestamp { .. } => "negative_timestamp",
            Self::TimestampTooOld { .. } => "timestamp_too_old",
            Self::TimestampTooNew { .. } => "timestamp_too_new",
            Self::InvalidPayload { .. } => "invalid_payload",
            Self::NoMatchingSignature { .. } => "no_matching_signature",
            Self::EmptySecret => "empty_secret",
            Self::InvalidSecret { .. } => "invalid_secret",
        }
    }

    /// True for problems with the secret itself (bad configuration rather than a bad request).
    pub fn is_secret_error(&self) -> bool {
        matches!(self, Self::EmptySecret | Self::InvalidSecret { .. })
    }
}

fn no_match_message(tried: usize, ignored: usize) -> String {
    let ignored_text = match ignored {
        0 => "aucune ignorée".to_string(),
        1 => "1 ignorée".to_string(),
        n => format!("{n} ignorées"),
    };
    if tried == 0 {
        format!(
            "aucune entrée « v1,… » dans l'en-tête de signature ({}) — il doit contenir au moins « v1,<signature base64> »",
            match ignored {
                1 => "1 entrée ignorée".to_string(),
                n => format!("{n} entrées ignorées"),
            }
        )
    } else {
        let tried_text = match tried {
            1 => "1 entrée v1 essayée".to_string(),
            n => format!("{n} entrées v1 essayées"),
        };
        format!(
            "aucune signature ne correspond ({tried_text}, {ignored_text}) — vérifiez le secret (celui de CET endpoint) et passez le corps brut octet pour octet, sans le re-sérialiser en JSON"
        )
    }
}

/// Keeps messages readable when a header holds kilobytes of garbage.
/// « not an integer », or « out of range » for digits beyond `i64` (a 20-digit value is
/// an integer, only too large).
fn invalid_timestamp(value: &str) -> String {
    if is_integer_text(value) {
        format!(
            "horodatage hors limites : « {} » dépasse le plus grand horodatage possible ({}) — l'en-tête contient l'heure d'envoi en secondes Unix, 10 chiffres aujourd'hui (exemple : 1614265330)",
            shorten(value),
            i64::MAX
        )
    } else {
        format!(
            "horodatage illisible : « {} » n'est pas un entier en secondes Unix (exemple : 1614265330, sans décimales ni espaces)",
            shorten(value)
        )
    }
}

/// An optional sign then ASCII digits only: what `i64::from_str` accepts, whatever the size.
pub fn is_integer_text(value: &str) -> bool {
    let digits = value.strip_prefix(['-', '+']).unwrap_or(value);
    !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit())
}

fn shorten(value: &str) -> String {
    const MAX: usize = 40;
    match value.char_indices().nth(MAX) {
        Some((cut, _)) => format!("{}…", &value[..cut]),
        None => value.to_owned(),
    }
}
