//! The lab screen: the report of the last round, exercise by exercise (✓/✗ and the failing
//! checks), what the selected exercise's checks said, the hint revealed with `h`, what the
//! lab is doing, and the server's own output in a pane that `o` opens and closes. The
//! rounds run on a `lab::worker::Worker` owned here, whose events arrive as actions;
//! dropping the state (leaving the screen, quitting) stops the server.

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Widget, Wrap};

use super::theme::UiTheme;
use crate::grade::Status;
use crate::lab::worker::{LabEvent, RoundView, Worker};

/// What the lab screen can be asked to do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LabAction {
    /// From the worker.
    Event(Box<LabEvent>),
    /// `h`: the next hint of the selected exercise.
    Hint,
    /// `o`: open or close the server output pane.
    ToggleOutput,
    /// `r`: grade again now.
    Regrade,
}

/// What the app must do after a lab transition.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Effect {
    None,
    /// Reveal the next hint of this exercise (the app owns the course and progress).
    Hint(String),
    /// A round passed these exercises: tick them in the in-memory progress too.
    Validated(Vec<String>),
}

pub struct LabState {
    /// The project folder, for the title.
    pub dir: String,
    /// What the lab is doing, or did last.
    pub phase: String,
    pub round: Option<RoundView>,
    /// The server could not start, crashed, or the project is not ready (French).
    pub failure: Option<String>,
    pub output: Vec<String>,
    pub show_output: bool,
    /// Index into the round's rows.
    pub selected: usize,
    /// The last hint revealed: (heading, lines).
    pub hint: Option<(String, Vec<String>)>,
    pub worker: Option<Worker>,
}

impl LabState {
    pub fn new(dir: String, worker: Option<Worker>) -> Self {
        Self {
            dir,
            phase: "démarrage du labo…".to_owned(),
            round: None,
            failure: None,
            output: Vec::new(),
            show_output: false,
            selected: 0,
            hint: None,
            worker,
        }
    }

    /// A lab that cannot run (no Node, not a lab project…): the screen says why.
    pub fn failed(dir: String, reason: String) -> Self {
        Self {
            phase: "labo arrêté".to_owned(),
            failure: Some(reason),
            ..Self::new(dir, None)
        }
    }

    pub fn update(&mut self, action: &LabAction) -> Effect {
        match action {
            LabAction::Event(event) => return self.event(event),
            LabAction::ToggleOutput => self.show_output = !self.show_output,
            LabAction::Regrade => {
                if let Some(worker) = &self.worker {
                    worker.regrade();
                }
            }
            LabAction::Hint => {
                if let Some(row) = self.round.as_ref().and_then(|r| r.rows.get(self.selected)) {
                    return Effect::Hint(row.id.clone());
                }
            }
        }
        Effect::None
    }

    fn event(&mut self, event: &LabEvent) -> Effect {
        match event {
            LabEvent::Phase(text) => self.phase = text.clone(),
            LabEvent::Output(lines) => self.output = lines.clone(),
            LabEvent::Failed(reason) => {
                self.phase =
                    "le serveur n’a pas démarré — enregistrez une correction pour réessayer"
                        .to_owned();
                self.failure = Some(reason.clone());
            }
            LabEvent::Crashed(reason) => {
                self.phase =
                    "serveur arrêté — enregistrez une correction pour le relancer".to_owned();
                self.failure = Some(reason.clone());
                self.show_output = true;
            }
            LabEvent::Round(round) => {
                // Follow the learner: once the chosen exercise passes, the next one to do.
                let chosen = self
                    .round
                    .as_ref()
                    .and_then(|r| r.rows.get(self.selected))
                    .map(|r| r.id.clone());
                let still_failing = round
                    .rows
                    .iter()
                    .position(|r| Some(&r.id) == chosen.as_ref() && !r.passed());
                self.selected = still_failing
                    .or_else(|| round.rows.iter().position(|r| !r.passed()))
                    .unwrap_or(0);
                if still_failing.is_none() {
                    self.hint = None;
                }
                self.phase = format!("évalué : {} — en attente d’un enregistrement", round.score);
                self.failure = None;
                let passed = round
                    .rows
                    .iter()
                    .filter(|r| r.passed())
                    .map(|r| r.id.clone())
                    .collect();
                self.round = Some((**round).clone());
                return Effect::Validated(passed);
            }
        }
        Effect::None
    }

    pub fn select(&mut self, delta: i32) {
        let len = self.round.as_ref().map_or(0, |r| r.rows.len());
        if len == 0 {
            return;
        }
        let next = i64::try_from(self.selected).unwrap_or(0) + i64::from(delta);
        self.selected = usize::try_from(next.clamp(0, len as i64 - 1)).unwrap_or(0);
    }
}

/// The lab screen, borrowed for one frame.
pub struct LabView<'a> {
    pub state: &'a LabState,
    pub theme: &'a UiTheme,
}

impl Widget for LabView<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let (s, t) = (self.state, self.theme);
        let output_height = if s.show_output {
            (area.height / 3).max(3)
        } else {
            0
        };
        let [main, output] =
            Layout::vertical([Constraint::Min(1), Constraint::Length(output_height)]).areas(area);
        let mut lines = vec![
            Line::from(Span::styled(
                format!(" Labo du projet de départ — {}", s.dir),
                t.title,
            )),
            Line::from(Span::styled(format!(" {}", s.phase), t.muted)),
            Line::default(),
        ];
        if let Some(failure) = &s.failure {
            for (i, l) in failure.lines().enumerate() {
                let style = if i == 0 { t.error } else { t.muted };
                lines.push(Line::from(Span::styled(format!(" {l}"), style)));
            }
            lines.push(Line::default());
        }
        // The hint asked for last comes first: on a small terminal it is what must show.
        if let Some((heading, hint)) = &s.hint {
            lines.push(Line::from(Span::styled(format!(" {heading}"), t.section)));
            // Laid out for the plain twin's width: one paragraph here, wrapped to the screen.
            lines.push(Line::from(format!(" {}", hint.join(" "))));
            lines.push(Line::default());
        }
        let narrow = area.width < 60;
        if let Some(round) = &s.round {
            for (i, row) in round.rows.iter().enumerate() {
                let (mark, style) = if row.passed() {
                    ("✓", t.done)
                } else {
                    ("✗", t.error)
                };
                let name = match (narrow, row.number) {
                    (true, Some(n)) => format!("Exercice {n}"),
                    _ => row.name(),
                };
                let text = if row.passed() {
                    name
                } else {
                    format!("{name} : {}", row.failing_labels().join(", "))
                };
                let line_style = if i == s.selected {
                    t.selected
                } else {
                    Style::default()
                };
                lines.push(Line::from(vec![
                    Span::styled(format!(" {mark} "), style),
                    Span::styled(text, line_style),
                ]));
            }
            lines.push(Line::from(Span::styled(
                format!(" Vérifications : {}", round.score),
                t.muted,
            )));
            let solutions = round
                .notes
                .iter()
                .filter(|n| n.contains("solution/"))
                .count();
            for note in round.notes.iter().filter(|n| !n.contains("solution/")) {
                lines.push(Line::from(Span::styled(
                    format!(" {}", note.trim_start()),
                    t.done,
                )));
            }
            if solutions > 0 {
                lines.push(Line::from(Span::styled(
                    format!(
                        " {solutions} fichier(s) de correction de référence écrit(s) dans solution/"
                    ),
                    t.muted,
                )));
            }
            if let Some(reason) = &round.aborted {
                lines.push(Line::from(Span::styled(
                    format!(" ✗ évaluation interrompue : {reason}"),
                    t.error,
                )));
            }
            if let Some(row) = round.rows.get(s.selected) {
                lines.push(Line::default());
                lines.push(Line::from(Span::styled(
                    format!(" {}", row.name()),
                    t.section,
                )));
                for (id, status) in &row.checks {
                    let why = round
                        .why
                        .iter()
                        .find(|(c, _)| c == id)
                        .map(|(_, w)| w.as_str());
                    let text = match (status, why) {
                        (Some(Status::Passed), _) => format!(" ✓ {id}"),
                        (_, Some(why)) => format!(" ✗ {id} : {why}"),
                        _ => format!(" ✗ {id}"),
                    };
                    lines.push(Line::from(text));
                }
            }
        }
        Paragraph::new(lines)
            .wrap(Wrap { trim: false })
            .render(main, buf);
        if s.show_output {
            let block = Block::default()
                .borders(Borders::TOP)
                .border_style(t.panel_border)
                .title(" Sortie du serveur (o pour fermer) ");
            let inner = block.inner(output);
            block.render(output, buf);
            let height = usize::from(inner.height);
            let shown: Vec<Line> = s.output[s.output.len().saturating_sub(height)..]
                .iter()
                .map(|l| Line::from(Span::styled(l.clone(), t.muted)))
                .collect();
            Paragraph::new(shown).render(inner, buf);
        }
    }
}

#[cfg(test)]
#[path = "lab_tests.rs"]
mod tests;
