//! The progress store through the real binary: several processes on one data folder
//! (class 5 of shared/reliability.md), and data the program cannot read or write
//! (class 6), on the tiny course in tests/fixtures/quiz-course.

use std::io::Write as _;
use std::path::Path;
use std::process::{Command as Std, Stdio};

use assert_cmd::Command;

const COURSE: &str = "tests/fixtures/quiz-course";
/// Right answers for `--seed 42`.
const ALL_RIGHT: &str = "1\n2,1\nSvix-ID\n1,2\n2\n3,1,2\n";

fn bin() -> std::path::PathBuf {
    assert_cmd::cargo::cargo_bin("webhook-tutor")
}

fn tutor(data: &Path) -> Command {
    let mut cmd = Command::new(bin());
    cmd.env_remove("WEBHOOK_TUTOR_COURSE")
        .env_remove("WEBHOOK_TUTOR_DATA")
        .env("NO_COLOR", "1")
        .arg("--course")
        .arg(COURSE)
        .arg("--data-dir")
        .arg(data);
    cmd
}

fn attempts(data: &Path) -> Vec<serde_json::Value> {
    let text = std::fs::read_to_string(data.join("progress.json")).unwrap();
    let json: serde_json::Value = serde_json::from_str(&text).unwrap();
    json["attempts"].as_array().unwrap().clone()
}

#[test]
fn six_concurrent_plain_quizzes_keep_six_attempts() {
    let data = tempfile::tempdir().unwrap();
    let children: Vec<_> = (0..6)
        .map(|i| {
            let mut child = Std::new(bin())
                .env_remove("WEBHOOK_TUTOR_COURSE")
                .env_remove("WEBHOOK_TUTOR_DATA")
                .args(["--course", COURSE, "--data-dir"])
                .arg(data.path())
                .args(["quiz", "--plain", "--seed", "42"])
                .stdin(Stdio::piped())
                .stdout(Stdio::null())
                .stderr(Stdio::piped())
                .spawn()
                .unwrap_or_else(|e| panic!("quiz {i} did not start: {e}"));
            child
                .stdin
                .take()
                .unwrap()
                .write_all(ALL_RIGHT.as_bytes())
                .unwrap();
            child
        })
        .collect();
    for child in children {
        let out = child.wait_with_output().unwrap();
        assert_eq!(
            out.status.code(),
            Some(0),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    assert_eq!(attempts(data.path()).len(), 6);
    let leftovers: Vec<_> = std::fs::read_dir(data.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".tmp"))
        .collect();
    assert_eq!(leftovers, Vec::<String>::new());
}

#[test]
fn a_newer_progress_file_is_kept_and_the_quiz_refuses_to_start() {
    let data = tempfile::tempdir().unwrap();
    let file = data.path().join("progress.json");
    let newer = "{\"version\": 7, \"attempts\": [], \"badges\": [\"or\"]}\n";
    std::fs::write(&file, newer).unwrap();
    let a = tutor(data.path())
        .args(["quiz", "--plain", "--seed", "42"])
        .write_stdin(ALL_RIGHT)
        .assert()
        .code(2);
    let out = a.get_output();
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        "",
        "no question asked"
    );
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        format!(
            "erreur : le quiz ne démarre pas, car la tentative ne pourrait pas être enregistrée : la progression '{}' est au format 7, plus récent que celui de cette version du programme (1) : elle est conservée telle quelle et rien ne sera enregistré ; mettez webhook-tutor à jour\n",
            file.display()
        )
    );
    assert_eq!(std::fs::read_to_string(&file).unwrap(), newer);
}

/// A read-only folder is found before the first question. Root ignores permissions, so
/// as root the binary runs as `nobody` through setpriv(1) (util-linux).
#[test]
fn a_read_only_data_folder_is_refused_before_the_first_question() {
    use std::os::unix::fs::PermissionsExt as _;
    let parent = tempfile::tempdir().unwrap();
    let data = parent.path().join("data");
    std::fs::create_dir(&data).unwrap();
    let course = Path::new(env!("CARGO_MANIFEST_DIR")).join(COURSE);
    let root = Std::new("id").arg("-u").output().unwrap().stdout == b"0\n";
    let mut cmd = if root {
        // nobody must reach the temp dir and the binary.
        std::fs::set_permissions(parent.path(), std::fs::Permissions::from_mode(0o755)).unwrap();
        let mut cmd = Command::new("setpriv");
        cmd.args(["--reuid=65534", "--regid=65534", "--clear-groups"])
            .arg(bin());
        cmd
    } else {
        Command::new(bin())
    };
    std::fs::set_permissions(&data, std::fs::Permissions::from_mode(0o555)).unwrap();
    let a = cmd
        .env_remove("WEBHOOK_TUTOR_COURSE")
        .env_remove("WEBHOOK_TUTOR_DATA")
        .arg("--course")
        .arg(&course)
        .arg("--data-dir")
        .arg(&data)
        .args(["quiz", "--plain", "--seed", "42"])
        .write_stdin(ALL_RIGHT)
        .assert()
        .code(2);
    let out = a.get_output();
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        "",
        "no question asked"
    );
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        format!(
            "erreur : le quiz ne démarre pas, car la tentative ne pourrait pas être enregistrée : le dossier de données '{}' refuse l'écriture (permission refusée) : rien ne sera enregistré ; corrigez ses droits ou choisissez un autre dossier avec --data-dir ou WEBHOOK_TUTOR_DATA\n",
            data.display()
        )
    );
    assert_eq!(std::fs::read_dir(&data).unwrap().count(), 0);
}

#[test]
fn a_progress_file_that_is_a_fifo_does_not_hang_progress_or_the_quiz() {
    let data = tempfile::tempdir().unwrap();
    let fifo = data.path().join("progress.json");
    assert!(Std::new("mkfifo").arg(&fifo).status().unwrap().success());
    let reason = format!(
        "impossible de lire la progression '{}' : c'est un tube nommé (FIFO), pas un fichier ordinaire",
        fifo.display()
    );
    let a = tutor(data.path())
        .arg("progress")
        .timeout(std::time::Duration::from_secs(20))
        .assert()
        .code(0);
    let err = String::from_utf8_lossy(&a.get_output().stderr).into_owned();
    assert!(err.starts_with(&format!("attention : {reason} ;")), "{err}");
    tutor(data.path())
        .args(["quiz", "--plain", "--seed", "42"])
        .write_stdin(ALL_RIGHT)
        .timeout(std::time::Duration::from_secs(20))
        .assert()
        .code(2)
        .stdout("");
    let meta = std::fs::symlink_metadata(&fifo).unwrap();
    use std::os::unix::fs::FileTypeExt as _;
    assert!(meta.file_type().is_fifo());
}
