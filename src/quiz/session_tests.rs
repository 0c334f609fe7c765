use super::*;
use crate::quiz::shuffle::SplitMix64;
use crate::quiz::validate;

fn course_quiz() -> Quiz {
    let path = format!(
        "{}/tests/fixtures/quiz-course/quizzes/quiz.toml",
        env!("CARGO_MANIFEST_DIR")
    );
    let src = std::fs::read_to_string(path).unwrap();
    let resolver = |m: &str| -> Option<Vec<String>> {
        let slugs: &[&str] = match m {
            "concept" => &["push-ou-pull-", "les-codes-de-réponse"],
            "signatures" => &["len-tête-svix-id", "étapes-de-vérification"],
            _ => return None,
        };
        Some(slugs.iter().map(|s| s.to_string()).collect())
    };
    validate("quiz.toml", &src, 80, &resolver).unwrap()
}

/// The fully right answer to the current question, in shown positions.
fn right_answer(s: &Session) -> Answer {
    let cur = s.current().unwrap();
    let position = |texts: &[&str], text: &str| texts.iter().position(|t| *t == text).unwrap();
    match (&cur.question.kind, &cur.shown) {
        (Kind::Single { choices, answer }, Shown::Choices { texts, .. }) => {
            Answer::Single(position(texts, &choices[*answer].text))
        }
        (Kind::Multiple { choices, answer }, Shown::Choices { texts, .. }) => Answer::Multiple(
            answer
                .iter()
                .map(|&i| position(texts, &choices[i].text))
                .collect(),
        ),
        (Kind::TrueFalse { answer, .. }, _) => Answer::TrueFalse(*answer),
        (Kind::ShortText { accepted, .. }, _) => Answer::ShortText(accepted[0].to_uppercase()),
        (Kind::Ordering { items }, Shown::Ordering { items: shown }) => {
            Answer::Ordering(items.iter().map(|i| position(shown, i)).collect())
        }
        (Kind::Matching { pairs }, Shown::Matching { right, .. }) => Answer::Matching(
            pairs
                .iter()
                .map(|p| Some(position(right, &p.right)))
                .collect(),
        ),
        other => panic!("unexpected {other:?}"),
    }
}

fn order_of(s: &Session) -> Vec<(String, Vec<String>)> {
    let mut s = s.clone();
    let mut out = Vec::new();
    while let Some(cur) = s.current() {
        let shown = match &cur.shown {
            Shown::Choices { texts, .. } => texts.iter().map(|t| t.to_string()).collect(),
            Shown::Ordering { items } => items.iter().map(|t| t.to_string()).collect(),
            Shown::Matching { right, .. } => right.iter().map(|t| t.to_string()).collect(),
            Shown::TrueFalse | Shown::ShortText => Vec::new(),
        };
        out.push((cur.question.id.clone(), shown));
        let answer = right_answer(&s);
        s.answer(answer).unwrap();
    }
    out
}

#[test]
fn splitmix64_matches_the_reference_sequence() {
    let mut rng = SplitMix64::new(0);
    assert_eq!(rng.next_u64(), 0xE220_A839_7B1D_CDAF);
    assert_eq!(rng.next_u64(), 0x6E78_9E6A_A1B9_65F4);
    let mut rng = SplitMix64::new(1234567);
    assert_eq!(rng.next_u64(), 6_457_827_717_110_365_317);
}

#[test]
fn the_same_seed_gives_the_same_order() {
    let quiz = course_quiz();
    let a = order_of(&Session::new(&quiz, 42));
    let b = order_of(&Session::new(&quiz, 42));
    assert_eq!(a, b);
    let ids: Vec<&str> = a.iter().map(|(id, _)| id.as_str()).collect();
    assert_eq!(ids, ["retry", "match", "header", "codes", "push", "steps"]);
    let other: Vec<String> = order_of(&Session::new(&quiz, 7))
        .into_iter()
        .map(|(id, _)| id)
        .collect();
    assert_ne!(ids, other);
}

#[test]
fn ordering_and_matching_are_never_shown_solved() {
    let quiz = course_quiz();
    for seed in 0..200 {
        for (id, shown) in order_of(&Session::new(&quiz, seed)) {
            match id.as_str() {
                "steps" => assert_ne!(
                    shown,
                    [
                        "Lire les en-têtes",
                        "Calculer le HMAC",
                        "Comparer en temps constant"
                    ],
                    "seed {seed}"
                ),
                "match" => assert_eq!(
                    shown,
                    ["nouvelle tentative", "livraison réussie"],
                    "seed {seed}"
                ),
                _ => {}
            }
        }
    }
}

#[test]
fn without_shuffling_the_file_order_is_kept() {
    let mut quiz = course_quiz();
    quiz.shuffle_questions = false;
    quiz.shuffle_choices = false;
    let order = order_of(&Session::new(&quiz, 9));
    let ids: Vec<&str> = order.iter().map(|(id, _)| id.as_str()).collect();
    assert_eq!(ids, ["push", "codes", "retry", "header", "steps", "match"]);
    assert_eq!(
        order[0].1,
        ["Le fournisseur", "Votre serveur", "Le navigateur"]
    );
}

#[test]
fn all_right_answers_score_100_percent() {
    let quiz = course_quiz();
    let mut s = Session::new(&quiz, 3);
    while !s.is_finished() {
        let fb = s.answer(right_answer(&s)).unwrap();
        assert_eq!(
            (fb.verdict, fb.credit),
            (Verdict::Correct, 1.0),
            "{}",
            fb.question_id
        );
    }
    assert_eq!(s.current(), None);
    assert_eq!(
        s.answer(Answer::TrueFalse(true)),
        Err(AnswerError::Finished)
    );
    let r = s.results();
    assert_eq!(
        (r.score_percent, r.earned, r.total, r.passed),
        (100.0, 6.0, 6, true)
    );
    assert_eq!(r.missed, []);
    assert_eq!(
        r.objectives,
        vec![
            ObjectiveScore {
                id: "concept".into(),
                label: "Comprendre le concept de webhook".into(),
                earned: 4.0,
                total: 4.0,
                ..Default::default()
            },
            ObjectiveScore {
                id: "signatures".into(),
                label: "Vérifier les signatures Svix".into(),
                earned: 2.0,
                total: 2.0,
                ..Default::default()
            },
        ]
    );
}

/// Plays the session with the file order kept, so positions are the bank's.
fn unshuffled() -> Session {
    let mut quiz = course_quiz();
    quiz.shuffle_questions = false;
    quiz.shuffle_choices = false;
    Session::new(&quiz, 0)
}

#[test]
fn feedback_of_a_partial_multiple_answer() {
    let mut s = unshuffled();
    s.answer(Answer::Single(1)).unwrap();
    let fb = s.answer(Answer::Multiple(vec![0])).unwrap();
    assert_eq!(fb.verdict, Verdict::Partial);
    assert_eq!(fb.credit, 0.5);
    assert_eq!(fb.solution, ["1. 200", "3. 204"]);
    assert_eq!(
        fb.choices,
        vec![
            ChoiceFeedback {
                number: 1,
                text: "200".into(),
                feedback: Some("Oui, 2xx.".into()),
                correct: true,
                selected: true
            },
            ChoiceFeedback {
                number: 2,
                text: "500".into(),
                feedback: Some("Non : Svix réessaiera.".into()),
                correct: false,
                selected: false
            },
            ChoiceFeedback {
                number: 3,
                text: "204".into(),
                feedback: Some("Oui, 2xx aussi.".into()),
                correct: true,
                selected: false
            },
        ]
    );
    assert_eq!(
        fb.explanation,
        "Seuls les codes 2xx confirment la livraison."
    );
    assert_eq!(fb.see.to_string(), "concept#les-codes-de-réponse");
}

#[test]
fn feedback_messages_of_true_false_short_text_and_matching() {
    let mut s = unshuffled();
    s.answer(Answer::Single(0)).unwrap();
    s.answer(Answer::Multiple(vec![0, 2])).unwrap();
    let fb = s.answer(Answer::TrueFalse(false)).unwrap();
    assert_eq!(
        (fb.verdict, fb.message.as_deref(), fb.solution.clone()),
        (
            Verdict::Incorrect,
            Some("Si : un 5xx est réessayé."),
            vec!["Vrai".to_string()]
        )
    );
    let fb = s.answer(Answer::ShortText("svix id".into())).unwrap();
    assert_eq!(
        fb.message.as_deref(),
        Some("Regardez les en-têtes qui commencent par svix-.")
    );
    assert_eq!(fb.solution, ["svix-id"]);
    let Some(Current {
        shown: Shown::Ordering { items },
        ..
    }) = s.current()
    else {
        panic!("ordering expected");
    };
    assert_ne!(
        items[0], "Lire les en-têtes",
        "items are never shown solved"
    );
    let fb = s.answer(Answer::Ordering(vec![0, 1, 2])).unwrap();
    assert_eq!(fb.credit, 0.0);
    let fb = s.answer(Answer::Matching(vec![Some(1), Some(0)])).unwrap();
    assert_eq!(fb.credit, 0.0);
    assert_eq!(
        fb.pairs,
        vec![
            PairFeedback {
                left: "2xx".into(),
                given: "nouvelle tentative".into(),
                expected: "livraison réussie".into(),
                correct: false
            },
            PairFeedback {
                left: "5xx".into(),
                given: "livraison réussie".into(),
                expected: "nouvelle tentative".into(),
                correct: false
            },
        ]
    );
    assert_eq!(
        fb.solution,
        ["2xx → 1. livraison réussie", "5xx → 2. nouvelle tentative"]
    );
}

#[test]
fn malformed_answers_are_refused_and_change_nothing() {
    let mut s = unshuffled();
    let table = [
        (
            Answer::Multiple(vec![0]),
            AnswerError::WrongKind {
                expected: "un seul numéro de choix",
            },
        ),
        (
            Answer::Single(3),
            AnswerError::OutOfRange { number: 4, max: 3 },
        ),
    ];
    for (answer, error) in table {
        assert_eq!(s.answer(answer), Err(error));
        assert_eq!(s.answered(), 0);
    }
    s.answer(Answer::Single(0)).unwrap();
    assert_eq!(s.answer(Answer::Multiple(vec![])), Err(AnswerError::Empty));
    assert_eq!(
        s.answer(Answer::Multiple(vec![1, 1])),
        Err(AnswerError::Duplicate { number: 2 })
    );
    s.answer(Answer::Multiple(vec![0, 2])).unwrap();
    s.answer(Answer::TrueFalse(true)).unwrap();
    assert_eq!(
        s.answer(Answer::ShortText("  ".into())),
        Err(AnswerError::Empty)
    );
    s.answer(Answer::ShortText("svix-id".into())).unwrap();
    assert_eq!(
        s.answer(Answer::Ordering(vec![0, 1])),
        Err(AnswerError::WrongCount {
            expected: 3,
            given: 2
        })
    );
    assert_eq!(
        s.answer(Answer::Ordering(vec![0, 1, 1])),
        Err(AnswerError::Duplicate { number: 2 })
    );
    assert_eq!(s.answered(), 4);
}

#[test]
fn failing_then_retrying_only_the_errors_keeps_the_right_answers() {
    let mut s = unshuffled();
    s.answer(Answer::Single(1)).unwrap(); // wrong
    s.answer(Answer::Multiple(vec![0, 1, 2])).unwrap(); // 0.5
    s.answer(Answer::TrueFalse(true)).unwrap();
    s.answer(Answer::ShortText("Svix-ID".into())).unwrap();
    s.answer(right_answer(&s)).unwrap();
    s.answer(Answer::Matching(vec![Some(1), Some(0)])).unwrap(); // wrong
    let first = s.record("2026-11-28T18:00:00Z".into());
    assert_eq!(first.score_percent, 3.5 * 100.0 / 6.0);
    assert!(!first.passed);
    assert_eq!(
        first
            .answers
            .iter()
            .map(|a| a.answer.as_str())
            .collect::<Vec<_>>(),
        [
            "Votre serveur",
            "200 ; 500 ; 204",
            "vrai",
            "Svix-ID",
            "Lire les en-têtes → Calculer le HMAC → Comparer en temps constant",
            "2xx = nouvelle tentative ; 5xx = livraison réussie",
        ]
    );
    let results = s.results();
    let missed: Vec<&str> = results
        .missed
        .iter()
        .map(|m| m.question_id.as_str())
        .collect();
    assert_eq!(missed, ["push", "codes", "match"]);

    // Practice by default: only the retaken questions count, and it never passes.
    let mut retry = Session::retry_errors(s.quiz(), 5, &first).unwrap();
    assert!(retry.only_errors());
    assert_eq!((retry.len(), retry.mode()), (3, AttemptMode::Practice));
    while !retry.is_finished() {
        retry.answer(right_answer(&retry)).unwrap();
    }
    let second = retry.record("2026-11-28T18:10:00Z".into());
    assert_eq!(
        (second.score_percent, second.passed, second.only_errors),
        (100.0, false, true)
    );
    assert!(!second.counts());
    assert_eq!(second.answers.len(), 3);
    assert_eq!(
        Session::retry_errors(s.quiz(), 5, &second),
        Err(SessionError::NothingToAsk)
    );

    // builds_on_last: the right answers are kept and the attempt counts.
    let mut quiz = s.quiz().clone();
    quiz.builds_on_last = true;
    let mut built = Session::retry_errors(&quiz, 5, &first).unwrap();
    assert_eq!((built.len(), built.mode()), (3, AttemptMode::BuildsOnLast));
    while !built.is_finished() {
        built.answer(right_answer(&built)).unwrap();
    }
    let third = built.record("2026-11-28T18:20:00Z".into());
    assert_eq!((third.score_percent, third.passed), (100.0, true));
    assert_eq!((third.answers.len(), third.carried), (6, 3));
    assert!(third.counts());
    // It builds on a full attempt only: a practice run gives practice again.
    assert_eq!(
        Session::retry_errors(&quiz, 5, &second).map(|s| s.mode()),
        Err(SessionError::NothingToAsk)
    );
}

#[test]
fn a_subset_counts_only_its_questions() {
    let quiz = course_quiz();
    let mut s = Session::with_questions(&quiz, 1, &["retry".into(), "gone".into()]).unwrap();
    assert_eq!(s.len(), 1);
    s.answer(Answer::TrueFalse(false)).unwrap();
    let r = s.results();
    assert_eq!((r.total, r.score_percent, r.passed), (1, 0.0, false));
    assert_eq!(r.objectives.len(), 1);
    assert_eq!(
        Session::with_questions(&quiz, 1, &["gone".into()]),
        Err(SessionError::NothingToAsk)
    );
}

#[test]
fn pass_mark_is_inclusive() {
    let mut quiz = course_quiz();
    quiz.pass_mark = 50;
    quiz.shuffle_questions = false;
    quiz.shuffle_choices = false;
    let mut s = Session::new(&quiz, 0);
    for a in [
        Answer::Single(0),
        Answer::Multiple(vec![0, 2]),
        Answer::TrueFalse(true),
        Answer::ShortText("non".into()),
        Answer::Ordering(vec![0, 1, 2]),
        Answer::Matching(vec![Some(1), Some(0)]),
    ] {
        s.answer(a).unwrap();
    }
    let r = s.results();
    assert_eq!((r.score_percent, r.passed), (50.0, true));
}

fn arbitrary_answer() -> impl proptest::strategy::Strategy<Value = Answer> {
    use proptest::prelude::*;
    let positions = proptest::collection::vec(0usize..6, 0..6);
    let rows = proptest::collection::vec(proptest::option::of(0usize..6), 0..6);
    prop_oneof![
        (0usize..6).prop_map(Answer::Single),
        positions.clone().prop_map(Answer::Multiple),
        any::<bool>().prop_map(Answer::TrueFalse),
        "\\PC{0,20}".prop_map(Answer::ShortText),
        positions.clone().prop_map(Answer::Ordering),
        rows.prop_map(Answer::Matching),
    ]
}

proptest::proptest! {
    #[test]
    fn random_answers_never_panic_and_credit_stays_in_range(
        seed in proptest::prelude::any::<u64>(),
        answers in proptest::collection::vec(arbitrary_answer(), 0..60),
    ) {
        let quiz = course_quiz();
        let mut s = Session::new(&quiz, seed);
        for a in answers {
            if let Ok(fb) = s.answer(a) {
                proptest::prop_assert!((0.0..=1.0).contains(&fb.credit));
            }
        }
        let r = s.results();
        proptest::prop_assert!((0.0..=100.0).contains(&r.score_percent));
        for o in &r.objectives {
            proptest::prop_assert!(o.earned >= 0.0 && o.earned <= o.total);
        }
    }
}
