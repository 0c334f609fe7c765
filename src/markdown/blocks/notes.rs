//! Footnotes: numbers handed out in order of first reference, and the notes listed at
//! the end of the document.

use pulldown_cmark::TagEnd;

use super::Walker;
use super::layout::Container;
use crate::markdown::FootnotePos;
use crate::markdown::text::{self, Row};

impl Walker<'_, '_> {
    /// Emits the notes: every footnote definition, numbered in order of first reference;
    /// definitions never referenced come last.
    pub(super) fn footnotes(&mut self) {
        if self.footnote_defs.is_empty() {
            return;
        }
        for (label, _) in &self.footnote_defs {
            let next = self.footnote_numbers.len() + 1;
            self.footnote_numbers.entry(label.clone()).or_insert(next);
        }
        let mut defs = std::mem::take(&mut self.footnote_defs);
        defs.sort_by_key(|(label, _)| {
            self.footnote_numbers
                .get(label)
                .copied()
                .unwrap_or(usize::MAX)
        });
        self.pending_blank = true;
        self.begin_block();
        let mut row = Row::new();
        row.push(&"─".repeat(self.avail().min(20)), self.theme.rule);
        self.emit(vec![row]);
        for (label, events) in defs {
            let number = self.footnote_numbers.get(&label).copied().unwrap_or(0);
            let bullet = format!("[{number}] ");
            self.push_container(Container::Item {
                width: text::str_width(&bullet),
                bullet,
                style: self.theme.footnote_ref,
                emitted: false,
            });
            self.doc.footnotes.push(FootnotePos {
                label,
                number,
                line: self.doc.lines.len(),
            });
            self.pending_blank = false;
            for event in events {
                self.event(event);
            }
            self.end(TagEnd::Item);
        }
    }

    pub(super) fn footnote_number(&mut self, label: &str) -> usize {
        let next = self.footnote_numbers.len() + 1;
        *self
            .footnote_numbers
            .entry(label.to_owned())
            .or_insert(next)
    }
}
