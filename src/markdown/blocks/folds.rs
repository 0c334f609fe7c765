//! Folded `<details>` for the reader: when the walker is given the set of open folds, a
//! `<details>` block shows only its `<summary>` line (`▸ Indice 1`, or `▾ Indice 1` when
//! open) and, folded, every event up to the matching `</details>` is dropped. Without a
//! set (the command line, `check`), details are shown in full as before.
//!
//! A fold is named `section-slug/summary` (the slug of the heading above it), so that
//! saved open folds survive edits elsewhere in the module. Headings inside a folded
//! block take no anchor while folded.

use pulldown_cmark::{Event, Tag, TagEnd};

use super::Walker;
use super::text::Piece;
use crate::markdown::FoldPos;

/// Events being dropped inside a folded `<details>`.
#[derive(Debug, Default)]
pub(super) struct Hidden {
    /// `<details>` opened inside the folded one, still to be closed.
    nest: usize,
    /// Tags opened while hidden (their ends are dropped too).
    depth: usize,
    /// The HTML block being read while hidden, to find `</details>`.
    html: Option<String>,
}

/// Opening minus closing `<details>` tags in an HTML fragment.
fn balance(html: &str) -> (usize, usize) {
    let lower = html.to_ascii_lowercase();
    (
        lower.matches("<details").count(),
        lower.matches("</details").count(),
    )
}

impl Walker<'_, '_> {
    /// Handles an event while a fold hides it; false when the event ends the hidden part
    /// and must be processed as usual (a container closing around the fold).
    pub(super) fn hidden_event(&mut self, event: &Event<'_>) -> bool {
        let Some(hidden) = &mut self.hidden else {
            return false;
        };
        match event {
            Event::Start(Tag::HtmlBlock) => hidden.html = Some(String::new()),
            Event::Html(t) | Event::Text(t) if hidden.html.is_some() => {
                if let Some(buf) = &mut hidden.html {
                    buf.push_str(t);
                }
            }
            Event::InlineHtml(t) | Event::Html(t) => {
                let (open, close) = balance(t);
                hidden.nest += open;
                if close > hidden.nest {
                    self.hidden = None;
                    self.pending_blank = true;
                } else {
                    hidden.nest -= close;
                }
            }
            Event::End(TagEnd::HtmlBlock) => {
                let (open, close) = balance(&hidden.html.take().unwrap_or_default());
                hidden.nest += open;
                if close > hidden.nest {
                    self.hidden = None;
                    self.pending_blank = true;
                } else {
                    hidden.nest -= close;
                }
            }
            Event::Start(_) => hidden.depth += 1,
            Event::End(_) if hidden.depth == 0 => {
                // A container opened before the fold closes: the fold ends with it.
                self.hidden = None;
                return false;
            }
            Event::End(_) => hidden.depth -= 1,
            _ => {}
        }
        true
    }

    /// An HTML block that opens a `<details>`: its summary line, folded or open. False
    /// when folding is off or the block does not leave a `<details>` open.
    pub(super) fn fold_block(&mut self, buf: &str, pieces: &mut Vec<Piece>) -> bool {
        let Some(open_set) = self.folds else {
            return false;
        };
        let (open, close) = balance(buf);
        if open <= close {
            return false;
        }
        // The summary line: from the `▸ ` piece to the end of its line.
        let Some(start) = pieces.iter().position(|p| p.text == "▸ ") else {
            return false;
        };
        let end = pieces[start..]
            .iter()
            .position(|p| p.text == "\n")
            .map_or(pieces.len(), |i| start + i);
        let summary: String = pieces[start + 1..end]
            .iter()
            .map(|p| p.text.as_str())
            .collect();
        let summary = summary.trim().to_string();
        let section = self.doc.headings.last().map_or("", |h| h.slug.as_str());
        let base = format!("{section}/{summary}");
        let n = self.fold_names.entry(base.clone()).or_insert(0);
        *n += 1;
        let key = if *n == 1 {
            base
        } else {
            format!("{base} ({n})")
        };
        let is_open = open_set.contains(&key);
        // Lines the block shows before its summary (text ahead of `<details>`).
        let before = pieces[..start].iter().filter(|p| p.text == "\n").count();
        let line = self.doc.lines.len() + before;
        if is_open {
            pieces[start].text = "▾ ".into();
        } else {
            pieces.truncate(end);
            self.hidden = Some(Hidden::default());
        }
        self.doc.folds.push(FoldPos {
            line,
            key,
            summary,
            open: is_open,
        });
        true
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use crate::markdown::{Theme, render, render_folded, to_plain};

    const SRC: &str = "## Exercice 1\n\n<details>\n<summary>Indice 1</summary>\n\nComparez les octets.\n\n```bash\nwc -c brut.json\n```\n\n</details>\n\n<details>\n<summary>Indice 1</summary>\n\nEncore.\n\n</details>\n\nFin.\n";

    fn folded(open: &[&str]) -> crate::markdown::Document {
        let open: BTreeSet<String> = open.iter().map(|s| s.to_string()).collect();
        render_folded(SRC, 40, &Theme::plain(), &open)
    }

    #[test]
    fn details_fold_to_their_summary_unless_open() {
        let doc = folded(&[]);
        assert_eq!(
            to_plain(&doc),
            "Exercice 1\n──────────\n\n▸ Indice 1\n\n▸ Indice 1\n\nFin.\n"
        );
        let keys: Vec<_> = doc
            .folds
            .iter()
            .map(|f| (f.line, f.key.as_str(), f.open))
            .collect();
        assert_eq!(
            keys,
            vec![
                (3, "exercice-1/Indice 1", false),
                (5, "exercice-1/Indice 1 (2)", false)
            ]
        );
        assert!(
            doc.code_blocks.is_empty(),
            "a folded block's code is not focusable"
        );
        let doc = folded(&["exercice-1/Indice 1"]);
        assert_eq!(
            to_plain(&doc),
            "Exercice 1\n──────────\n\n▾ Indice 1\n\nComparez les octets.\n\n╭─ bash ──────────╮\n│ wc -c brut.json │\n╰─────────────────╯\n\n▸ Indice 1\n\nFin.\n"
        );
        assert_eq!(doc.folds[1].line, 11);
        assert_eq!(doc.code_blocks.len(), 1);
    }

    #[test]
    fn without_folding_details_show_whole() {
        let doc = render(SRC, 40, &Theme::plain());
        assert!(to_plain(&doc).contains("Encore."));
        assert!(doc.folds.is_empty());
    }

    #[test]
    fn an_unclosed_fold_ends_with_its_container() {
        let src = "> <details>\n> <summary>Voir</summary>\n>\n> caché\n\nVisible.\n";
        let doc = render_folded(src, 40, &Theme::plain(), &BTreeSet::new());
        assert_eq!(to_plain(&doc), "│ ▸ Voir\n\nVisible.\n");
    }
}
