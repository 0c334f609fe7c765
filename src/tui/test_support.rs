//! Helpers shared by the interface's tests: driving an [`App`] with keys as a learner
//! would, and drawing it into a buffer read back as text for snapshots.

use crossterm::event::{Event as TermEvent, KeyCode, KeyEvent, KeyModifiers};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;

use super::app::App;
use super::event::Event;

/// Presses the keys in order, resolved by the keymap like a learner's.
pub(crate) fn press(app: &mut App, keys: &[KeyCode]) {
    for &code in keys {
        press_with(app, code, KeyModifiers::NONE);
    }
}

pub(crate) fn press_with(app: &mut App, code: KeyCode, mods: KeyModifiers) {
    let event = Event::Term(TermEvent::Key(KeyEvent::new(code, mods)));
    if let Some(action) = app.action_for_event(event) {
        app.update(action);
    }
}

/// The whole app drawn at its own size.
pub(crate) fn draw(app: &App) -> Buffer {
    let mut terminal = Terminal::new(TestBackend::new(app.area.width, app.area.height)).unwrap();
    terminal.draw(|f| f.render_widget(app, f.area())).unwrap();
    terminal.backend().buffer().clone()
}

/// The buffer's symbols, one trimmed line per row; a wide character's trailing cell is
/// skipped so the text reads as it shows.
pub(crate) fn text(buf: &Buffer) -> String {
    let mut out = String::new();
    for y in 0..buf.area.height {
        let mut line = String::new();
        let mut skip = 0;
        for x in 0..buf.area.width {
            if skip > 0 {
                skip -= 1;
                continue;
            }
            let symbol = buf[(x, y)].symbol();
            skip = unicode_width::UnicodeWidthStr::width(symbol).saturating_sub(1);
            line.push_str(symbol);
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

/// Column and row of the first `needle` in [`text`], columns counted in characters.
pub(crate) fn find(buf: &Buffer, needle: &str) -> Option<(u16, u16)> {
    let text = text(buf);
    text.lines().enumerate().find_map(|(y, line)| {
        line.find(needle).map(|i| {
            (
                line.get(..i).map_or(0, |p| p.chars().count()) as u16,
                y as u16,
            )
        })
    })
}
