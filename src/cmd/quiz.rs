//! `quiz`: the mandatory quiz, in the TUI or as a plain line-by-line dialogue.

use std::process::ExitCode;

pub fn run(_g: &crate::cli::GlobalArgs, _a: &crate::cli::QuizArgs) -> anyhow::Result<ExitCode> {
    anyhow::bail!("cette commande arrive bientôt")
}
