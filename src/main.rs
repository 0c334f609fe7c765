//! The `webhook-tutor` binary: parse arguments, run, map the outcome to an exit code.

use std::process::ExitCode;

use webhook_tutor::cmd::output;

fn main() -> ExitCode {
    let cli = match webhook_tutor::cli::parse() {
        Ok(cli) => cli,
        Err(code) => return code,
    };
    match webhook_tutor::run(cli) {
        Ok(code) => code,
        // The reader of our output left (`| head`): nothing went wrong.
        Err(err) if output::is_broken_pipe(&err) => ExitCode::SUCCESS,
        Err(err) => {
            output::warn(&output::error_message(&err));
            ExitCode::from(2)
        }
    }
}
