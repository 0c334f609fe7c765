//! The event walker: turns pulldown-cmark events into lines, keeping the container stack
//! (quotes, lists, items) that decides every line's prefix and the width left for text.
//!
//! Inline content accumulates as styled pieces until its block ends, then goes through the
//! one wrapper in `text`; code blocks, tables and HTML have their own layout modules.

use std::collections::{BTreeSet, HashMap};
use std::sync::Arc;

use pulldown_cmark::{
    BlockQuoteKind, CodeBlockKind, Event, HeadingLevel, Options, Parser, Tag, TagEnd,
};
use ratatui::style::Style;

use super::table::TableData;
use super::text::{self, Piece, Row};
use super::{CodeBlock, Document, HeadingPos, MAX_URL_BYTES, Slugger, Theme, code, html, table};

mod folds;
mod layout;
mod notes;

use layout::Container;

const BULLETS: [&str; 3] = ["•", "◦", "▪"];

struct LinkState {
    id: usize,
    url: String,
    text: String,
    /// Over [`MAX_URL_BYTES`]: shown as a note, not as a link.
    too_long: bool,
}

struct LinkMeta {
    url: Arc<str>,
    internal: bool,
}

pub(crate) struct Walker<'t, 'a> {
    width: usize,
    /// Code lines are never cut and boxes may pass the width (the command line's output).
    whole_code: bool,
    theme: &'t Theme,
    doc: Document,
    containers: Vec<Container>,
    /// Open non-alert quotes, whose text is styled as quoted (a count, not a scan of
    /// `containers`, so that deep nesting stays linear).
    plain_quotes: usize,
    /// Open unordered lists, for the bullet of the next item.
    bullet_lists: usize,
    /// Open list items, and those of them whose bullet is not shown yet.
    open_items: usize,
    unemitted_items: usize,
    /// The line prefix of the current containers, computed once per container change.
    prefix_cache: Option<Row>,
    inline: Vec<Piece>,
    /// The cumulative inline style at each nesting level (each entry already patched
    /// over the one below), so the current style is the last entry, whatever the depth.
    styles: Vec<Style>,
    links: Vec<LinkMeta>,
    link_stack: Vec<LinkState>,
    images: Vec<(String, usize)>,
    heading: Option<(u8, String)>,
    code: Option<(String, String)>,
    table: Option<TableData>,
    html_block: Option<String>,
    /// Inside an inline `<summary>`; HTML tags need not be balanced, so this resets at
    /// the end of every block.
    in_summary: bool,
    pending_blank: bool,
    slugger: Slugger,
    footnote_numbers: HashMap<String, usize>,
    footnote_defs: Vec<(String, Vec<Event<'a>>)>,
    capture: Option<(String, Vec<Event<'a>>)>,
    /// The open folds when `<details>` fold (the reader), `None` to show them whole.
    folds: Option<&'t BTreeSet<String>>,
    /// Inside a folded `<details>`: events are dropped (see `blocks/folds.rs`).
    hidden: Option<folds::Hidden>,
    /// How many folds had each name so far, to keep names unique.
    fold_names: HashMap<String, usize>,
}

impl<'t, 'a> Walker<'t, 'a> {
    pub fn new(width: usize, theme: &'t Theme, whole_code: bool) -> Self {
        Self {
            width: width.max(1),
            whole_code,
            theme,
            doc: Document {
                width: u16::try_from(width).unwrap_or(u16::MAX),
                ..Document::default()
            },
            containers: Vec::new(),
            plain_quotes: 0,
            bullet_lists: 0,
            open_items: 0,
            unemitted_items: 0,
            prefix_cache: None,
            inline: Vec::new(),
            styles: Vec::new(),
            links: Vec::new(),
            link_stack: Vec::new(),
            images: Vec::new(),
            heading: None,
            code: None,
            table: None,
            html_block: None,
            in_summary: false,
            pending_blank: false,
            slugger: Slugger::new(),
            footnote_numbers: HashMap::new(),
            footnote_defs: Vec::new(),
            capture: None,
            folds: None,
            hidden: None,
            fold_names: HashMap::new(),
        }
    }

    /// Folds `<details>` blocks, except those named in `open`.
    pub fn with_folds(mut self, open: &'t BTreeSet<String>) -> Self {
        self.folds = Some(open);
        self
    }

    pub fn run(mut self, src: &'a str) -> Document {
        let options = Options::ENABLE_TABLES
            | Options::ENABLE_FOOTNOTES
            | Options::ENABLE_STRIKETHROUGH
            | Options::ENABLE_TASKLISTS
            | Options::ENABLE_GFM;
        for event in Parser::new_ext(src, options) {
            self.event(event);
        }
        self.flush_inline();
        self.footnotes();
        self.doc
    }

    fn event(&mut self, event: Event<'a>) {
        if let Some((_, events)) = &mut self.capture {
            if matches!(event, Event::End(TagEnd::FootnoteDefinition)) {
                if let Some(def) = self.capture.take() {
                    self.footnote_defs.push(def);
                }
            } else {
                events.push(event);
            }
            return;
        }
        if self.hidden.is_some() && self.hidden_event(&event) {
            return;
        }
        match event {
            Event::Start(tag) => self.start(tag),
            Event::End(tag) => self.end(tag),
            Event::Text(t) => self.text(&t),
            Event::Code(t) | Event::InlineMath(t) | Event::DisplayMath(t) => {
                if let Some((_, plain)) = &mut self.heading {
                    plain.push_str(&t);
                }
                let style = self.style().patch(self.theme.inline_code);
                self.piece(&text::clean(&t).replace('\n', " "), style);
            }
            Event::Html(t) | Event::InlineHtml(t) => {
                if let Some(buf) = &mut self.html_block {
                    buf.push_str(&t);
                } else {
                    self.inline_html(&t);
                }
            }
            Event::FootnoteReference(label) => {
                let n = self.footnote_number(&label);
                self.piece(&format!("[{n}]"), self.theme.footnote_ref);
            }
            Event::SoftBreak => self.piece(" ", self.style()),
            Event::HardBreak => self.piece("\n", Style::new()),
            Event::Rule => {
                self.begin_block();
                let rule = "─".repeat(self.avail());
                let mut row = Row::new();
                row.push(&rule, self.theme.rule);
                self.emit(vec![row]);
                self.pending_blank = true;
            }
            Event::TaskListMarker(done) => {
                if let Some(Container::Item {
                    bullet,
                    style,
                    width,
                    ..
                }) = self.containers.last_mut()
                {
                    let (mark, s) = if done {
                        ("☑ ", self.theme.task_done)
                    } else {
                        ("☐ ", self.theme.task_todo)
                    };
                    *bullet = mark.to_owned();
                    *width = text::str_width(mark);
                    *style = s;
                    self.prefix_cache = None;
                }
            }
        }
    }

    fn start(&mut self, tag: Tag<'a>) {
        match tag {
            Tag::Paragraph => self.begin_block(),
            Tag::Heading { level, .. } => {
                self.begin_block();
                let level = heading_level(level);
                self.heading = Some((level, String::new()));
                let style = self
                    .theme
                    .headings
                    .get(usize::from(level) - 1)
                    .copied()
                    .unwrap_or_default();
                self.push_style(style);
                let marker = match level {
                    4 => "▸ ",
                    _ => "",
                };
                self.piece(marker, style);
            }
            Tag::BlockQuote(kind) => {
                self.begin_block();
                let (bar, style, alert) = match kind {
                    None => ("│ ", self.theme.quote_bar, false),
                    Some(kind) => ("┃ ", alert_style(self.theme, kind), true),
                };
                self.push_container(Container::Quote { bar, style, alert });
                if let Some(kind) = kind {
                    let (icon, title) = alert_title(kind);
                    let title = Piece::new(format!("{icon} {title}"), style);
                    let rows = text::wrap(&[title], self.avail());
                    self.emit(rows);
                }
            }
            Tag::CodeBlock(kind) => {
                self.begin_block();
                let info = match kind {
                    CodeBlockKind::Fenced(info) => text::clean(&info).replace('\n', " "),
                    CodeBlockKind::Indented => String::new(),
                };
                self.code = Some((info, String::new()));
            }
            Tag::HtmlBlock => {
                self.begin_block();
                self.html_block = Some(String::new());
            }
            Tag::List(start) => {
                self.flush_inline();
                if self.pending_blank {
                    self.blank();
                }
                self.push_container(Container::List { next: start });
            }
            Tag::Item => {
                self.flush_inline();
                let depth = self.bullet_lists;
                let bullet = match self.containers.last_mut() {
                    Some(Container::List { next: Some(n) }) => {
                        let b = format!("{n}. ");
                        *n = n.saturating_add(1);
                        b
                    }
                    _ => {
                        let bullet = BULLETS.get(depth.saturating_sub(1) % BULLETS.len());
                        format!("{} ", bullet.unwrap_or(&"•"))
                    }
                };
                let width = text::str_width(&bullet);
                self.push_container(Container::Item {
                    bullet,
                    style: self.theme.bullet,
                    width,
                    emitted: false,
                });
            }
            Tag::FootnoteDefinition(label) => {
                self.capture = Some((label.to_string(), Vec::new()));
            }
            Tag::Table(aligns) => {
                self.begin_block();
                self.table = Some(TableData::new(aligns));
            }
            Tag::TableHead | Tag::TableRow => {}
            Tag::TableCell => {
                if let Some(t) = &mut self.table {
                    t.start_cell();
                }
            }
            Tag::Emphasis => self.push_style(self.theme.emphasis),
            Tag::Strong => self.push_style(self.theme.strong),
            Tag::Strikethrough => self.push_style(self.theme.strikethrough),
            Tag::Link { dest_url, .. } => {
                let url = if dest_url.len() > MAX_URL_BYTES {
                    String::new()
                } else {
                    text::clean(&dest_url).replace('\n', "")
                };
                let id = self.links.len();
                self.links.push(LinkMeta {
                    internal: is_internal(&url),
                    url: Arc::from(url.as_str()),
                });
                self.link_stack.push(LinkState {
                    id,
                    url,
                    text: String::new(),
                    too_long: dest_url.len() > MAX_URL_BYTES,
                });
                self.push_style(self.theme.link);
            }
            Tag::Image { dest_url, .. } => {
                self.piece("🖼 ", self.theme.image);
                self.push_style(self.theme.image);
                let len = self.target().len();
                self.images.push((text::clean(&dest_url), len));
            }
            Tag::Superscript
            | Tag::Subscript
            | Tag::DefinitionList
            | Tag::DefinitionListTitle
            | Tag::DefinitionListDefinition
            | Tag::MetadataBlock(_) => {}
        }
    }

    fn end(&mut self, tag: TagEnd) {
        match tag {
            TagEnd::Paragraph => {
                self.flush_inline();
                self.pending_blank = true;
            }
            TagEnd::Heading(_) => self.end_heading(),
            TagEnd::BlockQuote(_) => {
                self.flush_inline();
                self.pop_until(|c| matches!(c, Container::Quote { .. }));
                self.pending_blank = true;
            }
            TagEnd::CodeBlock => {
                if let Some((info, body)) = self.code.take() {
                    self.code_block(body, &info);
                }
                self.pending_blank = true;
            }
            TagEnd::HtmlBlock => {
                if let Some(buf) = self.html_block.take() {
                    let mut pieces = html::block(&buf, self.style(), self.theme);
                    self.fold_block(&buf, &mut pieces);
                    if !pieces.is_empty() {
                        let rows = text::wrap(&pieces, self.avail());
                        self.emit(rows);
                        self.pending_blank = true;
                    }
                }
            }
            TagEnd::List(_) => {
                self.flush_inline();
                self.pop_until(|c| matches!(c, Container::List { .. }));
                self.pending_blank = self.open_items == 0;
            }
            TagEnd::Item => {
                self.flush_inline();
                if let Some(Container::Item { emitted: false, .. }) = self.containers.last() {
                    self.emit(vec![Row::new()]);
                }
                self.pop_until(|c| matches!(c, Container::Item { .. }));
            }
            TagEnd::Table => {
                if let Some(t) = self.table.take() {
                    let rows = table::render(&t, self.avail(), self.theme);
                    self.emit(rows);
                }
                self.pending_blank = true;
            }
            TagEnd::TableHead => {
                if let Some(t) = &mut self.table {
                    t.end_head();
                }
            }
            TagEnd::TableRow => {
                if let Some(t) = &mut self.table {
                    t.end_row();
                }
            }
            TagEnd::TableCell => {
                self.in_summary = false;
                if let Some(t) = &mut self.table {
                    t.end_cell();
                }
            }
            TagEnd::Emphasis | TagEnd::Strong | TagEnd::Strikethrough => {
                self.styles.pop();
            }
            TagEnd::Link => {
                self.styles.pop();
                if let Some(link) = self.link_stack.pop() {
                    if link.too_long {
                        let note = Piece::new(URL_TOO_LONG, self.theme.link_url);
                        self.target().push(note);
                        return;
                    }
                    let internal = self.links.get(link.id).is_some_and(|m| m.internal);
                    let shown = link.text.trim();
                    let same = shown == link.url
                        || link.url.strip_prefix("mailto:") == Some(shown)
                        || link.url.is_empty();
                    if !internal && !same {
                        let piece = Piece {
                            text: format!(" ({})", link.url),
                            style: self.theme.link_url,
                            link: Some(link.id),
                        };
                        self.target().push(piece);
                    }
                }
            }
            TagEnd::Image => {
                self.styles.pop();
                if let Some((url, len)) = self.images.pop()
                    && self.target().len() == len
                {
                    self.piece(&url, self.theme.image);
                }
            }
            TagEnd::FootnoteDefinition
            | TagEnd::Superscript
            | TagEnd::Subscript
            | TagEnd::DefinitionList
            | TagEnd::DefinitionListTitle
            | TagEnd::DefinitionListDefinition
            | TagEnd::MetadataBlock(_) => {}
        }
    }

    fn text(&mut self, t: &str) {
        if let Some((_, body)) = &mut self.code {
            body.push_str(t);
            return;
        }
        if let Some(buf) = &mut self.html_block {
            buf.push_str(t);
            return;
        }
        let cleaned = text::clean_line(t);
        if let Some((_, plain)) = &mut self.heading
            && self.images.is_empty()
        {
            plain.push_str(&cleaned);
        }
        for link in &mut self.link_stack {
            link.text.push_str(&cleaned);
        }
        self.piece(&cleaned, self.style());
    }

    fn inline_html(&mut self, tag: &str) {
        match html::inline(tag) {
            html::Inline::Hidden => {}
            html::Inline::Break => self.piece("\n", Style::new()),
            html::Inline::SummaryStart => {
                self.piece("▸ ", self.theme.summary);
                self.in_summary = true;
            }
            html::Inline::SummaryEnd => self.in_summary = false,
            html::Inline::Shown(text) => self.piece(&text, self.theme.html),
        }
    }

    fn code_block(&mut self, body: String, info: &str) {
        let avail = self.avail();
        let (rows, layout) = code::render(&body, info, avail, self.theme, self.whole_code);
        let column = self.prefix().width + layout.column;
        let first_line = self.doc.lines.len() + usize::from(layout.boxed);
        let lang = info.split_whitespace().next().unwrap_or("").to_owned();
        self.emit_rows(rows, !self.whole_code);
        self.doc.code_blocks.push(CodeBlock {
            text: body,
            lang,
            first_line,
            column,
            visible: layout.visible,
            content_width: layout.content_width,
            lines: layout.lines,
            line_count: layout.line_count,
            boxed: layout.boxed,
        });
    }

    fn end_heading(&mut self) {
        self.styles.pop();
        self.in_summary = false;
        let Some((level, plain)) = self.heading.take() else {
            return;
        };
        let pieces = std::mem::take(&mut self.inline);
        let avail = self.avail();
        let rows = text::wrap(&pieces, avail);
        let rule_width = rows.iter().map(|r| r.width).max().unwrap_or(0).max(1);
        let line = self.doc.lines.len();
        self.emit(rows);
        let rule = match level {
            1 => Some("═"),
            2 => Some("─"),
            _ => None,
        };
        if let Some(rule) = rule {
            let mut row = Row::new();
            row.push(&rule.repeat(rule_width.min(avail)), self.theme.heading_rule);
            self.emit(vec![row]);
        }
        let text = plain.trim().to_owned();
        self.doc.headings.push(HeadingPos {
            level,
            slug: self.slugger.slug(&text),
            text,
            line,
        });
        self.pending_blank = true;
    }

    // --- inline accumulation

    fn style(&self) -> Style {
        let base = if self.plain_quotes > 0 {
            self.theme.quote_text
        } else {
            Style::new()
        };
        let style = self.styles.last().map_or(base, |s| base.patch(*s));
        if self.in_summary {
            style.patch(self.theme.summary)
        } else {
            style
        }
    }

    /// Opens an inline style over the current one.
    fn push_style(&mut self, style: Style) {
        let below = self.styles.last().copied().unwrap_or_default();
        self.styles.push(below.patch(style));
    }

    fn target(&mut self) -> &mut Vec<Piece> {
        match &mut self.table {
            Some(t) if t.in_cell() => t.cell(),
            _ => &mut self.inline,
        }
    }

    fn piece(&mut self, text: &str, style: Style) {
        if text.is_empty() {
            return;
        }
        let link = self.link_stack.last().filter(|l| !l.too_long).map(|l| l.id);
        self.target().push(Piece {
            text: text.to_owned(),
            style,
            link,
        });
    }
}

fn heading_level(level: HeadingLevel) -> u8 {
    match level {
        HeadingLevel::H1 => 1,
        HeadingLevel::H2 => 2,
        HeadingLevel::H3 => 3,
        HeadingLevel::H4 => 4,
        HeadingLevel::H5 => 5,
        HeadingLevel::H6 => 6,
    }
}

fn alert_style(theme: &Theme, kind: BlockQuoteKind) -> Style {
    match kind {
        BlockQuoteKind::Note => theme.alerts.note,
        BlockQuoteKind::Tip => theme.alerts.tip,
        BlockQuoteKind::Important => theme.alerts.important,
        BlockQuoteKind::Warning => theme.alerts.warning,
        BlockQuoteKind::Caution => theme.alerts.caution,
    }
}

fn alert_title(kind: BlockQuoteKind) -> (&'static str, &'static str) {
    match kind {
        BlockQuoteKind::Note => ("ℹ", "Note"),
        BlockQuoteKind::Tip => ("💡", "Astuce"),
        BlockQuoteKind::Important => ("❗", "Important"),
        BlockQuoteKind::Warning => ("⚠", "Attention"),
        BlockQuoteKind::Caution => ("⛔", "Prudence"),
    }
}

/// Shown instead of a destination longer than [`MAX_URL_BYTES`] (the link text stays).
const URL_TOO_LONG: &str = " (adresse trop longue, non affichée\u{a0}: plus de 8\u{a0}Kio)";

/// Internal links stay in the course: `#anchor` or a relative path without a URL scheme.
fn is_internal(url: &str) -> bool {
    if url.starts_with('#') {
        return true;
    }
    if url.starts_with("//") || url.is_empty() {
        return false;
    }
    let scheme_end = url.find(':');
    let has_scheme = scheme_end.is_some_and(|i| {
        let scheme = url.get(..i).unwrap_or("");
        !scheme.is_empty()
            && scheme.starts_with(|c: char| c.is_ascii_alphabetic())
            && scheme
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
    });
    !has_scheme
}
