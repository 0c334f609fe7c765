//! The validated quiz bank as the rest of the program sees it. Indices are 0-based here;
//! the 1-based numbers of the TOML file are converted once, by `validate`.

pub use crate::progress::Grading;

/// A whole quiz bank, checked by [`super::validate`].
#[derive(Debug, Clone, PartialEq)]
pub struct Quiz {
    pub title: String,
    /// Percentage needed to pass (the manifest's value).
    pub pass_mark: u8,
    pub shuffle_questions: bool,
    /// Shuffles the choices of single/multiple and the right column of matching.
    pub shuffle_choices: bool,
    /// `draw = { per_objective = N }`: each attempt draws N questions per objective.
    /// `None` asks the whole bank.
    pub per_objective: Option<usize>,
    /// Which full attempt decides the quiz.
    pub grading: Grading,
    /// « Recommencer seulement les erreurs » keeps the right answers and counts
    /// (Moodle's « each attempt builds on the last »); otherwise it is practice.
    pub builds_on_last: bool,
    /// In file order.
    pub objectives: Vec<Objective>,
    /// In file order.
    pub questions: Vec<Question>,
}

impl Quiz {
    pub fn objective(&self, id: &str) -> Option<&Objective> {
        self.objectives.iter().find(|o| o.id == id)
    }

    pub fn question(&self, id: &str) -> Option<&Question> {
        self.questions.iter().find(|q| q.id == id)
    }

    /// How many questions a full attempt asks.
    pub fn attempt_len(&self) -> usize {
        match self.per_objective {
            None => self.questions.len(),
            Some(n) => self
                .objectives
                .iter()
                .map(|o| {
                    let bank = self
                        .questions
                        .iter()
                        .filter(|q| q.objective == o.id)
                        .count();
                    bank.min(n)
                })
                .sum(),
        }
    }
}

impl Question {
    /// A stable hash of everything that makes the question what it is (not its
    /// feedback or explanation), to notice that a saved answer was given to another
    /// version of it.
    pub fn fingerprint(&self) -> u64 {
        let mut parts: Vec<&str> = vec![&self.id, self.kind.name(), &self.prompt];
        let numbers = match &self.kind {
            Kind::Single { choices, answer } => {
                parts.extend(choices.iter().map(|c| c.text.as_str()));
                answer.to_string()
            }
            Kind::Multiple { choices, answer } => {
                parts.extend(choices.iter().map(|c| c.text.as_str()));
                format!("{answer:?}")
            }
            Kind::TrueFalse { answer, .. } => answer.to_string(),
            Kind::ShortText { accepted, .. } => {
                parts.extend(accepted.iter().map(String::as_str));
                String::new()
            }
            Kind::Ordering { items } => {
                parts.extend(items.iter().map(String::as_str));
                String::new()
            }
            Kind::Matching { pairs } => {
                for p in pairs {
                    parts.push(&p.left);
                    parts.push(&p.right);
                }
                String::new()
            }
        };
        parts.push(&numbers);
        super::shuffle::fnv1a(parts.join("\u{1f}").as_bytes())
    }
}

/// One learning objective of the course outline.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Objective {
    /// Stable ascii id, e.g. `signatures`.
    pub id: String,
    /// French label shown to the learner.
    pub label: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Question {
    pub id: String,
    pub objective: String,
    /// The section of the course that teaches this question.
    pub see: See,
    /// Markdown.
    pub prompt: String,
    /// Markdown, shown after answering.
    pub explanation: String,
    pub kind: Kind,
}

/// A `module-id#heading-slug` reference (the anchor may be absent: the whole module).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct See {
    pub module: String,
    pub anchor: Option<String>,
}

impl See {
    /// Splits `module#anchor`; an empty anchor counts as none.
    pub fn parse(s: &str) -> See {
        match s.split_once('#') {
            Some((module, anchor)) if !anchor.is_empty() => See {
                module: module.to_string(),
                anchor: Some(anchor.to_string()),
            },
            Some((module, _)) => See {
                module: module.to_string(),
                anchor: None,
            },
            None => See {
                module: s.to_string(),
                anchor: None,
            },
        }
    }
}

impl std::fmt::Display for See {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.anchor {
            Some(anchor) => write!(f, "{}#{anchor}", self.module),
            None => f.write_str(&self.module),
        }
    }
}

/// What the learner is asked to do, with the expected answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Kind {
    /// Exactly one correct choice.
    Single { choices: Vec<Choice>, answer: usize },
    /// One or more correct choices, sorted and distinct.
    Multiple {
        choices: Vec<Choice>,
        answer: Vec<usize>,
    },
    TrueFalse {
        answer: bool,
        feedback_true: Option<String>,
        feedback_false: Option<String>,
    },
    ShortText {
        accepted: Vec<String>,
        /// Shown when the answer is wrong.
        feedback: Option<String>,
    },
    /// Items in the correct order.
    Ordering { items: Vec<String> },
    /// Pairs in the correct association.
    Matching { pairs: Vec<Pair> },
}

impl Kind {
    /// The name used in the TOML file.
    pub fn name(&self) -> &'static str {
        match self {
            Kind::Single { .. } => "single",
            Kind::Multiple { .. } => "multiple",
            Kind::TrueFalse { .. } => "true_false",
            Kind::ShortText { .. } => "short_text",
            Kind::Ordering { .. } => "ordering",
            Kind::Matching { .. } => "matching",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Choice {
    pub text: String,
    pub feedback: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pair {
    pub left: String,
    pub right: String,
}
