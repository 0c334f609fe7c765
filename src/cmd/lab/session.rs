//! The lab's loop in plain mode: start the server (or not, with `--url`), grade, print the
//! report by exercise, tick and write solutions, then wait for a save, a typed `h` / `q`, or
//! a signal. Every way out stops the server's whole process group: the `Server` guard on
//! return, unwinding and errors, and the signal thread at once on Ctrl-C or SIGTERM.

use std::io::BufRead as _;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicI32, Ordering};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender};
use std::time::Instant;

use anyhow::{Context as _, bail};

use super::{lab_exercises, load, project_dir, project_stack};
use crate::cli::{GlobalArgs, LabArgs};
use crate::course::{Course, ExerciseEntry};
use crate::grade::{self, Config, Report, Status};
use crate::lab::board::{self, ExerciseRow, LabCheck};
use crate::lab::server::{self, GroupSlot, Server};
use crate::lab::{Lab, watch};
use crate::progress::Store;

/// What wakes the loop up besides a save.
enum Wake {
    Line(String),
    Signal(i32),
    StdinClosed,
}

/// What the learner's server is: started by the lab, or their own.
enum Target {
    Started {
        dir: PathBuf,
        database: PathBuf,
        secret: String,
    },
    Own {
        url: String,
        secret: String,
        database_url: Option<String>,
        watch: Option<PathBuf>,
    },
}

pub fn run(global: &GlobalArgs, args: &LabArgs) -> anyhow::Result<ExitCode> {
    let (course, lab, target) = match &args.url {
        Some(url) => {
            let (course, lab) = load(global, crate::lab::DEFAULT_STACK)?;
            let secret = args.secret.clone().unwrap_or_default();
            super::super::parse_secret(&secret)?;
            let target = Target::Own {
                url: url.clone(),
                secret,
                database_url: args.database_url.clone(),
                watch: args.watch.clone(),
            };
            (course, lab, target)
        }
        None => {
            let dir = project_dir(args.dir.as_deref());
            let stack = project_stack(&dir)?;
            let (course, lab) = load(global, &stack)?;
            server::check_node().map_err(anyhow::Error::msg)?;
            if !server::installed(&dir) {
                if !super::confirm_install(&dir, args.yes)? {
                    bail!(
                        "labo arrêté : lancez « npm install » dans « {} », puis « webhook-tutor lab »",
                        dir.display()
                    );
                }
                npm_install(&dir)?;
            }
            let dir = dir
                .canonicalize()
                .with_context(|| format!("dossier « {} » introuvable", dir.display()))?;
            let database = dir.join(&lab.database);
            let secret = super::super::generate_secret()?.to_whsec();
            (
                course,
                lab,
                Target::Started {
                    dir,
                    database,
                    secret,
                },
            )
        }
    };
    let store = Store::open(global.data_dir.as_deref())?;
    let slot: GroupSlot = Arc::default();
    let (tx, rx) = mpsc::channel();
    let signalled = Arc::new(AtomicI32::new(0));
    let _signals = spawn_signals(tx.clone(), Arc::clone(&slot), Arc::clone(&signalled))?;
    if !args.once {
        spawn_stdin(tx);
    }
    let mut session = Session {
        course: &course,
        lab: &lab,
        store: &store,
        exercises: lab_exercises(&course, &lab),
        last: Vec::new(),
    };
    let outcome = session.run_loop(&target, &slot, &rx, args.once);
    // The signal thread may have caught a signal during the last step.
    match signalled.load(Ordering::SeqCst) {
        0 => outcome,
        n => Ok(ExitCode::from(u8::try_from(128 + n).unwrap_or(130))),
    }
}

struct Session<'a> {
    course: &'a Course,
    lab: &'a Lab,
    store: &'a Store,
    exercises: Vec<&'a ExerciseEntry>,
    /// The last board, for `h` (the current exercise is its first one not passed).
    last: Vec<ExerciseRow>,
}

impl Session<'_> {
    fn run_loop(
        &mut self,
        target: &Target,
        slot: &GroupSlot,
        rx: &Receiver<Wake>,
        once: bool,
    ) -> anyhow::Result<ExitCode> {
        let watched = match target {
            Target::Started { dir, .. } => Some(dir.clone()),
            Target::Own { watch, .. } => watch.clone(),
        };
        let once = once || watched.is_none();
        loop {
            let mut snapshot = watched.as_deref().map(watch::snapshot).unwrap_or_default();
            let (mut server, passed) = match self.round(target, slot) {
                Ok(round) => round,
                Err(message) if once => bail!("{message}"),
                Err(message) => {
                    out(&format!(
                        "✗ {message}\n\nCorrigez puis enregistrez : le labo recommence à chaque modification (q pour quitter).\n"
                    ))?;
                    (None, false)
                }
            };
            if once {
                drop(server.take());
                return Ok(if passed {
                    ExitCode::SUCCESS
                } else {
                    ExitCode::from(1)
                });
            }
            out(
                "\nEn attente d’une modification… (h + Entrée : indice suivant, q + Entrée : quitter)\n",
            )?;
            let mut crashed_said = false;
            // Wait for a save, a command or a signal.
            loop {
                match rx.recv_timeout(watch::POLL) {
                    Ok(Wake::Signal(n)) => {
                        return Ok(ExitCode::from(u8::try_from(128 + n).unwrap_or(130)));
                    }
                    Ok(Wake::Line(line)) => match line.trim() {
                        "q" | "quit" | "quitter" => return Ok(ExitCode::SUCCESS),
                        "h" | "indice" => out(&self.hint()?)?,
                        "" => {}
                        other => out(&format!(
                            "« {other} » : tapez h (indice) ou q (quitter), puis Entrée\n"
                        ))?,
                    },
                    Ok(Wake::StdinClosed) | Err(RecvTimeoutError::Timeout) => {}
                    Err(RecvTimeoutError::Disconnected) => return Ok(ExitCode::SUCCESS),
                }
                if let Some(srv) = server.as_mut()
                    && !crashed_said
                    && let Some(status) = srv.exited()
                {
                    crashed_said = true;
                    out(&format!(
                        "\n✗ le serveur s’est arrêté ({}){}\n",
                        exit_text(status.code()),
                        stderr_text(&srv.stderr_tail(12))
                    ))?;
                }
                let Some(dir) = &watched else { continue };
                let now = watch::snapshot(dir);
                let changed = watch::changed(&snapshot, &now);
                if changed.is_empty() {
                    continue;
                }
                // Debounce: wait until nothing moves for a quiet moment.
                let mut last = now;
                let mut quiet_since = Instant::now();
                while quiet_since.elapsed() < watch::QUIET {
                    std::thread::sleep(watch::POLL / 2);
                    let again = watch::snapshot(dir);
                    if again != last {
                        last = again;
                        quiet_since = Instant::now();
                    }
                }
                let names: Vec<String> = watch::changed(&snapshot, &last)
                    .iter()
                    .map(|p| p.strip_prefix(dir).unwrap_or(p).display().to_string())
                    .collect();
                snapshot = last;
                out(&format!(
                    "\n↻ modifié : {} — nouvelle évaluation\n",
                    names.join(", ")
                ))?;
                break;
            }
            if let Some(mut srv) = server.take() {
                srv.stop();
            }
        }
    }

    /// One round: start (if the lab owns the server), grade, print, save. `Err`: the server
    /// could not be started or graded (French).
    fn round(
        &mut self,
        target: &Target,
        slot: &GroupSlot,
    ) -> Result<(Option<Server>, bool), String> {
        let (server, url, secret, database_url, db_file) = match target {
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
                out(&format!(
                    "\n▶ npm start (PORT={port}) dans {}\n",
                    dir.display()
                ))
                .map_err(|e| e.to_string())?;
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
        let config = Config {
            database_url,
            ..Config::new(
                url.clone(),
                crate::webhook::Secret::parse(&secret).map_err(|e| e.to_string())?,
            )
        };
        out(&format!("⋯ évaluation de {url}\n")).map_err(|e| e.to_string())?;
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
        let rows = board::board(
            &self.course.exercises,
            &self.lab.exercise_ids(),
            &report,
            &extra,
        );
        let mut text = board_text(&rows, &report, &extra);
        let mut server = server;
        if let Some(srv) = server.as_mut()
            && let Some(status) = srv.exited()
        {
            text.push_str(&format!(
                "\n✗ le serveur s’est arrêté pendant l’évaluation ({}){}\n",
                exit_text(status.code()),
                stderr_text(&srv.stderr_tail(12))
            ));
        }
        text.push_str(&self.save(&rows, target));
        out(&text).map_err(|e| e.to_string())?;
        let passed = rows.iter().all(ExerciseRow::passed) && report.aborted.is_none();
        self.last = rows;
        Ok((server, passed))
    }

    /// Ticks the passed exercises and writes their solutions; says what is new.
    fn save(&self, rows: &[ExerciseRow], target: &Target) -> String {
        let mut text = String::new();
        match tick(self.store, rows) {
            Ok(new) => {
                for name in new {
                    text.push_str(&format!("★ {name} : validé par le labo\n"));
                }
            }
            Err(e) => text.push_str(&format!("⚠ progression non enregistrée : {e}\n")),
        }
        if let Target::Started { dir, .. } = target {
            match write_solutions(dir, self.lab, rows) {
                Ok(written) => {
                    for name in written {
                        text.push_str(&format!("  correction de référence : solution/{name}\n"));
                    }
                }
                Err(e) => text.push_str(&format!("⚠ solution non écrite : {e}\n")),
            }
        }
        text
    }

    fn hint(&self) -> anyhow::Result<String> {
        let current = self
            .last
            .iter()
            .find(|r| !r.passed())
            .or(self.last.last())
            .and_then(|r| self.exercises.iter().copied().find(|x| x.id == r.id))
            .or(self.exercises.first().copied())
            .context("le labo n’a aucun exercice")?;
        super::reveal_hint(self.store, self.course, current)
    }
}

/// The report, exercise by exercise, with the first diagnosis of each failing check.
pub fn board_text(rows: &[ExerciseRow], report: &Report, extra: &[LabCheck]) -> String {
    let mut text = String::from("\n");
    for row in rows {
        text.push_str(&format!("{}\n", row.line()));
        for (id, status) in &row.checks {
            if *status == Some(Status::Passed) {
                continue;
            }
            let why = report
                .check(id)
                .and_then(|r| r.diagnosis.first().cloned())
                .or_else(|| extra.iter().find(|e| e.id == id).map(|e| e.detail.clone()))
                .unwrap_or_else(|| "non évaluée (évaluation interrompue)".to_owned());
            text.push_str(&format!("    {id} : {why}\n"));
        }
    }
    let done = rows.iter().filter(|r| r.passed()).count();
    // The lab's own checks count with the battery's.
    let (mut passed, mut total) = report.counts();
    for check in extra.iter().filter(|e| e.status != Status::Skipped) {
        total += 1;
        passed += usize::from(check.status == Status::Passed);
    }
    let score = (passed * 100).checked_div(total).unwrap_or(0);
    text.push_str(&format!(
        "\nExercices du labo : {done}/{} — vérifications : {passed}/{total} ({score} %)\n",
        rows.len()
    ));
    if let Some(reason) = &report.aborted {
        text.push_str(&format!("✗ évaluation interrompue : {reason}\n"));
    }
    text
}

/// Ticks every passed exercise « validé par le labo »; the names of those ticked just now.
pub fn tick(
    store: &Store,
    rows: &[ExerciseRow],
) -> Result<Vec<String>, crate::progress::StoreError> {
    let before = store.load().progress.lab_validated;
    store.update(|p| {
        for row in rows.iter().filter(|r| r.passed()) {
            p.validate_exercise_by_lab(&row.id);
        }
    })?;
    Ok(rows
        .iter()
        .filter(|r| r.passed() && !before.contains(&r.id))
        .map(row_name)
        .collect())
}

fn row_name(row: &ExerciseRow) -> String {
    match row.number {
        Some(n) => format!("Exercice {n} — {}", row.title),
        None => row.title.clone(),
    }
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
        std::fs::write(&path, crate::lab::starter::fix_note(&row_name(row), fix))?;
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

fn npm_install(dir: &Path) -> anyhow::Result<()> {
    out(&format!(
        "▶ npm install dans {} (une à deux minutes la première fois)\n",
        dir.display()
    ))?;
    let status = Command::new("npm")
        .args(["install", "--no-audit", "--no-fund"])
        .current_dir(dir)
        .stdin(Stdio::null())
        .status()
        .context("impossible de lancer npm install")?;
    if !status.success() {
        bail!(
            "« npm install » a échoué dans « {} » ({}) : lisez son message ci-dessus (réseau ? compilateur C++ pour better-sqlite3 ?), puis relancez",
            dir.display(),
            exit_text(status.code())
        );
    }
    Ok(())
}

fn exit_text(code: Option<i32>) -> String {
    code.map_or_else(|| "tué par un signal".to_owned(), |c| format!("code {c}"))
}

fn stderr_text(lines: &[String]) -> String {
    if lines.is_empty() {
        return " — rien sur sa sortie d’erreur".to_owned();
    }
    let mut text = String::from(" — dernières lignes de sa sortie d’erreur :");
    for line in lines {
        text.push_str(&format!("\n  │ {line}"));
    }
    text
}

fn out(text: &str) -> anyhow::Result<()> {
    crate::cmd::output::print(text)
}

/// Ctrl-C, SIGTERM, SIGHUP: stop the server's group at once, then wake the loop.
fn spawn_signals(
    tx: Sender<Wake>,
    slot: GroupSlot,
    signalled: Arc<AtomicI32>,
) -> anyhow::Result<signal_hook::iterator::Handle> {
    use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};
    let mut signals = signal_hook::iterator::Signals::new([SIGINT, SIGTERM, SIGHUP])
        .context("impossible d’installer les gestionnaires de signaux")?;
    let handle = signals.handle();
    std::thread::Builder::new()
        .name("lab-signals".to_owned())
        .spawn(move || {
            if let Some(signal) = signals.forever().next() {
                signalled.store(signal, Ordering::SeqCst);
                server::signal_group(&slot);
                let _ = tx.send(Wake::Signal(signal));
            }
        })
        .context("impossible de lancer le fil des signaux")?;
    Ok(handle)
}

fn spawn_stdin(tx: Sender<Wake>) {
    let _ = std::thread::Builder::new()
        .name("lab-stdin".to_owned())
        .spawn(move || {
            for line in std::io::stdin().lock().lines() {
                let Ok(line) = line else { break };
                if tx.send(Wake::Line(line)).is_err() {
                    return;
                }
            }
            let _ = tx.send(Wake::StdinClosed);
        });
}
