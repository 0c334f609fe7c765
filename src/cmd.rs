//! Subcommand dispatch: one module per subcommand under `cmd/`. No widgets here; the
//! commands that open the interface call into `tui`.

pub mod check;
pub mod grade;
pub mod grade_scenario;
pub mod lab;
pub mod listen;
pub mod output;
pub mod progress;
pub mod quiz;
pub mod read;
pub mod render;
pub mod results;
pub mod sandbox;
pub mod search;
pub mod send;
pub mod sign;
pub mod sync;
pub mod verify;

use std::process::ExitCode;

use crate::cli::{Cli, Command};
use crate::webhook::Secret;

pub fn dispatch(cli: Cli) -> anyhow::Result<ExitCode> {
    let global = cli.global;
    match cli.command {
        None => read::run_tui(&global),
        Some(Command::Sign(args)) => sign::run(&args),
        Some(Command::Verify(args)) => verify::run(&args),
        Some(Command::Secret) => sign::run_secret(),
        Some(Command::Render(args)) => render::run(&global, &args),
        Some(Command::Read(args)) => read::run(&global, &args),
        Some(Command::Search(args)) => search::run(&global, &args),
        Some(Command::Check) => check::run(&global),
        Some(Command::Progress(args)) => progress::run(&global, &args),
        Some(Command::Quiz(args)) => quiz::run(&global, &args),
        Some(Command::Results(args)) => results::run(&global, &args),
        Some(Command::Sandbox(args)) => sandbox::run(&global, &args),
        Some(Command::Send(args)) => send::run(&global, &args),
        Some(Command::Listen(args)) => listen::run(&global, &args),
        Some(Command::Grade(args)) => grade::run(&global, &args),
        Some(Command::Lab(args)) => lab::run(&global, &args),
    }
}

/// `--secret`, naming the option in the error.
pub(crate) fn parse_secret(text: &str) -> anyhow::Result<Secret> {
    Secret::parse(text).map_err(|e| anyhow::anyhow!("--secret : {e}"))
}

/// A fresh secret; a failing OS random source is an error, not a panic.
pub(crate) fn generate_secret() -> anyhow::Result<Secret> {
    Secret::try_generate().map_err(|e| anyhow::anyhow!("{}", crate::french::random_error(e)))
}
