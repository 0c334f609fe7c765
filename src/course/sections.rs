//! The course's sections as the quiz needs them: heading slugs to validate `see`, and
//! heading texts to show « Pour revoir : module › section ». Headings come from
//! `markdown::outline`, so `see` anchors resolve exactly as the reader's links do.

use super::Course;
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

/// Headings as (unique GitHub slug, text), from the same layout the reader uses.
pub fn headings(markdown: &str) -> Vec<(String, String)> {
    crate::markdown::outline(markdown)
        .into_iter()
        .map(|h| (h.slug, h.text))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

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
                ("lien-final", "Lien final"),
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
