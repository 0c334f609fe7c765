//! The `?` overlay: the key table of the current screen, generated from
//! `keymap::BINDINGS` so it always tells the truth.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Widget};
use unicode_width::UnicodeWidthStr;

use super::action::Action;
use super::app::Screen;
use super::keymap::{self, Mode};
use super::layout;
use super::theme::UiTheme;

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct HelpState {
    /// First visible line of the help text.
    pub scroll: usize,
}

impl HelpState {
    pub fn update(&mut self, action: &Action) {
        match action {
            Action::SelectNext => self.scroll = self.scroll.saturating_add(1),
            Action::SelectPrev => self.scroll = self.scroll.saturating_sub(1),
            _ => {}
        }
    }
}

/// Sections of the help for `screen`: title and (keys, description) rows.
pub fn sections(screen: Screen) -> Vec<(&'static str, Vec<(String, &'static str)>)> {
    let confirm = match screen {
        Screen::Labo => "Confirmation (URL distante)",
        _ => "Abandon",
    };
    let groups: [(&str, Mode); 11] = [
        (screen.help_title(), Mode::Normal),
        ("Réponse écrite", Mode::Typing),
        ("Correction", Mode::Feedback),
        (confirm, Mode::Confirm),
        ("Recherche", Mode::Search),
        ("Plan", Mode::Outline),
        ("Recherche dans le cours", Mode::CourseSearch),
        ("Édition d'un champ", Mode::Edit),
        ("Synchronisation", Mode::Sync),
        ("Détail d'une vérification", Mode::Details),
        ("Aide", Mode::Help),
    ];
    let mut shown: Vec<*const keymap::Binding> = Vec::new();
    // The course-wide search opens from home and the reader only.
    let searchable = matches!(screen, Screen::Home | Screen::Reader);
    groups
        .into_iter()
        .filter(|(_, mode)| *mode != Mode::CourseSearch || searchable)
        .map(|(title, mode)| {
            // A binding valid in several modes (Ctrl-C) is listed once, in the first.
            let rows = keymap::bindings_for(screen, mode)
                .filter(|b| {
                    let ptr: *const keymap::Binding = *b;
                    let new = !shown.contains(&ptr);
                    shown.push(ptr);
                    new
                })
                .map(|b| (keymap::keys_label(b), b.help))
                .collect::<Vec<_>>();
            (title, rows)
        })
        .filter(|(_, rows)| !rows.is_empty())
        .collect()
}

/// All help lines for `screen`, ready to draw in `max_width` columns: keys and
/// description side by side when they fit, else the description under its keys.
pub fn lines(screen: Screen, theme: &UiTheme, max_width: usize) -> Vec<Line<'static>> {
    let sections = sections(screen);
    let key_width = sections
        .iter()
        .flat_map(|(_, rows)| rows.iter().map(|(k, _)| k.width()))
        .max()
        .unwrap_or(0);
    let help_width = sections
        .iter()
        .flat_map(|(_, rows)| rows.iter().map(|(_, h)| h.width()))
        .max()
        .unwrap_or(0);
    let side_by_side = key_width + help_width + 4 <= max_width;
    let mut out = Vec::new();
    for (title, rows) in sections {
        if !out.is_empty() {
            out.push(Line::default());
        }
        out.push(Line::from(Span::styled(title, theme.section)));
        for (keys, help) in rows {
            if side_by_side {
                let pad = " ".repeat(key_width.saturating_sub(keys.width()));
                out.push(Line::from(vec![
                    Span::styled(format!("  {keys}{pad}  "), theme.footer_key),
                    Span::raw(help),
                ]));
            } else {
                out.push(Line::from(Span::styled(
                    format!("  {keys}"),
                    theme.footer_key,
                )));
                out.push(Line::from(format!("      {help}")));
            }
        }
    }
    out
}

/// The overlay, borrowed for one frame.
pub struct HelpView<'a> {
    pub screen: Screen,
    pub state: &'a HelpState,
    pub theme: &'a UiTheme,
}

impl Widget for HelpView<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        // Border and margin take 3 columns.
        let lines = lines(
            self.screen,
            self.theme,
            usize::from(area.width.saturating_sub(3)),
        );
        let line_width = lines.iter().map(Line::width).max().unwrap_or(0) as u16 + 1;
        // Too tall for the screen but wide enough: two columns, split between sections.
        let columns: Vec<&[Line<'static>]> =
            if lines.len() + 2 > usize::from(area.height) && area.width >= 2 * line_width + 4 {
                let (left, right) = lines.split_at(split_point(&lines));
                vec![left, right.get(1..).unwrap_or_default()]
            } else {
                vec![&lines[..]]
            };
        let tallest = columns.iter().map(|c| c.len()).max().unwrap_or(0);
        let want_width = line_width * columns.len() as u16 + 3;
        let popup = layout::centered(area, want_width, tallest as u16 + 2);
        Clear.render(popup, buf);
        let mut block = Block::new()
            .borders(Borders::ALL)
            .border_style(self.theme.panel_border)
            .title(Span::styled(" Aide — touches ", self.theme.title));
        if tallest + 2 > usize::from(popup.height) {
            block = block.title_bottom(Span::styled(" j/k : défiler ", self.theme.footer_key));
        }
        let inner = block.inner(popup);
        block.render(popup, buf);
        let height = usize::from(inner.height);
        let first = self.state.scroll.min(tallest.saturating_sub(height));
        for (i, column) in columns.iter().enumerate() {
            let x = inner.x + 1 + line_width * i as u16;
            let width = (inner.x + inner.width).saturating_sub(x);
            for (row, line) in column.iter().skip(first).take(height).enumerate() {
                buf.set_line(x, inner.y + row as u16, line, width);
            }
        }
    }
}

/// The blank line between sections closest to the middle (or the middle itself).
fn split_point(lines: &[Line<'_>]) -> usize {
    let middle = lines.len() / 2;
    lines
        .iter()
        .enumerate()
        .filter(|(_, l)| l.width() == 0)
        .map(|(i, _)| i)
        .min_by_key(|&i| i.abs_diff(middle))
        .unwrap_or(middle)
}
