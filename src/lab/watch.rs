//! Watching the project folder by polling: a snapshot of every file's size and mtime, taken
//! again until it changes, then until it stays the same for a short quiet time (an editor's
//! save is often several writes). `node_modules`, `.git`, `solution/` and the database files
//! (which the server writes itself) are ignored.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

/// Between two polls.
pub const POLL: Duration = Duration::from_millis(250);
/// A change counts once nothing else changed for this long.
pub const QUIET: Duration = Duration::from_millis(300);

/// Path → (size, mtime).
pub type Snapshot = BTreeMap<PathBuf, (u64, Option<SystemTime>)>;

/// Files a save can touch (ignored names left out), with their size and mtime.
pub fn snapshot(dir: &Path) -> Snapshot {
    let mut out = Snapshot::new();
    walk(dir, &mut out, 0);
    out
}

/// True for names the watcher never looks at.
pub fn ignored(name: &str) -> bool {
    matches!(name, "node_modules" | ".git" | "solution")
        || name.contains(".db")
        || name.ends_with('~')
        || name.ends_with(".swp")
        || name.ends_with(".swx")
        || name.starts_with(".#")
}

fn walk(dir: &Path, out: &mut Snapshot, depth: usize) {
    if depth > 8 {
        return;
    }
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        if ignored(&entry.file_name().to_string_lossy()) {
            continue;
        }
        let Ok(meta) = entry.metadata() else { continue };
        if meta.is_dir() {
            walk(&entry.path(), out, depth + 1);
        } else {
            out.insert(entry.path(), (meta.len(), meta.modified().ok()));
        }
    }
}

/// The files that differ between two snapshots (added, removed or changed).
pub fn changed(before: &Snapshot, after: &Snapshot) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = after
        .iter()
        .filter(|(p, v)| before.get(*p) != Some(v))
        .map(|(p, _)| p.clone())
        .collect();
    out.extend(before.keys().filter(|p| !after.contains_key(*p)).cloned());
    out.sort();
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn changes_are_seen_and_ignored_names_are_not() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("server.js"), "a").unwrap();
        std::fs::create_dir(dir.path().join("node_modules")).unwrap();
        let before = snapshot(dir.path());
        std::fs::write(dir.path().join("node_modules/x.js"), "b").unwrap();
        std::fs::write(dir.path().join("potagers.db"), "c").unwrap();
        std::fs::create_dir(dir.path().join("solution")).unwrap();
        std::fs::write(dir.path().join("solution/server.js"), "d").unwrap();
        assert_eq!(
            changed(&before, &snapshot(dir.path())),
            Vec::<PathBuf>::new()
        );
        std::fs::write(dir.path().join("server.js"), "ab").unwrap();
        std::fs::write(dir.path().join("db.js"), "e").unwrap();
        assert_eq!(
            changed(&before, &snapshot(dir.path())),
            [dir.path().join("db.js"), dir.path().join("server.js")]
        );
    }
}
