use std::path::Path;

use super::*;

fn fixture() -> Origin {
    Origin::Folder(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/course"))
}

/// A copy of the shipped course (content/, its lab folders, quizzes/) to break.
fn copy_of_the_course(root: &Path) -> tempfile::TempDir {
    fn copy(from: &Path, to: &Path) {
        std::fs::create_dir_all(to).unwrap();
        for entry in std::fs::read_dir(from).unwrap() {
            let entry = entry.unwrap();
            let name = entry.file_name();
            if name == "node_modules" {
                continue;
            }
            if entry.file_type().unwrap().is_dir() {
                copy(&entry.path(), &to.join(&name));
            } else {
                std::fs::copy(entry.path(), to.join(&name)).unwrap();
            }
        }
    }
    let dir = tempfile::tempdir().unwrap();
    for sub in ["content", "quizzes"] {
        copy(&root.join(sub), &dir.path().join(sub));
    }
    dir
}

#[test]
fn the_fixture_course_is_valid() {
    let report = check(&fixture());
    assert_eq!(report.problems, vec![]);
    assert_eq!(
        (
            report.modules,
            report.links,
            report.code_blocks,
            report.exercises
        ),
        (3, 5, 3, 2)
    );
    assert_eq!(
        report.quiz.as_ref().map(|q| q.path.as_str()),
        Some("quizzes/quiz.toml")
    );
    assert_eq!(report.quiz_line, 5);
}

#[test]
fn see_references_are_resolved() {
    let report = check(&fixture());
    assert_eq!(report.resolve_see("signatures#le-contenu-signé"), Ok(()));
    assert_eq!(report.resolve_see("pratique"), Ok(()));
    assert_eq!(
        report.heading_slugs("pratique"),
        Some(vec![
            "pratique".to_string(),
            "rejouer-un-événement".to_string()
        ])
    );
    assert_eq!(report.heading_slugs("nulle"), None);
    assert_eq!(
        report.resolve_see("signatures#le-contenu-signe"),
        Err("ancre '#le-contenu-signe' introuvable dans 'signatures' ; vouliez-vous dire '#le-contenu-signé' ? (les ancres gardent les accents)".into())
    );
    assert_eq!(
        report.resolve_see("nulle#part"),
        Err("module 'nulle' inconnu dans 'nulle#part' : identifiants possibles : introduction, pratique, signatures".into())
    );
}

#[test]
fn problems_print_as_path_line_column_message() {
    let p = Problem {
        path: "content/01.md".into(),
        line: 3,
        column: 7,
        message: "lien cassé".into(),
    };
    assert_eq!(p.to_string(), "content/01.md:3:7: lien cassé");
}

#[test]
fn a_missing_manifest_is_one_located_problem() {
    let dir = tempfile::tempdir().unwrap();
    let report = check(&Origin::Folder(dir.path().to_path_buf()));
    assert_eq!(report.problems.len(), 1);
    let p = &report.problems[0];
    assert_eq!((p.line, p.column), (1, 1));
    assert!(p.path.ends_with("content/course.toml"), "{}", p.path);
}

#[test]
fn a_renamed_heading_behind_a_sync_scenario_is_reported() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let dir = copy_of_the_course(root);
    let module = dir.path().join("content/04-SCENARIOS.md");
    let text = std::fs::read_to_string(&module).unwrap();
    let renamed = text.replace(
        "### L’ordre n’est pas garanti",
        "### L’ordre des livraisons",
    );
    assert_ne!(
        renamed, text,
        "the heading behind out-of-order moved: update this test"
    );
    std::fs::write(&module, renamed).unwrap();
    let report = check(&Origin::Folder(dir.path().to_path_buf()));
    let sync: Vec<&Problem> = report
        .problems
        .iter()
        .filter(|p| p.message.contains("scénario de synchronisation"))
        .collect();
    assert_eq!(sync.len(), 1, "{:?}", report.problems);
    assert!(
        sync[0].message.contains("'out-of-order'"),
        "{}",
        sync[0].message
    );
}

#[test]
fn a_link_anchor_with_a_typo_gets_the_closest_heading() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let dir = copy_of_the_course(root);
    let module = dir.path().join("content/01-CONCEPT-WEBHOOKS.md");
    let text = std::fs::read_to_string(&module).unwrap();
    let link = "(./04-SCENARIOS.md#le-calendrier-des-relances)";
    assert_eq!(
        text.matches(link).count(),
        1,
        "the link moved: update this test"
    );
    std::fs::write(
        &module,
        text.replace(link, "(./04-SCENARIOS.md#le-calendrier-des-relance)"),
    )
    .unwrap();
    let report = check(&Origin::Folder(dir.path().to_path_buf()));
    let messages: Vec<&str> = report.problems.iter().map(|p| p.message.as_str()).collect();
    assert_eq!(
        messages,
        [
            "lien './04-SCENARIOS.md#le-calendrier-des-relance' : ancre '#le-calendrier-des-relance' introuvable dans '04-SCENARIOS.md' ; vouliez-vous dire '#le-calendrier-des-relances' ?"
        ]
    );
}

#[test]
fn an_unknown_lab_check_of_an_exercise_is_located() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let dir = copy_of_the_course(root);
    let manifest = dir.path().join("content/course.toml");
    let text = std::fs::read_to_string(&manifest).unwrap();
    let broken = text.replace(
        r#"checks = ["delete-unknown", "state-delete"]"#,
        r#"checks = ["delete-unknown", "delete-twice"]"#,
    );
    assert_ne!(broken, text, "exercise 5's checks moved: update this test");
    std::fs::write(&manifest, &broken).unwrap();
    let report = check(&Origin::Folder(dir.path().to_path_buf()));
    let line = broken
        .lines()
        .position(|l| l.contains("delete-twice"))
        .unwrap()
        + 1;
    assert_eq!(report.problems.len(), 1, "{:?}", report.problems);
    let problem = &report.problems[0];
    assert_eq!((problem.line, problem.column), (line, 29));
    assert!(
        problem.message.starts_with(
            "exercice 'express-suppression' : vérification du labo « delete-twice » inconnue — choisissez parmi valid, state-valid,"
        ),
        "{}",
        problem.message
    );
}

#[test]
fn a_broken_lab_starter_is_reported() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let dir = copy_of_the_course(root);
    let server = dir.path().join("content/lab/express/server.js");
    let text = std::fs::read_to_string(&server).unwrap();
    let broken = text.replace(
        "db.user.delete({ where: { clerkId: data.id } });",
        "db.user.remove(data.id);",
    );
    assert_ne!(broken, text, "exercise 6's bug moved: update this test");
    std::fs::write(&server, broken).unwrap();
    std::fs::remove_file(dir.path().join("content/lab/express/README.md")).unwrap();
    let report = check(&Origin::Folder(dir.path().to_path_buf()));
    let messages: Vec<String> = report.problems.iter().map(|p| p.to_string()).collect();
    let manifest = dir.path().join("content/lab/express-fixes.toml");
    assert_eq!(
        messages,
        [
            format!(
                "{}:1:1: le projet de départ n’a pas de README.md",
                manifest.display()
            ),
            format!(
                "{}:1:1: exercice « express-suppression » : le texte à remplacer apparaît 0 fois dans server.js (une seule attendue) : « // EXERCICE 6 : un utilisateur que la base n'a jamais vu ? »",
                manifest.display()
            ),
        ]
    );
}
