//! The lab's loop in plain mode: start the server (or not, with `--url`), grade, print the
//! report by exercise, tick and write solutions, then wait for a save, a typed `h` / `q`, or
//! a signal. Every way out stops the server's whole process group: the `Server` guard on
//! return, unwinding and errors, and the signal thread at once on Ctrl-C or SIGTERM.

use std::io::{BufRead as _, IsTerminal as _};
use std::path::Path;
use std::process::{Command, ExitCode, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicI32, Ordering};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender};
use std::time::Instant;

use anyhow::{Context as _, bail};

use super::{lab_exercises, load, project_dir, project_stack};
use crate::cli::{GlobalArgs, LabArgs};
use crate::course::{Course, ExerciseEntry};
use crate::grade::{Report, Status};
use crate::lab::board::{ExerciseRow, LabCheck};
use crate::lab::round::{self, Target};
use crate::lab::server::{self, GroupSlot, Server};
use crate::lab::{Lab, watch};
use crate::progress::Store;

/// What wakes the loop up besides a save.
enum Wake {
    Line(String),
    Signal(i32),
    StdinClosed,
}

pub fn run(global: &GlobalArgs, args: &LabArgs) -> anyhow::Result<ExitCode> {
    let (course, lab, target) = match &args.url {
        Some(url) => {
            let (course, lab) = load(global, crate::lab::DEFAULT_STACK)?;
            let Some(secret) = args.secret.clone() else {
                bail!(
                    "--url : il faut le secret de signature de votre endpoint, avec --secret whsec_… ou la variable CLERK_WEBHOOK_SIGNING_SECRET"
                );
            };
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
    if !args.plain && !args.once && std::io::stdout().is_terminal() {
        let shown = match &target {
            Target::Started { dir, .. } => dir.display().to_string(),
            Target::Own { url, .. } => url.clone(),
        };
        let options = crate::tui::Options {
            lab: Some((shown, target)),
            ..crate::cmd::read::tui_options(global)
        };
        crate::tui::launch(
            global.course.as_deref(),
            global.data_dir.as_deref(),
            &options,
        )?;
        return Ok(ExitCode::SUCCESS);
    }
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
                        round::exit_text(status.code()),
                        round::stderr_text(&srv.stderr_tail(12))
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

    /// One round, printed. `Err`: the server could not be started or graded (French).
    fn round(
        &mut self,
        target: &Target,
        slot: &GroupSlot,
    ) -> Result<(Option<Server>, bool), String> {
        let exercises = &self.course.exercises;
        let round = round::run(target, slot, self.lab, exercises, self.store, &mut |line| {
            let _ = out(&format!("{line}\n"));
        })?;
        let mut text = board_text(&round.rows, &round.report, &round.extra);
        for note in &round.notes {
            text.push_str(note);
            text.push('\n');
        }
        out(&text).map_err(|e| e.to_string())?;
        let passed = round.passed();
        self.last = round.rows;
        Ok((round.server, passed))
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
            if *status != Some(Status::Passed) {
                text.push_str(&format!("    {id} : {}\n", round::why(report, extra, id)));
            }
        }
    }
    let done = rows.iter().filter(|r| r.passed()).count();
    let (passed, total, score) = round::score(report, extra);
    text.push_str(&format!(
        "\nExercices du labo : {done}/{} — vérifications : {passed}/{total} ({score} %)\n",
        rows.len()
    ));
    if let Some(reason) = &report.aborted {
        text.push_str(&format!("✗ évaluation interrompue : {reason}\n"));
    }
    text
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
            round::exit_text(status.code())
        );
    }
    Ok(())
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
