//! Fenced and indented code blocks: highlighted, tabs expanded, boxed with the language in
//! the top border. Nothing is ever cut: a line longer than the box wraps, and each
//! continuation starts with a dim `↪`.

use ratatui::style::Style;

use super::Theme;
use super::highlight::{Language, TokenKind, highlight};
use super::text::{Row, clusters, str_width, truncate};

const TAB_STOP: usize = 4;
const WRAP_MARK: &str = "↪";
/// Narrower than this, a box would leave no room for code: lines are drawn bare.
const MIN_BOX: usize = 10;

type StyledLine = Vec<(String, Style)>;

pub(crate) fn render(code: &str, info: &str, width: usize, theme: &Theme) -> Vec<Row> {
    let width = width.max(1);
    let label = info.split_whitespace().next().unwrap_or("");
    let lines = styled_lines(code, Language::from_info(info), theme);
    let content = lines.iter().map(line_width).max().unwrap_or(0);
    if width < MIN_BOX {
        return lines
            .iter()
            .flat_map(|l| wrap_line(l, width, theme))
            .collect();
    }
    let label_w = str_width(label);
    let inner = (width - 4).min(content.max(label_w + 3)).max(1);
    let border = theme.code_border;
    let mut out = Vec::new();

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

    for line in &lines {
        for piece in wrap_line(line, inner, theme) {
            let mut row = Row::new();
            row.push("│ ", border);
            let pad = inner.saturating_sub(piece.width);
            row.append(piece);
            row.pad(pad, Style::new());
            row.push(" │", border);
            out.push(row);
        }
    }

    let mut bottom = Row::new();
    bottom.push(&format!("╰{}╯", "─".repeat(inner + 2)), border);
    out.push(bottom);
    out
}

fn line_width(line: &StyledLine) -> usize {
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

/// Splits one code line into rows of at most `width` columns, preferring to break after
/// a space in the second half of a row; continuation rows start with the wrap marker when
/// there is room for it and for at least one character.
fn wrap_line(line: &StyledLine, width: usize, theme: &Theme) -> Vec<Row> {
    // Clusters are cut from the whole line: a token boundary may fall inside one (an
    // emoji and its variation selector highlighted as two punctuation tokens).
    let full: String = line.iter().map(|(t, _)| t.as_str()).collect();
    let mut ends = line.iter().scan(0, |end, (t, s)| {
        *end += t.len();
        Some((*end, *s))
    });
    let mut current = ends.next();
    let mut offset = 0;
    let mut cells: Vec<(&str, usize, Style)> = Vec::new();
    for (cluster, w) in clusters(&full) {
        while current.is_some_and(|(end, _)| end <= offset) {
            current = ends.next();
        }
        offset += cluster.len();
        cells.push((cluster, w, current.map_or_else(Style::new, |(_, s)| s)));
    }

    let marker = width >= 2;
    let mut rows = Vec::new();
    let mut start = 0;
    loop {
        let mut row = Row::new();
        if marker && start > 0 {
            row.push(WRAP_MARK, theme.code_wrap);
        }
        let cap = width - row.width;
        let mut end = start;
        let mut used = 0;
        while let Some((_, w, _)) = cells.get(end) {
            if used + w > cap && end > start {
                break;
            }
            used += w;
            end += 1;
        }
        if end < cells.len() {
            let space = (start + 1..end)
                .rev()
                .take_while(|k| (k - start) * 2 > cap)
                .find(|k| cells.get(k - 1).is_some_and(|(c, _, _)| *c == " "));
            if let Some(k) = space {
                end = k;
            }
        }
        for (cluster, w, style) in cells.get(start..end).unwrap_or_default() {
            if *w > cap {
                row.push_measured("…", 1, *style, None);
            } else {
                row.push_measured(cluster, *w, *style, None);
            }
        }
        rows.push(row);
        if end >= cells.len() {
            break;
        }
        start = end;
    }
    rows
}
