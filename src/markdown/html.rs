//! Raw HTML shown sensibly in a terminal: `<br>` breaks the line, `<details>` disappears
//! while its content stays, `<summary>` becomes a bold `▸` label, comments are hidden, and
//! any other tag is shown dimmed as written, so text carried by HTML is never lost.

use ratatui::style::Style;

use super::Theme;
use super::text::{Piece, clean};

/// What an inline HTML fragment becomes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Inline {
    Hidden,
    Break,
    SummaryStart,
    SummaryEnd,
    Shown(String),
}

/// Lowercase tag name of `<name ...>` or `</name>`, with whether it closes.
fn tag_name(tag: &str) -> Option<(String, bool)> {
    let inner = tag.trim().strip_prefix('<')?.strip_suffix('>')?;
    let (closing, inner) = match inner.strip_prefix('/') {
        Some(rest) => (true, rest),
        None => (false, inner),
    };
    let name: String = inner
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric())
        .collect::<String>()
        .to_ascii_lowercase();
    (!name.is_empty()).then_some((name, closing))
}

pub(crate) fn inline(fragment: &str) -> Inline {
    let trimmed = fragment.trim();
    if trimmed.starts_with("<!--") {
        return Inline::Hidden;
    }
    match tag_name(trimmed) {
        Some((name, _)) if name == "br" => Inline::Break,
        Some((name, _)) if name == "details" => Inline::Hidden,
        Some((name, false)) if name == "summary" => Inline::SummaryStart,
        Some((name, true)) if name == "summary" => Inline::SummaryEnd,
        _ => {
            let shown = clean(fragment).replace('\n', " ");
            if shown.trim().is_empty() {
                Inline::Hidden
            } else {
                Inline::Shown(shown)
            }
        }
    }
}

/// Lays out an HTML block as pieces (lines separated by `'\n'`), empty when it shows
/// nothing (only comments or `<details>` tags).
pub(crate) fn block(src: &str, text_style: Style, theme: &Theme) -> Vec<Piece> {
    let mut lines: Vec<Vec<Piece>> = vec![Vec::new()];
    let mut in_summary = false;
    let mut rest = src;
    let push = |lines: &mut Vec<Vec<Piece>>, text: &str, style: Style| {
        for (i, part) in text.split('\n').enumerate() {
            if i > 0 {
                lines.push(Vec::new());
            }
            let part = clean(part);
            if !part.is_empty()
                && let Some(line) = lines.last_mut()
            {
                line.push(Piece::new(part, style));
            }
        }
    };
    while !rest.is_empty() {
        let text_style = if in_summary {
            theme.summary
        } else {
            text_style
        };
        if let Some(after) = rest.strip_prefix("<!--") {
            rest = after
                .find("-->")
                .and_then(|i| after.get(i + 3..))
                .unwrap_or("");
            continue;
        }
        if rest.starts_with('<') {
            let end = rest.find('>').map_or(rest.len(), |i| i + 1);
            let (tag, after) = rest.split_at(end);
            rest = after;
            match tag_name(tag) {
                Some((name, _)) if name == "br" => lines.push(Vec::new()),
                Some((name, _)) if name == "details" => lines.push(Vec::new()),
                Some((name, false)) if name == "summary" => {
                    lines.push(vec![Piece::new("▸ ", theme.summary)]);
                    in_summary = true;
                }
                Some((name, true)) if name == "summary" => {
                    in_summary = false;
                    lines.push(Vec::new());
                }
                _ => push(&mut lines, tag, theme.html),
            }
            continue;
        }
        let end = rest.find('<').unwrap_or(rest.len());
        let end = if end == 0 { rest.len() } else { end };
        let (text, after) = rest.split_at(end);
        rest = after;
        push(&mut lines, text, text_style);
    }
    let mut out = Vec::new();
    for line in lines {
        let blank = line.iter().all(|p| p.text.trim().is_empty());
        let label_only = line.len() == 1 && line.first().is_some_and(|p| p.text == "▸ ");
        if blank || label_only {
            continue;
        }
        if !out.is_empty() {
            out.push(Piece::new("\n", Style::new()));
        }
        out.extend(line);
    }
    out
}
