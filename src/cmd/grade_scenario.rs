//! `grade URL --secret S --database-url DB --scenario NAME`: one of the sync lab's
//! scenarios played against the learner's endpoint, then the learner's table beside
//! Clerk's truth, as `sandbox --sync NAME --plain` shows the simulator's. Exit 0 when the
//! table matches the truth, 1 when it drifts, 2 for bad usage or an endpoint that cannot
//! be played against (unreachable, hanging, redirecting) or a table that cannot be read.
//! `--tui` opens the sandbox's « Synchronisation » view instead, the run going on in the
//! background and the endpoint's table arriving as a seventh column.

use std::process::ExitCode;

use anyhow::bail;

use crate::cli::{GlobalArgs, GradeArgs};
use crate::course::{Course, Sections};
use crate::grade;
use crate::sync::SyncScenario;

pub fn run(global: &GlobalArgs, args: &GradeArgs, name: &str) -> anyhow::Result<ExitCode> {
    let Some(scenario) = SyncScenario::from_name(name) else {
        bail!(
            "scénario de synchronisation inconnu '{name}' pour --scenario — choisissez parmi : {}",
            SyncScenario::names()
        );
    };
    let faults = match args.faults.as_deref() {
        Some(list) => super::sync::parse_faults(list)?,
        None => scenario.faults(),
    };
    let config = grade::Config {
        faults: Some(faults),
        ..super::grade::config(args)?
    };
    if let Some(reason) = grade::confirmation_reason(&config)? {
        super::grade::confirm(&reason, args.yes)?;
    }
    if args.tui {
        // Bad input ends here, with exit 2, before the interface takes the screen.
        grade::check_scenario(&config, scenario)?;
        let options = crate::tui::Options {
            sync: Some((scenario, faults)),
            sync_endpoint: Some(config),
            ..super::read::tui_options(global)
        };
        return super::read::open_tui(global, &options);
    }
    let report = grade::run_scenario(&config, scenario)?;
    let text = if args.json {
        format!("{:#}\n", report.to_json())
    } else {
        let sections = Course::load(global.course.as_deref())
            .ok()
            .map(|c| Sections::from_course(&c));
        report.plain(&grade::text::see_label(scenario.see(), sections.as_ref()))
    };
    super::output::print(&text)?;
    if let Some(reason) = &report.aborted {
        bail!("{reason}");
    }
    if let Some(reason) = &report.sim.remote_error {
        bail!("votre table n’a pas pu être lue : {reason}");
    }
    Ok(if report.matches() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}
