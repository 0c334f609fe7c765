//! Rendering the longest module of the shipped course (by size) at 100 and 40 columns:
//! the reader re-renders on every resize and when a hint opens, so this must stay under
//! a millisecond; and the same module ten times over (the document `render --plain` is
//! compared with mdcat on). The `(CPU)` variants time the rendering thread's CPU rather
//! than the wall clock, so that a loaded machine (shared CI, other builds) does not count
//! the time the thread spent waiting for a core.

use cpu_time::ThreadTime;
use criterion::{Criterion, criterion_group, criterion_main};
use std::hint::black_box;
use std::time::Duration;

/// `iters` renders, timed by the thread's CPU clock.
fn cpu_time_of(iters: u64, mut f: impl FnMut()) -> Duration {
    let start = ThreadTime::now();
    for _ in 0..iters {
        f();
    }
    start.elapsed()
}
use webhook_tutor::markdown::{Theme, render, to_ansi};

fn bench_render(c: &mut Criterion) {
    let course = webhook_tutor::course::Course::embedded().expect("the embedded course loads");
    let longest = course
        .modules
        .iter()
        .max_by_key(|m| m.source.len())
        .expect("the course has modules");
    let source = longest.source.clone();
    let long: &str = &source;
    let theme = Theme::default();
    c.bench_function("render long module at 100 columns", |b| {
        b.iter(|| render(black_box(long), black_box(100), &theme));
    });
    c.bench_function("render long module at 40 columns", |b| {
        b.iter(|| render(black_box(long), black_box(40), &theme));
    });
    c.bench_function("render long module at 100 columns (CPU)", |b| {
        b.iter_custom(|iters| {
            cpu_time_of(iters, || {
                black_box(render(black_box(long), black_box(100), &theme));
            })
        });
    });
    let tenfold = source.repeat(10);
    c.bench_function("render tenfold module at 100 columns (CPU)", |b| {
        b.iter_custom(|iters| {
            cpu_time_of(iters, || {
                black_box(render(black_box(&tenfold), black_box(100), &theme));
            })
        });
    });
    c.bench_function("render tenfold module at 100 columns", |b| {
        b.iter(|| render(black_box(&tenfold), black_box(100), &theme));
    });
    let doc = render(long, 100, &theme);
    c.bench_function("to_ansi long module", |b| {
        b.iter(|| to_ansi(black_box(&doc), true));
    });
}

criterion_group!(benches, bench_render);
criterion_main!(benches);
