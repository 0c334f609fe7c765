//! The progress file on disk, shared safely by several processes: every write is a
//! read-modify-write under an advisory lock on `progress.lock` (as git does with
//! `index.lock`), so two interfaces, or an interface and `quiz --plain`, never lose
//! what the other recorded. Data it cannot read or does not understand is never
//! overwritten: an unreadable file or a newer format is kept as is and saving refused;
//! a corrupt file is moved aside to a `.bak`.

use std::fs::OpenOptions;
use std::io;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use super::{FILE_NAME, FORMAT_VERSION, Progress};
use crate::files::{self, io_reason};

/// The lock file next to the progress file; it is never deleted (deleting a lock file
/// that another process holds open would let a third one in).
pub const LOCK_NAME: &str = "progress.lock";
/// A progress file is a few hundred kilobytes after years of attempts; past this it is
/// not ours.
pub const MAX_FILE_SIZE: u64 = 64 << 20;

/// Where progress lives on disk.
#[derive(Debug, Clone)]
pub struct Store {
    path: PathBuf,
}

/// Why the progress cannot be saved. `Unreadable`, `NewerVersion` and `ReadOnly` last
/// for the session ([`StoreError::is_lasting`]); `Io` may be transient (disk full).
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum StoreError {
    #[error(
        "impossible de lire la progression '{path}' : {reason} ; le fichier est conservé tel quel et rien ne sera enregistré pendant cette session (corrigez-le ou choisissez un autre dossier avec --data-dir, puis relancez)"
    )]
    Unreadable { path: String, reason: String },
    #[error(
        "la progression '{path}' est au format {found}, plus récent que celui de cette version du programme ({FORMAT_VERSION}) : elle est conservée telle quelle et rien ne sera enregistré ; mettez webhook-tutor à jour"
    )]
    NewerVersion { path: String, found: u64 },
    #[error(
        "le dossier de données '{dir}' refuse l'écriture ({reason}) : rien ne sera enregistré ; corrigez ses droits ou choisissez un autre dossier avec --data-dir ou WEBHOOK_TUTOR_DATA"
    )]
    ReadOnly { dir: String, reason: String },
    #[error("impossible d'enregistrer la progression dans '{path}' : {reason}")]
    Io { path: String, reason: String },
}

impl StoreError {
    /// One line for a status bar: saving is off, and why.
    pub fn short(&self) -> String {
        match self {
            StoreError::Unreadable { reason, .. } => {
                format!("enregistrement désactivé : progression illisible ({reason})")
            }
            StoreError::NewerVersion { found, .. } => format!(
                "enregistrement désactivé : progression au format {found}, plus récent que ce programme"
            ),
            StoreError::ReadOnly { reason, .. } => {
                format!("enregistrement désactivé : dossier de données en lecture seule ({reason})")
            }
            StoreError::Io { reason, .. } => format!("progression non enregistrée : {reason}"),
        }
    }

    /// True when retrying in this session cannot help: saving stays off.
    pub fn is_lasting(&self) -> bool {
        !matches!(self, StoreError::Io { .. })
    }
}

/// The result of loading: the progress, a French warning when something on disk needs
/// the learner's attention, and why saving is off (`None`: saving works).
#[derive(Debug, Clone, PartialEq)]
pub struct Loaded {
    pub progress: Progress,
    pub warning: Option<String>,
    pub blocked: Option<StoreError>,
}

/// What is on disk.
enum Disk {
    Missing,
    Found(Box<Progress>),
    /// Not JSON, or not our layout: moved aside, never overwritten in place.
    Corrupt(serde_json::Error),
}

impl Store {
    /// The store in `dir` (`--data-dir`/`WEBHOOK_TUTOR_DATA`), or in the platform data
    /// directory (`~/.local/share/webhook-tutor` on Linux).
    pub fn open(dir: Option<&Path>) -> anyhow::Result<Store> {
        let dir = match dir {
            Some(dir) => dir.to_path_buf(),
            None => directories::ProjectDirs::from("", "", "webhook-tutor")
                .map(|d| d.data_dir().to_path_buf())
                .ok_or_else(|| {
                    anyhow::anyhow!(
                        "impossible de trouver le dossier de données de l'utilisateur ; indiquez-en un avec --data-dir ou WEBHOOK_TUTOR_DATA"
                    )
                })?,
        };
        Ok(Store {
            path: dir.join(FILE_NAME),
        })
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    fn dir(&self) -> &Path {
        match self.path.parent() {
            Some(p) if !p.as_os_str().is_empty() => p,
            _ => Path::new("."),
        }
    }

    /// Reads the progress without locking or writing anything but a `.bak`. A missing
    /// file is a fresh start; a corrupt one is renamed to a free `.bak` name and
    /// reported; an unreadable or newer one is kept and blocks saving.
    pub fn load(&self) -> Loaded {
        match self.read_disk() {
            Ok(Disk::Missing) => Loaded {
                progress: Progress::default(),
                warning: None,
                blocked: None,
            },
            Ok(Disk::Found(progress)) => Loaded {
                progress: *progress,
                warning: None,
                blocked: None,
            },
            Ok(Disk::Corrupt(err)) => {
                let (warning, blocked) = self.move_aside(&err);
                Loaded {
                    progress: Progress::default(),
                    warning: Some(warning),
                    blocked,
                }
            }
            Err(blocked) => Loaded {
                progress: Progress::default(),
                warning: Some(blocked.to_string()),
                blocked: Some(blocked),
            },
        }
    }

    /// [`Store::load`], then [`Store::check_writable`]: what an interface or a quiz
    /// calls before any work begins, so a read-only folder is known at once.
    pub fn load_for_writing(&self) -> Loaded {
        let mut loaded = self.load();
        if loaded.blocked.is_none()
            && let Err(e) = self.check_writable()
        {
            loaded.warning = Some(e.to_string());
            loaded.blocked = Some(e);
        }
        loaded
    }

    /// Proves the data folder accepts a save, before any work is done: creates it,
    /// takes the lock and writes then removes a temporary file of our naming.
    pub fn check_writable(&self) -> Result<(), StoreError> {
        self.locked(|| {
            self.remove_stale_temps();
            let probe = files::temp_path(&self.path);
            let created = OpenOptions::new()
                .write(true)
                .create(true)
                .truncate(true)
                .open(&probe);
            let _ = std::fs::remove_file(&probe);
            created.map(drop).map_err(|e| self.write_error(&e))
        })
    }

    /// Locks the data folder, re-reads the file, applies `change`, writes atomically
    /// (temporary file, fsync, rename), unlocks; returns what is now on disk. `change`
    /// must be this process's own edit (a `Progress` method), never a whole copy, so
    /// what another process saved meanwhile is kept.
    pub fn update(&self, change: impl FnOnce(&mut Progress)) -> Result<Progress, StoreError> {
        self.locked(|| self.merge(change))
    }

    fn merge(&self, change: impl FnOnce(&mut Progress)) -> Result<Progress, StoreError> {
        self.remove_stale_temps();
        let mut progress = match self.read_disk()? {
            Disk::Missing => Progress::default(),
            Disk::Found(progress) => *progress,
            Disk::Corrupt(err) => {
                // Written by something else since we loaded: kept as a `.bak`.
                if let (_, Some(blocked)) = self.move_aside(&err) {
                    return Err(blocked);
                }
                Progress::default()
            }
        };
        change(&mut progress);
        progress.version = FORMAT_VERSION;
        let mut json = serde_json::to_vec_pretty(&progress).map_err(|e| StoreError::Io {
            path: self.path.display().to_string(),
            reason: format!(
                "sérialisation impossible ({})",
                crate::french::json_error(&e)
            ),
        })?;
        json.push(b'\n');
        files::write_atomically(&self.path, &json).map_err(|e| self.write_error(&e))?;
        Ok(progress)
    }

    /// Deletes the progress file (a missing file is not an error), under the lock.
    pub fn reset(&self) -> Result<(), StoreError> {
        self.locked(|| match std::fs::remove_file(&self.path) {
            Ok(()) => Ok(()),
            Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(()),
            Err(e) => Err(self.write_error(&e)),
        })
    }

    /// Runs `work` under the exclusive advisory lock on [`LOCK_NAME`]; creates the data
    /// folder first. Another process waits meanwhile (a write takes milliseconds).
    fn locked<T>(&self, work: impl FnOnce() -> Result<T, StoreError>) -> Result<T, StoreError> {
        let dir = self.dir();
        std::fs::create_dir_all(dir).map_err(|e| self.write_error(&e))?;
        let lock_path = dir.join(LOCK_NAME);
        let file = OpenOptions::new()
            .read(true)
            .write(true)
            .create(true)
            .truncate(false)
            .open(&lock_path)
            .map_err(|e| self.write_error(&e))?;
        let mut lock = fd_lock::RwLock::new(file);
        let _guard = lock.write().map_err(|e| StoreError::Io {
            path: lock_path.display().to_string(),
            reason: io_reason(&e),
        })?;
        work()
    }

    /// Removes `.progress.json.PID.tmp` files left by a killed process. Called under
    /// the lock, so no live process of ours is writing one.
    fn remove_stale_temps(&self) {
        let Ok(entries) = std::fs::read_dir(self.dir()) else {
            return;
        };
        for entry in entries.flatten() {
            if files::is_temp_of(&entry.file_name().to_string_lossy(), FILE_NAME) {
                let _ = std::fs::remove_file(entry.path());
            }
        }
    }

    fn read_disk(&self) -> Result<Disk, StoreError> {
        let bytes = match files::read_regular(&self.path, MAX_FILE_SIZE) {
            Ok(bytes) => bytes,
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(Disk::Missing),
            Err(e) => {
                return Err(StoreError::Unreadable {
                    path: self.path.display().to_string(),
                    reason: io_reason(&e),
                });
            }
        };
        let newer = |found: Option<u64>| match found {
            Some(found) if found > u64::from(FORMAT_VERSION) => Some(StoreError::NewerVersion {
                path: self.path.display().to_string(),
                found,
            }),
            _ => None,
        };
        match serde_json::from_slice::<Progress>(&bytes) {
            Ok(progress) => match newer(Some(u64::from(progress.version))) {
                Some(e) => Err(e),
                None => Ok(Disk::Found(Box::new(progress))),
            },
            Err(err) => {
                // A newer format may change any field's type: its version alone decides.
                #[derive(Deserialize)]
                struct Version {
                    version: Option<u64>,
                }
                match serde_json::from_slice::<Version>(&bytes)
                    .ok()
                    .and_then(|v| newer(v.version))
                {
                    Some(e) => Err(e),
                    None => Ok(Disk::Corrupt(err)),
                }
            }
        }
    }

    /// Renames a corrupt file to a free `.bak` name: the warning, and the error that
    /// blocks saving when even that failed.
    fn move_aside(&self, err: &serde_json::Error) -> (String, Option<StoreError>) {
        let backup = self.free_backup_path();
        match std::fs::rename(&self.path, &backup) {
            Ok(()) => (
                format!(
                    "fichier de progression corrompu ({}, ligne {}, colonne {}) : conservé sous '{}', nouvelle progression démarrée",
                    json_reason(err),
                    err.line(),
                    err.column(),
                    backup.display()
                ),
                None,
            ),
            Err(e) => {
                let blocked = StoreError::Unreadable {
                    path: self.path.display().to_string(),
                    reason: format!(
                        "fichier corrompu ({}) et impossible à mettre de côté ({})",
                        json_reason(err),
                        io_reason(&e)
                    ),
                };
                (blocked.to_string(), Some(blocked))
            }
        }
    }

    fn write_error(&self, e: &io::Error) -> StoreError {
        let read_only = matches!(
            e.kind(),
            io::ErrorKind::PermissionDenied | io::ErrorKind::ReadOnlyFilesystem
        );
        if read_only {
            StoreError::ReadOnly {
                dir: self.dir().display().to_string(),
                reason: io_reason(e),
            }
        } else {
            StoreError::Io {
                path: self.path.display().to_string(),
                reason: io_reason(e),
            }
        }
    }

    fn free_backup_path(&self) -> PathBuf {
        let base = self.path.with_extension("json.bak");
        if !base.exists() {
            return base;
        }
        (2..)
            .map(|n| self.path.with_extension(format!("json.bak.{n}")))
            .find(|p| !p.exists())
            .unwrap_or(base)
    }
}

fn json_reason(err: &serde_json::Error) -> &'static str {
    match err.classify() {
        serde_json::error::Category::Eof => "fichier tronqué",
        serde_json::error::Category::Syntax => "JSON invalide",
        serde_json::error::Category::Data => "contenu inattendu",
        serde_json::error::Category::Io => "erreur de lecture",
    }
}

#[cfg(test)]
#[path = "store_tests.rs"]
mod tests;
