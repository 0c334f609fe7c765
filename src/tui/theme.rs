//! Named styles of the interface chrome, on the 16-colour ANSI palette so they follow
//! the learner's terminal theme. The markdown body has its own `markdown::Theme`.

use ratatui::style::{Color, Modifier, Style};

/// Every style the screens use. [`UiTheme::plain`] keeps only modifiers (bold,
/// reversed…) for NO_COLOR and `--color never`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct UiTheme {
    pub title: Style,
    pub section: Style,
    pub selected: Style,
    pub done: Style,
    pub muted: Style,
    pub gauge_full: Style,
    pub gauge_empty: Style,
    pub status: Style,
    pub status_error: Style,
    pub footer_key: Style,
    pub footer_text: Style,
    pub search_match: Style,
    pub search_current: Style,
    pub link_selected: Style,
    pub panel_border: Style,
    pub warning: Style,
    /// Wrong answers and a failed quiz.
    pub error: Style,
}

impl Default for UiTheme {
    fn default() -> Self {
        UiTheme {
            title: Style::new().fg(Color::Cyan).add_modifier(Modifier::BOLD),
            section: Style::new().fg(Color::Yellow).add_modifier(Modifier::BOLD),
            selected: Style::new().add_modifier(Modifier::REVERSED),
            done: Style::new().fg(Color::Green),
            muted: Style::new().fg(Color::DarkGray),
            gauge_full: Style::new().fg(Color::Green),
            gauge_empty: Style::new().fg(Color::DarkGray),
            status: Style::new().fg(Color::Black).bg(Color::Cyan),
            status_error: Style::new().fg(Color::White).bg(Color::Red),
            footer_key: Style::new().fg(Color::Cyan).add_modifier(Modifier::BOLD),
            footer_text: Style::new().fg(Color::DarkGray),
            search_match: Style::new().fg(Color::Black).bg(Color::Yellow),
            search_current: Style::new().fg(Color::Black).bg(Color::LightRed),
            link_selected: Style::new().add_modifier(Modifier::REVERSED),
            panel_border: Style::new().fg(Color::Cyan),
            warning: Style::new().fg(Color::Yellow),
            error: Style::new().fg(Color::Red),
        }
    }
}

impl UiTheme {
    pub fn plain() -> Self {
        let bold = Style::new().add_modifier(Modifier::BOLD);
        let reversed = Style::new().add_modifier(Modifier::REVERSED);
        UiTheme {
            title: bold,
            section: bold,
            selected: reversed,
            done: Style::new(),
            muted: Style::new(),
            gauge_full: Style::new(),
            gauge_empty: Style::new(),
            status: reversed,
            status_error: reversed.add_modifier(Modifier::BOLD),
            footer_key: bold,
            footer_text: Style::new(),
            search_match: Style::new().add_modifier(Modifier::UNDERLINED),
            search_current: reversed,
            link_selected: reversed,
            panel_border: Style::new(),
            warning: bold,
            error: bold,
        }
    }
}
