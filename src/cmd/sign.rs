//! `sign` and `secret`: Svix headers for a payload (as lines, JSON or a curl command), and
//! fresh secrets. Also the payload and clock helpers `verify` shares.

use std::fmt::Write as _;
use std::io::{IsTerminal as _, Read as _};
use std::path::Path;
use std::process::ExitCode;
use std::time::{SystemTime, UNIX_EPOCH};

use anyhow::{Context as _, bail};

use crate::cli::SignArgs;
use crate::course::io_reason;
use crate::sandbox::shell_quote;
use crate::webhook::{self, Secret};

pub fn run(args: &SignArgs) -> anyhow::Result<ExitCode> {
    let secrets = parse_secrets(&args.secret)?;
    let msg_id = match &args.id {
        Some(id) => {
            if id.is_empty() || !id.bytes().all(|b| (b' '..=b'~').contains(&b)) {
                bail!(
                    "--id « {} » invalide : un identifiant de message doit être de l'ASCII visible non vide (exemple : msg_2KWPBgLlAfxdpx2AI54pPJ85f4W)",
                    id.escape_debug()
                );
            }
            id.clone()
        }
        None => webhook::new_msg_id(),
    };
    let timestamp = match args.timestamp {
        Some(ts) => ts,
        None => unix_now()?,
    };
    let body = read_payload(args.payload.as_deref())?;
    let signature = webhook::sign_many(&secrets, &msg_id, timestamp, &body);

    let out = if let Some(url) = &args.curl {
        curl_command(
            url,
            &msg_id,
            timestamp,
            &signature,
            args.payload.as_deref(),
            &body,
        )
    } else if args.json {
        let headers = JsonHeaders {
            id: &msg_id,
            timestamp: timestamp.to_string(),
            signature: &signature,
        };
        format!("{}\n", serde_json::to_string_pretty(&headers)?)
    } else {
        format!("svix-id: {msg_id}\nsvix-timestamp: {timestamp}\nsvix-signature: {signature}\n")
    };
    super::output::print(&out)?;
    Ok(ExitCode::SUCCESS)
}

/// `sign --json`: the three header values, in the order Svix sends them.
#[derive(serde::Serialize)]
struct JsonHeaders<'a> {
    #[serde(rename = "svix-id")]
    id: &'a str,
    #[serde(rename = "svix-timestamp")]
    timestamp: String,
    #[serde(rename = "svix-signature")]
    signature: &'a str,
}

pub fn run_secret() -> anyhow::Result<ExitCode> {
    let secret = super::generate_secret()?;
    super::output::print(&format!("{}\n", secret.to_whsec()))?;
    Ok(ExitCode::SUCCESS)
}

fn parse_secrets(texts: &[String]) -> anyhow::Result<Vec<Secret>> {
    texts
        .iter()
        .enumerate()
        .map(|(i, text)| {
            if texts.len() > 1 {
                Secret::parse(text).map_err(|e| anyhow::anyhow!("--secret n°{} : {e}", i + 1))
            } else {
                super::parse_secret(text)
            }
        })
        .collect()
}

/// Reads the body exactly as stored: `None` or `-` is standard input.
pub(crate) fn read_payload(path: Option<&Path>) -> anyhow::Result<Vec<u8>> {
    let mut body = Vec::new();
    match path {
        Some(p) if p != Path::new("-") => {
            return crate::files::read_input(p, crate::files::MAX_INPUT_FILE).map_err(|e| {
                anyhow::anyhow!(
                    "impossible de lire le corps « {} » : {}",
                    p.display(),
                    io_reason(&e)
                )
            });
        }
        None if std::io::stdin().is_terminal() => bail!(
            "aucun corps fourni : passez --payload FICHIER, ou redirigez-le sur l'entrée standard (… < corps.json), ou --payload - pour le taper"
        ),
        _ => {
            std::io::stdin()
                .read_to_end(&mut body)
                .context("impossible de lire le corps sur l'entrée standard")?;
        }
    }
    Ok(body)
}

/// The system clock in Unix seconds.
pub(crate) fn unix_now() -> anyhow::Result<i64> {
    let since = SystemTime::now().duration_since(UNIX_EPOCH).context(
        "l'horloge du système est antérieure à 1970 : réglez-la ou passez l'heure explicitement",
    )?;
    Ok(i64::try_from(since.as_secs()).unwrap_or(i64::MAX))
}

/// A bash command that posts exactly these bytes: `--data-binary @FILE` for a file, or a
/// `printf` pipe whose format escapes every byte that is not plain text (NUL included).
fn curl_command(
    url: &str,
    msg_id: &str,
    timestamp: i64,
    signature: &str,
    payload: Option<&Path>,
    body: &[u8],
) -> String {
    let mut out = String::new();
    let data = match payload {
        Some(p) if p != Path::new("-") => shell_quote(&format!("@{}", p.display())),
        _ => {
            let _ = write!(out, "printf '{}' | ", printf_format(body));
            "@-".to_owned()
        }
    };
    let _ = writeln!(out, "curl {} \\", shell_quote(url));
    for header in [
        "content-type: application/json".to_owned(),
        format!("svix-id: {msg_id}"),
        format!("svix-timestamp: {timestamp}"),
        format!("svix-signature: {signature}"),
    ] {
        let _ = writeln!(out, "  -H {} \\", shell_quote(&header));
    }
    let _ = writeln!(out, "  --data-binary {data}");
    out
}

/// A `printf` format (inside single quotes) that prints `body` byte for byte.
fn printf_format(body: &[u8]) -> String {
    let mut out = String::with_capacity(body.len() + body.len() / 8);
    for chunk in body.utf8_chunks() {
        for c in chunk.valid().chars() {
            match c {
                '\n' => out.push_str("\\n"),
                '\t' => out.push_str("\\t"),
                '\r' => out.push_str("\\r"),
                '\\' => out.push_str("\\\\"),
                '%' => out.push_str("%%"),
                '\'' => out.push_str("\\047"),
                c if c.is_control() => {
                    let mut buf = [0u8; 4];
                    for b in c.encode_utf8(&mut buf).bytes() {
                        let _ = write!(out, "\\{b:03o}");
                    }
                }
                c => out.push(c),
            }
        }
        for b in chunk.invalid() {
            let _ = write!(out, "\\{b:03o}");
        }
    }
    out
}
