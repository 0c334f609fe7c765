//! Bulk text into the interface's fields. A paste arrives whole, as one
//! [`Action::Paste`]: bracketed paste (`\e[200~ … \e[201~`, enabled by `tui.rs`) gives it
//! as one terminal event, and a terminal without it types the text key by key, which
//! [`TypedRun`] gathers back into one paste when the keys are already queued. Either way
//! the field changes once and its derived state (signature, search matches, layout) is
//! computed once, so a 100 KB paste costs one pass over the text instead of one per
//! character. Each field also has a size limit, past which a paste is refused whole
//! with a message (a truncated body would sign other bytes than the ones pasted).

use crossterm::event::{KeyCode, KeyModifiers};

use super::action::Action;
use super::quiz::QuizAction;
use super::sandbox::SandboxAction;

/// Characters of a quiz short answer or of the learner's name.
pub const MAX_ANSWER_CHARS: usize = 500;
/// Characters of a reader search.
pub const MAX_SEARCH_CHARS: usize = 200;

/// The character a typed key adds to the field being edited, if it is plain typing
/// (no Ctrl, Alt or Super: those are commands).
pub fn typed_char(action: &Action) -> Option<char> {
    match action {
        Action::SearchInput(c) | Action::Quiz(QuizAction::Input(c)) => Some(*c),
        Action::Sandbox(SandboxAction::Key(key)) => match key.code {
            KeyCode::Char(c)
                if !key.modifiers.intersects(
                    KeyModifiers::CONTROL | KeyModifiers::ALT | KeyModifiers::SUPER,
                ) =>
            {
                Some(c)
            }
            _ => None,
        },
        _ => None,
    }
}

/// A run of typed characters waiting to be applied as one edit. A run of one stays the
/// key it was, so ordinary typing goes through the usual actions.
#[derive(Debug, Default)]
pub struct TypedRun {
    first: Option<Action>,
    text: String,
}

impl TypedRun {
    /// Keeps `action` in the run if it types a character; `false` (and nothing kept)
    /// otherwise: the caller then applies [`TypedRun::take`] first, then `action`.
    pub fn absorb(&mut self, action: &Action) -> bool {
        let Some(c) = typed_char(action) else {
            return false;
        };
        if self.first.is_none() && self.text.is_empty() {
            self.first = Some(action.clone());
        }
        self.text.push(c);
        true
    }

    /// The run as one action: the key itself for a single character, else a paste.
    pub fn take(&mut self) -> Option<Action> {
        let first = self.first.take();
        let text = std::mem::take(&mut self.text);
        match text.chars().count() {
            0 => None,
            1 => first,
            _ => Some(Action::Paste(text)),
        }
    }
}

/// Line ends as the fields store them: terminals paste a line end as CR (xterm, tmux) or
/// CRLF, and both become LF, as helix does, so a pasted body signs the bytes it was
/// copied with.
pub fn normalize_line_ends(text: String) -> String {
    if !text.contains('\r') {
        return text;
    }
    text.replace("\r\n", "\n").replace('\r', "\n")
}

/// `text` as one line: a final line end dropped, the other line ends and tabs made
/// spaces, other control characters removed (a short answer, a name, a search).
pub fn one_line(text: &str) -> String {
    let text = text
        .strip_suffix('\n')
        .map_or(text, |t| t.strip_suffix('\r').unwrap_or(t));
    text.chars()
        .filter_map(|c| match c {
            '\n' | '\r' | '\t' => Some(' '),
            c if c.is_control() => None,
            c => Some(c),
        })
        .collect()
}

/// `text` for a single-line sandbox field (secret, id, timestamp): line ends removed, so
/// a secret copied across two lines comes back whole.
pub fn joined(text: &str) -> String {
    text.chars().filter(|c| !matches!(c, '\n' | '\r')).collect()
}

/// The notice for a refused paste: what, how big, the limit.
pub fn too_long(field: &str, size: String, limit: String) -> String {
    format!(
        "collage refusé : le champ « {field} » ferait {size}, au-delà de sa limite de {limit} — collez un texte plus court"
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crossterm::event::KeyEvent;

    fn key(c: char, modifiers: KeyModifiers) -> Action {
        Action::Sandbox(SandboxAction::Key(KeyEvent::new(
            KeyCode::Char(c),
            modifiers,
        )))
    }

    #[test]
    fn typed_runs_become_one_paste_and_single_keys_stay_keys() {
        let mut run = TypedRun::default();
        assert!(run.absorb(&key('a', KeyModifiers::NONE)));
        assert_eq!(run.take(), Some(key('a', KeyModifiers::NONE)));
        assert_eq!(run.take(), None);
        for c in "héllo".chars() {
            assert!(run.absorb(&Action::Quiz(QuizAction::Input(c))));
        }
        assert_eq!(run.take(), Some(Action::Paste("héllo".into())));
        assert!(run.absorb(&key('A', KeyModifiers::SHIFT)));
        assert!(run.absorb(&Action::SearchInput('b')));
        assert_eq!(run.take(), Some(Action::Paste("Ab".into())));
    }

    #[test]
    fn commands_are_never_typing() {
        let mut run = TypedRun::default();
        assert!(!run.absorb(&key('c', KeyModifiers::CONTROL)));
        assert!(!run.absorb(&key('b', KeyModifiers::ALT)));
        let enter = Action::Sandbox(SandboxAction::Key(KeyEvent::new(
            KeyCode::Enter,
            KeyModifiers::NONE,
        )));
        assert!(!run.absorb(&enter));
        assert!(!run.absorb(&Action::Quit));
        assert_eq!(run.take(), None);
    }

    #[test]
    fn pasted_line_ends_become_lf() {
        assert_eq!(normalize_line_ends("a\r\nb\rc\n".into()), "a\nb\nc\n");
        assert_eq!(normalize_line_ends("plain".into()), "plain");
        assert_eq!(
            one_line(&normalize_line_ends("signature\r".into())),
            "signature"
        );
    }

    #[test]
    fn pasted_text_is_cleaned_for_its_field() {
        assert_eq!(one_line("whsec_abc\r\n"), "whsec_abc");
        assert_eq!(one_line("a\nb\tc\u{7}d\n"), "a b cd");
        assert_eq!(
            joined("whsec_MfKQ9r8GKYqrTwjU\nPD8ILPZIo2LaLaSw\n"),
            "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
        );
    }
}
