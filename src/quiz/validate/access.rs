//! Typed access to the spanned TOML tree for the validator: each accessor reports a
//! wrong type or a blank string at the value itself, and unknown keys with a suggestion.

use toml::de::{DeArray, DeTable, DeValue};

use super::{ALL_KIND_KEYS, COMMON_KEYS, Checker, Value};

impl Checker {
    /// Reports every key not in `allowed`. `kind` is the question's kind when known:
    /// a key of another kind then gets a message naming the keys this kind takes.
    pub(super) fn keys(
        &mut self,
        t: &DeTable,
        allowed: &[&str],
        kind: Option<&str>,
        context: &str,
    ) {
        for (key, _) in t.iter() {
            let name = key.get_ref().as_ref();
            if allowed.contains(&name) {
                continue;
            }
            let message = match kind {
                Some(kind) if ALL_KIND_KEYS.contains(&name) => {
                    let own: Vec<&str> = allowed
                        .iter()
                        .copied()
                        .filter(|k| !COMMON_KEYS.contains(k))
                        .collect();
                    format!(
                        "la clé '{name}' ne s'applique pas aux questions de type '{kind}' : retirez-la (ce type utilise : {})",
                        own.join(", ")
                    )
                }
                _ => match closest(name, allowed) {
                    Some(near) => {
                        format!("clé inconnue '{name}' {context} : vouliez-vous dire '{near}' ?")
                    }
                    None => format!(
                        "clé inconnue '{name}' {context} : retirez-la (clés possibles : {})",
                        allowed.join(", ")
                    ),
                },
            };
            self.err(key.span().start, message);
        }
    }

    pub(super) fn table<'t, 'i>(
        &mut self,
        v: &'t Value<'i>,
        what: &str,
    ) -> Option<&'t DeTable<'i>> {
        match v.get_ref() {
            DeValue::Table(t) => Some(t),
            other => {
                self.err(
                    v.span().start,
                    format!("{what} doit être une table, pas {}", type_fr(other)),
                );
                None
            }
        }
    }

    pub(super) fn array<'t, 'i>(
        &mut self,
        v: &'t Value<'i>,
        key: &str,
        example: &str,
    ) -> Option<&'t DeArray<'i>> {
        match v.get_ref() {
            DeValue::Array(a) => Some(a),
            other => {
                self.err(
                    v.span().start,
                    format!(
                        "'{key}' doit être une liste ({example}), pas {}",
                        type_fr(other)
                    ),
                );
                None
            }
        }
    }

    /// A string that must not be blank.
    pub(super) fn text(&mut self, v: &Value, key: &str) -> Option<String> {
        match v.get_ref() {
            DeValue::String(s) if s.trim().is_empty() => {
                self.err(
                    v.span().start,
                    format!("'{key}' est vide : {}", empty_help(key)),
                );
                None
            }
            DeValue::String(s) => Some(s.to_string()),
            other => {
                self.err(
                    v.span().start,
                    format!(
                        "'{key}' doit être une chaîne de caractères entre guillemets, pas {}",
                        type_fr(other)
                    ),
                );
                None
            }
        }
    }

    pub(super) fn integer(&mut self, v: &Value, key: &str) -> Option<i64> {
        match v.get_ref() {
            DeValue::Integer(i) => match i64::from_str_radix(i.as_str(), i.radix()) {
                Ok(n) => Some(n),
                Err(_) => {
                    self.err(v.span().start, format!("'{key}' : nombre trop grand"));
                    None
                }
            },
            other => {
                self.err(
                    v.span().start,
                    format!("'{key}' doit être un nombre entier, pas {}", type_fr(other)),
                );
                None
            }
        }
    }

    pub(super) fn boolean(&mut self, v: &Value, key: &str) -> Option<bool> {
        match v.get_ref() {
            DeValue::Boolean(b) => Some(*b),
            other => {
                self.err(
                    v.span().start,
                    format!(
                        "'{key}' doit valoir true ou false (sans guillemets), pas {}",
                        type_fr(other)
                    ),
                );
                None
            }
        }
    }
}

/// The French name of a TOML value's type, with its article, for messages.
pub(super) fn type_fr(v: &DeValue) -> &'static str {
    match v {
        DeValue::String(_) => "une chaîne",
        DeValue::Integer(_) => "un entier",
        DeValue::Float(_) => "un nombre décimal",
        DeValue::Boolean(_) => "un booléen",
        DeValue::Datetime(_) => "une date",
        DeValue::Array(_) => "une liste",
        DeValue::Table(_) => "une table",
    }
}

/// How to fill a key found blank.
fn empty_help(key: &str) -> &'static str {
    match key {
        "prompt" => "écrivez l'énoncé de la question",
        "explanation" => "expliquez la bonne réponse (elle s'affiche après chaque réponse)",
        "title" => "donnez un titre au quiz",
        _ => "écrivez un texte ou retirez la clé si elle est facultative",
    }
}

/// Objective ids: ascii lowercase, digits, `-` and `_`.
pub(super) fn is_valid_id(id: &str) -> bool {
    !id.is_empty()
        && id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'_')
}

/// True when a key of `t` looks like a typo of `key`: it is reported as unknown with a
/// suggestion, and reporting `key` as missing too would only add noise.
pub(super) fn has_typo_of(t: &DeTable, key: &str) -> bool {
    t.iter()
        .any(|(k, _)| closest(k.get_ref().as_ref(), &[key]).is_some())
}

/// « ; vouliez-vous dire 'x' ? » for the closest candidate, or nothing.
pub(super) fn suggestion(given: &str, candidates: &[&str]) -> String {
    closest(given, candidates)
        .map(|c| format!(" ; vouliez-vous dire '{c}' ?"))
        .unwrap_or_default()
}

/// The candidate within a small edit distance of `given` (a typo), if any.
pub(crate) fn closest<'a>(given: &str, candidates: &[&'a str]) -> Option<&'a str> {
    candidates
        .iter()
        .map(|c| (edit_distance(given, c), *c))
        .filter(|(d, c)| *d > 0 && *d <= 2.max(c.chars().count() / 4))
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c)
}

fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut row = Vec::with_capacity(b.len() + 1);
        row.push(i + 1);
        for (j, cb) in b.iter().enumerate() {
            let sub = prev.get(j).copied().unwrap_or(0) + usize::from(ca != *cb);
            let del = prev.get(j + 1).copied().unwrap_or(0) + 1;
            let ins = row.get(j).copied().unwrap_or(0) + 1;
            row.push(sub.min(del).min(ins));
        }
        prev = row;
    }
    prev.last().copied().unwrap_or(0)
}
