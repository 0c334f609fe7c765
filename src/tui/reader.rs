//! The reader screen's state and its pure transitions: scrolling, headings, outline,
//! search and link selection over a cached rendered [`Document`]. What needs the rest
//! of the app (changing module, following a link, going home) is returned as an
//! [`Effect`] for `App` to carry out. Drawing lives in `reader/view.rs`.

pub(crate) mod code;
mod view;

pub use crate::markdown::find as search;

use std::sync::Arc;

use crate::markdown::{Document, FoldPos, LinkPos};

use super::action::Action;
use super::keymap::Mode;
use search::Match;

pub use view::ReaderView;

/// State of the open module.
#[derive(Debug, Clone)]
pub struct ReaderState {
    /// Index of the module in the course.
    pub module: usize,
    /// The module rendered at `width` (shared with the app's cache).
    pub doc: Arc<Document>,
    pub width: u16,
    /// Index of the first visible line.
    pub scroll: usize,
    /// The furthest first visible line reached in this module (saved progress included):
    /// the percentage shown, which going back never lowers.
    pub furthest: usize,
    /// True once the end of the module has been on screen.
    pub reached_end: bool,
    /// Number of visible lines.
    pub viewport: usize,
    pub search: Search,
    /// Index into `doc.links` of the link selected with Tab.
    pub link: Option<usize>,
    /// `Some(selected heading)` while the outline panel is open.
    pub outline: Option<usize>,
    /// Index into `doc.folds` of the hint selected with Tab (Enter folds or unfolds it).
    pub fold: Option<usize>,
    /// Index into `doc.code_blocks` of the block focused for copying (`y`).
    pub code: Option<usize>,
    /// Sideways scroll of each code block, in columns (see `reader/code.rs`).
    pub code_offsets: Vec<usize>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Search {
    pub query: String,
    /// True while the prompt has the keyboard.
    pub editing: bool,
    pub matches: Vec<Match>,
    /// Index into `matches` of the current occurrence.
    pub current: Option<usize>,
    /// Where the reader was when the prompt opened; Esc goes back there.
    pub origin: usize,
}

/// What the app must do after a reader transition.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Effect {
    None,
    GoHome,
    /// Open the module `delta` positions away (±1).
    MoveModule(i32),
    /// Follow this link URL (internal or external: the app decides).
    Follow(String),
    /// Show this in the status line.
    Notice(String),
    /// Put `text` on the clipboard (OSC 52) and say so with `notice`.
    Copy {
        text: String,
        notice: String,
    },
    /// Fold or unfold the hint with this key (saved in progress), then re-render.
    ToggleFold {
        key: String,
        open: bool,
    },
}

impl ReaderState {
    pub fn new(module: usize, doc: Arc<Document>, width: u16, viewport: usize) -> Self {
        let doc_blocks = doc.code_blocks.len();
        ReaderState {
            module,
            doc,
            width,
            scroll: 0,
            furthest: 0,
            reached_end: false,
            viewport: viewport.max(1),
            search: Search::default(),
            link: None,
            outline: None,
            fold: None,
            code: None,
            code_offsets: vec![0; doc_blocks],
        }
    }

    pub fn total_lines(&self) -> usize {
        self.doc.lines.len()
    }

    /// The last scroll that still fills the screen.
    pub fn max_scroll(&self) -> usize {
        self.total_lines().saturating_sub(self.viewport)
    }

    pub fn set_scroll(&mut self, scroll: usize) {
        self.scroll = scroll.min(self.max_scroll());
        self.furthest = self.furthest.max(self.scroll);
        self.reached_end |= self.at_end();
    }

    /// Starts from saved progress: resume at `scroll`, and count `furthest` (and `read`)
    /// as already reached.
    pub fn restore(&mut self, scroll: usize, furthest: usize, read: bool) {
        self.furthest = furthest.min(self.max_scroll());
        self.reached_end = read;
        self.set_scroll(scroll);
    }

    /// True once the last line is on screen.
    pub fn at_end(&self) -> bool {
        self.scroll + self.viewport >= self.total_lines()
    }

    /// The status line's position: `line/total · percent %`.
    pub fn status_position(&self) -> String {
        let total = self.total_lines();
        format!(
            "{}/{total} · {} %",
            (self.scroll + 1).min(total.max(1)),
            self.percent()
        )
    }

    /// The status line's right-hand text: the search being typed or its result, else
    /// the selected link's address.
    pub fn status_right(&self) -> String {
        let search = &self.search;
        if search.editing {
            format!("/{}▏", search.query)
        } else if !search.query.is_empty() {
            match search.current {
                Some(i) => format!("« {} » {}/{}", search.query, i + 1, search.matches.len()),
                None => format!("« {} » : aucun résultat", search.query),
            }
        } else if let Some(link) = self.selected_link() {
            format!("lien : {}", link.url)
        } else if let Some(fold) = self.selected_fold() {
            match fold.open {
                true => format!("« {} » : Entrée pour replier", fold.summary),
                false => format!("« {} » : Entrée pour afficher", fold.summary),
            }
        } else if let Some(i) = self.code {
            let lang = self.doc.code_blocks.get(i).map_or("", |b| b.lang.as_str());
            let n = self.doc.code_blocks.len();
            match lang {
                "" => format!("code {}/{n} · y copier", i + 1),
                lang => format!("code {}/{n} · {lang} · y copier", i + 1),
            }
        } else {
            String::new()
        }
    }

    /// Percentage of the module read: the furthest position scrolled past, 100 once the
    /// end has been on screen; the figure the home screen shows from the saved progress.
    pub fn percent(&self) -> usize {
        let total = self.total_lines();
        if total == 0 || self.reached_end {
            100
        } else {
            (self.furthest as f64 * 100.0 / total as f64).round() as usize
        }
    }

    pub fn mode(&self) -> Mode {
        if self.search.editing {
            Mode::Search
        } else if self.outline.is_some() {
            Mode::Outline
        } else {
            Mode::Normal
        }
    }

    /// Scrolls so that `line` is visible, about a third down the screen if it was not.
    pub fn reveal(&mut self, line: usize) {
        if line < self.scroll || line >= self.scroll + self.viewport {
            self.set_scroll(line.saturating_sub(self.viewport / 3));
        }
    }

    /// Puts the heading with this slug at the top; false when there is none.
    pub fn jump_to_anchor(&mut self, slug: &str) -> bool {
        match self.doc.headings.iter().find(|h| h.slug == slug) {
            Some(h) => {
                let line = h.line;
                self.set_scroll(line);
                true
            }
            None => false,
        }
    }

    /// Swaps in a new rendering (resize or reload), keeping the reading position in
    /// proportion and the search results in sync.
    pub fn replace_doc(&mut self, doc: Arc<Document>, width: u16) {
        let old_total = self.total_lines();
        let new_total = doc.lines.len();
        let (scroll, furthest) = if width == self.width && old_total == new_total {
            (self.scroll, self.furthest)
        } else {
            (
                crate::progress::rescale(self.scroll, old_total, new_total),
                crate::progress::rescale(self.furthest, old_total, new_total),
            )
        };
        self.furthest = furthest;
        self.swap_doc(doc);
        self.width = width;
        self.set_scroll(scroll);
    }

    /// Swaps in the same module with a hint folded or unfolded: the lines above it are
    /// unchanged, so the position stays as it is.
    /// An unfolded hint whose summary sits at the bottom of the screen comes up, so that
    /// its first lines show.
    pub fn refold(&mut self, doc: Arc<Document>) {
        let scroll = self.scroll;
        // Lines a hint adds or removes below its summary move what was read past it.
        let grown = doc.lines.len() as i64 - self.total_lines() as i64;
        if let Some(fold) = self.selected_fold()
            && fold.line < self.furthest
        {
            self.furthest = self.furthest.saturating_add_signed(grown as isize);
        }
        self.swap_doc(doc);
        self.set_scroll(scroll);
        if let Some(fold) = self.selected_fold().filter(|f| f.open) {
            let line = fold.line;
            if line + SHOWN_AFTER_UNFOLD > self.scroll + self.viewport {
                self.set_scroll(line.saturating_sub(self.viewport / 3));
            }
        }
    }

    /// The new document, with the selections carried over to it.
    fn swap_doc(&mut self, doc: Arc<Document>) {
        let fold_key = self.selected_fold().map(|f| f.key.clone());
        self.doc = doc;
        self.fold = fold_key.and_then(|k| self.doc.folds.iter().position(|f| f.key == k));
        self.link = self.link.filter(|&i| i < self.doc.links.len());
        self.outline = self
            .outline
            .map(|i| i.min(self.doc.headings.len().saturating_sub(1)));
        self.refit_code();
        if !self.search.query.is_empty() {
            self.search.matches =
                search::find(&search::searchable_lines(&self.doc), &self.search.query);
            self.search.current = self
                .search
                .current
                .filter(|&i| i < self.search.matches.len());
        }
    }

    pub fn set_viewport(&mut self, viewport: usize) {
        self.viewport = viewport.max(1);
        self.set_scroll(self.scroll);
    }

    /// Applies a reader action. Actions of other screens are ignored.
    pub fn update(&mut self, action: &Action) -> Effect {
        let page = self.viewport.saturating_sub(2).max(1);
        let half = (self.viewport / 2).max(1);
        match action {
            Action::ScrollLines(n) => self.scroll_by(i64::from(*n)),
            Action::PageDown => self.scroll_by(page as i64),
            Action::PageUp => self.scroll_by(-(page as i64)),
            Action::HalfPageDown => self.scroll_by(half as i64),
            Action::HalfPageUp => self.scroll_by(-(half as i64)),
            Action::Top => self.set_scroll(0),
            Action::Bottom => self.set_scroll(usize::MAX),
            Action::NextHeading => {
                if let Some(h) = self.doc.headings.iter().find(|h| h.line > self.scroll) {
                    let line = h.line;
                    self.set_scroll(line);
                }
            }
            Action::PrevHeading => {
                if let Some(h) = self
                    .doc
                    .headings
                    .iter()
                    .rev()
                    .find(|h| h.line < self.scroll)
                {
                    let line = h.line;
                    self.set_scroll(line);
                }
            }
            Action::ScrollCode { right, or_module } => {
                return self.scroll_code(*right, *or_module);
            }
            Action::NextModule => return Effect::MoveModule(1),
            Action::PrevModule => return Effect::MoveModule(-1),
            Action::ToggleOutline => self.toggle_outline(),
            Action::SelectNext | Action::SelectPrev if self.outline.is_some() => {
                let last = self.doc.headings.len().saturating_sub(1);
                self.outline = self.outline.map(|i| match action {
                    Action::SelectNext => (i + 1).min(last),
                    _ => i.saturating_sub(1),
                });
            }
            Action::Activate => return self.activate(),
            Action::NextLink | Action::PrevLink
                if self.doc.links.is_empty() && self.doc.folds.is_empty() =>
            {
                return Effect::Notice(NO_LINKS.into());
            }
            Action::NextCode => return self.step_code(true),
            Action::PrevCode => return self.step_code(false),
            Action::CopyCode => return self.copy_code(),
            Action::NextLink => self.step_link(true),
            Action::PrevLink => self.step_link(false),
            Action::StartSearch => {
                self.search = Search {
                    editing: true,
                    origin: self.scroll,
                    ..Search::default()
                };
            }
            Action::SearchInput(c)
                if self.search.query.chars().count() < super::paste::MAX_SEARCH_CHARS =>
            {
                self.search.query.push(*c);
                self.refresh_search();
            }
            Action::SearchInput(_) => {}
            Action::Paste(text) if self.search.editing => {
                let text = super::paste::one_line(text);
                let after = self.search.query.chars().count() + text.chars().count();
                if after > super::paste::MAX_SEARCH_CHARS {
                    return Effect::Notice(super::paste::too_long(
                        "recherche",
                        format!("{after} caractères"),
                        format!("{} caractères", super::paste::MAX_SEARCH_CHARS),
                    ));
                }
                self.search.query.push_str(&text);
                self.refresh_search();
            }
            Action::SearchBackspace => {
                self.search.query.pop();
                self.refresh_search();
            }
            Action::SearchSubmit => {
                self.search.editing = false;
                if self.search.query.trim().is_empty() {
                    self.search = Search::default();
                }
            }
            Action::SearchCancel => {
                let origin = self.search.origin;
                self.search = Search::default();
                self.set_scroll(origin);
            }
            Action::NextMatch => self.step_match(true),
            Action::PrevMatch => self.step_match(false),
            Action::Back => {
                if !self.search.query.is_empty() {
                    self.search = Search::default();
                } else if self.link.is_some() || self.code.is_some() || self.fold.is_some() {
                    self.link = None;
                    self.code = None;
                    self.fold = None;
                } else {
                    return Effect::GoHome;
                }
            }
            Action::GoHome => return Effect::GoHome,
            _ => {}
        }
        Effect::None
    }

    fn scroll_by(&mut self, delta: i64) {
        let target = if delta < 0 {
            self.scroll.saturating_sub(delta.unsigned_abs() as usize)
        } else {
            self.scroll.saturating_add(delta as usize)
        };
        self.set_scroll(target);
    }

    fn toggle_outline(&mut self) {
        if self.outline.is_some() || self.doc.headings.is_empty() {
            self.outline = None;
            return;
        }
        // Start on the heading of the section being read.
        let current = self
            .doc
            .headings
            .iter()
            .rposition(|h| h.line <= self.scroll)
            .unwrap_or(0);
        self.outline = Some(current);
    }

    fn activate(&mut self) -> Effect {
        if let Some(i) = self.outline.take() {
            if let Some(h) = self.doc.headings.get(i) {
                let line = h.line;
                self.set_scroll(line);
            }
            return Effect::None;
        }
        if let Some(fold) = self.selected_fold() {
            return Effect::ToggleFold {
                key: fold.key.clone(),
                open: !fold.open,
            };
        }
        match self.selected_link() {
            Some(link) => Effect::Follow(link.url.to_string()),
            None => Effect::None,
        }
    }

    pub fn selected_fold(&self) -> Option<&FoldPos> {
        self.fold.and_then(|i| self.doc.folds.get(i))
    }

    pub fn selected_link(&self) -> Option<&LinkPos> {
        self.link.and_then(|i| self.doc.links.get(i))
    }

    /// Every fragment of the selected link (a wrapped link has several).
    pub fn selected_fragments(&self) -> impl Iterator<Item = &LinkPos> {
        let id = self.selected_link().map(|l| l.id);
        self.doc.links.iter().filter(move |l| Some(l.id) == id)
    }

    /// Tab: the next link or hint after the selected one, or the first one on screen.
    /// A wrapped link counts once (its first fragment).
    fn step_link(&mut self, forward: bool) {
        let targets = self.focus_targets();
        let n = targets.len();
        if n == 0 {
            return;
        }
        let current = match (self.link, self.fold) {
            (Some(i), _) => {
                let id = self.doc.links.get(i).map(|l| l.id);
                let first = self.doc.links.iter().position(|l| Some(l.id) == id);
                targets
                    .iter()
                    .position(|t| matches!(t.1, Target::Link(j) if Some(j) == first))
            }
            (None, Some(f)) => targets
                .iter()
                .position(|t| matches!(t.1, Target::Fold(j) if j == f)),
            (None, None) => None,
        };
        let next = match (current, forward) {
            (Some(i), true) => (i + 1) % n,
            (Some(i), false) => (i + n - 1) % n,
            (None, true) => targets.iter().position(|t| t.0 >= self.scroll).unwrap_or(0),
            (None, false) => targets
                .iter()
                .rposition(|t| t.0 < self.scroll + self.viewport)
                .unwrap_or(n - 1),
        };
        let Some(&(line, target)) = targets.get(next) else {
            return;
        };
        (self.link, self.fold) = match target {
            Target::Link(i) => (Some(i), None),
            Target::Fold(i) => (None, Some(i)),
        };
        self.code = None;
        self.reveal(line);
    }

    /// What Tab goes through, in reading order: each link's first fragment and each
    /// hint's summary line, with their lines.
    fn focus_targets(&self) -> Vec<(usize, Target)> {
        let mut seen = std::collections::HashSet::new();
        let mut targets: Vec<(usize, Target)> = self
            .doc
            .links
            .iter()
            .enumerate()
            .filter(|(_, l)| seen.insert(l.id))
            .map(|(i, l)| (l.line, Target::Link(i)))
            .collect();
        targets.extend(
            self.doc
                .folds
                .iter()
                .enumerate()
                .map(|(i, f)| (f.line, Target::Fold(i))),
        );
        targets.sort_by_key(|t| t.0);
        targets
    }

    /// Typing searches incrementally from the current position.
    /// Incremental search, as typed: the first match from where the search started,
    /// and back to that place when the query no longer matches anything (so a failed
    /// search never moves the reading position).
    fn refresh_search(&mut self) {
        let origin = self.search.origin;
        self.search.matches =
            search::find(&search::searchable_lines(&self.doc), &self.search.query);
        self.search.current = self
            .search
            .matches
            .iter()
            .position(|m| m.line >= origin)
            .or(if self.search.matches.is_empty() {
                None
            } else {
                Some(0)
            });
        match self.current_match() {
            Some(m) => self.reveal_match(m),
            None => self.set_scroll(origin),
        }
    }

    /// Shows the occurrence of `query` at `line`, column `start` (a course-wide search
    /// result), with `n`/`N` ready to go through the module's other occurrences.
    pub fn show_match(&mut self, query: &str, line: usize, start: u16) {
        let matches = search::find(&search::searchable_lines(&self.doc), query);
        let current = matches
            .iter()
            .position(|m| m.line == line && m.start == start)
            .or_else(|| matches.iter().position(|m| m.line >= line));
        self.search = Search {
            query: query.to_string(),
            editing: false,
            matches,
            current,
            origin: self.scroll,
        };
        self.link = None;
        match self.current_match() {
            Some(m) => self.reveal_match(m),
            None => self.reveal(line),
        }
    }

    pub fn current_match(&self) -> Option<Match> {
        self.search
            .current
            .and_then(|i| self.search.matches.get(i))
            .copied()
    }

    fn step_match(&mut self, forward: bool) {
        let n = self.search.matches.len();
        if n == 0 {
            return;
        }
        let next = match self.search.current {
            Some(i) if forward => (i + 1) % n,
            Some(i) => (i + n - 1) % n,
            None => 0,
        };
        self.search.current = Some(next);
        if let Some(m) = self.current_match() {
            self.reveal_match(m);
        }
    }
}

/// Something Tab can select.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Target {
    /// Index into `doc.links` (a link's first fragment).
    Link(usize),
    /// Index into `doc.folds`.
    Fold(usize),
}

/// Lines of an unfolded hint brought on screen with its summary.
const SHOWN_AFTER_UNFOLD: usize = 3;
const NO_LINKS: &str = "aucun lien ni indice dans ce module";

#[cfg(test)]
#[path = "reader_tests.rs"]
mod tests;
