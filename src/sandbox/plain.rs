//! The plain-text trace of one scenario (`sandbox --scenario NAME --plain`): inputs, the
//! sender's side, the scenario's explanation, each verification step with ✓/✗ and the
//! verdict. Written for screen readers: no box drawing, one fact per line.

use std::fmt::Write as _;

use super::steps::shorten;
use super::{Inputs, Trace};

/// How many characters of the body the signed-content line quotes.
const BODY_PREVIEW: usize = 100;

/// The whole trace. `payload_label` names the payload (e.g. « exemple user.created »).
pub fn plain_trace(inputs: &Inputs, trace: &Trace, payload_label: &str) -> String {
    let mut out = String::new();
    let s = trace.scenario;
    let _ = writeln!(
        out,
        "Bac à sable Svix — scénario « {} » : {}",
        s.name(),
        s.title()
    );
    let _ = writeln!(out);
    let _ = writeln!(out, "Entrées");
    let _ = writeln!(out, "  secret de l'endpoint : {}", inputs.secret);
    let _ = writeln!(out, "  svix-id              : {}", inputs.msg_id);
    let mut ts = if inputs.timestamp.trim().is_empty() {
        format!("maintenant ({})", trace.now)
    } else {
        inputs.timestamp.clone()
    };
    // Replay and clock-skew scenarios send another time than the input: say so here,
    // or the headers below would seem to contradict the inputs.
    if let Ok(exchange) = &trace.exchange
        && let Ok(input) = inputs.timestamp_at(trace.now)
        && exchange.sent.timestamp != input
    {
        let delta = exchange.sent.timestamp - input;
        let when = if delta < 0 {
            format!("{} s plus tôt", -delta)
        } else {
            format!("{delta} s plus tard")
        };
        ts.push_str(&format!(
            " ; ce scénario envoie {} ({when})",
            exchange.sent.timestamp
        ));
    }
    let _ = writeln!(out, "  horodatage           : {ts}");
    let _ = writeln!(
        out,
        "  corps                : {payload_label}, {} octets, {}",
        inputs.payload.len(),
        trace.json.describe()
    );
    let _ = writeln!(out);

    let exchange = match &trace.exchange {
        Ok(exchange) => exchange,
        Err(err) => {
            let _ = writeln!(out, "✗ Impossible de signer : {err}");
            return out;
        }
    };
    let sent = &exchange.sent;
    let _ = writeln!(out, "Côté émetteur (Svix)");
    let _ = writeln!(
        out,
        "  contenu signé « id.horodatage.corps » ({} octets) :",
        sent.signed_len()
    );
    let body = shorten(&sent.body.replace('\n', "\\n"), BODY_PREVIEW);
    let _ = writeln!(out, "    {}.{}.{body}", sent.msg_id, sent.timestamp);
    for key in &sent.keys {
        let _ = writeln!(out, "  signé avec : {}", key.label);
        let _ = writeln!(
            out,
            "    clé décodée   : {} ({} octets)",
            shorten(&key.key_hex, 16),
            key.key_hex.len() / 2
        );
        let _ = writeln!(out, "    HMAC-SHA256   : {}", key.mac_hex);
        let _ = writeln!(out, "    en base64     : {}", key.mac_base64);
    }
    let _ = writeln!(out, "  en-têtes envoyés :");
    for name in ["svix-id", "svix-timestamp", "svix-signature"] {
        if let Some(value) = sent.request.header(name) {
            let _ = writeln!(out, "    {name}: {value}");
        }
    }
    let _ = writeln!(out);

    let _ = writeln!(out, "Ce qui se passe");
    let _ = writeln!(out, "  Cause : {}", s.cause());
    let _ = writeln!(out, "  Correctif : {}", s.fix());
    if let Some(note) = &exchange.note {
        let _ = writeln!(out, "  Dans cette trace : {note}");
    }
    let _ = writeln!(out);

    let received = &exchange.received;
    let _ = writeln!(out, "Côté endpoint : vérification");
    let diff = &received.diff;
    if diff.is_empty() {
        let _ = writeln!(out, "  requête reçue identique à la requête envoyée");
    }
    for name in &diff.missing_headers {
        let _ = writeln!(out, "  différence : en-tête {name} absent à la réception");
    }
    if let Some(body) = diff.body {
        let _ = writeln!(
            out,
            "  différence : corps reçu différent à partir de l'octet n° {} ({} octets envoyés, {} reçus)",
            body.offset + 1,
            body.sent_len,
            body.received_len
        );
    }
    for step in &received.steps {
        let _ = writeln!(
            out,
            "  {} {} : {}",
            step.status.symbol(),
            step.title,
            step.detail
        );
    }
    let _ = writeln!(out);
    match received.verdict() {
        Ok(verified) => {
            let _ = writeln!(
                out,
                "Verdict : ✓ ACCEPTÉ — la signature n° {} correspond ; l'endpoint traite l'événement et répond 200",
                verified.matched_index + 1
            );
        }
        Err(err) => {
            let _ = writeln!(out, "Verdict : ✗ REJETÉ — {err}");
            let _ = writeln!(out, "  l'endpoint répond 400 sans traiter l'événement");
        }
    }
    out
}
