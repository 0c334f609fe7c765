//! The results screen: score and verdict against the pass mark, a bar per objective,
//! the grading method and the note it retains, the missed questions (Enter opens the
//! section that teaches one), and the ways to go on: a new attempt, the errors only
//! (practice unless `builds_on_last`), « Réviser mes erreurs ». The attempt is already saved when this screen opens.

use std::sync::Arc;

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::Widget;
use unicode_width::UnicodeWidthStr as _;

use super::{Bank, QuizAction};
use crate::progress::AttemptRecord;
use crate::quiz::{AttemptMode, Results, See, percent, points};
use crate::tui::action::Action;
use crate::tui::home::truncate;
use crate::tui::layout;
use crate::tui::theme::UiTheme;

/// A selectable entry, in display order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Entry {
    /// Index into `results.missed`.
    Missed(usize),
    Restart,
    RetryErrors,
    ReviewMistakes,
}

/// What the app must do after a results transition.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Effect {
    None,
    Review(See),
    Restart,
    RetryErrors,
    ReviewMistakes,
}

#[derive(Debug, Clone)]
pub struct ResultsState {
    pub bank: Arc<Bank>,
    pub results: Results,
    /// The attempt as saved, for « Recommencer seulement les erreurs ».
    pub record: AttemptRecord,
    /// The full attempt the grading method retains, after this one was saved.
    pub graded: Option<AttemptRecord>,
    /// Index into [`ResultsState::entries`].
    pub selected: usize,
}

impl ResultsState {
    pub fn new(
        bank: Arc<Bank>,
        results: Results,
        record: AttemptRecord,
        graded: Option<AttemptRecord>,
    ) -> ResultsState {
        ResultsState {
            bank,
            results,
            record,
            graded,
            selected: 0,
        }
    }

    pub fn entries(&self) -> Vec<Entry> {
        let mut entries: Vec<Entry> = (0..self.results.missed.len()).map(Entry::Missed).collect();
        entries.push(Entry::Restart);
        if !self.results.missed.is_empty() {
            entries.push(Entry::RetryErrors);
            entries.push(Entry::ReviewMistakes);
        }
        entries
    }

    pub fn update(&mut self, action: &Action) -> Effect {
        let entries = self.entries();
        match action {
            Action::SelectNext => {
                self.selected = (self.selected + 1).min(entries.len().saturating_sub(1));
            }
            Action::SelectPrev => self.selected = self.selected.saturating_sub(1),
            Action::Activate => match entries.get(self.selected) {
                Some(Entry::Missed(i)) => {
                    if let Some(m) = self.results.missed.get(*i) {
                        return Effect::Review(m.see.clone());
                    }
                }
                Some(Entry::Restart) => return Effect::Restart,
                Some(Entry::RetryErrors) => return Effect::RetryErrors,
                Some(Entry::ReviewMistakes) => return Effect::ReviewMistakes,
                None => {}
            },
            Action::Quiz(QuizAction::Restart) => return Effect::Restart,
            Action::Quiz(QuizAction::RetryErrors) => return Effect::RetryErrors,
            Action::Quiz(QuizAction::ReviewMistakes) => return Effect::ReviewMistakes,
            _ => {}
        }
        Effect::None
    }
}

/// The results screen, borrowed for one frame.
pub struct ResultsView<'a> {
    pub state: &'a ResultsState,
    pub theme: &'a UiTheme,
}

impl Widget for ResultsView<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let column = layout::text_column(area);
        let rows = self.rows(usize::from(column.width), column.height >= TALL);
        let height = usize::from(column.height);
        let selected_row = rows
            .iter()
            .position(|(entry, _)| *entry == Some(self.state.selected))
            .unwrap_or(0);
        // Show the score first, scrolling only as far as the selection needs.
        let first = selected_row.saturating_sub(height.saturating_sub(1));
        for (i, (_, line)) in rows.iter().skip(first).take(height).enumerate() {
            buf.set_line(column.x, column.y + i as u16, line, column.width);
        }
    }
}

impl ResultsView<'_> {
    /// Every line, with the entry index of selectable ones.
    fn rows(&self, width: usize, tall: bool) -> Vec<(Option<usize>, Line<'static>)> {
        let s = self.state;
        let t = self.theme;
        let r = &s.results;
        let mut rows: Vec<(Option<usize>, Line<'static>)> = Vec::new();
        let title = truncate(&format!("Résultats : {}", s.bank.quiz.title), width);
        rows.push((None, Line::from(Span::styled(title, t.title))));
        let (verdict, style) = if !r.mode.counts() {
            ("◆ ENTRAÎNEMENT", t.warning)
        } else if r.passed {
            ("✓ RÉUSSI", t.done)
        } else {
            ("✗ ÉCHOUÉ", t.error)
        };
        let style = style.add_modifier(Modifier::BOLD);
        let score = format!(
            "{verdict} · {} (requis : {} %)",
            percent(r.score_percent),
            r.pass_mark
        );
        if tall {
            let score = truncate(&score, width.saturating_sub(4));
            let bar = "━".repeat(score.width() + 2);
            rows.push((None, Line::from(Span::styled(format!("┏{bar}┓"), style))));
            rows.push((
                None,
                Line::from(Span::styled(format!("┃ {score} ┃"), style)),
            ));
            rows.push((None, Line::from(Span::styled(format!("┗{bar}┛"), style))));
        } else {
            rows.push((
                None,
                Line::from(Span::styled(truncate(&score, width), style)),
            ));
        }
        let points = format!("{} / {} points", points(r.earned), r.total);
        let detail = match r.mode {
            AttemptMode::Full => points,
            AttemptMode::BuildsOnLast => {
                format!("{points} (erreurs reprises, bonnes réponses gardées)")
            }
            AttemptMode::Practice => {
                format!("{points} sur les erreurs reprises : ne compte pas pour la réussite")
            }
            AttemptMode::Review => {
                format!("{points} en révision : ne compte pas pour la réussite")
            }
        };
        rows.push((
            None,
            Line::from(Span::styled(truncate(&detail, width), t.muted)),
        ));
        let retained = match &s.graded {
            Some(g) => format!(
                "Note retenue ({}) : {} · {}",
                r.grading.label(),
                percent(g.score_percent),
                if g.passed {
                    "réussi"
                } else {
                    "pas encore réussi"
                }
            ),
            None => format!(
                "Note retenue ({}) : aucune tentative complète",
                r.grading.label()
            ),
        };
        rows.push((
            None,
            Line::from(Span::styled(truncate(&retained, width), t.muted)),
        ));

        rows.push((None, Line::default()));
        rows.push((None, Line::from(Span::styled("Par objectif", t.section))));
        for o in &r.objectives {
            let fraction = if o.total > 0.0 {
                o.earned / o.total
            } else {
                0.0
            };
            rows.push((None, objective_bar(&o.label, fraction, width, t)));
        }

        let entries = s.entries();
        rows.push((None, Line::default()));
        if r.missed.is_empty() {
            let text = truncate(NOTHING_MISSED, width);
            rows.push((None, Line::from(Span::styled(text, t.done))));
        } else {
            let heading = format!("À revoir ({}) : Entrée ouvre la section", r.missed.len());
            rows.push((
                None,
                Line::from(Span::styled(truncate(&heading, width), t.section)),
            ));
        }
        for (index, entry) in entries.iter().enumerate() {
            let selected = index == s.selected;
            let style = if selected { t.selected } else { Style::new() };
            let pointer = if selected { "› " } else { "  " };
            match entry {
                Entry::Missed(i) => {
                    let Some(m) = r.missed.get(*i) else { continue };
                    let prompt = first_line(&m.prompt);
                    let text = truncate(&format!("{pointer}✗ {prompt}"), width);
                    rows.push((Some(index), Line::from(Span::styled(text, style))));
                    let label = s.bank.sections.label(&m.see);
                    let link = truncate(&format!("     → {label}"), width);
                    rows.push((None, Line::from(Span::styled(link, t.muted))));
                }
                Entry::Restart => {
                    rows.push((None, Line::default()));
                    let text = truncate(&format!("{pointer}▶ {RESTART} (r)"), width);
                    rows.push((Some(index), Line::from(Span::styled(text, style))));
                }
                Entry::RetryErrors => {
                    let what = if s.bank.quiz.builds_on_last {
                        RETRY_BUILDS
                    } else {
                        RETRY_PRACTICE
                    };
                    let text = truncate(&format!("{pointer}▶ {what} (e)"), width);
                    rows.push((Some(index), Line::from(Span::styled(text, style))));
                }
                Entry::ReviewMistakes => {
                    let text = truncate(&format!("{pointer}▶ {REVIEW} (m)"), width);
                    rows.push((Some(index), Line::from(Span::styled(text, style))));
                }
            }
        }
        rows
    }
}

/// `label ……… ██████░░░░  75 %`; the bar shrinks first, then the label.
fn objective_bar(label: &str, fraction: f64, width: usize, t: &UiTheme) -> Line<'static> {
    let percent = (fraction * 100.0).round() as u32;
    let pct = format!(" {percent:>3} %");
    let bar_width = (width / 3).clamp(4, 20);
    let label_room = width.saturating_sub(bar_width + pct.width() + 3);
    let label = truncate(label, label_room);
    let pad = " ".repeat(label_room.saturating_sub(label.width()));
    let filled = ((fraction.clamp(0.0, 1.0) * bar_width as f64).round() as usize).min(bar_width);
    let bar_style = if fraction >= 0.8 {
        t.gauge_full
    } else if fraction >= 0.5 {
        t.warning
    } else {
        t.error
    };
    Line::from(vec![
        Span::raw(format!("  {label}{pad} ")),
        Span::styled("█".repeat(filled), bar_style),
        Span::styled("░".repeat(bar_width - filled), t.gauge_empty),
        Span::raw(pct),
    ])
}

/// The first non-empty line of a markdown prompt, without the usual inline marks.
fn first_line(prompt: &str) -> String {
    prompt
        .lines()
        .map(str::trim)
        .find(|l| !l.is_empty())
        .unwrap_or("")
        .replace(['`', '*'], "")
}

/// From this many lines the score gets a box around it.
const TALL: u16 = 16;
const NOTHING_MISSED: &str = "Aucune erreur : toutes les réponses sont justes.";
const RESTART: &str = "Nouvelle tentative (d'autres questions)";
const RETRY_PRACTICE: &str = "Recommencer seulement les erreurs (entraînement)";
const RETRY_BUILDS: &str = "Recommencer seulement les erreurs (compte, bonnes réponses gardées)";
const REVIEW: &str = "Réviser mes erreurs";
