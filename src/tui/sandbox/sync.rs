//! The « Synchronisation » view's state: the scenario and its faults, the running
//! simulation, play/pause, the selected delivery, the inspector and SQL panels. Every
//! change goes through [`SyncState::update`]; a fault toggle replays the scenario from
//! time 0 to the same step, so what is shown always follows from (scenario, faults, step).
//! Drawing lives in `sync_view.rs`. A `grade --scenario --tui` run, done off the UI
//! thread, arrives as an [`EndpointRun`]: its simulation, with the learner's endpoint as
//! a seventh column, replaces the view's.

use std::sync::{Arc, Mutex};

use crate::grade::ScenarioReport;
use crate::sync::{Fault, Faults, Simulation, Strategy, SyncScenario};

/// A finished run against the learner's endpoint, as the event and the action carry it.
/// Clones share it; the view takes it out once.
#[derive(Clone)]
pub struct EndpointRun(Arc<Mutex<Option<Result<ScenarioReport, String>>>>);

impl EndpointRun {
    pub fn new(result: Result<ScenarioReport, String>) -> Self {
        Self(Arc::new(Mutex::new(Some(result))))
    }

    fn take(&self) -> Option<Result<ScenarioReport, String>> {
        // A poisoned lock only means a panic elsewhere: the value is intact.
        self.0.lock().unwrap_or_else(|p| p.into_inner()).take()
    }
}

impl std::fmt::Debug for EndpointRun {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("EndpointRun")
    }
}

impl PartialEq for EndpointRun {
    fn eq(&self, other: &Self) -> bool {
        Arc::ptr_eq(&self.0, &other.0)
    }
}

impl Eq for EndpointRun {}

/// Where the run against the learner's endpoint stands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Endpoint {
    Running {
        url: String,
    },
    Done {
        url: String,
        differences: usize,
        requests: usize,
        ms: u64,
        /// Why it stopped early, or why the table could not be read.
        problem: Option<String>,
    },
    Failed {
        reason: String,
    },
}

impl Endpoint {
    /// One line for the scenario card.
    pub fn line(&self) -> String {
        match self {
            Self::Running { url } => format!("passage en cours contre {url}…"),
            Self::Done {
                url,
                problem: Some(problem),
                ..
            } => format!("{url} : ✗ {problem}"),
            Self::Done {
                url,
                differences: 0,
                requests,
                ms,
                ..
            } => format!(
                "{url} : ✓ table conforme à Clerk ({requests} requêtes, {ms} ms) — colonne 7 « vous »"
            ),
            Self::Done {
                url,
                differences,
                requests,
                ms,
                ..
            } => format!(
                "{url} : ✗ {} ({requests} requêtes, {ms} ms) — colonne 7 « vous »",
                crate::sync::plural(*differences, "écart")
            ),
            Self::Failed { reason } => format!("✗ {reason}"),
        }
    }
}

/// What the learner can ask of the view (wrapped in `SandboxAction::Sync`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SyncAction {
    Scenario(SyncScenario),
    /// One step: everything due at the next instant.
    Step,
    TogglePlay,
    /// The play timer fired.
    Tick,
    /// Jump to the end.
    End,
    /// Back to time 0, same faults.
    Restart,
    ToggleFault(Fault),
    NextMessage,
    PrevMessage,
    /// Open or close the inspector on the selected delivery.
    Inspect,
    /// Show or hide the SQL of the focused strategy.
    ToggleSql,
    NextStrategy,
    /// Narrow screens: the next pane (tables, deliveries, scenario).
    NextPane,
    Scroll(i16),
    /// Échap / q: close the inspector or the SQL panel; `false` when nothing was open.
    Close,
}

/// The panes a narrow screen shows one at a time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pane {
    Tables,
    Deliveries,
    Scenario,
}

impl Pane {
    pub fn title(self) -> &'static str {
        match self {
            Self::Tables => "Tables",
            Self::Deliveries => "Chronologie",
            Self::Scenario => "Scénario",
        }
    }

    fn next(self) -> Self {
        match self {
            Self::Tables => Self::Deliveries,
            Self::Deliveries => Self::Scenario,
            Self::Scenario => Self::Tables,
        }
    }
}

/// What the sandbox must do after a sync update.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SyncEffect {
    None,
    Notice(String),
    /// Start (`true`) or stop the play timer.
    Ticker(bool),
    /// Échap with nothing open: leave the sandbox.
    Back,
}

pub struct SyncState {
    pub scenario: SyncScenario,
    pub faults: Faults,
    /// `Err` only if SQLite could not open an in-memory database.
    pub sim: Result<Simulation, String>,
    pub playing: bool,
    /// Index of the selected message (delivery).
    pub selected: usize,
    pub inspect: bool,
    pub sql: bool,
    /// The strategy the SQL panel shows.
    pub strategy: Strategy,
    pub pane: Pane,
    pub scroll: u16,
    /// `grade --scenario --tui`: the run against the learner's endpoint.
    pub endpoint: Option<Endpoint>,
}

impl SyncState {
    pub fn new(scenario: SyncScenario, faults: Faults) -> Self {
        Self {
            scenario,
            faults,
            sim: open(scenario, faults),
            playing: false,
            selected: 0,
            inspect: false,
            sql: false,
            strategy: Strategy::Module3,
            pane: Pane::Tables,
            scroll: 0,
            endpoint: None,
        }
    }

    /// The run against the learner's endpoint is over: its simulation (finished, with the
    /// endpoint's column) replaces the view's.
    pub fn endpoint_done(&mut self, run: &EndpointRun) -> SyncEffect {
        match run.take() {
            None => SyncEffect::None,
            Some(Err(reason)) => {
                let notice = format!("votre endpoint : {reason}");
                self.endpoint = Some(Endpoint::Failed { reason });
                SyncEffect::Notice(notice)
            }
            Some(Ok(report)) => {
                let done = Endpoint::Done {
                    url: report.url.clone(),
                    differences: report.differences(),
                    requests: report.requests(),
                    ms: report.elapsed_ms,
                    problem: report
                        .aborted
                        .clone()
                        .or_else(|| report.sim.remote_error.clone()),
                };
                let notice = format!("votre endpoint : {}", done.line());
                self.scenario = report.sim.scenario;
                self.faults = report.sim.faults;
                self.sim = Ok(report.sim);
                self.selected = 0;
                self.inspect = false;
                self.sql = false;
                self.endpoint = Some(done);
                SyncEffect::Notice(notice)
            }
        }
    }

    pub fn update(&mut self, action: SyncAction) -> SyncEffect {
        match action {
            SyncAction::Scenario(s) => {
                let was_playing = self.playing;
                let endpoint = self.endpoint.take();
                *self = Self::new(s, s.faults());
                self.endpoint = endpoint;
                let notice = format!(
                    "scénario « {} » : {} — n étape, p lecture, G fin",
                    s.name(),
                    s.title()
                );
                return if was_playing {
                    SyncEffect::Ticker(false)
                } else {
                    SyncEffect::Notice(notice)
                };
            }
            SyncAction::Step => {
                self.step();
            }
            SyncAction::Tick if self.playing => {
                if !self.step() {
                    self.playing = false;
                    return SyncEffect::Ticker(false);
                }
            }
            SyncAction::Tick => {}
            SyncAction::TogglePlay => {
                if self.done() && !self.playing {
                    return SyncEffect::Notice(END.into());
                }
                self.playing = !self.playing;
                return SyncEffect::Ticker(self.playing);
            }
            SyncAction::End => {
                let failed = match &mut self.sim {
                    Ok(sim) => sim.run_to_end().err(),
                    Err(_) => None,
                };
                if let Some(e) = failed {
                    self.sim = Err(e.to_string());
                }
                return self.stop();
            }
            SyncAction::Restart => {
                self.sim = open(self.scenario, self.faults);
                self.selected = 0;
                self.inspect = false;
                let _ = self.stop();
                return SyncEffect::Notice("retour à J1 09:00:00, mêmes pannes".into());
            }
            SyncAction::ToggleFault(fault) => {
                self.faults.toggle(fault);
                let steps = self.sim.as_ref().map_or(0, |s| s.journal.len());
                self.sim = open(self.scenario, self.faults);
                if let Ok(sim) = &mut self.sim {
                    for _ in 0..steps {
                        match sim.step() {
                            Ok(true) => {}
                            Ok(false) => break,
                            Err(e) => {
                                self.sim = Err(e.to_string());
                                break;
                            }
                        }
                    }
                }
                self.clamp_selection();
                let on = if self.faults.get(fault) {
                    "activée"
                } else {
                    "désactivée"
                };
                return SyncEffect::Notice(format!(
                    "panne « {} » {on} : scénario rejoué jusqu’à la même étape",
                    fault.label()
                ));
            }
            SyncAction::NextMessage => {
                self.selected = self.selected.saturating_add(1);
                self.clamp_selection();
            }
            SyncAction::PrevMessage => self.selected = self.selected.saturating_sub(1),
            SyncAction::Inspect => {
                if self.messages() == 0 {
                    return SyncEffect::Notice(
                        "aucune livraison encore : appuyez sur n pour avancer".into(),
                    );
                }
                self.inspect = !self.inspect;
                self.sql = false;
                self.scroll = 0;
            }
            SyncAction::ToggleSql => {
                self.sql = !self.sql;
                self.inspect = false;
                self.scroll = 0;
            }
            SyncAction::NextStrategy => {
                let all = self
                    .sim
                    .as_ref()
                    .map_or_else(|_| Strategy::COMPARED.to_vec(), Simulation::shown);
                let i = all.iter().position(|s| *s == self.strategy).unwrap_or(0);
                self.strategy = all
                    .get((i + 1) % all.len().max(1))
                    .copied()
                    .unwrap_or(Strategy::Module3);
            }
            SyncAction::NextPane => {
                self.pane = self.pane.next();
                self.scroll = 0;
            }
            SyncAction::Scroll(delta) => self.scroll = self.scroll.saturating_add_signed(delta),
            SyncAction::Close => {
                if self.inspect || self.sql {
                    self.inspect = false;
                    self.sql = false;
                    self.scroll = 0;
                } else {
                    return SyncEffect::Back;
                }
            }
        }
        SyncEffect::None
    }

    /// One step; false when the scenario was already over (or the database failed).
    fn step(&mut self) -> bool {
        let Ok(sim) = &mut self.sim else { return false };
        match sim.step() {
            Ok(stepped) => stepped,
            Err(e) => {
                self.sim = Err(e.to_string());
                false
            }
        }
    }

    fn stop(&mut self) -> SyncEffect {
        if self.playing {
            self.playing = false;
            SyncEffect::Ticker(false)
        } else {
            SyncEffect::None
        }
    }

    fn done(&self) -> bool {
        self.sim.as_ref().map_or(true, Simulation::is_done)
    }

    fn messages(&self) -> usize {
        self.sim.as_ref().map_or(0, |s| s.messages.len())
    }

    fn clamp_selection(&mut self) {
        self.selected = self.selected.min(self.messages().saturating_sub(1));
    }
}

fn open(scenario: SyncScenario, faults: Faults) -> Result<Simulation, String> {
    Simulation::new(scenario, faults).map_err(|e| e.to_string())
}

const END: &str = "fin du scénario : 0 pour recommencer, ou une panne à basculer (d o e h f)";

#[cfg(test)]
#[path = "sync_tests.rs"]
mod tests;
