use std::sync::Arc;

use super::*;
use crate::course::Course;
use crate::quiz::Verdict;
use unicode_width::UnicodeWidthStr as _;

pub(crate) fn fixture_course() -> Course {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/quiz-course");
    Course::from_dir(&dir).unwrap()
}

pub(crate) fn bank() -> Arc<Bank> {
    let (quiz, sections) = fixture_course().load_quiz().unwrap();
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
    assert_eq!(s.draft.answer(), Some(crate::quiz::Answer::Single(right)));
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
    assert_eq!(s.draft.answer(), Some(crate::quiz::Answer::Single(wrong)));
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
    assert_eq!(
        s.draft.answer(),
        Some(crate::quiz::Answer::Multiple(vec![ok]))
    );
    act(&mut s, QuizAction::Submit);
    assert_eq!(verdict(&s), Verdict::Partial);
}

#[test]
fn submitting_nothing_is_refused_with_the_reason_and_keeps_the_question() {
    let mut s = only("codes");
    assert_eq!(
        act(&mut s, QuizAction::Submit),
        Effect::Notice("choisissez d'abord une réponse".into())
    );
    assert_eq!(s.feedback, None);
    assert_eq!(s.session.answered(), 0);
}

#[test]
fn nothing_is_chosen_when_a_question_opens() {
    for id in ["push", "codes", "retry", "header", "steps", "match"] {
        let mut s = only(id);
        assert_eq!(s.draft.answer(), None, "{id}");
        let Effect::Notice(why) = act(&mut s, QuizAction::Submit) else {
            panic!("{id}: Enter answered")
        };
        assert!(why.contains("d'abord"), "{id}: {why}");
        assert_eq!(s.session.answered(), 0, "{id}");
        // Moving the highlight is not an answer either.
        s.update(&Action::SelectNext);
        if id != "header" {
            assert!(matches!(act(&mut s, QuizAction::Submit), Effect::Notice(_)));
        }
    }
}

#[test]
fn true_false_answers_with_v_or_f() {
    let mut s = only("retry");
    assert_eq!(
        act(&mut s, QuizAction::Submit),
        Effect::Notice("choisissez d'abord une réponse".into())
    );
    act(&mut s, QuizAction::TrueFalse(false));
    act(&mut s, QuizAction::TrueFalse(true));
    assert_eq!(
        s.draft,
        Draft::TrueFalse {
            picked: Some(true),
            cursor: 0
        }
    );
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
            text: "svix-id".into(),
            cursor: 7
        }
    );
    act(&mut s, QuizAction::Submit);
    assert_eq!(verdict(&s), Verdict::Correct);
}

#[test]
fn a_paste_into_a_short_answer_is_one_line_at_the_cursor_and_bounded() {
    let mut s = only("header");
    act(&mut s, QuizAction::Input('d'));
    act(&mut s, QuizAction::TextCursor(TextMove::Left));
    assert_eq!(s.update(&Action::Paste("svix-i\r\n".into())), Effect::None);
    assert_eq!(
        s.draft,
        Draft::ShortText {
            text: "svix-id".into(),
            cursor: 6
        }
    );
    let long = "a".repeat(MAX_ANSWER_CHARS);
    assert_eq!(
        s.update(&Action::Paste(long)),
        Effect::Notice(
            "collage refusé : le champ « réponse » ferait 507 caractères, au-delà de sa limite de 500 caractères — collez un texte plus court"
                .into()
        )
    );
    act(&mut s, QuizAction::Submit);
    assert_eq!(
        verdict(&s),
        Verdict::Correct,
        "the refused paste changed nothing"
    );
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
fn matching_rows_start_empty_and_change_one_at_a_time() {
    let mut s = only("match");
    let rows = |s: &QuizState| match &s.draft {
        Draft::Matching { given, .. } => given.clone(),
        other => panic!("{other:?}"),
    };
    assert_eq!(rows(&s), vec![None, None]);
    // → on the first row gives it the first value, and leaves the second row alone.
    act(&mut s, QuizAction::NextRight);
    assert_eq!(rows(&s), vec![Some(0), None]);
    act(&mut s, QuizAction::NextRight);
    act(&mut s, QuizAction::NextRight);
    assert_eq!(
        rows(&s),
        vec![None, None],
        "past the last value: unassigned"
    );
    act(&mut s, QuizAction::PrevRight);
    assert_eq!(rows(&s), vec![Some(1), None]);
    // A partial answer asks first; « non » goes back to the question.
    assert_eq!(act(&mut s, QuizAction::Submit), Effect::None);
    assert_eq!(s.confirm, Some(Confirm::Partial(1)));
    act(&mut s, QuizAction::Cancel);
    assert_eq!((s.confirm, s.session.answered()), (None, 0));
    // Digits give the highlighted row a value and move down.
    let Draft::Matching { left, right, .. } = &s.draft else {
        unreachable!()
    };
    let question = s.bank.quiz.question("match").unwrap();
    let crate::quiz::Kind::Matching { pairs } = &question.kind else {
        unreachable!()
    };
    let value_of = |l: &str| {
        let p = pairs.iter().find(|p| p.left == l).unwrap();
        right.iter().position(|r| *r == p.right).unwrap()
    };
    let (first, second) = (value_of(&left[0]), value_of(&left[1]));
    act(&mut s, QuizAction::Pick(first));
    act(&mut s, QuizAction::Pick(second));
    assert_eq!(rows(&s), vec![Some(first), Some(second)]);
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
    act(&mut s, QuizAction::Cancel);
    assert_eq!(s.mode(), Mode::Normal);
    act(&mut s, QuizAction::Abandon);
    assert_eq!(act(&mut s, QuizAction::Confirm), Effect::Abandoned);
}

#[test]
fn review_is_offered_only_after_answering_and_next_ends_on_results() {
    let mut s = only("push");
    assert_eq!(act(&mut s, QuizAction::Review), Effect::None);
    act(&mut s, QuizAction::Pick(0));
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
            q(QuizAction::Leave),
        ),
        (
            Screen::Quiz,
            Mode::Typing,
            k(KeyCode::Left),
            q(QuizAction::TextCursor(TextMove::Left)),
        ),
        (
            Screen::Quiz,
            Mode::Typing,
            k(KeyCode::Delete),
            q(QuizAction::Delete),
        ),
        (
            Screen::Quiz,
            Mode::Normal,
            k(KeyCode::Char('v')),
            q(QuizAction::TrueFalse(true)),
        ),
        (
            Screen::Quiz,
            Mode::Normal,
            k(KeyCode::Char('f')),
            q(QuizAction::TrueFalse(false)),
        ),
        (
            Screen::Quiz,
            Mode::Normal,
            k(KeyCode::Char('a')),
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
            q(QuizAction::Leave),
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
        (
            Screen::Quiz,
            Mode::Normal,
            k(KeyCode::Char('0')),
            q(QuizAction::ClearRow),
        ),
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
            q(QuizAction::Confirm),
        ),
        (
            Screen::Quiz,
            Mode::Confirm,
            k(KeyCode::Enter),
            q(QuizAction::Cancel),
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

/// An attempt asking only question `id`, after `edit` changed the bank, laid out at
/// `width` with the default (coloured) themes.
fn edited(id: &str, width: u16, edit: impl FnOnce(&mut crate::quiz::Question)) -> QuizState {
    let mut bank = (*bank()).clone();
    let question = bank.quiz.questions.iter_mut().find(|q| q.id == id).unwrap();
    edit(question);
    let bank = Arc::new(bank);
    let session = Session::with_questions(&bank.quiz, 7, &[id.to_string()]).unwrap();
    let themes = (UiTheme::default(), markdown::Theme::default());
    QuizState::new(bank, session, themes, width, 30).unwrap()
}

fn set_choices(q: &mut crate::quiz::Question, texts: &[(&str, Option<&str>)]) {
    let crate::quiz::Kind::Single { choices, .. } = &mut q.kind else {
        panic!("not a single choice: {q:?}")
    };
    for (choice, (text, note)) in choices.iter_mut().zip(texts) {
        choice.text = (*text).to_string();
        choice.feedback = note.map(str::to_string);
    }
}

fn plain_text(line: &Line<'_>) -> String {
    line.spans.iter().map(|s| s.content.as_ref()).collect()
}

const SECRET: &str =
    "Ajouter `CLERK_SECRET_KEY` en paramètre de l’URL de l’endpoint dans le Dashboard.";

#[test]
fn a_code_span_in_a_choice_takes_the_inline_code_style_without_backticks() {
    let s = edited("push", 78, |q| {
        set_choices(
            q,
            &[
                ("Le fournisseur", None),
                (SECRET, None),
                ("Le **navigateur**", None),
            ],
        );
    });
    let md = markdown::Theme::default();
    let lines = s.lines();
    assert!(lines.iter().all(|l| !plain_text(l).contains('`')));
    let row = lines
        .iter()
        .find(|l| plain_text(l).contains("CLERK_SECRET_KEY"))
        .unwrap();
    let code = row
        .spans
        .iter()
        .find(|span| span.content.contains("CLERK_SECRET_KEY"))
        .unwrap();
    assert_eq!(code.content, "CLERK_SECRET_KEY");
    // The row is not highlighted (the first shown row is), so its base style is empty.
    if !plain_text(row).starts_with("› ") {
        assert_eq!(code.style, md.inline_code);
    }
    let strong = lines
        .iter()
        .flat_map(|l| l.spans.iter())
        .find(|span| span.content == "navigateur")
        .unwrap();
    assert!(strong.style.add_modifier.contains(md.strong.add_modifier));
}

#[test]
fn the_highlighted_row_keeps_its_style_under_a_code_span() {
    let mut s = edited("push", 78, |q| {
        set_choices(q, &[("`a`", None), ("`b`", None), ("`c`", None)]);
    });
    s.update(&Action::SelectNext);
    let ui = UiTheme::default();
    let md = markdown::Theme::default();
    let row = s
        .lines()
        .iter()
        .find(|l| plain_text(l).starts_with("› "))
        .unwrap();
    let code = row.spans.last().unwrap();
    assert_eq!(code.style, ui.selected.patch(md.inline_code));
}

#[test]
fn a_long_choice_hangs_under_its_text_and_fits_the_width() {
    let s = edited("push", 30, |q| {
        set_choices(
            q,
            &[
                (SECRET, None),
                ("Le `navigateur`", None),
                ("Votre serveur", None),
            ],
        );
    });
    let texts: Vec<String> = s.lines().iter().map(plain_text).collect();
    assert!(s.lines().iter().all(|l| l.width() <= 30), "{texts:#?}");
    let first = texts.iter().position(|l| l.contains("Ajouter")).unwrap();
    // `› ( ) 1. ` or `  ( ) 1. `: 9 columns, whether the row is highlighted or not.
    let (lead, text) = texts[first].split_at(texts[first].find("Ajouter").unwrap());
    assert_eq!(lead.width(), 9);
    let mut shown = vec![text.to_string()];
    for line in &texts[first + 1..first + 5] {
        let (indent, text) = line.split_at(9);
        assert_eq!(indent, " ".repeat(9));
        shown.push(text.to_string());
    }
    assert_eq!(
        shown,
        [
            "Ajouter",
            "CLERK_SECRET_KEY en",
            "paramètre de l’URL de",
            "l’endpoint dans le",
            "Dashboard.",
        ]
    );
}

#[test]
fn choice_feedback_and_solution_are_markdown_too() {
    let mut s = edited("push", 78, |q| {
        set_choices(
            q,
            &[
                ("Le `fournisseur`", Some("Oui : il envoie un `POST`.")),
                ("Votre serveur", None),
                ("Le navigateur", None),
            ],
        );
    });
    let wrong = match &s.draft {
        Draft::Choices { texts, .. } => texts.iter().position(|t| t == "Votre serveur").unwrap(),
        _ => unreachable!(),
    };
    act(&mut s, QuizAction::Pick(wrong));
    act(&mut s, QuizAction::Submit);
    let texts: Vec<String> = s.lines().iter().map(plain_text).collect();
    assert!(texts.iter().all(|l| !l.contains('`')), "{texts:#?}");
    let note = texts.iter().find(|l| l.contains("Oui :")).unwrap();
    assert_eq!(note.trim(), "Oui : il envoie un POST.");
    let right = texts
        .iter()
        .position(|l| l.contains("Le fournisseur"))
        .unwrap();
    assert!(texts[right].starts_with("✓ ( ) "), "{}", texts[right]);
}

#[test]
fn matching_values_are_markdown_and_aligned_on_their_shown_width() {
    let mut s = edited("match", 78, |q| {
        let crate::quiz::Kind::Matching { pairs } = &mut q.kind else {
            unreachable!()
        };
        pairs[0].left = "`user.created`".into();
        pairs[1].left = "`user.deleted` (**rare**)".into();
        pairs[0].right = "un `upsert`".into();
    });
    s.update(&Action::SelectNext);
    let Draft::Matching { right, .. } = &s.draft else {
        unreachable!()
    };
    let upsert = right.iter().position(|r| r == "un `upsert`").unwrap();
    act(&mut s, QuizAction::Pick(upsert));
    let texts: Vec<String> = s.lines().iter().map(plain_text).collect();
    let rows: Vec<&String> = texts.iter().filter(|l| l.contains(" → ")).collect();
    assert_eq!(rows.len(), 2, "{texts:#?}");
    assert!(texts.iter().all(|l| !l.contains('`') && !l.contains("**")));
    let arrows: Vec<usize> = rows
        .iter()
        .map(|l| l.chars().position(|c| c == '→').unwrap())
        .collect();
    assert_eq!(arrows[0], arrows[1], "{rows:#?}");
    assert!(rows.iter().any(|l| l.contains("un upsert")));
}

#[test]
fn the_learners_answer_and_the_expected_one_show_as_typed() {
    let mut s = only("header");
    for c in "*svix*_`id`".chars() {
        act(&mut s, QuizAction::Input(c));
    }
    act(&mut s, QuizAction::Submit);
    let texts: Vec<String> = s.lines().iter().map(plain_text).collect();
    assert!(
        texts.contains(&"Votre réponse : « *svix*_`id` »".to_string()),
        "{texts:#?}"
    );
    let expected = texts
        .iter()
        .position(|l| l == "Réponse attendue :")
        .unwrap();
    assert_eq!(texts[expected + 1], "  svix-id");
}

#[test]
fn escape_makes_markdown_show_the_text_as_written() {
    let text = r"1. *a* `b` <c> [d](e) \f # _g_ > h";
    let doc = markdown::render(&screen::escape(text), 80, &markdown::Theme::plain());
    assert_eq!(doc.lines.len(), 1);
    assert_eq!(plain_text(&doc.lines[0]), text);
}

#[test]
fn drawing_only_slices_the_lines_laid_out_in_update() {
    let mut s = only("push");
    let before = s.lines().to_vec();
    s.update(&Action::SelectNext);
    assert_ne!(
        s.lines(),
        before.as_slice(),
        "the highlight moved in update"
    );
    let laid_out = s.lines().to_vec();
    let mut buf = ratatui::buffer::Buffer::empty(ratatui::layout::Rect::new(0, 0, 80, 22));
    ratatui::widgets::Widget::render(QuizView { state: &s }, buf.area, &mut buf);
    assert_eq!(s.lines(), laid_out.as_slice());
    assert_eq!(
        buf.content().iter().filter(|c| c.symbol() == "›").count(),
        1
    );
}

/// The screen drawn at `width`×`height`, one string per row, trailing spaces dropped.
fn drawn(s: &QuizState, width: u16, height: u16) -> String {
    let area = ratatui::layout::Rect::new(0, 0, width, height);
    let mut buf = ratatui::buffer::Buffer::empty(area);
    ratatui::widgets::Widget::render(QuizView { state: s }, area, &mut buf);
    let mut out = String::new();
    for y in 0..height {
        let mut line = String::new();
        let mut skip = 0;
        for x in 0..width {
            if skip > 0 {
                skip -= 1;
                continue;
            }
            let symbol = buf[(x, y)].symbol();
            skip = symbol.width().saturating_sub(1);
            line.push_str(symbol);
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

#[test]
fn snapshot_markdown_choices_and_their_feedback() {
    let mut s = edited("push", 48, |q| {
        set_choices(
            q,
            &[
                ("Le **fournisseur**", Some("Oui : il envoie un `POST`.")),
                (
                    SECRET,
                    Some("Surtout pas : la clé `sk_…` resterait dans les journaux."),
                ),
                ("Le navigateur", None),
            ],
        );
    });
    s.set_geometry(48, 22);
    insta::assert_snapshot!("quiz_markdown_choices_50x24", drawn(&s, 50, 24));
    let right = match &s.draft {
        Draft::Choices { texts, .. } => texts
            .iter()
            .position(|t| t.contains("fournisseur"))
            .unwrap(),
        _ => unreachable!(),
    };
    act(&mut s, QuizAction::Pick(right));
    act(&mut s, QuizAction::Submit);
    insta::assert_snapshot!("quiz_markdown_feedback_50x24", drawn(&s, 50, 24));
}

#[test]
fn arrows_mark_content_above_and_below() {
    use ratatui::buffer::Buffer;
    use ratatui::widgets::Widget as _;
    let mut s = only("push");
    let draw = |s: &QuizState, height: u16| {
        let area = ratatui::layout::Rect::new(0, 0, 40, height);
        let mut buf = Buffer::empty(area);
        QuizView { state: s }.render(area, &mut buf);
        let rows: Vec<String> = (0..area.height)
            .map(|y| {
                (0..area.width)
                    .map(|x| buf[(x, y)].symbol().to_string())
                    .collect()
            })
            .collect();
        rows.join("\n")
    };
    s.set_geometry(40, 28);
    let roomy = draw(&s, 30);
    assert!(!roomy.contains('▲') && !roomy.contains('▼'), "{roomy}");
    // Too short: the highlighted answer stays in view, so the prompt is partly above.
    s.set_geometry(40, 4);
    let short = draw(&s, 6);
    assert!(short.contains('▲') && short.contains('▼'), "{short}");
    s.update(&Action::PageUp);
    let top = draw(&s, 6);
    assert!(!top.contains('▲') && top.contains('▼'), "{top}");
}
