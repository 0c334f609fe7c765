//! An exercise's hints: the `<details>` folds whose summary starts with « Indice » in the
//! module 5 section its `see` names, each laid out as the reader would (plain text, no
//! style). An instructor writes a hint once, in the markdown; the reader folds it, and
//! `lab hint` and the lab screen reveal it, one at a time.

use crate::course::Course;
use crate::markdown::{self, Theme};

/// Width hints are laid out at.
pub const WIDTH: u16 = 78;

/// The hints of the section `see` (`module-id#anchor`), in order, each as plain lines.
/// Empty when the module or the heading does not exist.
pub fn hints(course: &Course, see: &str) -> Vec<Vec<String>> {
    let Some((module, anchor)) = see.split_once('#') else {
        return Vec::new();
    };
    let Some(source) = course.modules.iter().find(|m| m.id == module) else {
        return Vec::new();
    };
    let Some(section) = section(&source.source, anchor) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    let mut rest = section;
    while let Some(start) = rest.find("<summary>") {
        let after = &rest[start + "<summary>".len()..];
        let Some(end) = after.find("</summary>") else {
            break;
        };
        let summary = after[..end].trim();
        let body_start = &after[end + "</summary>".len()..];
        let body_end = body_start.find("</details>").unwrap_or(body_start.len());
        if summary.starts_with("Indice") {
            out.push(plain_lines(&body_start[..body_end]));
        }
        rest = &body_start[body_end..];
    }
    out
}

/// The source of the section whose heading has slug `anchor`, up to the next heading of
/// the same or a higher level (headings found by the renderer, so slugs agree with links).
fn section<'s>(source: &'s str, anchor: &str) -> Option<&'s str> {
    let outline = markdown::outline(source);
    let at = outline.iter().position(|h| h.slug == anchor)?;
    let heading = &outline[at];
    let hashes = "#".repeat(usize::from(heading.level));
    let start = source.find(&format!("{hashes} {}\n", heading.text))?;
    let body = &source[start..];
    let next = outline[at + 1..]
        .iter()
        .find(|h| h.level <= heading.level)
        .and_then(|h| {
            body.find(&format!(
                "\n{} {}\n",
                "#".repeat(usize::from(h.level)),
                h.text
            ))
        });
    Some(&body[..next.unwrap_or(body.len())])
}

fn plain_lines(markdown_src: &str) -> Vec<String> {
    let doc = markdown::render(markdown_src, WIDTH, &Theme::plain());
    let lines: Vec<String> = doc
        .lines
        .iter()
        .map(|l| {
            l.spans
                .iter()
                .map(|s| s.content.as_ref())
                .collect::<String>()
        })
        .map(|l| l.trim_end().to_owned())
        .collect();
    let first = lines
        .iter()
        .position(|l| !l.is_empty())
        .unwrap_or(lines.len());
    let last = lines
        .iter()
        .rposition(|l| !l.is_empty())
        .map_or(first, |p| p + 1);
    lines[first..last].to_vec()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_shipped_lab_exercises_have_hints() {
        let course = Course::embedded().unwrap();
        let lab = crate::lab::Lab::load(&course.origin, crate::lab::DEFAULT_STACK).unwrap();
        for id in lab.exercise_ids() {
            let x = course.exercises.iter().find(|x| x.id == id).unwrap();
            assert!(hints(&course, &x.see).len() >= 2, "{id}");
        }
        let x = course
            .exercises
            .iter()
            .find(|x| x.id == "express-gros-payload")
            .unwrap();
        assert_eq!(
            hints(&course, &x.see),
            [
                vec![
                    "Le 413 vient d’Express, pas de votre code. Quelle est la taille maximale par"
                        .to_owned(),
                    "défaut d’un corps lu par express.raw ?".to_owned()
                ],
                vec!["express.raw accepte une option limit.".to_owned()],
            ]
        );
        assert!(hints(&course, "quiz-exercices#absent").is_empty());
    }
}
