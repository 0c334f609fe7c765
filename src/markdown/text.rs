//! Display-width measuring and the one styled-text wrapper every block uses.
//!
//! Text is measured by clusters (a base character and the zero-width characters that follow
//! it, with emoji joined by ZWJ kept whole), so a cluster is never split across lines and a
//! wide character never straddles the right edge. Prefixes (bullets, quote bars) are not
//! handled here: callers wrap to the width left after their prefix.

use ratatui::style::Style;
use ratatui::text::{Line, Span};
use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

/// Shown instead of a cluster wider than the whole available width (a CJK character at
/// width 1), so that no line ever exceeds its width.
const TOO_WIDE: &str = "…";

/// A run of inline text with one style, possibly part of a link (by link id).
/// A `'\n'` in `text` is a hard line break.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Piece {
    pub text: String,
    pub style: Style,
    pub link: Option<usize>,
}

impl Piece {
    pub fn new(text: impl Into<String>, style: Style) -> Self {
        Self {
            text: text.into(),
            style,
            link: None,
        }
    }
}

/// Where a link's text sits on a row, in display columns (`start..end`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct LinkMark {
    pub id: usize,
    pub start: usize,
    pub end: usize,
}

/// One output line under construction: styled runs, link marks and its width.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Row {
    runs: Vec<(String, Style)>,
    pub links: Vec<LinkMark>,
    pub width: usize,
}

impl Row {
    pub fn new() -> Self {
        Self::default()
    }

    /// Appends text measured by the caller as `width` columns.
    pub fn push_measured(&mut self, text: &str, width: usize, style: Style, link: Option<usize>) {
        if text.is_empty() {
            return;
        }
        match self.runs.last_mut() {
            Some((last, s)) if *s == style => last.push_str(text),
            _ => self.runs.push((text.to_owned(), style)),
        }
        if let Some(id) = link {
            match self.links.last_mut() {
                Some(mark) if mark.id == id && mark.end == self.width => mark.end += width,
                _ => self.links.push(LinkMark {
                    id,
                    start: self.width,
                    end: self.width + width,
                }),
            }
        }
        self.width += width;
    }

    pub fn push(&mut self, text: &str, style: Style) {
        self.push_measured(text, str_width(text), style, None);
    }

    /// Appends `n` spaces.
    pub fn pad(&mut self, n: usize, style: Style) {
        if n > 0 {
            self.push_measured(&" ".repeat(n), n, style, None);
        }
    }

    /// Appends another row, shifting its link marks.
    pub fn append(&mut self, other: Row) {
        let shift = self.width;
        for (text, style) in other.runs {
            match self.runs.last_mut() {
                Some((last, s)) if *s == style => last.push_str(&text),
                _ => self.runs.push((text, style)),
            }
        }
        self.links.extend(other.links.into_iter().map(|m| LinkMark {
            start: m.start + shift,
            end: m.end + shift,
            ..m
        }));
        self.width += other.width;
    }

    /// This row cut to at most `max` columns (whole clusters), link marks clamped.
    pub fn truncated(self, max: usize) -> Row {
        if self.width <= max {
            return self;
        }
        let mut out = Row::new();
        'runs: for (text, style) in &self.runs {
            for (c, w) in clusters(text) {
                if out.width + w > max {
                    break 'runs;
                }
                out.push_measured(c, w, *style, None);
            }
        }
        out.links = self
            .links
            .into_iter()
            .filter(|m| m.start < out.width)
            .map(|m| LinkMark {
                end: m.end.min(out.width),
                ..m
            })
            .collect();
        out
    }

    /// The concatenated text, without styles.
    pub fn text(&self) -> String {
        self.runs.iter().map(|(t, _)| t.as_str()).collect()
    }

    pub fn into_line(self) -> Line<'static> {
        Line::from(
            self.runs
                .into_iter()
                .map(|(t, s)| Span::styled(t, s))
                .collect::<Vec<_>>(),
        )
    }
}

/// Splits text into clusters with their display widths.
pub(crate) fn clusters(s: &str) -> impl Iterator<Item = (&str, usize)> {
    let mut rest = s;
    std::iter::from_fn(move || {
        let mut chars = rest.char_indices();
        let (_, first) = chars.next()?;
        let mut end = first.len_utf8();
        let mut prev = first;
        for (i, c) in chars {
            let joins = prev == '\u{200D}' || c.width() == Some(0) && !c.is_control();
            if !joins {
                break;
            }
            end = i + c.len_utf8();
            prev = c;
        }
        let (cluster, tail) = rest.split_at(end);
        rest = tail;
        Some((cluster, cluster.width()))
    })
}

/// Display width, consistent with how the wrapper measures.
pub(crate) fn str_width(s: &str) -> usize {
    clusters(s).map(|(_, w)| w).sum()
}

/// Removes control characters (terminal escapes must never reach the output) and turns
/// tabs into a space; newlines are kept for the caller to interpret.
pub(crate) fn clean(s: &str) -> String {
    s.chars()
        .filter_map(|c| match c {
            '\t' => Some(' '),
            '\n' => Some('\n'),
            c if c.is_control() => None,
            c => Some(c),
        })
        .collect()
}

/// Cuts `s` to at most `width` columns (whole clusters only).
pub(crate) fn truncate(s: &str, width: usize) -> (String, usize) {
    let mut out = String::new();
    let mut w = 0;
    for (c, cw) in clusters(s) {
        if w + cw > width {
            break;
        }
        out.push_str(c);
        w += cw;
    }
    (out, w)
}

struct Atom<'a> {
    text: &'a str,
    width: usize,
    style: Style,
    link: Option<usize>,
}

enum Item<'a> {
    Space(Atom<'a>),
    Newline,
    Word(Vec<Atom<'a>>),
}

fn flush_word<'a>(word: &mut Vec<Atom<'a>>, out: &mut Vec<Item<'a>>) {
    if !word.is_empty() {
        out.push(Item::Word(std::mem::take(word)));
    }
}

fn items(pieces: &[Piece]) -> Vec<Item<'_>> {
    let mut out = Vec::new();
    let mut word: Vec<Atom<'_>> = Vec::new();
    let flush = flush_word;
    for piece in pieces {
        for (text, width) in clusters(&piece.text) {
            let atom = Atom {
                text,
                width,
                style: piece.style,
                link: piece.link,
            };
            if text == "\n" {
                flush(&mut word, &mut out);
                out.push(Item::Newline);
            } else if text.starts_with(' ') {
                flush(&mut word, &mut out);
                out.push(Item::Space(atom));
            } else if width >= 2 {
                // Wide (CJK, emoji) characters may break without a space, like browsers do.
                flush(&mut word, &mut out);
                out.push(Item::Word(vec![atom]));
            } else {
                word.push(atom);
            }
        }
    }
    flush(&mut word, &mut out);
    glue_french_punctuation(out)
}

/// French typography puts a space before `;:!?»` and after `«`: that space must not
/// become a line break, or a line would start with `;` or end with `«`.
fn glue_french_punctuation(items: Vec<Item<'_>>) -> Vec<Item<'_>> {
    let mut out: Vec<Item<'_>> = Vec::with_capacity(items.len());
    let mut iter = items.into_iter().peekable();
    while let Some(item) = iter.next() {
        let Item::Space(space) = item else {
            out.push(item);
            continue;
        };
        let after_open_quote =
            matches!(out.last(), Some(Item::Word(w)) if w.last().is_some_and(|a| a.text == "«"));
        let before_close = matches!(
            iter.peek(),
            Some(Item::Word(w)) if w.first().is_some_and(|a| matches!(a.text, ";" | ":" | "!" | "?" | "»"))
        );
        let glue = (after_open_quote || before_close)
            && matches!(out.last(), Some(Item::Word(_)))
            && matches!(iter.peek(), Some(Item::Word(_)));
        if !glue {
            out.push(Item::Space(space));
            continue;
        }
        if let (Some(Item::Word(prev)), Some(Item::Word(next))) = (out.last_mut(), iter.next()) {
            prev.push(space);
            prev.extend(next);
        }
    }
    out
}

fn put(row: &mut Row, atom: &Atom<'_>, width: usize) {
    if atom.width > width {
        row.push_measured(TOO_WIDE, 1, atom.style, atom.link);
    } else {
        row.push_measured(atom.text, atom.width, atom.style, atom.link);
    }
}

/// Wraps styled pieces to `width` columns (at least 1): greedy, breaking at spaces and
/// around wide characters, splitting words longer than the width, dropping spaces at soft
/// breaks. Always returns at least one row.
pub(crate) fn wrap(pieces: &[Piece], width: usize) -> Vec<Row> {
    let width = width.max(1);
    let mut rows = vec![Row::new()];
    let mut spaces: Vec<Atom<'_>> = Vec::new();
    // True when the current row began at a soft wrap: its leading spaces are dropped.
    let mut soft = false;
    for item in items(pieces) {
        match item {
            Item::Newline => {
                rows.push(Row::new());
                spaces.clear();
                soft = false;
            }
            Item::Space(atom) => spaces.push(atom),
            Item::Word(atoms) => {
                let word_w: usize = atoms.iter().map(|a| a.width).sum();
                let Some(row) = rows.last_mut() else { continue };
                let mut space_w: usize = spaces.iter().map(|a| a.width).sum();
                if row.width == 0 && soft {
                    spaces.clear();
                    space_w = 0;
                }
                if row.width + space_w + word_w <= width {
                    for a in spaces.drain(..) {
                        put(row, &a, width);
                    }
                    for a in &atoms {
                        put(row, a, width);
                    }
                    continue;
                }
                spaces.clear();
                if row.width > 0 {
                    rows.push(Row::new());
                    soft = true;
                }
                for a in &atoms {
                    let Some(row) = rows.last_mut() else { break };
                    if row.width > 0 && row.width + a.width.min(width) > width {
                        rows.push(Row::new());
                        soft = true;
                    }
                    if let Some(row) = rows.last_mut() {
                        // A glued space (`« oui`) split at a soft break is dropped there.
                        if !(soft && row.width == 0 && a.text == " ") {
                            put(row, a, width);
                        }
                    }
                }
            }
        }
    }
    rows
}

#[cfg(test)]
#[path = "text_tests.rs"]
mod tests;
