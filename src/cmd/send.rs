//! `send`: posts a Clerk event to the learner's endpoint, signed exactly as Svix signs it,
//! and diagnoses the answer. Modes: one delivery, `--duplicate` (same `svix-id` twice),
//! `--tamper KIND` (a request that must be rejected) and `--retry` (Svix's schedule on a
//! compressed clock). Exit 0 when the endpoint did the right thing, 1 otherwise, 2 when it
//! cannot be reached or the arguments are wrong.

mod http;
mod report;

use std::path::Path;
use std::process::ExitCode;
use std::time::Duration;

use self::http::{Attempt, Outcome, Target};
use self::report::{headline, print_diagnosis, print_request, print_response, say, security_hint};
use super::sign::unix_now;
use crate::cli::{GlobalArgs, SendArgs};
use crate::delivery::{self, Delivery, Diagnosis, TamperKind};
use crate::samples;
use crate::webhook::{self, Secret};

pub fn run(_global: &GlobalArgs, args: &SendArgs) -> anyhow::Result<ExitCode> {
    let secret = super::parse_secret(&args.secret)?;
    let body = load_body(args.event.as_deref(), args.payload.as_deref())?;
    let target = http::parse_target(&args.url)?;
    let timeout = Duration::from_secs(args.timeout);
    let agent = http::agent(timeout, &target);
    let session = Session {
        agent,
        timeout,
        target,
        secret,
        body,
    };
    if let Some(kind) = args.tamper {
        session.tamper(kind)
    } else if args.duplicate {
        session.duplicate()
    } else if args.retry {
        session.retry(Duration::from_millis(args.retry_pause))
    } else {
        session.once()
    }
}

fn load_body(event: Option<&str>, payload: Option<&Path>) -> anyhow::Result<Vec<u8>> {
    if let Some(path) = payload {
        return crate::files::read_input(path, crate::files::MAX_INPUT_FILE).map_err(|e| {
            anyhow::anyhow!(
                "impossible de lire le corps « {} » : {}",
                path.display(),
                crate::files::io_reason(&e)
            )
        });
    }
    let event = event.unwrap_or("user.created");
    match samples::find(event) {
        Some(sample) => Ok(sample.body.as_bytes().to_vec()),
        None => anyhow::bail!(
            "--event « {event} » : pas d'exemple pour cet événement — choisissez parmi {}, ou passez votre propre JSON avec --payload FICHIER",
            samples::event_list()
        ),
    }
}

struct Session {
    agent: ureq::Agent,
    /// `--timeout`, which the report names instead of Svix's own 15 s.
    timeout: Duration,
    target: Target,
    secret: Secret,
    body: Vec<u8>,
}

impl Session {
    fn signed(&self, msg_id: &str) -> anyhow::Result<Delivery> {
        Ok(Delivery::signed(
            &self.secret,
            msg_id,
            unix_now()?,
            &self.body,
        ))
    }

    /// Sends and prints; an unreachable endpoint is a usage error (exit 2).
    fn send(&self, delivery: &Delivery) -> anyhow::Result<Attempt> {
        print_request(&self.target.url, delivery)?;
        let attempt = match http::check_resolves(&self.target) {
            Ok(()) => http::post(&self.agent, &self.target, delivery),
            Err(reason) => Attempt {
                outcome: Outcome::Unreachable(reason),
                elapsed: Duration::ZERO,
            },
        };
        if let Outcome::Unreachable(reason) = &attempt.outcome {
            anyhow::bail!("impossible de joindre {} : {reason}", self.target.url);
        }
        print_response(&attempt, self.timeout)?;
        Ok(attempt)
    }

    fn once(&self) -> anyhow::Result<ExitCode> {
        let delivery = self.signed(&webhook::new_msg_id())?;
        let attempt = self.send(&delivery)?;
        print_diagnosis(&attempt.outcome, Some(1), self.timeout)?;
        Ok(exit(attempt.outcome.is_success()))
    }

    fn duplicate(&self) -> anyhow::Result<ExitCode> {
        let msg_id = webhook::new_msg_id();
        say("Envoi 1/2")?;
        let first_delivery = self.signed(&msg_id)?;
        let first = self.send(&first_delivery)?;
        if !first.outcome.is_success() {
            print_diagnosis(&first.outcome, Some(1), self.timeout)?;
            say(
                "✗ le premier envoi a échoué : corrigez d'abord cela avant de tester les doublons.",
            )?;
            return Ok(exit(false));
        }
        // A fresh timestamp, as on a Svix retry: wait for the next second.
        while unix_now()? <= first_delivery.timestamp {
            std::thread::sleep(Duration::from_millis(50));
        }
        say("")?;
        say(&format!(
            "Envoi 2/2 : même svix-id {msg_id}, re-signé avec un nouvel horodatage (comme une relance de Svix)"
        ))?;
        let second = self.send(&self.signed(&msg_id)?)?;
        say("")?;
        if second.outcome.is_success() {
            say("✓ les deux livraisons ont reçu un 2xx : c'est la bonne réponse à un doublon.")?;
            say(
                "  Ce test ne voit que les codes HTTP : vérifiez dans votre base qu'il n'y a qu'UNE ligne pour cet utilisateur, et qu'un seul e-mail de bienvenue est parti.",
            )?;
            say(
                "  Dédoublonnez sur svix-id (table des messages traités) et écrivez avec un upsert.",
            )?;
            Ok(exit(true))
        } else {
            print_diagnosis(&second.outcome, None, self.timeout)?;
            say(
                "✗ le doublon n'a pas reçu de 2xx : Svix le compte comme un échec et le relancera encore, jusqu'à 8 fois.",
            )?;
            say(
                "  Un message déjà traité doit recevoir 200 ou 204 : ignorez-le simplement (ne répondez pas 409).",
            )?;
            Ok(exit(false))
        }
    }

    fn tamper(&self, kind: TamperKind) -> anyhow::Result<ExitCode> {
        let delivery = kind.apply(
            &self.secret,
            &webhook::new_msg_id(),
            unix_now()?,
            &self.body,
        );
        say(&format!(
            "Requête volontairement invalide ({}) : {}",
            kind.name(),
            kind.describe()
        ))?;
        if let Some(note) = &delivery.note {
            say(&format!("  ({note})"))?;
        }
        let attempt = self.send(&delivery)?;
        say("")?;
        let status = match &attempt.outcome {
            Outcome::Reply(reply) => Some(reply.status),
            _ => None,
        };
        match status {
            Some(status @ 400..=499) => {
                say(&format!(
                    "✓ votre endpoint a bien rejeté la requête falsifiée ({status})."
                ))?;
                if matches!(status, 401 | 403 | 404) {
                    say(&format!(
                        "  ⚠ mais un {status} vient peut-être du middleware et non de la vérification : vérifiez qu'un envoi normal (sans --tamper) reçoit bien un 2xx."
                    ))?;
                }
                Ok(exit(true))
            }
            Some(status @ 200..=299) => {
                say(&format!(
                    "✗ PROBLÈME DE SÉCURITÉ : votre endpoint a accepté ({status}) une requête dont la signature est invalide ({}).",
                    kind.describe()
                ))?;
                say(
                    "  N'importe qui pourrait lui envoyer de faux événements : créer, modifier ou supprimer des utilisateurs dans votre base.",
                )?;
                say(
                    "  Vérifiez la signature AVANT tout traitement — verifyWebhook(req) avec Clerk, ou new Webhook(secret).verify(corpsBrut, enTêtes) avec svix — et répondez 400 si elle échoue.",
                )?;
                say(&format!("  {}", security_hint(kind)))?;
                Ok(exit(false))
            }
            _ => {
                print_diagnosis(&attempt.outcome, None, self.timeout)?;
                say(
                    "✗ la requête n'a pas été acceptée, mais pas proprement : une signature invalide doit recevoir un 400, vite.",
                )?;
                say(
                    "  Un 5xx signifie souvent que l'exception levée par la vérification n'est pas attrapée (try/catch → 400).",
                )?;
                Ok(exit(false))
            }
        }
    }

    fn retry(&self, pause: Duration) -> anyhow::Result<ExitCode> {
        let msg_id = webhook::new_msg_id();
        say(&format!(
            "Calendrier de relance de Svix sur une horloge accélérée : chaque attente dure {} ms ici.",
            pause.as_millis()
        ))?;
        for attempt_no in 1..=delivery::ATTEMPTS {
            if attempt_no > 1 {
                if let Some(delay) = delivery::delay_before(attempt_no) {
                    say(&format!(
                        "  … attente de {} (simulée en {} ms)",
                        delivery::format_duration(delay),
                        pause.as_millis()
                    ))?;
                }
                std::thread::sleep(pause);
            }
            let elapsed = delivery::elapsed_at(attempt_no).unwrap_or_default();
            say("")?;
            say(&format!(
                "Tentative {attempt_no}/{} — {} (t = {} après la première)",
                delivery::ATTEMPTS,
                delivery::schedule_label(attempt_no),
                delivery::format_duration(elapsed)
            ))?;
            // Same svix-id every time, re-signed with the current time.
            let delivery = self.signed(&msg_id)?;
            let attempt = if attempt_no == 1 {
                self.send(&delivery)?
            } else {
                let attempt = http::post(&self.agent, &self.target, &delivery);
                say(&format!(
                    "→ POST {} (svix-id {msg_id} inchangé, svix-timestamp {} : nouvelle signature)",
                    self.target.url, delivery.timestamp
                ))?;
                print_response(&attempt, self.timeout)?;
                attempt
            };
            if attempt.outcome.is_success() {
                say(&format!(
                    "✓ accepté à la tentative {attempt_no} : Svix arrête les relances, le message est « Succeeded »."
                ))?;
                return Ok(exit(true));
            }
            if let Some(outcome) = attempt.outcome.response_outcome() {
                say(&format!(
                    "  {}",
                    headline(Diagnosis::of(outcome), self.timeout)
                ))?;
            }
        }
        say("")?;
        say(&format!(
            "✗ {} tentatives en échec : Svix marque le message « Failed » pour cet endpoint, {} après la première tentative, et n'essaie plus.",
            delivery::ATTEMPTS,
            delivery::format_duration(delivery::total_span())
        ))?;
        say(
            "  Corrigez l'endpoint, puis rejouez depuis le Dashboard Clerk : Webhooks → votre endpoint → Message Attempts → menu « ⋯ » de la ligne → Replay (ce message, ou tous les messages en échec depuis).",
        )?;
        Ok(exit(false))
    }
}

fn exit(ok: bool) -> ExitCode {
    if ok {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    }
}
