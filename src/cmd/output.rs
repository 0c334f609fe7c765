//! The one path every command writes through. Standard output is [`stdout`], whose
//! write errors are marked as ours ([`OutputFailed`]) whatever context is added on the
//! way up; `main` then ends quietly with 0 when the reader left (`| head`, `| true`),
//! as `yes | head` and ripgrep do, and with a French message and 2 for any other
//! failure (`> /dev/full`). Standard error is [`warn`], which never fails: there is
//! nowhere left to report a failure of stderr itself. `println!` and friends are banned
//! by clippy.toml, because they panic when the write fails.

use std::fmt;
use std::io::{self, Write};

use crate::files::io_reason;

/// A failed write on standard output, carried inside the `io::Error` so that any
/// `.context(...)` above keeps it findable.
#[derive(Debug)]
pub struct OutputFailed {
    kind: io::ErrorKind,
    reason: String,
}

impl fmt::Display for OutputFailed {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "impossible d'écrire sur la sortie standard ({}) ; vérifiez la place libre et la destination de la redirection",
            self.reason
        )
    }
}

impl std::error::Error for OutputFailed {}

/// Marks `err`, a failed write on standard output.
pub fn stdout_failed(err: io::Error) -> io::Error {
    if err.get_ref().is_some_and(|e| e.is::<OutputFailed>()) {
        return err;
    }
    let kind = err.kind();
    io::Error::new(
        kind,
        OutputFailed {
            kind,
            reason: io_reason(&err),
        },
    )
}

/// Standard output, locked, with every error marked by [`stdout_failed`].
pub struct Stdout(io::StdoutLock<'static>);

/// The command's standard output.
pub fn stdout() -> Stdout {
    Stdout(io::stdout().lock())
}

impl Write for Stdout {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.0.write(buf).map_err(stdout_failed)
    }

    fn write_all(&mut self, buf: &[u8]) -> io::Result<()> {
        self.0.write_all(buf).map_err(stdout_failed)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.0.flush().map_err(stdout_failed)
    }
}

/// Writes `text` on standard output and flushes it.
pub fn print(text: &str) -> anyhow::Result<()> {
    let mut out = stdout();
    out.write_all(text.as_bytes())?;
    out.flush()?;
    Ok(())
}

/// Writes `text` and a newline on standard error. A failure is ignored: stderr is the
/// last channel, and the exit code still tells.
pub fn warn(text: &str) {
    let mut err = io::stderr().lock();
    let _ = err.write_all(text.as_bytes());
    let _ = err.write_all(b"\n");
    let _ = err.flush();
}

/// Writes `text` on standard error without a newline (a question before an answer).
pub fn prompt(text: &str) {
    let mut err = io::stderr().lock();
    let _ = err.write_all(text.as_bytes());
    let _ = err.flush();
}

/// True when `err` comes from standard output whose reader left: a quiet, successful end.
pub fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain().any(|cause| {
        let failed = cause.downcast_ref::<OutputFailed>().or_else(|| {
            cause
                .downcast_ref::<io::Error>()
                .and_then(|e| e.get_ref())
                .and_then(|inner| inner.downcast_ref::<OutputFailed>())
        });
        failed.is_some_and(|f| f.kind == io::ErrorKind::BrokenPipe)
    })
}

/// The message `main` prints for `err`: the causes joined by « : » with French spacing,
/// and the same text said twice (a context repeating its cause) said once.
pub fn error_message(err: &anyhow::Error) -> String {
    let mut parts: Vec<String> = Vec::new();
    for cause in err.chain() {
        let text = cause_text(cause);
        if parts.last().is_some_and(|last| last.ends_with(&text)) {
            continue;
        }
        parts.push(text);
    }
    format!("erreur : {}", parts.join(" : "))
}

/// One cause of an error chain, in French: the OS, serde_json, TOML, SQLite and HTTP
/// errors that a `.context(...)` wrapped keep their English `Display`, so they are
/// translated here, the last stop before the user.
fn cause_text(cause: &(dyn std::error::Error + 'static)) -> String {
    if let Some(io) = cause.downcast_ref::<io::Error>() {
        io_reason(io)
    } else if let Some(json) = cause.downcast_ref::<serde_json::Error>() {
        crate::french::json_error(json)
    } else if let Some(toml) = cause.downcast_ref::<toml::de::Error>() {
        crate::french::parser_message(toml.message())
    } else if let Some(sql) = cause.downcast_ref::<rusqlite::Error>() {
        crate::french::sqlite_error(sql)
    } else if let Some(http) = cause.downcast_ref::<ureq::Error>() {
        crate::french::http_error(http)
    } else {
        cause.to_string()
    }
}

#[cfg(test)]
#[path = "output_tests.rs"]
mod tests;
