//! The sender and receiver panels as styled lines, built from a `Trace` when it changes
//! (never per frame). Long bodies are cut: the panels are a view, the exports are exact.

use ratatui::style::Style;
use ratatui::text::{Line, Span};

use crate::sandbox::{BodyDiff, Exchange, StepStatus, Trace};

use super::SandboxTheme;

/// Characters of the body quoted in the signed content.
const SIGNED_PREVIEW: usize = 80;
/// Lines of the body shown in the raw request.
const RAW_BODY_LINES: usize = 40;
/// Characters of the received body shown on each side of the first difference.
const DIFF_CONTEXT: usize = 14;

pub fn sender_lines(trace: &Trace, t: &SandboxTheme) -> Vec<Line<'static>> {
    let ex = match &trace.exchange {
        Ok(ex) => ex,
        Err(err) => return vec![Line::from(Span::styled(format!("✗ {err}"), t.fail))],
    };
    let sent = &ex.sent;
    let mut out = Vec::new();
    for key in &sent.keys {
        out.push(label(&format!("Signé avec : {}", key.label), t));
        out.push(field(
            "clé",
            &format!(
                "{} ({} octets)",
                cut(&key.key_hex, 16),
                key.key_hex.len() / 2
            ),
            t,
        ));
        out.push(field("HMAC", &cut(&key.mac_hex, 24), t));
        out.push(field("base64", &key.mac_base64, t));
    }
    out.push(label(
        &format!(
            "Contenu signé « id.horodatage.corps » ({} octets)",
            sent.signed_len()
        ),
        t,
    ));
    out.push(Line::from(vec![
        Span::styled(sent.msg_id.clone(), t.part_id),
        Span::raw("."),
        Span::styled(sent.timestamp.to_string(), t.part_timestamp),
        Span::raw("."),
        Span::styled(one_line(&sent.body, SIGNED_PREVIEW), t.part_body),
    ]));
    out.push(label("Requête brute envoyée", t));
    out.extend(raw_request(
        &sent.request.head_lines(),
        &sent.request.body,
        t,
    ));
    out
}

pub fn receiver_lines(trace: &Trace, t: &SandboxTheme) -> Vec<Line<'static>> {
    let ex = match &trace.exchange {
        Ok(ex) => ex,
        Err(_) => {
            return vec![Line::from(Span::styled(
                "rien à vérifier : corrigez les champs en rouge",
                t.muted,
            ))];
        }
    };
    let mut out = verdict_lines(ex, t);
    out.extend(received_lines(ex, t));
    out.push(label("Vérification", t));
    for step in &ex.received.steps {
        let style = match step.status {
            StepStatus::Pass => t.pass,
            StepStatus::Fail => t.fail,
            StepStatus::Skipped | StepStatus::Info => t.skipped,
        };
        out.push(Line::from(vec![
            Span::styled(format!("{} ", step.status.symbol()), style),
            Span::styled(format!("{} : ", step.title), t.label),
            Span::raw(step.detail.clone()),
        ]));
    }
    let s = trace.scenario;
    out.push(label(
        &format!("Scénario « {} » : {}", s.name(), s.title()),
        t,
    ));
    out.push(Line::from(vec![
        Span::styled("Cause : ", t.label),
        Span::raw(s.cause()),
    ]));
    out.push(Line::from(vec![
        Span::styled("Correctif : ", t.label),
        Span::raw(s.fix()),
    ]));
    if let Some(note) = &ex.note {
        out.push(Line::from(vec![
            Span::styled("Ici : ", t.label),
            Span::raw(note.clone()),
        ]));
    }
    out
}

fn verdict_lines(ex: &Exchange, t: &SandboxTheme) -> Vec<Line<'static>> {
    match ex.received.verdict() {
        Ok(v) => vec![
            Line::from(Span::styled(
                format!(" ✓ ACCEPTÉ — signature n° {} valide ", v.matched_index + 1),
                t.accepted,
            )),
            Line::from(Span::styled(
                "l'endpoint traite l'événement et répond 200",
                t.pass,
            )),
        ],
        Err(err) => vec![
            Line::from(Span::styled(
                format!(" ✗ REJETÉ ({}) — réponse 400 ", err.code()),
                t.rejected,
            )),
            Line::from(Span::styled(err.to_string(), t.fail)),
        ],
    }
}

/// The received `svix-*` headers and body, what differs from the sent request marked.
fn received_lines(ex: &Exchange, t: &SandboxTheme) -> Vec<Line<'static>> {
    let diff = &ex.received.diff;
    let request = &ex.received.request;
    let title = if diff.is_empty() {
        "Requête reçue (identique à l'envoi)"
    } else {
        "Requête reçue (différente de l'envoi)"
    };
    let mut out = vec![label(title, t)];
    for name in ["svix-id", "svix-timestamp", "svix-signature"] {
        let line = match request.header(name) {
            Some(value) if diff.changed_headers.iter().any(|n| n == name) => Line::from(vec![
                Span::styled(format!("≠ {name}: "), t.fail),
                Span::raw(value.to_owned()),
            ]),
            Some(value) => Line::from(vec![
                Span::styled(format!("{name}: "), t.label),
                Span::raw(value.to_owned()),
            ]),
            None if diff.missing_headers.iter().any(|n| n == name) => Line::from(Span::styled(
                format!("− {name} : absent à la réception"),
                t.fail,
            )),
            None => Line::from(Span::styled(format!("− {name} : absent"), t.fail)),
        };
        out.push(line);
    }
    match diff.body {
        None => out.push(Line::from(Span::styled(
            format!("corps : {} octets, identiques", request.body.len()),
            t.muted,
        ))),
        Some(body) => {
            out.push(Line::from(Span::styled(
                format!(
                    "≠ corps : différent dès l'octet {} ({} octets envoyés, {} reçus)",
                    body.offset, body.sent_len, body.received_len
                ),
                t.fail,
            )));
            out.push(excerpt(&request.body, body, t));
        }
    }
    out
}

/// The received body around the first difference, the differing character highlighted.
fn excerpt(body: &str, diff: BodyDiff, t: &SandboxTheme) -> Line<'static> {
    let at = floor_boundary(body, diff.offset);
    let start = floor_boundary(body, at.saturating_sub(DIFF_CONTEXT));
    let changed_end = body
        .get(at..)
        .and_then(|r| r.chars().next())
        .map_or(at, |c| at + c.len_utf8());
    let end = floor_boundary(body, changed_end.saturating_add(DIFF_CONTEXT));
    let piece = |a: usize, b: usize| one_line(body.get(a..b).unwrap_or_default(), usize::MAX);
    Line::from(vec![
        Span::raw("  …"),
        Span::raw(piece(start, at)),
        Span::styled(piece(at, changed_end), t.changed),
        Span::raw(piece(changed_end, end)),
        Span::raw("…"),
    ])
}

fn raw_request(head: &[String], body: &str, t: &SandboxTheme) -> Vec<Line<'static>> {
    let mut out: Vec<Line<'static>> = head
        .iter()
        .map(|l| match l.split_once(": ") {
            Some((name, value)) if name.starts_with("svix-") => Line::from(vec![
                Span::styled(format!("{name}: "), t.label),
                Span::raw(value.to_owned()),
            ]),
            _ => Line::from(Span::styled(l.clone(), t.muted)),
        })
        .collect();
    out.push(Line::default());
    let lines: Vec<&str> = body.split('\n').collect();
    out.extend(
        lines
            .iter()
            .take(RAW_BODY_LINES)
            .map(|l| Line::from(Span::styled((*l).to_owned(), t.part_body))),
    );
    if lines.len() > RAW_BODY_LINES {
        out.push(Line::from(Span::styled(
            format!("… ({} lignes de plus)", lines.len() - RAW_BODY_LINES),
            t.muted,
        )));
    }
    out
}

fn label(text: &str, t: &SandboxTheme) -> Line<'static> {
    Line::from(Span::styled(text.to_owned(), t.title))
}

fn field(name: &str, value: &str, t: &SandboxTheme) -> Line<'static> {
    Line::from(vec![
        Span::styled(format!("  {name:<7}"), t.label),
        Span::styled(value.to_owned(), Style::new()),
    ])
}

/// The text on one line: newlines shown as `↵`, cut after `max` characters.
fn one_line(text: &str, max: usize) -> String {
    let mut out: String = text
        .chars()
        .take(max)
        .map(|c| if c == '\n' { '↵' } else { c })
        .collect();
    if text.chars().nth(max).is_some() {
        out.push('…');
    }
    out
}

fn cut(text: &str, max: usize) -> String {
    one_line(text, max)
}

fn floor_boundary(text: &str, mut index: usize) -> usize {
    index = index.min(text.len());
    while index > 0 && !text.is_char_boundary(index) {
        index -= 1;
    }
    index
}
