//! `verify`: checks a webhook signature and explains the verdict in French.

use std::process::ExitCode;

pub fn run(_a: &crate::cli::VerifyArgs) -> anyhow::Result<ExitCode> {
    anyhow::bail!("cette commande arrive bientôt")
}
