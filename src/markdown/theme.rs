//! Named styles for every element the markdown renderer draws.
//!
//! Only the 16-colour ANSI palette is used, so the reader follows the user's terminal
//! colour scheme; [`Theme::plain`] keeps modifiers but drops every colour (NO_COLOR).
//! Themes never change the text, only its styles: layouts are identical across themes.

use ratatui::style::{Color, Modifier, Style};

/// Styles of highlighted code tokens.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SyntaxTheme {
    pub keyword: Style,
    pub string: Style,
    pub number: Style,
    pub comment: Style,
    pub function: Style,
    pub type_name: Style,
    pub key: Style,
    pub attribute: Style,
    pub variable: Style,
    pub punctuation: Style,
    pub inserted: Style,
    pub deleted: Style,
    pub plain: Style,
}

/// Styles of one GitHub alert kind: its bar and its title line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AlertTheme {
    pub note: Style,
    pub tip: Style,
    pub important: Style,
    pub warning: Style,
    pub caution: Style,
}

/// Every style the renderer applies, by role.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Theme {
    /// Heading text, index 0 is level 1.
    pub headings: [Style; 6],
    /// The `═` / `─` rules under level 1 and 2 headings.
    pub heading_rule: Style,
    pub emphasis: Style,
    pub strong: Style,
    pub strikethrough: Style,
    pub inline_code: Style,
    pub link: Style,
    /// The URL shown in parentheses after an external link's text.
    pub link_url: Style,
    pub image: Style,
    pub bullet: Style,
    pub task_done: Style,
    pub task_todo: Style,
    pub quote_bar: Style,
    pub quote_text: Style,
    pub alerts: AlertTheme,
    pub code_border: Style,
    pub code_label: Style,
    /// The `↪` marker at the start of a wrapped code line.
    pub code_wrap: Style,
    pub syntax: SyntaxTheme,
    pub table_border: Style,
    pub table_header: Style,
    pub rule: Style,
    pub footnote_ref: Style,
    pub html: Style,
    pub summary: Style,
}

impl Default for Theme {
    fn default() -> Self {
        let fg = |c: Color| Style::new().fg(c);
        let bold = Modifier::BOLD;
        Self {
            headings: [
                fg(Color::LightMagenta).add_modifier(bold),
                fg(Color::LightCyan).add_modifier(bold),
                fg(Color::Cyan).add_modifier(bold),
                fg(Color::Blue).add_modifier(bold),
                Style::new().add_modifier(bold | Modifier::ITALIC),
                Style::new().add_modifier(Modifier::ITALIC),
            ],
            heading_rule: fg(Color::DarkGray),
            emphasis: Style::new().add_modifier(Modifier::ITALIC),
            strong: Style::new().add_modifier(bold),
            strikethrough: Style::new().add_modifier(Modifier::CROSSED_OUT),
            inline_code: fg(Color::Yellow),
            link: fg(Color::Blue).add_modifier(Modifier::UNDERLINED),
            link_url: fg(Color::DarkGray),
            image: fg(Color::DarkGray).add_modifier(Modifier::ITALIC),
            bullet: fg(Color::Cyan),
            task_done: fg(Color::Green),
            task_todo: fg(Color::Yellow),
            quote_bar: fg(Color::DarkGray),
            quote_text: Style::new().add_modifier(Modifier::ITALIC),
            alerts: AlertTheme {
                note: fg(Color::Blue).add_modifier(bold),
                tip: fg(Color::Green).add_modifier(bold),
                important: fg(Color::Magenta).add_modifier(bold),
                warning: fg(Color::Yellow).add_modifier(bold),
                caution: fg(Color::Red).add_modifier(bold),
            },
            code_border: fg(Color::DarkGray),
            code_label: fg(Color::Cyan).add_modifier(bold),
            code_wrap: fg(Color::DarkGray),
            syntax: SyntaxTheme {
                keyword: fg(Color::Magenta),
                string: fg(Color::Green),
                number: fg(Color::LightYellow),
                comment: fg(Color::DarkGray).add_modifier(Modifier::ITALIC),
                function: fg(Color::Blue),
                type_name: fg(Color::Yellow),
                key: fg(Color::Cyan),
                attribute: fg(Color::LightRed),
                variable: fg(Color::Red),
                punctuation: fg(Color::Gray),
                inserted: fg(Color::Green),
                deleted: fg(Color::Red),
                plain: Style::new(),
            },
            table_border: fg(Color::DarkGray),
            table_header: fg(Color::Cyan).add_modifier(bold),
            rule: fg(Color::DarkGray),
            footnote_ref: fg(Color::Cyan),
            html: fg(Color::DarkGray),
            summary: Style::new().add_modifier(bold),
        }
    }
}

impl Theme {
    /// The default theme with every colour removed and modifiers kept, for NO_COLOR.
    pub fn plain() -> Self {
        let d = Self::default();
        let p = |s: Style| Style::new().add_modifier(s.add_modifier);
        Self {
            headings: d.headings.map(p),
            heading_rule: p(d.heading_rule),
            emphasis: p(d.emphasis),
            strong: p(d.strong),
            strikethrough: p(d.strikethrough),
            inline_code: p(d.inline_code),
            link: p(d.link),
            link_url: p(d.link_url),
            image: p(d.image),
            bullet: p(d.bullet),
            task_done: p(d.task_done),
            task_todo: p(d.task_todo),
            quote_bar: p(d.quote_bar),
            quote_text: p(d.quote_text),
            alerts: AlertTheme {
                note: p(d.alerts.note),
                tip: p(d.alerts.tip),
                important: p(d.alerts.important),
                warning: p(d.alerts.warning),
                caution: p(d.alerts.caution),
            },
            code_border: p(d.code_border),
            code_label: p(d.code_label),
            code_wrap: p(d.code_wrap),
            syntax: SyntaxTheme {
                keyword: p(d.syntax.keyword),
                string: p(d.syntax.string),
                number: p(d.syntax.number),
                comment: p(d.syntax.comment),
                function: p(d.syntax.function),
                type_name: p(d.syntax.type_name),
                key: p(d.syntax.key),
                attribute: p(d.syntax.attribute),
                variable: p(d.syntax.variable),
                punctuation: p(d.syntax.punctuation),
                inserted: p(d.syntax.inserted),
                deleted: p(d.syntax.deleted),
                plain: p(d.syntax.plain),
            },
            table_border: p(d.table_border),
            table_header: p(d.table_header),
            rule: p(d.rule),
            footnote_ref: p(d.footnote_ref),
            html: p(d.html),
            summary: p(d.summary),
        }
    }
}
