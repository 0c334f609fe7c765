//! The reader's command-line twins against the fixture course: `read`, `check` and
//! `progress`, with exact outputs and exit codes.

use std::fs;
use std::path::{Path, PathBuf};

use assert_cmd::Command;

const FIXTURE: &str = "tests/fixtures/course";

fn cmd() -> Command {
    let mut cmd = Command::cargo_bin("webhook-tutor").unwrap();
    cmd.env_remove("WEBHOOK_TUTOR_COURSE")
        .env_remove("WEBHOOK_TUTOR_DATA")
        .env_remove("NO_COLOR");
    cmd
}

fn stdout(output: &std::process::Output) -> String {
    String::from_utf8(output.stdout.clone()).unwrap()
}

fn stderr(output: &std::process::Output) -> String {
    String::from_utf8(output.stderr.clone()).unwrap()
}

/// A copy of the fixture course in a temporary folder, to break on purpose.
fn course_copy() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(Path::new(FIXTURE), dir.path());
    dir
}

fn copy_dir(from: &Path, to: &Path) {
    fs::create_dir_all(to).unwrap();
    for entry in fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target: PathBuf = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            fs::copy(entry.path(), target).unwrap();
        }
    }
}

fn edit(dir: &Path, rel: &str, from: &str, to: &str) {
    let path = dir.join(rel);
    let text = fs::read_to_string(&path).unwrap();
    assert!(text.contains(from), "{rel} must contain {from:?}");
    fs::write(path, text.replacen(from, to, 1)).unwrap();
}

/// Runs `check --course .` inside `dir`.
fn check_in(dir: &Path) -> std::process::Output {
    cmd()
        .current_dir(dir)
        .args(["check", "--course", "."])
        .output()
        .unwrap()
}

// ---- read ------------------------------------------------------------------------

const PRATIQUE_60: &str = "\
Pratique
════════

Rejouer un événement
────────────────────

Depuis le Dashboard, un événement peut être renvoyé. Votre
endpoint doit être idempotent : recevoir deux fois le même
svix-id ne doit rien casser.

╭─ sql ──────────────────────────────────────────────────╮
│ INSERT INTO users (id, email) VALUES ($1, $2)          │
│ ON CONFLICT (id) DO UPDATE SET email = EXCLUDED.email; │
╰────────────────────────────────────────────────────────╯

Retour à l'introduction.
";

#[test]
fn read_prints_a_module_by_number_or_id() {
    for key in ["2", "pratique"] {
        let out = cmd()
            .args(["read", key, "--width", "60", "--plain", "--course", FIXTURE])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
        assert_eq!(stdout(&out), PRATIQUE_60);
    }
}

#[test]
fn read_of_an_unknown_module_lists_the_valid_ones() {
    let out = cmd()
        .args(["read", "9", "--course", FIXTURE])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(stdout(&out), "");
    assert_eq!(
        stderr(&out),
        "erreur : module '9' inconnu ; indiquez un numéro ou un identifiant parmi :\n  \
         0  introduction  (Introduction)\n  \
         1  signatures  (Module 1 : Signatures)\n  \
         2  pratique  (Module 2 : Pratique)\n"
    );
}

#[test]
fn read_reports_a_broken_course_with_its_location() {
    let dir = course_copy();
    edit(
        dir.path(),
        "content/course.toml",
        "pass_mark = 80",
        "pass_mark = ",
    );
    let out = cmd()
        .current_dir(dir.path())
        .args(["read", "0", "--course", "."])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).starts_with("erreur : content/course.toml:6:13: TOML invalide"),
        "{}",
        stderr(&out)
    );
}

// ---- check -----------------------------------------------------------------------

#[test]
fn check_accepts_the_fixture() {
    let out = cmd().args(["check", "--course", FIXTURE]).output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(
        stdout(&out),
        "✓ cours valide : 3 modules, 5 liens internes, 3 blocs de code, 2 exercices, 1 question au quiz\n"
    );
}

#[test]
fn check_reports_a_missing_module_file_once() {
    // Links and exercises pointing into the missing module are not checked: every one
    // would fail and bury the real cause.
    let dir = course_copy();
    fs::remove_file(dir.path().join("content/02-PRATIQUE.md")).unwrap();
    let out = check_in(dir.path());
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        stdout(&out),
        "content/course.toml:19:1: le fichier 'content/02-PRATIQUE.md' du module 'pratique' est introuvable : créez-le ou corrigez 'file'\n\
         ✗ cours invalide : 1 problème\n"
    );
}

#[test]
fn check_reports_broken_links_anchors_and_code_blocks_together() {
    let dir = course_copy();
    edit(
        dir.path(),
        "content/00-INTRO.md",
        "./01-SIGNATURES.md)",
        "./01-SIGNATUREZ.md)",
    );
    edit(
        dir.path(),
        "content/00-INTRO.md",
        "#vérifier-une-signature",
        "#verifier-une-signature",
    );
    edit(dir.path(), "content/02-PRATIQUE.md", "```sql", "```");
    edit(
        dir.path(),
        "content/02-PRATIQUE.md",
        "(./00-INTRO.md)",
        "(./00-INTRO.md#nulle-part)",
    );
    let out = check_in(dir.path());
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        stdout(&out),
        "content/00-INTRO.md:12:19: lien cassé './01-SIGNATUREZ.md' : './01-SIGNATUREZ.md' n'est pas un module du cours (fichiers possibles : 00-INTRO.md, 01-SIGNATURES.md, 02-PRATIQUE.md)\n\
         content/00-INTRO.md:13:15: lien './01-SIGNATURES.md#verifier-une-signature' : ancre '#verifier-une-signature' introuvable dans '01-SIGNATURES.md' ; vouliez-vous dire '#vérifier-une-signature' ? (les ancres gardent les accents)\n\
         content/02-PRATIQUE.md:8:1: bloc de code sans langage : ajoutez-en un après ``` (par exemple ```ts, ```bash ou ```text)\n\
         content/02-PRATIQUE.md:13:12: lien './00-INTRO.md#nulle-part' : ancre '#nulle-part' introuvable dans '00-INTRO.md' : aucun titre ne donne cette ancre (titre en minuscules, espaces remplacés par des tirets)\n\
         ✗ cours invalide : 4 problèmes\n"
    );
}

#[test]
fn check_reports_bad_manifest_toml_with_line_and_column() {
    let dir = course_copy();
    edit(
        dir.path(),
        "content/course.toml",
        "title = \"Introduction\"",
        "title = Introduction",
    );
    let out = check_in(dir.path());
    assert_eq!(out.status.code(), Some(1));
    let text = stdout(&out);
    let mut lines = text.lines();
    let first = lines.next().unwrap();
    assert!(
        first.starts_with("content/course.toml:10:9: TOML invalide"),
        "{text}"
    );
    assert_eq!(lines.next(), Some("✗ cours invalide : 1 problème"));
}

// ---- progress --------------------------------------------------------------------

fn progress_json(data: &Path) -> serde_json::Value {
    let out = cmd()
        .args(["progress", "--json", "--course", FIXTURE, "--data-dir"])
        .arg(data)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    serde_json::from_slice(&out.stdout).unwrap()
}

#[test]
fn progress_json_on_an_empty_store() {
    let data = tempfile::tempdir().unwrap();
    let json = progress_json(data.path());
    let file = data.path().join("progress.json").display().to_string();
    assert_eq!(
        json,
        serde_json::json!({
            "file": file,
            "course": "Cours d'essai",
            "complete": false,
            "last_module": null,
            "modules": [
                {"id": "introduction", "title": "Introduction", "percent": 0, "read": false},
                {"id": "signatures", "title": "Module 1 : Signatures", "percent": 0, "read": false},
                {"id": "pratique", "title": "Module 2 : Pratique", "percent": 0, "read": false},
            ],
            "exercises": [
                {"id": "verifier-signature", "title": "Vérifier une signature à la main", "done": false, "validated_by_lab": false},
                {"id": "rejouer", "title": "Rejouer un webhook", "done": false, "validated_by_lab": false},
            ],
            "lab": null,
            "quiz": {"attempts": 0, "best_score": null, "pass_mark": 80, "passed": false},
        })
    );
}

const SAVED: &str = r#"{
  "version": 1,
  "modules": {
    "introduction": {"scroll": 0, "width": 78, "total_lines": 21, "read": true},
    "signatures": {"scroll": 17, "width": 78, "total_lines": 68, "read": false}
  },
  "last_module": "signatures",
  "exercises_done": ["rejouer"],
  "attempts": [
    {"date": "2026-11-28T18:00:00Z", "seed": 1, "score_percent": 60.0, "pass_mark": 80, "passed": false},
    {"date": "2026-11-28T18:10:00Z", "seed": 2, "score_percent": 90.0, "pass_mark": 80, "passed": true}
  ]
}"#;

#[test]
fn progress_shows_a_saved_file() {
    let data = tempfile::tempdir().unwrap();
    fs::write(data.path().join("progress.json"), SAVED).unwrap();
    let json = progress_json(data.path());
    // The quiz is passed but two modules are unread: « cours terminé » needs both.
    assert_eq!(json["complete"], false);
    assert_eq!(json["modules"][1]["percent"], 25);
    assert_eq!(json["exercises"][1]["done"], true);
    assert_eq!(
        json["quiz"],
        serde_json::json!({"attempts": 2, "best_score": 90.0, "pass_mark": 80, "passed": true})
    );
    let out = cmd()
        .args(["progress", "--course", FIXTURE, "--data-dir"])
        .arg(data.path())
        .output()
        .unwrap();
    let text = stdout(&out);
    let body: Vec<&str> = text.lines().skip(2).collect();
    assert_eq!(
        body.join("\n"),
        "\n\
         Modules (1/3 lus)\n  \
         ✓ Introduction           100 %\n    \
         Module 1 : Signatures   25 %\n    \
         Module 2 : Pratique      0 %\n\
         \n\
         Exercices facultatifs (1/2 faits)\n  \
         [ ] Vérifier une signature à la main\n  \
         [x] Rejouer un webhook\n\
         \n\
         Quiz obligatoire : réussi ✓ (2 tentatives, meilleur score 90 %)\n\
         Cours : pas encore terminé (il reste à lire jusqu'au bout 2 modules (« Module 1 : Signatures », « Module 2 : Pratique »))"
    );
}

#[test]
fn progress_reset_with_yes_erases_the_file() {
    let data = tempfile::tempdir().unwrap();
    let file = data.path().join("progress.json");
    fs::write(&file, SAVED).unwrap();
    let out = cmd()
        .args(["progress", "--reset", "--yes", "--data-dir"])
        .arg(data.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(
        stdout(&out),
        format!("✓ progression effacée ('{}')\n", file.display())
    );
    assert!(!file.exists());
}

#[test]
fn progress_reset_refuses_without_a_terminal_or_yes() {
    let data = tempfile::tempdir().unwrap();
    let file = data.path().join("progress.json");
    fs::write(&file, SAVED).unwrap();
    let out = cmd()
        .args(["progress", "--reset", "--data-dir"])
        .arg(data.path())
        .write_stdin("o\n")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        stderr(&out),
        "erreur : confirmation impossible : l'entrée standard n'est pas un terminal ; relancez avec « progress --reset --yes » pour effacer la progression sans question\n"
    );
    assert!(file.exists());
}

#[test]
fn a_corrupt_progress_file_is_kept_as_backup_with_a_warning() {
    let data = tempfile::tempdir().unwrap();
    fs::write(data.path().join("progress.json"), "{ pas du json").unwrap();
    let out = cmd()
        .args(["progress", "--course", FIXTURE, "--data-dir"])
        .arg(data.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let backup = data.path().join("progress.json.bak");
    assert_eq!(
        stderr(&out),
        format!(
            "attention : fichier de progression corrompu (JSON invalide, ligne 1, colonne 3) : conservé sous '{}', nouvelle progression démarrée\n",
            backup.display()
        )
    );
    assert_eq!(fs::read_to_string(backup).unwrap(), "{ pas du json");
    assert!(stdout(&out).contains("Modules (0/3 lus)"));
}

#[test]
fn check_reports_quiz_problems_with_the_course_problems() {
    let dir = course_copy();
    let quiz = dir.path().join("quizzes/quiz.toml");
    let src = fs::read_to_string(&quiz).unwrap();
    fs::write(
        &quiz,
        src.replace("signatures#le-contenu-signé", "signatures#disparu"),
    )
    .unwrap();
    let out = cmd()
        .arg("check")
        .arg("--course")
        .arg(dir.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let text = stdout(&out);
    let first = text.lines().next().unwrap();
    let expected_prefix = format!("{}:13:7: see = \"signatures#disparu\"", quiz.display());
    assert!(first.starts_with(&expected_prefix), "{text}");
    assert!(text.ends_with("✗ cours invalide : 1 problème\n"), "{text}");
}

const READER_COURSE: &str = "tests/fixtures/reader-course";

#[test]
fn read_code_prints_one_block_raw_for_a_script() {
    let out = cmd()
        .args(["read", "code", "--code", "2", "--course", READER_COURSE])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(
        stdout(&out),
        "node -e 'console.log(JSON.stringify({\"type\":\"user.created\",\"data\":{\"id\":\"user_29w83sxmDNGwOuEthce5gg56FcC\"}}))'\n"
    );
    // The same through `render`, and run by a shell: the copy is the command.
    let out = cmd()
        .args([
            "render",
            "tests/fixtures/reader-course/content/01-CODE.md",
            "--code",
            "3",
        ])
        .output()
        .unwrap();
    assert_eq!(stdout(&out), "echo signature\n");
    let ran = std::process::Command::new("sh")
        .arg("-c")
        .arg(stdout(&out))
        .output()
        .unwrap();
    assert_eq!(String::from_utf8(ran.stdout).unwrap(), "signature\n");
}

#[test]
fn read_code_out_of_range_is_exit_2_with_the_count() {
    let out = cmd()
        .args(["read", "0", "--code", "4", "--course", READER_COURSE])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(stdout(&out), "");
    assert_eq!(
        stderr(&out),
        "erreur : pas de bloc de code 4 : ce document en contient 3 ; choisissez --code 1 à 3\n"
    );
}

#[test]
fn search_lists_module_heading_line_and_context() {
    let out = cmd()
        .args(["search", "SIGNATURE", "--course", READER_COURSE])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(
        stdout(&out),
        "4 résultats pour « SIGNATURE » dans 2 modules\n\
         code:10 · Module 1 : Code › Un schéma large\n    \
         │ Clerk ──► Svix ──► POST /api/webhooks ──► vérification de la signature ──► file d'attente ──► réponse 200 en moins de 15 s │\n\
         code:23 · Module 1 : Code › Une commande\n    \
         │ echo signature │\n\
         exercices:7 · Module 2 : Exercices › Exercice 1\n    \
         Vérifiez la signature d'un corps re-sérialisé.\n\
         exercices:19 · Module 2 : Exercices › Exercice 1\n    \
         La signature porte sur les octets :\n"
    );
    // The line numbers are those of `read --plain` at the same width.
    let read = cmd()
        .args([
            "read",
            "code",
            "--plain",
            "--width",
            "80",
            "--course",
            READER_COURSE,
        ])
        .output()
        .unwrap();
    assert!(
        stdout(&read)
            .lines()
            .nth(9)
            .unwrap()
            .contains("vérification de la signature")
    );
}

#[test]
fn search_without_results_is_exit_1_and_an_empty_query_exit_2() {
    let out = cmd()
        .args(["search", "zzz", "--course", READER_COURSE])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(stdout(&out), "aucun résultat pour « zzz » dans le cours\n");
    let out = cmd()
        .args(["search", " ", "--course", READER_COURSE])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        stderr(&out),
        "erreur : texte à chercher vide : indiquez au moins un caractère, par exemple « webhook-tutor search signature »\n"
    );
}
