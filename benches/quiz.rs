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

/// A valid bank of `n` single-choice questions over two objectives.
fn big_bank(n: usize) -> String {
    let mut src = String::from(
        "[quiz]\ntitle = \"Q\"\ndraw = { per_objective = 2 }\n\n[objectives]\nconcept = \"C\"\nautre = \"A\"\n",
    );
    for i in 0..n {
        let objective = if i % 2 == 0 { "concept" } else { "autre" };
        src.push_str(&format!(
            "\n[[questions]]\nid = \"q{i}\"\nkind = \"single\"\nobjective = \"{objective}\"\nsee = \"concept#push-ou-pull-\"\nprompt = \"Question {i} ?\"\nexplanation = \"Parce que {i}.\"\nchoices = [{{ text = \"Oui {i}\", feedback = \"Bien.\" }}, {{ text = \"Non {i}\" }}]\nanswer = 1\n"
        ));
    }
    src
}

/// `check`'s quiz validation at 1,000 and 4,000 questions: the second should take
/// about four times the first (it took thirteen times before line positions were
/// indexed and duplicate ids hashed).
fn quiz_validation(c: &mut Criterion) {
    let resolver =
        |m: &str| -> Option<Vec<String>> { (m == "concept").then(|| vec!["push-ou-pull-".into()]) };
    for n in [1000, 4000] {
        let src = big_bank(n);
        c.bench_function(&format!("quiz_validate_{n}_questions"), |b| {
            b.iter(|| webhook_tutor::quiz::validate("q.toml", &src, 80, &resolver).is_ok());
        });
    }
}

criterion_group!(benches, quiz_frame, quiz_validation);
criterion_main!(benches);
