//! Where things go on screen. [`areas`] is used both by drawing and by `update` on
//! resize (to know the reader's viewport), so the two always agree and drawing never
//! has to write layout state back.

use ratatui::layout::{Constraint, Layout, Rect};

/// Below this size only the « Terminal trop petit » notice is drawn.
pub const MIN_WIDTH: u16 = 20;
pub const MIN_HEIGHT: u16 = 6;
/// Text wider than this is hard to read; the reader centres a column this wide.
pub const MAX_TEXT_WIDTH: u16 = 100;
/// Widest outline panel; it covers the whole body below twice this minimum.
pub const OUTLINE_WIDTH: u16 = 50;
const OUTLINE_MIN_SIDE: u16 = 40;

/// The regions of a normal screen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Areas {
    /// Screen content.
    pub body: Rect,
    /// Module title, position, messages.
    pub status: Rect,
    /// One line of key hints.
    pub footer: Rect,
}

pub fn is_too_small(area: Rect) -> bool {
    area.width < MIN_WIDTH || area.height < MIN_HEIGHT
}

pub fn areas(area: Rect) -> Areas {
    let [body, status, footer] = Layout::vertical([
        Constraint::Min(1),
        Constraint::Length(1),
        Constraint::Length(1),
    ])
    .areas(area);
    Areas {
        body,
        status,
        footer,
    }
}

/// The reader's text column inside `body`: centred, at most [`MAX_TEXT_WIDTH`] wide,
/// with one column of margin on each side when there is room.
pub fn text_column(body: Rect) -> Rect {
    let margin = if body.width >= 40 { 1 } else { 0 };
    let width = body
        .width
        .saturating_sub(2 * margin)
        .clamp(1, MAX_TEXT_WIDTH);
    let x = body.x + (body.width.saturating_sub(width)) / 2;
    Rect { x, width, ..body }
}

/// The outline panel, over the left part of the body (all of it on narrow screens).
pub fn outline_panel(body: Rect) -> Rect {
    let width = if body.width >= 2 * OUTLINE_MIN_SIDE {
        (body.width / 2).min(OUTLINE_WIDTH)
    } else {
        body.width
    };
    Rect { width, ..body }
}

/// A box of at most `width`×`height` centred in `area`.
pub fn centered(area: Rect, width: u16, height: u16) -> Rect {
    let width = width.min(area.width);
    let height = height.min(area.height);
    Rect {
        x: area.x + (area.width - width) / 2,
        y: area.y + (area.height - height) / 2,
        width,
        height,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_column_is_centred_and_capped() {
        assert_eq!(
            text_column(Rect::new(0, 0, 200, 10)),
            Rect::new(50, 0, 100, 10)
        );
        assert_eq!(
            text_column(Rect::new(0, 0, 80, 10)),
            Rect::new(1, 0, 78, 10)
        );
        assert_eq!(
            text_column(Rect::new(0, 0, 30, 10)),
            Rect::new(0, 0, 30, 10)
        );
        assert_eq!(text_column(Rect::new(0, 0, 0, 0)).width, 1);
    }

    #[test]
    fn areas_fit_any_size() {
        for (w, h) in [(1, 1), (20, 6), (80, 24)] {
            let a = areas(Rect::new(0, 0, w, h));
            assert!(a.body.height + a.status.height + a.footer.height <= h.max(1));
        }
    }
}
