//! `grade`: the plain twin of the Labo screen. Runs the battery against the learner's
//! endpoint, prints one line per check as it runs (✓/✗, title, time; for each ✗ what was
//! sent, what came back, the diagnosis and the section to revisit), then the score per
//! objective and the verdict. `--json` prints the stable document instead. Exit 0 when every
//! required check passes, 1 when one fails, 2 for bad usage or an endpoint that cannot be
//! graded (unreachable, hanging, redirecting).

use std::io::{BufRead as _, IsTerminal as _, Write as _};
use std::process::ExitCode;
use std::time::Duration;

use anyhow::Context as _;

use crate::cli::{GlobalArgs, GradeArgs};
use crate::course::{Course, Sections};
use crate::grade::record::Outcome;
use crate::grade::{self, CheckResult, Config, Progress, Report, Status};
use crate::progress::Store;

pub fn run(global: &GlobalArgs, args: &GradeArgs) -> anyhow::Result<ExitCode> {
    if let Some(name) = &args.scenario {
        return super::grade_scenario::run(global, args, name);
    }
    let config = config(args)?;
    if let Some(reason) = grade::confirmation_reason(&config)? {
        confirm(&reason, args.yes)?;
    }
    run_battery(global, args, &config)
}

/// The options shared by the battery and `--scenario`.
pub(super) fn config(args: &GradeArgs) -> anyhow::Result<Config> {
    Ok(Config {
        database_url: args.database_url.clone(),
        only: args.only.clone(),
        timeout: Duration::from_secs(args.timeout),
        table: args.table.clone(),
        columns: args.column.clone(),
        ..Config::new(args.url.clone(), super::parse_secret(&args.secret)?)
    })
}

fn run_battery(global: &GlobalArgs, args: &GradeArgs, config: &Config) -> anyhow::Result<ExitCode> {
    // Sections label the `see` references; a course that does not load leaves them raw.
    let course = Course::load(global.course.as_deref()).ok();
    let sections = course.as_ref().map(Sections::from_course);
    let live = !args.json && std::io::stdout().is_terminal();
    let mut out = super::output::stdout();
    let mut failed_write = None;
    let mut on_progress = |p: Progress| {
        if args.json {
            return;
        }
        let lines = progress_lines(&p, live, sections.as_ref());
        if let Err(err) = out.write_all(lines.as_bytes()).and_then(|()| out.flush()) {
            failed_write.get_or_insert(err);
        }
    };
    let report = grade::run(config, &mut on_progress)?;
    if let Some(err) = failed_write.filter(|e| e.kind() != std::io::ErrorKind::BrokenPipe) {
        return Err(err.into());
    }
    let outcome = course.as_ref().and_then(|c| record(global, c, &report));
    let text = if args.json {
        let mut json = report.to_json();
        if let Some(outcome) = &outcome {
            json["exercises_validated"] = outcome.validated.clone().into();
        }
        format!("{json:#}\n")
    } else {
        let mut text = summary(&report);
        if let (Some(outcome), Some(course)) = (&outcome, &course) {
            text.push_str(&format!("{}\n", outcome.validated_line(course)));
        }
        text
    };
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        Err(err) if err.kind() != std::io::ErrorKind::BrokenPipe => {
            return Err(err.into());
        }
        _ => {}
    }
    if let Some(reason) = &report.aborted {
        anyhow::bail!("{reason}");
    }
    Ok(if report.passed {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

/// Keeps the run in progress and ticks the exercises it validates, as the Labo screen
/// does. A run that evaluated nothing leaves progress alone; a store that cannot be
/// written is a warning, never a change of verdict.
fn record(global: &GlobalArgs, course: &Course, report: &Report) -> Option<Outcome> {
    let date = crate::progress::rfc3339_utc(crate::progress::now_unix());
    let outcome = Outcome::new(course, report, date)?;
    let saved = Store::open(global.data_dir.as_deref())
        .and_then(|store| store.update(|p| outcome.apply(p)).map_err(Into::into));
    match saved {
        Ok(_) => Some(outcome),
        Err(err) => {
            super::output::warn(&format!(
                "⚠ résultat non enregistré dans la progression : {err:#}"
            ));
            None
        }
    }
}

/// Asks before writing test users behind a remote URL; refuses without a terminal.
pub(super) fn confirm(reason: &str, yes: bool) -> anyhow::Result<()> {
    if yes {
        super::output::warn(&format!("⚠ {reason} (--yes : confirmé)"));
        return Ok(());
    }
    if !std::io::stdin().is_terminal() {
        anyhow::bail!(
            "{reason}. Sans terminal pour le confirmer, le labo s’arrête : relancez avec --yes si c’est bien voulu (de préférence contre une base de test)"
        );
    }
    super::output::warn(&format!("⚠ {reason}."));
    let stdin = std::io::stdin();
    loop {
        super::output::prompt("Continuer ? Tapez « oui » ou « non » : ");
        let mut line = String::new();
        let read = stdin
            .lock()
            .read_line(&mut line)
            .context("lecture de la réponse impossible")?;
        match line.trim().to_lowercase().as_str() {
            "oui" | "o" => return Ok(()),
            "non" | "n" => anyhow::bail!("labo annulé : rien n’a été envoyé"),
            _ if read == 0 => anyhow::bail!("labo annulé (entrée fermée) : rien n’a été envoyé"),
            _ => {}
        }
    }
}

fn progress_lines(p: &Progress, live: bool, sections: Option<&Sections>) -> String {
    match p {
        Progress::Started {
            index,
            total,
            title,
            ..
        } if live => format!("\r\x1b[2K⋯ [{:>2}/{total}] {title}", index + 1),
        Progress::Started { .. } => String::new(),
        Progress::Finished {
            index,
            total,
            result,
        } => {
            let clear = if live { "\r\x1b[2K" } else { "" };
            format!(
                "{clear}{}",
                check_lines(result, &format!("[{:>2}/{total}]", index + 1), sections)
            )
        }
        Progress::Cleanup { done, total } if live && done < total => {
            format!("\r\x1b[2K⋯ nettoyage : user.deleted {}/{total}", done + 1)
        }
        Progress::Cleanup { .. } if live => "\r\x1b[2K".to_owned(),
        Progress::Cleanup { .. } => String::new(),
    }
}

/// One check's lines: the ✓/✗ line, and for a ✗ the exchanges, the diagnosis and `see`.
pub fn check_lines(result: &CheckResult, position: &str, sections: Option<&Sections>) -> String {
    let mut text = format!("{}\n", grade::text::headline(result, position));
    let details = match result.status {
        Status::Passed => Vec::new(),
        Status::Skipped => result.diagnosis.clone(),
        Status::Failed => {
            grade::text::failure_lines(result, &grade::text::see_label(result.def.see, sections))
        }
    };
    for line in details {
        text.push_str(&format!("      {line}\n"));
    }
    text
}

/// The score per objective, the cleanup and the verdict.
pub fn summary(report: &Report) -> String {
    let mut text = String::from("\nScore par objectif :\n");
    for objective in &report.objectives {
        let score = if objective.total == 0 {
            "non évalué par le labo".to_owned()
        } else {
            let mark = if objective.passed == objective.total {
                "✓"
            } else {
                "✗"
            };
            format!("{mark} {}/{}", objective.passed, objective.total)
        };
        text.push_str(&format!("  {} : {score}\n", objective.label));
    }
    if report.cleanup_sent > 0 || !report.cleanup_failures.is_empty() {
        text.push_str(&format!(
            "\nNettoyage : {} user.deleted envoyé(s) pour les utilisateurs de test",
            report.cleanup_sent
        ));
        if report.cleanup_failures.is_empty() {
            text.push_str(", tous acceptés.\n");
        } else {
            text.push_str(&format!(
                " ; {} en échec — supprimez-les à la main :\n",
                report.cleanup_failures.len()
            ));
            for failure in &report.cleanup_failures {
                text.push_str(&format!("  ✗ {} : {}\n", failure.clerk_id, failure.reason));
            }
        }
    }
    let (passed, total) = report.counts();
    let skipped = report
        .checks
        .iter()
        .filter(|c| c.status == Status::Skipped)
        .count();
    let failed_required: Vec<&str> = report
        .checks
        .iter()
        .filter(|c| c.def.required && c.status == Status::Failed)
        .map(|c| c.def.id)
        .collect();
    text.push('\n');
    if report.aborted.is_some() {
        text.push_str(&format!(
            "Verdict : ✗ évaluation interrompue après {total} vérification(s)\n"
        ));
    } else if failed_required.is_empty() {
        text.push_str(&format!(
            "Verdict : ✓ toutes les vérifications obligatoires passent — {passed}/{total} ({} %)\n",
            report.score
        ));
    } else {
        text.push_str(&format!(
            "Verdict : ✗ {} vérification(s) obligatoire(s) en échec ({}) — {passed}/{total} ({} %)\n",
            failed_required.len(),
            failed_required.join(", "),
            report.score
        ));
    }
    if skipped > 0 {
        text.push_str(&format!(
            "{skipped} vérification(s) de la base non évaluée(s) : ajoutez --database-url pour prouver que la synchronisation fonctionne.\n"
        ));
    }
    text
}
