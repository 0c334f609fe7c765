//! The quiz through the whole app: keys, the trip to the reader and back, saving the
//! attempt, the results screen; and snapshots of both screens at 80×24 and 40×12.

use crossterm::event::KeyCode;
use ratatui::layout::Rect;

use super::super::{App, Screen};
use crate::progress::{AttemptRecord, Progress};
use crate::quiz::Verdict;
use crate::tui::action::Action;
use crate::tui::keymap::Mode;
use crate::tui::quiz::{Draft, QuizAction};
use crate::tui::test_support::{draw, press, text};

const SIZES: [(u16, u16); 2] = [(80, 24), (40, 12)];

fn app(w: u16, h: u16) -> App {
    let course = crate::tui::quiz::tests::fixture_course();
    let mut app = App::new(
        course,
        Progress::default(),
        None,
        false,
        Rect::new(0, 0, w, h),
    );
    app.seed_source = || 7;
    app
}

fn quiz(action: QuizAction) -> Action {
    Action::Quiz(action)
}

fn id(app: &App) -> String {
    app.quiz
        .as_ref()
        .unwrap()
        .session
        .current()
        .unwrap()
        .question
        .id
        .clone()
}

/// Skips questions (answering the highlighted row, or « x ») until `want` is current.
fn go_to(app: &mut App, want: &str) {
    app.update(Action::OpenQuiz);
    while id(app) != want {
        answer_anything(app);
        app.update(quiz(QuizAction::Next));
    }
}

/// Gives some explicit answer (nothing is ever preselected) and submits it.
fn answer_anything(app: &mut App) {
    let draft = app.quiz.as_ref().unwrap().draft.clone();
    match draft {
        Draft::ShortText { .. } => app.update(quiz(QuizAction::Input('x'))),
        Draft::Choices { .. } => app.update(quiz(QuizAction::Pick(0))),
        Draft::TrueFalse { .. } => app.update(quiz(QuizAction::TrueFalse(true))),
        Draft::Ordering { .. } => app.update(quiz(QuizAction::MoveDown)),
        Draft::Matching { left, .. } => {
            for _ in &left {
                app.update(quiz(QuizAction::Pick(0)));
            }
        }
    }
    app.update(quiz(QuizAction::Submit));
}

#[test]
fn home_opens_the_quiz_and_the_keys_answer_it() {
    let mut app = app(80, 24);
    let items = crate::tui::home::items(&app.course);
    app.home.selected = items
        .iter()
        .position(|i| *i == crate::tui::home::Item::Quiz)
        .unwrap();
    press(&mut app, &[KeyCode::Enter]);
    assert_eq!(app.screen, Screen::Quiz);
    assert_eq!(app.mode(), Mode::Normal);
    let q = app.quiz.as_ref().unwrap();
    assert_eq!((q.asked.number, q.asked.total), (1, 6));
}

#[test]
fn q_in_a_short_answer_types_q_esc_leaves_and_a_abandons() {
    let mut app = app(80, 24);
    go_to(&mut app, "header");
    assert_eq!(app.mode(), Mode::Typing);
    press(
        &mut app,
        &[KeyCode::Char('q'), KeyCode::Char('?'), KeyCode::Char('1')],
    );
    assert_eq!(
        app.quiz.as_ref().unwrap().draft,
        Draft::ShortText {
            text: "q?1".into(),
            cursor: 3
        }
    );
    assert_eq!(app.help, None);
    // Esc leaves; the attempt is kept, answers included, and resumes as it was.
    let answered = app.quiz.as_ref().unwrap().session.answered();
    press(&mut app, &[KeyCode::Esc]);
    assert_eq!(app.screen, Screen::Home);
    assert_eq!(
        app.progress
            .quiz_in_progress
            .as_ref()
            .unwrap()
            .answers
            .len(),
        answered
    );
    app.update(Action::OpenQuiz);
    assert_eq!(id(&app), "header");
    // Abandoning asks first, on a question that is not typed.
    app.update(quiz(QuizAction::Input('x')));
    app.update(quiz(QuizAction::Submit));
    press(&mut app, &[KeyCode::Char('a')]);
    assert_eq!(app.mode(), Mode::Confirm);
    press(&mut app, &[KeyCode::Char('n')]);
    assert_eq!(app.mode(), Mode::Feedback);
    press(&mut app, &[KeyCode::Char('a'), KeyCode::Char('o')]);
    assert_eq!(app.screen, Screen::Home);
    assert!(app.quiz.is_none());
    assert_eq!(app.progress.attempts, vec![]);
    assert_eq!(app.progress.quiz_in_progress, None);
    assert_eq!(
        app.status.notice.as_deref(),
        Some("tentative abandonnée : ses réponses sont effacées")
    );
}

#[test]
fn reviewing_a_section_and_coming_back_keeps_the_attempt() {
    let mut app = app(80, 24);
    app.update(Action::OpenQuiz);
    answer_anything(&mut app);
    let before = app.quiz.as_ref().unwrap().clone();
    let see = before.feedback.as_ref().unwrap().see.clone();
    press(&mut app, &[KeyCode::Char('o')]);
    assert_eq!(app.screen, Screen::Reader);
    let module = app.course.find_module(&see.module).unwrap();
    assert_eq!(app.reader.as_ref().unwrap().module, module);
    assert_eq!(
        app.status.notice.as_deref(),
        Some("q ou Échap : retour au quiz")
    );
    // Reading on, then back with q: the same question, the same feedback.
    press(&mut app, &[KeyCode::Char('j')]);
    assert_eq!(app.status.notice, None);
    let (_, _, right) = app.return_hint(app.status_texts());
    assert_eq!(right, "q ou Échap : retour au quiz");
    press(&mut app, &[KeyCode::Char('q')]);
    assert_eq!(app.screen, Screen::Quiz);
    let after = app.quiz.as_ref().unwrap();
    assert_eq!(after.session, before.session);
    assert_eq!(after.feedback, before.feedback);
    assert_eq!(after.asked, before.asked);
    // Esc from the reader comes back too; then home is home again.
    press(&mut app, &[KeyCode::Char('r'), KeyCode::Esc]);
    assert_eq!(app.screen, Screen::Quiz);
    app.update(Action::GoHome);
    assert_eq!(app.screen, Screen::Home);
    // The home entry resumes the attempt rather than starting over.
    app.update(Action::OpenQuiz);
    assert_eq!(app.quiz.as_ref().unwrap().session, before.session);
}

#[test]
fn finishing_saves_the_attempt_then_shows_the_results() {
    let mut app = app(80, 24);
    app.update(Action::OpenQuiz);
    for _ in 0..5 {
        answer_anything(&mut app);
        app.update(quiz(QuizAction::Next));
    }
    assert!(app.progress.attempts.is_empty());
    answer_anything(&mut app);
    // Saved as soon as the last answer is graded, before leaving the feedback.
    assert_eq!(app.progress.attempts.len(), 1);
    let saved = &app.progress.attempts[0];
    assert_eq!(
        (saved.seed, saved.only_errors, saved.answers.len()),
        (7, false, 6)
    );
    assert_eq!(saved.date.len(), "2026-11-28T18:07:48Z".len());
    assert_eq!(app.screen, Screen::Quiz);
    press(&mut app, &[KeyCode::Enter]);
    assert_eq!(app.screen, Screen::Results);
    assert!(app.quiz.is_none());
    let r = app.results.as_ref().unwrap();
    assert!(!r.results.passed);
    assert_eq!(
        r.results.missed.len(),
        app.progress.attempts[0]
            .answers
            .iter()
            .filter(|a| !a.correct)
            .count()
    );
}

#[test]
fn results_open_a_missed_section_and_come_back() {
    let mut app = finished_app(80, 24, false);
    let missed = app.results.as_ref().unwrap().results.missed[0].see.clone();
    press(&mut app, &[KeyCode::Enter]);
    assert_eq!(app.screen, Screen::Reader);
    assert_eq!(
        app.reader.as_ref().unwrap().module,
        app.course.find_module(&missed.module).unwrap()
    );
    press(&mut app, &[KeyCode::Char('q')]);
    assert_eq!(app.screen, Screen::Results);
    press(&mut app, &[KeyCode::Char('q')]);
    assert_eq!(app.screen, Screen::Home);
}

#[test]
fn retry_errors_asks_only_the_missed_questions() {
    let mut app = finished_app(80, 24, false);
    let missed: Vec<String> = app
        .results
        .as_ref()
        .unwrap()
        .results
        .missed
        .iter()
        .map(|m| m.question_id.clone())
        .collect();
    press(&mut app, &[KeyCode::Char('e')]);
    assert_eq!(app.screen, Screen::Quiz);
    let q = app.quiz.as_ref().unwrap();
    assert!(q.session.only_errors());
    assert_eq!(q.session.len(), missed.len());
    assert!(missed.contains(&id(&app)));
    // And « Recommencer » asks everything again.
    let mut app = finished_app(80, 24, false);
    press(&mut app, &[KeyCode::Char('r')]);
    let q = app.quiz.as_ref().unwrap();
    assert!(!q.session.only_errors());
    assert_eq!(q.session.len(), 6);
}

#[test]
fn retry_errors_after_a_perfect_attempt_says_there_is_nothing_to_ask() {
    let mut app = finished_app(80, 24, true);
    assert!(app.results.as_ref().unwrap().results.missed.is_empty());
    app.update(quiz(QuizAction::RetryErrors));
    assert_eq!(app.screen, Screen::Results);
    assert_eq!(
        app.status.notice.as_deref(),
        Some(
            "aucune question à poser : les questions demandées n'existent plus dans le quiz, ou toutes ont déjà été réussies"
        )
    );
}

/// Answers every question right (`perfect`) or with the highlighted rows, then shows
/// the results.
fn finished_app(w: u16, h: u16, perfect: bool) -> App {
    let mut app = app(w, h);
    app.update(Action::OpenQuiz);
    while app.screen == Screen::Quiz {
        if perfect {
            answer_right(&mut app);
        } else {
            answer_anything(&mut app);
        }
        assert!(app.quiz.as_ref().unwrap().feedback.is_some());
        app.update(quiz(QuizAction::Next));
    }
    app
}

/// The right answer to each fixture question, through the keys' actions.
fn answer_right(app: &mut App) {
    let q = app.quiz.as_ref().unwrap();
    let draft = q.draft.clone();
    match (id(app).as_str(), draft) {
        ("push", Draft::Choices { texts, .. }) => {
            let at = texts.iter().position(|t| t == "Le fournisseur").unwrap();
            app.update(quiz(QuizAction::Pick(at)));
        }
        ("codes", Draft::Choices { texts, .. }) => {
            for (i, t) in texts.iter().enumerate() {
                if t == "200" || t == "204" {
                    app.update(quiz(QuizAction::Pick(i)));
                }
            }
        }
        ("retry", _) => app.update(quiz(QuizAction::TrueFalse(true))),
        ("header", _) => "svix-id"
            .chars()
            .for_each(|c| app.update(quiz(QuizAction::Input(c)))),
        ("steps", Draft::Ordering { items, .. }) => {
            let right = [
                "Lire les en-têtes",
                "Calculer le HMAC",
                "Comparer en temps constant",
            ];
            for (place, item) in right.iter().enumerate() {
                let Some(Draft::Ordering { order, .. }) =
                    app.quiz.as_ref().map(|q| q.draft.clone())
                else {
                    unreachable!()
                };
                let at = order.iter().position(|&i| items[i] == *item).unwrap();
                app.update(quiz(QuizAction::Pick(at)));
                for _ in place..at {
                    app.update(quiz(QuizAction::MoveUp));
                }
            }
        }
        ("match", Draft::Matching { left, right, .. }) => {
            let question = q.bank.quiz.question("match").unwrap().clone();
            let crate::quiz::Kind::Matching { pairs } = &question.kind else {
                unreachable!()
            };
            for l in &left {
                let p = pairs.iter().find(|p| p.left == *l).unwrap();
                let at = right.iter().position(|r| *r == p.right).unwrap();
                app.update(quiz(QuizAction::Pick(at)));
            }
        }
        (other, draft) => panic!("unexpected question {other}: {draft:?}"),
    }
    app.update(quiz(QuizAction::Submit));
    let fb = app.quiz.as_ref().unwrap().feedback.as_ref().unwrap();
    assert_eq!(fb.verdict, Verdict::Correct, "{}", fb.question_id);
}

#[test]
fn a_passed_quiz_completes_the_course_once_every_module_is_read() {
    let app = finished_app(80, 24, true);
    assert!(app.results.as_ref().unwrap().results.passed);
    let modules: Vec<&str> = app.course.modules.iter().map(|m| m.id.as_str()).collect();
    let completion = app.progress.completion(modules.iter().copied());
    assert!(completion.quiz_passed);
    assert_eq!(completion.unread.len(), modules.len());
    assert!(!completion.complete());
    let mut read = app.progress.clone();
    for m in &modules {
        read.record_position(m, 0, 80, 1, 10);
    }
    assert!(read.completion(modules.iter().copied()).complete());
    assert_eq!(app.progress.attempts[0].score_percent, 100.0);
}

// Snapshots.

/// Snapshots the app at both sizes after `setup`.
fn snapshot(name: &str, setup: impl Fn(&mut App)) {
    for (w, h) in SIZES {
        let mut app = app(w, h);
        setup(&mut app);
        insta::assert_snapshot!(format!("{name}_{w}x{h}"), text(&draw(&app)));
    }
}

#[test]
fn snapshot_single_choice_before_and_after_answering() {
    snapshot("quiz_single", |app| go_to(app, "push"));
    snapshot("quiz_single_feedback", |app| {
        go_to(app, "push");
        app.update(quiz(QuizAction::Pick(1)));
        app.update(quiz(QuizAction::Submit));
    });
}

#[test]
fn snapshot_matching_unassigned_partly_filled_and_complete() {
    snapshot("quiz_matching", |app| go_to(app, "match"));
    snapshot("quiz_matching_partial", |app| {
        go_to(app, "match");
        app.update(quiz(QuizAction::Pick(1)));
    });
    snapshot("quiz_matching_complete", |app| {
        go_to(app, "match");
        app.update(quiz(QuizAction::Pick(1)));
        app.update(quiz(QuizAction::Pick(0)));
    });
    snapshot("quiz_matching_confirm", |app| {
        go_to(app, "match");
        app.update(quiz(QuizAction::Pick(1)));
        app.update(quiz(QuizAction::Submit));
    });
}

#[test]
fn snapshot_review_jump_footer_names_the_way_back() {
    snapshot("quiz_review_jump", |app| {
        go_to(app, "push");
        app.update(quiz(QuizAction::Pick(0)));
        app.update(quiz(QuizAction::Submit));
        app.update(quiz(QuizAction::Review));
    });
}

#[test]
fn snapshot_short_text() {
    snapshot("quiz_short_text", |app| {
        go_to(app, "header");
        "svix-q"
            .chars()
            .for_each(|c| app.update(quiz(QuizAction::Input(c))));
    });
}

#[test]
fn snapshot_abandon_prompt() {
    snapshot("quiz_abandon", |app| {
        go_to(app, "steps");
        app.update(quiz(QuizAction::Abandon));
    });
}

#[test]
fn snapshot_results() {
    for (w, h) in SIZES {
        let passed = finished_app(w, h, true);
        insta::assert_snapshot!(format!("results_passed_{w}x{h}"), text(&draw(&passed)));
        let failed = finished_app(w, h, false);
        insta::assert_snapshot!(format!("results_failed_{w}x{h}"), text(&draw(&failed)));
    }
}

#[test]
fn snapshot_help_on_the_quiz() {
    snapshot("quiz_help", |app| {
        app.update(Action::OpenQuiz);
        app.update(Action::ToggleHelp);
    });
}

#[test]
fn verdicts_are_coloured() {
    use ratatui::style::Color;
    let mut app = App::new(
        crate::tui::quiz::tests::fixture_course(),
        Progress::default(),
        None,
        true,
        Rect::new(0, 0, 80, 24),
    );
    app.seed_source = || 7;
    go_to(&mut app, "retry");
    app.update(quiz(QuizAction::Pick(1)));
    app.update(quiz(QuizAction::Submit));
    let buf = draw(&app);
    let banner = (0..24)
        .find(|&y| {
            text(&buf)
                .lines()
                .nth(y)
                .is_some_and(|l| l.contains("Mauvaise réponse"))
        })
        .unwrap();
    let x = text(&buf).lines().nth(banner).unwrap().find('✗').unwrap();
    assert_eq!(buf[(x as u16, banner as u16)].fg, Color::Red);
}

type Setup = dyn Fn(&mut App);

#[test]
fn every_quiz_screen_survives_every_size() {
    let setups: Vec<Box<Setup>> = vec![
        Box::new(|app| go_to(app, "push")),
        Box::new(|app| go_to(app, "match")),
        Box::new(|app| {
            go_to(app, "steps");
            answer_anything(app);
        }),
        Box::new(|app| {
            go_to(app, "header");
            app.update(quiz(QuizAction::Abandon));
        }),
    ];
    for setup in &setups {
        for w in [1, 2, 5, 19, 20, 21, 39, 40, 79, 200] {
            for h in [1, 2, 5, 6, 7, 12, 60] {
                let mut a = app(80, 24);
                setup(&mut a);
                a.update(Action::Resize(w, h));
                draw(&a);
            }
        }
    }
    for w in [20, 40, 200] {
        let mut a = finished_app(80, 24, false);
        a.update(Action::Resize(w, 6));
        draw(&a);
    }
}

#[test]
fn an_attempt_record_feeds_retry_errors() {
    // The record kept by the results screen is the one saved.
    let app = finished_app(80, 24, false);
    let kept: &AttemptRecord = &app.results.as_ref().unwrap().record;
    assert_eq!(Some(kept), app.progress.attempts.last());
}
