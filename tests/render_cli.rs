//! `webhook-tutor render`: output modes, widths and input errors, through the binary.

use assert_cmd::Command;
use predicates::prelude::*;

const FIXTURE: &str = "tests/fixtures/markdown/cli.md";

fn render() -> Command {
    let mut cmd = Command::cargo_bin("webhook-tutor").unwrap();
    cmd.arg("render")
        .env_remove("NO_COLOR")
        .env_remove("COLUMNS");
    cmd
}

#[test]
fn plain_output_at_width_40_is_exact() {
    let expected = std::fs::read_to_string("tests/fixtures/markdown/cli.width40.txt").unwrap();
    render()
        .args([FIXTURE, "--width", "40"])
        .assert()
        .success()
        .stdout(expected)
        .stderr("");
}

#[test]
fn plain_flag_gives_the_same_text_as_a_pipe() {
    let expected = std::fs::read_to_string("tests/fixtures/markdown/cli.width40.txt").unwrap();
    render()
        .args([FIXTURE, "--width", "40", "--plain", "--color", "always"])
        .assert()
        .success()
        .stdout(expected);
}

#[test]
fn piped_output_has_no_escape_codes() {
    render()
        .args([FIXTURE, "--width", "60"])
        .assert()
        .success()
        .stdout(predicate::str::contains("\x1b").not())
        .stdout(predicate::str::contains("Vérifier un webhook\n"));
}

#[test]
fn color_always_forces_ansi_when_piped() {
    render()
        .args([FIXTURE, "--width", "40", "--color", "always"])
        .assert()
        .success()
        .stdout(predicate::str::starts_with(
            "\x1b[0;1;95mVérifier un webhook\x1b[0m\n",
        ))
        // Hyperlinks are for terminals only: a pipe may end in a pager that shows them raw.
        .stdout(predicate::str::contains("\x1b]8;;").not());
}

#[test]
fn width_defaults_to_columns_when_piped() {
    render()
        .arg(FIXTURE)
        .env("COLUMNS", "30")
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "Svix signe le corps brut :\nlisez-le avec await req.text()\n",
        ));
}

#[test]
fn missing_file_is_exit_2_in_french() {
    render()
        .arg("tests/fixtures/markdown/absent.md")
        .assert()
        .code(2)
        .stdout("")
        .stderr(
            "erreur : le fichier 'tests/fixtures/markdown/absent.md' est introuvable : \
             vérifiez le chemin\n",
        );
}

#[test]
fn a_directory_is_exit_2_in_french() {
    render()
        .arg("tests/fixtures/markdown")
        .assert()
        .code(2)
        .stderr(
            "erreur : impossible de lire 'tests/fixtures/markdown' (c'est un dossier, pas un \
             fichier) : vérifiez que c'est un fichier et que vous avez le droit de le lire\n",
        );
}

#[test]
fn non_utf8_file_is_exit_2_with_its_position() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("latin1.md");
    std::fs::write(&path, b"# Titre\n\nCaf\xe9 cr\xe8me\n").unwrap();
    render()
        .arg(&path)
        .assert()
        .code(2)
        .stdout("")
        .stderr(format!(
            "erreur : '{}' n'est pas un texte UTF-8 valide : octet invalide ligne 3, colonne 4 ; \
             réenregistrez le fichier en UTF-8\n",
            path.display()
        ));
}

#[test]
fn width_zero_is_refused() {
    render()
        .args([FIXTURE, "--width", "0"])
        .assert()
        .code(2)
        .stderr(predicate::str::starts_with(
            "erreur : valeur invalide '0' pour '--width",
        ));
}

#[test]
fn plain_output_keeps_wide_code_lines_whole() {
    let out = render()
        .args(["--width", "40", "--plain"])
        .arg("tests/fixtures/reader-course/content/01-CODE.md")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8(out.stdout).unwrap();
    let command = "node -e 'console.log(JSON.stringify({\"type\":\"user.created\",\"data\":{\"id\":\"user_29w83sxmDNGwOuEthce5gg56FcC\"}}))'";
    assert!(
        text.lines().any(|l| l == format!("│ {command} │")),
        "the command is on one line, in a box grown to hold it:\n{text}"
    );
    assert!(!text.contains('›') && !text.contains('↪'), "{text}");
}
