//! The line-by-line quiz dialogue: questions on the output, answers read from the input.
//! Generic over the streams so tests can drive it without a terminal.

use std::io::{self, BufRead, Write};

use crate::cmd::results::{objective_lines, percent, points};
use crate::course::Sections;
use crate::quiz::{Answer, AnswerError, AttemptMode, Feedback, Results, Session, Shown, Verdict};

/// How the dialogue ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Every question was answered.
    Finished,
    /// The input ended first: nothing must be saved.
    InputEnded,
}

/// Asks every remaining question of `session`. `echo` repeats each answer read, for
/// transcripts when the input is not a terminal. `saved` is called after each answer
/// (the attempt in progress is saved answer by answer); its error is shown, not fatal.
pub fn run(
    session: &mut Session,
    sections: &Sections,
    input: &mut impl BufRead,
    out: &mut impl Write,
    echo: bool,
    saved: &mut dyn FnMut(&Session) -> Result<(), String>,
) -> io::Result<Outcome> {
    let quiz = session.quiz();
    writeln!(out, "{}", quiz.title)?;
    let mode = match session.mode() {
        AttemptMode::Full => String::new(),
        AttemptMode::BuildsOnLast => " · erreurs reprises (bonnes réponses gardées)".to_string(),
        AttemptMode::Practice => {
            " · entraînement sur les erreurs : ne compte pas pour la réussite".to_string()
        }
        AttemptMode::Review => {
            " · révision des erreurs : ne compte pas pour la réussite".to_string()
        }
    };
    writeln!(
        out,
        "{} question{} · seuil de réussite : {} % · graine : {}{mode}",
        session.len(),
        if session.len() > 1 { "s" } else { "" },
        quiz.pass_mark,
        session.seed()
    )?;
    if session.answered() > 0 {
        writeln!(
            out,
            "Reprise de la tentative : {} réponse{} déjà donnée{}.",
            session.answered(),
            if session.answered() > 1 { "s" } else { "" },
            if session.answered() > 1 { "s" } else { "" }
        )?;
    }
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
            if let Answer::Matching(rows) = &answer {
                let empty = rows.iter().filter(|r| r.is_none()).count();
                if empty > 0 {
                    let question = if empty > 1 {
                        format!(
                            "{empty} éléments sont sans valeur : ils ne rapporteront aucun point. Valider quand même ? (o/N)"
                        )
                    } else {
                        "1 élément est sans valeur : il ne rapportera aucun point. Valider quand même ? (o/N)".to_string()
                    };
                    writeln!(out, "{question}")?;
                    write!(out, "> ")?;
                    out.flush()?;
                    let Some(reply) = read_line(input)? else {
                        writeln!(out)?;
                        return Ok(Outcome::InputEnded);
                    };
                    if echo {
                        writeln!(out, "{reply}")?;
                    }
                    if !matches!(reply.trim().to_lowercase().as_str(), "o" | "oui" | "y") {
                        writeln!(out, "Réponse non validée : complétez-la.")?;
                        continue;
                    }
                }
            }
            match session.answer(answer) {
                Ok(feedback) => break feedback,
                Err(err) => writeln!(out, "Réponse invalide : {err}. Réessayez.")?,
            }
        };
        write_feedback(out, &feedback, sections)?;
        if let Err(err) = saved(session) {
            writeln!(out, "attention : réponse non enregistrée ({err})")?;
        }
    }
    Ok(Outcome::Finished)
}

/// Longest answer line: far more than any answer, and a bound on memory when the input
/// is not a person (`yes | tr -d '\n' | webhook-tutor quiz --plain`).
pub(super) const MAX_LINE_BYTES: u64 = 64 * 1024;

/// Reads one line without its end; `None` at the end of the input. Invalid UTF-8 is
/// replaced rather than fatal: the answer will simply be refused or graded as given. A
/// line past [`MAX_LINE_BYTES`] is an error at once (the rest may never end).
pub(super) fn read_line<R: BufRead + ?Sized>(input: &mut R) -> io::Result<Option<String>> {
    let mut buf = Vec::new();
    let mut limited = <&mut R as io::Read>::take(input, MAX_LINE_BYTES + 1);
    if limited.read_until(b'\n', &mut buf)? == 0 {
        return Ok(None);
    }
    if buf.len() as u64 > MAX_LINE_BYTES && !buf.ends_with(b"\n") {
        return Err(io::Error::new(
            io::ErrorKind::InvalidData,
            format!(
                "ligne de réponse trop longue (plus de {} Kio) : une réponse tient sur une ligne courte",
                MAX_LINE_BYTES / 1024
            ),
        ));
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
                writeln!(out, "  {}. {}", i + 1, hanging(text))?;
            }
        }
        Shown::TrueFalse => {
            writeln!(out, "  1. Vrai")?;
            writeln!(out, "  2. Faux")?;
        }
        Shown::ShortText => {}
        Shown::Matching { left, right } => {
            for (i, text) in left.iter().enumerate() {
                writeln!(out, "  {}. {}", letter(i), hanging(text))?;
            }
            writeln!(out, "  à associer à :")?;
            for (i, text) in right.iter().enumerate() {
                writeln!(out, "  {}. {}", i + 1, hanging(text))?;
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
                "Votre réponse (le numéro associé à {}, dans cet ordre, séparés par des virgules ; - pour un élément laissé vide) :",
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
        Shape::Matching { left, right } => matching(line, left, right),
    }
}

/// Matching: one token per left item, a number of the right column or `-` for a row
/// left empty. A value may serve two rows (one of them is then wrong).
fn matching(line: &str, left: usize, right: usize) -> Result<Answer, String> {
    let parts: Vec<&str> = line
        .split([',', ';', ' ', '\t'])
        .filter(|p| !p.is_empty())
        .collect();
    if parts.is_empty() {
        return Err(format!(
            "{NOTHING_CHOSEN} : tapez un numéro entre 1 et {right} par élément"
        ));
    }
    if parts.len() != left {
        return Err(AnswerError::WrongCount {
            expected: left,
            given: parts.len(),
        }
        .to_string()
            + " (- pour un élément laissé vide)");
    }
    let rows = parts
        .iter()
        .map(|p| match *p {
            "-" | "_" | "?" => Ok(None),
            p => match p.parse::<usize>() {
                Ok(n) if (1..=right).contains(&n) => Ok(Some(n - 1)),
                Ok(n) => Err(AnswerError::OutOfRange { number: n, max: right }.to_string()),
                Err(_) => Err(format!(
                    "« {p} » n'est pas un numéro : tapez des numéros entre 1 et {right}, ou - pour un élément laissé vide"
                )),
            },
        })
        .collect::<Result<Vec<Option<usize>>, String>>()?;
    if rows.iter().all(Option::is_none) {
        return Err(NOTHING_CHOSEN.to_string());
    }
    Ok(Answer::Matching(rows))
}

const NOTHING_CHOSEN: &str = "choisissez d'abord une réponse";

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
            writeln!(
                out,
                "  ✓ {} → {}",
                plain_markdown(&p.left),
                plain_markdown(&p.given)
            )?;
        } else {
            writeln!(
                out,
                "  ✗ {} → {} (attendu : {})",
                plain_markdown(&p.left),
                plain_markdown(&p.given),
                plain_markdown(&p.expected)
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
        match (r.mode.counts(), r.passed) {
            (false, _) => "entraînement",
            (true, true) => "réussi",
            (true, false) => "échoué",
        },
        r.pass_mark
    )?;
    if !r.mode.counts() {
        writeln!(
            out,
            "Entraînement : cette session ne compte pas pour la réussite du quiz."
        )?;
    }
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

/// Markdown as plain text, through the same renderer as `read --plain`, so that
/// prompts, choices and feedback read the same as the course: no backticks or stars,
/// links as « texte (url) », code blocks indented.
pub fn plain_markdown(md: &str) -> String {
    let text = crate::markdown::render_for_cli(md, PLAIN_WIDTH, crate::markdown::OutputMode::Plain);
    text.trim_matches('\n').to_string()
}

/// [`plain_markdown`] for a numbered row: later lines hang under the text.
fn hanging(md: &str) -> String {
    let text =
        crate::markdown::render_for_cli(md, PLAIN_WIDTH - 5, crate::markdown::OutputMode::Plain);
    text.trim_matches('\n')
        .lines()
        .collect::<Vec<_>>()
        .join("\n     ")
}

/// Text width of the plain dialogue.
const PLAIN_WIDTH: u16 = 80;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markdown_is_flattened_for_plain_output() {
        let md = "Voir **le module** et `arr[0]`.";
        assert_eq!(plain_markdown(md), "Voir le module et arr[0].");
        assert_eq!(hanging("Le `svix-id`"), "Le svix-id");
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
            (matching, "3 1", Answer::Matching(vec![Some(2), Some(0)])),
            (matching, "- 1", Answer::Matching(vec![None, Some(0)])),
            (matching, "1 1", Answer::Matching(vec![Some(0), Some(0)])),
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
            (matching, "- -", "choisissez d'abord une réponse"),
            (
                matching,
                "1",
                "il faut 2 numéros, un par élément ; vous en avez donné 1 (- pour un élément laissé vide)",
            ),
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
