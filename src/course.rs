//! The course: its manifest, modules, exercises and quiz file, read either from the copy
//! embedded in the binary at build time or from a folder an instructor is editing.
//!
//! Loading only reads and parses the manifest and decodes the files; it does not render
//! markdown nor validate links and quizzes (that is `check`'s job, which needs `markdown`
//! and `quiz`). Errors carry the file and line so instructors can fix them quickly.

pub mod check;
mod manifest;
pub mod search;
mod sections;

use std::path::{Path, PathBuf};

use crate::files;

pub use manifest::{ExerciseEntry, Manifest, ModuleEntry, QuizEntry};
pub use sections::{Sections, headings};

mod embedded {
    include!(concat!(env!("OUT_DIR"), "/embedded_course.rs"));
}

/// Where the manifest lives, relative to the course root.
pub const MANIFEST_PATH: &str = "content/course.toml";

/// Where a course was loaded from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    /// The copy compiled into the binary.
    Embedded,
    /// A folder holding `content/` and `quizzes/`.
    Folder(PathBuf),
}

impl Origin {
    /// The bytes of `rel` (relative to the course root), or a French reason.
    /// The bytes of `rel` (relative to the course root). A file missing from either
    /// origin is `ErrorKind::NotFound`, so callers branch on the kind, not on a message.
    pub fn read(&self, rel: &str) -> std::io::Result<Vec<u8>> {
        match self {
            Origin::Embedded => embedded::FILES
                .iter()
                .find(|(name, _)| *name == rel)
                .map(|(_, bytes)| bytes.to_vec())
                .ok_or_else(|| {
                    std::io::Error::new(std::io::ErrorKind::NotFound, "absent du cours intégré")
                }),
            Origin::Folder(root) => read_inside(root, rel),
        }
    }

    /// Every file under the folder `rel` (relative to the course root), as paths relative
    /// to `rel` with `/` separators, sorted. A missing folder lists nothing; `node_modules`
    /// and SQLite files (which a learner's `npm install` or run leaves) are left out.
    pub fn list(&self, rel: &str) -> Vec<String> {
        let prefix = format!("{}/", rel.trim_end_matches('/'));
        let mut names: Vec<String> = match self {
            Origin::Embedded => embedded::FILES
                .iter()
                .filter_map(|(name, _)| name.strip_prefix(&prefix).map(str::to_owned))
                .collect(),
            Origin::Folder(root) => {
                let mut found = Vec::new();
                list_folder(&root.join(rel), "", &mut found);
                found
            }
        };
        names.sort();
        names
    }

    /// `--course DIR` when given, the embedded course otherwise.
    pub fn from_option(dir: Option<&Path>) -> Origin {
        dir.map_or(Origin::Embedded, |d| Origin::Folder(d.to_path_buf()))
    }

    /// The `check` command for this course, for hints: `--course DIR` is kept, quoted for
    /// the shell when needed, so the learner checks the folder they are editing.
    pub fn check_command(&self) -> String {
        match self {
            Origin::Embedded => "webhook-tutor check".to_owned(),
            Origin::Folder(root) => {
                let dir = root.display().to_string();
                let plain = !dir.is_empty()
                    && dir
                        .bytes()
                        .all(|b| b.is_ascii_alphanumeric() || b"/._-+:,@%".contains(&b));
                let dir = if plain {
                    dir
                } else {
                    format!("'{}'", dir.replace('\'', r"'\''"))
                };
                format!("webhook-tutor --course {dir} check")
            }
        }
    }

    /// How to name `rel` in messages: as is for the embedded course and `--course .`,
    /// under the folder otherwise.
    pub fn display_path(&self, rel: &str) -> String {
        match self {
            Origin::Embedded => rel.to_string(),
            Origin::Folder(root) if root.as_os_str().is_empty() || root == Path::new(".") => {
                rel.to_string()
            }
            Origin::Folder(root) => root.join(rel).display().to_string(),
        }
    }
}

/// A loaded course: the manifest plus the text of every file it names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Course {
    pub origin: Origin,
    pub title: String,
    pub language: String,
    pub modules: Vec<Module>,
    pub exercises: Vec<ExerciseEntry>,
    pub quiz: QuizFile,
    /// The lab's stacks (`express` for `content/lab/express-fixes.toml`); empty: no lab.
    pub labs: Vec<String>,
}

/// One markdown module of the course.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Module {
    pub id: String,
    pub title: String,
    /// File name relative to `content/`, as written in the manifest.
    pub file: String,
    pub source: String,
}

/// The quiz file named by the manifest, not yet parsed (the `quiz` module parses it).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QuizFile {
    /// Path relative to the course root, as written in the manifest.
    pub path: String,
    pub pass_mark: u8,
    pub source: String,
}

/// Where a link leads, from [`Course::resolve_link`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LinkTarget {
    /// A module of the course, at the heading with this slug if given.
    Module {
        module: usize,
        anchor: Option<String>,
    },
    /// A web or mail address, shown rather than opened.
    External(String),
    /// A relative link to a file that is not a module of the course.
    Unknown(String),
}

/// Why a course could not be loaded. Every variant names the file; parse errors also
/// give the 1-based line and column.
#[derive(Debug, Clone, thiserror::Error, PartialEq, Eq)]
pub enum CourseError {
    #[error(
        "{path} : {reason}. Vérifiez le chemin dans content/course.toml et que le dossier du cours contient content/ et quizzes/."
    )]
    Read { path: String, reason: String },
    #[error(
        "{path}:{line} : le fichier n'est pas de l'UTF-8 valide (octet invalide en colonne {column}). Réenregistrez-le en UTF-8."
    )]
    NotUtf8 {
        path: String,
        line: usize,
        column: usize,
    },
    #[error("{path}:{line}:{column}: {message}")]
    Manifest {
        path: String,
        line: usize,
        column: usize,
        message: String,
    },
}

impl Course {
    /// The course compiled into the binary.
    pub fn embedded() -> Result<Course, CourseError> {
        Course::load_with(Origin::Embedded)
    }

    /// A course folder with the same layout as the repository (`content/`, `quizzes/`).
    pub fn from_dir(dir: &Path) -> Result<Course, CourseError> {
        Course::load_with(Origin::Folder(dir.to_path_buf()))
    }

    /// `--course DIR` when given, the embedded course otherwise.
    pub fn load(dir: Option<&Path>) -> Result<Course, CourseError> {
        match dir {
            Some(dir) => Course::from_dir(dir),
            None => Course::embedded(),
        }
    }

    fn load_with(origin: Origin) -> Result<Course, CourseError> {
        let read_text = |rel: &str| -> Result<String, CourseError> {
            let bytes = origin.read(rel).map_err(|e| CourseError::Read {
                path: rel.to_string(),
                reason: io_reason(&e),
            })?;
            decode_utf8(rel, bytes)
        };
        let manifest_src = read_text(MANIFEST_PATH)?;
        let manifest = Manifest::parse(&manifest_src).map_err(|e| CourseError::Manifest {
            path: MANIFEST_PATH.to_string(),
            line: e.line,
            column: e.column,
            message: e.message,
        })?;
        let modules = manifest
            .modules
            .iter()
            .map(|m| {
                Ok(Module {
                    id: m.id.clone(),
                    title: m.title.clone(),
                    file: m.file.clone(),
                    source: read_text(&format!("content/{}", m.file))?,
                })
            })
            .collect::<Result<Vec<_>, CourseError>>()?;
        let quiz = QuizFile {
            path: manifest.quiz.file.clone(),
            pass_mark: manifest.quiz.pass_mark,
            source: read_text(&manifest.quiz.file)?,
        };
        let labs = crate::lab::starter::stacks(&origin);
        Ok(Course {
            labs,
            origin,
            title: manifest.title,
            language: manifest.language,
            modules,
            exercises: manifest.exercises,
            quiz,
        })
    }

    /// Parses and validates the course's quiz against its modules' headings, and returns
    /// it with the sections its `see` references point to.
    pub fn load_quiz(&self) -> Result<(crate::quiz::Quiz, Sections), Vec<crate::quiz::Problem>> {
        let sections = Sections::from_course(self);
        let path = self.display_path(&self.quiz.path);
        let quiz = crate::quiz::validate(&path, &self.quiz.source, self.quiz.pass_mark, &sections)?;
        Ok((quiz, sections))
    }

    /// Finds a module by its position (`"0"`..) or its id.
    pub fn find_module(&self, key: &str) -> Option<usize> {
        let key = key.trim();
        if let Ok(n) = key.parse::<usize>() {
            return (n < self.modules.len()).then_some(n);
        }
        self.modules.iter().position(|m| m.id == key)
    }

    /// Finds a module by the file name a markdown link uses (`./02-WEBHOOKS-CLERK.md`).
    pub fn module_by_file(&self, file: &str) -> Option<usize> {
        let file = file.trim_start_matches("./");
        self.modules.iter().position(|m| m.file == file)
    }

    /// Where a link found in module `from` leads: `#anchor`, `./02-X.md`,
    /// `02-X.md#anchor` stay in the course; `http(s)://` and `mailto:` are external.
    pub fn resolve_link(&self, from: usize, url: &str) -> LinkTarget {
        let external = ["http://", "https://", "mailto:"];
        if external.iter().any(|p| url.starts_with(p)) {
            return LinkTarget::External(url.to_string());
        }
        let (file, anchor) = match url.split_once('#') {
            Some((file, anchor)) => (file, Some(anchor.to_string()).filter(|a| !a.is_empty())),
            None => (url, None),
        };
        let module = if file.is_empty() {
            Some(from)
        } else {
            self.module_by_file(file)
        };
        match module {
            Some(module) if module < self.modules.len() => LinkTarget::Module { module, anchor },
            _ => LinkTarget::Unknown(url.to_string()),
        }
    }

    /// The file a module is read from, for messages: `content/01-….md`, under the
    /// folder for `--course`.
    pub fn display_path(&self, rel: &str) -> String {
        self.origin.display_path(rel)
    }
}

pub use crate::files::io_reason;

/// Reads `rel` under the course folder `root`: a regular file of at most
/// [`files::MAX_COURSE_FILE`], opened without blocking, and only if its real path (symlinks
/// resolved) stays inside `root`, as tar and git refuse paths that leave their tree.
fn read_inside(root: &Path, rel: &str) -> std::io::Result<Vec<u8>> {
    let path = root.join(rel);
    let real = path.canonicalize()?;
    let real_root = root.canonicalize()?;
    if !real.starts_with(&real_root) {
        return Err(std::io::Error::new(
            std::io::ErrorKind::InvalidInput,
            format!(
                "le chemin mène hors du dossier du cours (vers '{}') : refusé",
                real.display()
            ),
        ));
    }
    files::read_regular(&real, files::MAX_COURSE_FILE)
}

fn list_folder(dir: &Path, under: &str, found: &mut Vec<String>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        if name == "node_modules" || name.contains(".db") {
            continue;
        }
        let rel = format!("{under}{name}");
        match entry.file_type() {
            Ok(t) if t.is_dir() => list_folder(&entry.path(), &format!("{rel}/"), found),
            Ok(t) if t.is_file() => found.push(rel),
            _ => {}
        }
    }
}

/// Decodes UTF-8, reporting the line and column of the first invalid byte.
pub fn decode_utf8(path: &str, bytes: Vec<u8>) -> Result<String, CourseError> {
    String::from_utf8(bytes).map_err(|e| {
        let (line, column) =
            crate::source_pos::byte_line_col(e.as_bytes(), e.utf8_error().valid_up_to());
        CourseError::NotUtf8 {
            path: path.to_string(),
            line,
            column,
        }
    })
}

#[cfg(test)]
#[path = "course_tests.rs"]
mod tests;
