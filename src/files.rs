//! Files on disk, safely: reading regular files only (never blocking on a FIFO or a
//! device), writing atomically onto a regular file or a new path (through a symlink to
//! its target), and operating-system errors in French. Below every core that touches
//! files (`course`, `quiz`, `progress`) and the commands; no terminal I/O.

use std::fs::{File, OpenOptions};
use std::io::{self, Read as _, Write as _};
use std::os::unix::fs::{FileTypeExt as _, OpenOptionsExt as _};
use std::path::{Path, PathBuf};

/// Largest course file (manifest, module, quiz): the longest module is under 100 KB.
pub const MAX_COURSE_FILE: u64 = 8 << 20;
/// Largest payload or raw request read from a file: Svix caps messages far below this.
pub const MAX_INPUT_FILE: u64 = 16 << 20;

/// Symlink hops followed before giving up, as the kernel does (`MAXSYMLINKS`).
const MAX_SYMLINK_HOPS: usize = 40;

/// The operating system's reason for `err`, in French, without the English OS text.
pub fn io_reason(err: &io::Error) -> String {
    use io::ErrorKind as K;
    // Errors this program builds itself carry a French message already.
    if err.get_ref().is_some() {
        return err.to_string();
    }
    if let Some(errno) = rustix::io::Errno::from_io_error(err) {
        use rustix::io::Errno as E;
        let known = match errno {
            E::LOOP => Some("boucle de liens symboliques"),
            E::NAMETOOLONG => Some("nom de fichier trop long"),
            E::NOSPC => Some("plus de place sur le disque"),
            E::DQUOT => Some("quota disque dépassé"),
            E::ROFS => Some("système de fichiers en lecture seule"),
            E::NOTDIR => Some("un élément du chemin n'est pas un dossier"),
            E::ISDIR => Some("c'est un dossier, pas un fichier"),
            E::PIPE => Some("le lecteur de la sortie est parti (tube fermé)"),
            E::MFILE | E::NFILE => Some("trop de fichiers ouverts"),
            E::NXIO => Some("aucun lecteur à l'autre bout (FIFO ou périphérique absent)"),
            E::BUSY | E::TXTBSY => Some("fichier occupé par un autre programme"),
            E::XDEV => Some("déplacement impossible entre deux systèmes de fichiers"),
            E::FBIG => Some("fichier trop gros"),
            E::IO => Some("erreur d'entrée-sortie du disque"),
            E::AGAIN => Some("donnée pas encore disponible (lecture non bloquante)"),
            E::NOTEMPTY => Some("le dossier n'est pas vide"),
            E::EXIST => Some("le fichier existe déjà"),
            E::PERM | E::ACCESS => Some("permission refusée"),
            E::NOENT => Some("fichier introuvable"),
            E::CONNREFUSED => Some("connexion refusée"),
            E::INTR => Some("interrompu par un signal"),
            _ => None,
        };
        return match known {
            Some(text) => text.to_owned(),
            None => format!("erreur du système n° {}", errno.raw_os_error()),
        };
    }
    match err.kind() {
        K::NotFound => "fichier introuvable".to_owned(),
        K::PermissionDenied => "permission refusée".to_owned(),
        K::IsADirectory => "c'est un dossier, pas un fichier".to_owned(),
        K::BrokenPipe => "le lecteur de la sortie est parti (tube fermé)".to_owned(),
        K::WriteZero => "écriture impossible (0 octet écrit)".to_owned(),
        K::UnexpectedEof => "fin de fichier inattendue".to_owned(),
        K::InvalidData => "données invalides (pas de l'UTF-8 ?)".to_owned(),
        K::TimedOut => "délai dépassé".to_owned(),
        K::Interrupted => "interrompu par un signal".to_owned(),
        K::OutOfMemory => "mémoire insuffisante".to_owned(),
        K::AlreadyExists => "le fichier existe déjà".to_owned(),
        K::StorageFull => "plus de place sur le disque".to_owned(),
        K::QuotaExceeded => "quota disque dépassé".to_owned(),
        K::ReadOnlyFilesystem => "système de fichiers en lecture seule".to_owned(),
        K::NotADirectory => "un élément du chemin n'est pas un dossier".to_owned(),
        K::DirectoryNotEmpty => "le dossier n'est pas vide".to_owned(),
        K::FileTooLarge => "fichier trop gros".to_owned(),
        K::ResourceBusy => "fichier occupé par un autre programme".to_owned(),
        K::ConnectionRefused => "connexion refusée".to_owned(),
        K::ConnectionReset => "connexion interrompue par l'autre côté".to_owned(),
        K::ConnectionAborted => "connexion abandonnée".to_owned(),
        K::AddrInUse => "adresse déjà utilisée".to_owned(),
        K::AddrNotAvailable => "adresse indisponible sur cette machine".to_owned(),
        K::WouldBlock => "donnée pas encore disponible (lecture non bloquante)".to_owned(),
        K::InvalidInput => "paramètre invalide".to_owned(),
        _ => format!("erreur d'entrée-sortie ({:?})", err.kind()),
    }
}

/// An error of ours with a French message, for [`io_reason`] to pass through.
fn ours(kind: io::ErrorKind, message: impl Into<String>) -> io::Error {
    io::Error::new(kind, message.into())
}

/// What a non-regular file is, in French, or `None` for a regular file.
pub fn special_kind(file_type: std::fs::FileType) -> Option<&'static str> {
    if file_type.is_file() {
        None
    } else if file_type.is_dir() {
        Some("c'est un dossier, pas un fichier")
    } else if file_type.is_fifo() {
        Some("c'est un tube nommé (FIFO), pas un fichier ordinaire")
    } else if file_type.is_char_device() || file_type.is_block_device() {
        Some("c'est un périphérique, pas un fichier ordinaire")
    } else if file_type.is_socket() {
        Some("c'est une socket, pas un fichier ordinaire")
    } else {
        Some("ce n'est pas un fichier ordinaire")
    }
}

/// Reads a regular file of at most `limit` bytes. The file is opened non-blocking, so a
/// FIFO or a device never hangs the program, and its type is checked on the open handle
/// (no race with a rename). A directory, FIFO, device, symlink loop or larger file is an
/// error with a French message ([`io_reason`]).
pub fn read_regular(path: &Path, limit: u64) -> io::Result<Vec<u8>> {
    let mut file = OpenOptions::new()
        .read(true)
        .custom_flags(rustix::fs::OFlags::NONBLOCK.bits() as i32)
        .open(path)?;
    let meta = file.metadata()?;
    if let Some(kind) = special_kind(meta.file_type()) {
        return Err(ours(io::ErrorKind::InvalidInput, kind));
    }
    if meta.len() > limit {
        return Err(too_big(limit));
    }
    let mut bytes = Vec::with_capacity(usize::try_from(meta.len()).unwrap_or(0));
    // A file that grows while read is still capped.
    io::Read::by_ref(&mut file)
        .take(limit + 1)
        .read_to_end(&mut bytes)?;
    if bytes.len() as u64 > limit {
        return Err(too_big(limit));
    }
    Ok(bytes)
}

/// Reads a file the user named on the command line (a payload, a request, a markdown
/// file), of at most `limit` bytes. Unlike [`read_regular`], a pipe or a character device
/// is read as the user asked (`--payload <(…)`, `/dev/stdin`), as `cat` would; a
/// directory, a socket or a larger file is refused with a French message.
pub fn read_input(path: &Path, limit: u64) -> io::Result<Vec<u8>> {
    let file = File::open(path)?;
    let meta = file.metadata()?;
    let file_type = meta.file_type();
    if file_type.is_dir() || file_type.is_socket() || file_type.is_block_device() {
        return Err(ours(
            io::ErrorKind::InvalidInput,
            special_kind(file_type).unwrap_or("ce n'est pas un fichier ordinaire"),
        ));
    }
    if file_type.is_file() && meta.len() > limit {
        return Err(too_big(limit));
    }
    let mut bytes = Vec::new();
    file.take(limit + 1).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > limit {
        return Err(too_big(limit));
    }
    Ok(bytes)
}

fn too_big(limit: u64) -> io::Error {
    ours(
        io::ErrorKind::InvalidData,
        format!("fichier trop gros (plus de {})", human_size(limit)),
    )
}

/// `limit` bytes as « 8 Mio », « 512 Kio » or « 100 octets ».
pub fn human_size(bytes: u64) -> String {
    if bytes >= 1 << 20 && bytes.is_multiple_of(1 << 20) {
        format!("{}\u{a0}Mio", bytes >> 20)
    } else if bytes >= 1 << 10 && bytes.is_multiple_of(1 << 10) {
        format!("{}\u{a0}Kio", bytes >> 10)
    } else {
        format!("{bytes}\u{a0}octets")
    }
}

/// Where writing `path` really lands: a symlink is followed (relative targets against
/// the link's folder) so the link itself stays; a loop is an error.
pub fn write_target(path: &Path) -> io::Result<PathBuf> {
    let mut current = path.to_path_buf();
    for _ in 0..MAX_SYMLINK_HOPS {
        match std::fs::symlink_metadata(&current) {
            Ok(meta) if meta.file_type().is_symlink() => {
                let target = std::fs::read_link(&current)?;
                current = match current.parent() {
                    Some(parent) if target.is_relative() => parent.join(target),
                    _ => target,
                };
            }
            Ok(meta) => {
                return match special_kind(meta.file_type()) {
                    None => Ok(current),
                    Some(kind) => Err(ours(
                        io::ErrorKind::InvalidInput,
                        format!("{kind} : refusé, il ne sera pas remplacé"),
                    )),
                };
            }
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(current),
            Err(e) => return Err(e),
        }
    }
    Err(ours(
        io::ErrorKind::InvalidInput,
        "boucle de liens symboliques",
    ))
}

/// The temporary name used while writing `path`: `.NAME.PID.tmp` next to it. Stale ones
/// (after a kill) are recognised by [`is_temp_of`].
pub fn temp_path(path: &Path) -> PathBuf {
    let name = path
        .file_name()
        .map_or_else(|| "export".into(), |n| n.to_string_lossy());
    path.with_file_name(format!(".{name}.{}.tmp", std::process::id()))
}

/// True when `candidate` is a file name [`temp_path`] gives for a file named `name`.
pub fn is_temp_of(candidate: &str, name: &str) -> bool {
    candidate
        .strip_prefix('.')
        .and_then(|rest| rest.strip_prefix(name))
        .and_then(|rest| rest.strip_prefix('.'))
        .and_then(|rest| rest.strip_suffix(".tmp"))
        .is_some_and(|pid| !pid.is_empty() && pid.bytes().all(|b| b.is_ascii_digit()))
}

/// Writes `bytes` onto `path` atomically: into a temporary file next to the real target
/// (a symlink is followed, so the link stays a link), flushed to disk, then renamed over
/// it; a reader or a crash never sees half a file. Only a regular file or a new path is
/// replaced; a FIFO, device, directory or socket is refused. The temporary file is
/// removed on every error path.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let target = write_target(path)?;
    let tmp = temp_path(&target);
    let write = || -> io::Result<()> {
        let mut file = OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&tmp)
            .or_else(|e| {
                // A stale temp of this very pid (a previous run killed mid-write).
                if e.kind() == io::ErrorKind::AlreadyExists {
                    std::fs::remove_file(&tmp)?;
                    File::create_new(&tmp)
                } else {
                    Err(e)
                }
            })?;
        file.write_all(bytes)?;
        file.sync_all()?;
        drop(file);
        std::fs::rename(&tmp, &target)?;
        // The rename itself reaches the disk once the folder is synced.
        if let Some(dir) = target.parent().filter(|d| !d.as_os_str().is_empty())
            && let Ok(dir) = File::open(dir)
        {
            let _ = dir.sync_all();
        }
        Ok(())
    };
    write().inspect_err(|_| {
        let _ = std::fs::remove_file(&tmp);
    })
}

#[cfg(test)]
#[path = "files_tests.rs"]
mod tests;
