//! The status line (where am I, messages), the one-line key footer, and the
//! « Terminal trop petit » notice.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Widget;
use unicode_width::UnicodeWidthStr;

use super::app::Screen;
use super::home::truncate;
use super::keymap::{self, Mode};
use super::layout;
use super::theme::UiTheme;

/// Messages shown in the status line.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Status {
    /// A hint or result of the last action; cleared by the next key.
    pub notice: Option<String>,
    /// A problem that lasts (reload error, save error) until it is fixed.
    pub error: Option<String>,
}

/// The status line: `left` on the left, the message (or `right`) on the right.
pub struct StatusView<'a> {
    /// Truncated first when space runs out.
    pub left: String,
    /// Shown in full after `left` (the reading position).
    pub position: String,
    pub right: String,
    pub status: &'a Status,
    pub theme: &'a UiTheme,
}

impl Widget for StatusView<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let (message, style) = match (&self.status.error, &self.status.notice) {
            (Some(err), _) => (err.as_str(), self.theme.status_error),
            (None, Some(notice)) => (notice.as_str(), self.theme.status),
            (None, None) => (self.right.as_str(), self.theme.status),
        };
        buf.set_style(area, self.theme.status);
        let width = usize::from(area.width);
        // The message matters more than the title: it gets the room it needs first.
        let message = truncate(message, width.saturating_sub(2));
        let position = if self.position.is_empty() {
            String::new()
        } else {
            format!(" │ {}", self.position)
        };
        // What is left after the message and a gap: the title shrinks first, then the
        // position, so the two halves never overlap.
        let room = width.saturating_sub(message.width() + 2);
        let text = if position.width() < room {
            let left = truncate(&self.left, room - 1 - position.width());
            format!(" {left}{position}")
        } else {
            truncate(&format!(" {}", self.position), room)
        };
        let line = Line::from(Span::styled(text, self.theme.status));
        buf.set_line(area.x, area.y, &line, area.width);
        let x = area.x + area.width.saturating_sub(message.width() as u16 + 1);
        buf.set_line(
            x,
            area.y,
            &Line::from(Span::styled(message, style)),
            area.width,
        );
    }
}

/// The key hints of `screen` in `mode`: `j défiler · / chercher · ? aide`.
pub struct FooterView<'a> {
    pub screen: Screen,
    pub mode: Mode,
    pub theme: &'a UiTheme,
    /// The label to show for a binding, `None` to leave it out: the app names only
    /// the keys that apply (the quiz's question kind) and where they lead (back to the
    /// quiz from a review). Defaults to the binding's own footer label.
    pub label: &'a dyn Fn(&keymap::Binding) -> Option<&'static str>,
}

impl Widget for FooterView<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let mut spans = vec![Span::raw(" ")];
        let mut used = 1;
        for b in keymap::bindings_for(self.screen, self.mode) {
            let Some(label) = (self.label)(b) else {
                continue;
            };
            let keys = keymap::footer_key_label(b);
            let piece = keys.width() + label.width() + 4;
            if used + piece > usize::from(area.width) {
                break;
            }
            if used > 1 {
                spans.push(Span::styled(" · ", self.theme.footer_text));
            }
            spans.push(Span::styled(keys, self.theme.footer_key));
            spans.push(Span::styled(format!(" {label}"), self.theme.footer_text));
            used += piece;
        }
        buf.set_line(area.x, area.y, &Line::from(spans), area.width);
    }
}

/// Shown instead of everything else below `layout::MIN_WIDTH`×`layout::MIN_HEIGHT`.
pub struct TooSmall;

impl Widget for TooSmall {
    fn render(self, area: Rect, buf: &mut Buffer) {
        if area.is_empty() {
            return;
        }
        let text = truncate(TOO_SMALL, usize::from(area.width));
        let hint = truncate(
            &format!("min. {}×{}", layout::MIN_WIDTH, layout::MIN_HEIGHT),
            usize::from(area.width),
        );
        let y = area.y + area.height.saturating_sub(1) / 2;
        let x = area.x + area.width.saturating_sub(text.width() as u16) / 2;
        buf.set_line(x, y, &Line::from(text), area.width);
        if area.height >= 3 {
            let x = area.x + area.width.saturating_sub(hint.width() as u16) / 2;
            buf.set_line(x, y + 1, &Line::from(hint), area.width);
        }
    }
}

const TOO_SMALL: &str = "Terminal trop petit";

#[cfg(test)]
mod tests {
    use super::*;

    fn line(width: u16, left: &str, position: &str, notice: Option<&str>) -> String {
        let status = Status {
            notice: notice.map(str::to_string),
            error: None,
        };
        let theme = UiTheme::plain();
        let view = StatusView {
            left: left.to_string(),
            position: position.to_string(),
            right: String::new(),
            status: &status,
            theme: &theme,
        };
        let area = Rect::new(0, 0, width, 1);
        let mut buf = Buffer::empty(area);
        view.render(area, &mut buf);
        (0..width)
            .map(|x| buf[(x, 0)].symbol().to_string())
            .collect::<String>()
    }

    #[test]
    fn title_then_position_shrink_so_nothing_overlaps() {
        let notice = "scénario « replay » : rejeu d'une vieille requête";
        assert_eq!(
            line(80, "Bac à sable Svix", "scénario replay", Some(notice)),
            format!(" Bac à sab… │ scénario replay {notice} ")
        );
        assert_eq!(
            line(60, "Bac à sable Svix", "scénario replay", Some(notice)),
            format!(" scénari… {notice} ")
        );
        assert_eq!(
            line(40, "Module 4", "1/783 · 0 %", None),
            " Module 4 │ 1/783 · 0 %                 "
        );
    }
}
