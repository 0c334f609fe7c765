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
fn line_col_counts_characters() {
    assert_eq!(line_col("é\nàb", 5), (2, 2));
}
