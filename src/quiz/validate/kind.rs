//! The kind-specific part of a question: choices and answers, accepted texts, items, pairs.

use toml::de::{DeTable, DeValue};

use super::access::{has_typo_of, type_fr};
use super::{Checker, Value};
use crate::quiz::model::{Choice, Kind, Pair};

pub(super) fn kind(c: &mut Checker, name: &str, t: &DeTable, at: usize) -> Option<Kind> {
    let required = |c: &mut Checker, key: &str, help: &str| {
        let v = t.get(key);
        if v.is_none() && !has_typo_of(t, key) {
            c.err(
                at,
                format!("clé '{key}' manquante pour une question '{name}' : {help}"),
            );
        }
        v
    };
    match name {
        "single" => {
            let choices = required(c, "choices", CHOICES_HELP).and_then(|v| choices(c, v, name));
            let answer = required(
                c,
                "answer",
                "ajoutez answer = N, le numéro (à partir de 1) du bon choix",
            )
            .and_then(|v| single_answer(c, v, choices.as_ref().map(Vec::len)));
            Some(Kind::Single {
                choices: choices?,
                answer: answer?,
            })
        }
        "multiple" => {
            let choices = required(c, "choices", CHOICES_HELP).and_then(|v| choices(c, v, name));
            let answer = required(
                c,
                "answer",
                "ajoutez answer = [N, …], les numéros (à partir de 1) de toutes les bonnes réponses",
            )
            .and_then(|v| multiple_answer(c, v, choices.as_ref().map(Vec::len)));
            Some(Kind::Multiple {
                choices: choices?,
                answer: answer?,
            })
        }
        "true_false" => {
            let answer = required(c, "answer", "ajoutez answer = true ou answer = false")
                .and_then(|v| match v.get_ref() {
                    DeValue::Boolean(b) => Some(*b),
                    other => {
                        c.err(
                            v.span().start,
                            format!(
                                "pour une question 'true_false', answer doit valoir true ou false (sans guillemets), pas {}",
                                type_fr(other)
                            ),
                        );
                        None
                    }
                });
            let feedback_true = optional_text(c, t, "feedback_true")?;
            let feedback_false = optional_text(c, t, "feedback_false")?;
            Some(Kind::TrueFalse {
                answer: answer?,
                feedback_true,
                feedback_false,
            })
        }
        "short_text" => {
            let accepted = required(
                c,
                "accepted",
                "ajoutez accepted = [\"…\"], les réponses acceptées",
            )
            .and_then(|v| strings(c, v, "accepted", 1, "au moins une réponse acceptée"));
            let feedback = optional_text(c, t, "feedback")?;
            Some(Kind::ShortText {
                accepted: accepted?,
                feedback,
            })
        }
        "ordering" => {
            let items = required(
                c,
                "items",
                "ajoutez items = [\"…\", \"…\"], les étapes dans le BON ordre (elles seront mélangées)",
            )
            .and_then(|v| strings(c, v, "items", 2, "au moins 2 éléments"));
            Some(Kind::Ordering { items: items? })
        }
        "matching" => {
            let pairs = required(
                c,
                "pairs",
                "ajoutez pairs = [{ left = \"…\", right = \"…\" }, …], les paires correctement associées",
            )
            .and_then(|v| pairs(c, v));
            Some(Kind::Matching { pairs: pairs? })
        }
        _ => None,
    }
}

const CHOICES_HELP: &str =
    "ajoutez choices = [{ text = \"…\", feedback = \"…\" }, …] avec au moins 2 choix";

/// `Some(None)` when absent, `None` when present but invalid.
fn optional_text(c: &mut Checker, t: &DeTable, key: &str) -> Option<Option<String>> {
    match t.get(key) {
        None => Some(None),
        Some(v) => c.text(v, key).map(Some),
    }
}

fn choices(c: &mut Checker, v: &Value, kind: &str) -> Option<Vec<Choice>> {
    let items = c.array(
        v,
        "choices",
        "par exemple [{ text = \"…\", feedback = \"…\" }, …]",
    )?;
    let mut out = Vec::with_capacity(items.len());
    let mut ok = true;
    for item in items.iter() {
        let Some(t) = c.table(item, "chaque choix ({ text = \"…\", feedback = \"…\" })") else {
            ok = false;
            continue;
        };
        c.keys(t, &["text", "feedback"], None, "dans ce choix");
        let text = match t.get("text") {
            Some(v) => c.text(v, "text"),
            None => {
                c.err(item.span().start, "choix sans texte : ajoutez text = \"…\"");
                None
            }
        };
        let feedback = optional_text(c, t, "feedback");
        match (text, feedback) {
            (Some(text), _) if out.iter().any(|known: &Choice| known.text == text) => {
                c.err(
                    item.span().start,
                    format!(
                        "le choix '{text}' apparaît deux fois : chaque choix doit être distinct"
                    ),
                );
                ok = false;
            }
            (Some(text), Some(feedback)) => out.push(Choice { text, feedback }),
            _ => ok = false,
        }
    }
    if items.len() < 2 {
        c.err(
            v.span().start,
            format!(
                "une question '{kind}' doit proposer au moins 2 choix (trouvé : {}) : ajoutez des choix dans choices",
                items.len()
            ),
        );
        return None;
    }
    ok.then_some(out)
}

fn choice_number(c: &mut Checker, v: &Value, count: Option<usize>) -> Option<usize> {
    let n = c.integer(v, "answer")?;
    let count = count?;
    match usize::try_from(n) {
        Ok(n) if (1..=count).contains(&n) => Some(n - 1),
        _ => {
            c.err(
                v.span().start,
                format!("le numéro {n} est hors limites : les choix sont numérotés de 1 à {count}"),
            );
            None
        }
    }
}

fn single_answer(c: &mut Checker, v: &Value, count: Option<usize>) -> Option<usize> {
    if let DeValue::Array(_) = v.get_ref() {
        c.err(
            v.span().start,
            "pour une question 'single', answer doit être un entier (le numéro du bon choix, à partir de 1) ; s'il y a plusieurs bonnes réponses, utilisez kind = \"multiple\"",
        );
        return None;
    }
    choice_number(c, v, count)
}

fn multiple_answer(c: &mut Checker, v: &Value, count: Option<usize>) -> Option<Vec<usize>> {
    let DeValue::Array(items) = v.get_ref() else {
        c.err(
            v.span().start,
            format!(
                "pour une question 'multiple', answer doit être une liste de numéros, par exemple answer = [1, 3], pas {}",
                type_fr(v.get_ref())
            ),
        );
        return None;
    };
    if items.is_empty() {
        c.err(
            v.span().start,
            "answer = [] : indiquez au moins une bonne réponse, par exemple answer = [1, 3]",
        );
        return None;
    }
    let mut out: Vec<usize> = Vec::with_capacity(items.len());
    let mut ok = true;
    for item in items.iter() {
        match choice_number(c, item, count) {
            Some(n) if out.contains(&n) => {
                c.err(
                    item.span().start,
                    format!(
                        "le numéro {} apparaît deux fois dans answer : chaque bonne réponse ne doit y figurer qu'une fois",
                        n + 1
                    ),
                );
                ok = false;
            }
            Some(n) => out.push(n),
            None => ok = false,
        }
    }
    out.sort_unstable();
    ok.then_some(out)
}

/// A list of distinct, non-blank strings with at least `min` entries.
fn strings(c: &mut Checker, v: &Value, key: &str, min: usize, need: &str) -> Option<Vec<String>> {
    let items = c.array(v, key, "par exemple [\"…\", \"…\"]")?;
    if items.len() < min {
        let found = if items.is_empty() {
            "la liste est vide".to_string()
        } else {
            format!("trouvé : {}", items.len())
        };
        c.err(
            v.span().start,
            format!("'{key}' doit contenir {need} ({found})"),
        );
        return None;
    }
    let mut out: Vec<String> = Vec::with_capacity(items.len());
    let mut ok = true;
    for item in items.iter() {
        match c.text(item, key) {
            Some(s) if out.contains(&s) => {
                c.err(
                    item.span().start,
                    format!(
                        "'{s}' apparaît deux fois dans {key} : chaque élément doit être distinct"
                    ),
                );
                ok = false;
            }
            Some(s) => out.push(s),
            None => ok = false,
        }
    }
    ok.then_some(out)
}

fn pairs(c: &mut Checker, v: &Value) -> Option<Vec<Pair>> {
    let items = c.array(
        v,
        "pairs",
        "par exemple [{ left = \"2xx\", right = \"livraison réussie\" }, …]",
    )?;
    if items.len() < 2 {
        c.err(
            v.span().start,
            format!(
                "une question 'matching' doit avoir au moins 2 paires (trouvé : {}) : ajoutez des paires dans pairs",
                items.len()
            ),
        );
        return None;
    }
    let mut out: Vec<Pair> = Vec::with_capacity(items.len());
    let mut ok = true;
    for item in items.iter() {
        let Some(t) = c.table(item, "chaque paire ({ left = \"…\", right = \"…\" })") else {
            ok = false;
            continue;
        };
        c.keys(t, &["left", "right"], None, "dans cette paire");
        let side = |c: &mut Checker, key: &str| match t.get(key) {
            Some(v) => c.text(v, key).map(|s| (s, v.span().start)),
            None => {
                c.err(
                    item.span().start,
                    format!("paire incomplète : ajoutez {key} = \"…\""),
                );
                None
            }
        };
        let (Some((left, left_at)), Some((right, right_at))) = (side(c, "left"), side(c, "right"))
        else {
            ok = false;
            continue;
        };
        if out.iter().any(|p| p.left == left) {
            c.err(
                left_at,
                format!("la valeur de gauche '{left}' apparaît deux fois : chaque paire doit avoir une valeur de gauche distincte"),
            );
            ok = false;
        }
        if out.iter().any(|p| p.right == right) {
            c.err(
                right_at,
                format!("la valeur de droite '{right}' apparaît deux fois : chaque paire doit avoir une valeur de droite distincte"),
            );
            ok = false;
        }
        out.push(Pair { left, right });
    }
    ok.then_some(out)
}
