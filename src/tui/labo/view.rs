//! Draws the Labo from `&LaboState`: the title and counter, the three fields (the secret
//! masked, the editor in place while a field is edited), one line saying what happens
//! (error, confirmation, run in progress, last result), then one row per check, or the
//! open details of one check over the whole body.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget, Wrap};
use unicode_width::UnicodeWidthStr;

use crate::grade::{Status, text};
use crate::tui::home::truncate;
use crate::tui::theme::UiTheme;

use super::{Field, LaboState, Row, RowState, masked};

/// Columns of the field labels.
const LABEL: usize = 8;

/// The screen, borrowed for one frame.
pub struct LaboView<'a> {
    pub state: &'a LaboState,
    pub theme: &'a UiTheme,
}

impl Widget for LaboView<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        if area.is_empty() {
            return;
        }
        if self.state.details.is_some() {
            self.details(area, buf);
            return;
        }
        let s = self.state;
        let t = self.theme;
        let width = usize::from(area.width);
        let mut y = area.y;
        let bottom = area.y + area.height;
        buf.set_line(area.x, y, &self.title_line(width), area.width);
        y += 1;
        for (i, field) in Field::ALL.into_iter().enumerate() {
            if y >= bottom {
                return;
            }
            let row = Rect::new(area.x, y, area.width, 1);
            self.field(field, i == s.selected, row, buf);
            y += 1;
        }
        if y >= bottom {
            return;
        }
        // What happens now: wrapped, as errors and confirmations are long.
        let (message, style) = self.message();
        let room = bottom - y;
        let message_lines = wrapped_height(&message, area.width).min(room.saturating_sub(1).max(1));
        let message_area = Rect::new(area.x, y, area.width, message_lines);
        Paragraph::new(Line::from(Span::styled(message, style)))
            .wrap(Wrap { trim: false })
            .render(message_area, buf);
        y += message_lines;
        if y >= bottom {
            return;
        }
        let list = Rect::new(area.x, y, area.width, bottom - y);
        let height = usize::from(list.height);
        let selected = s.selected_row();
        // Scroll only as far as needed to show the selection (or, from the fields, the
        // check running), without stored state.
        let running = s.rows.iter().position(|r| r.state == RowState::Running);
        let first = selected
            .or(running)
            .map_or(0, |i| i.saturating_sub(height.saturating_sub(1)));
        for (i, row) in s.rows.iter().enumerate().skip(first).take(height) {
            let line = row_line(row, Some(i) == selected, width, t);
            buf.set_line(list.x, list.y + (i - first) as u16, &line, list.width);
        }
    }
}

impl LaboView<'_> {
    fn title_line(&self, width: usize) -> Line<'static> {
        let s = self.state;
        let t = self.theme;
        let counter = if s.running || s.done > 0 {
            format!("{}/{}", s.done, s.total)
        } else if let Some(last) = &s.last
            && width >= 40
        {
            format!("dernier : {}/{}", last.passed, last.total)
        } else if let Some(last) = &s.last {
            format!("{}/{}", last.passed, last.total)
        } else {
            String::new()
        };
        let title = if width >= 60 { TITLE } else { SHORT_TITLE };
        let title = truncate(title, width.saturating_sub(counter.width() + 3));
        let pad = width
            .saturating_sub(title.width() + counter.width() + 2)
            .max(1);
        Line::from(vec![
            Span::styled(format!(" {title}"), t.title),
            Span::raw(" ".repeat(pad)),
            Span::styled(counter, t.muted),
            Span::raw(" "),
        ])
    }

    fn field(&self, field: Field, selected: bool, area: Rect, buf: &mut Buffer) {
        let s = self.state;
        let t = self.theme;
        let label = format!("  {:<LABEL$}", field.label());
        let label_style = if selected { t.selected } else { t.muted };
        buf.set_line(
            area.x,
            area.y,
            &Line::from(Span::styled(label.clone(), label_style)),
            area.width,
        );
        let x = area.x + label.width() as u16;
        let value_area = Rect::new(x, area.y, area.width.saturating_sub(x - area.x), 1);
        if let (Some(editor), true) = (s.editor(), selected) {
            editor.render(value_area, buf);
            return;
        }
        let value = s.field_text(field).trim();
        let mut spans = match field {
            Field::Secret if value.is_empty() => vec![Span::styled("(à saisir)", t.muted)],
            Field::Secret => vec![Span::raw(masked(value))],
            Field::Database if value.is_empty() => {
                vec![Span::styled(
                    "(facultative : file:./dev.db, postgresql://…)",
                    t.muted,
                )]
            }
            Field::Url if value.is_empty() => {
                vec![Span::styled(
                    "(à saisir : http://localhost:3000/api/webhooks)",
                    t.muted,
                )]
            }
            _ => vec![Span::raw(value.to_owned())],
        };
        if field == Field::Secret {
            let kept = if s.save_secret {
                " · mémorisé (m : oublier)"
            } else {
                " · non mémorisé (m : mémoriser)"
            };
            spans.push(Span::styled(kept, t.muted));
        }
        let line = Line::from(spans);
        buf.set_line(value_area.x, value_area.y, &line, value_area.width);
    }

    /// The line under the fields: error, confirmation, progress, or the last result.
    fn message(&self) -> (String, Style) {
        let s = self.state;
        let t = self.theme;
        if let Some(reason) = &s.confirm {
            return (
                format!(" ⚠ {reason}. o : lancer quand même · n : annuler"),
                t.warning,
            );
        }
        if let Some(err) = &s.error {
            return (format!(" ✗ {err}"), t.error);
        }
        if s.running {
            let running = s
                .rows
                .iter()
                .find(|r| r.state == RowState::Running)
                .map(|r| r.def.id);
            let text = match (s.cleanup, running) {
                (Some((done, total)), _) => {
                    format!(
                        " ⋯ nettoyage : user.deleted {}/{total}",
                        (done + 1).min(total)
                    )
                }
                (None, Some(id)) => format!(" ⋯ {}/{} en cours : {id}", s.done, s.total),
                (None, None) => format!(" ⋯ {}/{}", s.done, s.total),
            };
            return (text, t.warning);
        }
        match &s.last {
            Some(last) => {
                let style = if last.passed == last.total {
                    t.done
                } else {
                    t.warning
                };
                (
                    format!(
                        " Labo : {}/{} ({} %) · r : relancer · Entrée : détail",
                        last.passed, last.total, last.score
                    ),
                    style,
                )
            }
            None => (
                format!(" r : lancer les {} vérifications", s.rows.len()),
                t.muted,
            ),
        }
    }

    fn details(&self, area: Rect, buf: &mut Buffer) {
        let Some(d) = &self.state.details else { return };
        let t = self.theme;
        let lines: Vec<Line<'static>> = d
            .lines
            .iter()
            .enumerate()
            .map(|(i, l)| {
                let style = if i == 0 {
                    t.title
                } else if l.starts_with("diagnostic") {
                    t.warning
                } else {
                    Style::new()
                };
                Line::from(Span::styled(format!(" {l}"), style))
            })
            .collect();
        Paragraph::new(lines)
            .wrap(Wrap { trim: false })
            .scroll((d.scroll, 0))
            .render(area, buf);
    }
}

/// ` ✓ valid — un user.created réaliste…   12 ms`.
fn row_line(row: &Row, selected: bool, width: usize, t: &UiTheme) -> Line<'static> {
    let (mark, mark_style) = match row.state {
        RowState::Waiting => ("·", t.muted),
        RowState::Running => ("…", t.warning),
        RowState::Done(Status::Passed) => (text::mark(Status::Passed), t.done),
        RowState::Done(Status::Failed) => (text::mark(Status::Failed), t.error),
        RowState::Done(Status::Skipped) => (text::mark(Status::Skipped), t.muted),
    };
    let right = match &row.result {
        Some(r) => format!("{} ms", r.ms),
        None => String::new(),
    };
    let bonus = if row.def.required { "" } else { " (bonus)" };
    let label = format!("{} — {}{bonus}", row.def.id, row.def.title);
    let room = width.saturating_sub(right.width() + 5);
    let label = truncate(&label, room);
    let pad = width.saturating_sub(label.width() + right.width() + 4);
    let label_style = if selected { t.selected } else { Style::new() };
    Line::from(vec![
        Span::raw(" "),
        Span::styled(mark.to_owned(), mark_style),
        Span::styled(format!(" {label}"), label_style),
        Span::raw(" ".repeat(pad)),
        Span::styled(right, t.muted),
    ])
}

/// Lines `text` takes wrapped in `width` columns (a close estimate, by columns).
fn wrapped_height(text: &str, width: u16) -> u16 {
    let width = usize::from(width.max(1));
    u16::try_from(text.width().div_ceil(width).max(1)).unwrap_or(u16::MAX)
}

const TITLE: &str = "Labo : votre endpoint passe l’examen, vérification par vérification";
const SHORT_TITLE: &str = "Labo";
