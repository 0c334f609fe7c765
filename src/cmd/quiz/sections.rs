//! The course's sections as the quiz needs them: heading slugs to validate `see`, and
//! heading texts to show « Pour revoir : module › section ». A small ATX heading scan
//! keeps `quiz` independent of the `markdown` renderer.

use crate::course::Course;
use crate::quiz::{See, SeeResolver};

/// Every module with its headings, in course order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sections {
    modules: Vec<ModuleSections>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
struct ModuleSections {
    id: String,
    title: String,
    /// (slug, heading text) in document order.
    headings: Vec<(String, String)>,
}

impl Sections {
    pub fn from_course(course: &Course) -> Sections {
        Sections {
            modules: course
                .modules
                .iter()
                .map(|m| ModuleSections {
                    id: m.id.clone(),
                    title: m.title.clone(),
                    headings: headings(&m.source),
                })
                .collect(),
        }
    }

    /// « Module 1 : Le concept › Push ou pull ? », or the raw reference when unknown.
    pub fn label(&self, see: &See) -> String {
        let Some(module) = self.modules.iter().find(|m| m.id == see.module) else {
            return see.to_string();
        };
        match &see.anchor {
            None => module.title.clone(),
            Some(anchor) => match module.headings.iter().find(|(slug, _)| slug == anchor) {
                Some((_, text)) => format!("{} › {text}", module.title),
                None => format!("{} › #{anchor}", module.title),
            },
        }
    }
}

impl SeeResolver for Sections {
    fn heading_slugs(&self, module_id: &str) -> Option<Vec<String>> {
        let module = self.modules.iter().find(|m| m.id == module_id)?;
        Some(
            module
                .headings
                .iter()
                .map(|(slug, _)| slug.clone())
                .collect(),
        )
    }

    fn module_ids(&self) -> Vec<String> {
        self.modules.iter().map(|m| m.id.clone()).collect()
    }
}

/// ATX headings outside fenced code, as (GitHub slug, text), duplicates numbered.
pub fn headings(markdown: &str) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = Vec::new();
    let mut fence: Option<(char, usize)> = None;
    for line in markdown.lines() {
        let indent = line.len() - line.trim_start_matches(' ').len();
        let body = line.trim_start_matches(' ');
        if indent <= 3 {
            let marker = body.chars().next().filter(|c| *c == '`' || *c == '~');
            if let Some(c) = marker {
                let run = body.chars().take_while(|x| *x == c).count();
                if run >= 3 {
                    fence = match fence {
                        None => Some((c, run)),
                        Some((open, len)) if open == c && run >= len => None,
                        other => other,
                    };
                    continue;
                }
            }
        }
        if fence.is_some() || indent > 3 {
            continue;
        }
        let level = body.chars().take_while(|c| *c == '#').count();
        let rest = body.get(level..).unwrap_or("");
        if !(1..=6).contains(&level) || !(rest.is_empty() || rest.starts_with([' ', '\t'])) {
            continue;
        }
        let text = strip_closing_hashes(rest.trim());
        let base = slug(&inline_text(text));
        let count = out
            .iter()
            .filter(|(s, _)| *s == base || s.strip_prefix(base.as_str()).is_some_and(is_dup_suffix))
            .count();
        let slug = if count == 0 {
            base
        } else {
            format!("{base}-{count}")
        };
        out.push((slug, text.to_string()));
    }
    out
}

fn is_dup_suffix(s: &str) -> bool {
    s.strip_prefix('-')
        .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
}

/// `## Titre ##` → `Titre` (the closing run must follow a space).
fn strip_closing_hashes(text: &str) -> &str {
    let trimmed = text.trim_end_matches('#');
    if trimmed.len() == text.len() {
        return text;
    }
    if trimmed.is_empty() {
        return "";
    }
    if trimmed.ends_with([' ', '\t']) {
        trimmed.trim_end()
    } else {
        text
    }
}

/// The heading's visible text: link targets dropped (`[texte](url)` → `texte`).
fn inline_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(open) = rest.find("](") {
        let Some(close) = rest.get(open..).and_then(|r| r.find(')')) else {
            break;
        };
        out.push_str(rest.get(..open).unwrap_or(""));
        rest = rest.get(open + close + 1..).unwrap_or("");
    }
    out.push_str(rest);
    out
}

/// GitHub's anchor rule: lowercase, letters/digits/`-`/`_` kept, spaces become `-`,
/// everything else dropped.
pub fn slug(text: &str) -> String {
    text.chars()
        .flat_map(char::to_lowercase)
        .filter_map(|c| match c {
            ' ' => Some('-'),
            c if c.is_alphanumeric() || c == '-' || c == '_' => Some(c),
            _ => None,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_follow_the_github_rule() {
        let table = [
            ("Push ou pull ?", "push-ou-pull-"),
            ("L'en-tête `svix-id`", "len-tête-svix-id"),
            ("Étapes de vérification", "étapes-de-vérification"),
            ("Exercice 1 : pourquoi", "exercice-1--pourquoi"),
            ("snake_case et 2xx", "snake_case-et-2xx"),
        ];
        for (text, expected) in table {
            assert_eq!(slug(text), expected, "{text}");
        }
    }

    #[test]
    fn headings_skip_code_and_number_duplicates() {
        let md = "# Titre\n\n```bash\n# commentaire\n```\n\n## Étape ##\n## Étape\n    # indenté\n#pas un titre\n### [Lien](https://x.y) final\n## Étape\n";
        let owned = headings(md);
        let pairs: Vec<(&str, &str)> = owned
            .iter()
            .map(|(s, t)| (s.as_str(), t.as_str()))
            .collect();
        assert_eq!(
            pairs,
            [
                ("titre", "Titre"),
                ("étape", "Étape"),
                ("étape-1", "Étape"),
                ("lien-final", "[Lien](https://x.y) final"),
                ("étape-2", "Étape"),
            ]
        );
    }

    #[test]
    fn sections_of_the_test_course_label_see_references() {
        let dir =
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/quiz-course");
        let course = Course::from_dir(&dir).unwrap();
        let sections = Sections::from_course(&course);
        assert_eq!(
            sections.heading_slugs("concept"),
            Some(vec![
                "le-concept".to_string(),
                "push-ou-pull-".to_string(),
                "les-codes-de-réponse".to_string(),
            ])
        );
        assert_eq!(sections.heading_slugs("absent"), None);
        assert_eq!(sections.module_ids(), ["concept", "signatures"]);
        let table = [
            (
                "concept#push-ou-pull-",
                "Module 1 : Le concept › Push ou pull ?",
            ),
            ("concept", "Module 1 : Le concept"),
            ("concept#disparu", "Module 1 : Le concept › #disparu"),
            ("absent#x", "absent#x"),
        ];
        for (see, label) in table {
            assert_eq!(sections.label(&See::parse(see)), label, "{see}");
        }
    }
}
