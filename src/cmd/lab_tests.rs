use super::*;

fn lab() -> Lab {
    Lab::load(&crate::course::Origin::Embedded, lab::DEFAULT_STACK).unwrap()
}

#[test]
fn init_writes_the_starter_and_never_the_solution() {
    let dir = tempfile::tempdir().unwrap();
    let project = dir.path().join("potagers");
    write_starter(&project, &lab()).unwrap();
    let server = std::fs::read_to_string(project.join("server.js")).unwrap();
    assert!(server.contains("// EXERCICE 4 :"), "{server}");
    assert!(!project.join("solution").exists());
    assert_eq!(project_stack(&project).unwrap(), "express");
    let mut names: Vec<String> = std::fs::read_dir(&project)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(
        names,
        [
            ".gitignore",
            ".webhook-tutor-lab",
            "README.md",
            "db.js",
            "package-lock.json",
            "package.json",
            "server.js"
        ]
    );
}

#[test]
fn init_refuses_a_folder_that_is_not_empty_and_accepts_an_empty_one() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("notes.txt"), "à garder").unwrap();
    let err = write_starter(dir.path(), &lab()).unwrap_err();
    assert_eq!(
        err.to_string(),
        format!(
            "le dossier « {} » existe déjà et n’est pas vide : le labo n’écrase rien. Choisissez un autre dossier (webhook-tutor lab init AUTRE-DOSSIER) ou videz celui-ci",
            dir.path().display()
        )
    );
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    let empty = tempfile::tempdir().unwrap();
    write_starter(empty.path(), &lab()).unwrap();
    assert!(empty.path().join("server.js").is_file());
}

#[test]
fn a_folder_without_the_marker_is_not_a_lab_project() {
    let dir = tempfile::tempdir().unwrap();
    let err = project_stack(dir.path()).unwrap_err().to_string();
    assert!(
        err.starts_with(&format!(
            "« {} » n’est pas un projet du labo (pas de fichier .webhook-tutor-lab)",
            dir.path().display()
        )),
        "{err}"
    );
}

#[test]
fn hints_are_revealed_one_at_a_time_and_the_count_is_saved() {
    let data = tempfile::tempdir().unwrap();
    let store = Store::open(Some(data.path())).unwrap();
    let course = Course::embedded().unwrap();
    let exercise = course
        .exercises
        .iter()
        .find(|x| x.id == "express-gros-payload")
        .unwrap();
    let first = reveal_hint(&store, &course, exercise).unwrap();
    assert_eq!(
        first,
        "Indice 1/2 — Exercice 8 — Le gros payload\n  Le 413 vient d’Express, pas de votre code. Quelle est la taille maximale par\n  défaut d’un corps lu par express.raw ?\n"
    );
    assert_eq!(store.load().progress.lab_hints["express-gros-payload"], 1);
    let second = reveal_hint(&store, &course, exercise).unwrap();
    assert_eq!(
        second,
        "Indice 2/2 — Exercice 8 — Le gros payload\n  express.raw accepte une option limit.\n"
    );
    let third = reveal_hint(&store, &course, exercise).unwrap();
    assert!(third.starts_with("Indice 2/2"), "{third}");
    assert!(third.contains("c’était le dernier indice"), "{third}");
    assert_eq!(store.load().progress.lab_hints["express-gros-payload"], 2);
}

#[test]
fn passed_exercises_are_ticked_and_get_their_solution_once() {
    use crate::grade::Status;
    use crate::lab::board::ExerciseRow;
    let lab = lab();
    let dir = tempfile::tempdir().unwrap();
    let row = |id: &str, n: u32, status: Status| ExerciseRow {
        number: Some(n),
        id: id.to_owned(),
        title: format!("titre {n}"),
        checks: vec![("x".to_owned(), Some(status))],
    };
    let rows = vec![
        row("express-corps-brut", 4, Status::Passed),
        row("express-upsert", 5, Status::Failed),
    ];
    let written = lab::round::write_solutions(dir.path(), &lab, &rows).unwrap();
    assert_eq!(written, ["exercice-04.md"]);
    let note = std::fs::read_to_string(dir.path().join("solution/exercice-04.md")).unwrap();
    assert!(
        note.starts_with(
            "# Exercice 4 — titre 4 : la correction de référence\n\nDans `server.js`, supprimer :"
        ),
        "{note}"
    );
    assert_eq!(
        lab::round::write_solutions(dir.path(), &lab, &rows).unwrap(),
        Vec::<String>::new()
    );
    assert!(!dir.path().join("solution/server.js").exists());
    let all: Vec<ExerciseRow> = lab
        .exercise_ids()
        .iter()
        .enumerate()
        .map(|(i, id)| row(id, 4 + i as u32, Status::Passed))
        .collect();
    let written = lab::round::write_solutions(dir.path(), &lab, &all).unwrap();
    assert!(written.contains(&"server.js".to_owned()), "{written:?}");
    assert_eq!(
        std::fs::read(dir.path().join("solution/server.js")).unwrap(),
        lab.solution
            .iter()
            .find(|(n, _)| n == "server.js")
            .unwrap()
            .1
    );
}

#[test]
fn the_lab_ticks_passed_exercises_in_progress() {
    use crate::grade::Status;
    use crate::lab::board::ExerciseRow;
    let data = tempfile::tempdir().unwrap();
    let store = Store::open(Some(data.path())).unwrap();
    let row = |id: &str, status| ExerciseRow {
        number: Some(6),
        id: id.to_owned(),
        title: "Supprimer sans risque".to_owned(),
        checks: vec![("delete-unknown".to_owned(), Some(status))],
    };
    let rows = [
        row("express-suppression", Status::Passed),
        row("express-upsert", Status::Failed),
    ];
    assert_eq!(
        lab::round::tick(&store, &rows).unwrap(),
        ["Exercice 6 — Supprimer sans risque"]
    );
    assert_eq!(
        lab::round::tick(&store, &rows).unwrap(),
        Vec::<String>::new()
    );
    let p = store.load().progress;
    assert_eq!(
        p.lab_validated.iter().collect::<Vec<_>>(),
        ["express-suppression"]
    );
    assert!(p.exercises_done.contains("express-suppression"));
    assert!(!p.exercises_done.contains("express-upsert"));
}
