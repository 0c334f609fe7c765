//! Searching the whole course: every module's rendered lines, each match with the heading
//! it falls under and its line as context. Behind the reader's `F` and the `search`
//! command; callers pass documents rendered at the width they show, so that a match's
//! line is the line the reader scrolls to.

use crate::markdown::Document;
use crate::markdown::find::{find, searchable_lines};

/// One match in one module.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hit {
    /// Index of the module in the course.
    pub module: usize,
    /// Index of the line in the module's document.
    pub line: usize,
    /// Display columns of the match on that line.
    pub start: u16,
    pub end: u16,
    /// The text of the nearest heading at or above the match (none before the first).
    pub heading: Option<String>,
    /// The whole line (a code line in full), trailing spaces removed.
    pub context: String,
}

/// Every match of `query` (case and accents ignored) in `docs`, one document per module
/// in course order, in reading order. A blank query matches nothing.
pub fn search<'a>(docs: impl IntoIterator<Item = &'a Document>, query: &str) -> Vec<Hit> {
    let mut hits = Vec::new();
    for (module, doc) in docs.into_iter().enumerate() {
        let lines = searchable_lines(doc);
        for m in find(&lines, query) {
            let above = doc.headings.partition_point(|h| h.line <= m.line);
            let heading = above
                .checked_sub(1)
                .and_then(|i| doc.headings.get(i))
                .map(|h| h.text.clone());
            let context = lines.get(m.line).map_or_else(String::new, |l| {
                let text: String = l.spans.iter().map(|s| s.content.as_ref()).collect();
                text.trim_end().to_string()
            });
            hits.push(Hit {
                module,
                line: m.line,
                start: m.start,
                end: m.end,
                heading,
                context,
            });
        }
    }
    hits
}

/// How many distinct modules the hits come from.
pub fn module_count(hits: &[Hit]) -> usize {
    let mut modules: Vec<usize> = hits.iter().map(|h| h.module).collect();
    modules.dedup();
    modules.len()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::markdown::{Theme, render};

    #[test]
    fn hits_carry_their_module_heading_and_line() {
        let a = render(
            "Avant.\n\n# Un\n\nUne Signature ici.\n",
            60,
            &Theme::plain(),
        );
        let b = render(
            "# Deux\n\n## Détail\n\nsignature et SIGNATURE\n",
            60,
            &Theme::plain(),
        );
        let hits = search([&a, &b], "SIGNATURE");
        let summary: Vec<_> = hits
            .iter()
            .map(|h| {
                (
                    h.module,
                    h.line,
                    h.start,
                    h.heading.as_deref(),
                    h.context.as_str(),
                )
            })
            .collect();
        assert_eq!(
            summary,
            vec![
                (0, 5, 4, Some("Un"), "Une Signature ici."),
                (1, 6, 0, Some("Détail"), "signature et SIGNATURE"),
                (1, 6, 13, Some("Détail"), "signature et SIGNATURE"),
            ]
        );
        assert_eq!(module_count(&hits), 2);
        assert_eq!(search([&a], "avant")[0].heading, None);
        assert_eq!(search([&a, &b], "  "), vec![]);
    }
}
