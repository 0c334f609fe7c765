//! Quiz screen costs at 200×60 on a `TestBackend`: one frame after a key press that
//! moves the highlight (update, which lays the screen out again, then draw), that
//! update alone, and a frame with nothing changed (draw only, slicing the lines laid
//! out before).

#[path = "common/tui.rs"]
mod common;

use common::{course, draw, press};
use criterion::{Criterion, criterion_group, criterion_main};
use crossterm::event::KeyCode;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::layout::Rect;
use webhook_tutor::progress::Progress;
use webhook_tutor::tui::App;
use webhook_tutor::tui::quiz::Draft;

/// An app on the quiz screen whose first question is a multiple-choice one.
fn quiz_app(w: u16, h: u16) -> App {
    let mut app = App::new(
        course(),
        Progress::default(),
        None,
        true,
        Rect::new(0, 0, w, h),
    );
    for seed in 0..1000 {
        app.start_quiz(seed);
        let choices = app
            .quiz
            .as_ref()
            .is_some_and(|q| matches!(q.draft, Draft::Choices { .. }));
        if choices {
            return app;
        }
    }
    panic!("no seed starts the quiz on a choice question");
}

fn quiz_frame(c: &mut Criterion) {
    let (w, h) = (200, 60);
    let mut app = quiz_app(w, h);
    let mut terminal = Terminal::new(TestBackend::new(w, h)).expect("test backend");
    let keys = [KeyCode::Down, KeyCode::Up];
    let mut i = 0;
    c.bench_function("quiz_frame_200x60_after_key", |b| {
        b.iter(|| {
            press(&mut app, keys[i % 2]);
            i += 1;
            draw(&mut terminal, &app);
        });
    });
    c.bench_function("quiz_update_only_200x60_after_key", |b| {
        b.iter(|| {
            press(&mut app, keys[i % 2]);
            i += 1;
        });
    });
    c.bench_function("quiz_draw_only_200x60", |b| {
        b.iter(|| {
            draw(&mut terminal, &app);
        });
    });
}

criterion_group!(benches, quiz_frame);
criterion_main!(benches);
