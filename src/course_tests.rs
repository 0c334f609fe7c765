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
