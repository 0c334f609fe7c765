//! The `webhook-tutor` binary: parse arguments, run, map the outcome to an exit code.

use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = match webhook_tutor::cli::parse() {
        Ok(cli) => cli,
        Err(code) => return code,
    };
    match webhook_tutor::run(cli) {
        Ok(code) => code,
        Err(err) => {
            eprintln!("erreur : {err:#}");
            ExitCode::from(2)
        }
    }
}
