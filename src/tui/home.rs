//! The home screen: course title, « Continuer », modules with their read progress,
//! the mandatory quiz's status, the sandbox, the Labo (« Labo : 11/14 » from the last run)
//! and the optional exercises (« validé par le labo » when the Labo ticked them).

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Widget;
use unicode_width::UnicodeWidthStr;

use crate::course::Course;
use crate::progress::Progress;

use super::action::Action;
use super::theme::UiTheme;
use crate::quiz::percent;

/// A selectable entry of the home list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Item {
    Continue,
    Module(usize),
    Quiz,
    /// « Réviser mes erreurs » (Leitner boxes).
    ReviewMistakes,
    Sandbox,
    /// The Labo: the learner's own endpoint, graded.
    Labo,
    /// The lab (`webhook-tutor lab`), when the course ships a starter project.
    Lab,
    Exercise(usize),
}

/// The entries in display order.
pub fn items(course: &Course) -> Vec<Item> {
    let mut items = vec![Item::Continue];
    items.extend((0..course.modules.len()).map(Item::Module));
    items.push(Item::Quiz);
    items.push(Item::ReviewMistakes);
    items.push(Item::Sandbox);
    items.push(Item::Labo);
    if !course.labs.is_empty() {
        items.push(Item::Lab);
    }
    items.extend((0..course.exercises.len()).map(Item::Exercise));
    items
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct HomeState {
    /// Index into [`items`].
    pub selected: usize,
}

/// What the app must do after a home transition.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Effect {
    None,
    Open(Item),
    ToggleExercise(usize),
}

impl HomeState {
    pub fn update(&mut self, action: &Action, course: &Course) -> Effect {
        let items = items(course);
        let last = items.len().saturating_sub(1);
        match action {
            Action::SelectNext => self.selected = (self.selected + 1).min(last),
            Action::SelectPrev => self.selected = self.selected.saturating_sub(1),
            Action::Continue => return Effect::Open(Item::Continue),
            Action::Activate => {
                if let Some(item) = items.get(self.selected) {
                    return Effect::Open(*item);
                }
            }
            Action::ToggleExercise => {
                if let Some(Item::Exercise(i)) = items.get(self.selected) {
                    return Effect::ToggleExercise(*i);
                }
            }
            _ => {}
        }
        Effect::None
    }

    /// Keeps the selection valid after the course changed.
    pub fn clamp(&mut self, course: &Course) {
        self.selected = self.selected.min(items(course).len().saturating_sub(1));
    }
}

/// The home screen, borrowed for one frame.
pub struct HomeView<'a> {
    pub state: &'a HomeState,
    pub course: &'a Course,
    pub progress: &'a Progress,
    pub theme: &'a UiTheme,
    /// (answers given, questions) of a quiz attempt in progress.
    pub quiz_in_progress: Option<(usize, usize)>,
}

impl Widget for HomeView<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let rows = self.rows(area.width);
        let height = usize::from(area.height);
        let selected_row = rows
            .iter()
            .position(|(item, _)| *item == Some(self.state.selected))
            .unwrap_or(0);
        // Scroll only as far as needed to show the selection, without stored state.
        let first = selected_row.saturating_sub(height.saturating_sub(1));
        for (i, (_, line)) in rows.iter().skip(first).take(height).enumerate() {
            buf.set_line(area.x, area.y + i as u16, line, area.width);
        }
    }
}

impl HomeView<'_> {
    /// Every row of the screen, with the item index of selectable rows.
    fn rows(&self, width: u16) -> Vec<(Option<usize>, Line<'static>)> {
        let t = self.theme;
        let mut rows = vec![
            (
                None,
                Line::from(Span::styled(format!(" {}", self.course.title), t.title)),
            ),
            (None, Line::from(self.completion_line(width))),
            (None, Line::default()),
        ];
        for (index, item) in items(self.course).into_iter().enumerate() {
            match item {
                Item::Module(0) => {
                    rows.push((None, Line::default()));
                    rows.push((None, section("Modules", t)));
                }
                Item::Quiz => {
                    rows.push((None, Line::default()));
                    rows.push((None, section("Quiz (obligatoire)", t)));
                }
                Item::Sandbox => {
                    rows.push((None, Line::default()));
                    rows.push((None, section("Pratique", t)));
                }
                Item::Exercise(0) => {
                    rows.push((None, Line::default()));
                    rows.push((None, section("Exercices (facultatifs)", t)));
                }
                _ => {}
            }
            let selected = index == self.state.selected;
            let (label, right) = self.describe(item, width);
            rows.push((Some(index), entry(&label, right, selected, width, t)));
        }
        rows
    }

    fn completion_line(&self, width: u16) -> Vec<Span<'static>> {
        let t = self.theme;
        let read = self
            .course
            .modules
            .iter()
            .filter(|m| self.progress.modules.get(&m.id).is_some_and(|p| p.read))
            .count();
        let total = self.course.modules.len();
        let wide = width >= 64;
        let prefix = if wide {
            format!(" {read}/{total} modules lus · ")
        } else {
            format!(" {read}/{total} lus · ")
        };
        let mut spans = vec![Span::styled(prefix, t.muted)];
        let completion = self
            .progress
            .completion(self.course.modules.iter().map(|m| m.id.as_str()));
        if completion.complete() {
            spans.push(Span::styled("✓ cours terminé", t.done));
        } else {
            let unread = completion.unread.len();
            let modules = match (unread, wide) {
                (0, _) => None,
                (1, true) => Some("1 module à lire".to_string()),
                (n, true) => Some(format!("{n} modules à lire")),
                (1, false) => Some("1 module".to_string()),
                (n, false) => Some(format!("{n} modules")),
            };
            let quiz = match (completion.quiz_passed, wide) {
                (true, _) => None,
                (false, true) => Some("le quiz à réussir"),
                (false, false) => Some("le quiz"),
            };
            let missing: Vec<String> = modules
                .into_iter()
                .chain(quiz.map(str::to_string))
                .collect();
            let todo = if wide {
                format!("pour terminer : {}", missing.join(" et "))
            } else {
                format!("reste {}", missing.join(" et "))
            };
            spans.push(Span::styled(todo, t.muted));
        }
        spans
    }

    /// Label and right-hand side (gauge, status) of an entry.
    fn describe(&self, item: Item, width: u16) -> (String, Vec<Span<'static>>) {
        let t = self.theme;
        let p = self.progress;
        match item {
            Item::Continue => {
                let target = p
                    .last_module
                    .as_deref()
                    .and_then(|id| self.course.modules.iter().find(|m| m.id == id));
                match target {
                    Some(m) => (format!("▶ Continuer : {}", m.title), vec![]),
                    None => match self.course.modules.first() {
                        Some(m) => (format!("▶ Commencer : {}", m.title), vec![]),
                        None => ("▶ Commencer".to_string(), vec![]),
                    },
                }
            }
            Item::Module(i) => {
                let Some(m) = self.course.modules.get(i) else {
                    return (String::new(), vec![]);
                };
                let mp = p.modules.get(&m.id).cloned().unwrap_or_default();
                let mark = if mp.read { "✓ " } else { "  " };
                (format!("{mark}{}", m.title), gauge(mp.fraction(), width, t))
            }
            Item::Quiz => {
                if let Some((n, total)) = self.quiz_in_progress {
                    let label = format!("▶ Reprendre la tentative ({n}/{total})");
                    let status = Span::styled("en cours", t.warning);
                    return (label, vec![status]);
                }
                let graded = p.graded_attempt();
                let last = p
                    .attempts
                    .iter()
                    .rev()
                    .find(|a| a.counts())
                    .map(|a| a.score_percent);
                let status = match (graded, last) {
                    (Some(g), _) if g.passed => {
                        Span::styled(format!("✓ réussi ({})", percent(g.score_percent)), t.done)
                    }
                    (Some(g), Some(last)) => {
                        let pass = self.course.quiz.pass_mark;
                        let text = if width >= 70 {
                            format!(
                                "dernier {} · retenu {} · requis {pass} %",
                                percent(last),
                                percent(g.score_percent)
                            )
                        } else {
                            format!("{} / {pass} %", percent(g.score_percent))
                        };
                        Span::styled(text, t.warning)
                    }
                    _ => Span::styled("non tenté", t.muted),
                };
                ("  Quiz final".to_string(), vec![status])
            }
            Item::ReviewMistakes => {
                let n = p.leitner.len();
                let status = match n {
                    0 => Span::styled("rien à réviser", t.muted),
                    1 => Span::styled("1 question", t.warning),
                    n => Span::styled(format!("{n} questions"), t.warning),
                };
                ("  Réviser mes erreurs".to_string(), vec![status])
            }
            Item::Sandbox => ("  Bac à sable des signatures Svix (s)".to_string(), vec![]),
            Item::Labo => {
                let status = match p.lab(&self.course.title).last {
                    Some(run) => {
                        let style = if run.passed == run.total {
                            t.done
                        } else {
                            t.warning
                        };
                        Span::styled(format!("Labo : {}/{}", run.passed, run.total), style)
                    }
                    None => Span::styled("jamais lancé", t.muted),
                };
                ("  Évaluer votre endpoint (l)".to_string(), vec![status])
            }
            Item::Lab => (
                "  Labo : corriger le projet de départ (p)".to_string(),
                vec![],
            ),
            Item::Exercise(i) => {
                let Some(x) = self.course.exercises.get(i) else {
                    return (String::new(), vec![]);
                };
                let done = p.exercises_done.contains(&x.id);
                let mark = if done { "  [x]" } else { "  [ ]" };
                let by_lab = done && p.lab_validated.contains(&x.id);
                let right = if !by_lab {
                    vec![]
                } else if width >= 60 {
                    vec![Span::styled("validé par le labo", t.done)]
                } else {
                    vec![Span::styled("labo", t.done)]
                };
                (format!("{mark} {}", x.title), right)
            }
        }
    }
}

fn section(title: &str, t: &UiTheme) -> Line<'static> {
    Line::from(Span::styled(format!(" {title}"), t.section))
}

/// ` ██████░░░░  60 %`, or just the percentage on narrow screens.
fn gauge(fraction: f64, width: u16, t: &UiTheme) -> Vec<Span<'static>> {
    let percent = (fraction * 100.0).round() as u32;
    let text = Span::raw(format!(" {percent:>3} %"));
    if width < 50 {
        return vec![text];
    }
    let filled = (fraction * 10.0).round() as usize;
    vec![
        Span::styled("█".repeat(filled), t.gauge_full),
        Span::styled("░".repeat(10 - filled.min(10)), t.gauge_empty),
        text,
    ]
}

/// One selectable row: `  label ………… right`, right-aligned, label truncated first.
fn entry(
    label: &str,
    right: Vec<Span<'static>>,
    selected: bool,
    width: u16,
    t: &UiTheme,
) -> Line<'static> {
    let right_width: usize = right.iter().map(|s| s.content.width()).sum();
    let room = usize::from(width).saturating_sub(right_width + 4);
    let label = truncate(label, room);
    let pad = usize::from(width).saturating_sub(label.width() + right_width + 3);
    let label_style = if selected { t.selected } else { Style::new() };
    let mut spans = vec![
        Span::raw(" "),
        Span::styled(format!(" {label}"), label_style),
        Span::raw(" ".repeat(pad)),
    ];
    spans.extend(right);
    Line::from(spans)
}

/// Cuts `s` to at most `max` columns, ending with `…` when cut.
pub fn truncate(s: &str, max: usize) -> String {
    if s.width() <= max {
        return s.to_string();
    }
    let mut out = String::new();
    let mut used = 0;
    for c in s.chars() {
        let w = unicode_width::UnicodeWidthChar::width(c).unwrap_or(0);
        if used + w + 1 > max {
            break;
        }
        out.push(c);
        used += w;
    }
    if max > 0 {
        out.push('…');
    }
    out
}
