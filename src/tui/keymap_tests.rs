use crossterm::event::{KeyEventKind, KeyEventState};

use super::*;

fn press(code: KeyCode, mods: KeyModifiers) -> KeyEvent {
    KeyEvent {
        code,
        modifiers: mods,
        kind: KeyEventKind::Press,
        state: KeyEventState::NONE,
    }
}

fn plain(code: KeyCode) -> KeyEvent {
    press(code, KeyModifiers::NONE)
}

#[test]
fn resolves_keys_per_screen_and_mode() {
    let cases: &[(Screen, Mode, KeyEvent, Option<Action>)] = &[
        (
            Screen::Home,
            Mode::Normal,
            plain(KeyCode::Char('q')),
            Some(Action::Quit),
        ),
        (
            Screen::Reader,
            Mode::Normal,
            plain(KeyCode::Char('q')),
            Some(Action::GoHome),
        ),
        (
            Screen::Reader,
            Mode::Normal,
            plain(KeyCode::Char('j')),
            Some(Action::ScrollLines(1)),
        ),
        (
            Screen::Reader,
            Mode::Normal,
            plain(KeyCode::Down),
            Some(Action::ScrollLines(1)),
        ),
        (
            Screen::Reader,
            Mode::Normal,
            press(KeyCode::Char('G'), KeyModifiers::SHIFT),
            Some(Action::Bottom),
        ),
        (
            Screen::Reader,
            Mode::Normal,
            press(KeyCode::Char('d'), KeyModifiers::CONTROL),
            Some(Action::HalfPageDown),
        ),
        (
            Screen::Reader,
            Mode::Normal,
            plain(KeyCode::Char('d')),
            None,
        ),
        (
            Screen::Reader,
            Mode::Normal,
            press(KeyCode::BackTab, KeyModifiers::SHIFT),
            Some(Action::PrevLink),
        ),
        (
            Screen::Reader,
            Mode::Normal,
            plain(KeyCode::Char('N')),
            Some(Action::PrevMatch),
        ),
        (
            Screen::Reader,
            Mode::Search,
            plain(KeyCode::Char('q')),
            Some(Action::SearchInput('q')),
        ),
        (
            Screen::Reader,
            Mode::Search,
            plain(KeyCode::Char('é')),
            Some(Action::SearchInput('é')),
        ),
        (
            Screen::Reader,
            Mode::Search,
            plain(KeyCode::Esc),
            Some(Action::SearchCancel),
        ),
        (
            Screen::Reader,
            Mode::Outline,
            plain(KeyCode::Char('j')),
            Some(Action::SelectNext),
        ),
        (
            Screen::Home,
            Mode::Help,
            plain(KeyCode::Char('q')),
            Some(Action::ToggleHelp),
        ),
        (Screen::Home, Mode::Normal, plain(KeyCode::Char('/')), None),
    ];
    for (screen, mode, event, want) in cases {
        assert_eq!(
            &action_for(*screen, *mode, *event),
            want,
            "{screen:?} {mode:?} {event:?}"
        );
    }
}

#[test]
fn labo_keys_follow_its_mode() {
    use crate::tui::labo::LaboAction;
    let q = plain(KeyCode::Char('q'));
    let cases: &[(Screen, Mode, KeyEvent, Option<Action>)] = &[
        (
            Screen::Home,
            Mode::Normal,
            plain(KeyCode::Char('l')),
            Some(Action::OpenLabo),
        ),
        (
            Screen::Labo,
            Mode::Normal,
            plain(KeyCode::Char('r')),
            Some(Action::Labo(LaboAction::Run)),
        ),
        (
            Screen::Labo,
            Mode::Normal,
            q,
            Some(Action::Labo(LaboAction::Back)),
        ),
        (
            Screen::Labo,
            Mode::Normal,
            plain(KeyCode::Char('o')),
            Some(Action::Labo(LaboAction::OpenSection)),
        ),
        // Editing: q and r are text; Échap ends the edit.
        (
            Screen::Labo,
            Mode::Edit,
            q,
            Some(Action::Labo(LaboAction::Key(q))),
        ),
        (
            Screen::Labo,
            Mode::Edit,
            plain(KeyCode::Esc),
            Some(Action::Labo(LaboAction::StopEdit)),
        ),
        (
            Screen::Sandbox,
            Mode::Edit,
            q,
            Some(Action::Sandbox(SandboxAction::Key(q))),
        ),
        (
            Screen::Labo,
            Mode::Confirm,
            plain(KeyCode::Char('o')),
            Some(Action::Labo(LaboAction::Confirm)),
        ),
        (Screen::Labo, Mode::Confirm, plain(KeyCode::Char('r')), None),
        (
            Screen::Labo,
            Mode::Details,
            plain(KeyCode::Char('j')),
            Some(Action::Labo(LaboAction::Scroll(1))),
        ),
        (
            Screen::Labo,
            Mode::Details,
            plain(KeyCode::Esc),
            Some(Action::Labo(LaboAction::Back)),
        ),
        (
            Screen::Labo,
            Mode::Details,
            press(KeyCode::Char('c'), KeyModifiers::CONTROL),
            Some(Action::Quit),
        ),
    ];
    for (screen, mode, event, want) in cases {
        assert_eq!(
            &action_for(*screen, *mode, *event),
            want,
            "{screen:?} {mode:?} {event:?}"
        );
    }
}

#[test]
fn ctrl_c_quits_in_every_mode() {
    for mode in [Mode::Normal, Mode::Search, Mode::Outline, Mode::Help] {
        for screen in [Screen::Home, Screen::Reader] {
            let ev = press(KeyCode::Char('c'), KeyModifiers::CONTROL);
            assert_eq!(
                action_for(screen, mode, ev),
                Some(Action::Quit),
                "{screen:?} {mode:?}"
            );
        }
    }
}

#[test]
fn no_key_is_bound_twice_in_the_same_context() {
    for (i, a) in BINDINGS.iter().enumerate() {
        for b in &BINDINGS[i + 1..] {
            let same_screen = a.screen.is_none() || b.screen.is_none() || a.screen == b.screen;
            let shared_mode = a.modes.iter().any(|m| b.modes.contains(m));
            let shared_key = a.keys.iter().any(|k| b.keys.contains(k));
            assert!(
                !(same_screen && shared_mode && shared_key),
                "'{}' and '{}' share a key",
                a.help,
                b.help
            );
        }
    }
}

#[test]
fn labels_are_readable() {
    assert_eq!(key_label(ctrl('d')), "Ctrl-d");
    assert_eq!(key_label(key(KeyCode::BackTab)), "Maj-Tab");
    assert_eq!(key_label(ch(' ')), "Espace");
}
