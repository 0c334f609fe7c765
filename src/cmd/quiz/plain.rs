//! The line-by-line quiz dialogue: questions on the output, answers read from the input.
//! Generic over the streams so tests can drive it without a terminal.

use std::io::{self, BufRead, Write};

use crate::cmd::results::{objective_lines, percent, points};
use crate::course::Sections;
use crate::quiz::{Answer, AnswerError, Feedback, Results, Session, Shown, Verdict};

/// How the dialogue ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Every question was answered.
    Finished,
    /// The input ended first: nothing must be saved.
    InputEnded,
}

/// Asks every remaining question of `session`. `echo` repeats each answer read, for
/// transcripts when the input is not a terminal.
pub fn run(
    session: &mut Session,
    sections: &Sections,
    input: &mut impl BufRead,
    out: &mut impl Write,
    echo: bool,
) -> io::Result<Outcome> {
    let quiz = session.quiz();
    writeln!(out, "{}", quiz.title)?;
    writeln!(
        out,
        "{} question{} · seuil de réussite : {} % · graine : {}",
        session.len(),
        if session.len() > 1 { "s" } else { "" },
        quiz.pass_mark,
        session.seed()
    )?;
    while let Some(current) = session.current() {
        writeln!(out)?;
        writeln!(
            out,
            "── Question {}/{} · {} ──",
            current.number, current.total, current.objective_label
        )?;
        writeln!(out, "{}", plain_markdown(&current.question.prompt))?;
        write_options(out, &current.shown)?;
        let shape = Shape::of(&current.shown);
        writeln!(out, "{}", instruction(shape))?;
        let feedback = loop {
            write!(out, "> ")?;
            out.flush()?;
            let Some(line) = read_line(input)? else {
                writeln!(out)?;
                return Ok(Outcome::InputEnded);
            };
            if echo {
                writeln!(out, "{line}")?;
            }
            let answer = match parse_answer(shape, &line) {
                Ok(answer) => answer,
                Err(message) => {
                    writeln!(out, "Réponse invalide : {message}. Réessayez.")?;
                    continue;
                }
            };
            match session.answer(answer) {
                Ok(feedback) => break feedback,
                Err(err) => writeln!(out, "Réponse invalide : {err}. Réessayez.")?,
            }
        };
        write_feedback(out, &feedback, sections)?;
    }
    Ok(Outcome::Finished)
}

/// Reads one line without its end; `None` at the end of the input. Invalid UTF-8 is
/// replaced rather than fatal: the answer will simply be refused or graded as given.
fn read_line(input: &mut impl BufRead) -> io::Result<Option<String>> {
    let mut buf = Vec::new();
    if input.read_until(b'\n', &mut buf)? == 0 {
        return Ok(None);
    }
    let text = String::from_utf8_lossy(&buf);
    Ok(Some(text.trim_end_matches(['\n', '\r']).to_string()))
}

/// What an answer must look like: the counts of what is shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shape {
    Single(usize),
    Multiple(usize),
    TrueFalse,
    ShortText,
    Ordering(usize),
    Matching { left: usize, right: usize },
}

impl Shape {
    pub fn of(shown: &Shown) -> Shape {
        match shown {
            Shown::Choices {
                texts,
                multiple: false,
            } => Shape::Single(texts.len()),
            Shown::Choices {
                texts,
                multiple: true,
            } => Shape::Multiple(texts.len()),
            Shown::TrueFalse => Shape::TrueFalse,
            Shown::ShortText => Shape::ShortText,
            Shown::Ordering { items } => Shape::Ordering(items.len()),
            Shown::Matching { left, right } => Shape::Matching {
                left: left.len(),
                right: right.len(),
            },
        }
    }
}

fn write_options(out: &mut impl Write, shown: &Shown) -> io::Result<()> {
    match shown {
        Shown::Choices { texts, .. } | Shown::Ordering { items: texts } => {
            for (i, text) in texts.iter().enumerate() {
                writeln!(out, "  {}. {}", i + 1, plain_markdown(text))?;
            }
        }
        Shown::TrueFalse => {
            writeln!(out, "  1. Vrai")?;
            writeln!(out, "  2. Faux")?;
        }
        Shown::ShortText => {}
        Shown::Matching { left, right } => {
            for (i, text) in left.iter().enumerate() {
                writeln!(out, "  {}. {}", letter(i), plain_markdown(text))?;
            }
            writeln!(out, "  à associer à :")?;
            for (i, text) in right.iter().enumerate() {
                writeln!(out, "  {}. {}", i + 1, plain_markdown(text))?;
            }
        }
    }
    Ok(())
}

fn letter(i: usize) -> char {
    u8::try_from(i)
        .ok()
        .and_then(|i| b'A'.checked_add(i))
        .map_or('?', char::from)
}

fn instruction(shape: Shape) -> String {
    match shape {
        Shape::Single(count) => format!("Votre réponse (un numéro de 1 à {count}) :"),
        Shape::Multiple(_) => {
            "Votre réponse (un ou plusieurs numéros, séparés par des virgules) :".to_string()
        }
        Shape::TrueFalse => "Votre réponse (1 = Vrai, 2 = Faux ; ou v / f) :".to_string(),
        Shape::ShortText => "Votre réponse (quelques mots) :".to_string(),
        Shape::Ordering(_) => {
            "Votre réponse (tous les numéros, dans le bon ordre, séparés par des virgules) :"
                .to_string()
        }
        Shape::Matching { left, .. } => {
            let letters: Vec<String> = (0..left).map(|i| letter(i).to_string()).collect();
            format!(
                "Votre réponse (le numéro associé à {}, dans cet ordre, séparés par des virgules) :",
                letters.join(", ")
            )
        }
    }
}

/// Turns a typed line into an [`Answer`], or a French reason to ask again.
pub fn parse_answer(shape: Shape, line: &str) -> Result<Answer, String> {
    let line = line.trim();
    match shape {
        Shape::Single(count) => match numbers(line, count)?.as_slice() {
            [one] => Ok(Answer::Single(*one)),
            _ => Err(format!("un seul numéro est attendu, entre 1 et {count}")),
        },
        Shape::Multiple(count) => numbers(line, count).map(Answer::Multiple),
        Shape::TrueFalse => match line.to_lowercase().as_str() {
            "1" | "v" | "vrai" | "true" => Ok(Answer::TrueFalse(true)),
            "2" | "f" | "faux" | "false" => Ok(Answer::TrueFalse(false)),
            "" => Err("réponse vide : tapez 1 (vrai) ou 2 (faux)".to_string()),
            other => match other.parse::<usize>() {
                Ok(number) => Err(AnswerError::OutOfRange { number, max: 2 }.to_string()),
                Err(_) => Err(format!(
                    "« {line} » n'est pas compris : tapez 1 (vrai) ou 2 (faux), ou v / f"
                )),
            },
        },
        Shape::ShortText => {
            if line.is_empty() {
                Err("réponse vide : tapez votre réponse".to_string())
            } else {
                Ok(Answer::ShortText(line.to_string()))
            }
        }
        Shape::Ordering(count) => numbers(line, count).map(Answer::Ordering),
        Shape::Matching { right, .. } => numbers(line, right).map(Answer::Matching),
    }
}

/// A list of 1-based numbers in `1..=max`, separated by commas, semicolons or spaces,
/// returned 0-based.
fn numbers(line: &str, max: usize) -> Result<Vec<usize>, String> {
    let parts: Vec<&str> = line
        .split([',', ';', ' ', '\t'])
        .filter(|p| !p.is_empty())
        .collect();
    if parts.is_empty() {
        return Err(format!("réponse vide : tapez un numéro entre 1 et {max}"));
    }
    parts
        .iter()
        .map(|p| match p.parse::<usize>() {
            Ok(n) if (1..=max).contains(&n) => Ok(n - 1),
            Ok(n) => Err(AnswerError::OutOfRange { number: n, max }.to_string()),
            Err(_) => Err(format!(
                "« {p} » n'est pas un numéro : tapez des numéros entre 1 et {max}"
            )),
        })
        .collect()
}

fn write_feedback(out: &mut impl Write, fb: &Feedback, sections: &Sections) -> io::Result<()> {
    match fb.verdict {
        Verdict::Correct => writeln!(out, "✓ Bonne réponse.")?,
        Verdict::Partial => writeln!(
            out,
            "◐ Réponse en partie juste ({} des points).",
            percent(fb.credit * 100.0)
        )?,
        Verdict::Incorrect => writeln!(out, "✗ Mauvaise réponse.")?,
    }
    for c in &fb.choices {
        let mark = match (c.selected, c.correct) {
            (true, true) => "✓",
            (true, false) => "✗",
            (false, true) => "→",
            (false, false) => continue,
        };
        let note = if !c.selected && c.correct {
            " (bonne réponse)"
        } else {
            ""
        };
        let feedback = c
            .feedback
            .as_deref()
            .map(|f| format!(" — {}", plain_markdown(f)))
            .unwrap_or_default();
        writeln!(
            out,
            "  {mark} {}. {}{note}{feedback}",
            c.number,
            plain_markdown(&c.text)
        )?;
    }
    for p in &fb.pairs {
        if p.correct {
            writeln!(out, "  ✓ {} → {}", p.left, p.given)?;
        } else {
            writeln!(
                out,
                "  ✗ {} → {} (attendu : {})",
                p.left, p.given, p.expected
            )?;
        }
    }
    if let Some(message) = &fb.message {
        writeln!(out, "  {}", plain_markdown(message))?;
    }
    if fb.verdict != Verdict::Correct && fb.choices.is_empty() && fb.pairs.is_empty() {
        match fb.solution.as_slice() {
            [one] => writeln!(out, "Réponse attendue : {one}")?,
            lines => {
                writeln!(out, "Bon ordre :")?;
                for line in lines {
                    writeln!(out, "  {line}")?;
                }
            }
        }
    }
    writeln!(out, "Explication : {}", plain_markdown(&fb.explanation))?;
    writeln!(out, "Pour revoir : {}", sections.label(&fb.see))?;
    Ok(())
}

/// The end of the quiz: score, pass or fail, per-objective bars, what to review.
pub fn write_results(out: &mut impl Write, r: &Results, sections: &Sections) -> io::Result<()> {
    writeln!(out)?;
    writeln!(out, "══ Résultat ══")?;
    writeln!(
        out,
        "Score : {} ({} / {}) — {} (seuil : {} %)",
        percent(r.score_percent),
        points(r.earned),
        r.total,
        if r.passed { "réussi" } else { "échoué" },
        r.pass_mark
    )?;
    writeln!(out, "Par objectif :")?;
    for line in objective_lines(&r.objectives) {
        writeln!(out, "  {line}")?;
    }
    if !r.missed.is_empty() {
        writeln!(out, "À revoir :")?;
        for m in &r.missed {
            writeln!(
                out,
                "  - {} → {}",
                first_line(&plain_markdown(&m.prompt)),
                sections.label(&m.see)
            )?;
        }
    }
    Ok(())
}

fn first_line(text: &str) -> &str {
    text.lines().next().unwrap_or("")
}

/// Markdown made readable as plain text: fences removed (code indented), bold markers
/// dropped, links shown as « texte (url) ». Inline code keeps its backticks.
pub fn plain_markdown(md: &str) -> String {
    let mut lines = Vec::new();
    let mut in_code = false;
    for line in md.trim().lines() {
        let t = line.trim_start();
        if t.starts_with("```") || t.starts_with("~~~") {
            in_code = !in_code;
            continue;
        }
        if in_code {
            lines.push(format!("    {line}"));
        } else {
            lines.push(
                links_as_text(&line.replace("**", ""))
                    .trim_end()
                    .to_string(),
            );
        }
    }
    lines.join("\n")
}

/// `[texte](url)` → `texte (url)`; any other bracket is left alone.
fn links_as_text(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    let mut rest = line;
    while let Some(open) = rest.find('[') {
        let after = rest.get(open + 1..).unwrap_or("");
        let link = after.find("](").and_then(|mid| {
            let text = after.get(..mid)?;
            let target = after.get(mid + 2..)?;
            let close = target.find(')')?;
            (!text.contains('['))
                .then(|| (text, target.get(..close).unwrap_or(""), mid + 2 + close + 1))
        });
        out.push_str(rest.get(..open).unwrap_or(""));
        match link {
            Some((text, url, len)) => {
                out.push_str(text);
                out.push_str(" (");
                out.push_str(url);
                out.push(')');
                rest = after.get(len..).unwrap_or("");
            }
            None => {
                out.push('[');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markdown_is_flattened_for_plain_output() {
        let md = "Voir **le module** [3](./03.md#x) et `arr[0]`.\n\n```ts\nconst a = 1;\n```\n";
        assert_eq!(
            plain_markdown(md),
            "Voir le module 3 (./03.md#x) et `arr[0]`.\n\n    const a = 1;"
        );
    }

    #[test]
    fn answers_are_parsed_per_kind() {
        let single = Shape::Single(3);
        let multiple = Shape::Multiple(3);
        let ordering = Shape::Ordering(3);
        let matching = Shape::Matching { left: 2, right: 3 };
        let ok = [
            (single, " 2 ", Answer::Single(1)),
            (multiple, "1, 3", Answer::Multiple(vec![0, 2])),
            (multiple, "3;1", Answer::Multiple(vec![2, 0])),
            (Shape::TrueFalse, "V", Answer::TrueFalse(true)),
            (Shape::TrueFalse, "faux", Answer::TrueFalse(false)),
            (Shape::TrueFalse, "2", Answer::TrueFalse(false)),
            (
                Shape::ShortText,
                "  svix-id ",
                Answer::ShortText("svix-id".into()),
            ),
            (ordering, "3,1,2", Answer::Ordering(vec![2, 0, 1])),
            (matching, "3 1", Answer::Matching(vec![2, 0])),
        ];
        for (shown, line, answer) in ok {
            assert_eq!(parse_answer(shown, line), Ok(answer), "{line:?}");
        }
        let refused = [
            (
                single,
                "4",
                "4 n'est pas un numéro proposé : choisissez entre 1 et 3",
            ),
            (
                single,
                "0",
                "0 n'est pas un numéro proposé : choisissez entre 1 et 3",
            ),
            (
                single,
                "deux",
                "« deux » n'est pas un numéro : tapez des numéros entre 1 et 3",
            ),
            (single, "1,2", "un seul numéro est attendu, entre 1 et 3"),
            (single, "", "réponse vide : tapez un numéro entre 1 et 3"),
            (
                Shape::TrueFalse,
                "peut-être",
                "« peut-être » n'est pas compris : tapez 1 (vrai) ou 2 (faux), ou v / f",
            ),
            (
                Shape::ShortText,
                "   ",
                "réponse vide : tapez votre réponse",
            ),
        ];
        for (shown, line, message) in refused {
            assert_eq!(
                parse_answer(shown, line),
                Err(message.to_string()),
                "{line:?}"
            );
        }
    }
}
