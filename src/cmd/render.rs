//! `render`: any markdown file rendered exactly as the reader shows it.
//!
//! Output mode: `--plain` or a pipe gives plain text; `--color always` forces ANSI even
//! when piped (`--plain` still wins); `--color never` or a non-empty NO_COLOR keeps bold,
//! italic and underline but drops colours. A file that is not UTF-8 is refused (exit 2)
//! with the line, column and byte offset of the first invalid byte, rather than rendered
//! lossily: the reader must never show a module differently from the file on disk.

use std::io::IsTerminal;
use std::path::Path;
use std::process::ExitCode;

use crate::cli::{ColorChoice, GlobalArgs, OutputArgs, RenderArgs};
use crate::markdown::{OutputMode, render_for_cli};

const DEFAULT_WIDTH: u16 = 80;

pub fn run(global: &GlobalArgs, args: &RenderArgs) -> anyhow::Result<ExitCode> {
    let src = read_markdown(&args.file)?;
    print(&src, &args.output, global.color)
}

/// Writes `src` rendered to standard output, in the mode the flags, the terminal and
/// NO_COLOR call for; shared with `read` so both print a module the same way.
pub fn print(src: &str, output: &OutputArgs, color: ColorChoice) -> anyhow::Result<ExitCode> {
    if let Some(n) = output.code {
        super::output::print(&code_block(src, n)?)?;
        return Ok(ExitCode::SUCCESS);
    }
    let terminal = std::io::stdout().is_terminal();
    let mode = output_mode(output, color, terminal, no_color());
    let width = output_width(output, terminal);
    let text = render_for_cli(src, width, mode);
    super::output::print(&text)?;
    Ok(ExitCode::SUCCESS)
}

/// The text of code block `n` (from 1), exactly as written between the fences
/// (indentation of an enclosing list item removed, as the reader copies it).
fn code_block(src: &str, n: usize) -> anyhow::Result<String> {
    let doc = crate::markdown::render(src, DEFAULT_WIDTH, &crate::markdown::Theme::plain());
    let count = doc.code_blocks.len();
    match n
        .checked_sub(1)
        .and_then(|i| doc.code_blocks.into_iter().nth(i))
    {
        Some(block) => Ok(block.text),
        None => anyhow::bail!("{}", no_such_block(n, count)),
    }
}

fn no_such_block(n: usize, count: usize) -> String {
    match count {
        0 => format!("pas de bloc de code {n} : ce document n'en contient aucun"),
        1 => {
            format!("pas de bloc de code {n} : ce document n'en contient qu'un ; utilisez --code 1")
        }
        _ => format!(
            "pas de bloc de code {n} : ce document en contient {count} ; choisissez --code 1 à {count}"
        ),
    }
}

/// NO_COLOR is set to a non-empty value (<https://no-color.org>).
pub fn no_color() -> bool {
    std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty())
}

/// Reads a markdown file as UTF-8; errors say where the first invalid byte is.
fn read_markdown(path: &Path) -> anyhow::Result<String> {
    let bytes = match crate::files::read_input(path, crate::files::MAX_COURSE_FILE) {
        Ok(bytes) => bytes,
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => anyhow::bail!(
            "le fichier '{}' est introuvable : vérifiez le chemin",
            path.display()
        ),
        // Past the limit: no course file needs more; the hint about rights would mislead.
        Err(err) if err.kind() == std::io::ErrorKind::InvalidData => anyhow::bail!(
            "impossible de lire '{}' : {} — un module de cours tient largement dans cette limite",
            path.display(),
            crate::files::io_reason(&err)
        ),
        Err(err) => anyhow::bail!(
            "impossible de lire '{}' ({}) : vérifiez que c'est un fichier et que vous avez le droit de le lire",
            path.display(),
            crate::files::io_reason(&err)
        ),
    };
    crate::course::decode_utf8(&path.display().to_string(), bytes).map_err(|err| match err {
        crate::course::CourseError::NotUtf8 { line, column, .. } => anyhow::anyhow!(
            "'{}' n'est pas un texte UTF-8 valide : octet invalide ligne {line}, colonne {column} ; \
             réenregistrez le fichier en UTF-8",
            path.display()
        ),
        other => anyhow::anyhow!(other),
    })
}

/// The output mode for the given flags and environment (see the module docs).
fn output_mode(
    output: &OutputArgs,
    color: ColorChoice,
    terminal: bool,
    no_color: bool,
) -> OutputMode {
    if output.plain {
        return OutputMode::Plain;
    }
    match color {
        ColorChoice::Always => OutputMode::Styled {
            color: true,
            hyperlinks: terminal,
        },
        ColorChoice::Never if terminal => OutputMode::Styled {
            color: false,
            hyperlinks: true,
        },
        ColorChoice::Auto if terminal => OutputMode::Styled {
            color: !no_color,
            hyperlinks: true,
        },
        ColorChoice::Never | ColorChoice::Auto => OutputMode::Plain,
    }
}

/// `--width`, else the terminal's width, else COLUMNS, else 80.
fn output_width(output: &OutputArgs, terminal: bool) -> u16 {
    if let Some(width) = output.width {
        return width;
    }
    if terminal
        && let Ok((cols, _)) = crossterm::terminal::size()
        && cols > 0
    {
        return cols;
    }
    std::env::var("COLUMNS")
        .ok()
        .and_then(|c| c.trim().parse::<u16>().ok())
        .filter(|c| *c > 0)
        .unwrap_or(DEFAULT_WIDTH)
}
