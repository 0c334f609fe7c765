//! The quiz screen's lines, built by `update` whenever what they show changes (the
//! question, the draft, the feedback, the geometry) so that drawing only slices them.
//!
//! Every text that comes from the question bank (choices, per-choice feedback, ordering
//! items, matching values, solutions, messages) is markdown and goes through
//! [`markdown::render`], the one Unicode-aware wrapper. The app's own strings, the
//! learner's answer and the accepted short answers (what is typed) are escaped first so
//! that they show exactly as written.

mod feedback;

use ratatui::style::Style;
use ratatui::text::{Line, Span};
use unicode_width::UnicodeWidthStr as _;

use super::{Draft, QuizState};
use crate::markdown;
use crate::tui::home::truncate;
use crate::tui::theme::UiTheme;

/// Everything the quiz screen draws, laid out for [`QuizState::width`].
#[derive(Debug, Clone, Default)]
pub struct Screen {
    /// Progress bar and objective, above the scrolling column.
    pub header: Vec<Line<'static>>,
    /// The scrolling column: prompt, then the answer rows or the feedback.
    pub lines: Vec<Line<'static>>,
    /// The line to keep in sight (the highlighted row, or a few lines under the
    /// verdict banner).
    pub focus: Option<usize>,
}

/// Lays the screen out from the state.
pub fn build(s: &QuizState) -> Screen {
    let mut b = Builder {
        width: s.width.max(1),
        md: &s.md_theme,
        t: &s.theme,
        out: s.prompt.clone(),
    };
    b.out.push(Line::default());
    let focus = match &s.feedback {
        None => {
            b.literal(Vec::new(), hint(&s.draft), b.t.muted);
            answer_rows(&mut b, &s.draft)
        }
        Some(fb) => {
            let banner = b.out.len();
            feedback::lines(&mut b, s, fb);
            Some(banner + (s.viewport / 2).min(4))
        }
    };
    Screen {
        header: header(s),
        lines: b.out,
        focus,
    }
}

/// The « Abandonner ? » box's text, wrapped to the box's inner width (it depends on
/// the width only).
pub fn confirm_lines(s: &QuizState) -> Vec<Line<'static>> {
    markdown::render(&escape(ABANDON), confirm_inner(s.width), &s.md_theme)
        .lines
        .into_iter()
        .map(|l| restyle(l, s.theme.warning))
        .collect()
}

/// Width of the « Abandonner ? » box: at most 50 columns, within the text column.
pub fn confirm_width(column: u16) -> u16 {
    column.min(50)
}

/// The box's text width: its borders and one column of padding on each side.
fn confirm_inner(column: u16) -> u16 {
    confirm_width(column).saturating_sub(4).max(1)
}

fn header(s: &QuizState) -> Vec<Line<'static>> {
    let t = &s.theme;
    let width = usize::from(s.width);
    let label = format!("{} ", s.position());
    let done = s.session.answered();
    let total = s.asked.total.max(1);
    let room = width.saturating_sub(label.width() + 1);
    let filled = (room * done.min(total)).div_ceil(total).min(room);
    let progress = Line::from(vec![
        Span::styled(label, t.title),
        Span::styled("█".repeat(filled), t.gauge_full),
        Span::styled("░".repeat(room - filled), t.gauge_empty),
    ]);
    let objective = truncate(&format!("Objectif : {}", s.asked.objective), width);
    vec![progress, Line::from(Span::styled(objective, t.muted))]
}

/// Collects the column's lines at one width.
struct Builder<'a> {
    width: u16,
    md: &'a markdown::Theme,
    t: &'a UiTheme,
    out: Vec<Line<'static>>,
}

impl Builder<'_> {
    /// `lead` then the markdown `text` laid out in the columns left after it, in
    /// `style` under the markdown's own styles; later lines hang under the text.
    /// Returns the index of the last line pushed.
    fn row(&mut self, lead: Vec<Span<'static>>, text: &str, style: Style) -> usize {
        let indent: usize = lead.iter().map(|s| s.content.width()).sum();
        let room = usize::from(self.width).saturating_sub(indent).max(MIN_ROOM);
        let room = u16::try_from(room).unwrap_or(u16::MAX);
        let lines = markdown::render(text, room, self.md).lines;
        if lines.is_empty() {
            self.out.push(Line::from(lead));
            return self.out.len() - 1;
        }
        let mut lead = Some(lead);
        for line in lines {
            let mut spans = lead.take().unwrap_or_else(|| hanging(indent, style));
            spans.extend(
                line.spans
                    .into_iter()
                    .map(|span| Span::styled(span.content, style.patch(span.style))),
            );
            self.out.push(Line::from(spans));
        }
        self.out.len().saturating_sub(1)
    }

    /// [`Builder::row`] with a plain lead in the row's style.
    fn text(&mut self, lead: String, text: &str, style: Style) -> usize {
        self.row(vec![Span::styled(lead, style)], text, style)
    }

    /// [`Builder::row`] for a string that is not markdown: shown as written.
    fn literal(&mut self, lead: Vec<Span<'static>>, text: &str, style: Style) -> usize {
        self.row(lead, &escape(text), style)
    }

    fn push(&mut self, line: Line<'static>) {
        self.out.push(line);
    }
}

/// One answer row: the pointer and `lead`, then `text`. Returns the row's last line
/// when it is the highlighted one, so that all of a wrapped row is in sight.
fn answer_row(b: &mut Builder<'_>, selected: bool, lead: &str, text: &str) -> Option<usize> {
    let last = b.text(
        format!("{}{lead}", pointer(selected)),
        text,
        highlight(b.t, selected),
    );
    selected.then_some(last)
}

fn pointer(selected: bool) -> &'static str {
    if selected { "› " } else { "  " }
}

fn highlight(t: &UiTheme, selected: bool) -> Style {
    if selected { t.selected } else { Style::new() }
}

/// Pushes the answer rows; returns the line of the highlighted row.
fn answer_rows(b: &mut Builder<'_>, draft: &Draft) -> Option<usize> {
    let t = b.t;
    let mut focus = None;
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
                let lead = format!("{mark} {}. ", i + 1);
                focus = focus.or(answer_row(b, i == *cursor, &lead, text));
            }
        }
        Draft::TrueFalse { picked, cursor } => {
            for (i, text) in ["Vrai", "Faux"].into_iter().enumerate() {
                let on = *picked == Some(i == 0);
                let mark = check_box(false, on);
                let lead = format!("{mark} {}. ", i + 1);
                focus = focus.or(answer_row(b, i == *cursor, &lead, text));
            }
        }
        Draft::ShortText { text } => {
            b.push(Line::from("Votre réponse :"));
            // The end of a long answer stays visible, where the typing happens.
            let room = usize::from(b.width).saturating_sub(3);
            focus = Some(b.out.len());
            b.push(Line::from(vec![
                Span::styled("› ", t.footer_key),
                Span::raw(tail(text, room)),
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
                let lead = format!("{}. ", place + 1);
                focus = focus.or(answer_row(b, place == *cursor, &lead, text));
            }
        }
        Draft::Matching {
            left,
            right,
            given,
            cursor,
        } => {
            // Side by side when every left item fits on one line in a narrow column.
            let shown: Vec<Vec<Line<'static>>> = left
                .iter()
                .map(|l| markdown::render(l, b.width, b.md).lines)
                .collect();
            let left_width = shown
                .iter()
                .map(|lines| match lines.as_slice() {
                    [] => 0,
                    [one] => one.width(),
                    _ => usize::MAX / 2,
                })
                .max()
                .unwrap_or(0);
            let side_by_side = left_width + 12 <= usize::from(b.width) / 2 + 6;
            for (i, l) in left.iter().enumerate() {
                let value = given
                    .get(i)
                    .and_then(|&g| right.get(g))
                    .map_or("", String::as_str);
                let selected = i == *cursor;
                let style = highlight(t, selected);
                let (open, value) = if selected {
                    ("◂ ", format!("{value} ▸"))
                } else {
                    ("  ", value.to_string())
                };
                if side_by_side {
                    let mut lead = vec![Span::styled(
                        format!("{}{}. ", pointer(selected), i + 1),
                        style,
                    )];
                    let item = shown.get(i).and_then(|lines| lines.first());
                    let item_width = item.map_or(0, Line::width);
                    for span in item.into_iter().flat_map(|line| line.spans.iter()) {
                        lead.push(Span::styled(span.content.clone(), style.patch(span.style)));
                    }
                    let pad = " ".repeat(left_width.saturating_sub(item_width));
                    lead.push(Span::styled(format!("{pad} → {open}"), style));
                    let last = b.row(lead, &value, style);
                    if selected {
                        focus = focus.or(Some(last));
                    }
                } else {
                    focus = focus.or(answer_row(b, selected, &format!("{}. ", i + 1), l));
                    let last = b.text(format!("     → {open}"), &value, style);
                    if selected {
                        focus = Some(last);
                    }
                }
            }
        }
    }
    focus
}

/// Backslash-escapes every ASCII punctuation character, so that markdown shows `text`
/// as written (CommonMark allows the escape before any of them).
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 8);
    for c in text.trim().chars() {
        if c.is_ascii_punctuation() {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// The blank lead of a row's later lines.
fn hanging(indent: usize, style: Style) -> Vec<Span<'static>> {
    if indent == 0 {
        Vec::new()
    } else {
        vec![Span::styled(" ".repeat(indent), style)]
    }
}

/// `line` with `style` under each span's own style.
fn restyle(line: Line<'static>, style: Style) -> Line<'static> {
    Line::from(
        line.spans
            .into_iter()
            .map(|span| Span::styled(span.content, style.patch(span.style)))
            .collect::<Vec<_>>(),
    )
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

/// The last `max` columns of `s`, with `…` in front when cut. Zero-width characters
/// left at the cut would combine with the `…`: they go with their base character.
pub fn tail(s: &str, max: usize) -> String {
    use unicode_width::UnicodeWidthChar as _;
    if s.width() <= max {
        return s.to_string();
    }
    if max == 0 {
        return String::new();
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
    while out.last().is_some_and(|c| c.width().unwrap_or(0) == 0) {
        out.pop();
    }
    std::iter::once('…').chain(out.into_iter().rev()).collect()
}

/// Narrowest text column beside a lead; below it a wrapped row would be unreadable.
const MIN_ROOM: usize = 8;

const HINT_SINGLE: &str = "Une seule réponse : ↑↓ ou 1…9 pour choisir, Entrée pour valider.";
const HINT_MULTIPLE: &str =
    "Plusieurs réponses possibles : Espace (ou 1…9) coche ou décoche, Entrée valide.";
const HINT_TRUE_FALSE: &str = "Vrai ou faux : ↑↓ ou 1/2 pour choisir, Entrée pour valider.";
const HINT_SHORT_TEXT: &str = "Tapez votre réponse puis Entrée ; Échap pour abandonner.";
const HINT_ORDERING: &str =
    "Remettez dans l'ordre : ↑↓ choisit un élément, K/J (ou Maj-↑/↓) le déplace, Entrée valide.";
const HINT_MATCHING: &str =
    "Associez : ↑↓ choisit un élément, ←/→ change sa valeur, Entrée valide.";
const ABANDON: &str = "Abandonner le quiz ? La tentative ne sera pas enregistrée. (o/N)";
