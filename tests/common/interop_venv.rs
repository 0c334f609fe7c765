//! The Python venv with the official PyPI `svix`, shared with tests/interop.rs: same path
//! (`target/interop-venv`), same pinned version, same install steps. Created on first use.
//! Without python3 or PyPI the test fails loudly: a silent pass would hide drift.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

pub const SVIX_VERSION: &str = "2.9.1";

pub fn manifest_dir() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// The venv's python, creating the venv and installing `svix` if needed (once per binary).
pub fn python() -> &'static Path {
    static PYTHON: OnceLock<PathBuf> = OnceLock::new();
    PYTHON.get_or_init(|| {
        let venv = manifest_dir().join("target/interop-venv");
        let python = venv.join("bin/python");
        let installed = Command::new(&python)
            .args([
                "-c",
                "import importlib.metadata as m; print(m.version('svix'))",
            ])
            .output()
            .is_ok_and(|o| {
                o.status.success() && String::from_utf8_lossy(&o.stdout).trim() == SVIX_VERSION
            });
        if installed {
            return python;
        }
        let created = Command::new("python3")
            .args(["-m", "venv"])
            .arg(&venv)
            .output();
        match created {
            Ok(o) if o.status.success() => {}
            Ok(o) => panic!(
                "interop: `python3 -m venv {}` failed (install python3-venv): {}",
                venv.display(),
                String::from_utf8_lossy(&o.stderr)
            ),
            Err(e) => panic!("interop: python3 is required to run the official svix library: {e}"),
        }
        let pip = Command::new(&python)
            .args(["-m", "pip", "install", "--disable-pip-version-check", "-q"])
            .arg(format!("svix=={SVIX_VERSION}"))
            .output()
            .expect("interop: the venv's python runs");
        assert!(
            pip.status.success(),
            "interop: `pip install svix=={SVIX_VERSION}` failed (is PyPI reachable?): {}",
            String::from_utf8_lossy(&pip.stderr)
        );
        python
    })
}
