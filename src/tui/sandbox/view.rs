//! Draws the sandbox from `&SandboxState`: view tabs and scenario bar, the input panel
//! (with the field editor while editing), then the sender and receiver panels, the
//! delivery simulator, the live feed or the library notes.

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span, Text};
use ratatui::widgets::{Block, Paragraph, Widget, Wrap};

use crate::sandbox::{InputError, Scenario};

use super::delivery::{delivery_lines, library_lines, reception_lines};
use super::{Field, SandboxState, SandboxTheme, View};

/// From this width the scenario bar lists every scenario.
const WIDE: u16 = 110;
/// Height of the input panel: five fields and one body line, or more on tall screens.
const INPUTS_SHORT: u16 = 8;
const INPUTS_TALL: u16 = 12;
const TALL: u16 = 30;
/// Below this width the sender and receiver panels are stacked.
const SIDE_BY_SIDE: u16 = 60;
/// Below this height, stacked panels leave room for the receiver only.
const STACKED: u16 = 10;
/// Lines left to the panels, at least, when the terminal is short.
const MIN_PANELS: u16 = 6;
/// Below this many inner lines the input panel shows the selected field only.
const ALL_FIELDS: u16 = 5;
/// Lines the indented body needs before it is preferred to the compact bytes.
const MIN_INDENTED_PREVIEW: u16 = 3;

/// The screen, borrowed for one frame.
pub struct SandboxView<'a> {
    pub state: &'a SandboxState,
}

impl Widget for SandboxView<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let s = self.state;
        let t = &s.theme;
        let [tabs, bar, main] = Layout::vertical([
            Constraint::Length(1),
            Constraint::Length(1),
            Constraint::Min(0),
        ])
        .areas(area);
        Paragraph::new(tab_line(s.view, area.width, t)).render(tabs, buf);
        if s.view == View::Sync {
            let [_, rest] =
                Layout::vertical([Constraint::Length(1), Constraint::Min(0)]).areas(area);
            super::sync_view::render(&s.sync, t, rest, buf);
            return;
        }
        Paragraph::new(scenario_line(s.scenario, area.width, t)).render(bar, buf);

        // Inputs on top, full width, so the secret and id are never cut; the panels share
        // the rest side by side.
        let editing_body = s.editor().is_some() && s.field == Field::Payload;
        let height = if editing_body {
            main.height / 2
        } else if main.height >= TALL {
            INPUTS_TALL
        } else {
            INPUTS_SHORT
        };
        // Small terminals keep a few lines for the panels; the inputs then show only the
        // selected field.
        let height = height.min(main.height.saturating_sub(MIN_PANELS)).max(3);
        let [inputs, rest] =
            Layout::vertical([Constraint::Length(height), Constraint::Min(0)]).areas(main);
        render_inputs(s, inputs, buf);
        match s.view {
            View::Exchange => {
                // Side by side when each half stays readable; else the verdict on top.
                let halves = [Constraint::Ratio(1, 2), Constraint::Ratio(1, 2)];
                let (sender, receiver) = if rest.width >= SIDE_BY_SIDE {
                    let [a, b] = Layout::horizontal(halves).areas(rest);
                    (a, b)
                } else if rest.height >= STACKED {
                    let [a, b] = Layout::vertical(halves).areas(rest);
                    (b, a)
                } else {
                    // Too small for both: the verdict matters most.
                    (Rect::default(), rest)
                };
                panel(&s.rendered.sender, "Émetteur (Svix)", s).render(sender, buf);
                panel(&s.rendered.receiver, "Endpoint (réception)", s).render(receiver, buf);
            }
            View::Delivery => {
                panel(&delivery_lines(&s.delivery, t), "Livraison et relances", s).render(rest, buf)
            }
            View::Reception => panel(&reception_lines(s), "Réception", s).render(rest, buf),
            View::Libraries => panel(&library_lines(t), "Bibliothèques", s).render(rest, buf),
            View::Sync => {}
        }
    }
}

fn panel<'a>(lines: &[Line<'static>], title: &'a str, s: &SandboxState) -> Paragraph<'a> {
    let t = &s.theme;
    Paragraph::new(Text::from(lines.to_vec()))
        .wrap(Wrap { trim: false })
        .scroll((s.scroll, 0))
        .block(
            Block::bordered()
                .title(title)
                .border_style(t.border)
                .title_style(t.title),
        )
}

/// Every view's tab, then the `v` hint if it fits; on narrow screens the active view only.
fn tab_line(active: View, width: u16, t: &SandboxTheme) -> Line<'static> {
    let mut spans = vec![Span::raw(" ")];
    for view in View::ALL {
        let style = if view == active { t.tab_active } else { t.tab };
        spans.push(Span::styled(format!(" {} ", view.title()), style));
        spans.push(Span::raw(" "));
    }
    let hint = Span::styled("(v : vue suivante)", t.muted);
    let tabs = Line::from(spans.clone()).width();
    if tabs + hint.width() <= usize::from(width) {
        spans.push(hint);
        return Line::from(spans);
    }
    if tabs <= usize::from(width) {
        return Line::from(spans);
    }
    Line::from(vec![
        Span::raw(" Vue "),
        Span::styled(format!(" {} ", active.title()), t.tab_active),
        Span::styled(" v : suivante", t.muted),
    ])
}

fn scenario_line(active: Scenario, width: u16, t: &SandboxTheme) -> Line<'static> {
    if width < WIDE {
        return Line::from(vec![
            Span::styled(" Scénario ", t.label),
            Span::styled(
                format!(" {} {} ", active.key(), active.name()),
                t.tab_active,
            ),
            Span::raw(format!(" {} ", active.title())),
            Span::styled("(1–8 · 0 réinit.)", t.muted),
        ]);
    }
    let mut spans = vec![Span::styled(" Scénarios ", t.label)];
    for s in Scenario::ALL {
        let style = if s == active { t.tab_active } else { t.tab };
        spans.push(Span::styled(format!("{} {}", s.key(), s.name()), style));
        spans.push(Span::raw(" "));
    }
    spans.push(Span::styled("0 réinit.", t.tab));
    Line::from(spans)
}

fn render_inputs(s: &SandboxState, area: Rect, buf: &mut Buffer) {
    let t = &s.theme;
    let editing = s.editor().is_some();
    let block = Block::bordered()
        .title(if editing {
            "Entrées — édition (Échap : terminer)"
        } else {
            "Entrées"
        })
        .border_style(if editing { t.border_focus } else { t.border })
        .title_style(t.title);
    let inner = block.inner(area);
    block.render(area, buf);
    if inner.is_empty() {
        return;
    }
    let secret_bad = matches!(s.trace.exchange, Err(InputError::Secret(_)));
    let ts_bad = matches!(s.trace.exchange, Err(InputError::Timestamp { .. }));
    let ts_value = if s.inputs.timestamp.trim().is_empty() {
        format!("maintenant ({})", s.trace.now)
    } else {
        s.inputs.timestamp.clone()
    };
    let json = s.trace.json.describe();
    // The indented copy only helps when a few of its lines fit; on a short panel the
    // compact bytes show more of the body.
    let rows_shown = if inner.height < ALL_FIELDS {
        1
    } else {
        ALL_FIELDS
    };
    let indented = s.rendered.payload_indented
        && !(editing && s.field == Field::Payload)
        && inner.height.saturating_sub(rows_shown) >= MIN_INDENTED_PREVIEW;
    let rows: [(Field, String, Style); 5] = [
        (
            Field::Secret,
            s.inputs.secret.clone(),
            if secret_bad { t.fail } else { t.value },
        ),
        (Field::MsgId, s.inputs.msg_id.clone(), t.value),
        (
            Field::Timestamp,
            ts_value,
            if ts_bad { t.fail } else { t.value },
        ),
        (
            Field::Sample,
            format!("{} (p/P)", s.sample_label()),
            t.value,
        ),
        (
            Field::Payload,
            format!(
                "{} octets · {json}{}",
                s.inputs.payload.len(),
                if indented {
                    " · affiché indenté"
                } else {
                    ""
                }
            ),
            t.value,
        ),
    ];
    let label_width = 11;
    let compact = inner.height < ALL_FIELDS;
    let shown = rows
        .into_iter()
        .filter(|(field, ..)| !compact || *field == s.field);
    let mut top = inner.y;
    for (i, (field, value, style)) in shown.enumerate() {
        let y = inner.y + i as u16;
        if y >= inner.bottom() {
            return;
        }
        let label_style = if field == s.field {
            t.selected
        } else {
            t.label
        };
        let line = Line::from(vec![
            Span::styled(
                format!("{:<w$}", field.label(), w = label_width - 1),
                label_style,
            ),
            Span::raw(" "),
            Span::styled(value, style),
        ]);
        buf.set_line(inner.x, y, &line, inner.width);
        if let (Some(editor), true) = (s.editor(), field == s.field && field != Field::Payload) {
            let rect = Rect {
                x: inner.x + label_width as u16,
                y,
                width: inner.width.saturating_sub(label_width as u16),
                height: 1,
            };
            ratatui::widgets::Clear.render(rect, buf);
            editor.render(rect, buf);
        }
        top = y + 1;
    }
    if top >= inner.bottom() {
        return;
    }
    let body = Rect {
        y: top,
        height: inner.bottom() - top,
        ..inner
    };
    match s.editor() {
        Some(editor) if s.field == Field::Payload => editor.render(body, buf),
        _ => {
            let lines: Box<dyn Iterator<Item = &str>> = if indented {
                Box::new(s.rendered.payload.iter().map(String::as_str))
            } else {
                Box::new(s.inputs.payload.split('\n'))
            };
            let preview: Vec<Line> = lines
                .take(usize::from(body.height))
                .map(|l| Line::from(Span::styled(l, t.part_body)))
                .collect();
            Paragraph::new(preview).render(body, buf);
        }
    }
}
