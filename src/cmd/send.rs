//! `send`: posts a signed Clerk event to an endpoint and diagnoses the response.

use std::process::ExitCode;

pub fn run(_g: &crate::cli::GlobalArgs, _a: &crate::cli::SendArgs) -> anyhow::Result<ExitCode> {
    anyhow::bail!("cette commande arrive bientôt")
}
