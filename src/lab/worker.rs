//! The lab loop on a background thread, for the lab screen: rounds one after the other (a
//! save in the watched folder, or a request, starts the next), the server's output and its
//! crashes, all reported as [`LabEvent`]s through a callback. Dropping the [`Worker`] stops
//! it: the server's group is signalled at once (a grade in progress then ends quickly),
//! the thread is joined, and the `Server` guard has killed the whole group.

use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender};
use std::thread::JoinHandle;
use std::time::Instant;

use super::board::ExerciseRow;
use super::round::{self, Target};
use super::server::{self, GroupSlot, Stream};
use super::{Lab, watch};
use crate::course::ExerciseEntry;
use crate::grade::Status;
use crate::progress::Store;

/// What the lab screen is told.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LabEvent {
    /// What is happening now: « ▶ npm start… », « ⋯ évaluation… », « ↻ modifié : … ».
    Phase(String),
    /// A finished round.
    Round(Box<RoundView>),
    /// The server could not start, or grading could not begin (French, with stderr lines).
    Failed(String),
    /// The server's last lines of output, oldest first.
    Output(Vec<String>),
    /// The server stopped between two rounds (French, with its last stderr lines).
    Crashed(String),
}

/// A round as the screen shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RoundView {
    pub rows: Vec<ExerciseRow>,
    /// Each failing check with its first diagnosis line.
    pub why: Vec<(String, String)>,
    /// « 12/23 (52 %) ».
    pub score: String,
    pub notes: Vec<String>,
    pub aborted: Option<String>,
}

/// A request to the worker.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Command {
    /// Grade again now, without waiting for a save.
    Regrade,
}

/// The running loop; dropping it stops the server and the thread.
pub struct Worker {
    commands: Option<Sender<Command>>,
    handle: Option<JoinHandle<()>>,
    slot: GroupSlot,
}

impl Worker {
    pub fn spawn(
        target: Target,
        lab: Lab,
        exercises: Vec<ExerciseEntry>,
        store: Store,
        send: Box<dyn Fn(LabEvent) + Send>,
    ) -> std::io::Result<Worker> {
        let (tx, rx) = mpsc::channel();
        let slot = GroupSlot::default();
        let thread_slot = GroupSlot::clone(&slot);
        let handle = std::thread::Builder::new()
            .name("lab-worker".to_owned())
            .spawn(move || run(&target, &lab, &exercises, &store, &thread_slot, &rx, &*send))?;
        Ok(Worker {
            commands: Some(tx),
            handle: Some(handle),
            slot,
        })
    }

    pub fn regrade(&self) {
        if let Some(tx) = &self.commands {
            let _ = tx.send(Command::Regrade);
        }
    }
}

impl Drop for Worker {
    fn drop(&mut self) {
        self.commands = None;
        server::signal_group(&self.slot);
        if let Some(handle) = self.handle.take() {
            let _ = handle.join();
        }
    }
}

fn run(
    target: &Target,
    lab: &Lab,
    exercises: &[ExerciseEntry],
    store: &Store,
    slot: &GroupSlot,
    commands: &Receiver<Command>,
    send: &dyn Fn(LabEvent),
) {
    let watched = target.watched();
    loop {
        let snapshot = watched.map(watch::snapshot).unwrap_or_default();
        let mut server = match round::run(target, slot, lab, exercises, store, &mut |line| {
            send(LabEvent::Phase(line));
        }) {
            Ok(round) => {
                let why = round
                    .rows
                    .iter()
                    .flat_map(|r| r.checks.iter())
                    .filter(|(_, s)| *s != Some(Status::Passed))
                    .map(|(id, _)| (id.clone(), round::why(&round.report, &round.extra, id)))
                    .collect();
                let (passed, total, score) = round::score(&round.report, &round.extra);
                send(LabEvent::Round(Box::new(RoundView {
                    rows: round.rows,
                    why,
                    score: format!("{passed}/{total} ({score} %)"),
                    notes: round.notes,
                    aborted: round.report.aborted.clone(),
                })));
                round.server
            }
            Err(message) => {
                send(LabEvent::Failed(message));
                None
            }
        };
        let mut shown = (0, String::new());
        let mut crashed = false;
        loop {
            match commands.recv_timeout(watch::POLL) {
                Ok(Command::Regrade) => break,
                Err(RecvTimeoutError::Disconnected) => return,
                Err(RecvTimeoutError::Timeout) => {}
            }
            if let Some(srv) = server.as_mut() {
                let lines: Vec<String> = srv.tail.lock().map_or_else(
                    |_| Vec::new(),
                    |t| {
                        t.iter()
                            .map(|(s, l)| match s {
                                Stream::Out => l.clone(),
                                Stream::Err => format!("! {l}"),
                            })
                            .collect()
                    },
                );
                let now = (lines.len(), lines.last().cloned().unwrap_or_default());
                if now != shown {
                    shown = now;
                    send(LabEvent::Output(lines));
                }
                if !crashed && let Some(status) = srv.exited() {
                    crashed = true;
                    send(LabEvent::Crashed(format!(
                        "le serveur s’est arrêté ({}){}",
                        round::exit_text(status.code()),
                        round::stderr_text(&srv.stderr_tail(12))
                    )));
                }
            }
            let Some(dir) = watched else { continue };
            let now = watch::snapshot(dir);
            if watch::changed(&snapshot, &now).is_empty() {
                continue;
            }
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
            send(LabEvent::Phase(format!("↻ modifié : {}", names.join(", "))));
            break;
        }
        drop(server.take());
    }
}
