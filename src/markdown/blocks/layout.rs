//! Block layout: the container stack (quotes, lists, items) that gives every line its
//! prefix, the width left for content, blank lines between blocks, and emitting rows.

use std::sync::Arc;

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
        let max = self.max_prefix();
        let mut row = Row::new();
        for c in &self.containers {
            // Containers past the widest prefix show nothing: stop there, so deep
            // nesting costs O(width) per line, not O(depth).
            if row.width > max {
                break;
            }
            match c {
                Container::Quote { bar, style, .. } => row.push(bar, *style),
                Container::Item { width, .. } => row.pad(*width, Style::new()),
                Container::List { .. } => {}
            }
        }
        // Only the bars remain: a blank line has no trailing spaces.
        let visible = text::str_width(row.text().trim_end());
        let row = row.truncated(visible.min(max));
        self.doc.lines.push(row.into_line());
    }

    pub(super) fn max_prefix(&self) -> usize {
        let content_min = (self.width / 2).clamp(1, 20);
        self.width.saturating_sub(content_min)
    }

    /// The prefix of the next line, cached until the containers change.
    pub(super) fn prefix(&mut self) -> Row {
        if let Some(row) = &self.prefix_cache {
            return row.clone();
        }
        let row = self.compute_prefix();
        self.prefix_cache = Some(row.clone());
        row
    }

    fn compute_prefix(&self) -> Row {
        let max = self.max_prefix();
        let mut row = Row::new();
        for c in &self.containers {
            // Past the widest prefix nothing more shows (see `blank`).
            if row.width > max {
                break;
            }
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
        row.truncated(max)
    }

    /// Width left for content after the containers' prefix.
    pub(super) fn avail(&mut self) -> usize {
        self.width.saturating_sub(self.prefix().width).max(1)
    }

    pub(super) fn push_container(&mut self, c: Container) {
        match &c {
            Container::Quote { alert: false, .. } => self.plain_quotes += 1,
            Container::List { next: None } => self.bullet_lists += 1,
            Container::Item { .. } => {
                self.open_items += 1;
                self.unemitted_items += 1;
            }
            Container::Quote { .. } | Container::List { .. } => {}
        }
        self.containers.push(c);
        self.prefix_cache = None;
    }

    /// Appends rows under the current prefix, recording their links.
    pub(super) fn emit(&mut self, rows: Vec<Row>) {
        self.emit_rows(rows, true);
    }

    /// [`emit`](Self::emit), cutting rows to the width only if `cut` (code blocks of the
    /// command line's output keep their lines whole).
    pub(super) fn emit_rows(&mut self, rows: Vec<Row>, cut: bool) {
        for row in rows {
            let mut line = self.prefix();
            // Only items opened since the last row still show their bullet: walk down
            // from the top until all of them are marked, O(1) amortized at any depth.
            if self.unemitted_items > 0 {
                for c in self.containers.iter_mut().rev() {
                    if let Container::Item { emitted, .. } = c
                        && !*emitted
                    {
                        *emitted = true;
                        self.unemitted_items -= 1;
                        if self.unemitted_items == 0 {
                            break;
                        }
                    }
                }
                self.prefix_cache = None;
            }
            line.append(row);
            let line = if cut {
                line.truncated(self.width)
            } else {
                line
            };
            let index = self.doc.lines.len();
            for mark in &line.links {
                if let Some(meta) = self.links.get(mark.id) {
                    self.doc.links.push(LinkPos {
                        line: index,
                        columns: mark.start..mark.end,
                        url: Arc::clone(&meta.url),
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
            self.prefix_cache = None;
            match &c {
                Container::Quote { alert: false, .. } => self.plain_quotes -= 1,
                Container::List { next: None } => self.bullet_lists -= 1,
                Container::Item { emitted, .. } => {
                    self.open_items -= 1;
                    if !emitted {
                        self.unemitted_items -= 1;
                    }
                }
                Container::Quote { .. } | Container::List { .. } => {}
            }
            if is_target(&c) {
                break;
            }
        }
    }
}
