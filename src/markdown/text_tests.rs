use ratatui::style::{Modifier, Style};

use super::*;

fn texts(rows: &[Row]) -> Vec<String> {
    rows.iter().map(Row::text).collect()
}

fn wrap_str(s: &str, width: usize) -> Vec<String> {
    texts(&wrap(&[Piece::new(s, Style::new())], width))
}

#[test]
fn clusters_keep_combining_marks_and_zwj_sequences_whole() {
    let got: Vec<(&str, usize)> = clusters("e\u{301}👩\u{200d}💻漢a").collect();
    assert_eq!(
        got,
        [("e\u{301}", 1), ("👩\u{200d}💻", 2), ("漢", 2), ("a", 1)]
    );
    assert_eq!(str_width("❤\u{fe0f}"), 2);
    assert_eq!(str_width(""), 0);
}

#[test]
fn wrap_breaks_at_spaces_and_drops_them_at_breaks() {
    assert_eq!(wrap_str("un deux trois", 7), ["un deux", "trois"]);
    assert_eq!(wrap_str("un deux trois", 8), ["un deux", "trois"]);
    assert_eq!(wrap_str("un   deux", 20), ["un   deux"]);
    assert_eq!(wrap_str("", 5), [""]);
}

#[test]
fn wrap_splits_words_longer_than_the_width() {
    assert_eq!(wrap_str("ab abcdefgh", 3), ["ab", "abc", "def", "gh"]);
}

#[test]
fn wrap_breaks_between_wide_characters_and_never_straddles() {
    assert_eq!(wrap_str("漢字かな", 5), ["漢字", "かな"]);
    assert_eq!(wrap_str("a漢", 2), ["a", "漢"]);
    assert_eq!(wrap_str("漢", 1), ["…"]);
}

#[test]
fn wrap_honours_hard_breaks() {
    assert_eq!(wrap_str("un\ndeux trois", 20), ["un", "deux trois"]);
    assert_eq!(wrap_str("a\n\nb", 20), ["a", "", "b"]);
}

#[test]
fn wrap_keeps_styles_and_link_columns() {
    let bold = Style::new().add_modifier(Modifier::BOLD);
    let pieces = [
        Piece::new("voir ", Style::new()),
        Piece {
            text: "le module".into(),
            style: bold,
            link: Some(7),
        },
    ];
    let rows = wrap(&pieces, 7);
    assert_eq!(texts(&rows), ["voir le", "module"]);
    assert_eq!(
        rows[0].links,
        [LinkMark {
            id: 7,
            start: 5,
            end: 7
        }]
    );
    assert_eq!(
        rows[1].links,
        [LinkMark {
            id: 7,
            start: 0,
            end: 6
        }]
    );
    assert_eq!(
        rows[0].clone().into_line().spans,
        [Span::raw("voir "), Span::styled("le", bold)]
    );
}

#[test]
fn truncated_cuts_whole_clusters_and_clamps_links() {
    let mut row = Row::new();
    row.push("ab", Style::new());
    row.push_measured("漢字", 4, Style::new(), Some(1));
    let cut = row.truncated(5);
    assert_eq!(cut.text(), "ab漢");
    assert_eq!(cut.width, 4);
    assert_eq!(
        cut.links,
        [LinkMark {
            id: 1,
            start: 2,
            end: 4
        }]
    );
}

#[test]
fn clean_removes_controls_and_turns_tabs_into_spaces() {
    assert_eq!(clean("a\tb\u{1b}[0m\r\nc"), "a b[0m\nc");
}

#[test]
fn french_punctuation_stays_with_its_word() {
    assert_eq!(wrap_str("un deux ;", 8), ["un", "deux ;"]);
    assert_eq!(wrap_str("dit « oui » ok", 9), ["dit", "« oui »", "ok"]);
    assert_eq!(wrap_str("a ?", 1), ["a", "?"]);
}
