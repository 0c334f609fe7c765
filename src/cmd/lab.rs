//! `lab`: the plain twin of the lab. `lab init` writes the starter project, `lab hint N`
//! reveals the next hint of an exercise, and `lab [DIR]` starts the learner's server, grades
//! it, prints the report by exercise and grades again on every save (`session.rs`).
//! `lab --url … --watch DIR` grades the learner's own, already running server the same way.

mod session;

use std::io::IsTerminal as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context as _, bail};

use crate::cli::{GlobalArgs, LabAction, LabArgs, LabHintArgs, LabInitArgs};
use crate::course::{Course, ExerciseEntry};
use crate::lab::{self, Lab};
use crate::progress::Store;

pub use crate::lab::project::{DEFAULT_DIR, MARKER, project_dir};

pub fn run(global: &GlobalArgs, args: &LabArgs) -> anyhow::Result<ExitCode> {
    match &args.action {
        Some(LabAction::Init(init_args)) => init(global, init_args),
        Some(LabAction::Hint(hint_args)) => hint(global, hint_args),
        None => session::run(global, args),
    }
}

/// The course and the lab of `stack`.
pub(crate) fn load(global: &GlobalArgs, stack: &str) -> anyhow::Result<(Course, Lab)> {
    let course = Course::load(global.course.as_deref())?;
    let lab = Lab::load(&course.origin, stack)?;
    Ok((course, lab))
}

fn init(global: &GlobalArgs, args: &LabInitArgs) -> anyhow::Result<ExitCode> {
    let dir = args
        .dir
        .clone()
        .unwrap_or_else(|| PathBuf::from(DEFAULT_DIR));
    let (_, lab) = load(global, &args.stack)?;
    write_starter(&dir, &lab)?;
    super::output::print(&format!(
        "✓ projet de départ « {} » écrit dans {} ({} fichiers).\n\nLa suite :\n  cd {}\n  npm install\n  webhook-tutor lab\n\nLes bugs sont marqués « EXERCICE n » dans server.js ; le README explique la boucle.\n",
        lab.stack,
        dir.display(),
        lab.starter.len(),
        shell_word(&dir)
    ))?;
    Ok(ExitCode::SUCCESS)
}

/// Writes the starter into `dir` (absent or empty); never the solution.
pub fn write_starter(dir: &Path, lab: &Lab) -> anyhow::Result<()> {
    lab::project::write_starter(dir, lab).map_err(anyhow::Error::msg)
}

/// The stack of the lab project in `dir`.
pub fn project_stack(dir: &Path) -> anyhow::Result<String> {
    lab::project::project_stack(dir).map_err(anyhow::Error::msg)
}

/// The lab's exercises of the course, in the lab's order.
pub fn lab_exercises<'c>(course: &'c Course, lab: &Lab) -> Vec<&'c ExerciseEntry> {
    lab.exercise_ids()
        .into_iter()
        .filter_map(|id| course.exercises.iter().find(|x| x.id == id))
        .collect()
}

fn hint(global: &GlobalArgs, args: &LabHintArgs) -> anyhow::Result<ExitCode> {
    let dir = project_dir(args.dir.as_deref());
    let stack = project_stack(&dir).unwrap_or_else(|_| lab::DEFAULT_STACK.to_owned());
    let (course, lab) = load(global, &stack)?;
    let store = Store::open(global.data_dir.as_deref())?;
    let exercises = lab_exercises(&course, &lab);
    let exercise = match args.exercise {
        Some(n) => exercises
            .iter()
            .copied()
            .find(|x| lab::board::exercise_number(&x.see) == Some(n))
            .with_context(|| {
                format!(
                    "exercice {n} inconnu du labo : choisissez parmi {}",
                    exercises
                        .iter()
                        .filter_map(|x| lab::board::exercise_number(&x.see))
                        .map(|n| n.to_string())
                        .collect::<Vec<_>>()
                        .join(", ")
                )
            })?,
        None => {
            let progress = store.load().progress;
            exercises
                .iter()
                .copied()
                .find(|x| !progress.lab_validated.contains(&x.id))
                .or(exercises.last().copied())
                .context("le labo n’a aucun exercice")?
        }
    };
    let text = reveal_hint(&store, &course, exercise)?;
    super::output::print(&text)?;
    Ok(ExitCode::SUCCESS)
}

/// Reveals the next hint of `exercise`, saves the count, and says it in French.
pub fn reveal_hint(
    store: &Store,
    course: &Course,
    exercise: &ExerciseEntry,
) -> anyhow::Result<String> {
    let hints = lab::hints::hints(course, &exercise.see);
    let name = match lab::board::exercise_number(&exercise.see) {
        Some(n) => format!("Exercice {n} — {}", exercise.title),
        None => exercise.title.clone(),
    };
    if hints.is_empty() {
        return Ok(format!("{name} : pas d’indice pour cet exercice.\n"));
    }
    let before = store
        .load()
        .progress
        .lab_hints
        .get(&exercise.id)
        .copied()
        .unwrap_or(0);
    let saved = store.update(|p| {
        p.reveal_lab_hint(&exercise.id, hints.len());
    })?;
    let shown = saved
        .lab_hints
        .get(&exercise.id)
        .copied()
        .unwrap_or(1)
        .max(1);
    let mut text = format!("Indice {shown}/{} — {name}\n", hints.len());
    for line in &hints[shown - 1] {
        text.push_str(&format!("  {line}\n"));
    }
    if before >= hints.len() {
        text.push_str("(c’était le dernier indice : la correction de référence sera écrite dans solution/ dès que l’exercice passera)\n");
    }
    Ok(text)
}

/// `dir` as one shell word, quoted when needed.
fn shell_word(dir: &Path) -> String {
    let text = dir.display().to_string();
    if !text.is_empty()
        && text
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"/._-+:,@%".contains(&b))
    {
        text
    } else {
        format!("'{}'", text.replace('\'', r"'\''"))
    }
}

/// Asks before running `npm install`; `--yes` answers yes, no terminal refuses.
pub(crate) fn confirm_install(dir: &Path, yes: bool) -> anyhow::Result<bool> {
    if yes {
        return Ok(true);
    }
    if !std::io::stdin().is_terminal() {
        bail!(
            "les dépendances ne sont pas installées (pas de dossier node_modules dans « {} ») : lancez « npm install » dans ce dossier, ou relancez le labo avec --yes pour qu’il le fasse",
            dir.display()
        );
    }
    super::output::prompt(&format!(
        "Les dépendances ne sont pas installées dans « {} ». Lancer « npm install » maintenant ? [O/n] ",
        dir.display()
    ));
    let mut line = String::new();
    std::io::stdin()
        .read_line(&mut line)
        .context("lecture de la réponse impossible")?;
    Ok(matches!(
        line.trim().to_lowercase().as_str(),
        "" | "o" | "oui" | "y" | "yes"
    ))
}

#[cfg(test)]
#[path = "lab_tests.rs"]
mod tests;
