//! Block layout: the container stack (quotes, lists, items) that gives every line its
//! prefix, the width left for content, blank lines between blocks, and emitting rows.

use ratatui::style::Style;

use super::Walker;
use crate::markdown::LinkPos;
use crate::markdown::text::{self, Row};

pub(super) enum Container {
    Quote {
        bar: &'static str,
        style: Style,
        alert: bool,
    },
    List {
        next: Option<u64>,
    },
    Item {
        bullet: String,
        style: Style,
        width: usize,
        emitted: bool,
    },
}

impl Walker<'_, '_> {
    /// Flushes pending inline text and separates the coming block from the previous one.
    pub(super) fn begin_block(&mut self) {
        self.flush_inline();
        if self.pending_blank {
            self.blank();
        }
    }

    pub(super) fn flush_inline(&mut self) {
        self.in_summary = false;
        if self.inline.iter().all(|p| p.text.trim().is_empty()) {
            self.inline.clear();
            return;
        }
        let pieces = std::mem::take(&mut self.inline);
        let rows = text::wrap(&pieces, self.avail());
        self.emit(rows);
    }

    pub(super) fn blank(&mut self) {
        self.pending_blank = false;
        if self.doc.lines.is_empty() {
            return;
        }
        let mut row = Row::new();
        for c in &self.containers {
            match c {
                Container::Quote { bar, style, .. } => row.push(bar, *style),
                Container::Item { width, .. } => row.pad(*width, Style::new()),
                Container::List { .. } => {}
            }
        }
        // Only the bars remain: a blank line has no trailing spaces.
        let visible = text::str_width(row.text().trim_end());
        let row = row.truncated(visible.min(self.max_prefix()));
        self.doc.lines.push(row.into_line());
    }

    pub(super) fn max_prefix(&self) -> usize {
        let content_min = (self.width / 2).clamp(1, 20);
        self.width.saturating_sub(content_min)
    }

    pub(super) fn prefix(&self) -> Row {
        let mut row = Row::new();
        for c in &self.containers {
            match c {
                Container::Quote { bar, style, .. } => row.push(bar, *style),
                Container::Item {
                    bullet,
                    style,
                    width,
                    emitted,
                } => {
                    if *emitted {
                        row.pad(*width, Style::new());
                    } else {
                        row.push(bullet, *style);
                    }
                }
                Container::List { .. } => {}
            }
        }
        row.truncated(self.max_prefix())
    }

    /// Width left for content after the containers' prefix.
    pub(super) fn avail(&self) -> usize {
        self.width.saturating_sub(self.prefix().width).max(1)
    }

    /// Appends rows under the current prefix, recording their links.
    pub(super) fn emit(&mut self, rows: Vec<Row>) {
        for row in rows {
            let mut line = self.prefix();
            for c in &mut self.containers {
                if let Container::Item { emitted, .. } = c {
                    *emitted = true;
                }
            }
            line.append(row);
            let line = line.truncated(self.width);
            let index = self.doc.lines.len();
            for mark in &line.links {
                if let Some(meta) = self.links.get(mark.id) {
                    self.doc.links.push(LinkPos {
                        line: index,
                        columns: mark.start..mark.end,
                        url: meta.url.clone(),
                        internal: meta.internal,
                        id: mark.id,
                    });
                }
            }
            self.doc.lines.push(line.into_line());
        }
    }

    pub(super) fn pop_until(&mut self, is_target: impl Fn(&Container) -> bool) {
        while let Some(c) = self.containers.pop() {
            if is_target(&c) {
                break;
            }
        }
    }
}
