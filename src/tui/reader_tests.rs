use std::sync::Arc;

use super::*;
use crate::markdown;

fn reader(module: usize, viewport: usize) -> ReaderState {
    let course = crate::tui::app::tests::fixture();
    let doc = markdown::render(
        &course.modules[module].source,
        60,
        &markdown::Theme::plain(),
    );
    ReaderState::new(module, Arc::new(doc), 60, viewport)
}

#[test]
fn scrolling_is_clamped() {
    let mut r = reader(1, 10);
    let max = r.max_scroll();
    assert!(max > 20, "the fixture module must scroll");
    r.update(&Action::ScrollLines(-3));
    assert_eq!(r.scroll, 0);
    r.update(&Action::PageDown);
    assert_eq!(r.scroll, 8);
    r.update(&Action::HalfPageUp);
    assert_eq!(r.scroll, 3);
    r.update(&Action::Bottom);
    assert_eq!(r.scroll, max);
    assert!(r.at_end());
    assert_eq!(r.percent(), 100);
    r.update(&Action::ScrollLines(5));
    assert_eq!(r.scroll, max);
    r.update(&Action::Top);
    assert_eq!(r.scroll, 0);
}

#[test]
fn heading_jumps_and_outline() {
    let mut r = reader(1, 10);
    let lines: Vec<usize> = r.doc.headings.iter().map(|h| h.line).collect();
    r.update(&Action::NextHeading);
    assert_eq!(r.scroll, lines[1]);
    r.update(&Action::NextHeading);
    assert_eq!(r.scroll, lines[2]);
    r.update(&Action::PrevHeading);
    assert_eq!(r.scroll, lines[1]);
    r.update(&Action::ToggleOutline);
    assert_eq!((r.outline, r.mode()), (Some(1), Mode::Outline));
    r.update(&Action::SelectNext);
    r.update(&Action::Activate);
    assert_eq!((r.outline, r.scroll), (None, lines[2].min(r.max_scroll())));
}

#[test]
fn search_types_incrementally_and_cycles() {
    let mut r = reader(1, 10);
    r.update(&Action::StartSearch);
    for c in "VERIFIE".chars() {
        r.update(&Action::SearchInput(c));
    }
    assert_eq!(r.mode(), Mode::Search);
    let n = r.search.matches.len();
    assert!(n >= 3, "« vérifie » appears in several places: {n}");
    assert_eq!(r.search.current, Some(0));
    r.update(&Action::SearchSubmit);
    assert_eq!(r.mode(), Mode::Normal);
    r.update(&Action::NextMatch);
    assert_eq!(r.search.current, Some(1));
    r.update(&Action::PrevMatch);
    r.update(&Action::PrevMatch);
    assert_eq!(r.search.current, Some(n - 1));
    let m = r.current_match().unwrap();
    assert!(m.line >= r.scroll && m.line < r.scroll + r.viewport);
    assert_eq!(r.update(&Action::Back), Effect::None);
    assert_eq!(r.search, Search::default());
    assert_eq!(r.update(&Action::Back), Effect::GoHome);
}

#[test]
fn tab_selects_links_and_enter_follows() {
    let mut r = reader(0, 40);
    r.update(&Action::NextLink);
    assert_eq!(
        r.update(&Action::Activate),
        Effect::Follow("./01-SIGNATURES.md".into())
    );
    r.update(&Action::PrevLink);
    assert_eq!(&*r.selected_link().unwrap().url, "https://clerk.com/docs");
    assert_eq!(r.update(&Action::Back), Effect::None);
    assert_eq!(r.link, None);
}

#[test]
fn replace_doc_rescales_the_position() {
    let mut r = reader(1, 10);
    r.set_scroll(30);
    let total = r.total_lines();
    let course = crate::tui::app::tests::fixture();
    let narrow = markdown::render(&course.modules[1].source, 30, &markdown::Theme::plain());
    let narrow_total = narrow.lines.len();
    r.replace_doc(Arc::new(narrow), 30);
    assert_eq!(
        r.scroll,
        crate::progress::rescale(30, total, narrow_total).min(r.max_scroll())
    );
}

#[test]
fn tab_without_links_says_so() {
    let doc = markdown::render(
        "# Titre\n\nPas de lien ici.\n",
        60,
        &markdown::Theme::plain(),
    );
    let mut r = ReaderState::new(0, Arc::new(doc), 60, 10);
    assert_eq!(r.update(&Action::NextLink), Effect::Notice(NO_LINKS.into()));
    assert_eq!(r.link, None);
}

fn type_text(r: &mut ReaderState, text: &str) {
    for c in text.chars() {
        r.update(&Action::SearchInput(c));
    }
}

/// A reader of module 1 at line 3 whose search prompt has `query` typed in.
fn searching_from_line_3(query: &str) -> ReaderState {
    let mut r = reader(1, 10);
    r.set_scroll(3);
    r.update(&Action::StartSearch);
    type_text(&mut r, query);
    r
}

#[test]
fn cancelling_a_search_returns_to_where_it_started() {
    let mut r = searching_from_line_3("résumé");
    assert!(r.scroll > 3, "incremental search moved to the match");
    r.update(&Action::SearchCancel);
    assert_eq!((r.scroll, r.mode()), (3, Mode::Normal));
    assert_eq!(r.search, Search::default());
}

#[test]
fn a_search_that_stops_matching_returns_to_where_it_started() {
    let mut r = searching_from_line_3("résumé");
    assert!(r.scroll > 3, "incremental search moved to the match");
    type_text(&mut r, "zzzqq");
    assert_eq!(r.search.matches, vec![]);
    assert_eq!(r.scroll, 3);
    r.update(&Action::SearchSubmit);
    assert_eq!(r.scroll, 3);
}

#[test]
fn code_offsets_survive_a_resize_clamped_to_the_new_box() {
    let src = "```text\n".to_string() + &"x".repeat(100) + "\n```\n";
    let render = |w| Arc::new(markdown::render(&src, w, &markdown::Theme::plain()));
    let mut r = ReaderState::new(0, render(60), 60, 10);
    for _ in 0..5 {
        r.update(&Action::ScrollCode {
            right: true,
            or_module: false,
        });
    }
    // 56 columns shown of 100: at most 44 to the right.
    assert_eq!(r.code_offset(0), 44);
    r.replace_doc(render(80), 80);
    assert_eq!(r.code_offset(0), 24, "clamped to the wider box");
    r.replace_doc(
        Arc::new(markdown::render("# Rien\n", 80, &markdown::Theme::plain())),
        80,
    );
    assert_eq!(r.code_offsets, Vec::<usize>::new());
}

#[test]
fn copied_notice_counts_lines() {
    use super::code::copied_notice;
    assert_eq!(copied_notice(1), "copié (1 ligne)");
    assert_eq!(copied_notice(12), "copié (12 lignes)");
}

#[test]
fn focusing_a_code_block_brings_it_whole_on_screen() {
    let mut src = String::from("# Titre\n\n");
    for i in 0..30 {
        src.push_str(&format!("Ligne {i}.\n\n"));
    }
    src.push_str("```bash\necho un\necho deux\n```\n");
    let doc = markdown::render(&src, 60, &markdown::Theme::plain());
    let mut r = ReaderState::new(0, Arc::new(doc), 60, 10);
    assert_eq!(r.update(&Action::NextCode), Effect::None);
    let block = &r.doc.code_blocks[0];
    let (top, end) = (block.first_line - 1, block.line_range().end + 1);
    assert!(
        r.scroll <= top && end <= r.scroll + r.viewport,
        "{} {top}..{end}",
        r.scroll
    );
    assert_eq!(
        r.update(&Action::CopyCode),
        Effect::Copy {
            text: "echo un\necho deux\n".into(),
            notice: "copié (2 lignes)".into()
        }
    );
}

#[test]
fn a_paste_into_the_search_is_one_query_and_bounded() {
    let mut typed = searching_from_line_3("VERIFIE");
    let mut pasted = reader(1, 10);
    pasted.set_scroll(3);
    pasted.update(&Action::StartSearch);
    assert_eq!(
        pasted.update(&Action::Paste("VERIFIE\n".into())),
        Effect::None
    );
    assert_eq!(pasted.search, typed.search);
    let long = "x".repeat(crate::tui::paste::MAX_SEARCH_CHARS);
    assert_eq!(
        pasted.update(&Action::Paste(long)),
        Effect::Notice(
            "collage refusé : le champ « recherche » ferait 207 caractères, au-delà de sa limite de 200 caractères — collez un texte plus court"
                .into()
        )
    );
    // Typing stops at the limit too.
    type_text(&mut typed, &"x".repeat(300));
    assert_eq!(
        typed.search.query.chars().count(),
        crate::tui::paste::MAX_SEARCH_CHARS
    );
    // Outside the prompt, a paste does nothing.
    let mut idle = reader(1, 10);
    assert_eq!(idle.update(&Action::Paste("x".into())), Effect::None);
    assert_eq!(idle.search, Search::default());
}
