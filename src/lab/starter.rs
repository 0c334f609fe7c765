//! The lab manifest and its files: `content/lab/<stack>-fixes.toml` names the starter folder,
//! the solution folder, the SQLite file the server writes, and per exercise the exact edits
//! that fix its bug (`find` → `replace`). Loaded from the embedded course or `--course DIR`.

use serde::Deserialize;

use crate::course::{ExerciseEntry, Origin};

/// The stack `lab init` writes without `--stack`.
pub const DEFAULT_STACK: &str = "express";
/// Where lab manifests and their folders live, relative to the course root.
pub const LAB_DIR: &str = "content/lab";

/// Why the lab could not be loaded or is inconsistent (French, names the file).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct LabError(pub String);

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawLab {
    stack: String,
    starter: String,
    solution: String,
    database: String,
    #[serde(default)]
    fixes: Vec<Fix>,
}

/// One exercise's reference fix.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Fix {
    /// An `[[exercises]]` id of the course.
    pub exercise: String,
    pub edits: Vec<Edit>,
}

/// Replace the one occurrence of `find` in `file` by `replace`.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Edit {
    pub file: String,
    pub find: String,
    pub replace: String,
}

/// A file of the starter or the solution: path relative to the project, bytes.
pub type File = (String, Vec<u8>);

/// A loaded lab.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Lab {
    pub stack: String,
    /// The manifest's path relative to the course root, for messages.
    pub manifest: String,
    /// The SQLite file the server writes, relative to the project.
    pub database: String,
    pub starter: Vec<File>,
    pub solution: Vec<File>,
    pub fixes: Vec<Fix>,
}

/// The stacks the course ships (`express` for `content/lab/express-fixes.toml`).
pub fn stacks(origin: &Origin) -> Vec<String> {
    origin
        .list(LAB_DIR)
        .iter()
        .filter(|f| !f.contains('/'))
        .filter_map(|f| f.strip_suffix("-fixes.toml").map(str::to_owned))
        .collect()
}

impl Lab {
    pub fn load(origin: &Origin, stack: &str) -> Result<Lab, LabError> {
        let manifest = format!("{LAB_DIR}/{stack}-fixes.toml");
        let shown = origin.display_path(&manifest);
        let bytes = origin.read(&manifest).map_err(|e| {
            let known = stacks(origin);
            LabError(if e.kind() == std::io::ErrorKind::NotFound {
                format!(
                    "pile « {stack} » inconnue : {shown} introuvable — piles disponibles : {}",
                    if known.is_empty() {
                        "aucune".to_owned()
                    } else {
                        known.join(", ")
                    }
                )
            } else {
                format!("{shown} : {}", crate::files::io_reason(&e))
            })
        })?;
        let text = String::from_utf8(bytes)
            .map_err(|_| LabError(format!("{shown} : le fichier n’est pas de l’UTF-8 valide")))?;
        let raw: RawLab = toml::from_str(&text).map_err(|e| {
            let (line, column) =
                crate::source_pos::line_col(&text, e.span().map_or(0, |s| s.start));
            LabError(format!(
                "{shown}:{line}:{column}: TOML invalide : {}",
                crate::french::parser_message(e.message())
            ))
        })?;
        let read_all = |folder: &str| -> Result<Vec<File>, LabError> {
            let rel = format!("{LAB_DIR}/{folder}");
            let names = origin.list(&rel);
            if names.is_empty() {
                return Err(LabError(format!(
                    "{shown} : le dossier « {} » est vide ou introuvable",
                    origin.display_path(&rel)
                )));
            }
            names
                .into_iter()
                .map(|name| {
                    let path = format!("{rel}/{name}");
                    origin.read(&path).map(|b| (name, b)).map_err(|e| {
                        LabError(format!(
                            "{} : {}",
                            origin.display_path(&path),
                            crate::files::io_reason(&e)
                        ))
                    })
                })
                .collect()
        };
        Ok(Lab {
            stack: raw.stack,
            manifest: shown.clone(),
            database: raw.database,
            starter: read_all(&raw.starter)?,
            solution: read_all(&raw.solution)?,
            fixes: raw.fixes,
        })
    }

    /// The exercise ids the lab grades, in the manifest's order.
    pub fn exercise_ids(&self) -> Vec<&str> {
        self.fixes.iter().map(|f| f.exercise.as_str()).collect()
    }

    pub fn fix(&self, exercise: &str) -> Option<&Fix> {
        self.fixes.iter().find(|f| f.exercise == exercise)
    }

    /// What `check` reports: missing files, unknown exercises and checks, and each fix
    /// whose `find` text does not occur exactly once in the starter.
    pub fn problems(&self, exercises: &[ExerciseEntry]) -> Vec<String> {
        let mut out = Vec::new();
        for needed in ["package.json", "README.md"] {
            if !self.starter.iter().any(|(n, _)| n == needed) {
                out.push(format!("le projet de départ n’a pas de {needed}"));
            }
        }
        for fix in &self.fixes {
            let Some(exercise) = exercises.iter().find(|x| x.id == fix.exercise) else {
                out.push(format!(
                    "exercice « {} » absent de content/course.toml",
                    fix.exercise
                ));
                continue;
            };
            if exercise.checks.is_empty() {
                out.push(format!(
                    "l’exercice « {} » n’a pas de checks : le labo ne saurait pas quand il est réussi",
                    fix.exercise
                ));
            }
            for edit in &fix.edits {
                let Some((_, bytes)) = self.starter.iter().find(|(n, _)| *n == edit.file) else {
                    out.push(format!(
                        "exercice « {} » : fichier « {} » absent du projet de départ",
                        fix.exercise, edit.file
                    ));
                    continue;
                };
                let count = String::from_utf8_lossy(bytes).matches(&edit.find).count();
                if count != 1 || edit.find.is_empty() {
                    out.push(format!(
                        "exercice « {} » : le texte à remplacer apparaît {count} fois dans {} (une seule attendue) : « {} »",
                        fix.exercise,
                        edit.file,
                        edit.find.trim().lines().next().unwrap_or_default()
                    ));
                }
            }
        }
        out
    }
}

/// Applies one fix to `files` in place. `Err` names the edit whose text is not found once.
pub fn apply(files: &mut [File], fix: &Fix) -> Result<(), LabError> {
    for edit in &fix.edits {
        let (_, bytes) = files
            .iter_mut()
            .find(|(n, _)| *n == edit.file)
            .ok_or_else(|| LabError(format!("fichier « {} » absent", edit.file)))?;
        let text = String::from_utf8_lossy(bytes).into_owned();
        if text.matches(&edit.find).count() != 1 {
            return Err(LabError(format!(
                "exercice « {} » : texte introuvable dans {} : « {} »",
                fix.exercise,
                edit.file,
                edit.find.trim()
            )));
        }
        *bytes = text.replacen(&edit.find, &edit.replace, 1).into_bytes();
    }
    Ok(())
}

/// The fix as a French markdown note, written to `solution/` once the exercise passes.
pub fn fix_note(title: &str, fix: &Fix) -> String {
    let mut out = format!("# {title} : la correction de référence\n");
    for edit in &fix.edits {
        let (find, replace) = (
            edit.find.trim_matches('\n'),
            edit.replace.trim_matches('\n'),
        );
        if replace.is_empty() {
            out.push_str(&format!(
                "\nDans `{}`, supprimer :\n\n```js\n{find}\n```\n",
                edit.file
            ));
        } else {
            out.push_str(&format!(
                "\nDans `{}`, remplacer :\n\n```js\n{find}\n```\n\npar :\n\n```js\n{replace}\n```\n",
                edit.file
            ));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_shipped_lab_is_consistent_and_its_fixes_give_the_solution() {
        let course = crate::course::Course::embedded().unwrap();
        let lab = Lab::load(&Origin::Embedded, DEFAULT_STACK).unwrap();
        assert_eq!(lab.problems(&course.exercises), Vec::<String>::new());
        assert_eq!(lab.fixes.len(), 7);
        let mut files = lab.starter.clone();
        for fix in &lab.fixes {
            apply(&mut files, fix).unwrap();
        }
        assert_eq!(files, lab.solution);
        assert_eq!(stacks(&Origin::Embedded), ["express"]);
    }

    #[test]
    fn an_unknown_stack_names_the_known_ones() {
        let err = Lab::load(&Origin::Embedded, "nextjs").unwrap_err();
        assert_eq!(
            err.0,
            "pile « nextjs » inconnue : content/lab/nextjs-fixes.toml introuvable — piles disponibles : express"
        );
    }
}
