//! Rendering a full course module (~3,700 French words, code blocks, tables) at 100 and
//! 40 columns: the reader re-renders on every resize, so this must stay in the low ms.

use criterion::{Criterion, criterion_group, criterion_main};
use std::hint::black_box;
use webhook_tutor::markdown::{Theme, render, to_ansi};

const LONG: &str = include_str!("../tests/fixtures/markdown/long.md");

fn bench_render(c: &mut Criterion) {
    let theme = Theme::default();
    c.bench_function("render long module at 100 columns", |b| {
        b.iter(|| render(black_box(LONG), black_box(100), &theme));
    });
    c.bench_function("render long module at 40 columns", |b| {
        b.iter(|| render(black_box(LONG), black_box(40), &theme));
    });
    let doc = render(LONG, 100, &theme);
    c.bench_function("to_ansi long module", |b| {
        b.iter(|| to_ansi(black_box(&doc), true));
    });
}

criterion_group!(benches, bench_render);
criterion_main!(benches);
