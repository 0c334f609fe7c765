//! The feedback under a graded question: the verdict, the answer marked against the
//! expected one, the question's messages and explanation, and where to review it.

use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use unicode_width::UnicodeWidthStr as _;

use super::{Builder, check_box};
use crate::quiz::{Answer, Feedback, Verdict};
use crate::tui::quiz::{Draft, QuizState};

pub(super) fn lines(b: &mut Builder<'_>, s: &QuizState, fb: &Feedback) {
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
            // On screen the items are numbered by place, not by the numbers the text
            // dialogue types: the correct order is numbered the same way.
            if !correct {
                b.push(Line::from(Span::styled("Bon ordre :", b.t.done)));
                for (place, line) in fb.solution.iter().enumerate() {
                    let (_, text) = split_number(line);
                    b.text(format!("  {}. ", place + 1), text, b.t.done);
                }
            }
        }
        Draft::TrueFalse { .. } | Draft::ShortText { .. } => {
            let given = match s.draft.answer() {
                Some(Answer::TrueFalse(true)) => "Vrai".to_string(),
                Some(Answer::TrueFalse(false)) => "Faux".to_string(),
                Some(Answer::ShortText(text)) => format!("« {} »", text.trim()),
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

const CHOICES_LEGEND: &str = "(✓ bonne réponse · ✗ mauvais choix · [x] ou (•) votre choix)";
const NEXT_QUESTION: &str = "o : ouvrir cette section · Entrée : question suivante";
const NEXT_RESULTS: &str = "o : ouvrir cette section · Entrée : voir les résultats";
