//! Pools, resuming, practice and grading methods: the rules that make a pass honest.

use super::*;
use crate::progress::{AnswerRecord, AttemptRecord, Progress};
use crate::quiz::{Choice, Objective};

/// A bank of `per` single-choice questions for each of `objectives` objectives; the
/// right choice is always the first in the file.
fn bank(objectives: usize, per: usize, draw: Option<usize>) -> Quiz {
    let objectives: Vec<Objective> = (0..objectives)
        .map(|o| Objective {
            id: format!("o{o}"),
            label: format!("Objectif {o}"),
        })
        .collect();
    let questions = objectives
        .iter()
        .flat_map(|o| {
            (0..per).map(move |i| Question {
                id: format!("{}-q{i}", o.id),
                objective: o.id.clone(),
                see: See::parse("m"),
                prompt: format!("Question {i} de {}", o.id),
                explanation: "Parce que.".into(),
                kind: Kind::Single {
                    choices: ["juste", "faux"]
                        .iter()
                        .map(|t| Choice {
                            text: (*t).into(),
                            feedback: None,
                        })
                        .collect(),
                    answer: 0,
                },
            })
        })
        .collect();
    Quiz {
        title: "Q".into(),
        pass_mark: 80,
        shuffle_questions: true,
        shuffle_choices: true,
        per_objective: draw,
        grading: Grading::Best,
        builds_on_last: false,
        objectives,
        questions,
    }
}

/// Answers the current question right or wrong.
fn answer(s: &mut Session, right: bool) {
    let cur = s.current().unwrap();
    let Shown::Choices { texts, .. } = cur.shown else {
        panic!()
    };
    let want = if right { "juste" } else { "faux" };
    let pos = texts.iter().position(|t| *t == want).unwrap();
    s.answer(Answer::Single(pos)).unwrap();
}

fn ids(s: &Session) -> Vec<String> {
    s.saved().questions.into_iter().map(|q| q.id).collect()
}

#[test]
fn a_draw_is_stratified_and_the_same_for_one_seed() {
    let quiz = bank(3, 8, Some(4));
    let a = Session::new(&quiz, 42);
    assert_eq!(a.len(), 12);
    assert_eq!(quiz.attempt_len(), 12);
    for o in ["o0", "o1", "o2"] {
        let n = ids(&a).iter().filter(|id| id.starts_with(o)).count();
        assert_eq!(n, 4, "{o}");
    }
    assert_eq!(
        ids(&Session::new(&quiz, 42)),
        ids(&a),
        "same seed, same draw"
    );
    let other = Session::new(&quiz, 43);
    let mut x = ids(&a);
    let mut y = ids(&other);
    x.sort();
    y.sort();
    assert_ne!(x, y, "another seed draws other questions");
    // Without a draw, the whole bank.
    assert_eq!(Session::new(&bank(3, 8, None), 42).len(), 24);
}

#[test]
fn draws_over_many_seeds_reach_every_question() {
    let quiz = bank(2, 8, Some(4));
    let mut seen = std::collections::BTreeSet::new();
    for seed in 0..64 {
        seen.extend(ids(&Session::new(&quiz, seed)));
    }
    assert_eq!(seen.len(), 16);
}

#[test]
fn resuming_gives_back_the_same_attempt() {
    let quiz = bank(2, 8, Some(4));
    let mut s = Session::new(&quiz, 7);
    s.set_started("2026-12-01T10:00:00Z".into());
    answer(&mut s, true);
    answer(&mut s, false);
    answer(&mut s, true);
    let saved = s.saved();
    assert_eq!(saved.position(), (3, 8));
    // Through JSON, as the progress file keeps it.
    let json = serde_json::to_string(&saved).unwrap();
    let saved: SavedAttempt = serde_json::from_str(&json).unwrap();
    let (mut back, resumed) = Session::resume(&quiz, &saved).unwrap();
    assert_eq!(resumed, Resumed::default());
    assert_eq!(resumed.message(), None);
    assert_eq!((back.answered(), back.len()), (3, 8));
    assert_eq!(
        back.current(),
        s.current(),
        "same next question, same choice order"
    );
    assert_eq!(back.started(), "2026-12-01T10:00:00Z");
    while !back.is_finished() {
        answer(&mut back, true);
    }
    while !s.is_finished() {
        answer(&mut s, true);
    }
    assert_eq!(back.results(), s.results());
}

#[test]
fn resuming_after_the_bank_changed_drops_only_the_changed_answers() {
    let quiz = bank(1, 6, None);
    let mut s = Session::new(&quiz, 3);
    for _ in 0..4 {
        answer(&mut s, true);
    }
    let saved = s.saved();
    let answered: Vec<String> = saved
        .answers
        .iter()
        .map(|a| a.question_id.clone())
        .collect();
    let mut changed = quiz.clone();
    // One answered question reworded, one removed.
    let reworded = answered[1].clone();
    let removed = answered[2].clone();
    changed
        .questions
        .iter_mut()
        .find(|q| q.id == reworded)
        .unwrap()
        .prompt = "Nouvelle formulation".into();
    changed.questions.retain(|q| q.id != removed);
    let (back, resumed) = Session::resume(&changed, &saved).unwrap();
    assert_eq!(resumed.changed, vec![reworded.clone()]);
    assert_eq!(resumed.removed, vec![removed.clone()]);
    assert_eq!(
        resumed.message().unwrap(),
        format!(
            "1 question modifiée depuis le début de la tentative, réponse effacée et posée à nouveau : {reworded} ; 1 question retirée du quiz : {removed}"
        )
    );
    // The two untouched answers are kept; 5 questions remain, the reworded one to ask.
    assert_eq!((back.answered(), back.len()), (2, 5));
    let kept: Vec<String> = back
        .saved()
        .answers
        .into_iter()
        .map(|a| a.question_id)
        .collect();
    assert_eq!(kept, vec![answered[0].clone(), answered[3].clone()]);
}

#[test]
fn practice_and_review_never_pass() {
    let quiz = bank(1, 4, None);
    let mut full = Session::new(&quiz, 1);
    answer(&mut full, false);
    while !full.is_finished() {
        answer(&mut full, true);
    }
    let first = full.record("d1".into());
    assert!(!first.passed);
    let mut practice = Session::retry_errors(&quiz, 2, &first).unwrap();
    answer(&mut practice, true);
    let r = practice.results();
    assert_eq!((r.score_percent, r.passed), (100.0, false));
    let mut review = Session::review(&quiz, 3, &[first.answers[0].question_id.clone()]).unwrap();
    answer(&mut review, true);
    assert!(!review.results().passed);
    assert_eq!(review.mode(), AttemptMode::Review);
    assert_eq!(
        Session::review(&quiz, 3, &[]),
        Err(SessionError::NothingToReview)
    );
}

fn record(score: f64, passed: bool, mode: AttemptMode, grading: Grading) -> AttemptRecord {
    AttemptRecord {
        score_percent: score,
        passed,
        mode,
        grading,
        ..Default::default()
    }
}

#[test]
fn each_grading_method_picks_its_full_attempt() {
    let history = |grading| {
        let mut p = Progress::default();
        for (score, passed, mode) in [
            (60.0, false, AttemptMode::Full),
            (90.0, true, AttemptMode::Full),
            (100.0, false, AttemptMode::Practice),
            (70.0, false, AttemptMode::Full),
            (100.0, false, AttemptMode::Review),
        ] {
            p.attempts.push(record(score, passed, mode, grading));
        }
        p
    };
    let best = history(Grading::Best);
    assert_eq!(best.graded_attempt().unwrap().score_percent, 90.0);
    assert!(best.quiz_passed());
    let last = history(Grading::Last);
    assert_eq!(last.graded_attempt().unwrap().score_percent, 70.0);
    assert!(!last.quiz_passed());
    let first = history(Grading::First);
    assert_eq!(first.graded_attempt().unwrap().score_percent, 60.0);
    assert!(!first.quiz_passed());
    assert_eq!(
        best.best_score(),
        Some(90.0),
        "practice scores are not a best"
    );
    // An old errors-only record that said « passed » no longer counts.
    let mut old = Progress::default();
    old.attempts
        .push(record(71.0, false, AttemptMode::Full, Grading::Best));
    old.attempts.push(AttemptRecord {
        only_errors: true,
        ..record(100.0, true, AttemptMode::Full, Grading::Best)
    });
    assert!(!old.quiz_passed());
    assert_eq!(old.best_score(), Some(71.0));
}

#[test]
fn leitner_boxes_order_the_review() {
    let mut p = Progress::default();
    let answers = |list: &[(&str, bool)]| -> Vec<AnswerRecord> {
        list.iter()
            .map(|(id, correct)| AnswerRecord {
                question_id: (*id).into(),
                correct: *correct,
                credit: if *correct { 1.0 } else { 0.0 },
                ..Default::default()
            })
            .collect()
    };
    let full = |list: &[(&str, bool)]| AttemptRecord {
        answers: answers(list),
        ..Default::default()
    };
    let review = |list: &[(&str, bool)]| AttemptRecord {
        answers: answers(list),
        mode: AttemptMode::Review,
        ..Default::default()
    };
    p.finish_attempt(full(&[
        ("a", false),
        ("b", false),
        ("c", true),
        ("d", false),
    ]));
    assert_eq!(p.review_order(), ["a", "b", "d"], "all in box 1, due now");
    // A right review answer moves a card up and later; a wrong one back to box 1.
    p.finish_attempt(review(&[("a", true), ("b", false), ("d", true)]));
    assert_eq!(p.leitner["a"].level, 2);
    assert_eq!(p.leitner["b"].level, 1);
    assert_eq!(p.review_order(), ["b", "a", "d"], "box 1 first, then box 2");
    for _ in 0..4 {
        let order = p.review_order();
        let list: Vec<(&str, bool)> = order.iter().map(|id| (id.as_str(), id != "b")).collect();
        p.finish_attempt(review(&list));
    }
    // a and d went up the boxes and retired after the last one; b keeps coming back.
    assert!(p.leitner.get("a").is_none_or(|c| c.level >= 4));
    assert_eq!(p.leitner["b"].level, 1);
    assert_eq!(p.review_order().first().map(String::as_str), Some("b"));
    assert_eq!(p.review_sessions, 5);
    // A full attempt missing a retired question brings it back in box 1.
    p.finish_attempt(full(&[("c", false)]));
    assert_eq!(p.leitner["c"].level, 1);
}

#[test]
fn the_shipped_bank_draws_four_per_objective_from_at_least_eight() {
    let root = env!("CARGO_MANIFEST_DIR");
    let course = crate::course::Course::from_dir(std::path::Path::new(root)).unwrap();
    let (quiz, _) = course.load_quiz().unwrap();
    assert_eq!(quiz.per_objective, Some(4));
    for o in &quiz.objectives {
        let n = quiz
            .questions
            .iter()
            .filter(|q| q.objective == o.id)
            .count();
        assert!(n >= 8, "{} has {n} questions", o.id);
    }
    let s = Session::new(&quiz, 1);
    assert_eq!(s.len(), 4 * quiz.objectives.len());
}
