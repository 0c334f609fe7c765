//! Everything the main loop waits for, on one channel: terminal events from an input
//! thread, course reloads from the folder watcher, and the news of background work (the
//! sandbox's listener, the Labo's run). Each thread ends on its own once the receiver
//! is dropped.

use std::path::{Path, PathBuf};
use std::sync::mpsc::Sender;
use std::time::{Duration, SystemTime};

use crate::course::{Course, CourseError};

#[derive(Debug)]
pub enum Event {
    /// A key, mouse or resize event from the terminal.
    Term(crossterm::event::Event),
    /// A request received by the sandbox's local listener.
    Received(Box<crate::listen::ReceivedEvent>),
    /// The course folder changed and was loaded again.
    CourseReloaded(Box<Result<Course, CourseError>>),
    /// The « Synchronisation » view's play timer.
    Tick,
    /// `grade --scenario --tui`: the run against the learner's endpoint is over.
    SyncEndpoint(crate::tui::sandbox::EndpointRun),
    /// The wall clock moved on (every [`CLOCK`]): « maintenant » in the sandbox follows it.
    Clock,
    /// The lab's worker reports (tui/lab.rs).
    Lab(Box<crate::lab::worker::LabEvent>),
    /// The Labo's run: one step of the battery, from its thread.
    LabProgress(crate::grade::Progress),
    /// The Labo's run is over: the report, or why it could not start.
    LabFinished(Box<Result<crate::grade::Report, crate::grade::GradeError>>),
    /// SIGTERM, SIGHUP, SIGINT or SIGQUIT: save, restore the terminal, exit 128 + n.
    Signal(i32),
}

/// The signals that end the interface cleanly.
pub const STOP_SIGNALS: [i32; 4] = [
    signal_hook::consts::SIGTERM,
    signal_hook::consts::SIGHUP,
    signal_hook::consts::SIGINT,
    signal_hook::consts::SIGQUIT,
];

/// Catches [`STOP_SIGNALS`] from now on and forwards the first as [`Event::Signal`], so
/// the main loop saves and restores the terminal before exiting. A second signal means
/// the loop is stuck: the terminal is restored from here and the signal's default
/// action (ending the process) is carried out. Close the returned handle once the
/// interface has ended.
pub fn spawn_signals(tx: Sender<Event>) -> std::io::Result<signal_hook::iterator::Handle> {
    let mut signals = signal_hook::iterator::Signals::new(STOP_SIGNALS)?;
    let handle = signals.handle();
    std::thread::Builder::new()
        .name("signals".into())
        .spawn(move || {
            let mut forwarded = false;
            for signal in signals.forever() {
                if !forwarded {
                    forwarded = true;
                    if tx.send(Event::Signal(signal)).is_ok() {
                        continue;
                    }
                }
                super::restore_terminal();
                let _ = signal_hook::low_level::emulate_default_handler(signal);
            }
        })?;
    Ok(handle)
}

/// How often the watcher looks at modification times. Polling keeps us free of
/// platform-specific notification crates, and 500 ms feels live when editing.
const POLL: Duration = Duration::from_millis(500);

/// Reads terminal events forever and forwards them.
pub fn spawn_input(tx: Sender<Event>) -> std::io::Result<()> {
    std::thread::Builder::new()
        .name("input".into())
        .spawn(move || {
            while let Ok(event) = crossterm::event::read() {
                if tx.send(Event::Term(event)).is_err() {
                    break;
                }
            }
        })
        .map(drop)
}

/// How often the play timer of the « Synchronisation » view steps.
pub const TICK: Duration = Duration::from_millis(400);

/// Sends [`Event::Tick`] every [`TICK`] while `running` holds; ends when it is cleared
/// or the receiver is gone.
pub fn spawn_ticker(
    tx: Sender<Event>,
    running: std::sync::Arc<std::sync::atomic::AtomicBool>,
) -> std::io::Result<()> {
    use std::sync::atomic::Ordering;
    std::thread::Builder::new()
        .name("sync-ticker".into())
        .spawn(move || {
            loop {
                std::thread::sleep(TICK);
                if !running.load(Ordering::Relaxed) || tx.send(Event::Tick).is_err() {
                    break;
                }
            }
        })
        .map(drop)
}

/// How often [`Event::Clock`] is sent: well inside Svix's 5-minute tolerance, so a
/// request signed « maintenant » never goes stale on screen.
pub const CLOCK: Duration = Duration::from_secs(15);

/// Sends [`Event::Clock`] every [`CLOCK`] until the receiver is gone.
pub fn spawn_clock(tx: Sender<Event>) -> std::io::Result<()> {
    std::thread::Builder::new()
        .name("clock".into())
        .spawn(move || {
            loop {
                std::thread::sleep(CLOCK);
                if tx.send(Event::Clock).is_err() {
                    break;
                }
            }
        })
        .map(drop)
}

/// Watches `content/` and `quizzes/` under `root` and sends a freshly loaded course
/// (or the error that prevents it) after each change.
pub fn spawn_watcher(root: PathBuf, tx: Sender<Event>) -> std::io::Result<()> {
    std::thread::Builder::new()
        .name("course-watcher".into())
        .spawn(move || {
            let mut last = snapshot(&root);
            loop {
                std::thread::sleep(POLL);
                let now = snapshot(&root);
                if now == last {
                    continue;
                }
                last = now;
                let result = Course::from_dir(&root);
                if tx.send(Event::CourseReloaded(Box::new(result))).is_err() {
                    break;
                }
            }
        })
        .map(drop)
}

/// (path, modification time, size) of every file of the course, sorted.
fn snapshot(root: &Path) -> Vec<(PathBuf, Option<SystemTime>, u64)> {
    let mut out = Vec::new();
    for dir in ["content", "quizzes"] {
        collect(&root.join(dir), &mut out);
    }
    out.sort();
    out
}

fn collect(dir: &Path, out: &mut Vec<(PathBuf, Option<SystemTime>, u64)>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        let Ok(meta) = entry.metadata() else { continue };
        if meta.is_dir() {
            collect(&path, out);
        } else {
            out.push((path, meta.modified().ok(), meta.len()));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn snapshot_sees_edits_and_new_files() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("content")).unwrap();
        std::fs::write(dir.path().join("content/a.md"), "a").unwrap();
        let before = snapshot(dir.path());
        assert_eq!(before.len(), 1);
        std::fs::write(dir.path().join("content/a.md"), "ab").unwrap();
        assert_ne!(snapshot(dir.path()), before);
        std::fs::write(dir.path().join("content/b.md"), "b").unwrap();
        assert_eq!(snapshot(dir.path()).len(), 2);
    }
}
