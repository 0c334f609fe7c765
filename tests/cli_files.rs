//! Classes 3 and 4 of shared/reliability.md through the real binary: files the program
//! reads (a course file that is a FIFO never hangs `check`) and files it writes
//! (`results -o` replaces only a regular file or a new path, writes through a
//! symlink, and leaves no temporary file behind).

use std::os::unix::fs::FileTypeExt as _;
use std::path::Path;
use std::time::Duration;

use assert_cmd::Command;

const QUIZ_COURSE: &str = "tests/fixtures/quiz-course";
const ALL_RIGHT: &str = "1\n2,1\nSvix-ID\n1,2\n2\n3,1,2\n";

fn tutor(data: &Path) -> Command {
    let mut cmd = Command::cargo_bin("webhook-tutor").unwrap();
    cmd.env_remove("WEBHOOK_TUTOR_COURSE")
        .env_remove("WEBHOOK_TUTOR_DATA")
        .env("NO_COLOR", "1")
        .arg("--course")
        .arg(QUIZ_COURSE)
        .arg("--data-dir")
        .arg(data)
        .timeout(Duration::from_secs(30));
    cmd
}

fn mkfifo(path: &Path) {
    let ok = std::process::Command::new("mkfifo")
        .arg(path)
        .status()
        .unwrap();
    assert!(ok.success(), "mkfifo {} failed", path.display());
}

/// A data folder holding one attempt.
fn data_with_an_attempt() -> tempfile::TempDir {
    let data = tempfile::tempdir().unwrap();
    tutor(data.path())
        .args(["quiz", "--plain", "--seed", "42"])
        .write_stdin(ALL_RIGHT)
        .assert()
        .code(0);
    data
}

fn names(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

#[test]
fn check_on_a_course_whose_module_is_a_fifo_answers_at_once() {
    let course = tempfile::tempdir().unwrap();
    let copy = |rel: &str| {
        let to = course.path().join(rel);
        std::fs::create_dir_all(to.parent().unwrap()).unwrap();
        std::fs::copy(Path::new(QUIZ_COURSE).join(rel), to).unwrap();
    };
    copy("content/course.toml");
    copy("quizzes/quiz.toml");
    let manifest = std::fs::read_to_string(course.path().join("content/course.toml")).unwrap();
    let mut modules = manifest
        .lines()
        .filter_map(|l| l.strip_prefix("file = \""))
        .filter_map(|l| l.strip_suffix(".md\""));
    let first = modules.next().expect("a module in the fixture");
    mkfifo(&course.path().join(format!("content/{first}.md")));
    for other in modules {
        std::fs::write(course.path().join(format!("content/{other}.md")), "# T\n").unwrap();
    }
    let data = tempfile::tempdir().unwrap();
    let a = Command::cargo_bin("webhook-tutor")
        .unwrap()
        .env_remove("WEBHOOK_TUTOR_COURSE")
        .arg("--course")
        .arg(course.path())
        .arg("--data-dir")
        .arg(data.path())
        .arg("check")
        .timeout(Duration::from_secs(30))
        .assert()
        .code(1);
    let out = String::from_utf8_lossy(&a.get_output().stdout).into_owned();
    let want = format!(
        "{}:1:1: fichier illisible : c'est un tube nommé (FIFO), pas un fichier ordinaire",
        course.path().join(format!("content/{first}.md")).display()
    );
    assert!(out.lines().any(|l| l == want), "{out}");
}

/// Class 2's explicit limit on course files: a module past 8 MiB is refused by `check`
/// (listed, exit 1), and so is such a file given to `render` (exit 2), without reading it.
#[test]
fn a_course_file_past_8_mib_is_refused_with_the_limit() {
    let course = tempfile::tempdir().unwrap();
    for rel in [
        "content/course.toml",
        "quizzes/quiz.toml",
        "content/01-CONCEPT.md",
        "content/02-SIGNATURES.md",
    ] {
        let to = course.path().join(rel);
        std::fs::create_dir_all(to.parent().unwrap()).unwrap();
        std::fs::copy(Path::new(QUIZ_COURSE).join(rel), to).unwrap();
    }
    let big = course.path().join("content/01-CONCEPT.md");
    // Sparse: 9 MiB announced, nothing written.
    std::fs::OpenOptions::new()
        .write(true)
        .open(&big)
        .unwrap()
        .set_len(9 << 20)
        .unwrap();
    let data = tempfile::tempdir().unwrap();
    let a = Command::cargo_bin("webhook-tutor")
        .unwrap()
        .env_remove("WEBHOOK_TUTOR_COURSE")
        .arg("--course")
        .arg(course.path())
        .arg("--data-dir")
        .arg(data.path())
        .arg("check")
        .timeout(Duration::from_secs(30))
        .assert()
        .code(1);
    let out = String::from_utf8_lossy(&a.get_output().stdout).into_owned();
    let want = format!(
        "{}:1:1: fichier illisible : fichier trop gros (plus de 8\u{a0}Mio)",
        big.display()
    );
    assert!(out.lines().any(|l| l == want), "{out}");
    Command::cargo_bin("webhook-tutor")
        .unwrap()
        .arg("render")
        .arg(&big)
        .timeout(Duration::from_secs(30))
        .assert()
        .code(2)
        .stdout("")
        .stderr(format!(
            "erreur : impossible de lire '{}' : fichier trop gros (plus de 8\u{a0}Mio) — un module de cours tient largement dans cette limite\n",
            big.display()
        ));
}

#[test]
fn results_output_refuses_a_fifo_a_device_and_a_directory() {
    let data = data_with_an_attempt();
    let out = tempfile::tempdir().unwrap();
    let fifo = out.path().join("export.csv");
    mkfifo(&fifo);
    let cases = [
        (
            fifo.clone(),
            "c'est un tube nommé (FIFO), pas un fichier ordinaire",
        ),
        (
            "/dev/null".into(),
            "c'est un périphérique, pas un fichier ordinaire",
        ),
        (out.path().to_path_buf(), "c'est un dossier, pas un fichier"),
    ];
    for (path, kind) in cases {
        tutor(data.path())
            .args(["results", "--format", "csv", "-o"])
            .arg(&path)
            .assert()
            .code(2)
            .stdout("")
            .stderr(format!(
                "erreur : impossible d'écrire '{}' : {kind} : refusé, il ne sera pas remplacé ; indiquez avec -o un fichier ordinaire (ou un nouveau nom) dans un dossier existant et accessible en écriture\n",
                path.display()
            ));
    }
    assert!(std::fs::metadata(&fifo).unwrap().file_type().is_fifo());
    assert!(
        std::fs::metadata("/dev/null")
            .unwrap()
            .file_type()
            .is_char_device()
    );
    assert_eq!(names(out.path()), vec!["export.csv"]);
}

#[test]
fn results_output_writes_through_a_symlink_to_its_target() {
    let data = data_with_an_attempt();
    let out = tempfile::tempdir().unwrap();
    std::fs::write(out.path().join("real.csv"), "old\n").unwrap();
    std::os::unix::fs::symlink("real.csv", out.path().join("link.csv")).unwrap();
    tutor(data.path())
        .args(["results", "--format", "csv", "-o"])
        .arg(out.path().join("link.csv"))
        .assert()
        .code(0);
    let link = std::fs::symlink_metadata(out.path().join("link.csv")).unwrap();
    assert!(link.file_type().is_symlink(), "the link stays a link");
    let csv = std::fs::read_to_string(out.path().join("real.csv")).unwrap();
    assert!(
        csv.starts_with("learner,course,course_version,date,score,passed,"),
        "{csv}"
    );
    assert_eq!(names(out.path()), vec!["link.csv", "real.csv"]);
}

#[test]
fn results_output_into_a_missing_folder_leaves_nothing_behind() {
    let data = data_with_an_attempt();
    let out = tempfile::tempdir().unwrap();
    let path = out.path().join("absent/export.csv");
    tutor(data.path())
        .args(["results", "-o"])
        .arg(&path)
        .assert()
        .code(2)
        .stderr(format!(
            "erreur : impossible d'écrire '{}' : fichier introuvable ; indiquez avec -o un fichier ordinaire (ou un nouveau nom) dans un dossier existant et accessible en écriture\n",
            path.display()
        ));
    assert_eq!(names(out.path()), Vec::<String>::new());
}

#[test]
fn a_stale_temporary_file_of_a_killed_run_is_removed_on_the_next_start() {
    let data = data_with_an_attempt();
    let stale = data.path().join(".progress.json.99999.tmp");
    std::fs::write(&stale, "{\"attem").unwrap();
    tutor(data.path())
        .args(["quiz", "--plain", "--seed", "42"])
        .write_stdin(ALL_RIGHT)
        .assert()
        .code(0);
    assert_eq!(
        names(data.path()),
        vec!["progress.json", "progress.lock", "quiz-attempt.lock"]
    );
}
