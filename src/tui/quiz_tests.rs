use std::sync::Arc;

use super::*;
use crate::course::Course;
use crate::quiz::Verdict;

pub(crate) fn fixture_course() -> Course {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/quiz-course");
    Course::from_dir(&dir).unwrap()
}

pub(crate) fn bank() -> Arc<Bank> {
    let (quiz, sections) = crate::cmd::quiz::load(&fixture_course()).unwrap();
    Arc::new(Bank { quiz, sections })
}

/// An attempt asking only question `id`.
fn only(id: &str) -> QuizState {
    let bank = bank();
    let session = Session::with_questions(&bank.quiz, 7, &[id.to_string()]).unwrap();
    let themes = (UiTheme::plain(), markdown::Theme::plain());
    QuizState::new(bank, session, themes, 78, 20).unwrap()
}

fn act(s: &mut QuizState, action: QuizAction) -> Effect {
    s.update(&Action::Quiz(action))
}

/// Shown position of the choice `text`.
fn position(s: &QuizState, text: &str) -> usize {
    match &s.draft {
        Draft::Choices { texts, .. } => texts.iter().position(|t| t == text).unwrap(),
        Draft::Ordering { items, .. } => items.iter().position(|t| t == text).unwrap(),
        other => panic!("no choices in {other:?}"),
    }
}

fn verdict(s: &QuizState) -> Verdict {
    s.feedback.as_ref().unwrap().verdict
}

#[test]
fn single_choice_moves_selects_and_submits() {
    let mut s = only("push");
    assert_eq!(s.mode(), Mode::Normal);
    let right = position(&s, "Le fournisseur");
    for _ in 0..right {
        s.update(&Action::SelectNext);
    }
    assert_eq!(s.draft.cursor(), Some(right));
    act(&mut s, QuizAction::Toggle);
    assert_eq!(s.draft.answer(), crate::quiz::Answer::Single(right));
    assert_eq!(act(&mut s, QuizAction::Submit), Effect::Finished);
    assert_eq!(verdict(&s), Verdict::Correct);
    assert_eq!(s.mode(), Mode::Feedback);
    let fb = s.feedback.as_ref().unwrap();
    assert_eq!(
        fb.choices.iter().filter(|c| c.selected).count(),
        1,
        "only the picked choice is marked as the learner's"
    );
}

#[test]
fn digits_pick_and_a_second_pick_replaces_a_single_choice() {
    let mut s = only("push");
    let wrong = position(&s, "Le navigateur");
    act(&mut s, QuizAction::Pick(0));
    act(&mut s, QuizAction::Pick(wrong));
    assert_eq!(s.draft.answer(), crate::quiz::Answer::Single(wrong));
    // A digit past the last choice changes nothing.
    act(&mut s, QuizAction::Pick(8));
    assert_eq!(s.draft.cursor(), Some(wrong));
    act(&mut s, QuizAction::Submit);
    assert_eq!(verdict(&s), Verdict::Incorrect);
}

#[test]
fn multiple_choice_toggles_and_grades_partially() {
    let mut s = only("codes");
    let ok = position(&s, "200");
    act(&mut s, QuizAction::Pick(ok));
    let bad = position(&s, "500");
    act(&mut s, QuizAction::Pick(bad));
    act(&mut s, QuizAction::Pick(bad));
    assert_eq!(s.draft.answer(), crate::quiz::Answer::Multiple(vec![ok]));
    act(&mut s, QuizAction::Submit);
    assert_eq!(verdict(&s), Verdict::Partial);
}

#[test]
fn submitting_nothing_is_refused_with_the_reason_and_keeps_the_question() {
    let mut s = only("codes");
    assert_eq!(
        act(&mut s, QuizAction::Submit),
        Effect::Notice("réponse vide : donnez au moins une réponse".into())
    );
    assert_eq!(s.feedback, None);
    assert_eq!(s.session.answered(), 0);
}

#[test]
fn true_false_takes_the_highlighted_row_on_enter() {
    let mut s = only("retry");
    act(&mut s, QuizAction::Submit);
    assert_eq!(verdict(&s), Verdict::Correct);
    assert_eq!(
        s.feedback.as_ref().unwrap().message.as_deref(),
        Some("Exact.")
    );
}

#[test]
fn short_text_types_every_character_and_submits() {
    let mut s = only("header");
    assert_eq!(s.mode(), Mode::Typing);
    for c in "svix-iq".chars() {
        act(&mut s, QuizAction::Input(c));
    }
    act(&mut s, QuizAction::Backspace);
    act(&mut s, QuizAction::Input('d'));
    assert_eq!(
        s.draft,
        Draft::ShortText {
            text: "svix-id".into()
        }
    );
    act(&mut s, QuizAction::Submit);
    assert_eq!(verdict(&s), Verdict::Correct);
}

#[test]
fn ordering_moves_the_highlighted_item() {
    let mut s = only("steps");
    let items = [
        "Lire les en-têtes",
        "Calculer le HMAC",
        "Comparer en temps constant",
    ];
    // Build the right order top-down: bring each item up to its place.
    for (place, item) in items.iter().enumerate() {
        let Draft::Ordering {
            items: shown,
            order,
            ..
        } = &s.draft
        else {
            unreachable!()
        };
        let at = order.iter().position(|&i| shown[i] == *item).unwrap();
        act(&mut s, QuizAction::Pick(at));
        for _ in place..at {
            act(&mut s, QuizAction::MoveUp);
        }
        assert_eq!(s.draft.cursor(), Some(place));
    }
    act(&mut s, QuizAction::Submit);
    assert_eq!(verdict(&s), Verdict::Correct);
}

#[test]
fn matching_cycles_values_and_stays_one_to_one() {
    let mut s = only("match");
    // Two pairs shown crossed: one change on either row puts both right.
    act(&mut s, QuizAction::NextRight);
    let Draft::Matching { given, .. } = &s.draft else {
        unreachable!()
    };
    let mut sorted = given.clone();
    sorted.sort_unstable();
    assert_eq!(sorted, vec![0, 1]);
    act(&mut s, QuizAction::Submit);
    assert_eq!(verdict(&s), Verdict::Correct);
    let pairs = &s.feedback.as_ref().unwrap().pairs;
    assert!(pairs.iter().all(|p| p.correct));
}

#[test]
fn abandoning_asks_first() {
    let mut s = only("push");
    assert_eq!(act(&mut s, QuizAction::Abandon), Effect::None);
    assert_eq!(s.mode(), Mode::Confirm);
    // Nothing but yes or no is heard while asking.
    assert_eq!(act(&mut s, QuizAction::Submit), Effect::None);
    assert_eq!(s.session.answered(), 0);
    act(&mut s, QuizAction::CancelAbandon);
    assert_eq!(s.mode(), Mode::Normal);
    act(&mut s, QuizAction::Abandon);
    assert_eq!(act(&mut s, QuizAction::ConfirmAbandon), Effect::Abandoned);
}

#[test]
fn review_is_offered_only_after_answering_and_next_ends_on_results() {
    let mut s = only("push");
    assert_eq!(act(&mut s, QuizAction::Review), Effect::None);
    act(&mut s, QuizAction::Submit);
    assert_eq!(
        act(&mut s, QuizAction::Review),
        Effect::Review(See::parse("concept#push-ou-pull-"))
    );
    // Once everything is answered, leaving loses nothing: no confirmation.
    assert_eq!(act(&mut s, QuizAction::Abandon), Effect::ShowResults);
    assert_eq!(act(&mut s, QuizAction::Next), Effect::ShowResults);
}

#[test]
fn scrolling_stays_within_the_content() {
    let mut s = only("push");
    s.set_geometry(40, 3);
    s.update(&Action::PageDown);
    let lines = s.lines().to_vec();
    s.update(&Action::PageDown);
    s.update(&Action::PageDown);
    s.update(&Action::PageDown);
    assert_eq!(s.scroll, Some(lines.len() - 3));
    s.update(&Action::PageUp);
    assert_eq!(s.scroll, Some(lines.len() - 5));
    // Moving the highlight follows it again.
    s.update(&Action::SelectNext);
    assert_eq!(s.scroll, None);
}

#[test]
fn a_width_change_renders_the_prompt_again() {
    let mut s = only("header");
    s.set_geometry(20, 5);
    assert_eq!(s.width, 20);
    assert!(s.prompt.iter().all(|l| l.width() <= 20));
    assert_eq!(s.prompt.len(), 3);
}

#[test]
fn keymap_resolves_the_quiz_keys_per_mode() {
    use crate::tui::app::Screen;
    use crate::tui::keymap::action_for;
    use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
    let k = |code| KeyEvent::new(code, KeyModifiers::NONE);
    let q = |a| Some(Action::Quiz(a));
    let cases = [
        (
            Screen::Quiz,
            Mode::Typing,
            k(KeyCode::Char('q')),
            q(QuizAction::Input('q')),
        ),
        (
            Screen::Quiz,
            Mode::Typing,
            k(KeyCode::Char('?')),
            q(QuizAction::Input('?')),
        ),
        (
            Screen::Quiz,
            Mode::Typing,
            k(KeyCode::Char(' ')),
            q(QuizAction::Input(' ')),
        ),
        (
            Screen::Quiz,
            Mode::Typing,
            k(KeyCode::Esc),
            q(QuizAction::Abandon),
        ),
        (
            Screen::Quiz,
            Mode::Typing,
            k(KeyCode::Enter),
            q(QuizAction::Submit),
        ),
        (
            Screen::Quiz,
            Mode::Normal,
            k(KeyCode::Char('q')),
            q(QuizAction::Abandon),
        ),
        (
            Screen::Quiz,
            Mode::Normal,
            k(KeyCode::Char('3')),
            q(QuizAction::Pick(2)),
        ),
        (
            Screen::Quiz,
            Mode::Normal,
            k(KeyCode::Char('9')),
            q(QuizAction::Pick(8)),
        ),
        (Screen::Quiz, Mode::Normal, k(KeyCode::Char('0')), None),
        (
            Screen::Quiz,
            Mode::Normal,
            k(KeyCode::Char(' ')),
            q(QuizAction::Toggle),
        ),
        (
            Screen::Quiz,
            Mode::Normal,
            k(KeyCode::Char('K')),
            q(QuizAction::MoveUp),
        ),
        (
            Screen::Quiz,
            Mode::Normal,
            KeyEvent::new(KeyCode::Up, KeyModifiers::SHIFT),
            q(QuizAction::MoveUp),
        ),
        (
            Screen::Quiz,
            Mode::Normal,
            k(KeyCode::Up),
            Some(Action::SelectPrev),
        ),
        (
            Screen::Quiz,
            Mode::Normal,
            k(KeyCode::Right),
            q(QuizAction::NextRight),
        ),
        (
            Screen::Quiz,
            Mode::Feedback,
            k(KeyCode::Right),
            q(QuizAction::Next),
        ),
        (
            Screen::Quiz,
            Mode::Feedback,
            k(KeyCode::Char('o')),
            q(QuizAction::Review),
        ),
        (
            Screen::Quiz,
            Mode::Feedback,
            k(KeyCode::Char('r')),
            q(QuizAction::Review),
        ),
        (
            Screen::Quiz,
            Mode::Confirm,
            k(KeyCode::Char('o')),
            q(QuizAction::ConfirmAbandon),
        ),
        (
            Screen::Quiz,
            Mode::Confirm,
            k(KeyCode::Enter),
            q(QuizAction::CancelAbandon),
        ),
        (Screen::Quiz, Mode::Confirm, k(KeyCode::Char('q')), None),
        (
            Screen::Results,
            Mode::Normal,
            k(KeyCode::Char('r')),
            q(QuizAction::Restart),
        ),
        (
            Screen::Results,
            Mode::Normal,
            k(KeyCode::Char('e')),
            q(QuizAction::RetryErrors),
        ),
        (
            Screen::Results,
            Mode::Normal,
            k(KeyCode::Enter),
            Some(Action::Activate),
        ),
        (
            Screen::Results,
            Mode::Normal,
            k(KeyCode::Esc),
            Some(Action::GoHome),
        ),
    ];
    for (screen, mode, key, want) in cases {
        assert_eq!(
            action_for(screen, mode, key),
            want,
            "{screen:?} {mode:?} {key:?}"
        );
    }
}
