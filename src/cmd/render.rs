//! `render`: any markdown file rendered exactly as the reader shows it.

use std::process::ExitCode;

pub fn run(_g: &crate::cli::GlobalArgs, _a: &crate::cli::RenderArgs) -> anyhow::Result<ExitCode> {
    anyhow::bail!("cette commande arrive bientôt")
}
