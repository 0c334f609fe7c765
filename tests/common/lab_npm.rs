//! The starter's npm dependencies, installed once into `target/lab-npm/<key>/node_modules`
//! (key: the first 16 hex digits of SHA-256 over package.json then package-lock.json), so
//! that every e2e project links the same folder. `.ci/run` starts the same install in the
//! background while cargo builds: whoever creates `<key>.lock` (mkdir is atomic) installs,
//! into `<key>.tmp`, renamed to `<key>` when `npm ci` succeeded; the others wait for it.
//! Without Node or the registry the test fails with npm's own message, never skips.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;
use std::time::{Duration, Instant};

use sha2::{Digest as _, Sha256};

/// How long to wait for another process's install (a cold better-sqlite3 build included).
const WAIT: Duration = Duration::from_secs(900);

pub fn manifest_dir() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

pub fn starter_dir() -> PathBuf {
    manifest_dir().join("content/lab/express")
}

/// The cache key, as `.ci/run` computes it with `cat package.json package-lock.json | sha256sum`.
pub fn key() -> String {
    let mut hash = Sha256::new();
    for name in ["package.json", "package-lock.json"] {
        hash.update(std::fs::read(starter_dir().join(name)).unwrap());
    }
    hash.finalize()
        .iter()
        .take(8)
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// `node_modules` of the cached install, installing it if needed (once per test binary).
pub fn node_modules() -> &'static Path {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    DIR.get_or_init(|| {
        let root = manifest_dir().join("target/lab-npm");
        std::fs::create_dir_all(&root).unwrap();
        let key = key();
        let done = root.join(&key);
        let lock = root.join(format!("{key}.lock"));
        let start = Instant::now();
        loop {
            if done
                .join("node_modules/better-sqlite3/build/Release/better_sqlite3.node")
                .is_file()
            {
                return done.join("node_modules");
            }
            if std::fs::create_dir(&lock).is_ok() {
                let result = install(&root, &key);
                let _ = std::fs::remove_dir_all(&lock);
                if let Err(message) = result {
                    panic!("lab e2e: npm install of the starter failed: {message}");
                }
                continue;
            }
            // Someone else installs: wait, unless its process is gone (a stale lock).
            let owner = std::fs::read_to_string(lock.join("pid")).ok();
            if let Some(pid) = owner.as_deref().map(str::trim).filter(|p| !p.is_empty())
                && !Path::new("/proc").join(pid).exists()
            {
                let _ = std::fs::remove_dir_all(&lock);
                continue;
            }
            assert!(
                start.elapsed() < WAIT,
                "lab e2e: waited {} s for the npm install in {} (lock {})",
                WAIT.as_secs(),
                done.display(),
                lock.display()
            );
            std::thread::sleep(Duration::from_millis(500));
        }
    })
}

fn install(root: &Path, key: &str) -> Result<(), String> {
    let tmp = root.join(format!("{key}.tmp"));
    let _ = std::fs::remove_dir_all(&tmp);
    std::fs::create_dir_all(&tmp).map_err(|e| e.to_string())?;
    for name in ["package.json", "package-lock.json"] {
        std::fs::copy(starter_dir().join(name), tmp.join(name)).map_err(|e| e.to_string())?;
    }
    let out = Command::new("npm")
        .args(["ci", "--no-audit", "--no-fund"])
        .current_dir(&tmp)
        .output()
        .map_err(|e| format!("npm is required (Node.js 20+): {e}"))?;
    if !out.status.success() {
        return Err(format!(
            "`npm ci` exited with {} (is the npm registry reachable? a C++ compiler for better-sqlite3?):\n{}\n{}",
            out.status,
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        ));
    }
    let done = root.join(key);
    let _ = std::fs::remove_dir_all(&done);
    std::fs::rename(&tmp, &done).map_err(|e| e.to_string())
}
