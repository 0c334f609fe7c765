//! The course-wide search (`F`): a panel over the body with a prompt and the matches of
//! every module, each under its module and heading; Enter opens the module at the match,
//! with the in-module search (`n`/`N`) set to the same text. The matches are computed by
//! `course::search` over the app's rendered documents, so a match's line is the line the
//! reader shows. State and transitions here; the app supplies the documents.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Widget};

use super::action::Action;
use super::home::truncate;
use super::paste::{MAX_SEARCH_CHARS, one_line, too_long};
use super::theme::UiTheme;
use crate::course::Course;
use crate::course::search::{Hit, module_count};

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CourseSearch {
    pub query: String,
    pub hits: Vec<Hit>,
    /// Index into `hits` of the highlighted match.
    pub selected: usize,
}

/// What the app must do after a transition.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Effect {
    None,
    /// The query changed: compute the hits again.
    Refresh,
    Close,
    /// Open this match.
    Open(Hit),
    /// Say this on the status line (a paste refused past the query's limit).
    Notice(String),
}

impl CourseSearch {
    pub fn update(&mut self, action: &Action) -> Effect {
        match action {
            Action::SearchInput(c) => {
                if self.query.chars().count() >= MAX_SEARCH_CHARS {
                    return Effect::None;
                }
                self.query.push(*c);
                Effect::Refresh
            }
            // A paste, or characters typed faster than frames: one edit, one search.
            Action::Paste(text) => {
                let text = one_line(text);
                let after = self.query.chars().count() + text.chars().count();
                if after > MAX_SEARCH_CHARS {
                    return Effect::Notice(too_long(
                        "recherche dans le cours",
                        format!("{after} caractères"),
                        format!("{MAX_SEARCH_CHARS} caractères"),
                    ));
                }
                self.query.push_str(&text);
                Effect::Refresh
            }
            Action::SearchBackspace => {
                self.query.pop();
                Effect::Refresh
            }
            Action::SelectNext => {
                self.selected = (self.selected + 1).min(self.hits.len().saturating_sub(1));
                Effect::None
            }
            Action::SelectPrev => {
                self.selected = self.selected.saturating_sub(1);
                Effect::None
            }
            Action::PageDown => {
                self.selected = (self.selected + PAGE).min(self.hits.len().saturating_sub(1));
                Effect::None
            }
            Action::PageUp => {
                self.selected = self.selected.saturating_sub(PAGE);
                Effect::None
            }
            Action::Activate => match self.hits.get(self.selected) {
                Some(hit) => Effect::Open(hit.clone()),
                None => Effect::None,
            },
            Action::Back | Action::SearchCancel => Effect::Close,
            _ => Effect::None,
        }
    }

    /// New results for the current query; the highlight goes back to the first.
    pub fn set_hits(&mut self, hits: Vec<Hit>) {
        self.hits = hits;
        self.selected = 0;
    }

    /// The status line's position: `3/12`.
    pub fn position(&self) -> String {
        match self.hits.len() {
            0 => String::new(),
            n => format!("{}/{n}", self.selected + 1),
        }
    }

    /// The summary under the prompt.
    pub fn summary(&self) -> String {
        let q = self.query.trim();
        match (self.hits.len(), module_count(&self.hits)) {
            _ if q.is_empty() => TYPE_SOMETHING.to_string(),
            (0, _) => format!("aucun résultat pour « {q} » dans le cours"),
            (1, _) => "1 résultat".to_string(),
            (n, 1) => format!("{n} résultats dans 1 module"),
            (n, m) => format!("{n} résultats dans {m} modules"),
        }
    }
}

/// The panel, borrowed for one frame.
pub struct CourseSearchView<'a> {
    pub state: &'a CourseSearch,
    pub course: &'a Course,
    pub theme: &'a UiTheme,
}

impl Widget for CourseSearchView<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        Clear.render(area, buf);
        let block = Block::new()
            .borders(Borders::ALL)
            .border_style(self.theme.panel_border)
            .title(Span::styled(
                " Chercher dans tout le cours ",
                self.theme.title,
            ));
        let inner = block.inner(area);
        block.render(area, buf);
        if inner.height == 0 || inner.width == 0 {
            return;
        }
        let width = usize::from(inner.width);
        let state = self.state;
        let prompt = Line::from(vec![
            Span::styled("F ", self.theme.footer_key),
            Span::raw(format!("{}▏", state.query)),
        ]);
        buf.set_line(inner.x, inner.y, &prompt, inner.width);
        if inner.height < 2 {
            return;
        }
        let summary = truncate(&state.summary(), width);
        buf.set_line(
            inner.x,
            inner.y + 1,
            &Line::styled(summary, self.theme.muted),
            inner.width,
        );
        // Two rows per match: where it is, then the line itself.
        let rows = usize::from(inner.height.saturating_sub(2)) / 2;
        if rows == 0 {
            return;
        }
        let first = state.selected.saturating_sub(rows - 1);
        for (row, (i, hit)) in state
            .hits
            .iter()
            .enumerate()
            .skip(first)
            .take(rows)
            .enumerate()
        {
            let y = inner.y + 2 + 2 * row as u16;
            let title = self
                .course
                .modules
                .get(hit.module)
                .map_or("", |m| m.title.as_str());
            let place = match &hit.heading {
                Some(h) => format!("{title} › {h}"),
                None => title.to_string(),
            };
            let style = if i == state.selected {
                self.theme.selected
            } else {
                self.theme.section
            };
            buf.set_line(
                inner.x,
                y,
                &Line::styled(truncate(&place, width), style),
                inner.width,
            );
            render_context(
                hit,
                self.theme,
                Rect {
                    y: y + 1,
                    height: 1,
                    ..inner
                },
                buf,
            );
        }
    }
}

/// The match's line, indented, moved left so that the match shows, and the match
/// highlighted.
fn render_context(hit: &Hit, theme: &UiTheme, area: Rect, buf: &mut Buffer) {
    let text = hit.context.as_str();
    let indent = text.len() - text.trim_start().len();
    let lead = text
        .get(..indent)
        .map_or(0, unicode_width::UnicodeWidthStr::width) as u16;
    let room = area.width.saturating_sub(2);
    // From the start of the text when the match fits, else from a little before it.
    let skip = if hit.end <= lead + room {
        lead
    } else {
        hit.start.saturating_sub(CONTEXT_BEFORE).max(lead)
    };
    let line = crate::markdown::window_line(
        &Line::from(text.to_string()),
        usize::from(skip),
        usize::from(room),
        false,
        &crate::markdown::Theme::plain(),
    );
    buf.set_line(area.x + 2, area.y, &line, room);
    let (start, end) = (hit.start.saturating_sub(skip), hit.end.saturating_sub(skip));
    if start < room {
        let highlight = Rect {
            x: area.x + 2 + start,
            y: area.y,
            width: end.min(room).saturating_sub(start),
            height: 1,
        };
        buf.set_style(highlight, theme.search_current);
    }
}

/// Rows moved by PgSuiv / PgPréc.
const PAGE: usize = 5;
/// Columns of text kept before a match pushed left.
const CONTEXT_BEFORE: u16 = 12;
const TYPE_SOMETHING: &str = "tapez le texte à chercher (majuscules et accents ignorés)";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_paste_or_a_fast_typed_run_is_one_edit_of_the_query() {
        let mut search = CourseSearch::default();
        // What the main loop makes of « deleteMany » typed faster than frames.
        assert_eq!(
            search.update(&Action::Paste("deleteMany\n".into())),
            Effect::Refresh
        );
        assert_eq!(search.query, "deleteMany");
        assert_eq!(
            search.update(&Action::Paste("x".repeat(MAX_SEARCH_CHARS))),
            Effect::Notice(format!(
                "collage refusé : le champ « recherche dans le cours » ferait {} caractères, au-delà de sa limite de 200 caractères — collez un texte plus court",
                MAX_SEARCH_CHARS + 10
            ))
        );
        assert_eq!(
            search.query, "deleteMany",
            "a refused paste changes nothing"
        );
        for _ in 0..300 {
            search.update(&Action::SearchInput('x'));
        }
        assert_eq!(search.query.chars().count(), MAX_SEARCH_CHARS);
    }
}
