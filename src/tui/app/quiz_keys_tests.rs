//! Property: whatever keys a learner presses, the quiz never records an answer the
//! learner did not give: no answer before an explicit choice, and an incomplete
//! matching only after « oui » to its confirmation.

use crossterm::event::KeyCode;
use proptest::prelude::*;
use ratatui::layout::Rect;

use super::super::{App, Screen};
use crate::progress::Progress;
use crate::tui::action::Action;
use crate::tui::quiz::Confirm;
use crate::tui::test_support::press;

/// Every key the quiz reacts to, and a few it should not.
const KEYS: &[KeyCode] = &[
    KeyCode::Enter,
    KeyCode::Enter,
    KeyCode::Enter,
    KeyCode::Char(' '),
    KeyCode::Up,
    KeyCode::Down,
    KeyCode::Left,
    KeyCode::Right,
    KeyCode::Char('1'),
    KeyCode::Char('2'),
    KeyCode::Char('3'),
    KeyCode::Char('0'),
    KeyCode::Char('v'),
    KeyCode::Char('f'),
    KeyCode::Char('K'),
    KeyCode::Char('J'),
    KeyCode::Char('a'),
    KeyCode::Char('o'),
    KeyCode::Char('n'),
    KeyCode::Char('q'),
    KeyCode::Char('x'),
    KeyCode::Esc,
    KeyCode::Backspace,
    KeyCode::Delete,
    KeyCode::Home,
];

fn app() -> App {
    let mut app = App::new(
        crate::tui::quiz::tests::fixture_course(),
        Progress::default(),
        None,
        false,
        Rect::new(0, 0, 80, 24),
    );
    app.seed_source = || 7;
    app.update(Action::OpenQuiz);
    app
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]
    #[test]
    fn random_keys_never_submit_an_unanswered_question(
        keys in proptest::collection::vec(proptest::sample::select(KEYS), 1..200),
    ) {
        let mut app = app();
        for key in keys {
            let before = app.quiz.as_ref().map(|q| {
                (q.session.answered(), q.draft.answer(), q.draft.unassigned(), q.confirm)
            });
            press(&mut app, &[key]);
            let after = app.quiz.as_ref().map(|q| q.session.answered());
            if let (Some((n, answer, unassigned, confirm)), Some(m)) = (before, after)
                && m > n
            {
                prop_assert!(answer.is_some(), "answered with nothing chosen ({key:?})");
                if unassigned > 0 {
                    prop_assert_eq!(confirm, Some(Confirm::Partial(unassigned)));
                    prop_assert_eq!(key, KeyCode::Char('o'));
                }
            }
            // Back to the quiz after leaving it, abandoning it or seeing the results.
            if app.screen != Screen::Quiz {
                app.update(Action::OpenQuiz);
            }
        }
    }
}

#[test]
fn the_name_is_asked_once_before_the_first_question() {
    let mut app = App::new(
        crate::tui::quiz::tests::fixture_course(),
        Progress::default(),
        None,
        false,
        Rect::new(0, 0, 80, 24),
    );
    app.seed_source = || 7;
    app.ask_learner = true;
    app.update(Action::OpenQuiz);
    assert_eq!(app.mode(), crate::tui::keymap::Mode::Typing);
    press(
        &mut app,
        &[
            KeyCode::Char('L'),
            KeyCode::Char('a'),
            KeyCode::Left,
            KeyCode::Char('é'),
            KeyCode::End,
            KeyCode::Enter,
        ],
    );
    assert_eq!(app.progress.learner.as_deref(), Some("Léa"));
    assert!(app.quiz.as_ref().unwrap().name.is_none());
    assert_eq!(app.quiz.as_ref().unwrap().session.answered(), 0);
    // Not asked again for the next attempt.
    app.update(Action::Quiz(crate::tui::quiz::QuizAction::Abandon));
    app.update(Action::Quiz(crate::tui::quiz::QuizAction::Confirm));
    app.update(Action::OpenQuiz);
    assert!(app.quiz.as_ref().unwrap().name.is_none());
}
