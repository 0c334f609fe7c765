//! `check`: everything an instructor can get wrong in a course, found in one pass and
//! reported as `path:line:column: message` (the manifest, each module file, links and
//! anchors between modules, code blocks without a language, exercise targets).
//!
//! Unlike [`Course::load`](super::Course::load), which stops at the first problem,
//! this keeps going so one run lists them all. The quiz file is validated by
//! [`crate::quiz::validate`] against the same anchors, and its findings join the report.

use std::collections::{BTreeMap, BTreeSet};

use pulldown_cmark::{CodeBlockKind, Event, Options, Parser, Tag};

use super::{MANIFEST_PATH, Manifest, Origin, QuizFile, decode_utf8};
use crate::markdown;
use crate::quiz::SeeResolver;
use crate::quiz::grade::normalize;
use crate::source_pos::line_col;

/// One problem, located at a 1-based line and column (shared with quiz validation so
/// the whole course reports in one format).
pub use crate::quiz::Problem;

/// The outcome of a check: every problem, plus what was checked for the summary.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Report {
    pub problems: Vec<Problem>,
    pub modules: usize,
    /// Links between or inside modules that were resolved.
    pub links: usize,
    pub code_blocks: usize,
    pub exercises: usize,
    /// Heading anchors per module id, for validating `module-id#anchor` references.
    pub anchors: BTreeMap<String, BTreeSet<String>>,
    /// The quiz file, when the manifest and the file could be read, for `quiz` to
    /// validate.
    pub quiz: Option<QuizFile>,
    /// 1-based line of the quiz `file` key in the manifest.
    pub quiz_line: usize,
    /// Questions in the quiz, when it is valid.
    pub quiz_questions: usize,
    /// Modules whose file could not be read: reported once at the manifest, and links
    /// or `see` references to their anchors are not checked (they would all fail).
    pub unreadable: BTreeSet<String>,
}

impl Report {
    pub fn is_ok(&self) -> bool {
        self.problems.is_empty()
    }

    /// Checks a `module-id#anchor` reference (exercise or quiz `see`); the error is a
    /// French message.
    pub fn resolve_see(&self, see: &str) -> Result<(), String> {
        let (module, anchor) = see.split_once('#').unwrap_or((see, ""));
        let Some(anchors) = self.anchors.get(module) else {
            let ids: Vec<&str> = self.anchors.keys().map(String::as_str).collect();
            return Err(format!(
                "module '{module}' inconnu dans '{see}' : identifiants possibles : {}",
                ids.join(", ")
            ));
        };
        if anchor.is_empty() || anchors.contains(anchor) || self.unreadable.contains(module) {
            return Ok(());
        }
        Err(missing_anchor(anchor, module, anchors))
    }

    /// Problems sorted by file and position, for stable output.
    pub fn sorted_problems(&self) -> Vec<Problem> {
        let mut problems = self.problems.clone();
        problems.sort();
        problems.dedup();
        problems
    }
}

/// The course's anchors, for the quiz validator to check its own `see` references.
impl SeeResolver for Report {
    fn heading_slugs(&self, module_id: &str) -> Option<Vec<String>> {
        self.anchors
            .get(module_id)
            .map(|a| a.iter().cloned().collect())
    }

    fn anchors_unknown(&self, module_id: &str) -> bool {
        self.unreadable.contains(module_id)
    }

    fn module_ids(&self) -> Vec<String> {
        self.anchors.keys().cloned().collect()
    }
}

/// Checks the course at `origin`.
pub fn check(origin: &Origin) -> Report {
    let mut report = Report::default();
    let manifest_path = origin.display_path(MANIFEST_PATH);
    let at = |path: &str, line, column, message: String| Problem {
        path: path.to_string(),
        line,
        column,
        message,
    };
    let manifest_src = match read_text(origin, MANIFEST_PATH) {
        Ok(src) => src,
        Err(Unreadable::Missing(mut problem) | Unreadable::Other(mut problem)) => {
            problem.message.push_str(
                " : le dossier du cours doit contenir content/course.toml (indiquez-le avec --course)",
            );
            report.problems.push(problem);
            return report;
        }
    };
    let manifest = match Manifest::parse(&manifest_src) {
        Ok(m) => m,
        Err(e) => {
            report
                .problems
                .push(at(&manifest_path, e.line, e.column, e.message));
            return report;
        }
    };

    // Modules: read each, keep the ones that can be checked further.
    let mut sources: Vec<(usize, String)> = Vec::new();
    for (index, entry) in manifest.modules.iter().enumerate() {
        let rel = format!("content/{}", entry.file);
        match read_text(origin, &rel) {
            Ok(src) if src.trim().is_empty() => report.problems.push(at(
                &origin.display_path(&rel),
                1,
                1,
                format!("le module '{}' est vide : écrivez son contenu ou retirez-le du manifeste", entry.id),
            )),
            Ok(src) => sources.push((index, src)),
            Err(Unreadable::Missing(_)) => report.problems.push(at(
                &manifest_path,
                entry.line,
                1,
                format!(
                    "le fichier '{rel}' du module '{}' est introuvable : créez-le ou corrigez 'file'",
                    entry.id
                ),
            )),
            Err(Unreadable::Other(problem)) => report.problems.push(problem),
        }
    }
    report.modules = manifest.modules.len();

    // Anchors come from the renderer itself, so `check` and the reader agree.
    for (index, src) in &sources {
        let slugs = markdown::outline(src).into_iter().map(|h| h.slug).collect();
        if let Some(entry) = manifest.modules.get(*index) {
            report.anchors.insert(entry.id.clone(), slugs);
        }
    }
    for entry in &manifest.modules {
        if !report.anchors.contains_key(&entry.id) {
            report.unreadable.insert(entry.id.clone());
            report.anchors.insert(entry.id.clone(), BTreeSet::new());
        }
    }

    for (index, src) in &sources {
        let Some(entry) = manifest.modules.get(*index) else {
            continue;
        };
        let path = origin.display_path(&format!("content/{}", entry.file));
        check_module(&manifest, entry, src, &path, &mut report);
    }

    for x in &manifest.exercises {
        report.exercises += 1;
        if let Err(message) = report.resolve_see(&x.see) {
            let column = value_column(&manifest_src, x.line);
            report.problems.push(at(
                &manifest_path,
                x.line,
                column,
                format!("exercice '{}' : {message}", x.id),
            ));
        }
        for (check, line) in &x.checks {
            if !crate::lab::is_known_check(check) {
                let quoted = format!("\"{check}\"");
                let column = manifest_src
                    .lines()
                    .nth(line.saturating_sub(1))
                    .and_then(|l| l.find(&quoted).map(|i| l[..i].chars().count() + 1))
                    .unwrap_or(1);
                report.problems.push(at(
                    &manifest_path,
                    *line,
                    column,
                    format!(
                        "exercice '{}' : vérification du labo « {check} » inconnue — choisissez parmi {}",
                        x.id,
                        known_checks()
                    ),
                ));
            }
        }
    }

    // The lab's starter projects: files there, exercises and checks known, fixes that
    // apply (each `find` once in the starter).
    for stack in crate::lab::starter::stacks(origin) {
        match crate::lab::Lab::load(origin, &stack) {
            Ok(lab) => {
                for message in lab.problems(&manifest.exercises) {
                    report.problems.push(at(&lab.manifest, 1, 1, message));
                }
            }
            Err(e) => report.problems.push(at(
                &origin.display_path(&format!("content/lab/{stack}-fixes.toml")),
                1,
                1,
                e.0,
            )),
        }
    }

    // The sync lab's scenarios are built in, but link into this course: a renamed
    // heading must be caught here rather than by a learner following a dead link.
    // A course without the module (a trainer's own, smaller course) simply has no lab.
    for scenario in crate::sync::SyncScenario::ALL {
        let module = scenario.see().split('#').next().unwrap_or_default();
        if !report.anchors.contains_key(module) {
            continue;
        }
        if let Err(message) = report.resolve_see(scenario.see()) {
            report.problems.push(at(
                &manifest_path,
                1,
                1,
                format!(
                    "le scénario de synchronisation intégré '{}' (sandbox --sync) renvoie à '{}' : {message} — rétablissez ce titre dans le module",
                    scenario.name(),
                    scenario.see()
                ),
            ));
        }
    }

    report.quiz_line = manifest_src
        .lines()
        .position(|l| l.contains(&manifest.quiz.file))
        .map_or(1, |i| i + 1);
    match read_text(origin, &manifest.quiz.file) {
        Ok(source) => {
            let quiz_path = origin.display_path(&manifest.quiz.file);
            match crate::quiz::validate(&quiz_path, &source, manifest.quiz.pass_mark, &report) {
                Ok(quiz) => report.quiz_questions = quiz.questions.len(),
                Err(problems) => report.problems.extend(problems),
            }
            report.quiz = Some(QuizFile {
                path: manifest.quiz.file.clone(),
                pass_mark: manifest.quiz.pass_mark,
                source,
            });
        }
        Err(Unreadable::Missing(_)) => report.problems.push(at(
            &manifest_path,
            report.quiz_line,
            value_column(&manifest_src, report.quiz_line),
            format!(
                "le fichier du quiz '{}' est introuvable : créez-le ou corrigez [quiz] file",
                manifest.quiz.file
            ),
        )),
        Err(Unreadable::Other(problem)) => report.problems.push(problem),
    }
    report
}

/// Links and code blocks of one module.
fn check_module(
    manifest: &Manifest,
    entry: &super::ModuleEntry,
    src: &str,
    path: &str,
    report: &mut Report,
) {
    let options = Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_GFM;
    for (event, range) in Parser::new_ext(src, options).into_offset_iter() {
        let (line, column) = line_col(src, range.start);
        let problem = |message: String| Problem {
            path: path.to_string(),
            line,
            column,
            message,
        };
        match event {
            Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(info))) => {
                report.code_blocks += 1;
                if info.trim().is_empty() {
                    report.problems.push(problem(NO_LANGUAGE.to_string()));
                }
            }
            Event::Start(Tag::Link { dest_url, .. }) => {
                let url = dest_url.as_ref();
                if is_external(url) {
                    continue;
                }
                report.links += 1;
                if let Err(message) = resolve_link(manifest, entry, url, report) {
                    report.problems.push(problem(message));
                }
            }
            _ => {}
        }
    }
}

/// Checks an internal link: the file must be a module, the anchor one of its headings.
fn resolve_link(
    manifest: &Manifest,
    from: &super::ModuleEntry,
    url: &str,
    report: &Report,
) -> Result<(), String> {
    let (file, anchor) = url.split_once('#').unwrap_or((url, ""));
    let target = if file.is_empty() {
        Some(from)
    } else {
        let name = file.trim_start_matches("./");
        manifest.modules.iter().find(|m| m.file == name)
    };
    let Some(target) = target else {
        let files: Vec<&str> = manifest.modules.iter().map(|m| m.file.as_str()).collect();
        return Err(format!(
            "lien cassé '{url}' : '{file}' n'est pas un module du cours (fichiers possibles : {})",
            files.join(", ")
        ));
    };
    if anchor.is_empty() || report.unreadable.contains(&target.id) {
        return Ok(());
    }
    let anchors = report.anchors.get(&target.id).cloned().unwrap_or_default();
    if anchors.contains(anchor) {
        Ok(())
    } else {
        Err(format!(
            "lien '{url}' : {}",
            missing_anchor(anchor, &target.file, &anchors)
        ))
    }
}

/// « ancre introuvable », with the heading the author most likely meant: the same one
/// once case and accents are folded (as the quiz folds answers), else one within the typo
/// distance the quiz's `see` suggestions use.
fn missing_anchor(anchor: &str, target: &str, anchors: &BTreeSet<String>) -> String {
    let folded = normalize(anchor);
    let candidates: Vec<&str> = anchors.iter().map(String::as_str).collect();
    if let Some(guess) = candidates.iter().find(|a| normalize(a) == folded) {
        return format!(
            "ancre '#{anchor}' introuvable dans '{target}' ; vouliez-vous dire '#{guess}' ? (les ancres gardent les accents)"
        );
    }
    match crate::quiz::closest(anchor, &candidates) {
        Some(guess) => format!(
            "ancre '#{anchor}' introuvable dans '{target}' ; vouliez-vous dire '#{guess}' ?"
        ),
        None => format!(
            "ancre '#{anchor}' introuvable dans '{target}' : aucun titre ne donne cette ancre (titre en minuscules, espaces remplacés par des tirets)"
        ),
    }
}

fn is_external(url: &str) -> bool {
    url.contains("://") || url.starts_with("mailto:")
}

/// Reads a UTF-8 file; problems name the file (and the line of a bad byte).
/// Why a course file could not be read as text. A missing file is reported where the
/// manifest names it; any other problem where it is.
enum Unreadable {
    Missing(Problem),
    Other(Problem),
}

fn read_text(origin: &Origin, rel: &str) -> Result<String, Unreadable> {
    let path = origin.display_path(rel);
    let bytes = origin.read(rel).map_err(|e| {
        let at = |message| Problem {
            path: path.clone(),
            line: 1,
            column: 1,
            message,
        };
        if e.kind() == std::io::ErrorKind::NotFound {
            Unreadable::Missing(at(super::io_reason(&e)))
        } else {
            Unreadable::Other(at(format!("fichier illisible : {}", super::io_reason(&e))))
        }
    })?;
    decode_utf8(rel, bytes).map_err(|e| {
        Unreadable::Other(match e {
            super::CourseError::NotUtf8 { line, column, .. } => Problem {
                path: path.clone(),
                line,
                column,
                message: "le fichier n'est pas de l'UTF-8 valide : réenregistrez-le en UTF-8"
                    .into(),
            },
            other => Problem {
                path: path.clone(),
                line: 1,
                column: 1,
                message: other.to_string(),
            },
        })
    })
}

/// Column of the value on a `key = "value"` line: the opening quote, or 1.
fn value_column(src: &str, line: usize) -> usize {
    src.lines()
        .nth(line.saturating_sub(1))
        .and_then(|l| l.find('"').map(|i| l[..i].chars().count() + 1))
        .unwrap_or(1)
}

/// Anchors do not depend on the width; any width gives the same headings.
const NO_LANGUAGE: &str =
    "bloc de code sans langage : ajoutez-en un après ``` (par exemple ```ts, ```bash ou ```text)";

#[cfg(test)]
#[path = "check_tests.rs"]
mod tests;

/// The battery's check ids and the lab's own, for messages.
fn known_checks() -> String {
    let mut ids = crate::grade::checks::id_list();
    for (id, _) in crate::lab::LAB_CHECKS {
        ids.push_str(", ");
        ids.push_str(id);
    }
    ids
}
