//! Parsing and validation of a quiz bank (`quizzes/*.toml`). The TOML is read as a tree
//! of spanned values and checked by hand, so that every mistake is reported at once with
//! its file:line:column and a French message saying what is wrong and how to fix it.
//!
//! It knows nothing of markdown: `see` references are checked through a [`SeeResolver`]
//! that the caller builds from the course modules.

use toml::Spanned;
use toml::de::{DeTable, DeValue};

use super::model::{Grading, Objective, Question, Quiz, See};
pub(crate) use access::closest;
use access::{has_typo_of, is_valid_id, suggestion};

mod access;
mod kind;

/// One mistake in a quiz file, at a 1-based line and column (in characters).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Problem {
    pub path: String,
    pub line: usize,
    pub column: usize,
    pub message: String,
}

impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{}:{}:{}: {}",
            self.path, self.line, self.column, self.message
        )
    }
}

/// What validation needs to know about the course to check `see = "module#slug"`.
pub trait SeeResolver {
    /// The heading slugs (GitHub rule) of a module, or `None` when no module has this id.
    fn heading_slugs(&self, module_id: &str) -> Option<Vec<String>>;

    /// Every module id, to suggest one when `see` names an unknown module.
    fn module_ids(&self) -> Vec<String> {
        Vec::new()
    }

    /// True when the module exists but its file could not be read: its anchors are
    /// unknown, and the missing file is reported once, elsewhere.
    fn anchors_unknown(&self, _module_id: &str) -> bool {
        false
    }
}

impl<F> SeeResolver for F
where
    F: Fn(&str) -> Option<Vec<String>>,
{
    fn heading_slugs(&self, module_id: &str) -> Option<Vec<String>> {
        self(module_id)
    }
}

type Value<'i> = Spanned<DeValue<'i>>;

const KINDS: [&str; 6] = [
    "single",
    "multiple",
    "true_false",
    "short_text",
    "ordering",
    "matching",
];
const COMMON_KEYS: [&str; 6] = ["id", "kind", "objective", "see", "prompt", "explanation"];
const ALL_KIND_KEYS: [&str; 8] = [
    "choices",
    "answer",
    "feedback_true",
    "feedback_false",
    "accepted",
    "feedback",
    "items",
    "pairs",
];

fn kind_keys(kind: &str) -> &'static [&'static str] {
    match kind {
        "single" | "multiple" => &["choices", "answer"],
        "true_false" => &["answer", "feedback_true", "feedback_false"],
        "short_text" => &["accepted", "feedback"],
        "ordering" => &["items"],
        "matching" => &["pairs"],
        _ => &[],
    }
}

/// Parses and validates a quiz bank. `path` is only used in the problems;
/// `manifest_pass_mark` is the `[quiz] pass_mark` of `content/course.toml`.
pub fn validate(
    path: &str,
    src: &str,
    manifest_pass_mark: u8,
    resolver: &dyn SeeResolver,
) -> Result<Quiz, Vec<Problem>> {
    let mut checker = Checker {
        lines: LineIndex::new(src),
        problems: Vec::new(),
    };
    let quiz = match DeTable::parse(src) {
        Ok(root) => checker.quiz(root.get_ref(), manifest_pass_mark, resolver),
        Err(err) => {
            let offset = err.span().map_or(0, |s| s.start);
            checker.err(offset, syntax_message(err.message().trim_end()));
            None
        }
    };
    match quiz {
        Some(quiz) if checker.problems.is_empty() => Ok(quiz),
        _ => {
            let mut problems = checker.problems;
            problems.sort_by_key(|(offset, _)| *offset);
            Err(problems
                .into_iter()
                .map(|(offset, message)| {
                    let (line, column) = checker.lines.line_col(src, offset);
                    Problem {
                        path: path.to_string(),
                        line,
                        column,
                        message,
                    }
                })
                .collect())
        }
    }
}

struct Checker {
    lines: LineIndex,
    /// Byte offset and message.
    problems: Vec<(usize, String)>,
}

impl Checker {
    fn err(&mut self, offset: usize, message: impl Into<String>) {
        self.problems.push((offset, message.into()));
    }

    fn quiz(
        &mut self,
        root: &DeTable,
        manifest_pass_mark: u8,
        see: &dyn SeeResolver,
    ) -> Option<Quiz> {
        self.keys(
            root,
            &["quiz", "objectives", "questions"],
            None,
            "à la racine du fichier",
        );
        let header = match root.get("quiz") {
            Some(v) => self.table(v, "[quiz]").map(|t| (t, v.span().start)),
            None => {
                self.err(
                    0,
                    "section [quiz] manquante : ajoutez [quiz] avec au moins title = \"…\"",
                );
                None
            }
        };
        let header = match header {
            Some((t, at)) => self.header(t, at, manifest_pass_mark),
            None => Header::default(),
        };
        let objectives = match root.get("objectives") {
            Some(v) => self.objectives(v),
            None => {
                self.err(0, "section [objectives] manquante : déclarez les objectifs, par exemple [objectives] puis concept = \"Comprendre le concept de webhook\"");
                Vec::new()
            }
        };
        let questions = match root.get("questions") {
            Some(v) => self.questions(v, &objectives, see),
            None => {
                self.err(
                    0,
                    "aucune question : ajoutez au moins un bloc [[questions]]",
                );
                Vec::new()
            }
        };
        // Count what questions name even when invalid or misspelt, so that one broken
        // question does not also report its objective as unused.
        let used: Vec<&str> = match root.get("questions").map(|v| v.get_ref()) {
            Some(DeValue::Array(items)) => items
                .iter()
                .filter_map(|q| q.get_ref().get("objective")?.get_ref().as_str())
                .collect(),
            _ => Vec::new(),
        };
        let used_set: std::collections::HashSet<&str> = used.iter().copied().collect();
        for (objective, offset) in &objectives {
            let id = objective.id.as_str();
            // The exact lookup first: the typo search is only for unused objectives.
            if !used_set.contains(id) && !used.iter().any(|u| closest(u, &[id]).is_some()) {
                self.err(
                    *offset,
                    format!(
                        "l'objectif '{}' est déclaré mais aucune question ne l'évalue : ajoutez une question avec objective = \"{}\" ou retirez-le de [objectives]",
                        objective.id, objective.id
                    ),
                );
            }
        }
        if let Some((per_objective, at)) = header.draw {
            self.draw_fits(per_objective, at, &objectives, &questions);
        }
        Some(Quiz {
            title: header.title?,
            pass_mark: manifest_pass_mark,
            shuffle_questions: header.shuffle_questions,
            shuffle_choices: header.shuffle_choices,
            per_objective: header.draw.map(|(n, _)| n),
            grading: header.grading,
            builds_on_last: header.builds_on_last,
            objectives: objectives.into_iter().map(|(o, _)| o).collect(),
            questions,
        })
    }

    /// Each objective needs at least `per_objective` valid questions to draw from.
    fn draw_fits(
        &mut self,
        per_objective: usize,
        at: usize,
        objectives: &[(Objective, usize)],
        questions: &[Question],
    ) {
        let mut counts: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
        for q in questions {
            *counts.entry(q.objective.as_str()).or_default() += 1;
        }
        for (o, _) in objectives {
            let have = counts.get(o.id.as_str()).copied().unwrap_or(0);
            if have < per_objective {
                self.err(
                    at,
                    format!(
                        "draw = {{ per_objective = {per_objective} }} : l'objectif '{}' n'a que {have} question{} valide{} ; ajoutez-en {} ou baissez per_objective",
                        o.id,
                        if have > 1 { "s" } else { "" },
                        if have > 1 { "s" } else { "" },
                        per_objective - have
                    ),
                );
            }
        }
    }

    fn header(&mut self, t: &DeTable, at: usize, manifest_pass_mark: u8) -> Header {
        self.keys(
            t,
            &[
                "title",
                "pass_mark",
                "shuffle_questions",
                "shuffle_choices",
                "draw",
                "grading",
                "builds_on_last",
            ],
            None,
            "dans [quiz]",
        );
        let title = match t.get("title") {
            Some(v) => self.text(v, "title"),
            None => {
                self.err(at, "titre manquant : ajoutez title = \"…\" dans [quiz]");
                None
            }
        };
        if let Some(v) = t.get("pass_mark")
            && let Some(mark) = self.integer(v, "pass_mark")
        {
            if !(0..=100).contains(&mark) {
                self.err(
                    v.span().start,
                    format!("pass_mark = {mark} : un pourcentage entre 0 et 100 est attendu"),
                );
            } else if mark != i64::from(manifest_pass_mark) {
                self.err(
                    v.span().start,
                    format!(
                        "pass_mark = {mark} ne correspond pas au seuil du manifeste content/course.toml ({manifest_pass_mark}) : mettez la même valeur ou retirez cette ligne"
                    ),
                );
            }
        }
        let flag = |this: &mut Self, key: &str, default: bool| match t.get(key) {
            Some(v) => this.boolean(v, key).unwrap_or(default),
            None => default,
        };
        let grading = match t.get("grading") {
            None => Grading::Best,
            Some(v) => match self.text(v, "grading") {
                Some(name) => Grading::parse(&name).unwrap_or_else(|| {
                    self.err(
                        v.span().start,
                        format!(
                            "grading = \"{name}\" : méthode inconnue ; utilisez \"best\" (meilleure tentative complète), \"last\" (dernière) ou \"first\" (première){}",
                            suggestion(&name, &["best", "last", "first"])
                        ),
                    );
                    Grading::Best
                }),
                None => Grading::Best,
            },
        };
        Header {
            title,
            shuffle_questions: flag(self, "shuffle_questions", true),
            shuffle_choices: flag(self, "shuffle_choices", true),
            draw: t.get("draw").and_then(|v| self.draw(v)),
            grading,
            builds_on_last: flag(self, "builds_on_last", false),
        }
    }

    /// `draw = { per_objective = N }`, N ≥ 1, with the offset of the value.
    fn draw(&mut self, v: &Value) -> Option<(usize, usize)> {
        let t = self.table(v, "draw")?;
        self.keys(t, &["per_objective"], None, "dans draw");
        let Some(n) = t.get("per_objective") else {
            self.err(
                v.span().start,
                "draw sans per_objective : écrivez draw = { per_objective = 4 } (questions tirées par objectif)",
            );
            return None;
        };
        let count = self.integer(n, "per_objective")?;
        match usize::try_from(count) {
            Ok(count) if count >= 1 => Some((count, n.span().start)),
            _ => {
                self.err(
                    n.span().start,
                    format!(
                        "per_objective = {count} : un nombre de questions d'au moins 1 est attendu"
                    ),
                );
                None
            }
        }
    }

    /// The objectives in file order, with the offset of each id for later messages.
    fn objectives(&mut self, v: &Value) -> Vec<(Objective, usize)> {
        let Some(t) = self.table(v, "[objectives]") else {
            return Vec::new();
        };
        let mut out = Vec::new();
        for (key, value) in t.iter() {
            let id = key.get_ref().as_ref();
            if !is_valid_id(id) {
                self.err(
                    key.span().start,
                    format!(
                        "identifiant d'objectif '{id}' invalide : lettres minuscules ascii, chiffres, tirets et soulignés uniquement"
                    ),
                );
            }
            if let Some(label) = self.text(value, id) {
                out.push((
                    Objective {
                        id: id.to_string(),
                        label,
                    },
                    key.span().start,
                ));
            }
        }
        if out.is_empty() && t.is_empty() {
            self.err(
                v.span().start,
                "[objectives] est vide : déclarez au moins un objectif, par exemple concept = \"Comprendre le concept de webhook\"",
            );
        }
        out.sort_by_key(|(_, offset)| *offset);
        out
    }

    fn questions(
        &mut self,
        v: &Value,
        objectives: &[(Objective, usize)],
        see: &dyn SeeResolver,
    ) -> Vec<Question> {
        let Some(items) = self.array(v, "questions", "une suite de blocs [[questions]]") else {
            return Vec::new();
        };
        if items.is_empty() {
            self.err(
                v.span().start,
                "aucune question : ajoutez au moins un bloc [[questions]]",
            );
        }
        let mut seen: Seen = Seen::new();
        let mut out = Vec::new();
        for item in items.iter() {
            let Some(t) = self.table(item, "chaque question") else {
                continue;
            };
            let at = item.span().start;
            if let Some(q) = self.question(t, at, &mut seen, objectives, see) {
                out.push(q);
            }
        }
        out
    }

    fn question(
        &mut self,
        t: &DeTable,
        at: usize,
        seen: &mut Seen,
        objectives: &[(Objective, usize)],
        see: &dyn SeeResolver,
    ) -> Option<Question> {
        let required = |this: &mut Self, key: &str, help: &str| -> Option<&Value> {
            let v = t.get(key);
            if v.is_none() && !has_typo_of(t, key) {
                this.err(
                    at,
                    format!("clé '{key}' manquante dans cette question : {help}"),
                );
            }
            v
        };
        let id = required(
            self,
            "id",
            "ajoutez id = \"mon-identifiant\" (unique ; minuscules ascii, chiffres et tirets)",
        )
        .and_then(|v| self.question_id(v, seen));
        let kind_value = required(
            self,
            "kind",
            "ajoutez kind = \"single\" (ou multiple, true_false, short_text, ordering, matching)",
        );
        let kind_name = kind_value.and_then(|v| {
            let name = self.text(v, "kind")?;
            if KINDS.contains(&name.as_str()) {
                Some(name)
            } else {
                self.err(
                    v.span().start,
                    format!(
                        "type de question '{name}' inconnu : utilisez single, multiple, true_false, short_text, ordering ou matching{}",
                        suggestion(&name, &KINDS)
                    ),
                );
                None
            }
        });
        let mut allowed: Vec<&str> = COMMON_KEYS.to_vec();
        match &kind_name {
            Some(k) => allowed.extend_from_slice(kind_keys(k)),
            None => allowed.extend_from_slice(&ALL_KIND_KEYS),
        }
        self.keys(t, &allowed, kind_name.as_deref(), "dans cette question");
        let declared: Vec<&str> = objectives.iter().map(|(o, _)| o.id.as_str()).collect();
        let objective = required(
            self,
            "objective",
            &format!(
                "ajoutez objective = \"…\" avec l'un des objectifs déclarés dans [objectives] : {}",
                declared.join(", ")
            ),
        )
        .and_then(|v| {
            let name = self.text(v, "objective")?;
            if declared.contains(&name.as_str()) {
                Some(name)
            } else {
                self.err(
                    v.span().start,
                    format!(
                        "objectif '{name}' non déclaré : ajoutez-le dans [objectives] ou utilisez l'un de : {}{}",
                        declared.join(", "),
                        suggestion(&name, &declared)
                    ),
                );
                None
            }
        });
        let see_ref = required(
            self,
            "see",
            "ajoutez see = \"module-id#ancre-du-titre\", la section du cours qui enseigne la réponse",
        )
        .and_then(|v| self.see(v, see));
        let prompt = required(
            self,
            "prompt",
            "ajoutez prompt = \"\"\"…\"\"\" avec l'énoncé",
        )
        .and_then(|v| self.text(v, "prompt"));
        let explanation = required(
            self,
            "explanation",
            "ajoutez explanation = \"\"\"…\"\"\", affichée après la réponse",
        )
        .and_then(|v| self.text(v, "explanation"));
        let kind = match kind_name.as_deref() {
            Some(name) => kind::kind(self, name, t, at),
            None => None,
        };
        Some(Question {
            id: id?,
            objective: objective?,
            see: see_ref?,
            prompt: prompt?,
            explanation: explanation?,
            kind: kind?,
        })
    }

    fn question_id(&mut self, v: &Value, seen: &mut Seen) -> Option<String> {
        let id = self.text(v, "id")?;
        if !id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        {
            self.err(
                v.span().start,
                format!(
                    "identifiant '{id}' invalide : utilisez seulement des lettres minuscules ascii, des chiffres et des tirets (par exemple 'push-vs-pull')"
                ),
            );
            return None;
        }
        if let Some(&first) = seen.get(&id) {
            self.err(
                v.span().start,
                format!(
                    "identifiant '{id}' déjà utilisé par la question de la ligne {first} : chaque question doit avoir un id unique (il sert à enregistrer les réponses)"
                ),
            );
            return None;
        }
        seen.insert(id.clone(), self.line_hint(v));
        Some(id)
    }

    fn see(&mut self, v: &Value, resolver: &dyn SeeResolver) -> Option<See> {
        let raw = self.text(v, "see")?;
        let see = See::parse(raw.trim());
        let at = v.span().start;
        let Some(slugs) = resolver.heading_slugs(&see.module) else {
            let modules = resolver.module_ids();
            let ids: Vec<&str> = modules.iter().map(String::as_str).collect();
            let known = if ids.is_empty() {
                String::new()
            } else {
                format!(" ; modules du cours : {}", ids.join(", "))
            };
            self.err(
                at,
                format!(
                    "see = \"{raw}\" : le module '{}' n'existe pas (il doit être l'id d'un [[modules]] de content/course.toml){known}{}",
                    see.module,
                    suggestion(&see.module, &ids)
                ),
            );
            return None;
        };
        if let Some(anchor) = &see.anchor
            && !resolver.anchors_unknown(&see.module)
            && !slugs.iter().any(|s| s == anchor)
        {
            let refs: Vec<&str> = slugs.iter().map(String::as_str).collect();
            self.err(
                at,
                format!(
                    "see = \"{raw}\" : aucun titre du module '{}' n'a l'ancre '{anchor}' (règle de GitHub : minuscules, espaces changés en tirets, ponctuation supprimée){}",
                    see.module,
                    suggestion(anchor, &refs)
                ),
            );
            return None;
        }
        Some(see)
    }

    /// The 1-based line of a value, for messages that point at another place.
    fn line_hint(&self, v: &Value) -> usize {
        self.lines.line(v.span().start)
    }
}

/// Question ids seen so far, with the line of their first use.
type Seen = std::collections::HashMap<String, usize>;

/// What the `[quiz]` header says.
struct Header {
    title: Option<String>,
    shuffle_questions: bool,
    shuffle_choices: bool,
    /// `per_objective` and the offset of its value.
    draw: Option<(usize, usize)>,
    grading: Grading,
    builds_on_last: bool,
}

impl Default for Header {
    fn default() -> Header {
        Header {
            title: None,
            shuffle_questions: true,
            shuffle_choices: true,
            draw: None,
            grading: Grading::Best,
            builds_on_last: false,
        }
    }
}

/// Byte offsets of line starts, so that locating a problem costs a binary search and
/// one line's worth of characters rather than a scan from the start of the file (which
/// made validation quadratic in the number of questions).
struct LineIndex {
    starts: Vec<usize>,
}

impl LineIndex {
    fn new(src: &str) -> LineIndex {
        let starts = std::iter::once(0)
            .chain(src.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        LineIndex { starts }
    }

    /// 1-based line of a byte offset.
    fn line(&self, offset: usize) -> usize {
        self.starts.partition_point(|&s| s <= offset).max(1)
    }

    /// 1-based (line, column in characters), as `course::line_col` computes them.
    fn line_col(&self, src: &str, offset: usize) -> (usize, usize) {
        let offset = offset.min(src.len());
        let line = self.line(offset);
        let start = self.starts.get(line - 1).copied().unwrap_or(0);
        let column = src.get(start..offset).map_or(1, |s| s.chars().count() + 1);
        (line, column)
    }
}

/// A French explanation of a TOML syntax error, keeping the parser's words as a detail.
fn syntax_message(detail: &str) -> String {
    let what = if detail.starts_with("duplicate key") {
        "clé en double : cette clé est déjà définie dans la même table ; supprimez ou renommez l'une des deux"
    } else if detail.contains("string") {
        "chaîne mal fermée : vérifiez le guillemet fermant (\" ou \"\"\" pour un texte sur plusieurs lignes)"
    } else {
        "vérifiez les guillemets, les crochets, les virgules et le signe = à cet endroit"
    };
    format!("TOML invalide : {what} (détail : {detail})")
}

#[cfg(test)]
#[path = "validate_tests.rs"]
mod tests;

#[cfg(test)]
#[path = "validate_header_tests.rs"]
mod header_tests;
