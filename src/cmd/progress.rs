//! `progress`: what the learner has read, ticked and scored, as text or JSON; and
//! `progress --reset`, which asks before erasing anything.

use std::io::{BufRead as _, IsTerminal as _};
use std::process::ExitCode;

use anyhow::Context as _;
use serde::Serialize;

use super::output;
use crate::cli::{GlobalArgs, ProgressArgs};
use crate::course::Course;
use crate::progress::{Progress, Store};

pub fn run(global: &GlobalArgs, args: &ProgressArgs) -> anyhow::Result<ExitCode> {
    let store = Store::open(global.data_dir.as_deref())?;
    if args.reset {
        return reset(&store, args.yes);
    }
    let course = Course::load(global.course.as_deref())?;
    let loaded = store.load();
    if let Some(warning) = &loaded.warning {
        output::warn(&format!("attention : {warning}"));
    }
    let summary = Summary::new(&course, &loaded.progress, &store);
    let text = if args.json {
        serde_json::to_string_pretty(&summary).context("sérialisation de la progression")? + "\n"
    } else {
        summary.to_text()
    };
    output::print(&text)?;
    Ok(ExitCode::SUCCESS)
}

fn reset(store: &Store, yes: bool) -> anyhow::Result<ExitCode> {
    if !yes {
        let stdin = std::io::stdin();
        if !stdin.is_terminal() {
            anyhow::bail!(
                "confirmation impossible : l'entrée standard n'est pas un terminal ; relancez avec « progress --reset --yes » pour effacer la progression sans question"
            );
        }
        output::prompt("Effacer toute la progression ? [o/N] ");
        let mut answer = String::new();
        stdin
            .lock()
            .read_line(&mut answer)
            .context("impossible de lire la réponse")?;
        if !is_yes(&answer) {
            output::print("Progression conservée.\n")?;
            return Ok(ExitCode::SUCCESS);
        }
    }
    store.reset()?;
    output::print(&format!(
        "✓ progression effacée ('{}')\n",
        store.path().display()
    ))?;
    Ok(ExitCode::SUCCESS)
}

fn is_yes(answer: &str) -> bool {
    matches!(
        answer.trim().to_lowercase().as_str(),
        "o" | "oui" | "y" | "yes"
    )
}

/// What `progress` prints, and the JSON schema of `--json`.
#[derive(Debug, Serialize)]
struct Summary {
    file: String,
    course: String,
    complete: bool,
    last_module: Option<String>,
    modules: Vec<ModuleSummary>,
    exercises: Vec<ExerciseSummary>,
    /// The Labo's last run (`grade` or the Labo screen), if any.
    lab: Option<LabSummary>,
    quiz: QuizSummary,
}

#[derive(Debug, Serialize)]
struct LabSummary {
    date: String,
    url: String,
    passed: usize,
    total: usize,
    score: u8,
}

#[derive(Debug, Serialize)]
struct ModuleSummary {
    id: String,
    title: String,
    percent: u32,
    read: bool,
}

#[derive(Debug, Serialize)]
struct ExerciseSummary {
    id: String,
    title: String,
    done: bool,
    /// Ticked by the Labo: every check the exercise declares passed.
    validated_by_lab: bool,
}

#[derive(Debug, Serialize)]
struct QuizSummary {
    attempts: usize,
    best_score: Option<f64>,
    pass_mark: u8,
    passed: bool,
}

impl Summary {
    fn new(course: &Course, progress: &Progress, store: &Store) -> Summary {
        Summary {
            file: store.path().display().to_string(),
            course: course.title.clone(),
            complete: progress
                .completion(course.modules.iter().map(|m| m.id.as_str()))
                .complete(),
            last_module: progress.last_module.clone(),
            modules: course
                .modules
                .iter()
                .map(|m| {
                    let p = progress.modules.get(&m.id).cloned().unwrap_or_default();
                    ModuleSummary {
                        id: m.id.clone(),
                        title: m.title.clone(),
                        percent: (p.fraction() * 100.0).round() as u32,
                        read: p.read,
                    }
                })
                .collect(),
            exercises: course
                .exercises
                .iter()
                .map(|x| ExerciseSummary {
                    id: x.id.clone(),
                    title: x.title.clone(),
                    done: progress.exercises_done.contains(&x.id),
                    validated_by_lab: progress.exercises_done.contains(&x.id)
                        && progress.lab_validated.contains(&x.id),
                })
                .collect(),
            lab: progress.lab(&course.title).last.map(|run| LabSummary {
                date: run.date,
                url: run.url,
                passed: run.passed,
                total: run.total,
                score: run.score,
            }),
            quiz: QuizSummary {
                attempts: progress.attempts.len(),
                best_score: progress.best_score(),
                pass_mark: course.quiz.pass_mark,
                passed: progress.quiz_passed(),
            },
        }
    }

    fn to_text(&self) -> String {
        use std::fmt::Write as _;
        let mut out = String::new();
        let read = self.modules.iter().filter(|m| m.read).count();
        let _ = writeln!(out, "{}", self.course);
        let _ = writeln!(out, "Progression enregistrée dans '{}'", self.file);
        let _ = writeln!(out);
        let _ = writeln!(out, "Modules ({read}/{} lus)", self.modules.len());
        let width = self
            .modules
            .iter()
            .map(|m| m.title.chars().count())
            .max()
            .unwrap_or(0);
        for m in &self.modules {
            let mark = if m.read { "✓" } else { " " };
            let pad = " ".repeat(width - m.title.chars().count());
            let _ = writeln!(out, "  {mark} {}{pad}  {:>3} %", m.title, m.percent);
        }
        if !self.exercises.is_empty() {
            let done = self.exercises.iter().filter(|x| x.done).count();
            let _ = writeln!(out);
            let _ = writeln!(
                out,
                "Exercices facultatifs ({done}/{} faits)",
                self.exercises.len()
            );
            for x in &self.exercises {
                let mark = if x.done { "[x]" } else { "[ ]" };
                let by_lab = if x.validated_by_lab {
                    " — validé par le labo"
                } else {
                    ""
                };
                let _ = writeln!(out, "  {mark} {}{by_lab}", x.title);
            }
        }
        if let Some(lab) = &self.lab {
            let _ = writeln!(out);
            let _ = writeln!(
                out,
                "Labo : {}/{} ({} %), le {} contre {}",
                lab.passed, lab.total, lab.score, lab.date, lab.url
            );
        }
        let _ = writeln!(out);
        let q = &self.quiz;
        let quiz = match (q.passed, q.best_score) {
            (_, None) => "non tenté".to_string(),
            (true, Some(best)) => format!(
                "réussi ✓ ({}, meilleur score {best:.0} %)",
                attempts(q.attempts)
            ),
            (false, Some(best)) => format!(
                "pas encore réussi ({}, meilleur score {best:.0} %, requis : {} %)",
                attempts(q.attempts),
                q.pass_mark
            ),
        };
        let _ = writeln!(out, "Quiz obligatoire : {quiz}");
        let course = if self.complete {
            "terminé ✓".to_string()
        } else {
            // Say what is missing: the modules not read to the end, and the quiz.
            let unread: Vec<&str> = self
                .modules
                .iter()
                .filter(|m| !m.read)
                .map(|m| m.title.as_str())
                .collect();
            let mut missing = Vec::new();
            match unread.len() {
                0 => {}
                1 => missing.push(format!("lire jusqu'au bout « {} »", unread[0])),
                n => missing.push(format!(
                    "lire jusqu'au bout {n} modules ({})",
                    unread
                        .iter()
                        .map(|t| format!("« {t} »"))
                        .collect::<Vec<_>>()
                        .join(", ")
                )),
            }
            if !q.passed {
                missing.push("réussir le quiz : « webhook-tutor quiz »".to_string());
            }
            format!("pas encore terminé (il reste à {})", missing.join(" et "))
        };
        let _ = writeln!(out, "Cours : {course}");
        out
    }
}

fn attempts(n: usize) -> String {
    if n <= 1 {
        format!("{n} tentative")
    } else {
        format!("{n} tentatives")
    }
}
