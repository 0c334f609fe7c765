//! The `webhook-tutor` binary: parse arguments, run, map the outcome to an exit code.

use std::process::ExitCode;

use webhook_tutor::cmd::output;
use webhook_tutor::tui::Interrupted;

fn main() -> ExitCode {
    let cli = match webhook_tutor::cli::parse() {
        Ok(cli) => cli,
        Err(code) => return code,
    };
    let err = match webhook_tutor::run(cli) {
        Ok(code) => return code,
        Err(err) => err,
    };
    if output::is_broken_pipe(&err) {
        // The reader of our output left (`| head`): nothing went wrong.
        ExitCode::SUCCESS
    } else if let Some(stop) = err.downcast_ref::<Interrupted>() {
        // SIGTERM, SIGHUP…: the interface saved and restored the terminal; 128 + n.
        ExitCode::from(stop.exit_code())
    } else {
        output::warn(&output::error_message(&err));
        ExitCode::from(2)
    }
}
