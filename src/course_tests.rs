use super::*;

const MINIMAL: &str = r#"title = "T"
language = "fr"
[quiz]
file = "quizzes/q.toml"
pass_mark = 80
[[modules]]
id = "intro"
title = "Intro"
file = "00-INTRO.md"
"#;

#[test]
fn parses_a_minimal_manifest() {
    let m = Manifest::parse(MINIMAL).unwrap();
    assert_eq!(m.modules.len(), 1);
    assert_eq!(m.modules[0].line, 7);
    assert_eq!(m.quiz.pass_mark, 80);
}

#[test]
fn reports_unknown_keys_with_line_and_column() {
    let src = MINIMAL.replace("title = \"Intro\"", "titel = \"Intro\"");
    let err = Manifest::parse(&src).unwrap_err();
    assert_eq!((err.line, err.column), (8, 1));
    assert!(err.message.starts_with("TOML invalide"), "{}", err.message);
}

#[test]
fn rejects_duplicate_module_ids() {
    let src = format!("{MINIMAL}[[modules]]\nid = \"intro\"\ntitle = \"B\"\nfile = \"b.md\"\n");
    let err = Manifest::parse(&src).unwrap_err();
    assert_eq!(err.line, 11);
    assert!(err.message.contains("en double"), "{}", err.message);
}

#[test]
fn rejects_pass_mark_over_100() {
    let err = Manifest::parse(&MINIMAL.replace("80", "120")).unwrap_err();
    assert_eq!(err.line, 5);
}

#[test]
fn folder_errors_name_the_missing_file() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("content")).unwrap();
    std::fs::write(dir.path().join("content/course.toml"), MINIMAL).unwrap();
    let err = Course::from_dir(dir.path()).unwrap_err();
    assert_eq!(
        err,
        CourseError::Read {
            path: "content/00-INTRO.md".into(),
            reason: "fichier introuvable".into()
        }
    );
}

#[test]
fn non_utf8_is_located() {
    let err = decode_utf8("x.md", b"ab\ncd\xffe".to_vec()).unwrap_err();
    assert_eq!(
        err,
        CourseError::NotUtf8 {
            path: "x.md".into(),
            line: 2,
            column: 3
        }
    );
}

#[test]
fn embedded_course_loads_with_its_modules() {
    let course = Course::embedded().unwrap();
    assert_eq!(course.modules.len(), 6);
    assert_eq!(course.find_module("1"), Some(1));
    assert_eq!(course.find_module("concept-webhooks"), Some(1));
    assert_eq!(course.module_by_file("./02-WEBHOOKS-CLERK.md"), Some(2));
    assert_eq!(course.find_module("9"), None);
}

#[test]
fn links_resolve_to_modules_anchors_or_outside() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("content")).unwrap();
    std::fs::create_dir_all(dir.path().join("quizzes")).unwrap();
    let manifest = format!("{MINIMAL}[[modules]]\nid = \"b\"\ntitle = \"B\"\nfile = \"01-B.md\"\n");
    std::fs::write(dir.path().join("content/course.toml"), manifest).unwrap();
    std::fs::write(dir.path().join("content/00-INTRO.md"), "# I\n").unwrap();
    std::fs::write(dir.path().join("content/01-B.md"), "# B\n").unwrap();
    std::fs::write(dir.path().join("quizzes/q.toml"), "").unwrap();
    let course = Course::from_dir(dir.path()).unwrap();
    let module = |module, anchor: Option<&str>| LinkTarget::Module {
        module,
        anchor: anchor.map(str::to_string),
    };
    let cases = [
        ("./01-B.md", module(1, None)),
        ("01-B.md#x-y", module(1, Some("x-y"))),
        ("#here", module(0, Some("here"))),
        (
            "https://clerk.com/docs",
            LinkTarget::External("https://clerk.com/docs".into()),
        ),
        ("../README.md", LinkTarget::Unknown("../README.md".into())),
    ];
    for (url, want) in cases {
        assert_eq!(course.resolve_link(0, url), want, "{url}");
    }
}

/// A course folder with MINIMAL's manifest (after `edit`), its module and quiz files.
fn course_dir(edit: impl Fn(String) -> String) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("content")).unwrap();
    std::fs::create_dir_all(dir.path().join("quizzes")).unwrap();
    std::fs::write(dir.path().join("content/course.toml"), edit(MINIMAL.into())).unwrap();
    std::fs::write(dir.path().join("content/00-INTRO.md"), "# Intro\n").unwrap();
    std::fs::write(dir.path().join("quizzes/q.toml"), "").unwrap();
    dir
}

#[test]
fn a_quiz_file_that_leaves_the_course_folder_is_refused_in_the_manifest() {
    for file in [
        "../outside.toml",
        "/etc/quiz.toml",
        "quizzes/../../x.toml",
        "quizzes\\\\q.toml",
    ] {
        let src = MINIMAL.replace("quizzes/q.toml", file);
        let err = Manifest::parse(&src).unwrap_err();
        assert_eq!((err.line, err.column), (4, 8), "{file}");
        assert_eq!(
            err.message,
            format!(
                "fichier de quiz '{}' invalide : un chemin .toml relatif au dossier du cours, sans « .. », est attendu (par exemple quizzes/quiz.toml)",
                file.replace("\\\\", "\\")
            )
        );
    }
    for file in ["../x.md", "/tmp/x.md", "a/../../x.md"] {
        let err = Manifest::parse(&MINIMAL.replace("00-INTRO.md", file)).unwrap_err();
        assert!(
            err.message.starts_with("fichier de module"),
            "{file}: {}",
            err.message
        );
    }
}

#[test]
fn a_symlink_out_of_the_course_folder_is_refused_when_read() {
    let outside = tempfile::tempdir().unwrap();
    std::fs::write(outside.path().join("secret.md"), "# secret\n").unwrap();
    let dir = course_dir(|m| m);
    let module = dir.path().join("content/00-INTRO.md");
    std::fs::remove_file(&module).unwrap();
    std::os::unix::fs::symlink(outside.path().join("secret.md"), &module).unwrap();
    let real = outside.path().canonicalize().unwrap().join("secret.md");
    assert_eq!(
        Course::from_dir(dir.path()).unwrap_err(),
        CourseError::Read {
            path: "content/00-INTRO.md".into(),
            reason: format!(
                "le chemin mène hors du dossier du cours (vers '{}') : refusé",
                real.display()
            ),
        }
    );
}

#[test]
fn a_module_that_is_a_fifo_a_directory_or_a_loop_is_refused_without_blocking() {
    type Make = fn(&Path);
    let cases: [(Make, &str); 3] = [
        (
            |p| {
                let ok = std::process::Command::new("mkfifo")
                    .arg(p)
                    .status()
                    .unwrap();
                assert!(ok.success(), "mkfifo failed");
            },
            "c'est un tube nommé (FIFO), pas un fichier ordinaire",
        ),
        (
            |p| std::fs::create_dir(p).unwrap(),
            "c'est un dossier, pas un fichier",
        ),
        (
            |p| std::os::unix::fs::symlink(p, p).unwrap(),
            "boucle de liens symboliques",
        ),
    ];
    for (make, reason) in cases {
        let dir = course_dir(|m| m);
        let module = dir.path().join("content/00-INTRO.md");
        std::fs::remove_file(&module).unwrap();
        make(&module);
        assert_eq!(
            Course::from_dir(dir.path()).unwrap_err(),
            CourseError::Read {
                path: "content/00-INTRO.md".into(),
                reason: reason.into(),
            }
        );
    }
}

#[test]
fn manifest_errors_read_in_french() {
    let cases = [
        (
            MINIMAL.replace("title = \"T\"\n", ""),
            "TOML invalide : champ « title » manquant : ajoutez-le",
        ),
        (
            MINIMAL.replace("80", "300"),
            "pass_mark vaut 300 : un pourcentage entier entre 0 et 100 est attendu",
        ),
        (
            MINIMAL.replace("80", "-1"),
            "pass_mark vaut -1 : un pourcentage entier entre 0 et 100 est attendu",
        ),
        (
            MINIMAL.replace("80", "\"80\""),
            "pass_mark vaut \"80\" : un pourcentage entier entre 0 et 100 est attendu",
        ),
        (
            MINIMAL.replace("[quiz]", "[quiz"),
            "TOML invalide : table non fermée ; attendu : « ] »",
        ),
    ];
    for (src, message) in cases {
        assert_eq!(Manifest::parse(&src).unwrap_err().message, message);
    }
}
#[test]
fn the_check_hint_keeps_the_course_folder() {
    assert_eq!(Origin::Embedded.check_command(), "webhook-tutor check");
    assert_eq!(
        Origin::Folder("mon-cours/".into()).check_command(),
        "webhook-tutor --course mon-cours/ check"
    );
    assert_eq!(
        Origin::Folder("/tmp/l'atelier du cours".into()).check_command(),
        r"webhook-tutor --course '/tmp/l'\''atelier du cours' check"
    );
}
