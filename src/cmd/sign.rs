//! `sign` and `secret`: Svix headers for a payload, and fresh secrets.

use std::process::ExitCode;

pub fn run(_a: &crate::cli::SignArgs) -> anyhow::Result<ExitCode> {
    anyhow::bail!("cette commande arrive bientôt")
}
pub fn run_secret() -> anyhow::Result<ExitCode> {
    anyhow::bail!("cette commande arrive bientôt")
}
