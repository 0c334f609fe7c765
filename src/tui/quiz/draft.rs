//! The answer being built on the quiz screen, one shape per question kind, and its
//! conversion to a [`quiz::Answer`](crate::quiz::Answer) in shown positions. Nothing is
//! chosen when a question opens: [`Draft::answer`] is `None` until the learner acts.

use crate::quiz::{Answer, Shown};

/// The learner's answer in progress. `cursor` is the highlighted row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Draft {
    /// single (`multiple: false`) and multiple; `picked[i]` for shown choice `i`.
    Choices {
        texts: Vec<String>,
        multiple: bool,
        picked: Vec<bool>,
        cursor: usize,
    },
    /// Row 0 is « Vrai », row 1 « Faux ».
    TrueFalse { picked: Option<bool>, cursor: usize },
    /// `cursor` is a position in characters, `0..=text.chars().count()`.
    ShortText { text: String, cursor: usize },
    /// `order` lists shown item positions in the learner's order; the cursor moves
    /// over rows of that order. `moved` stays false until the learner moves an item:
    /// the shuffled order is never an answer by itself.
    Ordering {
        items: Vec<String>,
        order: Vec<usize>,
        cursor: usize,
        moved: bool,
    },
    /// `given[left] = right position`, `None` until the learner picks one; each row
    /// changes alone.
    Matching {
        left: Vec<String>,
        right: Vec<String>,
        given: Vec<Option<usize>>,
        cursor: usize,
    },
}

impl Draft {
    pub fn new(shown: &Shown<'_>) -> Draft {
        let owned = |v: &[&str]| v.iter().map(|s| (*s).to_string()).collect::<Vec<_>>();
        match shown {
            Shown::Choices { texts, multiple } => Draft::Choices {
                texts: owned(texts),
                multiple: *multiple,
                picked: vec![false; texts.len()],
                cursor: 0,
            },
            Shown::TrueFalse => Draft::TrueFalse {
                picked: None,
                cursor: 0,
            },
            Shown::ShortText => Draft::ShortText {
                text: String::new(),
                cursor: 0,
            },
            Shown::Ordering { items } => Draft::Ordering {
                items: owned(items),
                order: (0..items.len()).collect(),
                cursor: 0,
                moved: false,
            },
            Shown::Matching { left, right } => Draft::Matching {
                left: owned(left),
                right: owned(right),
                given: vec![None; left.len()],
                cursor: 0,
            },
        }
    }

    /// Number of selectable rows.
    pub fn rows(&self) -> usize {
        match self {
            Draft::Choices { texts, .. } => texts.len(),
            Draft::TrueFalse { .. } => 2,
            Draft::ShortText { .. } => 0,
            Draft::Ordering { order, .. } => order.len(),
            Draft::Matching { left, .. } => left.len(),
        }
    }

    pub fn cursor(&self) -> Option<usize> {
        match self {
            Draft::Choices { cursor, .. }
            | Draft::TrueFalse { cursor, .. }
            | Draft::Ordering { cursor, .. }
            | Draft::Matching { cursor, .. } => Some(*cursor),
            Draft::ShortText { .. } => None,
        }
    }

    /// Moves the highlight by `delta` rows, staying in range.
    pub fn move_cursor(&mut self, delta: i32) {
        let last = self.rows().saturating_sub(1);
        if let Draft::Choices { cursor, .. }
        | Draft::TrueFalse { cursor, .. }
        | Draft::Ordering { cursor, .. }
        | Draft::Matching { cursor, .. } = self
        {
            *cursor = step(*cursor, delta, last);
        }
    }

    /// Space: select (single, true/false) or tick/untick (multiple) the highlighted row.
    pub fn toggle(&mut self) {
        match self {
            Draft::Choices {
                multiple,
                picked,
                cursor,
                ..
            } => {
                let was = picked.get(*cursor).copied().unwrap_or(false);
                if !*multiple {
                    picked.iter_mut().for_each(|p| *p = false);
                }
                if let Some(p) = picked.get_mut(*cursor) {
                    *p = !was || !*multiple;
                }
            }
            Draft::TrueFalse { picked, cursor } => *picked = Some(*cursor == 0),
            _ => {}
        }
    }

    /// A digit: for choices, highlight and select (or tick) that row; for matching,
    /// give that right value to the highlighted row and go to the next row; for
    /// ordering, highlight that row.
    pub fn pick(&mut self, row: usize) {
        if let Draft::Matching {
            right,
            given,
            cursor,
            ..
        } = self
        {
            if row < right.len()
                && let Some(g) = given.get_mut(*cursor)
            {
                *g = Some(row);
                *cursor = (*cursor + 1).min(given.len().saturating_sub(1));
            }
            return;
        }
        if row >= self.rows() {
            return;
        }
        self.move_cursor(row as i32 - self.cursor().unwrap_or(0) as i32);
        self.toggle();
    }

    /// `v`/`f` on a true/false question.
    pub fn set_true_false(&mut self, value: bool) {
        if let Draft::TrueFalse { picked, cursor } = self {
            *picked = Some(value);
            *cursor = if value { 0 } else { 1 };
        }
    }

    /// Ordering: moves the highlighted item `delta` places, the highlight following it.
    pub fn move_item(&mut self, delta: i32) {
        if let Draft::Ordering {
            order,
            cursor,
            moved,
            ..
        } = self
        {
            let to = step(*cursor, delta, order.len().saturating_sub(1));
            if to != *cursor && to < order.len() && *cursor < order.len() {
                order.swap(*cursor, to);
                *cursor = to;
                *moved = true;
            }
        }
    }

    /// Matching: the next (`+1`) or previous right value for the highlighted row only,
    /// going through « unassigned » between the last value and the first.
    pub fn cycle_right(&mut self, delta: i32) {
        if let Draft::Matching {
            right,
            given,
            cursor,
            ..
        } = self
        {
            let n = right.len() as i64;
            let Some(g) = given.get_mut(*cursor) else {
                return;
            };
            // Positions 0..n are values, n is « unassigned ».
            let now = g.map_or(n, |v| v as i64);
            let next = (now + i64::from(delta)).rem_euclid(n + 1);
            *g = (next < n).then_some(next as usize);
        }
    }

    /// Matching: empties the highlighted row.
    pub fn clear_row(&mut self) {
        if let Draft::Matching { given, cursor, .. } = self
            && let Some(g) = given.get_mut(*cursor)
        {
            *g = None;
        }
    }

    /// Matching: rows still without a value.
    pub fn unassigned(&self) -> usize {
        match self {
            Draft::Matching { given, .. } => given.iter().filter(|g| g.is_none()).count(),
            _ => 0,
        }
    }

    /// Short answer: types `c` at the cursor.
    pub fn input(&mut self, c: char) {
        if let Draft::ShortText { text, cursor } = self
            && !c.is_control()
            && text.chars().count() < crate::tui::paste::MAX_ANSWER_CHARS
        {
            let at = byte_at(text, *cursor);
            text.insert(at, c);
            *cursor += 1;
        }
    }

    /// Short answer: inserts `text` at the cursor as one edit, made one line
    /// ([`paste::one_line`](crate::tui::paste::one_line)). `Err` is the notice when the
    /// answer would pass `max` characters; nothing is inserted then.
    pub fn paste(&mut self, text: &str, field: &str, max: usize) -> Result<(), String> {
        let Draft::ShortText {
            text: answer,
            cursor,
        } = self
        else {
            return Ok(());
        };
        let text = crate::tui::paste::one_line(text);
        let added = text.chars().count();
        let after = answer.chars().count() + added;
        if after > max {
            return Err(crate::tui::paste::too_long(
                field,
                format!("{after} caractères"),
                format!("{max} caractères"),
            ));
        }
        let at = byte_at(answer, *cursor);
        answer.insert_str(at, &text);
        *cursor += added;
        Ok(())
    }

    /// Short answer: deletes the character before the cursor.
    pub fn backspace(&mut self) {
        if let Draft::ShortText { text, cursor } = self
            && *cursor > 0
        {
            *cursor -= 1;
            let at = byte_at(text, *cursor);
            text.remove(at);
        }
    }

    /// Short answer: deletes the character under the cursor.
    pub fn delete(&mut self) {
        if let Draft::ShortText { text, cursor } = self
            && *cursor < text.chars().count()
        {
            let at = byte_at(text, *cursor);
            text.remove(at);
        }
    }

    /// Short answer: moves the cursor by `delta` characters, or to an end.
    pub fn move_text_cursor(&mut self, to: TextMove) {
        if let Draft::ShortText { text, cursor } = self {
            let len = text.chars().count();
            *cursor = match to {
                TextMove::Left => cursor.saturating_sub(1),
                TextMove::Right => (*cursor + 1).min(len),
                TextMove::Home => 0,
                TextMove::End => len,
            };
        }
    }

    /// The answer to grade, or `None` while the learner has not answered: nothing
    /// selected, nothing ticked, nothing typed, no item moved, no row matched.
    pub fn answer(&self) -> Option<Answer> {
        match self {
            Draft::Choices {
                multiple: false,
                picked,
                ..
            } => picked.iter().position(|&p| p).map(Answer::Single),
            Draft::Choices { picked, .. } => {
                let ticked: Vec<usize> = picked
                    .iter()
                    .enumerate()
                    .filter(|(_, p)| **p)
                    .map(|(i, _)| i)
                    .collect();
                (!ticked.is_empty()).then_some(Answer::Multiple(ticked))
            }
            Draft::TrueFalse { picked, .. } => picked.map(Answer::TrueFalse),
            Draft::ShortText { text, .. } => {
                (!text.trim().is_empty()).then(|| Answer::ShortText(text.clone()))
            }
            Draft::Ordering { order, moved, .. } => moved.then(|| Answer::Ordering(order.clone())),
            Draft::Matching { given, .. } => given
                .iter()
                .any(Option::is_some)
                .then(|| Answer::Matching(given.clone())),
        }
    }

    /// Why Enter does nothing yet, for the status line.
    pub fn not_answered(&self) -> &'static str {
        match self {
            Draft::ShortText { .. } => "tapez d'abord une réponse",
            Draft::Ordering { .. } => {
                "déplacez d'abord les éléments dans l'ordre voulu (K/J ou Maj-↑/↓)"
            }
            _ => NOTHING_CHOSEN,
        }
    }
}

/// Enter on a question with nothing chosen.
pub const NOTHING_CHOSEN: &str = "choisissez d'abord une réponse";

/// Where the short-answer cursor goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TextMove {
    Left,
    Right,
    Home,
    End,
}

/// Byte offset of character `chars` in `text` (its end when past it).
fn byte_at(text: &str, chars: usize) -> usize {
    text.char_indices()
        .nth(chars)
        .map_or(text.len(), |(i, _)| i)
}

fn step(from: usize, delta: i32, last: usize) -> usize {
    let to = from as i64 + i64::from(delta);
    to.clamp(0, last as i64) as usize
}
