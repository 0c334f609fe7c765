//! `results`: the quiz attempt history, as a text table, JSON, or CSV for instructors,
//! on standard output or written atomically to a file.

use std::path::Path;
use std::process::ExitCode;

use anyhow::Context as _;

use super::output;
use crate::cli::{GlobalArgs, ResultsArgs, ResultsFormat};
use crate::progress::{self, AttemptMode, AttemptRecord, ObjectiveScore, Store};

pub fn run(global: &GlobalArgs, args: &ResultsArgs) -> anyhow::Result<ExitCode> {
    let format = match (args.json, args.format) {
        (true, _) => ResultsFormat::Json,
        (false, Some(format)) => format,
        (false, None) => ResultsFormat::Text,
    };
    let store = Store::open(global.data_dir.as_deref())?;
    let loaded = store.load();
    if let Some(warning) = &loaded.warning {
        output::warn(&format!("attention : {warning}"));
    }
    let attempts = &loaded.progress.attempts;
    // --learner, else WEBHOOK_TUTOR_LEARNER (clap reads both), else the name given once
    // in the interface.
    let learner = args
        .learner
        .clone()
        .or_else(|| loaded.progress.learner.clone())
        .map(|l| l.trim().to_string())
        .filter(|l| !l.is_empty());
    let learner = learner.as_deref();
    if attempts.is_empty() {
        if format == ResultsFormat::Text {
            output::print(&format!("{NO_ATTEMPT}\n"))?;
            return Ok(ExitCode::SUCCESS);
        }
        // Machine formats stay parseable: an empty export, and the note on stderr.
        output::warn(NO_ATTEMPT);
    }
    let text = match format {
        ResultsFormat::Text => text(attempts, learner),
        ResultsFormat::Json => {
            let rows: Vec<JsonRow> = attempts
                .iter()
                .map(|attempt| JsonRow { learner, attempt })
                .collect();
            let mut json =
                serde_json::to_string_pretty(&rows).context("sérialisation des tentatives")?;
            json.push('\n');
            json
        }
        ResultsFormat::Csv => csv(attempts, learner),
    };
    match &args.output {
        Some(path) => {
            write_atomically(path, text.as_bytes())?;
            output::print(&format!(
                "{} tentative{} exportée{} dans '{}'\n",
                attempts.len(),
                plural(attempts.len()),
                plural(attempts.len()),
                path.display()
            ))?;
        }
        None => {
            output::print(&text)?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn plural(n: usize) -> &'static str {
    if n > 1 { "s" } else { "" }
}

/// One attempt of the JSON export: the learner's name beside the saved record.
#[derive(serde::Serialize)]
struct JsonRow<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    learner: Option<&'a str>,
    #[serde(flatten)]
    attempt: &'a AttemptRecord,
}

/// The history table, then the note the grading method retains and the latest attempt
/// per objective.
pub fn text(attempts: &[AttemptRecord], learner: Option<&str>) -> String {
    let mut out = String::new();
    if let Some(name) = learner {
        out.push_str(&format!("Apprenant : {name}\n"));
    }
    out.push_str("Date                  Score     Résultat        Mode\n");
    for a in attempts {
        let mode = if a.only_errors && a.mode == AttemptMode::Full {
            "erreurs seulement"
        } else {
            a.mode.label()
        };
        let verdict = match (a.counts(), a.passed) {
            (false, _) => "◆ entraînement",
            (true, true) => "✓ réussi",
            (true, false) => "✗ échoué",
        };
        out.push_str(&format!(
            "{:<20}  {:>7}   {verdict:<14}  {mode}\n",
            a.date,
            percent(a.score_percent)
        ));
    }
    let progress = progress::Progress {
        attempts: attempts.to_vec(),
        ..Default::default()
    };
    if let Some(g) = progress.graded_attempt() {
        out.push_str(&format!(
            "\nNote retenue ({}) : {} du {} · {}\n",
            g.grading.label(),
            percent(g.score_percent),
            g.date,
            if g.passed {
                "quiz réussi"
            } else {
                "quiz pas encore réussi"
            }
        ));
    }
    if let Some(last) = attempts.last() {
        out.push_str(&format!(
            "\nDernière tentative ({}), seuil {} % :\n",
            last.date, last.pass_mark
        ));
        for line in objective_lines(&last.objectives) {
            out.push_str(&format!("  {line}\n"));
        }
    }
    out
}

/// One row per attempt; one column per objective (percentage), in order of first
/// appearance across attempts, empty when an attempt did not cover it.
pub fn csv(attempts: &[AttemptRecord], learner: Option<&str>) -> String {
    let mut objectives: Vec<&str> = Vec::new();
    for o in attempts.iter().flat_map(|a| &a.objectives) {
        if !objectives.contains(&o.id.as_str()) {
            objectives.push(&o.id);
        }
    }
    let mut out = String::new();
    let mut header: Vec<String> = [
        "learner",
        "course",
        "course_version",
        "date",
        "score",
        "passed",
        "pass_mark",
        "seed",
        "only_errors",
        "mode",
        "grading",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    header.extend(objectives.iter().map(|o| csv_field(o)));
    out.push_str(&header.join(","));
    out.push_str("\r\n");
    for a in attempts {
        let mut row = vec![
            csv_field(learner.unwrap_or("")),
            csv_field(&a.course_title),
            csv_field(&a.course_version),
            csv_field(&a.date),
            format!("{:.1}", a.score_percent),
            a.passed.to_string(),
            a.pass_mark.to_string(),
            a.seed.to_string(),
            a.only_errors.to_string(),
            a.mode.name().to_string(),
            a.grading.name().to_string(),
        ];
        for id in &objectives {
            row.push(
                a.objectives
                    .iter()
                    .find(|o| o.id == *id)
                    .filter(|o| o.total > 0.0)
                    .map(|o| format!("{:.1}", o.earned * 100.0 / o.total))
                    .unwrap_or_default(),
            );
        }
        out.push_str(&row.join(","));
        out.push_str("\r\n");
    }
    out
}

/// RFC 4180 quoting: fields with a comma, quote or line break are quoted, quotes doubled.
fn csv_field(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

pub use crate::quiz::{percent, points};

/// « label  ███████░░░  70 % (3,5 / 5) », labels padded to the same width.
pub fn objective_lines(objectives: &[ObjectiveScore]) -> Vec<String> {
    use unicode_width::UnicodeWidthStr as _;
    let width = objectives
        .iter()
        .map(|o| o.label.width())
        .max()
        .unwrap_or(0);
    objectives
        .iter()
        .map(|o| {
            let fraction = if o.total > 0.0 {
                (o.earned / o.total).clamp(0.0, 1.0)
            } else {
                0.0
            };
            let filled = (fraction * 10.0).round() as usize;
            let pad = " ".repeat(width - o.label.width());
            format!(
                "{}{pad}  {}{}  {:>6} ({} / {})",
                o.label,
                "█".repeat(filled),
                "░".repeat(10 - filled.min(10)),
                percent(fraction * 100.0),
                points(o.earned),
                points(o.total)
            )
        })
        .collect()
}

/// [`progress::write_atomically`] with a French error naming the file.
fn write_atomically(path: &Path, bytes: &[u8]) -> anyhow::Result<()> {
    progress::write_atomically(path, bytes).map_err(|e| {
        anyhow::anyhow!(
            "impossible d'écrire '{}' : {} ; indiquez avec -o un fichier ordinaire (ou un nouveau nom) dans un dossier existant et accessible en écriture",
            path.display(),
            crate::files::io_reason(&e)
        )
    })
}

const NO_ATTEMPT: &str = "aucune tentative enregistrée";
