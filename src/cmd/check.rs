//! `check`: validates a course folder and prints every problem with file:line.

use std::process::ExitCode;

pub fn run(_g: &crate::cli::GlobalArgs) -> anyhow::Result<ExitCode> {
    anyhow::bail!("cette commande arrive bientôt")
}
