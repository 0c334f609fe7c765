//! Markdown to a styled document wrapped to a width (pure: no terminal, no global state).
//!
//! [`render`] parses CommonMark with GitHub's extensions (tables, task lists, footnotes,
//! strikethrough, alerts) with pulldown-cmark and lays it out for one width: callers compute
//! a [`Document`] once per (document, width) and draw slices of its ready-made lines.
//! The document also lists its headings (with GitHub anchors, see [`slug`]), its links with
//! their screen positions, and its footnotes. [`to_ansi`] and [`to_plain`] write a document
//! out for the command line; [`render_for_cli`] is the one entry point `render` and `read`
//! share. Drawing to a terminal and OSC 8 inside the TUI belong to `tui`, not here.

mod blocks;
mod code;
mod highlight;
mod html;
mod output;
mod table;
mod text;
mod theme;

use std::collections::HashSet;
use std::ops::Range;

use ratatui::text::Line;

pub use highlight::{Language, TokenKind, highlight};
pub use output::{OutputMode, render_for_cli, to_ansi, to_plain};
pub use theme::{AlertTheme, SyntaxTheme, Theme};

/// A markdown document laid out for one width.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Document {
    /// The width the document was laid out for (callers cache one document per width).
    pub width: u16,
    /// Ready-to-draw lines, none wider than the width the document was rendered for.
    pub lines: Vec<Line<'static>>,
    /// Headings in document order.
    pub headings: Vec<HeadingPos>,
    /// Every visible fragment of every link, in document order; a link wrapped over two
    /// lines has two entries with the same `id`.
    pub links: Vec<LinkPos>,
    /// Footnote definitions, listed at the end of the document, by number.
    pub footnotes: Vec<FootnotePos>,
}

impl Document {
    /// The heading with this anchor (`le-corps-brut-`), to scroll to `#anchor` links.
    pub fn heading(&self, slug: &str) -> Option<&HeadingPos> {
        self.headings.iter().find(|h| h.slug == slug)
    }

    /// The link fragment under a display column of a line (mouse clicks).
    pub fn link_at(&self, line: usize, column: usize) -> Option<&LinkPos> {
        self.links
            .iter()
            .find(|l| l.line == line && l.columns.contains(&column))
    }
}

/// A heading and where it starts in [`Document::lines`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HeadingPos {
    /// 1 to 6.
    pub level: u8,
    /// The heading's text without markup.
    pub text: String,
    /// GitHub-style anchor, unique in the document (`le-corps-brut-`, `faq-1`).
    pub slug: String,
    /// Index of the heading's first line.
    pub line: usize,
}

/// One line's fragment of a link.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LinkPos {
    /// Index of the line in [`Document::lines`].
    pub line: usize,
    /// Display columns of the fragment on that line (including the external URL shown in
    /// parentheses after the text).
    pub columns: Range<usize>,
    /// The link's destination as written (`https://…`, `./03-IMPLEMENTATION.md#ancre`, `#ancre`).
    pub url: String,
    /// True for links inside the course: `#anchor` or a relative path, no URL scheme.
    pub internal: bool,
    /// The link's number in the document; fragments of one link share it.
    pub id: usize,
}

/// A footnote definition in the notes at the end of the document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FootnotePos {
    /// The label as written (`[^label]`).
    pub label: String,
    /// The number shown, `[1]`, in order of first reference.
    pub number: usize,
    /// Index of the definition's first line.
    pub line: usize,
}

/// Lays `src` out for `width` display columns (0 is treated as 1) with `theme`'s styles.
/// Never panics, whatever the input; no line of the result is wider than the width.
/// A leading byte-order mark is ignored.
pub fn render(src: &str, width: u16, theme: &Theme) -> Document {
    let src = src.strip_prefix('\u{feff}').unwrap_or(src);
    blocks::Walker::new(usize::from(width.max(1)), theme).run(src)
}

/// The headings of a document (level, text, unique slug), exactly as the reader and its
/// links see them. It lays the document out once, so callers that need only anchors
/// (`check`, the quiz's `see` links) agree with the reader by construction.
pub fn outline(src: &str) -> Vec<HeadingPos> {
    render(src, OUTLINE_WIDTH, &Theme::plain()).headings
}

/// Any width works for [`outline`]: slugs and texts do not depend on it.
const OUTLINE_WIDTH: u16 = 100;

/// GitHub's anchor for a heading's text: lowercase, letters (accents kept), digits, `-` and
/// `_` kept, each space becomes `-`, any other character is dropped.
/// `"Le corps brut !"` → `"le-corps-brut-"`, `"Exercice 1 — Pourquoi"` → `"exercice-1--pourquoi"`.
/// Duplicates within a document are numbered by [`Slugger`].
pub fn slug(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if c == ' ' {
            out.push('-');
        } else if c.is_alphanumeric() || c == '-' || c == '_' || is_mark(c) {
            out.extend(c.to_lowercase());
        }
    }
    out
}

/// Combining marks (kept by GitHub's slugger): zero-width, printable characters.
fn is_mark(c: char) -> bool {
    use unicode_width::UnicodeWidthChar;
    c.width() == Some(0)
        && !c.is_control()
        && !matches!(c, '\u{200B}'..='\u{200F}' | '\u{2028}'..='\u{206F}' | '\u{FEFF}')
}

/// Hands out unique anchors in document order, as GitHub does: the second `faq` heading
/// becomes `faq-1`, the third `faq-2`.
#[derive(Debug, Default, Clone)]
pub struct Slugger {
    seen: HashSet<String>,
}

impl Slugger {
    pub fn new() -> Self {
        Self::default()
    }

    /// The unique anchor for the next heading with this text.
    pub fn slug(&mut self, text: &str) -> String {
        let base = slug(text);
        let mut candidate = base.clone();
        let mut n = 0;
        while self.seen.contains(&candidate) {
            n += 1;
            candidate = format!("{base}-{n}");
        }
        self.seen.insert(candidate.clone());
        candidate
    }
}

#[cfg(test)]
#[path = "markdown/tests.rs"]
mod tests;

#[cfg(test)]
#[path = "markdown/proptests.rs"]
mod proptests;
