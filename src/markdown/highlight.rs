//! A small hand-written syntax highlighter for the languages of the course.
//!
//! One configurable scanner covers the C-like and shell-like languages (TypeScript and
//! JavaScript, JSON, bash, TOML, Prisma, SQL); HTTP messages and diffs get a line-based pass.
//! It is a tokenizer, not a parser: it colours keywords, strings (template literals
//! included), comments, numbers, attributes and punctuation, and never fails: unknown
//! languages and odd input come back as plain text. Styles are chosen by the renderer.

mod syntaxes;

use std::ops::Range;

use syntaxes::{JSON, PRISMA, SCRIPT, SHELL, SQL, Syntax, TOML};

/// What a run of code is, for colouring.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenKind {
    Plain,
    Keyword,
    String,
    Number,
    Comment,
    Function,
    Type,
    Key,
    Attribute,
    Variable,
    Punctuation,
    Inserted,
    Deleted,
}

/// A language the highlighter knows, resolved from a fence's info string.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Language {
    Script,
    Json,
    Shell,
    Toml,
    Prisma,
    Sql,
    Http,
    Diff,
    Text,
}

impl Language {
    /// Resolves the first word of an info string (`ts`, `bash title="x"`...); anything
    /// unknown is plain text.
    pub fn from_info(info: &str) -> Self {
        let tag = info
            .split(|c: char| c.is_whitespace() || c == ',' || c == '{')
            .next()
            .unwrap_or("")
            .to_ascii_lowercase();
        match tag.as_str() {
            "ts" | "tsx" | "typescript" | "js" | "jsx" | "javascript" | "mjs" | "cjs" | "mts"
            | "cts" => Self::Script,
            "json" | "jsonc" | "json5" => Self::Json,
            "bash" | "sh" | "shell" | "zsh" | "console" | "shellsession" | "env" | "dotenv" => {
                Self::Shell
            }
            "toml" => Self::Toml,
            "prisma" => Self::Prisma,
            "sql" | "postgres" | "postgresql" | "psql" => Self::Sql,
            "http" => Self::Http,
            "diff" | "patch" => Self::Diff,
            _ => Self::Text,
        }
    }
}

/// Splits `code` into consecutive tokens that cover it entirely, in order.
pub fn highlight(language: Language, code: &str) -> Vec<(TokenKind, &str)> {
    let ranges = match language {
        Language::Script => scan(code, &SCRIPT),
        Language::Json => mark_keys(code, scan(code, &JSON), ':'),
        Language::Shell => scan(code, &SHELL),
        Language::Toml => toml_keys(code, scan(code, &TOML)),
        Language::Prisma => scan(code, &PRISMA),
        Language::Sql => scan(code, &SQL),
        Language::Http => http(code),
        Language::Diff => diff(code),
        Language::Text => vec![(TokenKind::Plain, 0..code.len())],
    };
    ranges
        .into_iter()
        .filter_map(|(kind, r)| code.get(r).map(|s| (kind, s)))
        .filter(|(_, s)| !s.is_empty())
        .collect()
}

type Ranges = Vec<(TokenKind, Range<usize>)>;

fn push(out: &mut Ranges, kind: TokenKind, range: Range<usize>) {
    if !range.is_empty() {
        out.push((kind, range));
    }
}

/// Byte index of the end of the line containing `from` (the `\n` itself excluded).
fn line_end(code: &str, from: usize) -> usize {
    code.get(from..)
        .and_then(|rest| rest.find('\n'))
        .map_or(code.len(), |i| from + i)
}

/// End of a string starting at `start` with `quote`: after the closing quote, or at the
/// end of the line for an unterminated one (template literals may span lines).
fn string_end(code: &str, start: usize, quote: &str, multiline: bool, escapes: bool) -> usize {
    let body = start + quote.len();
    let Some(rest) = code.get(body..) else {
        return code.len();
    };
    let mut escaped = false;
    for (i, c) in rest.char_indices() {
        if escaped {
            escaped = false;
            continue;
        }
        if c == '\\' && escapes {
            escaped = true;
        } else if c == '\n' && !multiline {
            return body + i;
        } else if rest.get(i..).is_some_and(|r| r.starts_with(quote)) {
            return body + i + quote.len();
        }
    }
    code.len()
}

fn is_ident_start(c: char) -> bool {
    c.is_alphabetic() || c == '_' || c == '$'
}

fn is_ident(c: char, shell: bool) -> bool {
    c.is_alphanumeric() || c == '_' || c == '$' || (shell && matches!(c, '-' | '.' | '/'))
}

fn scan(code: &str, syn: &Syntax) -> Ranges {
    let mut out = Ranges::new();
    let mut i = 0;
    // Shell: whether the next word is a command name (start of line, after `|`, `;`, `&&`).
    let mut command_pos = true;
    let mut prev_char = '\n';
    while let Some(c) = code.get(i..).and_then(|r| r.chars().next()) {
        let rest = code.get(i..).unwrap_or("");
        let word_start = prev_char.is_whitespace() || prev_char == '(' || prev_char == ';';
        let (kind, end) = if c.is_whitespace() {
            if c == '\n' {
                command_pos = true;
            }
            let len = rest
                .find(|ch: char| !ch.is_whitespace())
                .unwrap_or(rest.len());
            (TokenKind::Plain, i + len)
        } else if syn.line_comments.iter().any(|p| rest.starts_with(p))
            || (syn.hash_comments && c == '#' && word_start)
        {
            (TokenKind::Comment, line_end(code, i))
        } else if syn.block_comments && rest.starts_with("/*") {
            let end = rest
                .get(2..)
                .and_then(|r| r.find("*/"))
                .map_or(code.len(), |j| i + j + 4);
            (TokenKind::Comment, end)
        } else if syn.triple_quotes && (rest.starts_with("\"\"\"") || rest.starts_with("'''")) {
            let quote = rest.get(..3).unwrap_or("\"\"\"");
            (
                TokenKind::String,
                string_end(code, i, quote, true, !quote.starts_with('\'')),
            )
        } else if syn.quotes.contains(&c) {
            let mut buf = [0u8; 4];
            let quote: &str = c.encode_utf8(&mut buf);
            // Shell and TOML single quotes are literal: a backslash escapes nothing.
            let escapes = !(c == '\'' && (syn.shell || syn.triple_quotes));
            (
                TokenKind::String,
                string_end(code, i, quote, false, escapes),
            )
        } else if syn.template_literals && c == '`' {
            (TokenKind::String, string_end(code, i, "`", true, true))
        } else if syn.shell && c == '$' {
            let end = if rest.starts_with("${") {
                rest.find('}').map_or(line_end(code, i), |j| i + j + 1)
            } else if rest.starts_with("$ ") && command_pos {
                // A prompt, not a variable.
                i + 1
            } else {
                let len = rest
                    .char_indices()
                    .skip(1)
                    .find(|(_, ch)| !(ch.is_alphanumeric() || *ch == '_'))
                    .map_or(rest.len(), |(j, _)| j);
                i + len.max(1)
            };
            let kind = if end == i + 1 {
                TokenKind::Punctuation
            } else {
                TokenKind::Variable
            };
            (kind, end)
        } else if syn.shell && c == '-' && word_start {
            let len = rest
                .find(|ch: char| ch.is_whitespace() || ch == '=')
                .unwrap_or(rest.len());
            (TokenKind::Attribute, i + len)
        } else if c.is_ascii_digit() {
            let len = rest
                .find(|ch: char| !(ch.is_alphanumeric() || ch == '_' || ch == '.'))
                .unwrap_or(rest.len());
            (TokenKind::Number, i + len)
        } else if syn.at_attributes && c == '@' {
            let len = rest
                .char_indices()
                .skip(1)
                .find(|(_, ch)| !(ch.is_alphanumeric() || matches!(ch, '_' | '.' | '@')))
                .map_or(rest.len(), |(j, _)| j);
            (TokenKind::Attribute, i + len)
        } else if is_ident_start(c) {
            let len = rest
                .find(|ch: char| !is_ident(ch, syn.shell))
                .unwrap_or(rest.len());
            let word = rest.get(..len).unwrap_or("");
            let matches = |list: &[&str]| {
                list.iter().any(|k| {
                    if syn.case_insensitive {
                        k.eq_ignore_ascii_case(word)
                    } else {
                        *k == word
                    }
                })
            };
            let next = rest.get(len..).and_then(|r| r.chars().next());
            let kind = if matches(syn.keywords) {
                TokenKind::Keyword
            } else if matches(syn.constants) {
                TokenKind::Number
            } else if (syn.shell && command_pos) || (!syn.shell && next == Some('(')) {
                TokenKind::Function
            } else if syn.capitalized_types && word.starts_with(|ch: char| ch.is_uppercase()) {
                TokenKind::Type
            } else {
                TokenKind::Plain
            };
            // After a keyword like `then` a command follows; after `export` a name does.
            let names_follow = matches!(
                word,
                "export" | "local" | "set" | "unset" | "function" | "in" | "return" | "source"
            );
            if syn.shell && (kind != TokenKind::Keyword || names_follow) {
                command_pos = false;
            }
            (kind, i + len.max(1))
        } else {
            if syn.shell && matches!(c, '|' | ';' | '&' | '(') {
                command_pos = true;
            }
            (TokenKind::Punctuation, i + c.len_utf8())
        };
        let end = end.max(i + c.len_utf8()).min(code.len());
        push(&mut out, kind, i..end);
        prev_char = code
            .get(..end)
            .and_then(|s| s.chars().next_back())
            .unwrap_or(' ');
        i = end;
    }
    out
}

/// Marks strings and plain words directly followed by `sep` (JSON keys) as keys.
fn mark_keys(code: &str, mut tokens: Ranges, sep: char) -> Ranges {
    for idx in 0..tokens.len() {
        let is_candidate = matches!(
            tokens.get(idx),
            Some((TokenKind::String | TokenKind::Plain, r)) if !code.get(r.clone()).unwrap_or("").trim().is_empty()
        );
        if !is_candidate {
            continue;
        }
        let next = tokens
            .iter()
            .skip(idx + 1)
            .find(|(_, r)| !code.get(r.clone()).unwrap_or("").trim().is_empty());
        if next.is_some_and(|(_, r)| code.get(r.clone()) == Some(sep.encode_utf8(&mut [0; 4])))
            && let Some(t) = tokens.get_mut(idx)
        {
            t.0 = TokenKind::Key;
        }
    }
    tokens
}

/// TOML: `[table]` headers become types and the words before `=` on a line become keys.
fn toml_keys(code: &str, mut tokens: Ranges) -> Ranges {
    let mut line_start = true;
    let mut in_header = false;
    let mut in_key = false;
    for (kind, range) in &mut tokens {
        let text = code.get(range.clone()).unwrap_or("");
        if text.contains('\n') {
            line_start = true;
            in_header = false;
            in_key = false;
            continue;
        }
        if text.trim().is_empty() {
            continue;
        }
        if line_start {
            line_start = false;
            in_header = text == "[";
            in_key = !in_header && *kind != TokenKind::Comment;
        }
        if in_header && *kind != TokenKind::Comment {
            *kind = TokenKind::Type;
        } else if in_key {
            if text == "=" {
                in_key = false;
            } else if *kind != TokenKind::Punctuation {
                *kind = TokenKind::Key;
            }
        }
    }
    tokens
}

fn http(code: &str) -> Ranges {
    let mut out = Ranges::new();
    let mut offset = 0;
    let mut first = true;
    for line in code.split_inclusive('\n') {
        let start = offset;
        offset += line.len();
        let content = line.trim_end_matches(['\n', '\r']);
        if content.trim().is_empty() {
            push(&mut out, TokenKind::Plain, start..offset);
            let body = code.get(offset..).unwrap_or("");
            let body_tokens = if body.trim_start().starts_with(['{', '[']) {
                mark_keys(body, scan(body, &JSON), ':')
            } else {
                vec![(TokenKind::Plain, 0..body.len())]
            };
            for (kind, r) in body_tokens {
                push(&mut out, kind, r.start + offset..r.end + offset);
            }
            return out;
        }
        if first {
            first = false;
            let word = content.find(' ').unwrap_or(content.len());
            push(&mut out, TokenKind::Keyword, start..start + word);
            push(
                &mut out,
                TokenKind::String,
                start + word..start + content.len(),
            );
        } else if let Some(colon) = content.find(':') {
            push(&mut out, TokenKind::Key, start..start + colon);
            push(
                &mut out,
                TokenKind::Punctuation,
                start + colon..start + colon + 1,
            );
            push(
                &mut out,
                TokenKind::Plain,
                start + colon + 1..start + content.len(),
            );
        } else {
            push(&mut out, TokenKind::Plain, start..start + content.len());
        }
        push(&mut out, TokenKind::Plain, start + content.len()..offset);
    }
    out
}

fn diff(code: &str) -> Ranges {
    let mut out = Ranges::new();
    let mut offset = 0;
    for line in code.split_inclusive('\n') {
        let kind = if line.starts_with("+++") || line.starts_with("---") || line.starts_with("@@") {
            TokenKind::Comment
        } else if line.starts_with('+') {
            TokenKind::Inserted
        } else if line.starts_with('-') {
            TokenKind::Deleted
        } else {
            TokenKind::Plain
        };
        push(&mut out, kind, offset..offset + line.len());
        offset += line.len();
    }
    out
}

#[cfg(test)]
#[path = "highlight_tests.rs"]
mod tests;
