//! `read MODULE`: one module printed exactly as the reader shows it; and the default
//! command (no subcommand): the full interface on the home screen.

use std::process::ExitCode;

use anyhow::Context as _;

use crate::cli::{ColorChoice, GlobalArgs, ReadArgs};
use crate::course::Course;

pub fn run(global: &GlobalArgs, args: &ReadArgs) -> anyhow::Result<ExitCode> {
    let course = Course::load(global.course.as_deref())?;
    let Some(index) = course.find_module(&args.module) else {
        anyhow::bail!("{}", unknown_module(&course, &args.module));
    };
    let module = course
        .modules
        .get(index)
        .context("module introuvable après recherche")?;
    // Same flags, same output as `render`.
    super::render::print(&module.source, &args.output, global.color)
}

/// The interface options every command that opens the TUI shares; callers add the
/// screen to open on.
pub fn tui_options(global: &GlobalArgs) -> crate::tui::Options {
    crate::tui::Options {
        watch: global.course.clone(),
        colors: use_color(global.color),
        mouse: global.mouse,
        hyperlinks: crate::tui::hyperlinks_supported(),
        ..Default::default()
    }
}

pub fn run_tui(global: &GlobalArgs) -> anyhow::Result<ExitCode> {
    open_tui(global, &tui_options(global))
}

/// Opens the interface on the course and data folder of `global`, with `options` (from
/// [`tui_options`], plus the screen to open on); 0 once it is closed.
pub fn open_tui(global: &GlobalArgs, options: &crate::tui::Options) -> anyhow::Result<ExitCode> {
    crate::tui::launch(
        global.course.as_deref(),
        global.data_dir.as_deref(),
        options,
    )?;
    Ok(ExitCode::SUCCESS)
}

/// Whether the interface uses colours: `--color` wins, then NO_COLOR (any non-empty
/// value disables them).
pub fn use_color(choice: ColorChoice) -> bool {
    match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => !super::render::no_color(),
    }
}

/// « module 'x' inconnu » with the list of valid numbers and ids.
pub fn unknown_module(course: &Course, key: &str) -> String {
    let list = course
        .modules
        .iter()
        .enumerate()
        .map(|(i, m)| format!("  {i}  {}  ({})", m.id, m.title))
        .collect::<Vec<_>>()
        .join("\n");
    format!("module '{key}' inconnu ; indiquez un numéro ou un identifiant parmi :\n{list}")
}
