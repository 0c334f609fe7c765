//! GFM tables: box borders, per-column alignment, header in its own style.
//!
//! Columns take their natural width when it fits; otherwise they shrink in proportion
//! to their natural width (never below a small minimum) and cells wrap. When even the
//! minimums cannot fit, each row is shown as a record: one `header: value` per line.

use pulldown_cmark::Alignment;
use ratatui::style::Style;

use super::Theme;
use super::text::{Piece, Row, str_width, wrap};

const MIN_COLUMN: usize = 5;
/// Wide enough to lay any cell out on its natural lines.
const UNBOUNDED: usize = 1 << 20;

type Cell = Vec<Piece>;

/// A table collected from events, laid out when it ends.
#[derive(Debug, Default)]
pub(crate) struct TableData {
    aligns: Vec<Alignment>,
    head: Vec<Cell>,
    rows: Vec<Vec<Cell>>,
    current: Vec<Cell>,
    cell: Option<Cell>,
}

impl TableData {
    pub fn new(aligns: Vec<Alignment>) -> Self {
        Self {
            aligns,
            ..Self::default()
        }
    }

    pub fn in_cell(&self) -> bool {
        self.cell.is_some()
    }

    pub fn cell(&mut self) -> &mut Vec<Piece> {
        self.cell.get_or_insert_with(Vec::new)
    }

    pub fn start_cell(&mut self) {
        self.cell = Some(Vec::new());
    }

    pub fn end_cell(&mut self) {
        let cell = self.cell.take().unwrap_or_default();
        self.current.push(cell);
    }

    pub fn end_head(&mut self) {
        self.head = std::mem::take(&mut self.current);
    }

    pub fn end_row(&mut self) {
        let row = std::mem::take(&mut self.current);
        self.rows.push(row);
    }
}

pub(crate) fn render(t: &TableData, width: usize, theme: &Theme) -> Vec<Row> {
    let width = width.max(1);
    let head: Vec<Cell> = t
        .head
        .iter()
        .map(|cell| {
            cell.iter()
                .map(|p| Piece {
                    style: theme.table_header.patch(p.style),
                    ..p.clone()
                })
                .collect()
        })
        .collect();
    let ncols = t
        .rows
        .iter()
        .map(Vec::len)
        .chain([t.aligns.len(), head.len()])
        .max()
        .unwrap_or(0);
    if ncols == 0 {
        return Vec::new();
    }
    let all_rows = || std::iter::once(&head).chain(t.rows.iter());
    let mut natural = vec![1usize; ncols];
    let mut words = vec![1usize; ncols];
    for row in all_rows() {
        for (c, cell) in row.iter().enumerate() {
            let w = wrap(cell, UNBOUNDED)
                .iter()
                .map(|r| r.width)
                .max()
                .unwrap_or(0);
            if let Some(n) = natural.get_mut(c) {
                *n = (*n).max(w);
            }
            if let Some(n) = words.get_mut(c) {
                *n = (*n).max(longest_word(cell));
            }
        }
    }
    let overhead = 3 * ncols + 1;
    let avail = width.saturating_sub(overhead);
    let Some(widths) = column_widths(&natural, &words, avail, overhead <= width) else {
        return records(t, &head, width, theme);
    };

    let border = theme.table_border;
    let rule = |left: &str, mid: &str, right: &str| {
        let parts: Vec<String> = widths.iter().map(|w| "─".repeat(w + 2)).collect();
        let mut row = Row::new();
        row.push(&format!("{left}{}{right}", parts.join(mid)), border);
        row
    };
    let mut out = vec![rule("╭", "┬", "╮")];
    out.extend(table_row(&head, &widths, &t.aligns, border));
    out.push(rule("├", "┼", "┤"));
    for row in &t.rows {
        out.extend(table_row(row, &widths, &t.aligns, border));
    }
    out.push(rule("╰", "┴", "╯"));
    out
}

fn longest_word(cell: &[Piece]) -> usize {
    let text: String = cell.iter().map(|p| p.text.as_str()).collect();
    text.split_whitespace().map(str_width).max().unwrap_or(0)
}

/// Column widths that fit `avail` content columns, or `None` when even the minimums don't.
fn column_widths(
    natural: &[usize],
    words: &[usize],
    avail: usize,
    fits_borders: bool,
) -> Option<Vec<usize>> {
    if !fits_borders {
        return None;
    }
    let total: usize = natural.iter().sum();
    if total <= avail {
        return Some(natural.to_vec());
    }
    // Start from each column's longest word, then take columns from the widest minimum
    // down (never below MIN_COLUMN) until the minimums fit: long identifiers break, short
    // words stay whole.
    let mut mins: Vec<usize> = natural
        .iter()
        .zip(words)
        .map(|(n, w)| (*n).min(*w))
        .collect();
    let mut excess = mins.iter().sum::<usize>().saturating_sub(avail);
    while excess > 0 {
        let widest = mins.iter_mut().max_by_key(|m| **m);
        match widest {
            // One column at a time, so ties shrink evenly.
            Some(m) if *m > MIN_COLUMN => {
                *m -= 1;
                excess -= 1;
            }
            _ => break,
        }
    }
    let min_total: usize = mins.iter().sum();
    if min_total > avail {
        return None;
    }
    let extra = avail - min_total;
    let want: usize = natural.iter().zip(&mins).map(|(n, m)| n - m).sum();
    let mut widths: Vec<usize> = natural
        .iter()
        .zip(&mins)
        .map(|(n, m)| m + (n - m) * extra / want.max(1))
        .collect();
    // Hand out what the rounding left, one column at a time, to columns still short.
    let mut left = avail.saturating_sub(widths.iter().sum());
    while left > 0 {
        let mut gave = false;
        for (w, n) in widths.iter_mut().zip(natural) {
            if left > 0 && *w < *n {
                *w += 1;
                left -= 1;
                gave = true;
            }
        }
        if !gave {
            break;
        }
    }
    Some(widths)
}

fn table_row(cells: &[Cell], widths: &[usize], aligns: &[Alignment], border: Style) -> Vec<Row> {
    let empty = Vec::new();
    let wrapped: Vec<Vec<Row>> = widths
        .iter()
        .enumerate()
        .map(|(c, w)| wrap(cells.get(c).unwrap_or(&empty), *w))
        .collect();
    let height = wrapped.iter().map(Vec::len).max().unwrap_or(1);
    let mut out = Vec::with_capacity(height);
    for i in 0..height {
        let mut row = Row::new();
        row.push("│", border);
        for (c, w) in widths.iter().enumerate() {
            let cell = wrapped
                .get(c)
                .and_then(|l| l.get(i))
                .cloned()
                .unwrap_or_default();
            let pad = w.saturating_sub(cell.width);
            let (before, after) = match aligns.get(c).copied().unwrap_or(Alignment::None) {
                Alignment::Right => (pad, 0),
                Alignment::Center => (pad / 2, pad - pad / 2),
                Alignment::Left | Alignment::None => (0, pad),
            };
            row.pad(1 + before, Style::new());
            row.append(cell);
            row.pad(after + 1, Style::new());
            row.push("│", border);
        }
        out.push(row);
    }
    out
}

/// The fallback for very narrow widths: each row as `header: value` lines, rows
/// separated by a short rule.
fn records(t: &TableData, head: &[Cell], width: usize, theme: &Theme) -> Vec<Row> {
    let mut out = Vec::new();
    let body: Vec<&Vec<Cell>> = if t.rows.is_empty() {
        vec![&t.head]
    } else {
        t.rows.iter().collect()
    };
    for (i, row) in body.into_iter().enumerate() {
        if i > 0 {
            let mut sep = Row::new();
            sep.push(&"─".repeat(width.min(3)), theme.table_border);
            out.push(sep);
        }
        for (c, cell) in row.iter().enumerate() {
            let mut pieces: Vec<Piece> = head.get(c).cloned().unwrap_or_default();
            if !t.rows.is_empty() {
                if !pieces.is_empty() {
                    pieces.push(Piece::new(": ", theme.table_header));
                }
                pieces.extend(cell.iter().cloned());
            }
            out.extend(wrap(&pieces, width));
        }
    }
    out
}
