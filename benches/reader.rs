//! Reader costs: one frame after a key press at 200×60 (update + draw on a
//! `TestBackend`), and start-up to the first frame (load the embedded course, open the
//! home screen, draw it, and render the first module as « Continuer » would).

use std::hint::black_box;
use std::path::Path;

use criterion::{Criterion, criterion_group, criterion_main};
use crossterm::event::{Event as TermEvent, KeyCode, KeyEvent, KeyModifiers};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::layout::Rect;
use webhook_tutor::course::Course;
use webhook_tutor::progress::Progress;
use webhook_tutor::tui::App;
use webhook_tutor::tui::action::Action;
use webhook_tutor::tui::event::Event;

/// The embedded course when it is complete, else the test fixture.
fn course() -> Course {
    Course::embedded().unwrap_or_else(|_| {
        Course::from_dir(&Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/course"))
            .expect("fixture course")
    })
}

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
            let key = KeyEvent::new(keys[i % 2], KeyModifiers::NONE);
            i += 1;
            if let Some(action) = app.action_for_event(Event::Term(TermEvent::Key(key))) {
                app.update(action);
            }
            terminal
                .draw(|f| f.render_widget(&app, f.area()))
                .expect("draw");
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
            terminal
                .draw(|f| f.render_widget(&app, f.area()))
                .expect("draw");
            app.update(Action::Continue);
            black_box(app.reader.as_ref().map(|r| r.total_lines()));
        });
    });
}

criterion_group!(benches, reader_frame, startup);
criterion_main!(benches);
