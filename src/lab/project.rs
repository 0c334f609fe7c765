//! A lab project on disk: the marker file `lab init` writes (with the stack), the folder the
//! lab works on by default, and what must be true before its server can start (Node.js 20+,
//! npm, `node_modules`). Shared by `cmd::lab` and the lab screen.

use std::path::{Path, PathBuf};

use super::Lab;
use super::round::Target;
use super::server;

/// The folder `lab init` writes by default.
pub const DEFAULT_DIR: &str = "potagers-webhooks";
/// The file that marks a folder as a lab project, with its stack.
pub const MARKER: &str = ".webhook-tutor-lab";

/// The folder `lab` works on: the one given, else ./potagers-webhooks when it is a lab
/// project, else the current folder.
pub fn project_dir(given: Option<&Path>) -> PathBuf {
    match given {
        Some(dir) => dir.to_path_buf(),
        None if Path::new(DEFAULT_DIR).join(MARKER).is_file() => PathBuf::from(DEFAULT_DIR),
        None => PathBuf::from("."),
    }
}

/// The stack of the lab project in `dir`, or a French message for a folder that is not one.
pub fn project_stack(dir: &Path) -> Result<String, String> {
    let marker = dir.join(MARKER);
    let Ok(text) = std::fs::read_to_string(&marker) else {
        return Err(format!(
            "« {} » n’est pas un projet du labo (pas de fichier {MARKER}) : créez-en un avec « webhook-tutor lab init », ou évaluez votre propre serveur avec « webhook-tutor lab --url URL --secret whsec_… --watch DOSSIER »",
            dir.display()
        ));
    };
    text.lines()
        .find_map(|l| l.trim().strip_prefix("stack"))
        .and_then(|rest| rest.trim().strip_prefix('='))
        .map(|v| v.trim().trim_matches('"').to_owned())
        .filter(|s| !s.is_empty())
        .ok_or_else(|| {
            format!(
                "{} : ligne « stack = \"express\" » absente",
                marker.display()
            )
        })
}

/// Writes the starter into `dir`, which must be absent or empty; never the solution.
pub fn write_starter(dir: &Path, lab: &Lab) -> Result<(), String> {
    let io = |what: &str, path: &Path, e: std::io::Error| {
        format!(
            "{what} « {} » : {}",
            path.display(),
            crate::files::io_reason(&e)
        )
    };
    if dir.exists() {
        let mut entries = std::fs::read_dir(dir).map_err(|e| io("dossier illisible", dir, e))?;
        if entries.next().is_some() {
            return Err(format!(
                "le dossier « {} » existe déjà et n’est pas vide : le labo n’écrase rien. Choisissez un autre dossier (webhook-tutor lab init AUTRE-DOSSIER) ou videz celui-ci",
                dir.display()
            ));
        }
    }
    for (name, bytes) in &lab.starter {
        let path = dir.join(name);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(|e| io("impossible de créer", parent, e))?;
        }
        std::fs::write(&path, bytes).map_err(|e| io("impossible d’écrire", &path, e))?;
    }
    let marker = format!(
        "# Projet du labo de webhook-tutor : ne supprimez pas ce fichier.\nstack = \"{}\"\n",
        lab.stack
    );
    let path = dir.join(MARKER);
    std::fs::write(&path, marker).map_err(|e| io("impossible d’écrire", &path, e))
}

/// Node.js 20+ and npm are there, and so is `node_modules`; the target to start. `secret`
/// is the session's test secret.
pub fn ready_target(dir: &Path, lab: &Lab, secret: String) -> Result<Target, String> {
    server::check_node()?;
    if !server::installed(dir) {
        return Err(format!(
            "les dépendances ne sont pas installées (pas de dossier node_modules dans « {} ») : lancez « npm install » dans ce dossier, puis rouvrez le labo",
            dir.display()
        ));
    }
    let dir = dir.canonicalize().map_err(|e| {
        format!(
            "dossier « {} » : {}",
            dir.display(),
            crate::files::io_reason(&e)
        )
    })?;
    Ok(Target::Started {
        database: dir.join(&lab.database),
        dir,
        secret,
    })
}
