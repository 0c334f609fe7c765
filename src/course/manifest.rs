//! The on-disk schema of `content/course.toml`, kept apart from the runtime `Course`
//! so that the file format can evolve without touching the rest of the program.

use serde::Deserialize;
use toml::Spanned;

/// `content/course.toml` as written by an instructor.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Manifest {
    pub title: String,
    pub language: String,
    pub quiz: QuizEntry,
    pub modules: Vec<ModuleEntry>,
    pub exercises: Vec<ExerciseEntry>,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct QuizEntry {
    /// Relative to the course root, e.g. `quizzes/quiz.toml`.
    pub file: String,
    /// Percentage needed to pass, 0–100.
    pub pass_mark: u8,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ModuleEntry {
    pub id: String,
    pub title: String,
    /// Relative to `content/`.
    pub file: String,
    /// 1-based line of the `[[modules]]` entry's id, for messages.
    pub line: usize,
}

/// An optional exercise the learner can tick off on the home screen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExerciseEntry {
    pub id: String,
    pub title: String,
    /// `module-id#heading-slug` of the section that states the exercise.
    pub see: String,
    /// 1-based line of the entry's `see`, for messages.
    pub line: usize,
    /// `grade` check ids that, all passed, tick the exercise « validé par le labo »; empty:
    /// the exercise stays manual. Each with its 1-based line, for `check`.
    pub checks: Vec<(String, usize)>,
}

impl ExerciseEntry {
    /// The check ids alone.
    pub fn check_ids(&self) -> impl Iterator<Item = &str> {
        self.checks.iter().map(|(id, _)| id.as_str())
    }
}

/// `[quiz]` as written, with spans for messages; `pass_mark` any value, so that 300 or
/// "80" get a message with the range rather than a type error.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawQuiz {
    file: Spanned<String>,
    pass_mark: Spanned<toml::Value>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawManifest {
    title: String,
    language: String,
    quiz: RawQuiz,
    modules: Vec<RawModule>,
    #[serde(default)]
    exercises: Vec<RawExercise>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawModule {
    id: Spanned<String>,
    title: String,
    file: Spanned<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawExercise {
    id: Spanned<String>,
    title: String,
    see: Spanned<String>,
    #[serde(default)]
    checks: Vec<Spanned<String>>,
}

/// A manifest problem at a 1-based line and column, with a French message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ManifestError {
    pub line: usize,
    pub column: usize,
    pub message: String,
}

impl Manifest {
    pub fn parse(src: &str) -> Result<Manifest, ManifestError> {
        let at = |offset: usize, message: String| {
            let (line, column) = crate::source_pos::line_col(src, offset);
            ManifestError {
                line,
                column,
                message,
            }
        };
        let raw: RawManifest = toml::from_str(src).map_err(|e| {
            let offset = e.span().map_or(0, |s| s.start);
            at(
                offset,
                format!(
                    "TOML invalide : {}",
                    crate::french::parser_message(e.message())
                ),
            )
        })?;
        if raw.modules.is_empty() {
            return Err(at(
                0,
                "aucun module : ajoutez au moins un bloc [[modules]]".into(),
            ));
        }
        let written = raw.quiz.pass_mark.get_ref();
        let Some(pass_mark) = written
            .as_integer()
            .and_then(|p| u8::try_from(p).ok())
            .filter(|p| *p <= 100)
        else {
            return Err(at(
                raw.quiz.pass_mark.span().start,
                format!(
                    "pass_mark vaut {written} : un pourcentage entier entre 0 et 100 est attendu"
                ),
            ));
        };
        let quiz_file = raw.quiz.file.get_ref();
        if !quiz_file.ends_with(".toml") || !stays_inside(quiz_file) {
            return Err(at(
                raw.quiz.file.span().start,
                format!(
                    "fichier de quiz '{quiz_file}' invalide : un chemin .toml relatif au dossier du cours, sans « .. », est attendu (par exemple quizzes/quiz.toml)"
                ),
            ));
        }
        let quiz = QuizEntry {
            file: quiz_file.clone(),
            pass_mark,
        };
        let mut modules = Vec::with_capacity(raw.modules.len());
        for m in raw.modules {
            let (id, file) = (m.id.get_ref(), m.file.get_ref());
            if !is_valid_id(id) {
                return Err(at(
                    m.id.span().start,
                    format!(
                        "identifiant de module '{id}' invalide : lettres minuscules, chiffres et tirets uniquement"
                    ),
                ));
            }
            if modules.iter().any(|e: &ModuleEntry| &e.id == id) {
                return Err(at(
                    m.id.span().start,
                    format!(
                        "identifiant de module '{id}' en double : chaque module doit avoir un id unique"
                    ),
                ));
            }
            if !file.ends_with(".md") || !stays_inside(file) {
                return Err(at(
                    m.file.span().start,
                    format!(
                        "fichier de module '{file}' invalide : un nom de fichier .md relatif à content/ est attendu"
                    ),
                ));
            }
            let (line, _) = crate::source_pos::line_col(src, m.id.span().start);
            modules.push(ModuleEntry {
                id: id.clone(),
                title: m.title,
                file: file.clone(),
                line,
            });
        }
        let mut exercises = Vec::with_capacity(raw.exercises.len());
        for x in raw.exercises {
            let id = x.id.get_ref();
            if !is_valid_id(id) || exercises.iter().any(|e: &ExerciseEntry| &e.id == id) {
                return Err(at(
                    x.id.span().start,
                    format!("identifiant d'exercice '{id}' invalide ou en double"),
                ));
            }
            let (line, _) = crate::source_pos::line_col(src, x.see.span().start);
            let checks = x
                .checks
                .into_iter()
                .map(|c| {
                    let (line, _) = crate::source_pos::line_col(src, c.span().start);
                    (c.into_inner(), line)
                })
                .collect();
            exercises.push(ExerciseEntry {
                id: id.clone(),
                title: x.title,
                see: x.see.into_inner(),
                line,
                checks,
            });
        }
        Ok(Manifest {
            title: raw.title,
            language: raw.language,
            quiz,
            modules,
            exercises,
        })
    }
}

/// True for a relative path made of plain names only: no root, no `..`, no `.`, no
/// backslash or NUL, so that joining it to the course folder cannot leave it (symlinks
/// are checked when the file is opened, see `Origin::read`).
fn stays_inside(path: &str) -> bool {
    use std::path::Component;
    !path.is_empty()
        && !path.contains(['\\', '\0'])
        && std::path::Path::new(path)
            .components()
            .all(|c| matches!(c, Component::Normal(_)))
}

fn is_valid_id(id: &str) -> bool {
    !id.is_empty()
        && id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}
