//! One lab round, shared by `lab --plain` and the lab screen: start the learner's server
//! (unless it is their own), grade it, build the board, tick the passed exercises and write
//! their solutions. Progress goes through a callback (« npm start… », « évaluation… »), the
//! result is data; printing or drawing is the caller's.

use std::path::{Path, PathBuf};

use super::Lab;
use super::board::{self, ExerciseRow, LabCheck};
use super::server::{self, GroupSlot, Server};
use crate::course::ExerciseEntry;
use crate::grade::{self, Config, Report, Status};
use crate::progress::{Store, StoreError};

/// What the learner's server is: started by the lab, or their own, already running.
#[derive(Debug, Clone)]
pub enum Target {
    Started {
        /// The project folder (absolute).
        dir: PathBuf,
        /// The SQLite file the server writes (absolute).
        database: PathBuf,
        /// The test secret of this session, `whsec_…`.
        secret: String,
    },
    Own {
        url: String,
        secret: String,
        database_url: Option<String>,
        watch: Option<PathBuf>,
    },
}

impl Target {
    /// The folder whose saves start a new round, if any.
    pub fn watched(&self) -> Option<&Path> {
        match self {
            Target::Started { dir, .. } => Some(dir),
            Target::Own { watch, .. } => watch.as_deref(),
        }
    }
}

/// What a round produced.
pub struct Round {
    /// The server the round started, still running (dropping it stops it).
    pub server: Option<Server>,
    pub rows: Vec<ExerciseRow>,
    pub report: Report,
    pub extra: Vec<LabCheck>,
    /// French lines: exercises validated just now, solutions written, a crash.
    pub notes: Vec<String>,
}

impl Round {
    /// Every lab exercise passed and the run went to its end.
    pub fn passed(&self) -> bool {
        self.report.aborted.is_none() && self.rows.iter().all(ExerciseRow::passed)
    }
}

/// Runs one round. `Err`: the server could not start, or grading could not begin (French).
pub fn run(
    target: &Target,
    slot: &GroupSlot,
    lab: &Lab,
    exercises: &[ExerciseEntry],
    store: &Store,
    say: &mut dyn FnMut(String),
) -> Result<Round, String> {
    let (mut server, url, secret, database_url, db_file) = match target {
        Target::Started {
            dir,
            database,
            secret,
        } => {
            let port = server::free_port().map_err(|e| format!("aucun port libre : {e}"))?;
            let config = server::Config {
                dir: dir.clone(),
                port,
                secret: secret.clone(),
                database_url: format!("file:{}", database.display()),
            };
            say(format!("▶ npm start (PORT={port}) dans {}", dir.display()));
            let mut srv = Server::start(&config, slot).map_err(|e| e.to_string())?;
            srv.wait_ready(server::READY_TIMEOUT)
                .map_err(|e| e.to_string())?;
            let url = format!("http://127.0.0.1:{port}/api/webhooks");
            (
                Some(srv),
                url,
                secret.clone(),
                Some(config.database_url),
                Some(database.clone()),
            )
        }
        Target::Own {
            url,
            secret,
            database_url,
            ..
        } => {
            let file = database_url
                .as_deref()
                .and_then(|u| crate::dburl::DatabaseUrl::parse(u).ok())
                .and_then(|u| match u {
                    crate::dburl::DatabaseUrl::Sqlite(path) => Some(path),
                    crate::dburl::DatabaseUrl::Postgres { .. } => None,
                });
            (
                None,
                url.clone(),
                secret.clone(),
                database_url.clone(),
                file,
            )
        }
    };
    let secret = crate::webhook::Secret::parse(&secret).map_err(|e| format!("--secret : {e}"))?;
    let config = Config {
        database_url,
        ..Config::new(url.clone(), secret)
    };
    say(format!("⋯ évaluation de {url}"));
    let baseline = db_file.as_deref().and_then(board::welcome_baseline);
    let report = grade::run(&config, &mut |_| {}).map_err(|e| e.to_string())?;
    let extra = vec![match &db_file {
        Some(db) => board::welcome_once(db, baseline),
        None => LabCheck {
            id: board::WELCOME_ONCE,
            status: Status::Skipped,
            detail: "non évalué : il faut une base SQLite (--database-url file:…)".to_owned(),
        },
    }];
    let rows = board::board(exercises, &lab.exercise_ids(), &report, &extra);
    let mut notes = Vec::new();
    if let Some(srv) = server.as_mut()
        && let Some(status) = srv.exited()
    {
        notes.push(format!(
            "✗ le serveur s’est arrêté pendant l’évaluation ({}){}",
            exit_text(status.code()),
            stderr_text(&srv.stderr_tail(12))
        ));
    }
    match tick(store, &rows) {
        Ok(new) => notes.extend(
            new.into_iter()
                .map(|n| format!("★ {n} : validé par le labo")),
        ),
        Err(e) => notes.push(format!("⚠ progression non enregistrée : {e}")),
    }
    if let Target::Started { dir, .. } = target {
        match write_solutions(dir, lab, &rows) {
            Ok(written) => notes.extend(
                written
                    .into_iter()
                    .map(|n| format!("  correction de référence : solution/{n}")),
            ),
            Err(e) => notes.push(format!("⚠ solution non écrite : {e}")),
        }
    }
    Ok(Round {
        server,
        rows,
        report,
        extra,
        notes,
    })
}

/// The lab's own checks count with the battery's: (passed, evaluated, percent).
pub fn score(report: &Report, extra: &[LabCheck]) -> (usize, usize, usize) {
    let (mut passed, mut total) = report.counts();
    for check in extra.iter().filter(|e| e.status != Status::Skipped) {
        total += 1;
        passed += usize::from(check.status == Status::Passed);
    }
    (
        passed,
        total,
        (passed * 100).checked_div(total).unwrap_or(0),
    )
}

/// Why a failing check of the board failed: its first diagnosis line.
pub fn why(report: &Report, extra: &[LabCheck], id: &str) -> String {
    report
        .check(id)
        .and_then(|r| r.diagnosis.first().cloned())
        .or_else(|| extra.iter().find(|e| e.id == id).map(|e| e.detail.clone()))
        .unwrap_or_else(|| "non évaluée (évaluation interrompue)".to_owned())
}

/// Ticks every passed exercise « validé par le labo »; the names of those ticked just now.
pub fn tick(store: &Store, rows: &[ExerciseRow]) -> Result<Vec<String>, StoreError> {
    let before = store.load().progress.lab_validated;
    store.update(|p| {
        for row in rows.iter().filter(|r| r.passed()) {
            p.validate_exercise_by_lab(&row.id);
        }
    })?;
    Ok(rows
        .iter()
        .filter(|r| r.passed() && !before.contains(&r.id))
        .map(ExerciseRow::name)
        .collect())
}

/// Writes `solution/exercice-NN.md` for each passed exercise not written yet, and the whole
/// reference project under `solution/` once every exercise passes. Returns what was written.
pub fn write_solutions(
    dir: &Path,
    lab: &Lab,
    rows: &[ExerciseRow],
) -> std::io::Result<Vec<String>> {
    let mut written = Vec::new();
    let solution = dir.join("solution");
    for row in rows.iter().filter(|r| r.passed()) {
        let Some(fix) = lab.fix(&row.id) else {
            continue;
        };
        let name = match row.number {
            Some(n) => format!("exercice-{n:02}.md"),
            None => format!("{}.md", row.id),
        };
        let path = solution.join(&name);
        if path.exists() {
            continue;
        }
        std::fs::create_dir_all(&solution)?;
        std::fs::write(&path, super::starter::fix_note(&row.name(), fix))?;
        written.push(name);
    }
    if !rows.is_empty() && rows.iter().all(ExerciseRow::passed) {
        for (name, bytes) in &lab.solution {
            let path = solution.join(name);
            if path.exists() {
                continue;
            }
            if let Some(parent) = path.parent() {
                std::fs::create_dir_all(parent)?;
            }
            std::fs::write(&path, bytes)?;
            written.push(name.clone());
        }
    }
    Ok(written)
}

pub fn exit_text(code: Option<i32>) -> String {
    code.map_or_else(|| "tué par un signal".to_owned(), |c| format!("code {c}"))
}

pub fn stderr_text(lines: &[String]) -> String {
    if lines.is_empty() {
        return " — rien sur sa sortie d’erreur".to_owned();
    }
    let mut text = String::from(" — dernières lignes de sa sortie d’erreur :");
    for line in lines {
        text.push_str(&format!("\n  │ {line}"));
    }
    text
}
