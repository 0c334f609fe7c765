//! `sandbox`: the Svix sandbox in the TUI, or one scenario traced as plain text.
//!
//! `--plain` needs `--scenario`: without one it fails with the list of names (exit 2)
//! rather than guessing, so a script never gets a trace it did not ask for. `--sync NAME`
//! hands over to `cmd::sync`, the sync lab.

use std::process::ExitCode;

use anyhow::bail;

use crate::cli::{GlobalArgs, SandboxArgs};
use crate::samples::{self, Sample};
use crate::sandbox::{Inputs, Scenario, Trace, plain_trace};

pub fn run(global: &GlobalArgs, args: &SandboxArgs) -> anyhow::Result<ExitCode> {
    if let Some(name) = args.sync.as_deref() {
        return super::sync::run(global, args, name);
    }
    let scenario = args.scenario.as_deref().map(parse_scenario).transpose()?;
    let sample = match args.event.as_deref() {
        Some(event) => parse_event(event)?,
        None => samples::ALL
            .first()
            .ok_or_else(|| anyhow::anyhow!(NO_SAMPLES))?,
    };
    if !args.plain {
        return run_tui(global, scenario.unwrap_or_default(), sample);
    }
    let Some(scenario) = scenario else {
        bail!(
            "--plain demande un scénario : ajoutez --scenario NOM, avec NOM parmi {}\n  exemple : webhook-tutor sandbox --scenario replay --plain",
            Scenario::names()
        );
    };
    let now = super::sign::unix_now()?;
    let inputs = Inputs::with_sample(sample);
    let trace = Trace::compute(&inputs, scenario, now);
    let label = format!("exemple {} ({})", sample.event, sample.description);
    super::output::print(&plain_trace(&inputs, &trace, &label))?;
    Ok(if trace.accepted() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

/// The full interface, opened on the sandbox (home and course one `q` away).
fn run_tui(
    global: &GlobalArgs,
    scenario: Scenario,
    sample: &'static Sample,
) -> anyhow::Result<ExitCode> {
    let options = crate::tui::Options {
        sandbox: Some((scenario, sample)),
        ..super::read::tui_options(global)
    };
    super::read::open_tui(global, &options)
}

fn parse_scenario(name: &str) -> anyhow::Result<Scenario> {
    match Scenario::from_name(name) {
        Some(scenario) => Ok(scenario),
        None => bail!(
            "scénario inconnu '{name}' — choisissez parmi : {}",
            Scenario::names()
        ),
    }
}

fn parse_event(event: &str) -> anyhow::Result<&'static Sample> {
    match samples::find(event) {
        Some(sample) => Ok(sample),
        None => bail!(
            "événement inconnu '{event}' pour --event — choisissez parmi : {}",
            samples::event_list()
        ),
    }
}

const NO_SAMPLES: &str = "aucun exemple d'événement n'est intégré au programme";
