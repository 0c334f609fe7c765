//! Display-width measuring and the one styled-text wrapper every block uses.
//!
//! Text is measured by clusters (a base character and the zero-width characters that follow
//! it, with emoji joined by ZWJ kept whole), so a cluster is never split across lines and a
//! wide character never straddles the right edge. Prefixes (bullets, quote bars) are not
//! handled here: callers wrap to the width left after their prefix.

use std::ops::Range;

use ratatui::style::Style;
use ratatui::text::{Line, Span};
use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

/// Shown instead of a cluster wider than the whole available width (a CJK character at
/// width 1), so that no line ever exceeds its width.
const TOO_WIDE: &str = "…";
/// Bytes reserved for a new styled run of a row (most runs are shorter than a line).
const RUN_CAPACITY: usize = 48;

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
    /// Styled runs, kept as the spans the finished line is made of (no copy at the end).
    runs: Vec<Span<'static>>,
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
            Some(last) if last.style == style => last.content.to_mut().push_str(text),
            _ => {
                // Room for the rest of a typical line: one allocation per run.
                let mut content = String::with_capacity(text.len().max(RUN_CAPACITY));
                content.push_str(text);
                self.runs.push(Span::styled(content, style));
            }
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

    /// Appends an owned string, moved in as a new run when the style changes.
    pub fn push_owned(&mut self, text: String, style: Style) {
        if text.is_empty() {
            return;
        }
        self.width += str_width(&text);
        match self.runs.last_mut() {
            Some(last) if last.style == style => last.content.to_mut().push_str(&text),
            _ => self.runs.push(Span::styled(text, style)),
        }
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
        if self.runs.is_empty() && self.links.is_empty() && self.width == 0 {
            *self = other;
            return;
        }
        let shift = self.width;
        for span in other.runs {
            match self.runs.last_mut() {
                Some(last) if last.style == span.style => {
                    last.content.to_mut().push_str(&span.content);
                }
                _ => self.runs.push(span),
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
        'runs: for span in &self.runs {
            for (c, w) in clusters(&span.content) {
                if out.width + w > max {
                    break 'runs;
                }
                out.push_measured(c, w, span.style, None);
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
        self.runs.iter().map(|s| s.content.as_ref()).collect()
    }

    pub fn into_line(self) -> Line<'static> {
        Line::from(self.runs)
    }
}

/// Splits text into clusters with their display widths.
pub(crate) fn clusters(s: &str) -> impl Iterator<Item = (&str, usize)> {
    let mut rest = s;
    std::iter::from_fn(move || {
        // Fast path: a printable ASCII character not followed by a combining mark.
        let bytes = rest.as_bytes();
        if bytes.first().is_some_and(|b| (0x20..0x7f).contains(b))
            && bytes.get(1).is_none_or(|b| b.is_ascii())
        {
            let (cluster, tail) = rest.split_at(1);
            rest = tail;
            return Some((cluster, 1));
        }
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
    if s.bytes().all(|b| (0x20..0x7f).contains(&b)) {
        return s.len();
    }
    clusters(s).map(|(_, w)| w).sum()
}

/// Removes control characters (terminal escapes must never reach the output) and turns
/// tabs into a space; newlines are kept for the caller to interpret.
pub(crate) fn clean(s: &str) -> String {
    if !s.chars().any(|c| c.is_control() && c != '\n') {
        return s.to_owned();
    }
    s.chars()
        .filter_map(|c| match c {
            '\t' => Some(' '),
            '\n' => Some('\n'),
            c if c.is_control() => None,
            c => Some(c),
        })
        .collect()
}

/// [`clean`] for inline text, newlines (soft breaks) turned into spaces; borrowed when
/// there is nothing to change, which is nearly always.
pub(crate) fn clean_line(s: &str) -> std::borrow::Cow<'_, str> {
    if s.chars().any(char::is_control) {
        std::borrow::Cow::Owned(clean(s).replace('\n', " "))
    } else {
        std::borrow::Cow::Borrowed(s)
    }
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

/// A run of text with one style: a space, a wide character, or consecutive narrow
/// characters of one piece (a word, or the part of it in one style). A word wider than
/// the whole line is split back into characters ([`explode`]) to be cut.
#[derive(Clone, Copy)]
struct Atom<'a> {
    text: &'a str,
    width: usize,
    style: Style,
    link: Option<usize>,
    /// Index of the piece the text comes from, and its byte offset there: consecutive
    /// atoms of one piece are written to a row as one slice.
    piece: usize,
    offset: usize,
    /// Made of narrow (width 1) clusters only, so more may join it.
    narrow: bool,
}

/// A wrapping unit; words and spaces index into one flat list of atoms, so a paragraph
/// costs two allocations rather than one per word.
#[derive(Clone)]
enum Item {
    Space(usize),
    Newline,
    Word(Range<usize>),
}

fn atoms_and_items(pieces: &[Piece]) -> (Vec<Atom<'_>>, Vec<Item>) {
    // About one atom per word or space.
    let bytes: usize = pieces.iter().map(|p| p.text.len()).sum();
    let mut atoms: Vec<Atom<'_>> = Vec::with_capacity(bytes / 3 + 1);
    let mut items = Vec::with_capacity(bytes / 3 + 1);
    let mut word_start = None;
    let end_word = |start: &mut Option<usize>, end: usize, items: &mut Vec<Item>| {
        if let Some(s) = start.take() {
            items.push(Item::Word(s..end));
        }
    };
    for (piece_index, piece) in pieces.iter().enumerate() {
        let bytes = piece.text.as_bytes();
        let mut offset = 0;
        while offset < bytes.len() {
            let index = atoms.len();
            let at = offset;
            // Fast path: a run of narrow characters (printable ASCII but the space, and
            // accented letters or punctuation one column wide), one column each; a
            // character followed by a zero-width one (a combining mark joins it) is left
            // to the cluster path.
            let (end, count) = narrow_run(piece.text.get(offset..).unwrap_or(""));
            let end = offset + end;
            let (text, width) = if end > offset {
                (piece.text.get(offset..end).unwrap_or(""), count)
            } else {
                match piece
                    .text
                    .get(offset..)
                    .and_then(|rest| clusters(rest).next())
                {
                    Some(cluster) => cluster,
                    None => break,
                }
            };
            offset += text.len().max(1);
            if text == "\n" {
                end_word(&mut word_start, index, &mut items);
                items.push(Item::Newline);
                continue;
            }
            let space = text.starts_with(' ');
            let ascii_run = end > at;
            let narrow = !space && (ascii_run || width == 1);
            // Narrow text right after narrow text of the same word and piece extends it.
            if narrow
                && word_start.is_some()
                && let Some(last) = atoms.last_mut()
                && last.narrow
                && last.piece == piece_index
                && last.offset + last.text.len() == at
            {
                last.text = piece.text.get(last.offset..offset).unwrap_or(last.text);
                last.width += width;
                continue;
            }
            atoms.push(Atom {
                text,
                width,
                style: piece.style,
                link: piece.link,
                piece: piece_index,
                offset: at,
                narrow,
            });
            if space {
                end_word(&mut word_start, index, &mut items);
                items.push(Item::Space(index));
            } else if width >= 2 && !narrow {
                // Wide (CJK, emoji) characters may break without a space, like browsers do.
                end_word(&mut word_start, index, &mut items);
                items.push(Item::Word(index..index + 1));
            } else if word_start.is_none() {
                word_start = Some(index);
            }
        }
    }
    end_word(&mut word_start, atoms.len(), &mut items);
    let items = glue_french_punctuation(&atoms, items);
    (atoms, items)
}

/// The length in bytes and in characters of the run of narrow characters `s` starts
/// with (see `atoms_and_items`).
fn narrow_run(s: &str) -> (usize, usize) {
    let bytes = s.as_bytes();
    // Printable ASCII but the space, not followed by a non-ASCII byte: the usual case.
    let mut end = 0;
    while bytes.get(end).is_some_and(|b| (0x21..0x7f).contains(b)) {
        end += 1;
    }
    if bytes.get(end).is_none_or(|b| *b < 0x80) {
        return (end, end);
    }
    let mut count = end;
    let mut chars = s.get(end..).unwrap_or("").chars().peekable();
    // The ASCII character before a non-ASCII one is checked again with it.
    if end > 0 {
        end -= 1;
        count -= 1;
        chars = s.get(end..).unwrap_or("").chars().peekable();
    }
    while let Some(c) = chars.next() {
        let narrow = if c.is_ascii() {
            (0x21..0x7f).contains(&(c as u32))
        } else {
            !c.is_control() && c.width() == Some(1)
        };
        let joined = chars
            .peek()
            .is_some_and(|n| !n.is_ascii() && !n.is_control() && n.width() == Some(0));
        if !narrow || joined {
            break;
        }
        end += c.len_utf8();
        count += 1;
    }
    (end, count)
}

/// A word's atoms one cluster each, for cutting a word wider than the line.
fn explode<'a>(word: &[Atom<'a>]) -> Vec<Atom<'a>> {
    let mut out = Vec::with_capacity(word.iter().map(|a| a.text.len()).sum());
    for atom in word {
        let mut offset = atom.offset;
        for (text, width) in clusters(atom.text) {
            out.push(Atom {
                text,
                width,
                offset,
                narrow: false,
                ..*atom
            });
            offset += text.len();
        }
    }
    out
}

/// French typography puts a space before `;:!?»` and after `«`: that space must not
/// become a line break, or a line would start with `;` or end with `«`.
fn glue_french_punctuation(atoms: &[Atom<'_>], items: Vec<Item>) -> Vec<Item> {
    let text = |i: usize| atoms.get(i).map_or("", |a| a.text);
    let mut out: Vec<Item> = Vec::with_capacity(items.len());
    let mut iter = items.into_iter().peekable();
    while let Some(item) = iter.next() {
        let Item::Space(space) = item else {
            out.push(item);
            continue;
        };
        let glued = match (out.last(), iter.peek()) {
            (Some(Item::Word(prev)), Some(Item::Word(next)))
                if prev.end == space
                    && next.start == space + 1
                    && (text(prev.end - 1).ends_with('«')
                        || text(next.start).starts_with([';', ':', '!', '?', '»'])) =>
            {
                Some(prev.start..next.end)
            }
            _ => None,
        };
        match glued {
            Some(range) => {
                iter.next();
                if let Some(last) = out.last_mut() {
                    *last = Item::Word(range);
                }
            }
            None => out.push(Item::Space(space)),
        }
    }
    out
}

/// How many atoms of a word too long for its line go on this line (at least one): as
/// many as fit, cut back to just after a `.`, `/`, `-`, `_` or `,` when one sits in the
/// second half, so `organizationInvitation.created` breaks after the dot.
fn split_point(word: &[Atom<'_>], cap: usize) -> usize {
    let mut used = 0;
    let mut n = 0;
    for a in word {
        if n > 0 && used + a.width > cap {
            break;
        }
        used += a.width;
        n += 1;
    }
    if n >= word.len() {
        return n;
    }
    let mut width_before = used;
    for k in (1..n).rev() {
        let Some(last) = word.get(k) else { break };
        width_before -= last.width;
        if width_before * 2 <= cap {
            break;
        }
        if word
            .get(k - 1)
            .is_some_and(|a| matches!(a.text, "." | "/" | "-" | "_" | "," | ":" | "=" | "&" | "?"))
        {
            return k;
        }
    }
    n
}

fn put(row: &mut Row, atom: &Atom<'_>, width: usize) {
    if atom.width > width {
        row.push_measured(TOO_WIDE, 1, atom.style, atom.link);
    } else {
        row.push_measured(atom.text, atom.width, atom.style, atom.link);
    }
}

/// Writes `atoms` to `row` as [`put`] would, but each run of consecutive atoms of one
/// piece as one slice (one push rather than one per character).
fn put_all<'a, 'b: 'a>(
    row: &mut Row,
    atoms: impl IntoIterator<Item = &'a Atom<'b>>,
    pieces: &[Piece],
    width: usize,
) {
    // The run being gathered: piece, byte range in it, display width, and its first atom.
    type Run<'a, 'b> = Option<(usize, usize, usize, usize, &'a Atom<'b>)>;
    let mut run: Run<'a, 'b> = None;
    let flush = |row: &mut Row, run: &mut Run<'a, 'b>| {
        if let Some((piece, start, end, w, first)) = run.take() {
            match pieces.get(piece).and_then(|p| p.text.get(start..end)) {
                Some(text) => row.push_measured(text, w, first.style, first.link),
                None => put(row, first, width),
            }
        }
    };
    for atom in atoms {
        if atom.width > width {
            flush(row, &mut run);
            put(row, atom, width);
            continue;
        }
        match &mut run {
            Some((piece, _, end, w, _)) if *piece == atom.piece && *end == atom.offset => {
                *end += atom.text.len();
                *w += atom.width;
            }
            _ => {
                flush(row, &mut run);
                run = Some((
                    atom.piece,
                    atom.offset,
                    atom.offset + atom.text.len(),
                    atom.width,
                    atom,
                ));
            }
        }
    }
    flush(row, &mut run);
}

/// Wraps styled pieces to `width` columns (at least 1): greedy, breaking at spaces and
/// around wide characters, splitting words longer than the width, dropping spaces at soft
/// breaks. Always returns at least one row.
pub(crate) fn wrap(pieces: &[Piece], width: usize) -> Vec<Row> {
    let width = width.max(1);
    let (atoms, items) = atoms_and_items(pieces);

    let mut rows = vec![Row::new()];
    let mut spaces: Vec<usize> = Vec::new();
    // True when the current row began at a soft wrap: its leading spaces are dropped.
    let mut soft = false;
    for item in items {
        match item {
            Item::Newline => {
                rows.push(Row::new());
                spaces.clear();
                soft = false;
            }
            Item::Space(i) => spaces.push(i),
            Item::Word(range) => {
                let word = atoms.get(range).unwrap_or_default();
                let word_w: usize = word.iter().map(|a| a.width).sum();
                let Some(row) = rows.last_mut() else { continue };
                if row.width == 0 && soft {
                    spaces.clear();
                }
                let space_w: usize = spaces
                    .iter()
                    .filter_map(|i| atoms.get(*i))
                    .map(|a| a.width)
                    .sum();
                if row.width + space_w + word_w <= width {
                    let spaces = spaces.drain(..).filter_map(|i| atoms.get(i));
                    put_all(row, spaces.chain(word), pieces, width);
                    continue;
                }
                spaces.clear();
                if row.width > 0 {
                    rows.push(Row::new());
                    soft = true;
                }
                // Only a word wider than a whole line is cut, character by character.
                let exploded;
                let mut rest = if word_w > width {
                    exploded = explode(word);
                    exploded.as_slice()
                } else {
                    word
                };
                while !rest.is_empty() {
                    let Some(row) = rows.last_mut() else { break };
                    // A glued space (`« oui`) split at a soft break is dropped there.
                    if soft && row.width == 0 {
                        while let Some((first, tail)) = rest.split_first()
                            && first.text == " "
                        {
                            rest = tail;
                        }
                    }
                    let take = split_point(rest, width.saturating_sub(row.width).max(1));
                    let (chunk, tail) = rest.split_at(take.min(rest.len()));
                    put_all(row, chunk, pieces, width);
                    rest = tail;
                    if !rest.is_empty() {
                        rows.push(Row::new());
                        soft = true;
                    }
                }
            }
        }
    }
    rows
}

/// Columns `offset..offset + visible` of a code line (a wide character cut by either
/// edge becomes a space), padded to `visible` columns. When `boxed`, framed by the
/// padding columns of the box: `‹` before when scrolled, `›` after when more follows.
pub fn window_line(
    line: &Line<'static>,
    offset: usize,
    visible: usize,
    boxed: bool,
    theme: &super::Theme,
) -> Line<'static> {
    let mut row = Row::new();
    let mut col = 0;
    let mut more = false;
    'spans: for span in &line.spans {
        for (cluster, w) in clusters(&span.content) {
            let start = col;
            col += w;
            if col <= offset {
                continue;
            }
            if start < offset {
                // A wide character cut by the left edge.
                row.pad(col - offset, span.style);
                continue;
            }
            if row.width + w > visible {
                more = true;
                break 'spans;
            }
            row.push_measured(cluster, w, span.style, None);
        }
    }
    row.pad(visible - row.width.min(visible), Style::new());
    if !boxed {
        return row.into_line();
    }
    let mut framed = Row::new();
    let left = if offset > 0 {
        super::code::MORE_LEFT
    } else {
        " "
    };
    framed.push(left, theme.code_wrap);
    framed.append(row);
    framed.push(
        if more { super::code::MORE_RIGHT } else { " " },
        theme.code_wrap,
    );
    framed.into_line()
}

#[cfg(test)]
#[path = "text_tests.rs"]
mod tests;
