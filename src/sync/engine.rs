//! The simulation clock: Clerk's events, Svix's attempts on each endpoint (with the real
//! retry schedule and the faults), the upsert at login, and the Dashboard replay, taken
//! from one agenda in time order. [`Simulation::step`] runs everything due at the next
//! instant; every attempt is kept for the inspector.

use std::cmp::Reverse;
use std::collections::{BTreeMap, BinaryHeap};

use crate::delivery::{ATTEMPTS, RETRY_SCHEDULE};

use super::faults::{Faults, LATENCY, LOST_AFTER};
use super::model::{
    Actor, Change, ClerkEvent, EPOCH, EventType, Message, Row, Time, Truth, user_id,
};
use super::remote::{Remote, RemoteAnswer, Slot};
use super::scenario::{MAX_EVENTS, SyncScenario};
use super::strategy::{Db, DbError, Executed, Handled, HandlerError, Strategy};

/// No scenario comes near this many steps; it bounds a run whatever the toggles.
pub const MAX_STEPS: usize = 2_000;

/// What one attempt got back, as Svix sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Response {
    /// The handler ran and answered 200.
    Ok(Handled),
    /// The handler ran and answered 200, but the response never reached Svix (15 s
    /// timeout): Svix counts a failure and retries.
    Lost(Handled),
    /// The handler threw: 500.
    Error(HandlerError),
    /// Nothing answered (endpoint down).
    Unreachable,
    /// The learner's endpoint answered this status (`lost`: a 2xx whose answer the
    /// duplicates fault drops, so Svix retries).
    Http { status: u16, lost: bool },
    /// The learner's endpoint gave no HTTP answer (French reason).
    NoAnswer(String),
}

impl Response {
    pub fn is_success(&self) -> bool {
        match self {
            Self::Ok(_) => true,
            Self::Http { status, lost } => (200..300).contains(status) && !lost,
            _ => false,
        }
    }

    /// « 200 », « 500 P2025 », « injoignable »…
    pub fn label(&self) -> String {
        match self {
            Self::Ok(Handled {
                skipped: Some(why), ..
            }) => format!("200 ({why})"),
            Self::Ok(_) => "200".to_owned(),
            Self::Lost(_) => "200 perdu (délai de 15 s)".to_owned(),
            Self::Error(e) => format!("500 {}", e.code()),
            Self::Unreachable => "injoignable".to_owned(),
            Self::Http { status, lost: true } => format!("{status} perdu (délai de 15 s)"),
            Self::Http { status, .. } => status.to_string(),
            Self::NoAnswer(reason) => format!("pas de réponse ({reason})"),
        }
    }

    /// The short form used in summaries: « 200 », « 500 P2002 »…
    pub fn code(&self) -> String {
        match self {
            Self::Ok(_) => "200".to_owned(),
            Self::Lost(_) => "perdu".to_owned(),
            Self::Error(e) => format!("500 {}", e.code()),
            Self::Unreachable => "injoignable".to_owned(),
            Self::Http { lost: true, .. } => "perdu".to_owned(),
            Self::Http { status, .. } => status.to_string(),
            Self::NoAnswer(_) => "pas de réponse".to_owned(),
        }
    }
}

/// One delivery attempt of one message to one endpoint.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Attempt {
    pub at: Time,
    pub strategy: Strategy,
    /// Index into [`Simulation::messages`].
    pub msg: usize,
    /// 1 to 8; 0 for a Dashboard replay.
    pub number: usize,
    pub response: Response,
    pub executed: Vec<Executed>,
}

/// A page load of strategy 5 (upsert at login).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Login {
    pub at: Time,
    pub user_id: String,
    pub result: Result<Handled, HandlerError>,
    pub executed: Vec<Executed>,
}

/// Where a message stands for one endpoint.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MsgState {
    Pending,
    Delivered,
    /// All 8 attempts failed (or the replay did).
    Failed,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Due {
    Event(usize),
    Attempt {
        strategy: Strategy,
        msg: usize,
        number: usize,
    },
    Replay,
}

/// What one step did, for the timeline and the plain trace.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Happened {
    Event(usize),
    Attempt(usize),
    Login(usize),
    Replay,
}

/// Tables and counters after the last step (read once per step, not per frame).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Snapshot {
    pub truth: Vec<Row>,
    pub rows: BTreeMap<Strategy, Vec<Row>>,
    pub emails: BTreeMap<Strategy, usize>,
}

#[derive(Debug)]
pub struct Simulation {
    pub scenario: SyncScenario,
    pub faults: Faults,
    pub events: Vec<ClerkEvent>,
    pub truth: Truth,
    pub messages: Vec<Message>,
    pub attempts: Vec<Attempt>,
    pub logins: Vec<Login>,
    /// Everything done so far, step by step: (time, what happened).
    pub journal: Vec<(Time, Vec<Happened>)>,
    pub state: BTreeMap<(Strategy, usize), MsgState>,
    pub now: Time,
    pub snapshot: Snapshot,
    /// Application B: subscribed since, unreachable between.
    pub app_b: Option<(Time, Option<(Time, Time)>)>,
    /// Fault windows start here (the first event).
    start: Time,
    /// First-attempt time of each event's message (reordering applied).
    first_attempt: Vec<Time>,
    db: Db,
    queue: BinaryHeap<Reverse<(Time, u64, Due)>>,
    seq: u64,
    /// The learner's endpoint, when `grade --scenario` drives one.
    remote: Option<Slot>,
    /// Why the learner's table could not be read at the last step.
    pub remote_error: Option<String>,
}

impl Simulation {
    /// The scenario at time 0 with these faults, on a fresh in-memory database.
    pub fn new(scenario: SyncScenario, faults: Faults) -> Result<Self, DbError> {
        let mut events = scenario.timeline();
        events.truncate(MAX_EVENTS);
        let start = events.first().map_or(0, |e| e.at);
        let first_attempt = first_attempts(&events, faults.reorder);
        let mut sim = Self {
            scenario,
            faults,
            events,
            truth: Truth::default(),
            messages: Vec::new(),
            attempts: Vec::new(),
            logins: Vec::new(),
            journal: Vec::new(),
            state: BTreeMap::new(),
            now: 0,
            snapshot: Snapshot::default(),
            app_b: None,
            start,
            first_attempt,
            db: Db::open()?,
            queue: BinaryHeap::new(),
            seq: 0,
            remote: None,
            remote_error: None,
        };
        for i in 0..sim.events.len() {
            let at = sim.events.get(i).map_or(0, |e| e.at);
            sim.push(at, Due::Event(i));
        }
        if let Some(at) = faults.replay_at(start) {
            sim.push(at, Due::Replay);
        }
        sim.refresh()?;
        Ok(sim)
    }

    /// The same, with the learner's endpoint as one more column ([`Strategy::Yours`]):
    /// every message also goes to `remote`, under the same faults and retry schedule.
    pub fn with_remote(
        scenario: SyncScenario,
        faults: Faults,
        remote: Box<dyn Remote>,
    ) -> Result<Self, DbError> {
        let mut sim = Self::new(scenario, faults)?;
        sim.remote = Some(Slot(remote));
        sim.refresh()?;
        Ok(sim)
    }

    /// Why the learner's endpoint stopped the run, if it did.
    pub fn remote_stopped(&self) -> Option<String> {
        self.remote.as_ref().and_then(|r| r.0.stopped())
    }

    /// Reads the learner's table again (after the endpoint had time to write).
    pub fn refresh_remote(&mut self) {
        let users = self.users();
        let Some(Slot(remote)) = self.remote.as_mut() else {
            return;
        };
        match remote.rows(&users) {
            Ok(rows) => {
                self.remote_error = None;
                self.snapshot.rows.insert(Strategy::Yours, rows);
            }
            Err(reason) => {
                self.remote_error = Some(reason);
                self.snapshot.rows.insert(Strategy::Yours, Vec::new());
            }
        }
    }

    /// Every user a message of the run was about, in order of appearance.
    pub fn users(&self) -> Vec<String> {
        let mut users: Vec<String> = Vec::new();
        for m in &self.messages {
            if !users.contains(&m.user_id) {
                users.push(m.user_id.clone());
            }
        }
        users
    }

    fn push(&mut self, at: Time, due: Due) {
        self.seq += 1;
        self.queue.push(Reverse((at, self.seq, due)));
    }

    pub fn is_done(&self) -> bool {
        self.queue.is_empty() || self.journal.len() >= MAX_STEPS || self.remote_stopped().is_some()
    }

    /// When the next step happens, if any.
    pub fn next_time(&self) -> Option<Time> {
        self.queue.peek().map(|Reverse((at, ..))| *at)
    }

    /// Runs everything due at the next instant. Returns false when nothing was left.
    pub fn step(&mut self) -> Result<bool, DbError> {
        if self.is_done() {
            return Ok(false);
        }
        let Some(at) = self.next_time() else {
            return Ok(false);
        };
        self.now = at;
        let mut happened = Vec::new();
        while let Some(Reverse((t, _, due))) = self.queue.peek().copied() {
            if t != at {
                break;
            }
            self.queue.pop();
            match due {
                Due::Event(i) => self.run_event(i, at, &mut happened)?,
                Due::Attempt {
                    strategy,
                    msg,
                    number,
                } => {
                    self.run_attempt(strategy, msg, number, at)?;
                    happened.push(Happened::Attempt(self.attempts.len() - 1));
                }
                Due::Replay => {
                    happened.push(Happened::Replay);
                    let failed: Vec<(Strategy, usize)> = self
                        .state
                        .iter()
                        .filter(|(_, s)| **s == MsgState::Failed)
                        .map(|(k, _)| *k)
                        .collect();
                    for (strategy, msg) in failed {
                        self.push(
                            at,
                            Due::Attempt {
                                strategy,
                                msg,
                                number: 0,
                            },
                        );
                    }
                }
            }
        }
        self.journal.push((at, happened));
        self.refresh()?;
        Ok(true)
    }

    /// Steps until nothing is left (bounded by [`MAX_STEPS`]).
    pub fn run_to_end(&mut self) -> Result<(), DbError> {
        while self.step()? {}
        Ok(())
    }

    fn run_event(
        &mut self,
        i: usize,
        at: Time,
        happened: &mut Vec<Happened>,
    ) -> Result<(), DbError> {
        happened.push(Happened::Event(i));
        let Some(event) = self.events.get(i).cloned() else {
            return Ok(());
        };
        if let Change::SecondApp { down } = event.change {
            self.app_b = Some((at, down));
        }
        if let Some((kind, user_id, user)) = self.truth.apply(&event.change, at) {
            let msg = self.messages.len();
            self.messages.push(Message {
                msg_id: format!("msg_2sync{:04}", msg + 1),
                kind,
                user_id,
                user,
                at,
                event: i,
            });
            let first = self.first_attempt.get(i).copied().unwrap_or(at + LATENCY);
            let mut targets: Vec<Strategy> = Strategy::WEBHOOKS.to_vec();
            if self.app_b.is_some_and(|(since, _)| since <= at) {
                targets.push(Strategy::AppB);
            }
            if self.remote.is_some() {
                targets.push(Strategy::Yours);
            }
            for strategy in targets {
                self.state.insert((strategy, msg), MsgState::Pending);
                self.push(
                    first,
                    Due::Attempt {
                        strategy,
                        msg,
                        number: 1,
                    },
                );
            }
        }
        // The upsert at login runs on every page load of a signed-in user.
        let signed_in =
            signed_in_user(&event.change).and_then(|user| self.truth.users.get(&user).cloned());
        if let Some(clerk) = signed_in {
            let mut executed = Vec::new();
            let result = if self.faults.database_down(self.start, at) {
                Err(HandlerError::P1001)
            } else {
                Ok(self
                    .db
                    .login_upsert(&clerk, (EPOCH + at) * 1000, &mut executed)?)
            };
            self.logins.push(Login {
                at,
                user_id: clerk.id.clone(),
                result,
                executed,
            });
            happened.push(Happened::Login(self.logins.len() - 1));
        }
        Ok(())
    }

    fn run_attempt(
        &mut self,
        strategy: Strategy,
        msg: usize,
        number: usize,
        at: Time,
    ) -> Result<(), DbError> {
        let replay = number == 0;
        let unreachable = match strategy {
            Strategy::AppB => self
                .app_b
                .and_then(|(_, down)| down)
                .is_some_and(|(from, to)| (from..to).contains(&at)),
            _ => self.faults.endpoint_unreachable(self.start, at),
        };
        let mut executed = Vec::new();
        let response = if unreachable {
            Response::Unreachable
        } else if strategy != Strategy::AppB && self.faults.database_down(self.start, at) {
            // For the learner's endpoint too: its database cannot be taken down from
            // here, so the outage is simulated and nothing is sent.
            Response::Error(HandlerError::P1001)
        } else if strategy == Strategy::Yours {
            let message = self.messages.get(msg).cloned();
            match (message, self.remote.as_mut()) {
                (Some(m), Some(Slot(remote))) => match remote.deliver(&m, number) {
                    RemoteAnswer::Status(status) => Response::Http {
                        status,
                        lost: self.faults.duplicates && number == 1 && (200..300).contains(&status),
                    },
                    RemoteAnswer::NoAnswer(reason) => Response::NoAnswer(reason),
                },
                _ => Response::Unreachable,
            }
        } else {
            let message = self.messages.get(msg).cloned();
            match message {
                Some(m) => match self
                    .db
                    .handle(strategy, &m, (EPOCH + at) * 1000, &mut executed)?
                {
                    Ok(handled) if self.faults.duplicates && number == 1 => Response::Lost(handled),
                    Ok(handled) => Response::Ok(handled),
                    Err(e) => Response::Error(e),
                },
                None => Response::Unreachable,
            }
        };
        let wait = if matches!(
            response,
            Response::Lost(_) | Response::Http { lost: true, .. }
        ) {
            LOST_AFTER
        } else {
            0
        };
        let state = if response.is_success() {
            MsgState::Delivered
        } else if replay || number >= ATTEMPTS {
            MsgState::Failed
        } else {
            let delay = RETRY_SCHEDULE
                .get(number)
                .map_or(0, |d| d.as_secs() as Time);
            self.push(
                at + wait + delay,
                Due::Attempt {
                    strategy,
                    msg,
                    number: number + 1,
                },
            );
            MsgState::Pending
        };
        self.state.insert((strategy, msg), state);
        self.attempts.push(Attempt {
            at,
            strategy,
            msg,
            number,
            response,
            executed,
        });
        Ok(())
    }

    fn refresh(&mut self) -> Result<(), DbError> {
        let mut rows = BTreeMap::new();
        let mut emails = BTreeMap::new();
        for s in self.shown().into_iter().filter(|s| *s != Strategy::Yours) {
            rows.insert(s, self.db.rows(s)?);
            emails.insert(s, self.db.emails(s)?);
        }
        self.snapshot = Snapshot {
            truth: self.truth.rows(),
            rows,
            emails,
        };
        self.refresh_remote();
        Ok(())
    }

    /// The strategies shown: the five, plus application B once it exists in the timeline.
    pub fn shown(&self) -> Vec<Strategy> {
        let mut all = Strategy::COMPARED.to_vec();
        if self
            .events
            .iter()
            .any(|e| matches!(e.change, Change::SecondApp { .. }))
        {
            all.push(Strategy::AppB);
        }
        if self.remote.is_some() {
            all.push(Strategy::Yours);
        }
        all
    }

    /// Welcome e-mails a correct system sends: one per account created so far.
    pub fn expected_emails(&self) -> usize {
        self.messages
            .iter()
            .filter(|m| m.kind == EventType::Created)
            .count()
    }

    /// The attempts of one message, in order.
    pub fn attempts_of(&self, msg: usize) -> impl Iterator<Item = &Attempt> {
        self.attempts.iter().filter(move |a| a.msg == msg)
    }

    /// Counts of each response code for a strategy: `[("200", 3), ("500 P2025", 8)]`.
    pub fn status_counts(&self, s: Strategy) -> Vec<(String, usize)> {
        let mut counts: BTreeMap<String, usize> = BTreeMap::new();
        for a in self.attempts.iter().filter(|a| a.strategy == s) {
            *counts.entry(a.response.code()).or_default() += 1;
        }
        for l in self.logins.iter().filter(|_| s == Strategy::Login) {
            let code = match l.result {
                Ok(_) => "connexion".to_owned(),
                Err(e) => format!("connexion 500 {}", e.code()),
            };
            *counts.entry(code).or_default() += 1;
        }
        counts.into_iter().collect()
    }

    /// Messages that ended `Failed` for a strategy.
    pub fn failed(&self, s: Strategy) -> usize {
        self.state
            .iter()
            .filter(|((st, _), v)| *st == s && **v == MsgState::Failed)
            .count()
    }

    /// Rows that differ from Clerk's truth: missing, extra or with a different cell.
    pub fn differences(&self, s: Strategy) -> usize {
        let rows = self.snapshot.rows.get(&s).map_or(&[][..], Vec::as_slice);
        diff_count(&self.snapshot.truth, rows)
    }
}

/// How many rows of `rows` disagree with `truth` (missing, extra or changed).
pub fn diff_count(truth: &[Row], rows: &[Row]) -> usize {
    let missing = truth
        .iter()
        .filter(|t| !rows.iter().any(|r| r == *t))
        .count();
    let extra = rows
        .iter()
        .filter(|r| !truth.iter().any(|t| t.clerk_id == r.clerk_id))
        .count();
    missing + extra
}

/// The user whose page load runs the upsert at login, if the change is theirs.
fn signed_in_user(change: &Change) -> Option<String> {
    match change {
        Change::SignUp { user, .. } | Change::SignIn { user } => Some(user_id(user)),
        Change::Edit {
            user,
            by: Actor::User,
            ..
        }
        | Change::EmailChange {
            user,
            by: Actor::User,
            ..
        } => Some(user_id(user)),
        _ => None,
    }
}

/// When each event's first attempt happens. Reordering delivers each user's messages
/// after their last event, newest first, two seconds apart.
fn first_attempts(events: &[ClerkEvent], reorder: bool) -> Vec<Time> {
    let mut out: Vec<Time> = events.iter().map(|e| e.at + LATENCY).collect();
    if !reorder {
        return out;
    }
    let mut groups: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    for (i, e) in events.iter().enumerate() {
        let user = match &e.change {
            Change::SignUp { user, .. }
            | Change::AdminCreate { user, .. }
            | Change::Edit { user, .. }
            | Change::EmailChange { user, .. }
            | Change::Delete { user, .. } => user_id(user),
            _ => continue,
        };
        groups.entry(user).or_default().push(i);
    }
    for group in groups.values().filter(|g| g.len() >= 2) {
        let last = group
            .iter()
            .filter_map(|i| events.get(*i))
            .map(|e| e.at)
            .max()
            .unwrap_or(0);
        let n = group.len();
        for (j, i) in group.iter().enumerate() {
            if let Some(slot) = out.get_mut(*i) {
                *slot = last + LATENCY + 2 * (n - 1 - j) as Time;
            }
        }
    }
    out
}

/// One line of a table beside the truth: the row a strategy holds and Clerk's, by clerkId.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Compared {
    pub clerk_id: String,
    pub row: Option<Row>,
    pub truth: Option<Row>,
    /// Which of the four cells differ (all four for a missing or extra row).
    pub differs: [bool; 4],
}

impl Compared {
    pub fn is_ok(&self) -> bool {
        !self.differs.iter().any(|d| *d)
    }

    /// « manquante », « en trop (supprimée chez Clerk) », « différente » or « conforme ».
    pub fn verdict(&self) -> &'static str {
        match (&self.row, &self.truth) {
            (None, _) => "manquante",
            (Some(_), None) => "en trop : Clerk ne l’a plus",
            _ if self.is_ok() => "conforme",
            _ => "différente",
        }
    }
}

/// Every clerkId of `truth` or `rows`, sorted, with the cells that differ.
pub fn compare(truth: &[Row], rows: &[Row]) -> Vec<Compared> {
    let mut ids: Vec<&str> = truth
        .iter()
        .chain(rows)
        .map(|r| r.clerk_id.as_str())
        .collect();
    ids.sort_unstable();
    ids.dedup();
    ids.into_iter()
        .map(|id| {
            let row = rows.iter().find(|r| r.clerk_id == id).cloned();
            let t = truth.iter().find(|r| r.clerk_id == id).cloned();
            let differs = match (&row, &t) {
                (Some(r), Some(t)) => {
                    let (a, b) = (r.cells(), t.cells());
                    [0, 1, 2, 3].map(|i| a.get(i) != b.get(i))
                }
                _ => [true; 4],
            };
            Compared {
                clerk_id: id.to_owned(),
                row,
                truth: t,
                differs,
            }
        })
        .collect()
}
