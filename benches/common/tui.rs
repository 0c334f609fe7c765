//! What the interface benchmarks share: the shipped course, a key press through the
//! app's own keymap and update, and a frame drawn on a `TestBackend`.

use crossterm::event::{Event as TermEvent, KeyCode, KeyEvent, KeyModifiers};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use webhook_tutor::course::Course;
use webhook_tutor::tui::App;
use webhook_tutor::tui::event::Event;

pub fn course() -> Course {
    Course::embedded().expect("the embedded course loads")
}

/// Presses `code` as a learner would: keymap, then update.
pub fn press(app: &mut App, code: KeyCode) {
    let key = KeyEvent::new(code, KeyModifiers::NONE);
    if let Some(action) = app.action_for_event(Event::Term(TermEvent::Key(key))) {
        app.update(action);
    }
}

pub fn draw(terminal: &mut Terminal<TestBackend>, app: &App) {
    terminal
        .draw(|f| f.render_widget(app, f.area()))
        .expect("draw");
}
