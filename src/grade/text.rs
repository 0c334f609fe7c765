//! The French text of one check's result, shared by `grade`'s lines and the Labo screen's
//! details: the ✓/✗ headline, what was sent and what came back, what the database showed,
//! the diagnosis and the section to revisit. Plain strings, no terminal code; callers
//! indent, colour or wrap them.

use crate::course::Sections;
use crate::quiz::See;

use super::report::{Answer, CheckResult, Status};

/// « Module 3 : … › Le corps brut (implementation#le-corps-brut) »; the raw reference
/// when the course is not at hand.
pub fn see_label(see: &str, sections: Option<&Sections>) -> String {
    match sections {
        Some(sections) => format!("{} ({see})", sections.label(&See::parse(see))),
        None => see.to_owned(),
    }
}

/// ✓, ✗ or – (not evaluated).
pub fn mark(status: Status) -> &'static str {
    match status {
        Status::Passed => "✓",
        Status::Failed => "✗",
        Status::Skipped => "–",
    }
}

/// « ✓ [ 1/22] valid — un user.created réaliste … (12 ms) ».
pub fn headline(result: &CheckResult, position: &str) -> String {
    let def = result.def;
    let bonus = if def.required { "" } else { " (bonus)" };
    format!(
        "{} {position} {} — {}{bonus} ({} ms)",
        mark(result.status),
        def.id,
        def.title,
        result.ms
    )
}

/// Each request sent (label, `svix-*` headers, body excerpt) and what came back.
pub fn exchange_lines(result: &CheckResult) -> Vec<String> {
    let mut lines = Vec::new();
    for exchange in &result.exchanges {
        let r = &exchange.request;
        lines.push(format!("envoyé : {}", r.label));
        let headers: Vec<String> = r
            .headers
            .iter()
            .filter(|(n, _)| n.starts_with("svix-"))
            .map(|(n, v)| format!("{n}: {v}"))
            .collect();
        if !headers.is_empty() {
            lines.push(format!("  {}", headers.join(" · ")));
        }
        lines.push(format!(
            "  corps ({} octets) : {}",
            r.body_len,
            crate::delivery::excerpt(r.body_excerpt.as_bytes(), EXCERPT)
        ));
        let mut received = format!("reçu : {}", exchange.answer.line(exchange.ms));
        if let Answer::Status {
            body_excerpt,
            location,
            ..
        } = &exchange.answer
        {
            if let Some(location) = location {
                received.push_str(&format!(" — location: {location}"));
            }
            if !body_excerpt.is_empty() {
                received.push_str(&format!(
                    " — corps : {}",
                    crate::delivery::excerpt(body_excerpt.as_bytes(), EXCERPT)
                ));
            }
        }
        lines.push(received);
    }
    lines
}

/// What the database showed, « base : … » each.
pub fn state_lines(result: &CheckResult) -> Vec<String> {
    result.state.iter().map(|l| format!("base : {l}")).collect()
}

/// « diagnostic : … », then each further hint indented.
pub fn diagnosis_lines(result: &CheckResult) -> Vec<String> {
    result
        .diagnosis
        .iter()
        .enumerate()
        .map(|(i, line)| {
            let lead = if i == 0 { "diagnostic : " } else { "  " };
            format!("{lead}{line}")
        })
        .collect()
}

/// Everything a failed check needs explained; `see` is the section's label.
pub fn failure_lines(result: &CheckResult, see: &str) -> Vec<String> {
    let mut lines = exchange_lines(result);
    lines.extend(state_lines(result));
    lines.extend(diagnosis_lines(result));
    lines.push(format!("à revoir : {see}"));
    lines
}

/// The details of any check: a failure's full explanation, a pass's exchanges and rows,
/// or why a check was not evaluated.
pub fn detail_lines(result: &CheckResult, see: &str) -> Vec<String> {
    match result.status {
        Status::Failed => failure_lines(result, see),
        Status::Passed => {
            let mut lines = exchange_lines(result);
            lines.extend(state_lines(result));
            lines.push(format!("section du cours : {see}"));
            lines
        }
        Status::Skipped => {
            let mut lines = result.diagnosis.clone();
            lines.push(format!("section du cours : {see}"));
            lines
        }
    }
}

/// Characters of a body shown in an excerpt.
const EXCERPT: usize = 120;
