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

use super::{Confirm, Draft, QuizState};
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
    let text = match s.confirm {
        Some(Confirm::Partial(n)) if n > 1 => format!(
            "{n} éléments sont sans valeur : ils ne rapporteront aucun point. Valider quand même ? (o/N)"
        ),
        Some(Confirm::Partial(_)) => {
            "1 élément est sans valeur : il ne rapportera aucun point. Valider quand même ? (o/N)"
                .to_string()
        }
        _ => {
            let n = s.session.answered();
            let given = match n {
                0 => "Aucune réponse n'a encore été donnée.".to_string(),
                1 => "La réponse donnée sera effacée.".to_string(),
                n => format!("Les {n} réponses données seront effacées."),
            };
            format!(
                "Abandonner la tentative ? {given} Pour la garder, quittez avec q et reprenez-la plus tard. (o/N)"
            )
        }
    };
    markdown::render(&escape(&text), confirm_inner(s.width), &s.md_theme)
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
        Draft::ShortText { text, cursor } => {
            b.push(Line::from("Votre réponse :"));
            let room = usize::from(b.width).saturating_sub(2);
            focus = Some(b.out.len());
            let mut spans = vec![Span::styled("› ", t.footer_key)];
            spans.extend(text_with_cursor(text, *cursor, room, t));
            b.push(Line::from(spans));
        }
        Draft::Ordering {
            items,
            order,
            cursor,
            ..
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
                let value = match given.get(i).copied().flatten() {
                    Some(g) => format!("{}. {}", g + 1, right.get(g).map_or("", String::as_str)),
                    None => UNASSIGNED_ROW.to_string(),
                };
                let selected = i == *cursor;
                let style = highlight(t, selected);
                let (open, value) = if selected {
                    ("◂ ", format!("{value} ▸"))
                } else {
                    ("  ", value)
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
            b.push(Line::default());
            b.push(Line::from(Span::styled(VALUES.to_string(), t.muted)));
            for (i, r) in right.iter().enumerate() {
                b.text(format!("  {}. ", i + 1), r, t.muted);
            }
        }
    }
    focus
}

/// The short answer in `room` columns with a visible cursor (the character under it
/// in reverse video, a reversed space at the end); when the text is too long the
/// window follows the cursor, with `…` where text is cut.
fn text_with_cursor(text: &str, cursor: usize, room: usize, t: &UiTheme) -> Vec<Span<'static>> {
    use unicode_width::UnicodeWidthChar as _;
    let chars: Vec<char> = text.chars().collect();
    let cursor = cursor.min(chars.len());
    let w = |c: &char| c.width().unwrap_or(0);
    let room = room.max(2);
    // The first shown character: as far left as keeps the cursor in sight.
    let mut start = 0;
    let width_to_cursor = |start: usize| -> usize {
        chars
            .get(start..cursor)
            .map_or(0, |s| s.iter().map(w).sum())
            + 1
    };
    while start < cursor && width_to_cursor(start) + usize::from(start > 0) > room {
        start += 1;
    }
    let mut used = usize::from(start > 0) + width_to_cursor(start);
    let mut end = cursor + 1;
    while end < chars.len() && used + chars.get(end).map_or(0, w) < room {
        used += chars.get(end).map_or(0, w);
        end += 1;
    }
    let mut spans = Vec::new();
    if start > 0 {
        spans.push(Span::styled("…", t.muted));
    }
    let before: String = chars.get(start..cursor).unwrap_or(&[]).iter().collect();
    spans.push(Span::raw(before));
    let under = chars.get(cursor).map_or(" ".to_string(), |c| c.to_string());
    spans.push(Span::styled(
        under,
        t.footer_key
            .add_modifier(ratatui::style::Modifier::REVERSED),
    ));
    let after: String = chars
        .get(cursor + 1..end.min(chars.len()).max(cursor + 1))
        .unwrap_or(&[])
        .iter()
        .collect();
    spans.push(Span::raw(after));
    if end < chars.len() {
        spans.push(Span::styled("…", t.muted));
    }
    spans
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

/// Narrowest text column beside a lead; below it a wrapped row would be unreadable.
const MIN_ROOM: usize = 8;

const HINT_SINGLE: &str =
    "Une seule réponse : 1…9 (ou ↑↓ puis Espace) pour choisir, Entrée pour valider.";
const HINT_MULTIPLE: &str =
    "Plusieurs réponses possibles : Espace (ou 1…9) coche ou décoche, Entrée valide.";
const HINT_TRUE_FALSE: &str = "Vrai ou faux : v ou f (ou 1/2) pour choisir, Entrée pour valider.";
const HINT_SHORT_TEXT: &str =
    "Tapez votre réponse (←/→, Début/Fin pour vous déplacer) puis Entrée ; Échap pour quitter.";
const HINT_ORDERING: &str =
    "Remettez dans l'ordre : ↑↓ choisit un élément, K/J (ou Maj-↑/↓) le déplace, Entrée valide.";
const HINT_MATCHING: &str = "Associez : ↑↓ choisit un élément, 1…9 ou ←/→ lui donne une valeur (0 l'efface), Entrée valide.";
const UNASSIGNED_ROW: &str = "(à choisir)";
const VALUES: &str = "Valeurs possibles :";
