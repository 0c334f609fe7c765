//! Fenced and indented code blocks: highlighted, tabs expanded, boxed with the language in
//! the top border. A code line never wraps (copy-paste must get it whole): on screen a
//! line wider than the box is cut at the box's edge with a `›` in the right padding, and
//! the reader scrolls the block sideways through [`CodeLayout::lines`]; the command line
//! (`whole`) widens the box to the longest line instead.

use ratatui::style::Style;
use ratatui::text::{Line, Span};

use super::Theme;
use super::highlight::{Language, TokenKind, highlight};
use super::text::{Row, clusters, str_width, truncate};

const TAB_STOP: usize = 4;
/// Shown in the right padding of a line that goes on past the box.
pub(crate) const MORE_RIGHT: &str = "›";
/// Shown in the left padding of a line scrolled sideways.
pub(crate) const MORE_LEFT: &str = "‹";
/// Narrower than this, a box would leave no room for code: lines are drawn bare.
const MIN_BOX: usize = 10;

type StyledLine = Vec<(String, Style)>;

/// What the reader needs to scroll a block sideways.
pub(crate) struct CodeLayout {
    /// Every code line in full, highlighted; empty when every line fits the box.
    pub lines: Vec<Line<'static>>,
    /// Lines of code in the block.
    pub line_count: usize,
    /// Width of the widest line.
    pub content_width: usize,
    /// Column of the code inside a row (2 in a box: `│ `).
    pub column: usize,
    /// Columns of code shown per row.
    pub visible: usize,
    pub boxed: bool,
}

/// The block's rows (borders included) and its layout. `whole`: never cut a line, the box
/// grows past `width` if need be (the command line's output).
pub(crate) fn render(
    code: &str,
    info: &str,
    width: usize,
    theme: &Theme,
    whole: bool,
) -> (Vec<Row>, CodeLayout) {
    let width = width.max(1);
    let label = info.split_whitespace().next().unwrap_or("");
    let lines = styled_lines(code, Language::from_info(info), theme);
    let widths: Vec<usize> = lines.iter().map(line_width).collect();
    let content = widths.iter().copied().max().unwrap_or(0);
    if width < MIN_BOX && !whole {
        let rows = lines.iter().map(|l| cut(l, width)).collect();
        let layout = CodeLayout {
            line_count: lines.len(),
            lines: lines.into_iter().map(into_line).collect(),
            content_width: content,
            column: 0,
            visible: width,
            boxed: false,
        };
        return (rows, layout);
    }
    let label_w = str_width(label);
    let room = if whole { usize::MAX } else { width - 4 };
    let inner = room.min(content.max(label_w + 3)).max(1);
    let border = theme.code_border;
    let mut out = Vec::with_capacity(lines.len() + 2);

    let mut top = Row::new();
    top.push("╭─", border);
    let (label, label_w) = truncate(label, inner.saturating_sub(1));
    if label_w > 0 {
        top.push(" ", border);
        top.push_measured(&label, label_w, theme.code_label, None);
        top.push(" ", border);
    }
    let fill = (inner + 4).saturating_sub(top.width + 1);
    top.push(&"─".repeat(fill), border);
    top.push("╮", border);
    out.push(top);

    // A block whose lines all fit never scrolls sideways: its tokens move into the rows
    // and it keeps no second copy of its lines.
    let fits = content <= inner;
    let count = lines.len();
    let mut full = Vec::new();
    for (line, w) in lines.into_iter().zip(&widths) {
        let mut row = Row::new();
        row.push("│ ", border);
        if fits {
            for (text, style) in line {
                row.push_owned(text, style);
            }
        } else {
            row.append(cut(&line, inner));
            full.push(into_line(line));
        }
        let pad = inner.saturating_sub(row.width - 2);
        row.pad(pad, Style::new());
        if *w > inner {
            row.push(MORE_RIGHT, theme.code_wrap);
            row.push("│", border);
        } else {
            row.push(" │", border);
        }
        out.push(row);
    }

    let mut bottom = Row::new();
    bottom.push(&format!("╰{}╯", "─".repeat(inner + 2)), border);
    out.push(bottom);
    let layout = CodeLayout {
        lines: full,
        line_count: count,
        content_width: content,
        column: 2,
        visible: inner,
        boxed: true,
    };
    (out, layout)
}

fn into_line(line: StyledLine) -> Line<'static> {
    Line::from(
        line.into_iter()
            .map(|(t, s)| Span::styled(t, s))
            .collect::<Vec<_>>(),
    )
}

fn line_width(line: &StyledLine) -> usize {
    // Tokens can be measured apart unless one starts with a zero-width character
    // (which would join the cluster before it).
    let joins = |t: &str| {
        t.chars()
            .next()
            .is_some_and(|c| !c.is_ascii() && unicode_width::UnicodeWidthChar::width(c) == Some(0))
    };
    if !line.iter().skip(1).any(|(t, _)| joins(t)) {
        return line.iter().map(|(t, _)| str_width(t)).sum();
    }
    // A cluster may straddle two tokens: measure the whole line.
    str_width(&line.iter().map(|(t, _)| t.as_str()).collect::<String>())
}

fn token_style(kind: TokenKind, theme: &Theme) -> Style {
    let s = &theme.syntax;
    match kind {
        TokenKind::Plain => s.plain,
        TokenKind::Keyword => s.keyword,
        TokenKind::String => s.string,
        TokenKind::Number => s.number,
        TokenKind::Comment => s.comment,
        TokenKind::Function => s.function,
        TokenKind::Type => s.type_name,
        TokenKind::Key => s.key,
        TokenKind::Attribute => s.attribute,
        TokenKind::Variable => s.variable,
        TokenKind::Punctuation => s.punctuation,
        TokenKind::Inserted => s.inserted,
        TokenKind::Deleted => s.deleted,
    }
}

/// Highlights and splits the code into lines, expanding tabs to the next tab stop and
/// dropping control characters.
fn styled_lines(code: &str, language: Language, theme: &Theme) -> Vec<StyledLine> {
    let code = code.strip_suffix('\n').unwrap_or(code);
    let mut lines: Vec<StyledLine> = vec![Vec::new()];
    let mut col = 0;
    for (kind, text) in highlight(language, code) {
        let style = token_style(kind, theme);
        let mut buf = String::new();
        let flush = |buf: &mut String, lines: &mut Vec<StyledLine>| {
            if !buf.is_empty()
                && let Some(line) = lines.last_mut()
            {
                line.push((std::mem::take(buf), style));
            }
        };
        // Fast path: a token without line breaks, tabs or control characters goes in
        // whole (nearly every token).
        if !text.contains(|c: char| c.is_control()) {
            buf.push_str(text);
            col += str_width(text);
            flush(&mut buf, &mut lines);
            continue;
        }
        for (cluster, w) in clusters(text) {
            match cluster {
                "\n" => {
                    flush(&mut buf, &mut lines);
                    lines.push(Vec::new());
                    col = 0;
                }
                "\t" => {
                    let n = TAB_STOP - col % TAB_STOP;
                    buf.push_str(&" ".repeat(n));
                    col += n;
                }
                c if c.starts_with(|ch: char| ch.is_control()) => {}
                c => {
                    buf.push_str(c);
                    col += w;
                }
            }
        }
        flush(&mut buf, &mut lines);
    }
    lines
}

/// The first `width` columns of a code line (whole clusters; a cluster wider than the
/// whole width shows as `…`).
fn cut(line: &StyledLine, width: usize) -> Row {
    let mut row = Row::new();
    // Fast path: one token, or tokens that cannot split a cluster (ASCII).
    if line.iter().all(|(t, _)| t.is_ascii()) {
        for (text, style) in line {
            let room = width - row.width;
            if text.len() > room {
                row.push_measured(&text[..room], room, *style, None);
                return row;
            }
            row.push_measured(text, text.len(), *style, None);
        }
        return row;
    }
    // Clusters are cut from the whole line: a token boundary may fall inside one (an
    // emoji and its variation selector highlighted as two punctuation tokens).
    let full: String = line.iter().map(|(t, _)| t.as_str()).collect();
    let mut ends = line.iter().scan(0, |end, (t, s)| {
        *end += t.len();
        Some((*end, *s))
    });
    let mut current = ends.next();
    let mut offset = 0;
    for (cluster, w) in clusters(&full) {
        while current.is_some_and(|(end, _)| end <= offset) {
            current = ends.next();
        }
        offset += cluster.len();
        let style = current.map_or_else(Style::new, |(_, s)| s);
        if row.width + w > width {
            if row.width == 0 {
                row.push_measured("…", 1, style, None);
            }
            break;
        }
        row.push_measured(cluster, w, style, None);
    }
    row
}
