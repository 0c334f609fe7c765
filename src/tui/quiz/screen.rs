//! The quiz screen's lines, built by `update` whenever what they show changes (the
//! question, the draft, the feedback, the geometry) so that drawing only slices them.
//!
//! Every text that comes from the question bank (choices, per-choice feedback, ordering
//! items, matching values, solutions, messages) is markdown and goes through
//! [`markdown::render`], the one Unicode-aware wrapper; the app's own strings and the
//! learner's answer are escaped first so that they show literally.

use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use unicode_width::UnicodeWidthStr as _;

use super::{Draft, QuizState};
use crate::markdown;
use crate::quiz::{Answer, Feedback, Verdict};
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
            feedback_lines(&mut b, s, fb);
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

    /// [`Builder::text`] for a string that is not markdown: shown as written.
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

fn feedback_lines(b: &mut Builder<'_>, s: &QuizState, fb: &Feedback) {
    let t = b.t;
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
    b.literal(Vec::new(), &banner, style.add_modifier(Modifier::BOLD));
    b.push(Line::default());
    let correct = fb.verdict == Verdict::Correct;
    match &s.draft {
        Draft::Choices { multiple, .. } => {
            for c in &fb.choices {
                let (mark, style) = if c.correct {
                    ("✓", t.done)
                } else if c.selected {
                    ("✗", t.error)
                } else {
                    (" ", Style::new())
                };
                let lead = format!("{mark} {} {}. ", check_box(*multiple, c.selected), c.number);
                let indent = " ".repeat(lead.width());
                b.text(lead, &c.text, style);
                if let Some(note) = &c.feedback {
                    b.text(indent, note, t.muted);
                }
            }
            b.literal(Vec::new(), CHOICES_LEGEND, t.muted);
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
                b.text(format!("{mark} "), &text, style);
            }
        }
        Draft::Ordering { items, order, .. } => {
            b.push(Line::from("Votre ordre :"));
            for (place, &item) in order.iter().enumerate() {
                let text = items.get(item).map_or("", String::as_str);
                b.text(format!("  {}. ", place + 1), text, Style::new());
            }
            solution(b, fb, correct, "Bon ordre :", false);
        }
        Draft::TrueFalse { .. } | Draft::ShortText { .. } => {
            let given = match s.draft.answer() {
                Answer::TrueFalse(true) => "Vrai".to_string(),
                Answer::TrueFalse(false) => "Faux".to_string(),
                Answer::ShortText(text) => format!("« {} »", text.trim()),
                _ => String::new(),
            };
            let lead = vec![Span::raw("Votre réponse : ")];
            b.literal(lead, &given, Style::new());
            // What the learner has to type is shown exactly, not as markdown.
            let typed = matches!(s.draft, Draft::ShortText { .. });
            let label = if typed {
                "Réponse attendue :"
            } else {
                "Bonne réponse :"
            };
            solution(b, fb, correct, label, typed);
        }
    }
    if let Some(message) = &fb.message {
        b.push(Line::default());
        b.text(String::new(), message, t.warning);
    }
    if !s.explanation.is_empty() {
        b.push(Line::default());
        b.out.extend(s.explanation.iter().cloned());
    }
    b.push(Line::default());
    let label = s.bank.sections.label(&fb.see);
    let lead = vec![Span::styled("Pour revoir : ", t.section)];
    b.literal(lead, &label, t.section);
    let next = if s.session.is_finished() {
        NEXT_RESULTS
    } else {
        NEXT_QUESTION
    };
    b.literal(Vec::new(), next, t.muted);
}

/// The expected answer when the learner missed it. A shown number (`3. `) leads its
/// line, so that the text hangs under the text rather than under the number.
fn solution(b: &mut Builder<'_>, fb: &Feedback, correct: bool, label: &str, literal: bool) {
    if correct {
        return;
    }
    let t = b.t;
    b.push(Line::from(Span::styled(label.to_string(), t.done)));
    for line in &fb.solution {
        if literal {
            b.literal(vec![Span::styled("  ", t.done)], line, t.done);
            continue;
        }
        let (number, text) = split_number(line);
        b.text(format!("  {number}"), text, t.done);
    }
}

/// `"3. texte"` → `("3. ", "texte")`; a line without a leading number is all text.
fn split_number(line: &str) -> (&str, &str) {
    let digits = line.bytes().take_while(u8::is_ascii_digit).count();
    match line.get(digits..) {
        Some(rest) if digits > 0 && rest.starts_with(". ") => line.split_at(digits + 2),
        _ => ("", line),
    }
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
const CHOICES_LEGEND: &str = "(✓ bonne réponse · ✗ mauvais choix · [x] ou (•) votre choix)";
const NEXT_QUESTION: &str = "o : ouvrir cette section · Entrée : question suivante";
const NEXT_RESULTS: &str = "o : ouvrir cette section · Entrée : voir les résultats";
const ABANDON: &str = "Abandonner le quiz ? La tentative ne sera pas enregistrée. (o/N)";
