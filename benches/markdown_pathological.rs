//! The pathological markdown of issue 12, class 2, one bench per case at 4× the size of
//! its scaling test (`src/markdown/scaling.rs` builds the documents): each must stay in
//! linear time. The cases are included by path so that the same file also builds
//! against an older renderer for before/after figures.

use criterion::{Criterion, criterion_group, criterion_main};
use std::hint::black_box;
use webhook_tutor::markdown::{Theme, render};

#[path = "../src/markdown/scaling.rs"]
#[allow(dead_code)]
mod scaling;

use scaling::Case;

fn bench_cases(c: &mut Criterion) {
    let theme = Theme::default();
    for case in Case::ALL {
        let n = 4 * case.base_size();
        let src = case.build(n);
        let width = case.width();
        c.bench_function(&format!("pathological {} n={n}", case.name()), |b| {
            b.iter(|| render(black_box(&src), black_box(width), &theme));
        });
    }
}

criterion_group!(benches, bench_cases);
criterion_main!(benches);
