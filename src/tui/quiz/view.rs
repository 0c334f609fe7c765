//! Drawing the quiz screen from `&QuizState`: the fixed header (progress bar,
//! objective) over a slice of the scrolling column (prompt, then the answer rows or the
//! feedback), and the « Abandonner ? » box. Every line is laid out beforehand by
//! `screen.rs`; this only picks which ones to draw.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::Span;
use ratatui::widgets::{Block, Borders, Clear, Padding, Widget};

use super::QuizState;
use super::screen::confirm_width;
use crate::tui::layout;

/// Lines above the scrolling column.
pub const HEADER_LINES: u16 = 2;

/// The quiz screen, borrowed for one frame.
pub struct QuizView<'a> {
    pub state: &'a QuizState,
}

impl Widget for QuizView<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let s = self.state;
        let screen = &s.screen;
        let column = layout::text_column(area);
        for (i, line) in screen
            .header
            .iter()
            .take(usize::from(HEADER_LINES.min(column.height)))
            .enumerate()
        {
            buf.set_line(column.x, column.y + i as u16, line, column.width);
        }
        let body = Rect {
            y: column.y + HEADER_LINES.min(column.height),
            height: column.height.saturating_sub(HEADER_LINES),
            ..column
        };
        let height = usize::from(body.height);
        let lines = &screen.lines;
        let top = s.top(height);
        for (i, line) in lines.iter().skip(top).take(height).enumerate() {
            buf.set_line(body.x, body.y + i as u16, line, body.width);
        }
        // Arrows in the last column say there is more above or below (PgUp/PgDn).
        if top > 0 && body.height > 0 {
            let more = Span::styled("▲", s.theme.muted);
            buf.set_span(body.right().saturating_sub(1), body.y, &more, 1);
        }
        if top + height < lines.len() && body.height > 0 {
            let more = Span::styled("▼", s.theme.muted);
            buf.set_span(body.right().saturating_sub(1), body.bottom() - 1, &more, 1);
        }
        if s.confirm.is_some() {
            confirm_box(s, area, column.width, buf);
        }
    }
}

/// First line to show so that `focus` is on screen, the top otherwise.
pub fn auto_top(focus: Option<usize>, viewport: usize) -> usize {
    match focus {
        Some(line) if line >= viewport => line + 1 - viewport,
        _ => 0,
    }
}

fn confirm_box(s: &QuizState, area: Rect, column: u16, buf: &mut Buffer) {
    let lines = &s.confirm_lines;
    let height = u16::try_from(lines.len() + 2).unwrap_or(u16::MAX);
    let rect = layout::centered(area, confirm_width(column), height);
    Clear.render(rect, buf);
    buf.set_style(rect, s.theme.warning);
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(s.theme.panel_border)
        .padding(Padding::horizontal(1));
    let inner = block.inner(rect);
    block.render(rect, buf);
    for (i, line) in lines.iter().take(usize::from(inner.height)).enumerate() {
        buf.set_line(inner.x, inner.y + i as u16, line, inner.width);
    }
}
