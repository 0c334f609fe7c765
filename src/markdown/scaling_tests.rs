//! Scaling: every pathological case of `scaling.rs` renders in linear time (the time at
//! 4n is under 6 times the time at n; quadratic would be 16) and, for the long URL, in
//! linear memory (every fragment of a wrapped link shares one copy of its address).
//! No absolute timing is asserted.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use cpu_time::ThreadTime;

use super::scaling::Case;
use super::*;

/// CPU time of this thread for one rendering: on a machine shared with other jobs,
/// wall-clock time also counts the time spent waiting for a core, which grows faster than
/// the work once a run outlasts a scheduler time slice.
fn time(src: &str, width: u16, theme: &Theme) -> Duration {
    let start = ThreadTime::now();
    let doc = render(src, width, theme);
    let elapsed = start.elapsed();
    std::hint::black_box(doc);
    elapsed
}

/// One scaling measurement at a time: the cases would otherwise slow each other down.
static ONE_AT_A_TIME: Mutex<()> = Mutex::new(());

/// Times n and 4n alternately and keeps the fastest of each: the machine is shared, and
/// alternating exposes both sizes to the same background load (caches, frequency).
fn assert_linear(case: Case) {
    let _guard = ONE_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner());
    let theme = Theme::default();
    let n = case.base_size();
    let small = case.build(n);
    let large = case.build(4 * n);
    let (mut t1, mut t4) = (Duration::MAX, Duration::MAX);
    for _ in 0..7 {
        t1 = t1.min(time(&small, case.width(), &theme));
        t4 = t4.min(time(&large, case.width(), &theme));
    }
    let ratio = t4.as_secs_f64() / t1.as_secs_f64().max(1e-9);
    assert!(
        ratio < 6.0,
        "{}: time(4n)/time(n) = {ratio:.1} ({t1:?} at n = {n}, {t4:?} at 4n)",
        case.name()
    );
}

#[test]
fn long_url_is_linear() {
    assert_linear(Case::LongUrl);
}

#[test]
fn identical_headings_are_linear() {
    assert_linear(Case::SameHeadings);
}

#[test]
fn nested_emphasis_is_linear() {
    assert_linear(Case::NestedEmphasis);
}

#[test]
fn nested_lists_are_linear() {
    assert_linear(Case::NestedLists);
}

#[test]
fn nested_quotes_are_linear() {
    assert_linear(Case::NestedQuotes);
}

#[test]
fn tables_with_long_words_are_linear() {
    assert_linear(Case::WideTable);
}

#[test]
fn long_code_lines_are_linear() {
    assert_linear(Case::LongCode);
}

#[test]
fn mixed_inline_text_is_linear() {
    assert_linear(Case::MixedInline);
}

#[test]
fn wrapped_link_fragments_share_one_address() {
    let src = Case::LongUrl.build(MAX_URL_BYTES - 100);
    let doc = render(&src, 20, &Theme::default());
    let fragments: Vec<&LinkPos> = doc.links.iter().collect();
    assert!(fragments.len() > 100, "{} fragments", fragments.len());
    let first = &fragments[0].url;
    assert!(fragments.iter().all(|l| Arc::ptr_eq(&l.url, first)));
}

#[test]
fn an_address_over_the_limit_is_not_shown_and_says_why() {
    let src = Case::LongUrl.build(MAX_URL_BYTES + 1);
    let doc = render(&src, 80, &Theme::default());
    assert!(doc.links.is_empty());
    let text = to_plain(&doc);
    assert_eq!(
        text,
        "Voir la page (adresse trop longue, non affichée\u{a0}: plus de 8\u{a0}Kio).\n"
    );
}

#[test]
fn duplicate_slugs_follow_github_even_with_literal_suffixes() {
    let mut s = Slugger::new();
    let got: Vec<String> = ["faq", "faq-1", "faq", "faq", "faq-2"]
        .iter()
        .map(|t| s.slug(t))
        .collect();
    assert_eq!(got, ["faq", "faq-1", "faq-2", "faq-3", "faq-2-1"]);
}
