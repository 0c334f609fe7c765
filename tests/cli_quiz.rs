//! `quiz --plain` and `results` run as the learner and the instructor would, on the
//! tiny course in tests/fixtures/quiz-course (six questions, one of each kind).

use std::path::{Path, PathBuf};

use assert_cmd::Command;

const COURSE: &str = "tests/fixtures/quiz-course";

/// Right answers for `--seed 42` (order: retry, match, header, codes, push, steps).
const ALL_RIGHT: &str = "1\n2,1\nSvix-ID\n1,2\n2\n3,1,2\n";
/// Wrong, wrong, wrong, half right, right, right: 2.5 / 6.
const MOSTLY_WRONG: &str = "faux\n1,2\nsvix id\n2\n2\n3,1,2\n";
/// The four questions MOSTLY_WRONG missed, right, for `--errors --seed 5`.
const RETAKE_RIGHT: &str = "1,3\nv\nSvix-ID\n2,1\n";

fn tutor(data: &Path) -> Command {
    let mut cmd = Command::cargo_bin("webhook-tutor").unwrap();
    cmd.env_remove("WEBHOOK_TUTOR_COURSE")
        .env_remove("WEBHOOK_TUTOR_DATA")
        .env_remove("WEBHOOK_TUTOR_LEARNER")
        .env("NO_COLOR", "1")
        .arg("--course")
        .arg(COURSE)
        .arg("--data-dir")
        .arg(data);
    cmd
}

fn quiz(data: &Path, input: &str) -> assert_cmd::assert::Assert {
    tutor(data)
        .args(["quiz", "--plain", "--seed", "42"])
        .write_stdin(input)
        .assert()
}

fn stdout(a: &assert_cmd::assert::Assert) -> String {
    String::from_utf8(a.get_output().stdout.clone()).unwrap()
}

fn stderr(a: &assert_cmd::assert::Assert) -> String {
    String::from_utf8(a.get_output().stderr.clone()).unwrap()
}

fn progress_file(data: &Path) -> PathBuf {
    data.join("progress.json")
}

fn saved(data: &Path) -> serde_json::Value {
    serde_json::from_str(&std::fs::read_to_string(progress_file(data)).unwrap()).unwrap()
}

#[test]
fn all_right_answers_pass_and_save_the_attempt() {
    let data = tempfile::tempdir().unwrap();
    let a = quiz(data.path(), ALL_RIGHT).code(0);
    let out = stdout(&a);
    insta::assert_snapshot!("passing_run", out);
    assert!(out.contains("\nScore : 100 % (6 / 6) — réussi (seuil : 80 %)\n"));
    let attempts = &saved(data.path())["attempts"];
    assert_eq!(attempts.as_array().unwrap().len(), 1);
    let attempt = &attempts[0];
    assert_eq!(attempt["score_percent"], 100.0);
    assert_eq!(attempt["passed"], true);
    assert_eq!(attempt["seed"], 42);
    assert_eq!(attempt["only_errors"], false);
    assert_eq!(attempt["answers"].as_array().unwrap().len(), 6);
}

/// The lines from « Score : » to the end.
fn summary(out: &str) -> Vec<&str> {
    let lines: Vec<&str> = out.lines().collect();
    let start = lines
        .iter()
        .position(|l| l.starts_with("Score : "))
        .unwrap();
    lines[start..].to_vec()
}

#[test]
fn a_low_score_fails_with_exit_code_1() {
    let data = tempfile::tempdir().unwrap();
    let a = quiz(data.path(), MOSTLY_WRONG).code(1);
    assert_eq!(
        summary(&stdout(&a)),
        [
            "Score : 41,7 % (2,5 / 6) — échoué (seuil : 80 %)",
            "Par objectif :",
            "  Comprendre le concept de webhook  ████░░░░░░  37,5 % (1,5 / 4)",
            "  Vérifier les signatures Svix      █████░░░░░    50 % (1 / 2)",
            "À revoir :",
            "  - Un code 500 déclenche une nouvelle tentative. → Module 1 : Le concept › Les codes de réponse",
            "  - Associez chaque code à sa conséquence. → Module 1 : Le concept",
            "  - Quel en-tête porte l'identifiant du message ? → Module 2 : Les signatures › L'en-tête svix-id",
            "  - Quels codes confirment la livraison ? → Module 1 : Le concept › Les codes de réponse",
            "Note retenue (meilleure tentative complète) : 41,7 % · quiz pas encore réussi",
            "Tentative enregistrée. Même tirage et même ordre : webhook-tutor quiz --seed 42",
        ]
    );
    let attempt = &saved(data.path())["attempts"][0];
    assert_eq!(attempt["passed"], false);
    assert_eq!(attempt["answers"][3]["credit"], 0.5);
}

#[test]
fn truncated_input_keeps_the_answers_given_and_the_next_run_resumes() {
    let data = tempfile::tempdir().unwrap();
    let a = quiz(data.path(), "1\n2,1\n").code(2);
    assert_eq!(
        stderr(&a),
        "erreur : entrée terminée avant la fin du quiz : tentative gardée (2/6), relancez « webhook-tutor quiz » pour la reprendre\n"
    );
    assert!(stdout(&a).contains("── Question 3/6 · Vérifier les signatures Svix ──"));
    let progress = saved(data.path());
    assert_eq!(progress["attempts"], serde_json::json!([]));
    let kept = &progress["quiz_in_progress"];
    assert_eq!(kept["answers"].as_array().unwrap().len(), 2);
    assert_eq!(kept["questions"].as_array().unwrap().len(), 6);
    // The next run offers to resume (Enter = yes) and asks only the four others, even
    // with another seed.
    let rest = ALL_RIGHT.lines().skip(2).collect::<Vec<_>>().join("\n");
    let a = tutor(data.path())
        .args(["quiz", "--plain", "--seed", "1"])
        .write_stdin(format!("\n{rest}\n"))
        .assert()
        .code(0);
    let out = stdout(&a);
    assert!(
        out.starts_with("Reprendre la tentative (2/6) ? (O/n)\n"),
        "{out}"
    );
    assert!(out.contains("Reprise de la tentative : 2 réponses déjà données."));
    assert!(out.contains("── Question 3/6 · Vérifier les signatures Svix ──"));
    assert!(!out.contains("── Question 1/6"));
    assert!(out.contains("\nScore : 100 % (6 / 6) — réussi (seuil : 80 %)\n"));
    let progress = saved(data.path());
    assert_eq!(progress["quiz_in_progress"], serde_json::Value::Null);
    assert_eq!(progress["attempts"][0]["seed"], 42);
    assert_eq!(
        progress["attempts"][0]["answers"].as_array().unwrap().len(),
        6
    );
}

#[test]
fn abandoning_the_attempt_in_progress_asks_first() {
    let data = tempfile::tempdir().unwrap();
    quiz(data.path(), "1\n").code(2);
    // « n » then « N »: not abandoned after all, resumed.
    let a = quiz(data.path(), "n\n\n").code(2);
    let out = stdout(&a);
    assert!(out.contains("Abandonner cette tentative ? Ses 1 réponse seront effacées. (o/N)"));
    assert!(out.contains("Reprise de la tentative : 1 réponse déjà donnée."));
    // « n » then « o »: a new attempt from question 1.
    let a = quiz(data.path(), "n\no\n").code(2);
    let out = stdout(&a);
    assert!(out.contains("Tentative abandonnée ; nouvelle tentative."));
    assert!(out.contains("── Question 1/6"));
    let kept = &saved(data.path())["quiz_in_progress"];
    assert_eq!(kept["answers"].as_array().unwrap().len(), 0);
}

#[test]
fn a_killed_quiz_resumes_where_it_stopped() {
    use std::io::{BufRead as _, BufReader, Write as _};
    let data = tempfile::tempdir().unwrap();
    let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("webhook-tutor"))
        .env_remove("WEBHOOK_TUTOR_COURSE")
        .env_remove("WEBHOOK_TUTOR_DATA")
        .env("NO_COLOR", "1")
        .arg("--course")
        .arg(COURSE)
        .arg("--data-dir")
        .arg(data.path())
        .args(["quiz", "--plain", "--seed", "42"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    stdin.write_all(b"1\n2,1\nSvix-ID\n").unwrap();
    stdin.flush().unwrap();
    // Wait until the fourth question is asked: three answers are then on disk.
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let asked = lines
        .by_ref()
        .map_while(Result::ok)
        .any(|l| l.contains("Question 4/6"));
    assert!(asked, "the quiz never reached question 4");
    child.kill().unwrap();
    child.wait().unwrap();
    let kept = &saved(data.path())["quiz_in_progress"];
    assert_eq!(kept["answers"].as_array().unwrap().len(), 3);
    let rest = ALL_RIGHT.lines().skip(3).collect::<Vec<_>>().join("\n");
    let a = quiz(data.path(), &format!("o\n{rest}\n")).code(0);
    let out = stdout(&a);
    assert!(out.contains("── Question 4/6"));
    assert!(!out.contains("── Question 3/6"));
    assert!(out.contains("\nScore : 100 % (6 / 6) — réussi (seuil : 80 %)\n"));
}

#[test]
fn an_errors_only_retake_is_practice_and_never_passes() {
    let data = tempfile::tempdir().unwrap();
    quiz(data.path(), MOSTLY_WRONG).code(1);
    // The four missed questions, all right this time (order for seed 5).
    let a = tutor(data.path())
        .args(["quiz", "--plain", "--errors", "--seed", "5"])
        .write_stdin(RETAKE_RIGHT)
        .assert()
        .code(1);
    let out = stdout(&a);
    assert!(out.contains("4 questions · seuil de réussite : 80 % · graine : 5 · entraînement sur les erreurs : ne compte pas pour la réussite"), "{out}");
    assert!(
        out.contains("\nScore : 100 % (4 / 4) — entraînement (seuil : 80 %)\n"),
        "{out}"
    );
    assert!(
        out.contains(
            "Note retenue (meilleure tentative complète) : 41,7 % · quiz pas encore réussi"
        )
    );
    let attempts = &saved(data.path())["attempts"];
    assert_eq!(attempts[1]["mode"], "practice");
    assert_eq!(attempts[1]["passed"], false);
    // « Réviser mes erreurs » brings the missed questions back, as practice too.
    let a = tutor(data.path())
        .args(["quiz", "--plain", "--review", "--seed", "5"])
        .write_stdin("")
        .assert()
        .code(2);
    assert!(stdout(&a).contains("révision des erreurs : ne compte pas pour la réussite"));
}

#[test]
fn invalid_answers_are_asked_again_and_not_counted() {
    let data = tempfile::tempdir().unwrap();
    let input = format!(
        "peut-être\n3\n{}",
        ALL_RIGHT.replacen("2,1\n", "2\n9,1\n2,-\nn\n- -\n2,1\n", 1)
    );
    let a = quiz(data.path(), &input).code(0);
    let out = stdout(&a);
    let refused: Vec<&str> = out
        .lines()
        .filter(|l| l.starts_with("Réponse invalide"))
        .collect();
    assert_eq!(
        refused,
        [
            "Réponse invalide : « peut-être » n'est pas compris : tapez 1 (vrai) ou 2 (faux), ou v / f. Réessayez.",
            "Réponse invalide : 3 n'est pas un numéro proposé : choisissez entre 1 et 2. Réessayez.",
            "Réponse invalide : il faut 2 numéros, un par élément ; vous en avez donné 1 (- pour un élément laissé vide). Réessayez.",
            "Réponse invalide : 9 n'est pas un numéro proposé : choisissez entre 1 et 2. Réessayez.",
            "Réponse invalide : choisissez d'abord une réponse. Réessayez.",
        ]
    );
    // A partial matching asks first; « n » lets the learner complete it.
    assert!(out.contains("1 élément est sans valeur : il ne rapportera aucun point. Valider quand même ? (o/N)\n> n\nRéponse non validée : complétez-la.\n"));
    assert!(out.contains("\nScore : 100 % (6 / 6) — réussi (seuil : 80 %)\n"));
    assert_eq!(
        saved(data.path())["attempts"][0]["answers"]
            .as_array()
            .unwrap()
            .len(),
        6
    );
}

#[test]
fn without_plain_a_piped_input_gets_the_same_dialogue() {
    let data = tempfile::tempdir().unwrap();
    let plain = stdout(&quiz(data.path(), ALL_RIGHT).code(0));
    let a = tutor(data.path())
        .args(["quiz", "--seed", "42"])
        .write_stdin(ALL_RIGHT)
        .assert()
        .code(0);
    assert_eq!(stdout(&a), plain);
    assert_eq!(saved(data.path())["attempts"].as_array().unwrap().len(), 2);
}

#[test]
fn a_broken_quiz_file_is_reported_with_its_position() {
    let course = tempfile::tempdir().unwrap();
    copy_dir(Path::new(COURSE), course.path());
    let quiz_path = course.path().join("quizzes/quiz.toml");
    let src = std::fs::read_to_string(&quiz_path).unwrap();
    std::fs::write(
        &quiz_path,
        src.replace("answer = [1, 3]", "answer = [1, 4]"),
    )
    .unwrap();
    let data = tempfile::tempdir().unwrap();
    let a = Command::cargo_bin("webhook-tutor")
        .unwrap()
        .env_remove("WEBHOOK_TUTOR_COURSE")
        .arg("--course")
        .arg(course.path())
        .arg("--data-dir")
        .arg(data.path())
        .args(["quiz", "--plain"])
        .write_stdin("")
        .assert()
        .code(2);
    assert_eq!(
        stderr(&a),
        format!(
            "{}:37:14: le numéro 4 est hors limites : les choix sont numérotés de 1 à 3\n\
             erreur : le quiz contient 1 problème (détails ci-dessus) : corrigez le fichier puis relancez, ou lancez « webhook-tutor --course {} check »\n",
            quiz_path.display(),
            course.path().display()
        )
    );
    assert_eq!(stdout(&a), "");
}

fn copy_dir(from: &Path, to: &Path) {
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

// ---- results

/// Two known attempts, as the progress store writes them.
const HISTORY: &str = r#"{
  "version": 1,
  "attempts": [
    {
      "date": "2026-11-28T09:00:00Z",
      "seed": 7,
      "only_errors": false,
      "score_percent": 41.666666666666664,
      "pass_mark": 80,
      "passed": false,
      "objectives": [
        { "id": "concept", "label": "Comprendre le concept de webhook", "earned": 0.5, "total": 4.0 },
        { "id": "signatures", "label": "Vérifier les signatures Svix", "earned": 2.0, "total": 2.0 }
      ],
      "answers": []
    },
    {
      "date": "2026-11-28T09:30:00Z",
      "seed": 8,
      "only_errors": true,
      "score_percent": 100.0,
      "pass_mark": 80,
      "passed": true,
      "objectives": [
        { "id": "concept", "label": "Comprendre le concept de webhook", "earned": 4.0, "total": 4.0 },
        { "id": "signatures", "label": "Vérifier, \"signer\"", "earned": 2.0, "total": 2.0 },
        { "id": "a,b", "label": "Autre", "earned": 1.0, "total": 3.0 }
      ],
      "answers": []
    }
  ]
}"#;

fn with_history() -> tempfile::TempDir {
    let data = tempfile::tempdir().unwrap();
    std::fs::write(progress_file(data.path()), HISTORY).unwrap();
    data
}

#[test]
fn results_text_lists_attempts_and_the_latest_objectives() {
    let data = with_history();
    let a = tutor(data.path()).arg("results").assert().code(0);
    assert_eq!(
        stdout(&a),
        "\
Date                  Score     Résultat        Mode
2026-11-28T09:00:00Z   41,7 %   ✗ échoué        complet
2026-11-28T09:30:00Z    100 %   ◆ entraînement  erreurs seulement

Note retenue (meilleure tentative complète) : 41,7 % du 2026-11-28T09:00:00Z · quiz pas encore réussi

Dernière tentative (2026-11-28T09:30:00Z), seuil 80 % :
  Comprendre le concept de webhook  ██████████   100 % (4 / 4)
  Vérifier, \"signer\"                ██████████   100 % (2 / 2)
  Autre                             ███░░░░░░░  33,3 % (1 / 3)
"
    );
}

#[test]
fn results_csv_has_one_row_per_attempt_and_quotes_fields() {
    let data = with_history();
    let a = tutor(data.path())
        .args(["results", "--format", "csv"])
        .assert()
        .code(0);
    assert_eq!(
        stdout(&a),
        "learner,course,course_version,date,score,passed,pass_mark,seed,only_errors,mode,grading,concept,signatures,\"a,b\"\r\n\
         ,,,2026-11-28T09:00:00Z,41.7,false,80,7,false,full,best,12.5,100.0,\r\n\
         ,,,2026-11-28T09:30:00Z,100.0,true,80,8,true,full,best,100.0,100.0,33.3\r\n"
    );
    // The learner's name, from --learner or the environment, on every row.
    let a = tutor(data.path())
        .env("WEBHOOK_TUTOR_LEARNER", "Léa Martin")
        .args(["results", "--format", "csv"])
        .assert()
        .code(0);
    assert!(stdout(&a).contains("\r\nLéa Martin,,,2026-11-28T09:00:00Z,"));
    let a = tutor(data.path())
        .args(["results", "--format", "csv", "--learner", "Dupont, Marc"])
        .assert()
        .code(0);
    assert!(stdout(&a).contains("\r\n\"Dupont, Marc\",,,2026-11-28T09:30:00Z,"));
}

#[test]
fn results_json_is_the_array_of_attempts() {
    let data = with_history();
    let a = tutor(data.path())
        .args(["results", "--json"])
        .assert()
        .code(0);
    let got: serde_json::Value = serde_json::from_str(&stdout(&a)).unwrap();
    let mut expected: serde_json::Value = serde_json::from_str(HISTORY).unwrap();
    // Older records gain the newer fields with their defaults.
    for attempt in expected["attempts"].as_array_mut().unwrap() {
        let o = attempt.as_object_mut().unwrap();
        o.insert("mode".into(), "full".into());
        o.insert("grading".into(), "best".into());
        o.insert("carried".into(), 0.into());
        o.insert("course_title".into(), "".into());
        o.insert("course_version".into(), "".into());
    }
    assert_eq!(got, expected["attempts"]);
    let a = tutor(data.path())
        .args(["results", "--json", "--learner", "Léa"])
        .assert()
        .code(0);
    let got: serde_json::Value = serde_json::from_str(&stdout(&a)).unwrap();
    assert_eq!(got[1]["learner"], "Léa");
}

#[test]
fn results_export_to_a_file() {
    let data = with_history();
    let file = data.path().join("export.csv");
    let a = tutor(data.path())
        .args(["results", "--format", "csv", "-o"])
        .arg(&file)
        .assert()
        .code(0);
    assert_eq!(
        stdout(&a),
        format!("2 tentatives exportées dans '{}'\n", file.display())
    );
    let csv = std::fs::read_to_string(&file).unwrap();
    assert!(csv.starts_with(
        "learner,course,course_version,date,score,passed,pass_mark,seed,only_errors,mode,grading,concept,signatures,\"a,b\"\r\n"
    ));
    assert_eq!(csv.lines().count(), 3);
    let leftovers: Vec<_> = std::fs::read_dir(data.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".tmp"))
        .collect();
    assert_eq!(leftovers, Vec::<String>::new());
}

#[test]
fn results_without_history() {
    let data = tempfile::tempdir().unwrap();
    let a = tutor(data.path()).arg("results").assert().code(0);
    assert_eq!(stdout(&a), "aucune tentative enregistrée\n");
    let a = tutor(data.path())
        .args(["results", "--json"])
        .assert()
        .code(0);
    assert_eq!(stdout(&a), "[]\n");
    assert_eq!(stderr(&a), "aucune tentative enregistrée\n");
}

#[test]
fn results_after_a_real_run() {
    let data = tempfile::tempdir().unwrap();
    quiz(data.path(), MOSTLY_WRONG).code(1);
    let date = saved(data.path())["attempts"][0]["date"]
        .as_str()
        .unwrap()
        .to_string();
    let a = tutor(data.path()).arg("results").assert().code(0);
    assert_eq!(
        stdout(&a).replace(&date, "DATE"),
        "\
Date                  Score     Résultat        Mode
DATE   41,7 %   ✗ échoué        complet

Note retenue (meilleure tentative complète) : 41,7 % du DATE · quiz pas encore réussi

Dernière tentative (DATE), seuil 80 % :
  Comprendre le concept de webhook  ████░░░░░░  37,5 % (1,5 / 4)
  Vérifier les signatures Svix      █████░░░░░    50 % (1 / 2)
"
    );
    let a = tutor(data.path())
        .args(["results", "--format", "csv"])
        .assert()
        .code(0);
    assert_eq!(
        stdout(&a).replace(&date, "DATE"),
        format!(
            "learner,course,course_version,date,score,passed,pass_mark,seed,only_errors,mode,grading,concept,signatures\r\n\
             ,Cours de test,{},DATE,41.7,false,80,42,false,full,best,37.5,50.0\r\n",
            env!("CARGO_PKG_VERSION")
        )
    );
    let a = tutor(data.path())
        .args(["results", "--format", "json"])
        .assert()
        .code(0);
    let json: serde_json::Value = serde_json::from_str(&stdout(&a)).unwrap();
    assert_eq!(json, saved(data.path())["attempts"]);
    assert_eq!(
        json[0]["answers"][3],
        serde_json::json!({ "question_id": "codes", "answer": "200", "credit": 0.5, "correct": false })
    );
}

#[test]
fn a_corrupt_progress_file_is_kept_aside_and_the_attempt_saved() {
    let data = tempfile::tempdir().unwrap();
    std::fs::write(progress_file(data.path()), "{pas du json").unwrap();
    let a = quiz(data.path(), ALL_RIGHT).code(0);
    assert_eq!(
        stderr(&a),
        format!(
            "attention : fichier de progression corrompu (JSON invalide, ligne 1, colonne 2) : conservé sous '{}', nouvelle progression démarrée\n",
            data.path().join("progress.json.bak").display()
        )
    );
    assert_eq!(saved(data.path())["attempts"].as_array().unwrap().len(), 1);
}

#[test]
fn an_unreadable_progress_file_stops_before_the_first_question() {
    let data = tempfile::tempdir().unwrap();
    // A directory where the file should be: unreadable, and not to be overwritten.
    std::fs::create_dir(progress_file(data.path())).unwrap();
    let a = quiz(data.path(), ALL_RIGHT).code(2);
    assert_eq!(stdout(&a), "");
    assert_eq!(
        stderr(&a),
        format!(
            "erreur : le quiz ne démarre pas, car la tentative ne pourrait pas être enregistrée : impossible de lire la progression '{}' : c'est un dossier, pas un fichier ; le fichier est conservé tel quel et rien ne sera enregistré pendant cette session (corrigez-le ou choisissez un autre dossier avec --data-dir, puis relancez)\n",
            progress_file(data.path()).display()
        )
    );
    assert!(progress_file(data.path()).is_dir());
}

/// Class 2: an endless line (not a person typing) ends the quiz at once with the limit,
/// keeping the answers given; memory stays bounded whatever the input.
#[test]
fn an_endless_answer_line_is_refused_at_64_kib_and_the_attempt_kept() {
    let data = tempfile::tempdir().unwrap();
    let input = format!("1\n{}", "x".repeat(200 * 1024));
    let a = quiz(data.path(), &input).code(2);
    assert_eq!(
        stderr(&a),
        "erreur : impossible de lire la réponse ou d'afficher la question : ligne de réponse trop longue (plus de 64 Kio) : une réponse tient sur une ligne courte\n"
    );
    let kept = &saved(data.path())["quiz_in_progress"];
    assert_eq!(kept["answers"].as_array().unwrap().len(), 1);
}
