//! `listen`: a local receiver that verifies webhooks like a correct endpoint.

use std::process::ExitCode;

pub fn run(_g: &crate::cli::GlobalArgs, _a: &crate::cli::ListenArgs) -> anyhow::Result<ExitCode> {
    anyhow::bail!("cette commande arrive bientôt")
}
