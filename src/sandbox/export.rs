//! Exports of the current request: a curl command that sends the exact bytes, the raw HTTP
//! text, and the OSC 52 escape sequence that puts text on the terminal's clipboard. Pure
//! strings; writing them to files or stdout is the shell's job.

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;

use super::exchange::HttpRequest;

/// File written by the TUI's raw HTTP export, in the current directory.
pub const EXPORT_HTTP_FILE: &str = "webhook-tutor-request.http";
/// File written by the TUI's curl export, in the current directory.
pub const EXPORT_CURL_FILE: &str = "webhook-tutor-request.sh";
/// The URL the curl command targets.
pub const EXPORT_URL: &str = "http://localhost:3000/api/webhooks";

/// A POSIX shell command posting `request` to `url`. The body goes through
/// `--data-binary` in single quotes, which keep every byte (newlines included) as is; `host`
/// and `content-length` are left to curl. `-i` shows the endpoint's answer.
pub fn curl_command(request: &HttpRequest, url: &str) -> String {
    let mut out = format!("curl -i -X POST {} \\\n", shell_quote(url));
    for (name, value) in &request.headers {
        if name.eq_ignore_ascii_case("host") || name.eq_ignore_ascii_case("content-length") {
            continue;
        }
        out.push_str(&format!(
            "  -H {} \\\n",
            shell_quote(&format!("{name}: {value}"))
        ));
    }
    out.push_str(&format!("  --data-binary {}\n", shell_quote(&request.body)));
    out
}

/// Single quotes for POSIX shells: `'` becomes `'\''`.
pub fn shell_quote(text: &str) -> String {
    format!("'{}'", text.replace('\'', r"'\''"))
}

/// The terminal escape that copies `text` to the clipboard (OSC 52, BEL-terminated).
/// Terminals without support ignore it.
pub fn osc52(text: &str) -> String {
    format!("\x1b]52;c;{}\x07", STANDARD.encode(text))
}
