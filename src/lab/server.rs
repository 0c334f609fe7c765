//! The learner's server: `npm start` in its own process group (so `npm`, its shell and
//! `node` can be stopped together), with `PORT`, `DATABASE_URL` and the signing secret in its
//! environment, its output kept in a bounded tail, a bounded wait for readiness, and a stop
//! that kills the whole group (on drop too, so a panic or an early return leaves no orphan).

use std::collections::VecDeque;
use std::io::{BufRead as _, BufReader, Read};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::os::unix::process::CommandExt as _;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitStatus, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use rustix::process::{Pid, Signal, kill_process_group, test_kill_process_group};

/// Lines of server output kept.
pub const TAIL_LINES: usize = 200;
/// How long `npm start` gets to listen on its port.
pub const READY_TIMEOUT: Duration = Duration::from_secs(20);
/// How long the group gets to exit after SIGTERM before SIGKILL.
const STOP_GRACE: Duration = Duration::from_secs(3);

/// Which stream a line came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stream {
    Out,
    Err,
}

/// The last lines the server wrote, shared with the reader threads.
pub type Tail = Arc<Mutex<VecDeque<(Stream, String)>>>;

/// The process group of the running server, shared with the signal thread so that a
/// Ctrl-C or SIGTERM kills it at once, even while a grade run is blocked on a request.
pub type GroupSlot = Arc<Mutex<Option<i32>>>;

/// What to start.
#[derive(Debug, Clone)]
pub struct Config {
    pub dir: PathBuf,
    pub port: u16,
    pub secret: String,
    pub database_url: String,
}

/// Why the server is not ready.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StartFailure {
    /// `npm` could not be started at all (French reason).
    Spawn(String),
    /// It exited before listening.
    Exited {
        code: Option<i32>,
        stderr: Vec<String>,
    },
    /// Still running but not listening after [`READY_TIMEOUT`].
    NeverReady { secs: u64, stderr: Vec<String> },
}

impl std::fmt::Display for StartFailure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let tail = |f: &mut std::fmt::Formatter<'_>, lines: &[String]| {
            if lines.is_empty() {
                return f.write_str(" (rien sur sa sortie d’erreur)");
            }
            f.write_str(" — dernières lignes de sa sortie d’erreur :")?;
            lines.iter().try_for_each(|l| write!(f, "\n  │ {l}"))
        };
        match self {
            Self::Spawn(reason) => write!(f, "impossible de lancer « npm start » : {reason}"),
            Self::Exited { code, stderr } => {
                match code {
                    Some(code) => write!(f, "le serveur s’est arrêté au démarrage (code {code})")?,
                    None => f.write_str("le serveur a été tué au démarrage")?,
                }
                tail(f, stderr)
            }
            Self::NeverReady { secs, stderr } => {
                write!(
                    f,
                    "le serveur n’écoute toujours pas sur son port après {secs} s (lit-il bien la variable PORT ?)"
                )?;
                tail(f, stderr)
            }
        }
    }
}

/// A started server. Dropping it stops the whole process group.
pub struct Server {
    child: Child,
    pgid: i32,
    pub port: u16,
    pub tail: Tail,
    slot: GroupSlot,
}

/// A port nobody listens on now (the OS picks it).
pub fn free_port() -> std::io::Result<u16> {
    Ok(TcpListener::bind(("127.0.0.1", 0))?.local_addr()?.port())
}

impl Server {
    /// Starts `npm start` in `config.dir`, in a new process group recorded in `slot`.
    pub fn start(config: &Config, slot: &GroupSlot) -> Result<Server, StartFailure> {
        let mut child = Command::new("npm")
            .arg("start")
            .current_dir(&config.dir)
            .env("PORT", config.port.to_string())
            .env("DATABASE_URL", &config.database_url)
            .env("CLERK_WEBHOOK_SIGNING_SECRET", &config.secret)
            .env("NODE_ENV", "development")
            .env("npm_config_update_notifier", "false")
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .process_group(0)
            .spawn()
            .map_err(|e| StartFailure::Spawn(crate::files::io_reason(&e)))?;
        let pgid = i32::try_from(child.id()).unwrap_or(i32::MAX);
        if let Ok(mut current) = slot.lock() {
            *current = Some(pgid);
        }
        let tail: Tail = Arc::default();
        if let Some(out) = child.stdout.take() {
            read_lines(out, Stream::Out, &tail);
        }
        if let Some(err) = child.stderr.take() {
            read_lines(err, Stream::Err, &tail);
        }
        Ok(Server {
            child,
            pgid,
            port: config.port,
            tail,
            slot: Arc::clone(slot),
        })
    }

    /// Waits until the port accepts connections, the server exits, or `timeout` passes.
    pub fn wait_ready(&mut self, timeout: Duration) -> Result<(), StartFailure> {
        let start = Instant::now();
        let addr = SocketAddr::from(([127, 0, 0, 1], self.port));
        loop {
            if let Some(status) = self.exited() {
                // Let the reader threads drain what the dying server wrote.
                std::thread::sleep(Duration::from_millis(100));
                return Err(StartFailure::Exited {
                    code: status.code(),
                    stderr: self.stderr_tail(12),
                });
            }
            if TcpStream::connect_timeout(&addr, Duration::from_millis(200)).is_ok() {
                return Ok(());
            }
            if start.elapsed() >= timeout {
                return Err(StartFailure::NeverReady {
                    secs: timeout.as_secs(),
                    stderr: self.stderr_tail(12),
                });
            }
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    /// `Some` once `npm` has exited (the server crashed or stopped).
    pub fn exited(&mut self) -> Option<ExitStatus> {
        self.child.try_wait().ok().flatten()
    }

    /// The last `n` lines of standard error.
    pub fn stderr_tail(&self, n: usize) -> Vec<String> {
        let Ok(tail) = self.tail.lock() else {
            return Vec::new();
        };
        let lines: Vec<String> = tail
            .iter()
            .filter(|(s, _)| *s == Stream::Err)
            .map(|(_, l)| l.clone())
            .collect();
        lines[lines.len().saturating_sub(n)..].to_vec()
    }

    /// SIGTERM to the whole group, SIGKILL after a grace period; returns once no process
    /// of the group is left.
    pub fn stop(&mut self) {
        stop_group(self.pgid, &mut self.child);
        if let Ok(mut current) = self.slot.lock()
            && *current == Some(self.pgid)
        {
            *current = None;
        }
    }

    pub fn pgid(&self) -> i32 {
        self.pgid
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.stop();
    }
}

/// Sends `signal` to the group in `slot`, if any (the signal thread's emergency stop).
pub fn signal_group(slot: &GroupSlot) {
    let pgid = slot.lock().ok().and_then(|g| *g);
    if let Some(pid) = pgid.and_then(Pid::from_raw) {
        let _ = kill_process_group(pid, Signal::TERM);
    }
}

fn stop_group(pgid: i32, child: &mut Child) {
    let Some(pid) = Pid::from_raw(pgid) else {
        return;
    };
    let _ = kill_process_group(pid, Signal::TERM);
    let start = Instant::now();
    let mut killed = false;
    loop {
        // Reap npm itself, or its zombie would keep the group alive.
        let _ = child.try_wait();
        if test_kill_process_group(pid).is_err() {
            return;
        }
        if !killed && start.elapsed() >= STOP_GRACE {
            let _ = kill_process_group(pid, Signal::KILL);
            killed = true;
        }
        if start.elapsed() >= STOP_GRACE * 2 {
            return;
        }
        std::thread::sleep(Duration::from_millis(25));
    }
}

fn read_lines(stream: impl Read + Send + 'static, which: Stream, tail: &Tail) {
    let tail = Arc::clone(tail);
    let _ = std::thread::Builder::new()
        .name(format!("lab-server-{which:?}"))
        .spawn(move || {
            for line in BufReader::new(stream).lines() {
                let Ok(line) = line else { break };
                if let Ok(mut tail) = tail.lock() {
                    if tail.len() == TAIL_LINES {
                        tail.pop_front();
                    }
                    tail.push_back((which, line));
                }
            }
        });
}

/// The installed Node.js major version, or a French message saying what to install.
pub fn check_node() -> Result<u32, String> {
    let version = Command::new("node")
        .arg("--version")
        .stdin(Stdio::null())
        .output()
        .map_err(|_| NODE_MISSING.to_owned())?;
    let text = String::from_utf8_lossy(&version.stdout).trim().to_owned();
    let major = text
        .trim_start_matches('v')
        .split('.')
        .next()
        .and_then(|m| m.parse::<u32>().ok())
        .ok_or_else(|| format!("version de Node.js illisible (« {text} ») : {NODE_ADVICE}"))?;
    if major < 20 {
        return Err(format!(
            "Node.js {text} est trop ancien pour le labo : {NODE_ADVICE}"
        ));
    }
    let npm = Command::new("npm")
        .arg("--version")
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status();
    if !npm.is_ok_and(|s| s.success()) {
        return Err(format!("npm est introuvable : {NODE_ADVICE}"));
    }
    Ok(major)
}

/// `node_modules` is there (npm install has run).
pub fn installed(dir: &Path) -> bool {
    dir.join("node_modules").is_dir()
}

const NODE_MISSING: &str = "Node.js est introuvable (la commande « node » n’existe pas) : installez Node.js 20 ou plus récent, avec npm (https://nodejs.org, ou « apt install nodejs npm », « brew install node »), puis relancez « webhook-tutor lab »";
const NODE_ADVICE: &str = "installez Node.js 20 ou plus récent, avec npm (https://nodejs.org, ou « brew install node »), puis relancez « webhook-tutor lab »";

#[cfg(test)]
mod tests {
    use super::*;

    /// A project whose `npm start` is a shell that starts a child and waits: a group of
    /// three processes (npm, sh, sleep) that never listens.
    fn project() -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join("package.json"),
            r#"{ "name": "x", "version": "1.0.0", "scripts": { "start": "echo démarré; echo oups >&2; sleep 30 & wait" } }"#,
        )
        .unwrap();
        dir
    }

    fn config(dir: &Path) -> Config {
        Config {
            dir: dir.to_path_buf(),
            port: free_port().unwrap(),
            secret: "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw".to_owned(),
            database_url: "file:./x.db".to_owned(),
        }
    }

    fn gone(pgid: i32) -> bool {
        test_kill_process_group(Pid::from_raw(pgid).unwrap()).is_err()
    }

    #[test]
    fn a_panic_while_the_server_runs_kills_its_whole_group() {
        let dir = project();
        let slot = GroupSlot::default();
        let server = Server::start(&config(dir.path()), &slot).unwrap();
        let pgid = server.pgid();
        assert!(!gone(pgid));
        assert_eq!(*slot.lock().unwrap(), Some(pgid));
        let unwound = std::panic::catch_unwind(std::panic::AssertUnwindSafe(move || {
            let _server = server;
            panic!("boom");
        }));
        assert!(unwound.is_err());
        assert!(gone(pgid), "process group {pgid} survived the panic");
        assert_eq!(*slot.lock().unwrap(), None);
    }

    #[test]
    fn a_server_that_never_listens_is_reported_with_its_stderr() {
        let dir = project();
        let slot = GroupSlot::default();
        let mut server = Server::start(&config(dir.path()), &slot).unwrap();
        let err = server.wait_ready(Duration::from_millis(1500)).unwrap_err();
        // npm may warn on stderr too, before the script runs: the script's line is last.
        let StartFailure::NeverReady { secs: 1, stderr } = &err else {
            panic!("{err:?}");
        };
        assert_eq!(stderr.last().map(String::as_str), Some("oups"), "{err}");
        let pgid = server.pgid();
        drop(server);
        assert!(gone(pgid));
    }
}
