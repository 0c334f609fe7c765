//! Writing a [`Document`] out as text: ANSI (SGR on the 16-colour palette, optional OSC 8
//! hyperlinks) or plain, and the shared entry point of the `render` and `read` commands.

use std::fmt::Write as _;

use ratatui::style::{Color, Modifier, Style};

use super::{Document, Theme, render_whole_code};

/// How `render_for_cli` writes a document.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OutputMode {
    /// Text only (piped output, `--plain`).
    Plain,
    /// ANSI styles; `color: false` keeps bold, italic and underline but no colour
    /// (NO_COLOR, `--color never`); `hyperlinks` wraps links in OSC 8.
    Styled { color: bool, hyperlinks: bool },
}

/// Renders `src` at `width` and writes it in `mode`, one `\n` after every line. The
/// `render` and `read` commands both print exactly this. Code lines are never cut: a code
/// box wider than `width` keeps its lines whole, so copying them gives the exact command.
pub fn render_for_cli(src: &str, width: u16, mode: OutputMode) -> String {
    match mode {
        OutputMode::Plain => to_plain(&render_whole_code(src, width, &Theme::plain())),
        OutputMode::Styled { color, hyperlinks } => {
            let theme = if color {
                Theme::default()
            } else {
                Theme::plain()
            };
            to_ansi(&render_whole_code(src, width, &theme), hyperlinks)
        }
    }
}

/// The document's text, trailing spaces trimmed, one `\n` after every line.
pub fn to_plain(doc: &Document) -> String {
    let mut out = String::new();
    for line in &doc.lines {
        let text: String = line.spans.iter().map(|s| s.content.as_ref()).collect();
        out.push_str(text.trim_end());
        out.push('\n');
    }
    out
}

/// The document with SGR styles, reset at the end of every styled line, and with OSC 8
/// hyperlinks around link text when `hyperlinks` is true.
pub fn to_ansi(doc: &Document, hyperlinks: bool) -> String {
    let mut out = String::new();
    let mut links = doc.links.iter().peekable();
    for (index, line) in doc.lines.iter().enumerate() {
        let mut line_links = Vec::new();
        while let Some(link) = links.next_if(|l| l.line <= index) {
            if link.line == index {
                line_links.push(link);
            }
        }
        let mut open: Option<&str> = None;
        let mut col = 0;
        let mut current = Style::new();
        for span in &line.spans {
            let width = span.width();
            if hyperlinks {
                let link = line_links
                    .iter()
                    .find(|l| l.columns.start <= col && col < l.columns.end && width > 0)
                    .map(|l| &*l.url);
                if link != open {
                    if open.is_some() {
                        out.push_str("\x1b]8;;\x1b\\");
                    }
                    if let Some(url) = link {
                        let _ = write!(out, "\x1b]8;;{url}\x1b\\");
                    }
                    open = link;
                }
            }
            if span.style != current {
                out.push_str(&sgr(span.style));
                current = span.style;
            }
            out.push_str(&span.content);
            col += width;
        }
        if open.is_some() {
            out.push_str("\x1b]8;;\x1b\\");
        }
        if current != Style::new() {
            out.push_str("\x1b[0m");
        }
        out.push('\n');
    }
    out
}

/// One SGR sequence that resets, then sets `style` completely.
fn sgr(style: Style) -> String {
    let mut codes = vec!["0".to_owned()];
    let m = style.add_modifier;
    for (flag, code) in [
        (Modifier::BOLD, "1"),
        (Modifier::DIM, "2"),
        (Modifier::ITALIC, "3"),
        (Modifier::UNDERLINED, "4"),
        (Modifier::REVERSED, "7"),
        (Modifier::CROSSED_OUT, "9"),
    ] {
        if m.contains(flag) {
            codes.push(code.to_owned());
        }
    }
    if let Some(fg) = style.fg.and_then(|c| color_code(c, false)) {
        codes.push(fg);
    }
    if let Some(bg) = style.bg.and_then(|c| color_code(c, true)) {
        codes.push(bg);
    }
    format!("\x1b[{}m", codes.join(";"))
}

fn color_code(color: Color, background: bool) -> Option<String> {
    let base = match color {
        Color::Reset => return None,
        Color::Black => 30,
        Color::Red => 31,
        Color::Green => 32,
        Color::Yellow => 33,
        Color::Blue => 34,
        Color::Magenta => 35,
        Color::Cyan => 36,
        Color::Gray => 37,
        Color::DarkGray => 90,
        Color::LightRed => 91,
        Color::LightGreen => 92,
        Color::LightYellow => 93,
        Color::LightBlue => 94,
        Color::LightMagenta => 95,
        Color::LightCyan => 96,
        Color::White => 97,
        Color::Indexed(i) => {
            return Some(format!("{};5;{i}", if background { 48 } else { 38 }));
        }
        Color::Rgb(r, g, b) => {
            return Some(format!(
                "{};2;{r};{g};{b}",
                if background { 48 } else { 38 }
            ));
        }
    };
    Some((if background { base + 10 } else { base }).to_string())
}
