//! The battery itself: for each selected check, build the requests, send them through the
//! [`Transport`], read the database through the [`StateReader`] when there is one, judge the
//! answers, and report each result through the progress callback as soon as it is known.
//! At the end, a `user.deleted` for every lab user that may exist.

use std::sync::Barrier;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use serde_json::json;

use super::Progress;
use super::checks::{CheckDef, Expect, id};
use super::payload::{self, LabUser};
use super::report::{Answer, CheckResult, CleanupFailure, Exchange, Report, SentRequest, Status};
use super::state::{StateReader, UserRow};
use super::transport::{EXCERPT_CHARS, Fatal, Transport};
use super::verdict::{self, CheckFailure};
use crate::delivery::{self, Delivery};
use crate::webhook::{self, Secret};

/// How long a state check waits for the endpoint's write to show (endpoints that answer
/// first and write after are correct, just not instant).
const STATE_WAIT: Duration = Duration::from_millis(1000);

/// `valid` answered slower than this fails the `latency` bonus.
pub const LATENCY_LIMIT: Duration = Duration::from_secs(1);

/// Everything a run needs.
pub struct Battery<'a, 'd> {
    pub url: &'a str,
    pub secret: &'a Secret,
    pub checks: &'a [&'static CheckDef],
    pub transport: &'a dyn Transport,
    pub db: Option<&'d mut dyn StateReader>,
}

struct Run<'a, 'd> {
    secret: &'a Secret,
    transport: &'a dyn Transport,
    db: Option<&'d mut dyn StateReader>,
    tag: String,
    /// Lab users that may exist behind the endpoint, for the cleanup.
    created: Vec<String>,
    valid_user: LabUser,
    /// The valid check's answer time, for `latency`.
    valid_ms: Option<(u64, bool)>,
    duplicate_user: Option<LabUser>,
    updated_user: Option<LabUser>,
    valid_deleted: bool,
    /// Results so far: (id, passed, last HTTP status, some request got a 2xx).
    done: Vec<(&'static str, bool, Option<u16>, bool)>,
}

pub fn run(battery: Battery<'_, '_>, progress: &mut dyn FnMut(Progress)) -> Report {
    let tag = random_tag();
    let mut run = Run {
        secret: battery.secret,
        transport: battery.transport,
        db: battery.db,
        valid_user: LabUser::new(&tag, 1, "Inès"),
        tag,
        created: Vec::new(),
        valid_ms: None,
        duplicate_user: None,
        updated_user: None,
        valid_deleted: false,
        done: Vec::new(),
    };
    let total = battery.checks.len();
    let mut results = Vec::with_capacity(total);
    let mut aborted = None;
    for (index, def) in battery.checks.iter().copied().enumerate() {
        progress(Progress::Started {
            index,
            total,
            id: def.id,
            title: def.title,
        });
        let start = Instant::now();
        match run.check(def) {
            Ok(mut result) => {
                result.ms = millis(start.elapsed());
                progress(Progress::Finished {
                    index,
                    total,
                    result: result.clone(),
                });
                results.push(result);
            }
            Err(reason) => {
                aborted = Some(reason);
                break;
            }
        }
    }
    let mut report = Report::new(battery.url, results);
    let reachable = !matches!(aborted, Some(Stop::Fatal(Fatal::Unreachable(_))));
    if reachable {
        run.cleanup(&mut report, progress);
    }
    if let Some(stop) = aborted {
        report.abort(stop.to_string());
    }
    report
}

/// Why the run stopped early.
#[derive(Debug)]
enum Stop {
    Fatal(Fatal),
    /// The very first request could not be judged at all (hanging, redirecting endpoint).
    First(String),
}

impl std::fmt::Display for Stop {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Fatal(fatal) => write!(f, "{fatal}"),
            Self::First(reason) => f.write_str(reason),
        }
    }
}

impl From<Fatal> for Stop {
    fn from(fatal: Fatal) -> Self {
        Self::Fatal(fatal)
    }
}

/// A request about to be sent.
struct Outgoing {
    label: String,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

impl Outgoing {
    fn from_delivery(label: impl Into<String>, delivery: &Delivery) -> Self {
        Self {
            label: label.into(),
            headers: delivery
                .headers()
                .into_iter()
                .map(|(n, v)| (n.to_owned(), v))
                .collect(),
            body: delivery.body.clone(),
        }
    }

    fn without(mut self, header: &str) -> Self {
        self.headers.retain(|(n, _)| n != header);
        self
    }

    fn summary(&self) -> SentRequest {
        SentRequest {
            label: self.label.clone(),
            headers: self.headers.clone(),
            body_len: self.body.len(),
            body_excerpt: delivery::excerpt(&self.body, EXCERPT_CHARS),
        }
    }
}

impl Run<'_, '_> {
    fn now(&self) -> i64 {
        unix_now()
    }

    fn msg_id(&self, n: usize) -> String {
        format!("msg_lab_{}{n:02}", self.tag)
    }

    fn send(&self, out: &Outgoing) -> Result<Exchange, Fatal> {
        send(self.transport, out)
    }

    fn signed(&self, label: &str, n: usize, timestamp: i64, body: &[u8]) -> Outgoing {
        let delivery = Delivery::signed(self.secret, &self.msg_id(n), timestamp, body);
        Outgoing::from_delivery(label, &delivery)
    }

    fn remember(&mut self, user: &str, exchanges: &[Exchange]) {
        if exchanges.iter().any(|e| e.answer.is_success())
            && !self.created.iter().any(|u| u == user)
        {
            self.created.push(user.to_owned());
        }
    }

    fn check(&mut self, def: &'static CheckDef) -> Result<CheckResult, Stop> {
        let ms_now = self.now() * 1000;
        let mut result = CheckResult {
            def,
            status: Status::Passed,
            ms: 0,
            exchanges: Vec::new(),
            diagnosis: Vec::new(),
            state: Vec::new(),
        };
        if def.needs_database && self.db.is_none() {
            result.status = Status::Skipped;
            result.diagnosis = vec![
                "non évalué : cette vérification lit votre base — relancez avec --database-url (par exemple file:./prisma/dev.db ou postgresql://…)".to_owned(),
            ];
            return Ok(result);
        }
        if let Some(after) = def.after.filter(|_| def.expect == Expect::State)
            && let Some((_, false, status, false)) = self.done.iter().find(|(id, ..)| *id == after)
        {
            result.status = Status::Failed;
            result.diagnosis = vec![format!(
                "non vérifiable : « {after} » n’a pas été accepté ({}), donc rien n’a pu être écrit — corrigez d’abord « {after} »",
                status.map_or_else(|| "pas de réponse".to_owned(), |s| format!("réponse {s}"))
            )];
            self.done.push((def.id, false, None, false));
            return Ok(result);
        }
        let failure = match def.id {
            id::VALID => {
                let user = self.valid_user.clone();
                let body = payload::user_event("user.created", &user, ms_now, json!({}));
                let out = self.signed("user.created réaliste", 1, self.now(), &body);
                let exchange = self.send(&out)?;
                first_request_guard(&exchange)?;
                self.valid_ms = Some((exchange.ms, exchange.answer.is_success()));
                result.exchanges.push(exchange);
                self.remember(&user.id, &result.exchanges);
                verdict::success(&result.exchanges, def)
            }
            id::STATE_VALID => {
                let user = self.valid_user.clone();
                self.expect_rows(&mut result, &user.id, |rows| {
                    verdict::one_row_like(rows, &user)
                })
            }
            id::RAW_BODY => {
                let user = LabUser::new(&self.tag, 2, "Hélène");
                let body = payload::raw_body_event(&user, ms_now);
                let out = self.signed(
                    "user.created mis en forme (espaces, \\u00e9, clé « 2026 »)",
                    2,
                    self.now(),
                    &body,
                );
                result.exchanges.push(self.send(&out)?);
                self.remember(&user.id, &result.exchanges);
                verdict::success(&result.exchanges, def)
            }
            id::TAMPERED_BODY
            | id::WRONG_SECRET
            | id::REPLAY
            | id::FUTURE
            | id::MISSING_ID
            | id::MISSING_TIMESTAMP
            | id::MISSING_SIGNATURE => {
                let user = LabUser::new(&self.tag, 3, "Intrus");
                let body = payload::user_event("user.created", &user, ms_now, json!({}));
                let out = self.forged(def.id, &body)?;
                result.exchanges.push(self.send(&out)?);
                self.remember(&user.id, &result.exchanges);
                verdict::rejection(&result.exchanges, def)
            }
            id::ROTATION => {
                let user = LabUser::new(&self.tag, 4, "Rotation");
                let body = payload::user_event("user.created", &user, ms_now, json!({}));
                let now = self.now();
                let msg = self.msg_id(4);
                let stale = webhook::sign(&other_secret()?, &msg, now, &body);
                let valid = webhook::sign(self.secret, &msg, now, &body);
                let delivery = Delivery {
                    signature: Some(format!("{stale} {valid}")),
                    ..Delivery::signed(self.secret, &msg, now, &body)
                };
                let out = Outgoing::from_delivery(
                    "user.created, ancienne signature puis la bonne",
                    &delivery,
                );
                result.exchanges.push(self.send(&out)?);
                self.remember(&user.id, &result.exchanges);
                verdict::success(&result.exchanges, def)
            }
            id::DUPLICATE => {
                let user = LabUser::new(&self.tag, 5, "Doublon");
                let body = payload::user_event("user.created", &user, ms_now, json!({}));
                let now = self.now();
                result.exchanges.push(self.send(&self.signed(
                    "user.created, première livraison",
                    5,
                    now,
                    &body,
                ))?);
                // Svix re-signs a retry with a fresh timestamp; one second later is enough.
                result.exchanges.push(self.send(&self.signed(
                    "même svix-id, re-signé (relance)",
                    5,
                    now + 1,
                    &body,
                ))?);
                self.remember(&user.id, &result.exchanges);
                self.duplicate_user = Some(user);
                verdict::success(&result.exchanges, def)
            }
            id::STATE_DUPLICATE => {
                let user = self
                    .duplicate_user
                    .clone()
                    .unwrap_or_else(|| LabUser::new(&self.tag, 5, "Doublon"));
                self.expect_rows(&mut result, &user.id, verdict::exactly_one_row)
            }
            id::UPDATE_BEFORE_CREATE => {
                let user = LabUser::new(&self.tag, 6, "Désordre");
                let body = payload::user_event(
                    "user.updated",
                    &user,
                    ms_now,
                    json!({ "plan": "potager" }),
                );
                result.exchanges.push(self.send(&self.signed(
                    "user.updated d’un utilisateur jamais créé",
                    6,
                    self.now(),
                    &body,
                ))?);
                self.remember(&user.id, &result.exchanges);
                self.updated_user = Some(user);
                verdict::success(&result.exchanges, def)
            }
            id::STATE_UPDATE => {
                let user = self
                    .updated_user
                    .clone()
                    .unwrap_or_else(|| LabUser::new(&self.tag, 6, "Désordre"));
                self.expect_rows(&mut result, &user.id, |rows| {
                    verdict::one_row_like(rows, &user)
                })
            }
            id::DELETE_UNKNOWN => {
                let unknown = format!("user_lab_{}inconnu", self.tag);
                let body = payload::deleted_event(&unknown, ms_now);
                result.exchanges.push(self.send(&self.signed(
                    "user.deleted d’un id jamais vu",
                    7,
                    self.now(),
                    &body,
                ))?);
                verdict::success(&result.exchanges, def)
            }
            id::STATE_DELETE => {
                let user = self.valid_user.clone();
                let body = payload::deleted_event(&user.id, ms_now);
                result.exchanges.push(self.send(&self.signed(
                    "user.deleted de l’utilisateur du test valid",
                    8,
                    self.now(),
                    &body,
                ))?);
                match verdict::success(&result.exchanges, def) {
                    Some(failure) => Some(failure),
                    None => {
                        self.valid_deleted = true;
                        self.expect_rows(&mut result, &user.id, verdict::gone)
                    }
                }
            }
            id::UNKNOWN_EVENT => {
                let body = payload::organization_created(&self.tag, ms_now);
                result.exchanges.push(self.send(&self.signed(
                    "organization.created",
                    9,
                    self.now(),
                    &body,
                ))?);
                verdict::success(&result.exchanges, def)
            }
            id::LARGE_PAYLOAD => {
                // An update of the valid user, as Clerk sends when public_metadata grows.
                let user = self.valid_user.clone();
                let body = payload::user_event(
                    "user.updated",
                    &user,
                    ms_now,
                    payload::large_metadata(200_000),
                );
                let label = format!("user.updated de {} Ko", body.len() / 1000);
                result
                    .exchanges
                    .push(self.send(&self.signed(&label, 10, self.now(), &body))?);
                self.remember(&user.id, &result.exchanges);
                verdict::success(&result.exchanges, def)
            }
            id::CONCURRENT_DUPLICATE => {
                let user = LabUser::new(&self.tag, 11, "Simultané");
                let body = payload::user_event("user.created", &user, ms_now, json!({}));
                let out = self.signed(
                    "user.created, envoyé deux fois au même instant",
                    11,
                    self.now(),
                    &body,
                );
                let pair = self.send_twice_at_once(&out)?;
                result.exchanges.extend(pair);
                self.remember(&user.id, &result.exchanges);
                match verdict::success(&result.exchanges, def) {
                    Some(failure) => Some(failure),
                    None if self.db.is_some() => {
                        self.expect_rows(&mut result, &user.id, verdict::exactly_one_row)
                    }
                    None => None,
                }
            }
            id::STALE_UPDATE => {
                let older = LabUser::new(&self.tag, 12, "Périmé");
                let newer = LabUser {
                    first_name: "Récent".to_owned(),
                    ..older.clone()
                };
                let now = self.now();
                let recent = payload::user_event("user.updated", &newer, ms_now, json!({}));
                let stale = payload::user_event("user.updated", &older, ms_now - 30_000, json!({}));
                result.exchanges.push(self.send(&self.signed(
                    "user.updated récent (updated_at plus grand)",
                    12,
                    now,
                    &recent,
                ))?);
                result.exchanges.push(self.send(&self.signed(
                    "user.updated plus ancien, arrivé après",
                    13,
                    now,
                    &stale,
                ))?);
                self.remember(&older.id, &result.exchanges);
                match verdict::success(&result.exchanges, def) {
                    Some(failure) => Some(failure),
                    None => self.expect_rows(&mut result, &newer.id, |rows| {
                        verdict::one_row_like(rows, &newer)
                    }),
                }
            }
            id::LATENCY => verdict::latency(self.valid_ms),
            other => Some(CheckFailure::new(format!(
                "vérification « {other} » inconnue du lanceur"
            ))),
        };
        if let Some(mut failure) = failure {
            result.status = Status::Failed;
            // The same refusal as the valid event: its cause (secret, middleware, route) is
            // almost surely this one's too, so say that first rather than a check-specific guess.
            let status = result.last_status();
            let valid = self.done.iter().find(|(id, ..)| *id == id::VALID);
            if def.id != id::VALID
                && def.expect == Expect::Success
                && let Some((_, false, valid_status, _)) = valid
                && *valid_status == status
            {
                failure.lines.truncate(1);
                failure.lines.push(
                    "Même réponse que pour « valid » : la cause est sûrement la même — corrigez d’abord « valid » (secret, route publique, chemin).".to_owned(),
                );
            }
            result.diagnosis = failure.lines;
        }
        let accepted = result.exchanges.iter().any(|e| e.answer.is_success());
        self.done
            .push((def.id, result.passed(), result.last_status(), accepted));
        Ok(result)
    }

    /// The forged requests, all for the same intruder user.
    fn forged(&self, check: &str, body: &[u8]) -> Result<Outgoing, Stop> {
        let now = self.now();
        // Each forged request has its own svix-id, so no check depends on another's.
        let n = 20 + FORGED.iter().position(|c| *c == check).unwrap_or(0);
        let msg = self.msg_id(n);
        let signed = |ts| Delivery::signed(self.secret, &msg, ts, body);
        Ok(match check {
            id::TAMPERED_BODY => {
                let mut d = signed(now);
                d.body = String::from_utf8_lossy(&d.body)
                    .replace("\"Intrus\"", "\"Pirate\"")
                    .into_bytes();
                Outgoing::from_delivery(
                    "user.created dont le corps a changé après la signature (first_name)",
                    &d,
                )
            }
            id::WRONG_SECRET => {
                let d = Delivery::signed(&other_secret()?, &msg, now, body);
                Outgoing::from_delivery("user.created signé avec un autre secret", &d)
            }
            id::REPLAY => Outgoing::from_delivery(
                "user.created correctement signé, horodaté il y a 10 minutes",
                &signed(now - delivery::REPLAY_AGE_SECS),
            ),
            id::FUTURE => Outgoing::from_delivery(
                "user.created correctement signé, horodaté dans 10 minutes",
                &signed(now + delivery::REPLAY_AGE_SECS),
            ),
            id::MISSING_ID => {
                Outgoing::from_delivery("user.created sans en-tête svix-id", &signed(now))
                    .without("svix-id")
            }
            id::MISSING_TIMESTAMP => {
                Outgoing::from_delivery("user.created sans en-tête svix-timestamp", &signed(now))
                    .without("svix-timestamp")
            }
            _ => Outgoing::from_delivery("user.created sans en-tête svix-signature", &signed(now))
                .without("svix-signature"),
        })
    }

    fn send_twice_at_once(&self, out: &Outgoing) -> Result<Vec<Exchange>, Fatal> {
        let transport = self.transport;
        let barrier = Barrier::new(2);
        let results: Vec<Result<Exchange, Fatal>> = std::thread::scope(|scope| {
            let mut handles = Vec::new();
            for i in 0..2 {
                let barrier = &barrier;
                let spawned = std::thread::Builder::new()
                    .name(format!("grade-concurrent-{i}"))
                    .spawn_scoped(scope, move || {
                        barrier.wait();
                        send(transport, out)
                    });
                match spawned {
                    Ok(handle) => handles.push(handle),
                    // No second thread: both requests go from here, one after the other.
                    Err(_) => return vec![send(transport, out), send(transport, out)],
                }
            }
            handles
                .into_iter()
                .map(|h| {
                    h.join().unwrap_or_else(|_| {
                        Err(Fatal::Unreachable("fil d’envoi interrompu".to_owned()))
                    })
                })
                .collect()
        });
        results.into_iter().collect()
    }

    /// Reads the rows until `judge` is satisfied or [`STATE_WAIT`] has passed.
    fn expect_rows(
        &mut self,
        result: &mut CheckResult,
        clerk_id: &str,
        judge: impl Fn(&[UserRow]) -> Result<String, CheckFailure>,
    ) -> Option<CheckFailure> {
        let db = self.db.as_mut()?;
        let start = Instant::now();
        loop {
            let outcome = match db.rows(clerk_id) {
                Ok(rows) => judge(&rows),
                // A database that does not answer will not answer better in 50 ms.
                Err(reason) => {
                    return Some(CheckFailure::new(format!(
                        "base de données illisible pendant la vérification : {reason}"
                    )));
                }
            };
            match outcome {
                Ok(seen) => {
                    result.state.push(seen);
                    return None;
                }
                Err(failure) if start.elapsed() >= STATE_WAIT => {
                    result.state.push(format!("lu pour clerkId = {clerk_id}"));
                    return Some(failure);
                }
                Err(_) => std::thread::sleep(Duration::from_millis(50)),
            }
        }
    }

    fn cleanup(&mut self, report: &mut Report, progress: &mut dyn FnMut(Progress)) {
        let users: Vec<String> = self
            .created
            .iter()
            .filter(|u| !(self.valid_deleted && **u == self.valid_user.id))
            .cloned()
            .collect();
        let total = users.len();
        for (done, user) in users.iter().enumerate() {
            progress(Progress::Cleanup { done, total });
            let body = payload::deleted_event(user, self.now() * 1000);
            let out = self.signed("nettoyage : user.deleted", 50 + done, self.now(), &body);
            let reason = match self.send(&out) {
                Ok(exchange) if exchange.answer.is_success() => None,
                Ok(exchange) => Some(exchange.answer.line(exchange.ms)),
                Err(fatal) => Some(fatal.to_string()),
            };
            report.cleanup_sent += 1;
            if let Some(reason) = reason {
                report.cleanup_failures.push(CleanupFailure {
                    clerk_id: user.clone(),
                    reason,
                });
            }
        }
        progress(Progress::Cleanup { done: total, total });
    }
}

const FORGED: [&str; 7] = [
    id::TAMPERED_BODY,
    id::WRONG_SECRET,
    id::REPLAY,
    id::FUTURE,
    id::MISSING_ID,
    id::MISSING_TIMESTAMP,
    id::MISSING_SIGNATURE,
];

fn send(transport: &dyn Transport, out: &Outgoing) -> Result<Exchange, Fatal> {
    let start = Instant::now();
    let answer = transport.post(&out.headers, &out.body)?;
    Ok(Exchange {
        request: out.summary(),
        answer,
        ms: millis(start.elapsed()),
    })
}

/// The first answer decides whether the run can go on: an endpoint that hangs or redirects
/// would fail every check for the same reason.
fn first_request_guard(exchange: &Exchange) -> Result<(), Stop> {
    match &exchange.answer {
        Answer::Timeout { secs } => Err(Stop::First(format!(
            "l’endpoint n’a pas répondu en {secs} s (--timeout) au premier événement : votre handler renvoie-t-il toujours une réponse ? Svix abandonne après 15 s"
        ))),
        Answer::Status {
            status: status @ 300..=399,
            location,
            ..
        } => Err(Stop::First(format!(
            "l’endpoint répond par une redirection ({status}{}) : Svix ne suit jamais les redirections — donnez l’URL finale exacte (https, www, barre oblique finale…)",
            location
                .as_deref()
                .map(|l| format!(" vers {l}"))
                .unwrap_or_default()
        ))),
        _ => Ok(()),
    }
}

fn other_secret() -> Result<Secret, Stop> {
    Secret::try_generate().map_err(|e| Stop::First(crate::french::random_error(e)))
}

pub(super) fn random_tag() -> String {
    const ALPHABET: &[u8] = b"abcdefghijkmnpqrstuvwxyz23456789";
    let mut bytes = [0u8; 10];
    if getrandom::fill(&mut bytes).is_err() {
        // No OS randomness: the clock still keeps two runs apart.
        let nanos = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos());
        bytes = nanos.to_le_bytes()[..10].try_into().unwrap_or([7; 10]);
    }
    bytes
        .iter()
        .map(|b| ALPHABET[usize::from(*b) % ALPHABET.len()] as char)
        .collect()
}

pub(super) fn unix_now() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX))
}

fn millis(d: Duration) -> u64 {
    u64::try_from(d.as_millis()).unwrap_or(u64::MAX)
}
