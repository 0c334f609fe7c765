//! Turns a learner's answer (in shown positions) into a credit and the feedback to show,
//! plus a readable form of the answer for the saved attempt.

use super::grade;
use super::model::{Kind, Question};
use super::session::{Answer, AnswerError, ChoiceFeedback, Feedback, PairFeedback, verdict};

/// Grades `answer` to `question` shown with `order` (`order[shown] = bank index`).
pub(super) fn grade(
    question: &Question,
    order: &[usize],
    answer: Answer,
) -> Result<(Feedback, String), AnswerError> {
    // Shown position → bank index, refusing positions that were not shown.
    let bank = |pos: usize| {
        order.get(pos).copied().ok_or(AnswerError::OutOfRange {
            number: pos + 1,
            max: order.len(),
        })
    };
    // Shown number (1-based) of a bank index.
    let number = |index: usize| order.iter().position(|&i| i == index).map_or(0, |p| p + 1);
    let mut fb = Feedback {
        question_id: question.id.clone(),
        verdict: verdict(0.0),
        credit: 0.0,
        choices: Vec::new(),
        pairs: Vec::new(),
        message: None,
        solution: Vec::new(),
        explanation: question.explanation.clone(),
        see: question.see.clone(),
    };
    let readable;
    match (&question.kind, answer) {
        (Kind::Single { choices, answer }, Answer::Single(pos)) => {
            let picked = bank(pos)?;
            fb.credit = grade::single(*answer, picked);
            fb.choices = choice_feedback(choices, order, &[*answer], &[picked]);
            fb.solution = numbered(choices, order, &[*answer]);
            readable = choices
                .get(picked)
                .map(|c| c.text.clone())
                .unwrap_or_default();
        }
        (Kind::Multiple { choices, answer }, Answer::Multiple(positions)) => {
            let picked = distinct(&positions, &bank)?;
            fb.credit = grade::multiple(answer, &picked);
            fb.choices = choice_feedback(choices, order, answer, &picked);
            fb.solution = numbered(choices, order, answer);
            let mut sorted = picked.clone();
            sorted.sort_unstable();
            readable = sorted
                .iter()
                .filter_map(|&i| choices.get(i).map(|c| c.text.as_str()))
                .collect::<Vec<_>>()
                .join(" ; ");
        }
        (
            Kind::TrueFalse {
                answer,
                feedback_true,
                feedback_false,
            },
            Answer::TrueFalse(given),
        ) => {
            fb.credit = grade::true_false(*answer, given);
            fb.message = if given {
                feedback_true.clone()
            } else {
                feedback_false.clone()
            };
            fb.solution = vec![vrai_faux(*answer).to_string()];
            readable = vrai_faux(given).to_lowercase();
        }
        (Kind::ShortText { accepted, feedback }, Answer::ShortText(text)) => {
            if text.trim().is_empty() {
                return Err(AnswerError::Empty);
            }
            fb.credit = grade::short_text(accepted, &text);
            if fb.credit < 1.0 {
                fb.message = feedback.clone();
            }
            // The first accepted answer is the canonical one; the others are spellings
            // the grader tolerates, not answers to learn.
            fb.solution = accepted.first().cloned().into_iter().collect();
            readable = text.trim().to_string();
        }
        (Kind::Ordering { items }, Answer::Ordering(positions)) => {
            if positions.len() != items.len() {
                return Err(AnswerError::WrongCount {
                    expected: items.len(),
                    given: positions.len(),
                });
            }
            let given = distinct(&positions, &bank)?;
            fb.credit = grade::ordering(&given);
            fb.solution = items
                .iter()
                .enumerate()
                .map(|(i, item)| format!("{}. {item}", number(i)))
                .collect();
            readable = given
                .iter()
                .filter_map(|&i| items.get(i).map(String::as_str))
                .collect::<Vec<_>>()
                .join(" → ");
        }
        (Kind::Matching { pairs }, Answer::Matching(positions)) => {
            if positions.len() != pairs.len() {
                return Err(AnswerError::WrongCount {
                    expected: pairs.len(),
                    given: positions.len(),
                });
            }
            if positions.iter().all(Option::is_none) {
                return Err(AnswerError::NothingChosen);
            }
            // Each row is the learner's own choice: a value may serve two rows (one of
            // them is then wrong), and an empty row earns nothing.
            let given = positions
                .iter()
                .map(|p| p.map(&bank).transpose())
                .collect::<Result<Vec<Option<usize>>, AnswerError>>()?;
            fb.credit = grade::matching(&given);
            let right = |i: usize| pairs.get(i).map_or("", |p| p.right.as_str());
            fb.pairs = pairs
                .iter()
                .zip(&given)
                .enumerate()
                .map(|(i, (p, g))| PairFeedback {
                    left: p.left.clone(),
                    given: g.map_or_else(|| UNASSIGNED.to_string(), |g| right(g).to_string()),
                    expected: p.right.clone(),
                    correct: *g == Some(i),
                })
                .collect();
            fb.solution = pairs
                .iter()
                .enumerate()
                .map(|(i, p)| format!("{} → {}. {}", p.left, number(i), p.right))
                .collect();
            readable = fb
                .pairs
                .iter()
                .map(|p| format!("{} = {}", p.left, p.given))
                .collect::<Vec<_>>()
                .join(" ; ");
        }
        (kind, _) => {
            return Err(AnswerError::WrongKind {
                expected: expected_shape(kind),
            });
        }
    }
    fb.verdict = verdict(fb.credit);
    Ok((fb, readable))
}

/// Maps shown positions to bank indices, refusing repeats.
fn distinct(
    positions: &[usize],
    bank: &impl Fn(usize) -> Result<usize, AnswerError>,
) -> Result<Vec<usize>, AnswerError> {
    if positions.is_empty() {
        return Err(AnswerError::Empty);
    }
    let mut out = Vec::with_capacity(positions.len());
    for (k, &pos) in positions.iter().enumerate() {
        if positions
            .get(..k)
            .is_some_and(|before| before.contains(&pos))
        {
            return Err(AnswerError::Duplicate { number: pos + 1 });
        }
        out.push(bank(pos)?);
    }
    Ok(out)
}

fn choice_feedback(
    choices: &[super::model::Choice],
    order: &[usize],
    correct: &[usize],
    picked: &[usize],
) -> Vec<ChoiceFeedback> {
    order
        .iter()
        .enumerate()
        .filter_map(|(pos, &i)| {
            let c = choices.get(i)?;
            Some(ChoiceFeedback {
                number: pos + 1,
                text: c.text.clone(),
                feedback: c.feedback.clone(),
                correct: correct.contains(&i),
                selected: picked.contains(&i),
            })
        })
        .collect()
}

/// The correct choices as « N. texte », in the shown order.
fn numbered(choices: &[super::model::Choice], order: &[usize], correct: &[usize]) -> Vec<String> {
    order
        .iter()
        .enumerate()
        .filter(|(_, i)| correct.contains(i))
        .filter_map(|(pos, &i)| choices.get(i).map(|c| format!("{}. {}", pos + 1, c.text)))
        .collect()
}

/// What an unassigned matching row shows in the feedback.
pub const UNASSIGNED: &str = "(sans réponse)";

fn vrai_faux(b: bool) -> &'static str {
    if b { "Vrai" } else { "Faux" }
}

fn expected_shape(kind: &Kind) -> &'static str {
    match kind {
        Kind::Single { .. } => "un seul numéro de choix",
        Kind::Multiple { .. } => "une liste de numéros de choix",
        Kind::TrueFalse { .. } => "vrai ou faux",
        Kind::ShortText { .. } => "une réponse courte en texte",
        Kind::Ordering { .. } => "les numéros des éléments dans le bon ordre",
        Kind::Matching { .. } => "un numéro de la colonne de droite pour chaque élément de gauche",
    }
}
