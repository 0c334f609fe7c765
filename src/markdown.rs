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
pub mod find;
mod highlight;
mod html;
mod output;
mod table;
mod text;
mod theme;

use std::collections::HashMap;
use std::ops::Range;
use std::sync::Arc;

use ratatui::text::Line;

pub use highlight::{Language, TokenKind, highlight};
pub use output::{OutputMode, render_for_cli, to_ansi, to_plain};
pub use text::window_line;
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
    /// Code blocks in document order.
    pub code_blocks: Vec<CodeBlock>,
    /// `<details>` folds, in document order ([`render_folded`] only).
    pub folds: Vec<FoldPos>,
}

/// A `<details>` block's summary line in a folded rendering.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FoldPos {
    /// Index of the summary line in [`Document::lines`].
    pub line: usize,
    /// `section-slug/summary` (numbered when repeated in a section): what progress saves.
    pub key: String,
    /// The summary's text (`Indice 1`).
    pub summary: String,
    /// Shown unfolded (its name was in the open set).
    pub open: bool,
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

/// A fenced or indented code block: its exact text, and where its code sits on screen so
/// that the reader can scroll it sideways (code lines never wrap).
#[derive(Debug, Clone, PartialEq)]
pub struct CodeBlock {
    /// The code exactly as written in the file: what `y` copies and `--code N` prints.
    pub text: String,
    /// The first word of the info string (`ts`, `bash`), empty when there is none.
    pub lang: String,
    /// Index in [`Document::lines`] of the first line of code (after the top border).
    pub first_line: usize,
    /// Display column where the code starts on its lines.
    pub column: usize,
    /// Columns of code shown on each line.
    pub visible: usize,
    /// Display width of the widest line of code.
    pub content_width: usize,
    /// Every line of code in full, highlighted: the window the reader shows when the
    /// block is scrolled sideways. Empty when the block fits its box (it never scrolls).
    pub lines: Vec<Line<'static>>,
    /// Lines of code in the block.
    pub line_count: usize,
    /// True when drawn in a box, whose padding columns (just left and right of the code)
    /// hold the `‹` and `›` markers.
    pub boxed: bool,
}

impl CodeBlock {
    /// Document lines holding code (borders excluded).
    pub fn line_range(&self) -> Range<usize> {
        self.first_line..self.first_line + self.line_count
    }

    /// The furthest sideways scroll that still shows the end of the widest line.
    pub fn max_offset(&self) -> usize {
        self.content_width.saturating_sub(self.visible)
    }

    /// Line `i` of the block scrolled by `offset` columns, with its markers: what the
    /// reader draws at column `column - 1` (the left padding, `‹` when scrolled) over
    /// `visible + 2` columns. `None` for a line outside the block.
    pub fn window(&self, i: usize, offset: usize, theme: &Theme) -> Option<Line<'static>> {
        let line = self.lines.get(i)?;
        Some(window_line(line, offset, self.visible, self.boxed, theme))
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
    /// The link's destination as written (`https://…`, `./03-IMPLEMENTATION.md#ancre`, `#ancre`);
    /// every fragment of a link shares this one copy.
    pub url: Arc<str>,
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
    blocks::Walker::new(usize::from(width.max(1)), theme, false).run(src)
}

/// [`render`] for the reader: each `<details>` block shows only its summary line
/// (`▸ Indice 1`) unless its [`FoldPos::key`] is in `open` (then `▾ Indice 1` and its
/// content). Headings inside a folded block take no anchor while it is folded.
pub fn render_folded(
    src: &str,
    width: u16,
    theme: &Theme,
    open: &std::collections::BTreeSet<String>,
) -> Document {
    let src = src.strip_prefix('\u{feff}').unwrap_or(src);
    blocks::Walker::new(usize::from(width.max(1)), theme, false)
        .with_folds(open)
        .run(src)
}

/// [`render`] for the command line: code lines are never cut, a code box grows past
/// `width` to hold its longest line (so that `render --plain` output copies whole).
/// Every other line fits the width.
pub fn render_whole_code(src: &str, width: u16, theme: &Theme) -> Document {
    let src = src.strip_prefix('\u{feff}').unwrap_or(src);
    blocks::Walker::new(usize::from(width.max(1)), theme, true).run(src)
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

/// The longest link destination shown and followed, in bytes. Browsers and servers are
/// only required to handle about 8,000 bytes (RFC 9110, section 4.1), and no course page
/// needs more; a longer address is replaced by a French note saying so, so that a hostile
/// file cannot make every wrapped row carry a huge address.
pub const MAX_URL_BYTES: usize = 8 * 1024;

/// Hands out unique anchors in document order, as GitHub does: the second `faq` heading
/// becomes `faq-1`, the third `faq-2`.
///
/// Like github-slugger, it keeps the last number handed out for each base slug, so that
/// n identical headings cost O(n) rather than O(n²) probes.
#[derive(Debug, Default, Clone)]
pub struct Slugger {
    /// Every anchor handed out, with the last suffix tried for it as a base.
    occurrences: HashMap<String, usize>,
}

impl Slugger {
    pub fn new() -> Self {
        Self::default()
    }

    /// The unique anchor for the next heading with this text.
    pub fn slug(&mut self, text: &str) -> String {
        let base = slug(text);
        let mut candidate = base.clone();
        while self.occurrences.contains_key(&candidate) {
            let n = self.occurrences.entry(base.clone()).or_insert(0);
            *n += 1;
            candidate = format!("{base}-{n}");
        }
        self.occurrences.insert(candidate.clone(), 0);
        candidate
    }
}

#[cfg(test)]
#[path = "markdown/tests.rs"]
mod tests;

#[cfg(test)]
#[path = "markdown/proptests.rs"]
mod proptests;

#[doc(hidden)]
#[path = "markdown/scaling.rs"]
pub mod scaling;

#[cfg(test)]
#[path = "markdown/scaling_tests.rs"]
mod scaling_tests;
