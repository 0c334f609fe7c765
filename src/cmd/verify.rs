//! `verify`: checks a webhook signature with the strict profile and explains the verdict in
//! French — exit 0 valid, 1 rejected, 2 unusable input (bad secret, unreadable file, bad header).

use std::process::ExitCode;

use anyhow::bail;

use super::output;
use super::sign::{read_payload, unix_now};
use crate::cli::VerifyArgs;
use crate::course::io_reason;
use crate::webhook::{
    self, HeaderField, Headers, RequestWarning, TimestampPolicy, Verified, WebhookError,
};

pub fn run(args: &VerifyArgs) -> anyhow::Result<ExitCode> {
    let secret = super::parse_secret(&args.secret)?;
    let (headers, body, warnings) = match &args.request {
        Some(path) => {
            let raw =
                crate::files::read_input(path, crate::files::MAX_INPUT_FILE).map_err(|e| {
                    anyhow::anyhow!(
                        "impossible de lire la requête « {} » : {}",
                        path.display(),
                        io_reason(&e)
                    )
                })?;
            let request = webhook::parse_raw_request(&raw)
                .map_err(|e| anyhow::anyhow!("requête « {} » : {e}", path.display()))?;
            (request.headers, request.body, request.warnings)
        }
        None => {
            let headers = headers_from_args(args)?;
            let warnings = webhook::repeated_signature_headers(&headers);
            (headers, read_payload(args.payload.as_deref())?, warnings)
        }
    };
    let now = match args.now {
        Some(now) => now,
        None => unix_now()?,
    };
    let policy = TimestampPolicy::Enforce {
        now,
        tolerance_secs: args.tolerance,
    };

    let (result, trace) = if args.explain {
        let explanation = webhook::explain(&secret, &headers, &body, policy);
        (explanation.result.clone(), explanation.to_lines())
    } else {
        (
            webhook::verify_with_policy(&secret, &headers, &body, policy),
            Vec::new(),
        )
    };

    let mut text = String::new();
    if args.json {
        text = json_verdict(&result, &headers, now, &warnings, &trace)? + "\n";
    } else {
        for warning in &warnings {
            output::warn(&format!("attention : {warning}"));
        }
        if !trace.is_empty() {
            text.push_str("Vérification pas à pas (profil strict, comme la crate Rust svix) :\n");
            for line in &trace {
                text.push_str(line);
                text.push('\n');
            }
            text.push('\n');
        }
        text.push_str(&verdict_line(&result, now));
        text.push('\n');
    }
    output::print(&text)?;
    Ok(if result.is_ok() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

/// `--header` lines first, then the shorthands as `svix-*` headers.
fn headers_from_args(args: &VerifyArgs) -> anyhow::Result<Headers> {
    let mut headers = Headers::new();
    for line in &args.headers {
        headers
            .append_line(line)
            .map_err(|e| anyhow::anyhow!("--header : {e}"))?;
    }
    for (field, value) in [
        (HeaderField::Id, &args.id),
        (HeaderField::Timestamp, &args.timestamp),
        (HeaderField::Signature, &args.signature),
    ] {
        let Some(value) = value else { continue };
        let name = field.svix_name();
        if headers.get(name).is_some() {
            bail!(
                "{name} est donné deux fois (--{} et --header) : gardez-en un seul",
                field.short_name()
            );
        }
        headers.append(name, value.as_str());
    }
    if headers.is_empty() {
        bail!(
            "aucun en-tête fourni : passez --header 'svix-id: …' --header 'svix-timestamp: …' --header 'svix-signature: …' (ou --id, --timestamp, --signature), ou --request FICHIER"
        );
    }
    Ok(headers)
}

fn verdict_line(result: &Result<Verified, WebhookError>, now: i64) -> String {
    match result {
        Ok(v) => format!(
            "✓ signature valide : message « {} », horodatage {} ({}), entrée n°{} de l'en-tête de signature",
            v.msg_id,
            v.timestamp,
            age_text(now.saturating_sub(v.timestamp)),
            v.matched_index + 1
        ),
        Err(err) => format!("✗ signature rejetée : {err}"),
    }
}

fn age_text(age: i64) -> String {
    match age {
        0 => "à l'instant".to_owned(),
        a if a > 0 => format!("il y a {a} s"),
        a => format!("dans {} s", a.unsigned_abs()),
    }
}

/// The `--json` verdict; field order is part of the output contract.
#[derive(serde::Serialize)]
struct JsonVerdict<'a> {
    valid: bool,
    error: Option<&'static str>,
    message: String,
    msg_id: Option<&'a str>,
    timestamp: Option<i64>,
    matched_index: Option<usize>,
    now: i64,
    warnings: Vec<String>,
    #[serde(skip_serializing_if = "<[String]>::is_empty")]
    explain: &'a [String],
}

/// `msg_id` and `timestamp` are the verified ones, or, for a rejected request, what its
/// headers say (when present and, for the timestamp, an integer).
fn json_verdict(
    result: &Result<Verified, WebhookError>,
    headers: &Headers,
    now: i64,
    warnings: &[RequestWarning],
    trace: &[String],
) -> anyhow::Result<String> {
    let ok = result.as_ref().ok();
    let sent_id = headers
        .resolve(HeaderField::Id)
        .map(|(_, v)| v)
        .filter(|v| !v.is_empty());
    let sent_timestamp = headers
        .resolve(HeaderField::Timestamp)
        .and_then(|(_, v)| v.trim().parse::<i64>().ok());
    let verdict = JsonVerdict {
        valid: ok.is_some(),
        error: result.as_ref().err().map(WebhookError::code),
        message: match result {
            Ok(_) => verdict_line(result, now),
            Err(err) => err.to_string(),
        },
        msg_id: ok.map(|v| v.msg_id.as_str()).or(sent_id),
        timestamp: ok.map(|v| v.timestamp).or(sent_timestamp),
        matched_index: ok.map(|v| v.matched_index),
        now,
        warnings: warnings.iter().map(ToString::to_string).collect(),
        explain: trace,
    };
    Ok(serde_json::to_string_pretty(&verdict)?)
}
