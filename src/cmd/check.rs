//! `check`: validates the course (embedded, or `--course DIR`) and prints every problem
//! as `path:line:column: message`. Exit 0 when the course is valid, 1 otherwise.

use std::process::ExitCode;

use crate::cli::GlobalArgs;
use crate::course::Origin;
use crate::course::check::{self, Report};

pub fn run(global: &GlobalArgs) -> anyhow::Result<ExitCode> {
    let origin = Origin::from_option(global.course.as_deref());
    let report = check::check(&origin);
    // Every validator adds its findings to this one report before printing, so the
    // instructor sees all problems of the course in one run.
    write_report(&mut super::output::stdout(), &report)?;
    Ok(if report.is_ok() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

fn write_report(out: &mut impl std::io::Write, report: &Report) -> std::io::Result<()> {
    let problems = report.sorted_problems();
    for problem in &problems {
        writeln!(out, "{problem}")?;
    }
    if problems.is_empty() {
        writeln!(
            out,
            "✓ cours valide : {}, {}, {}, {}, {} au quiz",
            plural(report.modules, "module", "modules"),
            plural(report.links, "lien interne", "liens internes"),
            plural(report.code_blocks, "bloc de code", "blocs de code"),
            plural(report.exercises, "exercice", "exercices"),
            plural(report.quiz_questions, "question", "questions"),
        )?;
    } else {
        writeln!(
            out,
            "✗ cours invalide : {}",
            plural(problems.len(), "problème", "problèmes")
        )?;
    }
    out.flush()
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n <= 1 { one } else { many })
}
