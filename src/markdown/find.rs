//! Finding a query in rendered lines, ignoring case and French accents, with the
//! positions of matches in display columns (what the reader highlights). The reader's
//! `/`, the course-wide search (`F`) and the `search` command share it.

use ratatui::text::{Line, Span};
use unicode_width::UnicodeWidthChar;

use super::Document;

/// One occurrence: line index in the document and display columns `start..end`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Match {
    pub line: usize,
    pub start: u16,
    pub end: u16,
}

/// Lower-cases and strips the accents of Latin letters, one char for one char so that
/// positions in the folded text are positions in the original.
pub fn fold(c: char) -> char {
    let lower = c.to_lowercase().next().unwrap_or(c);
    match lower {
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' => 'a',
        'ç' => 'c',
        'è' | 'é' | 'ê' | 'ë' => 'e',
        'ì' | 'í' | 'î' | 'ï' => 'i',
        'ñ' => 'n',
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' => 'o',
        'ù' | 'ú' | 'û' | 'ü' => 'u',
        'ý' | 'ÿ' => 'y',
        '’' | '‘' => '\'',
        '\u{a0}' | '\u{202f}' => ' ',
        other => other,
    }
}

/// The document's lines as searched: like [`Document::lines`], except that a code line
/// is whole rather than cut at its box, so that `/` and `F` find what lies to the right
/// (the reader scrolls the block to show it). Columns are the document's.
pub fn searchable_lines(doc: &Document) -> Vec<Line<'static>> {
    let mut lines = doc.lines.clone();
    for block in &doc.code_blocks {
        for (i, full) in block.lines.iter().enumerate() {
            let Some(line) = lines.get_mut(block.first_line + i) else {
                continue;
            };
            let mut spans = Vec::with_capacity(full.spans.len() + 1);
            let mut col = 0;
            let mut prefix = String::new();
            'prefix: for span in &line.spans {
                for c in span.content.chars() {
                    if col >= block.column {
                        break 'prefix;
                    }
                    col += c.width().unwrap_or(0);
                    prefix.push(c);
                }
            }
            spans.push(Span::raw(prefix));
            spans.extend(full.spans.iter().cloned());
            *line = Line::from(spans);
        }
    }
    lines
}

/// Every non-overlapping occurrence of `query` in `lines`, in reading order.
/// An empty (or blank) query matches nothing.
pub fn find(lines: &[Line<'_>], query: &str) -> Vec<Match> {
    let needle: Vec<char> = query.chars().map(fold).collect();
    if needle.iter().all(|c| c.is_whitespace()) {
        return Vec::new();
    }
    let mut out = Vec::new();
    for (index, line) in lines.iter().enumerate() {
        let chars: Vec<char> = line.spans.iter().flat_map(|s| s.content.chars()).collect();
        let folded: Vec<char> = chars.iter().copied().map(fold).collect();
        let mut columns = Vec::with_capacity(chars.len() + 1);
        let mut col: u16 = 0;
        for c in &chars {
            columns.push(col);
            col = col.saturating_add(c.width().unwrap_or(0) as u16);
        }
        columns.push(col);
        let mut i = 0;
        while i + needle.len() <= folded.len() {
            if folded[i..i + needle.len()] == needle[..] {
                out.push(Match {
                    line: index,
                    start: columns[i],
                    end: columns[i + needle.len()],
                });
                i += needle.len();
            } else {
                i += 1;
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matches_ignore_case_and_accents() {
        let lines = vec![
            Line::from(vec![Span::raw("Une "), Span::raw("Requête signée")]),
            Line::from("rien ici"),
            Line::from("REQUETE, requête"),
        ];
        assert_eq!(
            find(&lines, "requete"),
            vec![
                Match {
                    line: 0,
                    start: 4,
                    end: 11
                },
                Match {
                    line: 2,
                    start: 0,
                    end: 7
                },
                Match {
                    line: 2,
                    start: 9,
                    end: 16
                },
            ]
        );
        assert_eq!(
            find(&lines, "SIGNÉE"),
            vec![Match {
                line: 0,
                start: 12,
                end: 18
            }]
        );
    }

    #[test]
    fn columns_count_wide_characters() {
        let lines = vec![Line::from("→ 日本 webhook")];
        assert_eq!(
            find(&lines, "webhook"),
            vec![Match {
                line: 0,
                start: 7,
                end: 14
            }]
        );
    }

    #[test]
    fn code_lines_are_searched_whole() {
        let src = format!("```text\n{}fin\n```\n", "x".repeat(60));
        let doc = super::super::render(&src, 30, &super::super::Theme::plain());
        assert_eq!(find(&doc.lines, "fin"), vec![], "cut at the box");
        assert_eq!(
            find(&searchable_lines(&doc), "fin"),
            vec![Match {
                line: 1,
                start: 62,
                end: 65
            }]
        );
    }

    #[test]
    fn blank_query_and_overlaps() {
        let lines = vec![Line::from("aaaa")];
        assert_eq!(find(&lines, "  "), vec![]);
        assert_eq!(find(&lines, "aa").len(), 2);
    }
}
