//! Drawing the quiz screen from `&QuizState`: a fixed header (progress bar, objective)
//! over a scrolling column (prompt, then the answer rows or the feedback), and the
//! « Abandonner ? » box. [`content`] is also used by `update` to scroll, so both agree.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Widget, Wrap};
use unicode_width::{UnicodeWidthChar as _, UnicodeWidthStr as _};

use super::{Draft, QuizState};
use crate::quiz::{Answer, Feedback, Verdict};
use crate::tui::home::truncate;
use crate::tui::layout;
use crate::tui::theme::UiTheme;

/// Lines above the scrolling column.
pub const HEADER_LINES: u16 = 2;

/// The quiz screen, borrowed for one frame.
pub struct QuizView<'a> {
    pub state: &'a QuizState,
}

impl Widget for QuizView<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let s = self.state;
        let t = &s.theme;
        let column = layout::text_column(area);
        if column.height == 0 {
            return;
        }
        buf.set_line(
            column.x,
            column.y,
            &progress_line(s, column.width, t),
            column.width,
        );
        if column.height > 1 {
            let objective = truncate(
                &format!("Objectif : {}", s.asked.objective),
                usize::from(column.width),
            );
            buf.set_line(
                column.x,
                column.y + 1,
                &Line::from(Span::styled(objective, t.muted)),
                column.width,
            );
        }
        let body = Rect {
            y: column.y + HEADER_LINES.min(column.height),
            height: column.height.saturating_sub(HEADER_LINES),
            ..column
        };
        let (lines, focus) = content(s);
        let height = usize::from(body.height);
        let max = lines.len().saturating_sub(height);
        let top = s.scroll.unwrap_or_else(|| auto_top(focus, height)).min(max);
        for (i, line) in lines.iter().skip(top).take(height).enumerate() {
            buf.set_line(body.x, body.y + i as u16, line, body.width);
        }
        if top + height < lines.len() && body.height > 0 {
            let more = Span::styled("▼", t.muted);
            buf.set_span(body.right().saturating_sub(1), body.bottom() - 1, &more, 1);
        }
        if s.confirm {
            confirm_box(area, buf, t);
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

/// Every line of the scrolling column, and the line to keep in sight (the highlighted
/// row, or a few lines under the verdict banner).
pub fn content(s: &QuizState) -> (Vec<Line<'static>>, Option<usize>) {
    let t = &s.theme;
    let width = usize::from(s.width);
    let mut out: Vec<Line<'static>> = s.prompt.clone();
    out.push(Line::default());
    let focus = match &s.feedback {
        None => {
            for l in wrap(hint(&s.draft), width) {
                out.push(Line::from(Span::styled(l, t.muted)));
            }
            answer_rows(&s.draft, width, t, &mut out)
        }
        Some(fb) => {
            let banner = out.len();
            feedback_lines(s, fb, width, &mut out);
            Some(banner + (s.viewport / 2).min(4))
        }
    };
    (out, focus)
}

fn progress_line(s: &QuizState, width: u16, t: &UiTheme) -> Line<'static> {
    let label = format!("{} ", s.position());
    let done = s.session.answered();
    let total = s.asked.total.max(1);
    let room = usize::from(width).saturating_sub(label.width() + 1);
    let filled = (room * done.min(total)).div_ceil(total).min(room);
    Line::from(vec![
        Span::styled(label, t.title),
        Span::styled("█".repeat(filled), t.gauge_full),
        Span::styled("░".repeat(room - filled), t.gauge_empty),
    ])
}

/// Pushes the answer rows; returns the line of the highlighted row.
fn answer_rows(
    draft: &Draft,
    width: usize,
    t: &UiTheme,
    out: &mut Vec<Line<'static>>,
) -> Option<usize> {
    let mut focus = None;
    // The focus is the row's last line, so that all of a wrapped row is in sight.
    let row = |out: &mut Vec<Line<'static>>, selected: bool, lead: String, text: &str| {
        let style = if selected { t.selected } else { Style::new() };
        let pointer = if selected { "› " } else { "  " };
        push_wrapped(out, format!("{pointer}{lead}"), text, width, style);
        selected.then(|| out.len().saturating_sub(1))
    };
    match draft {
        Draft::Choices {
            texts,
            multiple,
            picked,
            cursor,
        } => {
            for (i, text) in texts.iter().enumerate() {
                let on = picked.get(i).copied().unwrap_or(false);
                let mark = check_box(*multiple, on);
                focus = focus.or(row(out, i == *cursor, format!("{mark} {}. ", i + 1), text));
            }
        }
        Draft::TrueFalse { picked, cursor } => {
            for (i, text) in ["Vrai", "Faux"].into_iter().enumerate() {
                let on = *picked == Some(i == 0);
                let mark = check_box(false, on);
                focus = focus.or(row(out, i == *cursor, format!("{mark} {}. ", i + 1), text));
            }
        }
        Draft::ShortText { text } => {
            out.push(Line::from("Votre réponse :"));
            // The end of a long answer stays visible, where the typing happens.
            let room = width.saturating_sub(3);
            let shown = tail(text, room);
            focus = Some(out.len());
            out.push(Line::from(vec![
                Span::styled("› ", t.footer_key),
                Span::raw(shown),
                Span::styled("▏", t.footer_key),
            ]));
        }
        Draft::Ordering {
            items,
            order,
            cursor,
        } => {
            for (place, &item) in order.iter().enumerate() {
                let text = items.get(item).map_or("", String::as_str);
                focus = focus.or(row(out, place == *cursor, format!("{}. ", place + 1), text));
            }
        }
        Draft::Matching {
            left,
            right,
            given,
            cursor,
        } => {
            let left_width = left.iter().map(|l| l.width()).max().unwrap_or(0);
            let side_by_side = left_width + 12 <= width / 2 + 6;
            for (i, l) in left.iter().enumerate() {
                let value = given
                    .get(i)
                    .and_then(|&g| right.get(g))
                    .map_or("", String::as_str);
                let selected = i == *cursor;
                let (open, value) = if selected {
                    ("◂ ", format!("{value} ▸"))
                } else {
                    ("  ", value.to_string())
                };
                if side_by_side {
                    let pad = " ".repeat(left_width - l.width());
                    focus = focus.or(row(
                        out,
                        selected,
                        format!("{}. {l}{pad} → {open}", i + 1),
                        &value,
                    ));
                } else {
                    focus = focus.or(row(out, selected, format!("{}. ", i + 1), l));
                    let style = if selected { t.selected } else { Style::new() };
                    push_wrapped(out, format!("     → {open}"), &value, width, style);
                    if selected {
                        focus = Some(out.len().saturating_sub(1));
                    }
                }
            }
        }
    }
    focus
}

fn feedback_lines(s: &QuizState, fb: &Feedback, width: usize, out: &mut Vec<Line<'static>>) {
    let t = &s.theme;
    let (banner, style) = match fb.verdict {
        Verdict::Correct => ("✓ Bonne réponse".to_string(), t.done),
        Verdict::Partial => (
            format!(
                "◐ Réponse partielle : {:.0} % des points",
                fb.credit * 100.0
            ),
            t.warning,
        ),
        Verdict::Incorrect => ("✗ Mauvaise réponse".to_string(), t.error),
    };
    out.push(Line::from(Span::styled(
        banner,
        style.add_modifier(Modifier::BOLD),
    )));
    out.push(Line::default());
    let correct = fb.verdict == Verdict::Correct;
    match &s.draft {
        Draft::Choices { multiple, .. } => {
            for c in &fb.choices {
                let mark = if c.correct {
                    "✓"
                } else if c.selected {
                    "✗"
                } else {
                    " "
                };
                let style = if c.correct {
                    t.done
                } else if c.selected {
                    t.error
                } else {
                    Style::new()
                };
                let lead = format!("{mark} {} {}. ", check_box(*multiple, c.selected), c.number);
                let indent = " ".repeat(lead.width());
                push_wrapped(out, lead, &c.text, width, style);
                if let Some(note) = &c.feedback {
                    push_wrapped(out, indent, note, width, t.muted);
                }
            }
            out.push(Line::from(Span::styled(CHOICES_LEGEND, t.muted)));
        }
        Draft::Matching { .. } => {
            for p in &fb.pairs {
                let (mark, style) = if p.correct {
                    ("✓", t.done)
                } else {
                    ("✗", t.error)
                };
                let text = if p.correct {
                    format!("{} → {}", p.left, p.given)
                } else {
                    format!("{} → {} (attendu : {})", p.left, p.given, p.expected)
                };
                push_wrapped(out, format!("{mark} "), &text, width, style);
            }
        }
        Draft::Ordering { items, order, .. } => {
            out.push(Line::from("Votre ordre :"));
            for (place, &item) in order.iter().enumerate() {
                let text = items.get(item).map_or("", String::as_str);
                push_wrapped(out, format!("  {}. ", place + 1), text, width, Style::new());
            }
            solution(fb, correct, "Bon ordre :", width, t, out);
        }
        Draft::TrueFalse { .. } | Draft::ShortText { .. } => {
            let given = match s.draft.answer() {
                Answer::TrueFalse(true) => "Vrai".to_string(),
                Answer::TrueFalse(false) => "Faux".to_string(),
                Answer::ShortText(text) => format!("« {} »", text.trim()),
                _ => String::new(),
            };
            push_wrapped(out, "Votre réponse : ".into(), &given, width, Style::new());
            let label = if matches!(s.draft, Draft::ShortText { .. }) {
                "Réponse attendue :"
            } else {
                "Bonne réponse :"
            };
            solution(fb, correct, label, width, t, out);
        }
    }
    if let Some(message) = &fb.message {
        out.push(Line::default());
        push_wrapped(out, String::new(), message, width, t.warning);
    }
    if !s.explanation.is_empty() {
        out.push(Line::default());
        out.extend(s.explanation.iter().cloned());
    }
    out.push(Line::default());
    let label = s.bank.sections.label(&fb.see);
    push_wrapped(out, "Pour revoir : ".into(), &label, width, t.section);
    let next = if s.session.is_finished() {
        NEXT_RESULTS
    } else {
        NEXT_QUESTION
    };
    for l in wrap(next, width) {
        out.push(Line::from(Span::styled(l, t.muted)));
    }
}

fn solution(
    fb: &Feedback,
    correct: bool,
    label: &str,
    width: usize,
    t: &UiTheme,
    out: &mut Vec<Line<'static>>,
) {
    if correct {
        return;
    }
    out.push(Line::from(Span::styled(label.to_string(), t.done)));
    for line in &fb.solution {
        push_wrapped(out, "  ".into(), line, width, t.done);
    }
}

fn confirm_box(area: Rect, buf: &mut Buffer, t: &UiTheme) {
    let width = area.width.min(50);
    let inner = usize::from(width.saturating_sub(4)).max(1);
    let height = (wrap(ABANDON, inner).len() as u16 + 2).min(area.height);
    let rect = layout::centered(area, width, height);
    Clear.render(rect, buf);
    Paragraph::new(ABANDON)
        .wrap(Wrap { trim: true })
        .style(t.warning)
        .block(
            Block::default()
                .borders(Borders::ALL)
                .border_style(t.panel_border)
                .padding(ratatui::widgets::Padding::horizontal(1)),
        )
        .render(rect, buf);
}

fn check_box(multiple: bool, on: bool) -> &'static str {
    match (multiple, on) {
        (true, true) => "[x]",
        (true, false) => "[ ]",
        (false, true) => "(•)",
        (false, false) => "( )",
    }
}

fn hint(draft: &Draft) -> &'static str {
    match draft {
        Draft::Choices {
            multiple: false, ..
        } => HINT_SINGLE,
        Draft::Choices { .. } => HINT_MULTIPLE,
        Draft::TrueFalse { .. } => HINT_TRUE_FALSE,
        Draft::ShortText { .. } => HINT_SHORT_TEXT,
        Draft::Ordering { .. } => HINT_ORDERING,
        Draft::Matching { .. } => HINT_MATCHING,
    }
}

/// `lead` then `text` wrapped to `width`, continuation lines indented under the text.
fn push_wrapped(
    out: &mut Vec<Line<'static>>,
    lead: String,
    text: &str,
    width: usize,
    style: Style,
) {
    let indent = lead.width();
    let room = width.saturating_sub(indent).max(8);
    for (i, piece) in wrap(text, room).into_iter().enumerate() {
        let head = if i == 0 {
            lead.clone()
        } else {
            " ".repeat(indent)
        };
        out.push(Line::from(vec![
            Span::styled(head, style),
            Span::styled(piece, style),
        ]));
    }
}

/// Greedy word wrap in display columns; words longer than `width` are cut.
pub fn wrap(text: &str, width: usize) -> Vec<String> {
    let width = width.max(1);
    let mut lines = Vec::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        let sep = usize::from(!line.is_empty());
        if line.width() + sep + word.width() <= width {
            if sep == 1 {
                line.push(' ');
            }
            line.push_str(word);
            continue;
        }
        if !line.is_empty() {
            lines.push(std::mem::take(&mut line));
        }
        for c in word.chars() {
            if line.width() + c.width().unwrap_or(0) > width {
                lines.push(std::mem::take(&mut line));
            }
            line.push(c);
        }
    }
    if !line.is_empty() || lines.is_empty() {
        lines.push(line);
    }
    lines
}

/// The last `max` columns of `s`, with `…` in front when cut.
fn tail(s: &str, max: usize) -> String {
    if s.width() <= max {
        return s.to_string();
    }
    let mut out: Vec<char> = Vec::new();
    let mut used = 1;
    for c in s.chars().rev() {
        let w = c.width().unwrap_or(0);
        if used + w > max {
            break;
        }
        out.push(c);
        used += w;
    }
    std::iter::once('…').chain(out.into_iter().rev()).collect()
}

const HINT_SINGLE: &str = "Une seule réponse : ↑↓ ou 1…9 pour choisir, Entrée pour valider.";
const HINT_MULTIPLE: &str =
    "Plusieurs réponses possibles : Espace (ou 1…9) coche ou décoche, Entrée valide.";
const HINT_TRUE_FALSE: &str = "Vrai ou faux : ↑↓ ou 1/2 pour choisir, Entrée pour valider.";
const HINT_SHORT_TEXT: &str = "Tapez votre réponse puis Entrée ; Échap pour abandonner.";
const HINT_ORDERING: &str =
    "Remettez dans l'ordre : ↑↓ choisit un élément, K/J (ou Maj-↑/↓) le déplace, Entrée valide.";
const HINT_MATCHING: &str =
    "Associez : ↑↓ choisit un élément, ←/→ change sa valeur, Entrée valide.";
const CHOICES_LEGEND: &str = "(✓ bonne réponse · ✗ mauvais choix · [x] ou (•) votre choix)";
const NEXT_QUESTION: &str = "o : ouvrir cette section · Entrée : question suivante";
const NEXT_RESULTS: &str = "o : ouvrir cette section · Entrée : voir les résultats";
const ABANDON: &str = "Abandonner le quiz ? La tentative ne sera pas enregistrée. (o/N)";
