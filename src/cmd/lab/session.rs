//! The lab's loop in plain mode: start the server (or not, with `--url`), grade, print the
//! report by exercise, tick and write solutions, then wait for a save, a typed `h` / `q`, or
//! a signal. Every way out stops the server's whole process group: the `Server` guard on
//! return, unwinding and errors, and the signal thread at once on Ctrl-C or SIGTERM.

use std::io::{BufRead as _, IsTerminal as _};
use std::path::Path;
use std::process::{Command, ExitCode, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicI32, Ordering};
use std::sync::mpsc::{self, Receiver, Sender};

use anyhow::{Context as _, bail};

use super::{lab_exercises, load, project_dir, project_stack};
use crate::cli::{GlobalArgs, LabArgs};
use crate::course::Course;
use crate::grade::Status;
use crate::lab::Lab;
use crate::lab::board::ExerciseRow;
use crate::lab::round::{self, RoundView, Target};
use crate::lab::server::{self, GroupSlot};
use crate::lab::worker::{LabEvent, Worker};
use crate::progress::Store;

/// What wakes the loop up besides a save.
enum Wake {
    Line(String),
    Signal(i32),
    StdinClosed,
    Lab(Box<LabEvent>),
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
        return crate::cmd::read::open_tui(global, &options);
    }
    let store = Store::open(global.data_dir.as_deref())?;
    let slot: GroupSlot = Arc::default();
    let (tx, rx) = mpsc::channel();
    let signalled = Arc::new(AtomicI32::new(0));
    let _signals = spawn_signals(tx.clone(), Arc::clone(&slot), Arc::clone(&signalled))?;
    let outcome = if args.once || target.watched().is_none() {
        once(&target, &slot, &lab, &course, &store)
    } else {
        spawn_stdin(tx.clone());
        watching(target, &lab, &course, &store, &tx, &rx)
    };
    // The signal thread may have caught a signal during the last step.
    match signalled.load(Ordering::SeqCst) {
        0 => outcome,
        n => Ok(ExitCode::from(u8::try_from(128 + n).unwrap_or(130))),
    }
}

/// One round, printed: 0 when every lab exercise passes, 1 otherwise, an error (2) when
/// the server could not start.
fn once(
    target: &Target,
    slot: &GroupSlot,
    lab: &Lab,
    course: &Course,
    store: &Store,
) -> anyhow::Result<ExitCode> {
    let round = round::run(target, slot, lab, &course.exercises, store, &mut |line| {
        let _ = out(&phase_text(&line));
    })
    .map_err(anyhow::Error::msg)?;
    let view = round.view();
    drop(round);
    out(&view_text(&view))?;
    Ok(if view.passed() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

/// The watch loop: the lab's worker grades on every save, this thread prints what it
/// reports and answers `h` and `q`. Returning drops the worker, which stops the server.
fn watching(
    target: Target,
    lab: &Lab,
    course: &Course,
    store: &Store,
    tx: &Sender<Wake>,
    rx: &Receiver<Wake>,
) -> anyhow::Result<ExitCode> {
    let worker_tx = tx.clone();
    let _worker = Worker::spawn(
        target,
        lab.clone(),
        course.exercises.clone(),
        store.clone(),
        Box::new(move |event| {
            let _ = worker_tx.send(Wake::Lab(Box::new(event)));
        }),
    )
    .context("impossible de lancer le labo")?;
    let exercises = lab_exercises(course, lab);
    let mut last: Vec<ExerciseRow> = Vec::new();
    loop {
        let Ok(wake) = rx.recv() else {
            return Ok(ExitCode::SUCCESS);
        };
        match wake {
            Wake::Signal(n) => return Ok(ExitCode::from(u8::try_from(128 + n).unwrap_or(130))),
            Wake::StdinClosed => {}
            Wake::Line(line) => match line.trim() {
                "q" | "quit" | "quitter" => return Ok(ExitCode::SUCCESS),
                "h" | "indice" => {
                    let current = last
                        .iter()
                        .find(|r| !r.passed())
                        .or(last.last())
                        .and_then(|r| exercises.iter().copied().find(|x| x.id == r.id))
                        .or(exercises.first().copied())
                        .context("le labo n’a aucun exercice")?;
                    out(&super::reveal_hint(store, course, current)?)?;
                }
                "" => {}
                other => out(&format!(
                    "« {other} » : tapez h (indice) ou q (quitter), puis Entrée\n"
                ))?,
            },
            Wake::Lab(event) => match *event {
                LabEvent::Phase(line) => out(&phase_text(&line))?,
                LabEvent::Round(view) => {
                    out(&format!("{}{WAITING}", view_text(&view)))?;
                    last = view.rows;
                }
                LabEvent::Failed(message) => out(&format!(
                    "✗ {message}\n\nCorrigez puis enregistrez : le labo recommence à chaque modification (q + Entrée pour quitter).\n"
                ))?,
                LabEvent::Crashed(message) => out(&format!("\n✗ {message}\n"))?,
                LabEvent::Output(_) => {}
            },
        }
    }
}

const WAITING: &str =
    "\nEn attente d’une modification… (h + Entrée : indice suivant, q + Entrée : quitter)\n";

/// A worker phase as a line; a new round starts after a blank line.
fn phase_text(line: &str) -> String {
    if line.starts_with('▶') || line.starts_with('↻') {
        format!("\n{line}\n")
    } else {
        format!("{line}\n")
    }
}

/// The round, exercise by exercise, with the first diagnosis of each failing check, the
/// score, and what was validated or written.
pub fn view_text(view: &RoundView) -> String {
    let mut text = String::from("\n");
    for row in &view.rows {
        text.push_str(&format!("{}\n", row.line()));
        for (id, status) in &row.checks {
            if *status != Some(Status::Passed) {
                text.push_str(&format!("    {id} : {}\n", view.why(id)));
            }
        }
    }
    let done = view.rows.iter().filter(|r| r.passed()).count();
    text.push_str(&format!(
        "\nExercices du labo : {done}/{} — vérifications : {}\n",
        view.rows.len(),
        view.score
    ));
    if let Some(reason) = &view.aborted {
        text.push_str(&format!("✗ évaluation interrompue : {reason}\n"));
    }
    for note in &view.notes {
        text.push_str(note);
        text.push('\n');
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
