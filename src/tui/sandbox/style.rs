//! The sandbox's styles, on the ANSI palette: the three parts of the signed content, the
//! verdict banners, ✓/✗. Without colours only modifiers remain, and the ✓/✗ and
//! ACCEPTÉ/REJETÉ words carry the meaning on their own.

use ratatui::style::{Color, Modifier, Style};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SandboxTheme {
    pub part_id: Style,
    pub part_timestamp: Style,
    pub part_body: Style,
    pub label: Style,
    pub value: Style,
    pub pass: Style,
    pub fail: Style,
    pub skipped: Style,
    pub accepted: Style,
    pub rejected: Style,
    pub changed: Style,
    pub selected: Style,
    pub border: Style,
    pub border_focus: Style,
    pub title: Style,
    pub muted: Style,
    pub tab: Style,
    pub tab_active: Style,
}

impl SandboxTheme {
    pub fn new(colors: bool) -> Self {
        let bold = Style::new().add_modifier(Modifier::BOLD);
        let reversed = Style::new().add_modifier(Modifier::REVERSED);
        if !colors {
            return Self {
                part_id: Style::new().add_modifier(Modifier::UNDERLINED),
                part_timestamp: bold,
                part_body: Style::new(),
                label: bold,
                value: Style::new(),
                pass: Style::new(),
                fail: bold,
                skipped: Style::new(),
                accepted: reversed,
                rejected: reversed.add_modifier(Modifier::BOLD),
                changed: reversed,
                selected: reversed,
                border: Style::new(),
                border_focus: bold,
                title: bold,
                muted: Style::new(),
                tab: Style::new(),
                tab_active: reversed,
            };
        }
        Self {
            part_id: Style::new().fg(Color::Cyan),
            part_timestamp: Style::new().fg(Color::Yellow),
            part_body: Style::new().fg(Color::Green),
            label: Style::new().fg(Color::Blue).add_modifier(Modifier::BOLD),
            value: Style::new(),
            pass: Style::new().fg(Color::Green),
            fail: Style::new().fg(Color::Red).add_modifier(Modifier::BOLD),
            skipped: Style::new().fg(Color::DarkGray),
            accepted: Style::new()
                .fg(Color::Black)
                .bg(Color::Green)
                .add_modifier(Modifier::BOLD),
            rejected: Style::new()
                .fg(Color::White)
                .bg(Color::Red)
                .add_modifier(Modifier::BOLD),
            changed: Style::new().fg(Color::White).bg(Color::Red),
            selected: reversed,
            border: Style::new().fg(Color::DarkGray),
            border_focus: Style::new().fg(Color::Cyan),
            title: Style::new().fg(Color::Cyan).add_modifier(Modifier::BOLD),
            muted: Style::new().fg(Color::DarkGray),
            tab: Style::new().fg(Color::DarkGray),
            tab_active: Style::new()
                .fg(Color::Black)
                .bg(Color::Cyan)
                .add_modifier(Modifier::BOLD),
        }
    }
}
