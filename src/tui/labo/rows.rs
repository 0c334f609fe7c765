//! The Labo's rows: one per check of the battery, in order, starting from the statuses of
//! the last run kept in progress, then following the run's news (started, finished,
//! cleanup) as it comes from its thread; and the details of one finished check, built
//! once from `grade::text` (the lines `grade` prints) when they are opened.

use crate::course::{Course, Sections};
use crate::grade::{self, CHECKS, CheckDef, CheckResult, GradeError, Report, Status};

use super::{Effect, LaboState};

/// Where a check stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RowState {
    /// Not run yet (in this run, or ever).
    Waiting,
    Running,
    Done(Status),
}

/// One check of the battery on screen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    pub def: &'static CheckDef,
    pub state: RowState,
    /// This session's result (details); `None` for a status known from the last run only.
    pub result: Option<CheckResult>,
}

/// The open details of one check: lines built once, scrolled.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Details {
    pub row: usize,
    pub lines: Vec<String>,
    pub scroll: u16,
}

impl LaboState {
    pub(super) fn progress(&mut self, p: &grade::Progress) -> Effect {
        if !self.running {
            return Effect::None;
        }
        match p {
            grade::Progress::Started { total, id, .. } => {
                self.total = *total;
                if let Some(row) = self.rows.iter_mut().find(|r| r.def.id == *id) {
                    row.state = RowState::Running;
                }
            }
            grade::Progress::Finished { result, .. } => {
                self.done += 1;
                if let Some(row) = self.rows.iter_mut().find(|r| r.def.id == result.def.id) {
                    row.state = RowState::Done(result.status);
                    row.result = Some(result.clone());
                }
            }
            grade::Progress::Cleanup { done, total } => self.cleanup = Some((*done, *total)),
        }
        Effect::None
    }

    pub(super) fn finished(&mut self, result: &Result<Report, GradeError>) -> Effect {
        self.running = false;
        self.cleanup = None;
        // A check cut short by an aborted run never finishes.
        for row in &mut self.rows {
            if row.state == RowState::Running {
                row.state = RowState::Waiting;
            }
        }
        match result {
            Ok(report) => {
                self.error.clone_from(&report.aborted);
                if report.checks.is_empty() {
                    // Nothing ran: the rows of the last run kept in progress come back.
                    self.rows_from_last();
                }
                Effect::Finished(Box::new(report.clone()))
            }
            Err(err) => {
                self.error = Some(err.0.clone());
                self.rows_from_last();
                Effect::None
            }
        }
    }

    pub(super) fn open_details(&mut self, row: usize, course: &Course) -> Effect {
        let Some(r) = self.rows.get(row) else {
            return Effect::None;
        };
        let Some(result) = &r.result else {
            return Effect::Notice(match r.state {
                RowState::Running | RowState::Waiting if self.running => NOT_YET.into(),
                _ => NO_DETAILS.into(),
            });
        };
        let sections = Sections::from_course(course);
        let see = grade::text::see_label(r.def.see, Some(&sections));
        let mut lines = vec![grade::text::headline(result, &self.position(row))];
        lines.extend(grade::text::detail_lines(result, &see));
        self.details = Some(Details {
            row,
            lines,
            scroll: 0,
        });
        Effect::None
    }

    /// « [ 3/22] », as `grade` prints it.
    pub fn position(&self, row: usize) -> String {
        format!("[{:>2}/{}]", row + 1, self.rows.len())
    }

    /// Rows in battery order, with the statuses of the last run kept in progress.
    pub(super) fn rows_from_last(&mut self) {
        let last = self.last.as_ref();
        self.rows = CHECKS
            .iter()
            .map(|def| {
                let state = last
                    .and_then(|run| run.checks.iter().find(|(id, _)| id == def.id))
                    .map_or(RowState::Waiting, |(_, code)| match code.as_str() {
                        "passed" => RowState::Done(Status::Passed),
                        "failed" => RowState::Done(Status::Failed),
                        "skipped" => RowState::Done(Status::Skipped),
                        _ => RowState::Waiting,
                    });
                Row {
                    def,
                    state,
                    result: None,
                }
            })
            .collect();
    }
}

const NOT_YET: &str = "cette vérification n’a pas encore de résultat : patientez";
const NO_DETAILS: &str =
    "pas de détail pour cette vérification : lancez une évaluation avec r pour le voir";
