use super::*;
use crate::quiz::Grading;

fn resolver(module: &str) -> Option<Vec<String>> {
    let slugs: &[&str] = match module {
        "concept" => &["le-concept", "push-ou-pull-", "les-codes-de-réponse"],
        "signatures" => &["les-signatures"],
        _ => return None,
    };
    Some(slugs.iter().map(|s| s.to_string()).collect())
}

fn fixture(name: &str) -> String {
    let path = format!(
        "{}/tests/fixtures/quiz/{name}.toml",
        env!("CARGO_MANIFEST_DIR")
    );
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// Asserts the exact (line, column, message) of every problem, in order.
fn assert_problems(name: &str, expected: &[(usize, usize, &str)]) {
    let path = format!("{name}.toml");
    let problems = validate(&path, &fixture(name), 80, &resolver).unwrap_err();
    let got: Vec<(usize, usize, &str)> = problems
        .iter()
        .map(|p| (p.line, p.column, p.message.as_str()))
        .collect();
    assert_eq!(got, expected, "{name}");
    assert!(problems.iter().all(|p| p.path == path));
}

#[test]
fn bad_answer_missing() {
    assert_problems(
        "bad-answer-missing",
        &[(
            7,
            1,
            "clé 'answer' manquante pour une question 'single' : ajoutez answer = N, le numéro (à partir de 1) du bon choix",
        )],
    );
}

#[test]
fn bad_answer_range() {
    assert_problems(
        "bad-answer-range",
        &[(
            15,
            10,
            "le numéro 3 est hors limites : les choix sont numérotés de 1 à 2",
        )],
    );
}

#[test]
fn bad_answer_type() {
    assert_problems(
        "bad-answer-type",
        &[(
            15,
            10,
            "pour une question 'single', answer doit être un entier (le numéro du bon choix, à partir de 1) ; s'il y a plusieurs bonnes réponses, utilisez kind = \"multiple\"",
        )],
    );
}

#[test]
fn bad_answer_zero() {
    assert_problems(
        "bad-answer-zero",
        &[(
            15,
            10,
            "le numéro 0 est hors limites : les choix sont numérotés de 1 à 2",
        )],
    );
}

#[test]
fn bad_choices_wrong_kind() {
    assert_problems(
        "bad-choices-wrong-kind",
        &[(
            14,
            1,
            "la clé 'choices' ne s'applique pas aux questions de type 'ordering' : retirez-la (ce type utilise : items)",
        )],
    );
}

#[test]
fn bad_duplicate_id() {
    assert_problems(
        "bad-duplicate-id",
        &[(
            18,
            6,
            "identifiant 'q1' déjà utilisé par la question de la ligne 8 : chaque question doit avoir un id unique (il sert à enregistrer les réponses)",
        )],
    );
}

#[test]
fn bad_duplicate_key() {
    assert_problems(
        "bad-duplicate-key",
        &[(
            10,
            1,
            "TOML invalide : clé en double : cette clé est déjà définie dans la même table ; supprimez ou renommez l'une des deux (détail : duplicate key)",
        )],
    );
}

#[test]
fn bad_empty_explanation() {
    assert_problems(
        "bad-empty-explanation",
        &[(
            13,
            15,
            "'explanation' est vide : expliquez la bonne réponse (elle s'affiche après chaque réponse)",
        )],
    );
}

#[test]
fn bad_empty_prompt() {
    assert_problems(
        "bad-empty-prompt",
        &[(
            12,
            10,
            "'prompt' est vide : écrivez l'énoncé de la question",
        )],
    );
}

#[test]
fn bad_few_choices() {
    assert_problems(
        "bad-few-choices",
        &[(
            14,
            11,
            "une question 'single' doit proposer au moins 2 choix (trouvé : 1) : ajoutez des choix dans choices",
        )],
    );
}

#[test]
fn bad_id_format() {
    assert_problems(
        "bad-id-format",
        &[(
            8,
            6,
            "identifiant 'Question 1' invalide : utilisez seulement des lettres minuscules ascii, des chiffres et des tirets (par exemple 'push-vs-pull')",
        )],
    );
}

#[test]
fn bad_matching_duplicate() {
    assert_problems(
        "bad-matching-duplicate",
        &[
            (
                16,
                12,
                "la valeur de gauche '2xx' apparaît deux fois : chaque paire doit avoir une valeur de gauche distincte",
            ),
            (
                17,
                27,
                "la valeur de droite 'livré' apparaît deux fois : chaque paire doit avoir une valeur de droite distincte",
            ),
        ],
    );
}

#[test]
fn bad_matching_few() {
    assert_problems(
        "bad-matching-few",
        &[(
            14,
            9,
            "une question 'matching' doit avoir au moins 2 paires (trouvé : 1) : ajoutez des paires dans pairs",
        )],
    );
}

#[test]
fn bad_missing_key() {
    assert_problems(
        "bad-missing-key",
        &[(
            7,
            1,
            "clé 'explanation' manquante dans cette question : ajoutez explanation = \"\"\"…\"\"\", affichée après la réponse",
        )],
    );
}

#[test]
fn bad_multiple_duplicate() {
    assert_problems(
        "bad-multiple-duplicate",
        &[(
            15,
            14,
            "le numéro 2 apparaît deux fois dans answer : chaque bonne réponse ne doit y figurer qu'une fois",
        )],
    );
}

#[test]
fn bad_multiple_empty() {
    assert_problems(
        "bad-multiple-empty",
        &[(
            15,
            10,
            "answer = [] : indiquez au moins une bonne réponse, par exemple answer = [1, 3]",
        )],
    );
}

#[test]
fn bad_multiple_integer() {
    assert_problems(
        "bad-multiple-integer",
        &[(
            15,
            10,
            "pour une question 'multiple', answer doit être une liste de numéros, par exemple answer = [1, 3], pas un entier",
        )],
    );
}

#[test]
fn bad_ordering_duplicate() {
    assert_problems(
        "bad-ordering-duplicate",
        &[(
            14,
            30,
            "'Lire' apparaît deux fois dans items : chaque élément doit être distinct",
        )],
    );
}

#[test]
fn bad_ordering_few() {
    assert_problems(
        "bad-ordering-few",
        &[(
            14,
            9,
            "'items' doit contenir au moins 2 éléments (trouvé : 1)",
        )],
    );
}

#[test]
fn bad_pass_mark_mismatch() {
    assert_problems(
        "bad-pass-mark-mismatch",
        &[(
            3,
            13,
            "pass_mark = 70 ne correspond pas au seuil du manifeste content/course.toml (80) : mettez la même valeur ou retirez cette ligne",
        )],
    );
}

#[test]
fn bad_pass_mark_range() {
    assert_problems(
        "bad-pass-mark-range",
        &[(
            3,
            13,
            "pass_mark = 120 : un pourcentage entre 0 et 100 est attendu",
        )],
    );
}

#[test]
fn bad_see_module() {
    assert_problems(
        "bad-see-module",
        &[(
            11,
            7,
            "see = \"concepts#push-ou-pull-\" : le module 'concepts' n'existe pas (il doit être l'id d'un [[modules]] de content/course.toml)",
        )],
    );
}

#[test]
fn bad_see_slug() {
    assert_problems(
        "bad-see-slug",
        &[(
            11,
            7,
            "see = \"concept#push-ou-pull\" : aucun titre du module 'concept' n'a l'ancre 'push-ou-pull' (règle de GitHub : minuscules, espaces changés en tirets, ponctuation supprimée) ; vouliez-vous dire 'push-ou-pull-' ?",
        )],
    );
}

#[test]
fn bad_several() {
    assert_problems(
        "bad-several",
        &[
            (
                8,
                6,
                "identifiant 'Q1' invalide : utilisez seulement des lettres minuscules ascii, des chiffres et des tirets (par exemple 'push-vs-pull')",
            ),
            (
                9,
                8,
                "type de question 'singel' inconnu : utilisez single, multiple, true_false, short_text, ordering ou matching ; vouliez-vous dire 'single' ?",
            ),
            (
                12,
                10,
                "'prompt' est vide : écrivez l'énoncé de la question",
            ),
        ],
    );
}

#[test]
fn bad_short_text_empty() {
    assert_problems(
        "bad-short-text-empty",
        &[(
            14,
            12,
            "'accepted' doit contenir au moins une réponse acceptée (la liste est vide)",
        )],
    );
}

#[test]
fn bad_syntax() {
    assert_problems(
        "bad-syntax",
        &[(
            2,
            14,
            "TOML invalide : chaîne mal fermée : vérifiez le guillemet fermant (\" ou \"\"\" pour un texte sur plusieurs lignes) (détail : invalid basic string, expected `\"`)",
        )],
    );
}

#[test]
fn bad_true_false_missing() {
    assert_problems(
        "bad-true-false-missing",
        &[(
            7,
            1,
            "clé 'answer' manquante pour une question 'true_false' : ajoutez answer = true ou answer = false",
        )],
    );
}

#[test]
fn bad_true_false_type() {
    assert_problems(
        "bad-true-false-type",
        &[(
            14,
            10,
            "pour une question 'true_false', answer doit valoir true ou false (sans guillemets), pas une chaîne",
        )],
    );
}

#[test]
fn bad_undeclared_objective() {
    assert_problems(
        "bad-undeclared-objective",
        &[(
            10,
            13,
            "objectif 'concpet' non déclaré : ajoutez-le dans [objectives] ou utilisez l'un de : concept ; vouliez-vous dire 'concept' ?",
        )],
    );
}

#[test]
fn bad_unknown_key() {
    assert_problems(
        "bad-unknown-key",
        &[(
            12,
            1,
            "clé inconnue 'promt' dans cette question : vouliez-vous dire 'prompt' ?",
        )],
    );
}

#[test]
fn bad_unknown_kind() {
    assert_problems(
        "bad-unknown-kind",
        &[(
            9,
            8,
            "type de question 'singel' inconnu : utilisez single, multiple, true_false, short_text, ordering ou matching ; vouliez-vous dire 'single' ?",
        )],
    );
}

#[test]
fn bad_unused_objective() {
    assert_problems(
        "bad-unused-objective",
        &[(
            6,
            1,
            "l'objectif 'errors' est déclaré mais aucune question ne l'évalue : ajoutez une question avec objective = \"errors\" ou retirez-le de [objectives]",
        )],
    );
}

#[test]
fn bad_duplicate_choice() {
    assert_problems(
        "bad-duplicate-choice",
        &[(
            14,
            69,
            "le choix 'Le fournisseur' apparaît deux fois : chaque choix doit être distinct",
        )],
    );
}

/// A resolver that also lists the modules, as `course::Sections` does.
struct Modules;

impl SeeResolver for Modules {
    fn heading_slugs(&self, module_id: &str) -> Option<Vec<String>> {
        resolver(module_id)
    }

    fn module_ids(&self) -> Vec<String> {
        vec!["concept".to_string(), "signatures".to_string()]
    }
}

#[test]
fn unknown_module_lists_the_modules_and_suggests_one() {
    let problems = validate("q.toml", &fixture("bad-see-module"), 80, &Modules).unwrap_err();
    assert_eq!(
        problems,
        vec![Problem {
            path: "q.toml".into(),
            line: 11,
            column: 7,
            message: "see = \"concepts#push-ou-pull-\" : le module 'concepts' n'existe pas (il doit être l'id d'un [[modules]] de content/course.toml) ; modules du cours : concept, signatures ; vouliez-vous dire 'concept' ?".into(),
        }]
    );
    assert_eq!(
        problems[0].to_string(),
        format!("q.toml:11:7: {}", problems[0].message)
    );
}

#[test]
fn the_good_fixture_gives_the_expected_model() {
    let quiz = validate("good.toml", &fixture("good"), 80, &resolver).unwrap();
    assert_eq!(
        quiz,
        Quiz {
            title: "Quiz".into(),
            pass_mark: 80,
            shuffle_questions: true,
            shuffle_choices: true,
            per_objective: None,
            grading: Grading::Best,
            builds_on_last: false,
            objectives: vec![Objective {
                id: "concept".into(),
                label: "Comprendre le concept".into()
            }],
            questions: vec![Question {
                id: "q1".into(),
                objective: "concept".into(),
                see: See {
                    module: "concept".into(),
                    anchor: Some("push-ou-pull-".into())
                },
                prompt: "Qui envoie la requête ?".into(),
                explanation: "Le fournisseur pousse.".into(),
                kind: crate::quiz::Kind::Single {
                    choices: vec![
                        crate::quiz::Choice {
                            text: "Le fournisseur".into(),
                            feedback: None
                        },
                        crate::quiz::Choice {
                            text: "Votre serveur".into(),
                            feedback: None
                        },
                    ],
                    answer: 0,
                },
            }],
        }
    );
}

#[test]
fn the_test_course_quiz_covers_all_six_kinds_in_file_order() {
    let path = format!(
        "{}/tests/fixtures/quiz-course/quizzes/quiz.toml",
        env!("CARGO_MANIFEST_DIR")
    );
    let src = std::fs::read_to_string(path).unwrap();
    let course_resolver = |m: &str| -> Option<Vec<String>> {
        let slugs: &[&str] = match m {
            "concept" => &["le-concept", "push-ou-pull-", "les-codes-de-réponse"],
            "signatures" => &[
                "les-signatures",
                "len-tête-svix-id",
                "étapes-de-vérification",
            ],
            _ => return None,
        };
        Some(slugs.iter().map(|s| s.to_string()).collect())
    };
    let quiz = validate("quiz.toml", &src, 80, &course_resolver).unwrap();
    let kinds: Vec<&str> = quiz.questions.iter().map(|q| q.kind.name()).collect();
    assert_eq!(
        kinds,
        [
            "single",
            "multiple",
            "true_false",
            "short_text",
            "ordering",
            "matching"
        ]
    );
    let objectives: Vec<&str> = quiz.objectives.iter().map(|o| o.id.as_str()).collect();
    assert_eq!(objectives, ["concept", "signatures"]);
}

#[test]
fn an_empty_file_reports_each_missing_section() {
    let problems = validate("q.toml", "", 80, &resolver).unwrap_err();
    let messages: Vec<String> = problems.iter().map(ToString::to_string).collect();
    assert_eq!(
        messages,
        [
            "q.toml:1:1: section [quiz] manquante : ajoutez [quiz] avec au moins title = \"…\"",
            "q.toml:1:1: section [objectives] manquante : déclarez les objectifs, par exemple [objectives] puis concept = \"Comprendre le concept de webhook\"",
            "q.toml:1:1: aucune question : ajoutez au moins un bloc [[questions]]",
        ]
    );
}

#[test]
fn a_pass_mark_equal_to_the_manifest_is_accepted() {
    let src = fixture("good").replace("title = \"Quiz\"", "title = \"Quiz\"\npass_mark = 80");
    assert_eq!(
        validate("q.toml", &src, 80, &resolver).map(|q| q.pass_mark),
        Ok(80)
    );
}

proptest::proptest! {
    #[test]
    fn any_garbage_gives_problems_never_a_panic(src in "\\PC{0,200}") {
        if let Err(problems) = validate("q.toml", &src, 80, &resolver) {
            proptest::prop_assert!(!problems.is_empty());
            for p in &problems {
                proptest::prop_assert!(p.line >= 1 && p.column >= 1);
            }
        }
    }

    #[test]
    fn mutated_fixtures_never_panic(cut in 0usize..400, insert in "[\\[\\]{}=\",a-z0-9 \\n#]{0,12}") {
        let good = fixture("good");
        let at = (0..=cut.min(good.len())).rev().find(|&i| good.is_char_boundary(i)).unwrap_or(0);
        let src = format!("{}{insert}{}", &good[..at], &good[at..]);
        let _ = validate("q.toml", &src, 80, &resolver);
    }
}
