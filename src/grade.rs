//! The endpoint report card: a battery of real Svix deliveries against the learner's own
//! endpoint, optionally checked against the learner's database, graded per quiz objective.
//!
//! - [`checks`]: the battery as data (ids, titles, objectives, required or bonus, `see`).
//! - `runner`: sends the checks through a [`Transport`] and reads rows through a
//!   [`StateReader`] (both traits, so tests pass their own), reporting each result through a
//!   callback as soon as it is known; cleans up with `user.deleted` at the end.
//! - `verdict`: judges answers and rows, in French, reusing [`crate::delivery::Diagnosis`].
//! - [`report`]: results, objective scores and the stable `--json` document.
//! - [`transport`]: URL checks, the safety rule for remote hosts, the ureq transport.
//! - [`state`], `sqlite`, `postgres`: read-only access to the learner's users table.
//! - [`text`]: one check's French lines (headline, exchanges, diagnosis), for both twins.
//! - [`record`]: what a finished run leaves in progress (the last run, the exercises
//!   « validé par le labo »), the same for `grade` and the Labo screen.
//! - [`scenario`]: `grade --scenario`, a sync lab scenario played against the endpoint and
//!   its table diffed against Clerk's truth; `scenario_report` prints it.
//!
//! No terminal code: `cmd::grade` prints, `tui::labo` draws.

pub mod checks;
mod payload;
mod postgres;
pub mod record;
pub mod report;
mod runner;
pub mod scenario;
mod scenario_report;
mod sqlite;
pub mod state;
pub mod text;
pub mod transport;
mod verdict;

use std::time::Duration;

pub use checks::{CHECKS, CheckDef, OBJECTIVES, id};
pub use report::{Answer, CheckResult, Exchange, ObjectiveScore, Report, SentRequest, Status};
pub use runner::LATENCY_LIMIT;
pub use scenario::ScenarioReport;
pub use state::{Columns, StateReader, UserRow};
pub use transport::{Fatal, HttpTransport, Target, Transport};

use crate::dburl::DatabaseUrl;
use crate::webhook::Secret;

/// Svix's own timeout, the default of `--timeout`.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(15);

/// What to grade.
#[derive(Debug, Clone)]
pub struct Config {
    pub url: String,
    pub secret: Secret,
    /// The learner's database (`postgresql://…` or `file:…`), read-only.
    pub database_url: Option<String>,
    /// Check ids to run (with what they build on); `None`: all.
    pub only: Option<Vec<String>>,
    /// Per request.
    pub timeout: Duration,
    /// `--table`.
    pub table: Option<String>,
    /// `--column field=name`, each.
    pub columns: Vec<String>,
    /// `--scenario` with `--faults`: these instead of the scenario's own.
    pub faults: Option<crate::sync::Faults>,
}

impl Config {
    pub fn new(url: impl Into<String>, secret: Secret) -> Self {
        Self {
            url: url.into(),
            secret,
            database_url: None,
            only: None,
            timeout: DEFAULT_TIMEOUT,
            table: None,
            columns: Vec::new(),
            faults: None,
        }
    }
}

/// Live progress, in order: `Started`/`Finished` per check, then `Cleanup` steps.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Progress {
    Started {
        index: usize,
        total: usize,
        id: &'static str,
        title: &'static str,
    },
    Finished {
        index: usize,
        total: usize,
        result: CheckResult,
    },
    /// `done` of `total` cleanup deliveries sent.
    Cleanup { done: usize, total: usize },
}

/// Why a run could not start (bad usage or input: exit 2). The message is French.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct GradeError(pub String);

/// The checked URL and selection, and the opened database, before anything is sent.
pub struct Prepared {
    pub target: Target,
    pub checks: Vec<&'static CheckDef>,
    pub database: Option<Box<dyn StateReader>>,
}

/// Checks the URL and `--only`, and opens and introspects the database.
pub fn prepare(config: &Config) -> Result<Prepared, GradeError> {
    let target = Target::parse(&config.url).map_err(GradeError)?;
    let checks = checks::select(config.only.as_deref()).map_err(|e| GradeError(e.to_string()))?;
    let database = match &config.database_url {
        None => None,
        Some(url) => Some(open_database(url, config)?),
    };
    Ok(Prepared {
        target,
        checks,
        database,
    })
}

fn open_database(url: &str, config: &Config) -> Result<Box<dyn StateReader>, GradeError> {
    let parsed =
        DatabaseUrl::parse(url).map_err(|e| GradeError(format!("--database-url : {e}")))?;
    let columns =
        Columns::with_overrides(config.table.as_deref(), &config.columns).map_err(GradeError)?;
    let reader: Box<dyn StateReader> = match &parsed {
        DatabaseUrl::Sqlite(path) => {
            Box::new(sqlite::SqliteReader::open(path, &columns).map_err(GradeError)?)
        }
        DatabaseUrl::Postgres { url, schema } => Box::new(
            postgres::PostgresReader::open(url, schema.as_deref(), &parsed.shown(), &columns)
                .map_err(GradeError)?,
        ),
    };
    Ok(reader)
}

/// `Some(reason)` when the URL is neither this machine nor a known tunnel, so the caller
/// must ask before test users are written behind it.
pub fn confirmation_reason(config: &Config) -> Result<Option<String>, GradeError> {
    let target = Target::parse(&config.url).map_err(GradeError)?;
    Ok(transport::confirmation_reason(&target))
}

/// Runs the battery over HTTP. `Err` only when it could not start; a run that stopped early
/// (endpoint unreachable, hanging) is a [`Report`] with `aborted` set.
pub fn run(config: &Config, progress: &mut dyn FnMut(Progress)) -> Result<Report, GradeError> {
    let mut prepared = prepare(config)?;
    let transport = HttpTransport::new(prepared.target.clone(), config.timeout);
    Ok(run_with(
        &config.url,
        &config.secret,
        &prepared.checks,
        &transport,
        prepared
            .database
            .as_mut()
            .map(|db| &mut **db as &mut dyn StateReader),
        progress,
    ))
}

/// Runs `checks` through any transport and database reader (the testable core).
pub fn run_with(
    url: &str,
    secret: &Secret,
    checks: &[&'static CheckDef],
    transport: &dyn Transport,
    database: Option<&mut dyn StateReader>,
    progress: &mut dyn FnMut(Progress),
) -> Report {
    runner::run(
        runner::Battery {
            url,
            secret,
            checks,
            transport,
            db: database,
        },
        progress,
    )
}

/// Checks what `grade --scenario` needs before anything is sent: the URL, and the
/// database named by `--database-url` (opened, introspected, then closed).
pub fn check_scenario(
    config: &Config,
    scenario: crate::sync::SyncScenario,
) -> Result<(), GradeError> {
    Target::parse(&config.url).map_err(GradeError)?;
    let Some(url) = &config.database_url else {
        return Err(no_database(scenario));
    };
    open_database(url, config).map(drop)
}

fn no_database(scenario: crate::sync::SyncScenario) -> GradeError {
    GradeError(format!(
        "--scenario {} compare votre table à la vérité de Clerk : ajoutez --database-url (par exemple file:./prisma/dev.db ou postgresql://…)",
        scenario.name()
    ))
}

/// `grade --scenario`: plays `scenario` against the endpoint, then diffs its table (which
/// `--database-url` must name) against Clerk's truth.
pub fn run_scenario(
    config: &Config,
    scenario: crate::sync::SyncScenario,
) -> Result<ScenarioReport, GradeError> {
    let target = Target::parse(&config.url).map_err(GradeError)?;
    let Some(url) = &config.database_url else {
        return Err(no_database(scenario));
    };
    let reader = open_database(url, config)?;
    let transport = std::sync::Arc::new(HttpTransport::new(target, config.timeout));
    let faults = config.faults.unwrap_or_else(|| scenario.faults());
    scenario::run(
        &config.url,
        &config.secret,
        scenario,
        faults,
        transport,
        reader,
    )
    .map_err(|e| GradeError(format!("simulation impossible : {e}")))
}
