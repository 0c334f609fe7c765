//! An exercise's hints: the « Indice n » subsections of the module section its `see` names,
//! as the reader lays them out (plain text, no style), so an instructor writes hints once,
//! in the markdown, and the reader, `lab hint` and the lab screen all show the same ones.

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
    let doc = markdown::render(&source.source, WIDTH, &Theme::plain());
    let Some(start) = doc.headings.iter().position(|h| h.slug == anchor) else {
        return Vec::new();
    };
    let level = doc.headings[start].level;
    let mut out = Vec::new();
    for (i, heading) in doc.headings.iter().enumerate().skip(start + 1) {
        if heading.level <= level {
            break;
        }
        if !heading.text.starts_with("Indice") {
            continue;
        }
        let end = doc
            .headings
            .get(i + 1)
            .map_or(doc.lines.len(), |next| next.line);
        let lines: Vec<String> = doc.lines[heading.line + 1..end]
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
        out.push(lines[first..last].to_vec());
    }
    out
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
