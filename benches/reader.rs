//! Reader costs: one frame after a key press at 200×60 (update + draw on a
//! `TestBackend`), and start-up to the first frame (load the embedded course, open the
//! home screen, draw it, and render the first module as « Continuer » would).

use std::hint::black_box;

#[path = "common/tui.rs"]
mod common;

use common::{course, draw, press};
use criterion::{Criterion, criterion_group, criterion_main};
use crossterm::event::KeyCode;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::layout::Rect;
use webhook_tutor::course::Course;
use webhook_tutor::progress::Progress;
use webhook_tutor::tui::App;
use webhook_tutor::tui::action::Action;

fn longest_module(course: &Course) -> usize {
    (0..course.modules.len())
        .max_by_key(|&i| course.modules[i].source.len())
        .unwrap_or(0)
}

fn reader_frame(c: &mut Criterion) {
    let course = course();
    let module = longest_module(&course);
    let (w, h) = (200, 60);
    let mut app = App::new(
        course,
        Progress::default(),
        None,
        true,
        Rect::new(0, 0, w, h),
    );
    app.update(Action::OpenModule {
        module,
        anchor: None,
    });
    app.update(Action::ScrollLines(100));
    let mut terminal = Terminal::new(TestBackend::new(w, h)).expect("test backend");
    let keys = [KeyCode::Char('j'), KeyCode::Char('k')];
    let mut i = 0;
    c.bench_function("reader_frame_200x60_after_key", |b| {
        b.iter(|| {
            press(&mut app, keys[i % 2]);
            i += 1;
            draw(&mut terminal, &app);
        });
    });
}

fn startup(c: &mut Criterion) {
    c.bench_function("startup_load_course_draw_home_render_first_module", |b| {
        b.iter(|| {
            let course = course();
            let mut app = App::new(
                course,
                Progress::default(),
                None,
                true,
                Rect::new(0, 0, 100, 30),
            );
            let mut terminal = Terminal::new(TestBackend::new(100, 30)).expect("test backend");
            draw(&mut terminal, &app);
            app.update(Action::Continue);
            black_box(app.reader.as_ref().map(|r| r.total_lines()));
        });
    });
}

criterion_group!(benches, reader_frame, startup);
criterion_main!(benches);
