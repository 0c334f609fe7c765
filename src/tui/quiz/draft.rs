//! The answer being built on the quiz screen, one shape per question kind, and its
//! conversion to a [`quiz::Answer`](crate::quiz::Answer) in shown positions.

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
    TrueFalse {
        picked: Option<bool>,
        cursor: usize,
    },
    ShortText {
        text: String,
    },
    /// `order` lists shown item positions in the learner's order; the cursor moves
    /// over rows of that order.
    Ordering {
        items: Vec<String>,
        order: Vec<usize>,
        cursor: usize,
    },
    /// `given[left] = right position`; always a permutation, so any state is a valid
    /// answer (changing a row swaps with the row that had the value).
    Matching {
        left: Vec<String>,
        right: Vec<String>,
        given: Vec<usize>,
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
            },
            Shown::Ordering { items } => Draft::Ordering {
                items: owned(items),
                order: (0..items.len()).collect(),
                cursor: 0,
            },
            Shown::Matching { left, right } => Draft::Matching {
                left: owned(left),
                right: owned(right),
                given: (0..left.len()).collect(),
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

    /// A digit: highlight row `row` and, for choices, select or tick it.
    pub fn pick(&mut self, row: usize) {
        if row >= self.rows() {
            return;
        }
        self.move_cursor(row as i32 - self.cursor().unwrap_or(0) as i32);
        self.toggle();
    }

    /// Ordering: moves the highlighted item `delta` places, the highlight following it.
    pub fn move_item(&mut self, delta: i32) {
        if let Draft::Ordering { order, cursor, .. } = self {
            let to = step(*cursor, delta, order.len().saturating_sub(1));
            if to != *cursor && to < order.len() && *cursor < order.len() {
                order.swap(*cursor, to);
                *cursor = to;
            }
        }
    }

    /// Matching: gives the highlighted left item the next (`+1`) or previous right
    /// value, swapping with the row that had it.
    pub fn cycle_right(&mut self, delta: i32) {
        if let Draft::Matching { given, cursor, .. } = self {
            let n = given.len();
            let Some(&current) = given.get(*cursor) else {
                return;
            };
            if n < 2 {
                return;
            }
            let next = (current as i64 + i64::from(delta)).rem_euclid(n as i64) as usize;
            if let Some(other) = given.iter().position(|&g| g == next) {
                given.swap(*cursor, other);
            }
        }
    }

    pub fn input(&mut self, c: char) {
        if let Draft::ShortText { text } = self
            && !c.is_control()
        {
            text.push(c);
        }
    }

    pub fn backspace(&mut self) {
        if let Draft::ShortText { text } = self {
            text.pop();
        }
    }

    /// The answer to grade. A single choice or true/false with nothing selected takes
    /// the highlighted row: Enter on a row means that row.
    pub fn answer(&self) -> Answer {
        match self {
            Draft::Choices {
                multiple: false,
                picked,
                cursor,
                ..
            } => Answer::Single(picked.iter().position(|&p| p).unwrap_or(*cursor)),
            Draft::Choices { picked, .. } => Answer::Multiple(
                picked
                    .iter()
                    .enumerate()
                    .filter(|(_, p)| **p)
                    .map(|(i, _)| i)
                    .collect(),
            ),
            Draft::TrueFalse { picked, cursor } => {
                Answer::TrueFalse(picked.unwrap_or(*cursor == 0))
            }
            Draft::ShortText { text } => Answer::ShortText(text.clone()),
            Draft::Ordering { order, .. } => Answer::Ordering(order.clone()),
            Draft::Matching { given, .. } => Answer::Matching(given.clone()),
        }
    }
}

fn step(from: usize, delta: i32, last: usize) -> usize {
    let to = from as i64 + i64::from(delta);
    to.clamp(0, last as i64) as usize
}
