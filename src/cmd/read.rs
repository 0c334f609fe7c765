//! `read` and the default command: a module as text, or the full TUI.

use std::process::ExitCode;

pub fn run(_g: &crate::cli::GlobalArgs, _a: &crate::cli::ReadArgs) -> anyhow::Result<ExitCode> {
    anyhow::bail!("cette commande arrive bientôt")
}
pub fn run_tui(_g: &crate::cli::GlobalArgs) -> anyhow::Result<ExitCode> {
    anyhow::bail!("cette commande arrive bientôt")
}
