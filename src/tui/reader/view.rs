//! Drawing the reader body from `&ReaderState`: the visible slice of the cached
//! document, search and link highlights laid over it, and the outline panel.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Widget};

use super::ReaderState;
use crate::markdown;
use crate::tui::layout;
use crate::tui::theme::UiTheme;

/// The reader body (text column and outline), borrowed for one frame.
pub struct ReaderView<'a> {
    pub state: &'a ReaderState,
    pub theme: &'a UiTheme,
    /// The document's theme, for the `‹ ›` markers of code scrolled sideways.
    pub md_theme: &'a markdown::Theme,
    /// Draw external links as OSC 8 hyperlinks.
    pub hyperlinks: bool,
}

impl Widget for ReaderView<'_> {
    fn render(self, body: Rect, buf: &mut Buffer) {
        let state = self.state;
        let column = layout::text_column(body);
        let visible = state
            .doc
            .lines
            .iter()
            .enumerate()
            .skip(state.scroll)
            .take(usize::from(column.height));
        for (row, (_, line)) in visible.enumerate() {
            let y = column.y + row as u16;
            buf.set_line(column.x, y, line, column.width);
        }
        render_scrolled_code(state, self.md_theme, column, buf);
        let current = state.current_match();
        for m in &state.search.matches {
            let style = if Some(*m) == current {
                self.theme.search_current
            } else {
                self.theme.search_match
            };
            // A match in a block scrolled sideways moves with it (or leaves the screen).
            let shift = state.code_shift(m.line);
            let (Some(start), Some(end)) = (m.start.checked_sub(shift), m.end.checked_sub(shift))
            else {
                continue;
            };
            highlight(buf, column, state.scroll, m.line, start, end, style);
        }
        if let Some(block) = state.code.and_then(|i| state.doc.code_blocks.get(i)) {
            // The focused block: its top border (or, unboxed, its code) stands out.
            let lines = match block.boxed {
                true => block.first_line.saturating_sub(1)..block.first_line,
                false => block.line_range(),
            };
            let start = block.column.saturating_sub(2 * usize::from(block.boxed));
            let end = block.column + block.visible + 2 * usize::from(block.boxed);
            let (start, end) = (
                u16::try_from(start).unwrap_or(u16::MAX),
                u16::try_from(end).unwrap_or(u16::MAX),
            );
            for line in lines {
                highlight(
                    buf,
                    column,
                    state.scroll,
                    line,
                    start,
                    end,
                    self.theme.link_selected,
                );
            }
        }
        if let Some(fold) = state.selected_fold() {
            // The summary line (`▸ Indice 1`), text only.
            let width = state
                .doc
                .lines
                .get(fold.line)
                .map_or(0, |l| l.width().min(usize::from(u16::MAX)));
            let text_start = state.doc.lines.get(fold.line).map_or(0, |l| {
                let text: String = l.spans.iter().map(|s| s.content.as_ref()).collect();
                let lead = text.len() - text.trim_start().len();
                text.get(..lead)
                    .map_or(0, unicode_width::UnicodeWidthStr::width)
            });
            highlight(
                buf,
                column,
                state.scroll,
                fold.line,
                text_start as u16,
                width as u16,
                self.theme.link_selected,
            );
        }
        for link in state.selected_fragments() {
            let start = u16::try_from(link.columns.start).unwrap_or(u16::MAX);
            let end = u16::try_from(link.columns.end).unwrap_or(u16::MAX);
            highlight(
                buf,
                column,
                state.scroll,
                link.line,
                start,
                end,
                self.theme.link_selected,
            );
        }
        if self.hyperlinks {
            render_hyperlinks(state, column, buf);
        }
        if let Some(selected) = state.outline {
            render_outline(
                state,
                selected,
                self.theme,
                layout::outline_panel(body),
                buf,
            );
        }
    }
}

/// Redraws the visible lines of every block scrolled sideways: the window at its
/// offset, with `‹` in the left padding and `›` while more lies to the right.
fn render_scrolled_code(
    state: &ReaderState,
    theme: &markdown::Theme,
    column: Rect,
    buf: &mut Buffer,
) {
    let bottom = state.scroll + usize::from(column.height);
    for (index, block) in state.doc.code_blocks.iter().enumerate() {
        let offset = state.code_offset(index);
        if offset == 0 {
            continue;
        }
        let lines = block.line_range();
        let (x, width) = if block.boxed {
            (block.column.saturating_sub(1), block.visible + 2)
        } else {
            (block.column, block.visible)
        };
        let (Ok(x), Ok(width)) = (u16::try_from(x), u16::try_from(width)) else {
            continue;
        };
        if x >= column.width {
            continue;
        }
        for line in lines.start.max(state.scroll)..lines.end.min(bottom) {
            let Some(window) = block.window(line - lines.start, offset, theme) else {
                continue;
            };
            let y = column.y + (line - state.scroll) as u16;
            buf.set_line(column.x + x, y, &window, width.min(column.width - x));
        }
    }
}

/// Makes every visible cell of every external link an OSC 8 hyperlink. Each cell is
/// self-contained (open, glyph, close) so that a partial redraw never leaves a link open,
/// and declares its true width (`ForcedWidth`) so that ratatui's diff does not count the
/// escape as columns. Fragments of one wrapped link share an `id`, which terminals use
/// to underline the whole link on hover.
fn render_hyperlinks(state: &ReaderState, column: Rect, buf: &mut Buffer) {
    let bottom = state.scroll + usize::from(column.height);
    for link in &state.doc.links {
        let url = &*link.url;
        if link.internal
            || url.is_empty()
            || link.line < state.scroll
            || link.line >= bottom
            || url.chars().any(char::is_control)
        {
            continue;
        }
        let y = column.y + (link.line - state.scroll) as u16;
        let end = link.columns.end.min(usize::from(column.width));
        for x in link.columns.start..end {
            let Some(cell) = buf.cell_mut((column.x + x as u16, y)) else {
                continue;
            };
            let glyph = cell.symbol().to_string();
            let width = unicode_width::UnicodeWidthStr::width(glyph.as_str());
            // The blank cell behind a wide character belongs to it.
            let Some(width) = u16::try_from(width)
                .ok()
                .and_then(std::num::NonZeroU16::new)
            else {
                continue;
            };
            let id = link.id;
            cell.set_symbol(&format!(
                "\x1b]8;id=wt{id};{url}\x1b\\{glyph}\x1b]8;;\x1b\\"
            ));
            cell.set_diff_option(ratatui::buffer::CellDiffOption::ForcedWidth(width));
        }
    }
}

/// Restyles columns `start..end` of document line `line` if it is on screen.
fn highlight(
    buf: &mut Buffer,
    column: Rect,
    scroll: usize,
    line: usize,
    start: u16,
    end: u16,
    style: Style,
) {
    let Some(row) = line.checked_sub(scroll) else {
        return;
    };
    if row >= usize::from(column.height) || start >= column.width {
        return;
    }
    let area = Rect {
        x: column.x + start,
        y: column.y + row as u16,
        width: end.min(column.width).saturating_sub(start),
        height: 1,
    };
    buf.set_style(area, style);
}

fn render_outline(
    state: &ReaderState,
    selected: usize,
    theme: &UiTheme,
    area: Rect,
    buf: &mut Buffer,
) {
    Clear.render(area, buf);
    let block = Block::new()
        .borders(Borders::ALL)
        .border_style(theme.panel_border)
        .title(Span::styled(" Plan ", theme.title));
    let inner = block.inner(area);
    block.render(area, buf);
    let height = usize::from(inner.height);
    if height == 0 {
        return;
    }
    // Keep the selection visible without storing an offset.
    let first = selected.saturating_sub(height.saturating_sub(1));
    for (row, (i, h)) in state
        .doc
        .headings
        .iter()
        .enumerate()
        .skip(first)
        .take(height)
        .enumerate()
    {
        let indent = "  ".repeat(usize::from(h.level.saturating_sub(1)));
        let style = if i == selected {
            theme.selected
        } else {
            Style::new()
        };
        let text =
            crate::tui::home::truncate(&format!("{indent}{}", h.text), usize::from(inner.width));
        let line = Line::from(Span::styled(text, style));
        buf.set_line(inner.x, inner.y + row as u16, &line, inner.width);
    }
}
