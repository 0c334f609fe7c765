//! Property tests: any markdown, any width, no panic and no line wider than the width.

use proptest::prelude::*;
use unicode_width::UnicodeWidthStr;

use super::*;

const FRAGMENTS: &[&str] = &[
    "# ",
    "## ",
    "###### ",
    "*",
    "**",
    "_",
    "__",
    "~~",
    "`",
    "```",
    "```ts\n",
    "```json\n",
    "~~~\n",
    "| a | b |\n",
    "|---|:-:|\n",
    "| ",
    " |",
    "> ",
    "> [!NOTE]\n",
    "> [!CAUTION]\n",
    "- ",
    "  - ",
    "    - ",
    "1. ",
    "7) ",
    "- [ ] ",
    "- [x] ",
    "[lien](https://exemple.fr)",
    "[interne](./02-X.md#ancre)",
    "[^1]",
    "[^1]: note\n",
    "<br>",
    "<details>",
    "<summary>",
    "</summary>",
    "<!-- c -->",
    "<kbd>",
    "![img](a.png)",
    "\n",
    "\n\n",
    "\t",
    "    ",
    " ",
    "é",
    "e\u{301}",
    "👩‍💻",
    "❤\u{fe0f}",
    "🇫🇷",
    "漢字",
    "ｱ",
    "\u{200b}",
    "---\n",
    "***",
    "mot",
    "supercalifragilistique",
    "https://tres.long.exemple.fr/chemin/vers/une/page",
    "\\",
    "<",
    ">",
    "&amp;",
    "\r\n",
    "\u{1b}[31m",
];

fn markdown() -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(FRAGMENTS), 0..60).prop_map(|v| v.concat())
}

fn check(src: &str, width: u16) -> Result<(), TestCaseError> {
    let doc = render(src, width, &Theme::default());
    for (i, line) in doc.lines.iter().enumerate() {
        let w: usize = line.spans.iter().map(|s| s.content.width()).sum();
        prop_assert!(
            w <= usize::from(width),
            "line {i} is {w} wide at width {width}: {line:?}\nsource: {src:?}"
        );
        for span in &line.spans {
            let bad = span.content.contains(['\n', '\u{1b}', '\r', '\t']);
            prop_assert!(!bad, "control character in {:?}", span.content);
        }
    }
    for h in &doc.headings {
        prop_assert!(h.line < doc.lines.len());
        prop_assert!((1..=6).contains(&h.level));
    }
    for l in &doc.links {
        prop_assert!(l.line < doc.lines.len());
        prop_assert!(l.columns.start < l.columns.end && l.columns.end <= usize::from(width));
    }
    for f in &doc.footnotes {
        prop_assert!(f.line < doc.lines.len());
    }
    // The ANSI writer adds escapes and nothing else.
    let ansi = strip_escapes(&to_ansi(&doc, true));
    let trimmed: Vec<&str> = ansi.lines().map(str::trim_end).collect();
    let plain = to_plain(&doc);
    prop_assert_eq!(trimmed, plain.lines().collect::<Vec<_>>());
    Ok(())
}

/// Removes SGR (`ESC [ … m`) and OSC 8 (`ESC ] 8 ; ; … ESC \`) sequences.
fn strip_escapes(s: &str) -> String {
    let mut out = String::new();
    let mut rest = s;
    while let Some(i) = rest.find('\u{1b}') {
        out.push_str(rest.get(..i).unwrap_or(""));
        let after = rest.get(i + 1..).unwrap_or("");
        rest = if let Some(sgr) = after.strip_prefix('[') {
            sgr.find('m').and_then(|j| sgr.get(j + 1..)).unwrap_or("")
        } else {
            after
                .find("\u{1b}\\")
                .and_then(|j| after.get(j + 2..))
                .unwrap_or("")
        };
    }
    out.push_str(rest);
    out
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(600))]

    #[test]
    fn any_markdown_fits_any_width(src in markdown(), width in 1u16..200) {
        check(&src, width)?;
    }

    #[test]
    fn tiny_widths_work(src in markdown(), width in 1u16..=4) {
        check(&src, width)?;
    }

    #[test]
    fn arbitrary_text_never_panics(src in "\\PC{0,200}", width in 1u16..120) {
        check(&src, width)?;
    }
}
