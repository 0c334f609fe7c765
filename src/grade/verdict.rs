//! Judging one check: HTTP answers against what a correct endpoint does (reusing
//! [`Diagnosis`] for the status), database rows against the event that was sent, and the
//! French lines that say what is wrong and what to change.

use super::checks::{CheckDef, id};
use super::payload::LabUser;
use super::report::{Answer, Exchange};
use super::runner::LATENCY_LIMIT;
use super::state::UserRow;
use crate::delivery::{Diagnosis, ResponseOutcome};

/// Why a check failed: French lines, the first one the summary.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckFailure {
    pub lines: Vec<String>,
}

impl CheckFailure {
    pub fn new(line: impl Into<String>) -> Self {
        Self {
            lines: vec![line.into()],
        }
    }

    fn with(mut self, line: impl Into<String>) -> Self {
        self.lines.push(line.into());
        self
    }
}

/// The headline and advice of [`Diagnosis`] for one answer.
fn diagnosis_lines(answer: &Answer) -> Vec<String> {
    let outcome = match answer {
        Answer::Status { status, .. } => ResponseOutcome::Status(*status),
        Answer::Timeout { .. } => ResponseOutcome::Timeout,
        Answer::Broken(reason) => {
            return vec![format!(
                "✗ la connexion s’est interrompue sans réponse complète ({reason}) : Svix compterait un échec et relancerait"
            )];
        }
    };
    let diagnosis = Diagnosis::of(outcome);
    std::iter::once(diagnosis.headline())
        .chain(diagnosis.advice().iter().map(|a| (*a).to_owned()))
        .collect()
}

/// Every request must get a 2xx.
pub fn success(exchanges: &[Exchange], def: &CheckDef) -> Option<CheckFailure> {
    let (n, bad) = exchanges
        .iter()
        .enumerate()
        .find(|(_, e)| !e.answer.is_success())?;
    let which = if exchanges.len() > 1 {
        format!(
            "envoi {}/{} ({})",
            n + 1,
            exchanges.len(),
            bad.request.label
        )
    } else {
        bad.request.label.clone()
    };
    let mut failure = CheckFailure::new(format!(
        "{which} : {} — un 2xx était attendu",
        bad.answer.line(bad.ms)
    ));
    if let Some(hint) = success_hint(def.id, bad.answer.status()) {
        failure = failure.with(hint);
    }
    failure.lines.extend(diagnosis_lines(&bad.answer));
    Some(failure)
}

fn success_hint(check: &str, status: Option<u16>) -> Option<&'static str> {
    let status = status.unwrap_or(0);
    Some(match check {
        id::VALID if matches!(status, 401 | 403 | 404) => {
            "La route du webhook est cachée par clerkMiddleware : rendez-la publique (createRouteMatcher(['/api/webhooks(.*)']) dans isPublicRoute), la sécurité vient de la signature."
        }
        id::VALID | id::RAW_BODY | id::ROTATION | id::DUPLICATE if status == 400 => match check {
            id::RAW_BODY => {
                "Votre endpoint vérifie un corps re-sérialisé : JSON.stringify(await req.json()) ne redonne pas les octets signés (espaces, \\u00e9, ordre des clés). Vérifiez le corps brut : await req.text(), ou express.raw({ type: 'application/json' })."
            }
            id::ROTATION => {
                "svix-signature contient ici deux entrées « v1,… » séparées par une espace : la requête est valide si UNE d’elles correspond. Ne comparez pas seulement la première (la bibliothèque svix les essaie toutes)."
            }
            id::DUPLICATE => {
                "Une relance est re-signée avec un nouvel horodatage : vérifiez la signature à chaque livraison, puis ignorez le svix-id déjà traité avec un 2xx."
            }
            _ => {
                "Un 400 sur un événement correctement signé : le secret de --secret est-il celui de votre CLERK_WEBHOOK_SIGNING_SECRET, et vérifiez-vous le corps brut ?"
            }
        },
        id::DUPLICATE | id::CONCURRENT_DUPLICATE => {
            "Un message déjà traité doit recevoir un 2xx : dédoublonnez sur svix-id et écrivez avec upsert (un second create viole @unique : P2002, donc 500, donc des relances pendant plus d’une journée)."
        }
        id::UPDATE_BEFORE_CREATE | id::STALE_UPDATE => {
            "prisma.user.update lève P2025 quand la ligne n’existe pas encore : l’ordre des livraisons n’est pas garanti, utilisez upsert sur clerkId."
        }
        id::DELETE_UNKNOWN | id::STATE_DELETE => {
            "prisma.user.delete lève P2025 quand la ligne n’existe pas : utilisez deleteMany({ where: { clerkId } }), gardé par if (!clerkId) break."
        }
        id::UNKNOWN_EVENT => {
            "Un événement que vous ne traitez pas doit quand même recevoir un 2xx (default: break), sinon Svix le relance pendant plus d’une journée."
        }
        id::LARGE_PAYLOAD if status == 413 => {
            "Les analyseurs d’Express s’arrêtent à 100 kB par défaut : express.raw({ type: 'application/json', limit: '1mb' })."
        }
        _ => return None,
    })
}

/// A forged or stale request must get a 4xx.
pub fn rejection(exchanges: &[Exchange], def: &CheckDef) -> Option<CheckFailure> {
    let exchange = exchanges.last()?;
    let status = exchange.answer.status();
    if status.is_some_and(|s| (400..500).contains(&s)) {
        return None;
    }
    let line = format!(
        "{} : {} — un 4xx (400) était attendu",
        exchange.request.label,
        exchange.answer.line(exchange.ms)
    );
    let failure = match status {
        Some(s @ 200..=299) => CheckFailure::new(line)
            .with(format!(
                "✗ PROBLÈME DE SÉCURITÉ : la requête a été acceptée ({s}) — n’importe qui pourrait créer, modifier ou supprimer des utilisateurs dans votre base."
            ))
            .with(security_hint(def.id))
            .with("Vérifiez la signature AVANT tout traitement (verifyWebhook(req), ou new Webhook(secret).verify(corpsBrut, enTêtes)) et répondez 400 si elle échoue."),
        Some(s @ 500..=599) => CheckFailure::new(line).with(format!(
            "Un {s} : l’endpoint a lu ou écrit avant de vérifier, ou l’exception de la vérification n’est pas attrapée. Gardez la vérification seule dans le try, et répondez 400 dans le catch."
        )),
        _ => {
            let mut failure = CheckFailure::new(line);
            failure.lines.extend(diagnosis_lines(&exchange.answer));
            failure
        }
    };
    Some(failure)
}

fn security_hint(check: &str) -> &'static str {
    match check {
        id::TAMPERED_BODY => {
            "Le corps a changé après la signature : votre code ne vérifie pas le corps brut reçu (ou ne vérifie rien)."
        }
        id::WRONG_SECRET => {
            "La signature vient d’un autre secret : votre code ne compare pas la signature, ou continue quand la vérification échoue."
        }
        id::REPLAY | id::FUTURE => {
            "L’horodatage est à 10 minutes de maintenant : votre vérification l’ignore, donc une requête capturée peut être rejouée (Svix tolère 5 minutes)."
        }
        _ => "Un en-tête svix-* manquait : répondez 400 dès qu’un des trois est absent.",
    }
}

fn field(name: &str, got: Option<&String>, want: &str) -> Option<String> {
    (got.map(String::as_str) != Some(want)).then(|| {
        format!(
            "{name} = {}, attendu « {want} »",
            got.map_or_else(|| "NULL".to_owned(), |g| format!("« {g} »"))
        )
    })
}

/// Exactly one live row, with the user's primary e-mail, names and image.
pub fn one_row_like(rows: &[UserRow], user: &LabUser) -> Result<String, CheckFailure> {
    let row = single(rows, &user.id)?;
    if row.deleted {
        return Err(CheckFailure::new(format!(
            "la ligne de {} a deletedAt rempli alors que l’utilisateur existe",
            user.id
        )));
    }
    if row.email.as_deref() == Some(user.old_email.as_str()) {
        return Err(CheckFailure::new(format!(
            "email = « {} » : c’est email_addresses[0], pas l’adresse principale « {} »",
            user.old_email, user.email
        ))
        .with("Cherchez l’adresse dont l’id vaut primary_email_address_id : user.email_addresses.find((a) => a.id === user.primary_email_address_id)."));
    }
    let wrong: Vec<String> = [
        field("email", row.email.as_ref(), &user.email),
        field("firstName", row.first_name.as_ref(), &user.first_name),
        field("lastName", row.last_name.as_ref(), &user.last_name),
        field("imageUrl", row.image_url.as_ref(), &user.image_url),
    ]
    .into_iter()
    .flatten()
    .collect();
    if wrong.is_empty() {
        Ok(format!(
            "1 ligne pour {} : e-mail principal, prénom « {} », nom et image conformes",
            user.id, user.first_name
        ))
    } else {
        Err(CheckFailure {
            lines: std::iter::once(format!(
                "la ligne de {} ne correspond pas à l’événement :",
                user.id
            ))
            .chain(wrong)
            .collect(),
        })
    }
}

fn single<'a>(rows: &'a [UserRow], clerk_id: &str) -> Result<&'a UserRow, CheckFailure> {
    match rows {
        [row] => Ok(row),
        [] => Err(CheckFailure::new(format!(
            "aucune ligne pour clerkId = {clerk_id} : l’endpoint a répondu 2xx mais n’a rien écrit (ou dans une autre table : --table)"
        ))),
        _ => Err(CheckFailure::new(format!(
            "{} lignes pour clerkId = {clerk_id} : il en faut une seule",
            rows.len()
        ))
        .with("Mettez @unique sur clerkId et écrivez avec upsert : deux livraisons du même événement ne doivent donner qu’une ligne.")),
    }
}

/// Still exactly one row (after a duplicate).
pub fn exactly_one_row(rows: &[UserRow]) -> Result<String, CheckFailure> {
    match rows {
        [_] => Ok("toujours 1 ligne".to_owned()),
        [] => Err(CheckFailure::new(
            "aucune ligne : l’endpoint a répondu 2xx mais n’a rien écrit (ou dans une autre table : --table)",
        )),
        _ => Err(CheckFailure::new(format!(
            "{} lignes pour le même utilisateur : le doublon a été écrit une seconde fois",
            rows.len()
        ))
        .with("Dédoublonnez sur svix-id et mettez @unique sur clerkId avec un upsert.")),
    }
}

/// After `user.deleted`: no row, or `deletedAt` set.
pub fn gone(rows: &[UserRow]) -> Result<String, CheckFailure> {
    if rows.is_empty() {
        Ok("ligne supprimée".to_owned())
    } else if rows.iter().all(|r| r.deleted) {
        Ok("deletedAt rempli (suppression logique)".to_owned())
    } else {
        Err(CheckFailure::new(
            "la ligne existe encore, sans deletedAt : le user.deleted a reçu un 2xx mais rien n’a été supprimé",
        )
        .with("Dans le cas 'user.deleted' : deleteMany({ where: { clerkId } }) (ou updateMany avec deletedAt: new Date())."))
    }
}

/// `valid`'s answer time, if it was accepted.
pub fn latency(valid: Option<(u64, bool)>) -> Option<CheckFailure> {
    let limit = u64::try_from(LATENCY_LIMIT.as_millis()).unwrap_or(1000);
    match valid {
        None => Some(CheckFailure::new("la vérification valid n’a pas été lancée")),
        Some((_, false)) => Some(CheckFailure::new(
            "l’événement valide n’a pas reçu de 2xx : corrigez d’abord la vérification valid",
        )),
        Some((ms, true)) if ms >= limit => Some(
            CheckFailure::new(format!("réponse en {ms} ms : plus de {limit} ms"))
                .with("Répondez vite : faites le travail lent (e-mails, appels externes) après la réponse, ou dans une file. Svix abandonne à 15 s."),
        ),
        Some(_) => None,
    }
}
