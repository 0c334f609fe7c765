//! `sandbox --sync SCENARIO --plain`: the sync lab's scenario run on its own clock and
//! printed, every strategy's table beside Clerk's truth. Without `--plain` it opens the
//! sandbox on the « Synchronisation » view.

use std::process::ExitCode;

use anyhow::{Context, bail};

use crate::cli::{GlobalArgs, SandboxArgs};
use crate::sync::{Fault, Faults, MAX_STEPS, Simulation, SyncScenario, plain_report};

pub fn run(global: &GlobalArgs, args: &SandboxArgs, name: &str) -> anyhow::Result<ExitCode> {
    let scenario = parse_scenario(name)?;
    let faults = match args.faults.as_deref() {
        Some(list) => parse_faults(list)?,
        None => scenario.faults(),
    };
    let steps = args.steps.as_deref().map(parse_steps).transpose()?;
    if !args.plain {
        let options = crate::tui::Options {
            sync: Some((scenario, faults)),
            ..super::read::tui_options(global)
        };
        return super::read::open_tui(global, &options);
    }
    let mut sim = Simulation::new(scenario, faults).context("simulation impossible")?;
    match steps {
        Some(n) => {
            for _ in 0..n {
                if !sim.step().context("simulation impossible")? {
                    break;
                }
            }
        }
        None => sim.run_to_end().context("simulation impossible")?,
    }
    super::output::print(&plain_report(&sim, args.sql))?;
    Ok(ExitCode::SUCCESS)
}

pub fn parse_scenario(name: &str) -> anyhow::Result<SyncScenario> {
    match SyncScenario::from_name(name) {
        Some(s) => Ok(s),
        None => bail!(
            "scénario de synchronisation inconnu '{name}' pour --sync — choisissez parmi : {}",
            SyncScenario::names()
        ),
    }
}

/// `duplicates,reorder` or `none`.
pub fn parse_faults(list: &str) -> anyhow::Result<Faults> {
    let mut faults = Faults::default();
    if list.trim() == "none" {
        return Ok(faults);
    }
    for name in list.split(',').map(str::trim).filter(|n| !n.is_empty()) {
        match Fault::from_name(name) {
            Some(f) if !faults.get(f) => faults.toggle(f),
            Some(_) => {}
            None => bail!(
                "panne inconnue '{name}' pour --faults — choisissez parmi : {}, ou none",
                Fault::names()
            ),
        }
    }
    Ok(faults)
}

fn parse_steps(text: &str) -> anyhow::Result<usize> {
    match text.trim().parse::<usize>() {
        Ok(n) if n <= MAX_STEPS => Ok(n),
        _ => bail!(
            "--steps '{text}' : attendu un nombre d'étapes entre 0 et {MAX_STEPS} (sans --steps, la simulation va jusqu'au bout)"
        ),
    }
}
