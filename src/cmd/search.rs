//! `search TEXTE`: the reader's course-wide search (`F`) as plain text. Each match is
//! one header line `id:ligne · Module › Titre` and its line as context, indented; the
//! line numbers are those of `read MODULE --plain` at the same width (counted from 1).

use std::fmt::Write as _;
use std::process::ExitCode;

use crate::cli::{GlobalArgs, SearchArgs};
use crate::course::Course;
use crate::course::search::{Hit, module_count, search};
use crate::markdown::{Theme, render_whole_code};

const DEFAULT_WIDTH: u16 = 80;

pub fn run(global: &GlobalArgs, args: &SearchArgs) -> anyhow::Result<ExitCode> {
    if args.query.trim().is_empty() {
        anyhow::bail!("{EMPTY_QUERY}");
    }
    let course = Course::load(global.course.as_deref())?;
    let width = args.width.unwrap_or(DEFAULT_WIDTH);
    let docs: Vec<_> = course
        .modules
        .iter()
        .map(|m| render_whole_code(&m.source, width, &Theme::plain()))
        .collect();
    let hits = search(&docs, &args.query);
    super::output::print(&report(&course, &args.query, &hits))?;
    Ok(if hits.is_empty() {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// The whole listing, a summary line first.
pub fn report(course: &Course, query: &str, hits: &[Hit]) -> String {
    let mut out = String::new();
    let _ = match (hits.len(), module_count(hits)) {
        (0, _) => writeln!(out, "aucun résultat pour « {query} » dans le cours"),
        (1, _) => writeln!(out, "1 résultat pour « {query} »"),
        (n, 1) => writeln!(out, "{n} résultats pour « {query} » dans 1 module"),
        (n, m) => writeln!(out, "{n} résultats pour « {query} » dans {m} modules"),
    };
    for hit in hits {
        let Some(module) = course.modules.get(hit.module) else {
            continue;
        };
        let place = match &hit.heading {
            Some(h) => format!("{} › {h}", module.title),
            None => module.title.clone(),
        };
        let _ = writeln!(out, "{}:{} · {place}", module.id, hit.line + 1);
        let _ = writeln!(out, "    {}", hit.context.trim_start());
    }
    out
}

const EMPTY_QUERY: &str = "texte à chercher vide : indiquez au moins un caractère, par exemple « webhook-tutor search signature »";
