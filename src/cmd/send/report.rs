//! What `send` prints: the request, the response, the diagnosis and the security hints.

use std::io::{self, Write as _};
use std::time::Duration;

use super::http::{Attempt, Outcome};
use crate::delivery::{self, Delivery, Diagnosis, TamperKind};

/// Characters of a body shown in an excerpt.
const EXCERPT_CHARS: usize = 300;

pub(super) fn security_hint(kind: TamperKind) -> &'static str {
    match kind {
        TamperKind::Body => {
            "Le corps a changé après la signature : votre code ne vérifie pas le corps brut reçu (ou ne vérifie rien)."
        }
        TamperKind::Signature | TamperKind::Secret => {
            "La signature ne correspond pas au secret : votre code ne compare pas la signature (ou n'arrête pas le traitement quand la vérification échoue)."
        }
        TamperKind::Timestamp => {
            "La requête a 10 minutes : votre vérification ignore l'horodatage, donc une requête capturée peut être rejouée."
        }
        TamperKind::MissingHeader => {
            "Il n'y avait même pas d'en-tête svix-signature : répondez 400 quand un en-tête svix-* manque."
        }
    }
}

/// One line of the report on standard output; a closed pipe ends the command quietly
/// (`main`), any other failure with exit 2.
pub(super) fn say(line: &str) -> io::Result<()> {
    writeln!(crate::cmd::output::stdout(), "{line}")
}

pub(super) fn print_request(url: &str, delivery: &Delivery) -> io::Result<()> {
    say(&format!("→ POST {url}"))?;
    for (name, value) in delivery.headers() {
        say(&format!("  {name}: {value}"))?;
    }
    say(&format!(
        "  corps ({} octets) : {}",
        delivery.body.len(),
        delivery::excerpt(&delivery.body, EXCERPT_CHARS)
    ))?;
    Ok(())
}

pub(super) fn print_response(attempt: &Attempt, timeout: Duration) -> io::Result<()> {
    let ms = attempt.elapsed.as_millis();
    match &attempt.outcome {
        Outcome::Reply(reply) => {
            say(&format!("← {} {} en {ms} ms", reply.status, reply.reason))?;
            if let Some(location) = &reply.location {
                say(&format!("  location: {location}"))?;
            }
            if let Some(control) = &reply.delivery_control {
                say(&format!("  webhook-delivery: {control}"))?;
            }
            if reply.body.is_empty() {
                say("  corps de la réponse : (vide)")?;
            } else {
                say(&format!(
                    "  corps de la réponse : {}",
                    delivery::excerpt(&reply.body, EXCERPT_CHARS)
                ))?;
            }
        }
        // The limit, not the measured time (3045 ms for --timeout 3): one figure throughout.
        Outcome::Timeout => say(&format!(
            "← aucune réponse en {} s (délai dépassé)",
            timeout.as_secs()
        ))?,
        Outcome::Broken(reason) => say(&format!(
            "← pas de réponse HTTP valide en {ms} ms : {reason}"
        ))?,
        Outcome::Unreachable(reason) => say(&format!("← injoignable : {reason}"))?,
    }
    Ok(())
}

/// The diagnosis headline. A timeout names the limit this run used (`--timeout`) and how
/// Svix, which waits 15 s, would judge it, instead of a second, different figure.
pub(super) fn headline(diagnosis: Diagnosis, timeout: Duration) -> String {
    let svix = delivery::RESPONSE_TIMEOUT;
    if diagnosis != Diagnosis::Timeout || timeout == svix {
        return diagnosis.headline();
    }
    let (secs, svix_secs) = (timeout.as_secs(), svix.as_secs());
    if timeout < svix {
        format!(
            "✗ pas de réponse en {secs} s (--timeout {secs}) : Svix attend jusqu'à {svix_secs} s avant de compter un échec ; relancez sans --timeout pour en juger comme lui"
        )
    } else {
        format!(
            "✗ pas de réponse en {secs} s (--timeout {secs}) : Svix aurait abandonné dès {svix_secs} s et compté un échec"
        )
    }
}

/// The diagnosis; `attempt` (1-based) adds when Svix would try again.
pub(super) fn print_diagnosis(
    outcome: &Outcome,
    attempt: Option<usize>,
    timeout: Duration,
) -> io::Result<()> {
    let Some(response) = outcome.response_outcome() else {
        if let Outcome::Broken(_) = outcome {
            say(
                "✗ la connexion s'est interrompue sans réponse complète : Svix compterait un échec et relancerait.",
            )?;
        }
        return Ok(());
    };
    let diagnosis = Diagnosis::of(response);
    say("")?;
    say(&headline(diagnosis, timeout))?;
    for hint in diagnosis.advice() {
        say(&format!("  → {hint}"))?;
    }
    if let Outcome::Reply(reply) = outcome
        && let Some(control) = &reply.delivery_control
    {
        let meaning = match control.trim() {
            "abort-message" => "Svix arrêterait les relances de ce message",
            "disable" => "Svix désactiverait l'endpoint",
            _ => "valeur inconnue de Svix, ignorée",
        };
        say(&format!(
            "  → en-tête webhook-delivery: {control} : {meaning}."
        ))?;
    }
    if !diagnosis.is_success()
        && let Some(next) = attempt.map(|n| n + 1)
        && let Some(delay) = delivery::delay_before(next)
    {
        say(&format!(
            "  → prochaine tentative de Svix dans {} (tentative {next}/{}) ; essayez --retry pour rejouer tout le calendrier.",
            delivery::format_duration(delay),
            delivery::ATTEMPTS
        ))?;
    }
    Ok(())
}
