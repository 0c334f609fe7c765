//! The quiz header's pool and grading keys, and the cost of validating a large bank.

use super::*;

fn resolver(module: &str) -> Option<Vec<String>> {
    (module == "concept").then(|| vec!["push-ou-pull-".to_string()])
}

#[test]
fn a_draw_larger_than_an_objective_and_an_unknown_grading_are_located() {
    let path = format!(
        "{}/tests/fixtures/quiz/bad-draw-too-large.toml",
        env!("CARGO_MANIFEST_DIR")
    );
    let src = std::fs::read_to_string(path).unwrap();
    let problems = validate("q.toml", &src, 80, &resolver).unwrap_err();
    let got: Vec<String> = problems.iter().map(ToString::to_string).collect();
    assert_eq!(
        got,
        [
            "q.toml:3:26: draw = { per_objective = 2 } : l'objectif 'concept' n'a que 1 question valide ; ajoutez-en 1 ou baissez per_objective",
            "q.toml:4:11: grading = \"meilleure\" : méthode inconnue ; utilisez \"best\" (meilleure tentative complète), \"last\" (dernière) ou \"first\" (première)",
        ]
    );
}

#[test]
fn header_keys_reach_the_model() {
    let src = "[quiz]\ntitle = \"Q\"\ndraw = { per_objective = 1 }\ngrading = \"last\"\nbuilds_on_last = true\n[objectives]\nconcept = \"C\"\n[[questions]]\nid = \"q1\"\nkind = \"true_false\"\nobjective = \"concept\"\nsee = \"concept\"\nprompt = \"P\"\nexplanation = \"E\"\nanswer = true\n";
    let quiz = validate("q.toml", src, 80, &resolver).unwrap();
    assert_eq!(
        (quiz.per_objective, quiz.grading, quiz.builds_on_last),
        (Some(1), Grading::Last, true)
    );
    let zero = src.replace("per_objective = 1", "per_objective = 0");
    let problems = validate("q.toml", &zero, 80, &resolver).unwrap_err();
    assert_eq!(
        problems[0].to_string(),
        "q.toml:3:26: per_objective = 0 : un nombre de questions d'au moins 1 est attendu"
    );
}

/// A valid bank of `n` questions over two objectives.
pub fn big_bank(n: usize) -> String {
    let mut src = String::from(
        "[quiz]\ntitle = \"Q\"\ndraw = { per_objective = 2 }\n\n[objectives]\nconcept = \"C\"\nautre = \"A\"\n",
    );
    for i in 0..n {
        let objective = if i % 2 == 0 { "concept" } else { "autre" };
        src.push_str(&format!(
            "\n[[questions]]\nid = \"q{i}\"\nkind = \"single\"\nobjective = \"{objective}\"\nsee = \"concept#push-ou-pull-\"\nprompt = \"Question {i} ?\"\nexplanation = \"Parce que {i}.\"\nchoices = [{{ text = \"Oui {i}\", feedback = \"Bien.\" }}, {{ text = \"Non {i}\" }}]\nanswer = 1\n"
        ));
    }
    src
}

/// Scaling, as a ratio (never an absolute time): validating four times the questions
/// must cost about four times as much, not sixteen. This thread's CPU time, not the wall
/// clock (which also counts waiting for a core on a shared machine), and the fastest of
/// seven alternating runs of each size, so background load cannot decide.
#[test]
fn validation_is_linear_in_the_number_of_questions() {
    let time = |src: &str, n: usize| {
        let start = cpu_time::ThreadTime::now();
        let quiz = validate("q.toml", src, 80, &resolver).unwrap();
        let elapsed = start.elapsed();
        assert_eq!(quiz.questions.len(), n);
        elapsed
    };
    let (small_src, large_src) = (big_bank(1000), big_bank(4000));
    let (mut small, mut large) = (std::time::Duration::MAX, std::time::Duration::MAX);
    for _ in 0..7 {
        small = small.min(time(&small_src, 1000));
        large = large.min(time(&large_src, 4000));
    }
    let ratio = large.as_secs_f64() / small.as_secs_f64().max(1e-9);
    assert!(
        ratio < 6.0,
        "1000 questions: {small:?}, 4000: {large:?}, ratio {ratio:.1}"
    );
}
