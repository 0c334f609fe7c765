//! `webhook-tutor lab` end to end, with the machine's real Node.js and the starter's real
//! npm dependencies (installed once under target/lab-npm, see common/lab_npm.rs): the
//! untouched starter fails exactly the expected checks, each reference fix in turn turns
//! exactly its exercise green, the solution scores 100 %, the watch loop regrades after a
//! save, and no server process survives `q`, SIGTERM or a server that fails to start.

#[path = "common/lab_npm.rs"]
mod lab_npm;

use std::io::{BufRead as _, BufReader, Write as _};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::{self, Receiver};
use std::time::Duration;

use assert_cmd::cargo::CommandCargoExt as _;
use webhook_tutor::course::Origin;
use webhook_tutor::lab::{Lab, starter};

fn bin(data: &Path) -> Command {
    let mut cmd = Command::cargo_bin("webhook-tutor").unwrap();
    cmd.env_remove("WEBHOOK_TUTOR_COURSE")
        .env("NO_COLOR", "1")
        .env("WEBHOOK_TUTOR_DATA", data);
    cmd
}

fn lab() -> Lab {
    Lab::load(&Origin::Embedded, "express").unwrap()
}

/// A lab project (as `lab init` writes it) with the first `fixes` fixes applied, linked to
/// the cached node_modules; returns (temp root, project dir, data dir).
fn project(fixes: usize) -> (tempfile::TempDir, PathBuf, PathBuf) {
    let node_modules = lab_npm::node_modules();
    let root = tempfile::tempdir().unwrap();
    let dir = root.path().join("potagers");
    let data = root.path().join("data");
    let out = bin(&data).args(["lab", "init"]).arg(&dir).output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let lab = lab();
    let mut files = lab.starter.clone();
    for fix in &lab.fixes[..fixes] {
        starter::apply(&mut files, fix).unwrap();
    }
    for (name, bytes) in &files {
        std::fs::write(dir.join(name), bytes).unwrap();
    }
    std::os::unix::fs::symlink(node_modules, dir.join("node_modules")).unwrap();
    (root, dir, data)
}

/// The board's exercise lines (« Exercice 4 — … : ✗ raw-body »).
fn board(stdout: &str) -> Vec<String> {
    stdout
        .lines()
        .filter(|l| l.starts_with("Exercice "))
        .map(str::to_owned)
        .collect()
}

/// The board lines when the first `fixed` exercises are fixed.
fn expected(fixed: usize) -> Vec<String> {
    let lines = [
        ("Exercice 4 — Le corps brut sous Express", "raw-body"),
        (
            "Exercice 5 — Un handler idempotent",
            "duplicate, update-before-create, concurrent-duplicate",
        ),
        ("Exercice 6 — Supprimer sans risque", "delete-unknown"),
        (
            "Exercice 7 — Les événements que l’on ne gère pas",
            "unknown-event",
        ),
        ("Exercice 8 — Le gros payload", "large-payload"),
        (
            "Exercice 9 — L’adresse e-mail principale",
            "state-valid, state-update",
        ),
        ("Exercice 10 — Un seul e-mail de bienvenue", "welcome-once"),
    ];
    lines
        .iter()
        .enumerate()
        .map(|(i, (name, failing))| {
            if i < fixed {
                format!("{name} : ✓")
            } else {
                format!("{name} : ✗ {failing}")
            }
        })
        .collect()
}

/// Processes whose working directory is `dir` (the server's npm, sh and node).
fn processes_in(dir: &Path) -> Vec<String> {
    let real = dir.canonicalize().unwrap();
    let mut found = Vec::new();
    for entry in std::fs::read_dir("/proc").unwrap().flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        if !name.bytes().all(|b| b.is_ascii_digit()) {
            continue;
        }
        if std::fs::read_link(entry.path().join("cwd")).is_ok_and(|cwd| cwd == real) {
            let cmdline = std::fs::read(entry.path().join("cmdline")).unwrap_or_default();
            found.push(format!(
                "{name}: {}",
                String::from_utf8_lossy(&cmdline).replace('\0', " ")
            ));
        }
    }
    found
}

/// Grades the starter with the first `fixed` fixes applied, and checks the board.
fn grade_with_fixes(fixed: usize) {
    let lab = lab();
    let (_root, dir, data) = project(fixed);
    let out = bin(&data)
        .args(["lab", "--plain", "--once"])
        .arg(&dir)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(
        board(&stdout),
        expected(fixed),
        "after {fixed} fix(es):\n{stdout}"
    );
    let all = fixed == lab.fixes.len();
    assert_eq!(out.status.code(), Some(if all { 0 } else { 1 }), "{stdout}");
    if fixed == 0 {
        assert!(stdout.contains("vérifications : 12/23 (52 %)"), "{stdout}");
        assert!(!dir.join("solution").exists());
    }
    if all {
        assert!(
            stdout.contains("Exercices du labo : 7/7 — vérifications : 23/23 (100 %)"),
            "{stdout}"
        );
        assert_eq!(
            std::fs::read(dir.join("solution/server.js")).unwrap(),
            lab.solution
                .iter()
                .find(|(n, _)| n == "server.js")
                .unwrap()
                .1
        );
        assert!(dir.join("solution/exercice-04.md").is_file());
        let progress = std::fs::read_to_string(data.join("progress.json")).unwrap();
        assert!(progress.contains("express-bienvenue-unique"), "{progress}");
    }
    assert_eq!(processes_in(&dir), Vec::<String>::new());
}

// The eight steps in two tests, so that the harness runs them side by side.
#[test]
fn the_untouched_starter_and_the_first_three_fixes() {
    for fixed in 0..4 {
        grade_with_fixes(fixed);
    }
}

#[test]
fn the_last_fixes_then_the_solution_at_100_percent() {
    for fixed in 4..=lab().fixes.len() {
        grade_with_fixes(fixed);
    }
}

/// The lab in watch mode, its stdout lines on a channel.
struct Watching {
    child: Child,
    lines: Receiver<String>,
    seen: Vec<String>,
}

impl Watching {
    fn start(dir: &Path, data: &Path) -> Self {
        let mut child = bin(data)
            .args(["lab", "--plain"])
            .arg(dir)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .unwrap();
        let stdout = child.stdout.take().unwrap();
        let (tx, lines) = mpsc::channel();
        std::thread::Builder::new()
            .name("lab-stdout".into())
            .spawn(move || {
                for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                    let _ = tx.send(line);
                }
            })
            .unwrap();
        Self {
            child,
            lines,
            seen: Vec::new(),
        }
    }

    /// Lines up to the one starting with `prefix` (which is included).
    fn until(&mut self, prefix: &str) -> Vec<String> {
        let mut got = Vec::new();
        loop {
            let line = self
                .lines
                .recv_timeout(Duration::from_secs(60))
                .unwrap_or_else(|_| {
                    panic!("no « {prefix} » line; so far:\n{}", self.seen.join("\n"))
                });
            self.seen.push(line.clone());
            let done = line.starts_with(prefix);
            got.push(line);
            if done {
                return got;
            }
        }
    }

    fn wait(&mut self) -> Option<i32> {
        for _ in 0..200 {
            if let Some(status) = self.child.try_wait().unwrap() {
                return status.code();
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        let _ = self.child.kill();
        panic!("the lab did not exit:\n{}", self.seen.join("\n"));
    }
}

#[test]
fn the_watch_loop_regrades_after_a_save_and_q_leaves_no_server() {
    let (_root, dir, data) = project(3);
    let mut lab = Watching::start(&dir, &data);
    let first = lab.until("En attente d’une modification");
    assert!(first.contains(&expected(3)[3]), "{first:?}");
    assert!(
        processes_in(&dir).iter().any(|p| p.contains("node")),
        "{:?}",
        processes_in(&dir)
    );
    let mut files = self::lab().starter.clone();
    for fix in &self::lab().fixes[..4] {
        starter::apply(&mut files, fix).unwrap();
    }
    let server = files.iter().find(|(n, _)| n == "server.js").unwrap();
    std::fs::write(dir.join("server.js"), &server.1).unwrap();
    let second = lab.until("En attente d’une modification");
    assert!(
        second
            .iter()
            .any(|l| l == "↻ modifié : server.js — nouvelle évaluation"),
        "{second:?}"
    );
    assert!(second.contains(&expected(4)[3]), "{second:?}");
    assert!(
        second.iter().any(|l| l.starts_with("★ Exercice 7 — ")),
        "{second:?}"
    );
    lab.child.stdin.as_mut().unwrap().write_all(b"h\n").unwrap();
    let hint = lab.until("Indice 1/");
    assert_eq!(
        hint.last().unwrap(),
        "Indice 1/2 — Exercice 8 — Le gros payload"
    );
    lab.child.stdin.as_mut().unwrap().write_all(b"q\n").unwrap();
    assert_eq!(lab.wait(), Some(0));
    assert_eq!(processes_in(&dir), Vec::<String>::new());
}

#[test]
fn sigterm_stops_the_lab_and_its_server() {
    let (_root, dir, data) = project(0);
    let mut lab = Watching::start(&dir, &data);
    lab.until("En attente d’une modification");
    assert!(!processes_in(&dir).is_empty());
    let status = Command::new("kill")
        .args(["-TERM", &lab.child.id().to_string()])
        .status()
        .unwrap();
    assert!(status.success());
    assert_eq!(lab.wait(), Some(143));
    assert_eq!(processes_in(&dir), Vec::<String>::new());
}

#[test]
fn a_server_that_exits_at_once_is_reported_with_its_stderr() {
    let (_root, dir, data) = project(0);
    let server = std::fs::read_to_string(dir.join("server.js")).unwrap();
    std::fs::write(
        dir.join("server.js"),
        server.replace("const app = express();", "const app = express(;"),
    )
    .unwrap();
    let out = bin(&data)
        .args(["lab", "--plain", "--once"])
        .arg(&dir)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("le serveur s’est arrêté au démarrage (code 1) — dernières lignes de sa sortie d’erreur :"), "{stderr}");
    assert!(stderr.contains("SyntaxError"), "{stderr}");
    assert_eq!(processes_in(&dir), Vec::<String>::new());
}

#[test]
fn a_folder_that_is_not_a_lab_project_is_refused() {
    let root = tempfile::tempdir().unwrap();
    let out = bin(&root.path().join("data"))
        .args(["lab", "--plain", "--once"])
        .arg(root.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("n’est pas un projet du labo (pas de fichier .webhook-tutor-lab)"),
        "{stderr}"
    );
}

/// `lab` with only `webhook-tutor` and, when given, a fake `node` on the PATH.
fn lab_with_path_node(node: Option<&str>) -> (Option<i32>, String) {
    let root = tempfile::tempdir().unwrap();
    let path = root.path().join("bin");
    std::fs::create_dir(&path).unwrap();
    if let Some(version) = node {
        let script = path.join("node");
        std::fs::write(&script, format!("#!/bin/sh\necho {version}\n")).unwrap();
        let mut perms = std::fs::metadata(&script).unwrap().permissions();
        std::os::unix::fs::PermissionsExt::set_mode(&mut perms, 0o755);
        std::fs::set_permissions(&script, perms).unwrap();
    }
    let dir = root.path().join("potagers");
    let init = bin(&root.path().join("data"))
        .args(["lab", "init"])
        .arg(&dir)
        .output()
        .unwrap();
    assert!(init.status.success());
    let out = bin(&root.path().join("data"))
        .env("PATH", &path)
        .args(["lab", "--plain", "--once"])
        .arg(&dir)
        .output()
        .unwrap();
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn node_missing_or_too_old_is_a_french_message_and_exit_2() {
    assert_eq!(
        lab_with_path_node(None),
        (
            Some(2),
            "erreur : Node.js est introuvable (la commande « node » n’existe pas) : installez Node.js 20 ou plus récent, avec npm (https://nodejs.org, ou « apt install nodejs npm », « brew install node »), puis relancez « webhook-tutor lab »\n".to_owned()
        )
    );
    assert_eq!(
        lab_with_path_node(Some("v18.19.0")),
        (
            Some(2),
            "erreur : Node.js v18.19.0 est trop ancien pour le labo : installez Node.js 20 ou plus récent, avec npm (https://nodejs.org, ou « brew install node »), puis relancez « webhook-tutor lab »\n".to_owned()
        )
    );
}
