//! JSON text as the sandbox needs it: what `JSON.stringify(JSON.parse(body))` gives in
//! Node (the re-serialised body of the `reserialized` scenario), what that changed, and
//! an indented copy of a compact body for display. Nothing here changes the bytes that
//! are signed; the sandbox always signs and verifies the exact text.
//!
//! Parsing goes through serde_json into an order-keeping tree, because serde_json's own
//! `Value` sorts object keys, which JavaScript does not.

use std::collections::HashMap;
use std::fmt;

use serde::de::{self, Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};

/// A parsed JSON value with JavaScript's semantics: every number is an `f64`, object
/// keys keep their first position and the last value given for them.
#[derive(Debug, Clone, PartialEq)]
enum JsValue {
    Null,
    Bool(bool),
    Number(f64),
    String(String),
    Array(Vec<JsValue>),
    Object(Vec<(String, JsValue)>),
}

/// What `JSON.stringify(JSON.parse(body))` returns, and what it changed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reserialized {
    pub text: String,
    /// Whitespace between tokens was dropped.
    pub whitespace: bool,
    /// A string or a number is written differently (`\u00e9` → `é`, `1.50` → `1.5`).
    pub rewritten: bool,
    /// Keys that look like integers moved before the others.
    pub reordered: bool,
}

/// `JSON.stringify(JSON.parse(body))` as Node computes it; `None` when `body` is not JSON
/// (`req.json()` would throw before any verification).
pub fn reserialize(body: &str) -> Option<Reserialized> {
    let value: JsValue = serde_json::from_str(body).ok()?;
    let mut text = String::with_capacity(body.len());
    write_value(&value, true, &mut text);
    let mut in_order = String::with_capacity(body.len());
    write_value(&value, false, &mut in_order);
    let compact = strip_whitespace(body);
    Some(Reserialized {
        whitespace: compact != body,
        rewritten: compact != in_order,
        reordered: in_order != text,
        text,
    })
}

/// `body` indented by two spaces per level, tokens kept byte for byte (escapes and
/// numbers as written); `None` when `body` is not JSON.
pub fn indent(body: &str) -> Option<String> {
    serde_json::from_str::<de::IgnoredAny>(body).ok()?;
    let mut out = String::with_capacity(body.len() * 2);
    let mut depth = 0usize;
    let mut chars = body.chars().peekable();
    let newline = |out: &mut String, depth: usize| {
        out.push('\n');
        out.extend(std::iter::repeat_n("  ", depth));
    };
    while let Some(c) = chars.next() {
        match c {
            '"' => {
                out.push('"');
                let mut escaped = false;
                for c in chars.by_ref() {
                    out.push(c);
                    match c {
                        _ if escaped => escaped = false,
                        '\\' => escaped = true,
                        '"' => break,
                        _ => {}
                    }
                }
            }
            '{' | '[' => {
                out.push(c);
                while chars.peek().is_some_and(|c| c.is_ascii_whitespace()) {
                    chars.next();
                }
                if chars.peek().is_some_and(|&n| n == '}' || n == ']') {
                    continue;
                }
                depth += 1;
                newline(&mut out, depth);
            }
            '}' | ']' => {
                if !(out.ends_with('{') || out.ends_with('[')) {
                    depth = depth.saturating_sub(1);
                    newline(&mut out, depth);
                }
                out.push(c);
            }
            ',' => {
                out.push(',');
                newline(&mut out, depth);
            }
            ':' => out.push_str(": "),
            c if c.is_ascii_whitespace() => {}
            c => out.push(c),
        }
    }
    Some(out)
}

/// `body` without the whitespace between tokens (strings untouched).
fn strip_whitespace(body: &str) -> String {
    let mut out = String::with_capacity(body.len());
    let (mut in_string, mut escaped) = (false, false);
    for c in body.chars() {
        if in_string {
            match c {
                _ if escaped => escaped = false,
                '\\' => escaped = true,
                '"' => in_string = false,
                _ => {}
            }
        } else if c == '"' {
            in_string = true;
        } else if c.is_ascii_whitespace() {
            continue;
        }
        out.push(c);
    }
    out
}

/// `JSON.stringify` of a parsed value; `js_order` puts integer-like keys first, as
/// JavaScript objects enumerate them (false keeps the parsed order, to tell changes apart).
fn write_value(value: &JsValue, js_order: bool, out: &mut String) {
    match value {
        JsValue::Null => out.push_str("null"),
        JsValue::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        JsValue::Number(n) => write_number(*n, out),
        JsValue::String(s) => write_string(s, out),
        JsValue::Array(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_value(item, js_order, out);
            }
            out.push(']');
        }
        JsValue::Object(entries) => {
            let mut order: Vec<&(String, JsValue)> = entries.iter().collect();
            if js_order {
                // Stable: string keys keep their order after the sorted integer keys.
                order.sort_by_key(|(key, _)| array_index(key).map_or((1, 0), |i| (0, i)));
            }
            out.push('{');
            for (i, (key, item)) in order.into_iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_string(key, out);
                out.push(':');
                write_value(item, js_order, out);
            }
            out.push('}');
        }
    }
}

/// The value of a key JavaScript treats as an array index: the canonical decimal form of
/// an integer below 2³² − 1.
fn array_index(key: &str) -> Option<u64> {
    let canonical = key == "0" || (!key.starts_with('0') && !key.is_empty());
    if !canonical || !key.bytes().all(|b| b.is_ascii_digit()) || key.len() > 10 {
        return None;
    }
    key.parse::<u64>().ok().filter(|&i| i < u64::from(u32::MAX))
}

/// ECMAScript `Number::toString`: the shortest digits that round-trip, in plain notation
/// for exponents from −7 to 20, else `1.5e+21` style.
fn write_number(n: f64, out: &mut String) {
    if !n.is_finite() {
        out.push_str("null");
        return;
    }
    if n == 0.0 {
        out.push('0');
        return;
    }
    if n < 0.0 {
        out.push('-');
    }
    // `{:e}` gives Rust's shortest round-trip digits: « 1.2345e-7 ».
    let sci = format!("{:e}", n.abs());
    let (mantissa, exponent) = sci.split_once('e').unwrap_or((&sci, "0"));
    let digits: String = mantissa.chars().filter(char::is_ascii_digit).collect();
    let k = digits.len() as i64;
    let point = exponent.parse::<i64>().unwrap_or(0) + 1;
    let zeros = |count: i64| "0".repeat(usize::try_from(count).unwrap_or(0));
    if k <= point && point <= 21 {
        out.push_str(&digits);
        out.push_str(&zeros(point - k));
    } else if 0 < point && point <= 21 {
        let (int, frac) = digits.split_at(usize::try_from(point).unwrap_or(0));
        out.push_str(int);
        out.push('.');
        out.push_str(frac);
    } else if -6 < point && point <= 0 {
        out.push_str("0.");
        out.push_str(&zeros(-point));
        out.push_str(&digits);
    } else {
        let (first, rest) = digits.split_at(1);
        out.push_str(first);
        if !rest.is_empty() {
            out.push('.');
            out.push_str(rest);
        }
        let e = point - 1;
        out.push_str(if e < 0 { "e-" } else { "e+" });
        out.push_str(&e.abs().to_string());
    }
}

/// ECMAScript `QuoteJSONString`: short escapes for `\b \t \n \f \r " \`, `\u00xx` for the
/// other control characters, everything else as itself.
fn write_string(s: &str, out: &mut String) {
    use std::fmt::Write as _;
    out.push('"');
    for c in s.chars() {
        match c {
            '\u{8}' => out.push_str("\\b"),
            '\t' => out.push_str("\\t"),
            '\n' => out.push_str("\\n"),
            '\u{c}' => out.push_str("\\f"),
            '\r' => out.push_str("\\r"),
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if u32::from(c) < 0x20 => {
                let _ = write!(out, "\\u{:04x}", u32::from(c));
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

impl<'de> Deserialize<'de> for JsValue {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(JsVisitor)
    }
}

struct JsVisitor;

impl<'de> Visitor<'de> for JsVisitor {
    type Value = JsValue;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a JSON value")
    }
    fn visit_unit<E>(self) -> Result<JsValue, E> {
        Ok(JsValue::Null)
    }
    fn visit_bool<E>(self, b: bool) -> Result<JsValue, E> {
        Ok(JsValue::Bool(b))
    }
    // JavaScript has only doubles: big integers lose digits here, as in `JSON.parse`.
    fn visit_i64<E>(self, n: i64) -> Result<JsValue, E> {
        Ok(JsValue::Number(n as f64))
    }
    fn visit_u64<E>(self, n: u64) -> Result<JsValue, E> {
        Ok(JsValue::Number(n as f64))
    }
    fn visit_f64<E>(self, n: f64) -> Result<JsValue, E> {
        Ok(JsValue::Number(n))
    }
    fn visit_str<E>(self, s: &str) -> Result<JsValue, E> {
        Ok(JsValue::String(s.to_owned()))
    }
    fn visit_string<E>(self, s: String) -> Result<JsValue, E> {
        Ok(JsValue::String(s))
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<JsValue, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element()? {
            items.push(item);
        }
        Ok(JsValue::Array(items))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<JsValue, A::Error> {
        let mut entries: Vec<(String, JsValue)> = Vec::new();
        let mut seen: HashMap<String, usize> = HashMap::new();
        while let Some((key, value)) = map.next_entry::<String, JsValue>()? {
            // A repeated key keeps its first place and takes the last value, as in JS.
            match seen.get(&key).and_then(|&i| entries.get_mut(i)) {
                Some(entry) => entry.1 = value,
                None => {
                    seen.insert(key.clone(), entries.len());
                    entries.push((key, value));
                }
            }
        }
        Ok(JsValue::Object(entries))
    }
}

#[cfg(test)]
#[path = "json_text_tests.rs"]
mod tests;
