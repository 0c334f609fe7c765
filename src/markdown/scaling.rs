//! Pathological inputs, shared by the scaling tests (`scaling_tests.rs`) and the
//! `markdown_pathological` bench: each builds a document of size about `n` that once
//! took quadratic time or memory (issue 12, class 2).

/// One family of hostile documents.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Case {
    /// One link whose URL is `n` bytes long, meant to be rendered at a narrow width.
    LongUrl,
    /// `n` headings with the same text (slug numbering).
    SameHeadings,
    /// Emphasis nested `n` deep: `*a **b *c …`.
    NestedEmphasis,
    /// Lists nested `n` deep on one line, then `n` words.
    NestedLists,
    /// Block quotes nested `n` deep on one line, then `n` words.
    NestedQuotes,
    /// A table of `n` rows whose cells hold long words (column shrinking).
    WideTable,
    /// A code block of `n` lines, each longer than the screen.
    LongCode,
    /// A paragraph of `n` words interleaving links, code and emphasis.
    MixedInline,
}

impl Case {
    pub const ALL: [Case; 8] = [
        Case::LongUrl,
        Case::SameHeadings,
        Case::NestedEmphasis,
        Case::NestedLists,
        Case::NestedQuotes,
        Case::WideTable,
        Case::LongCode,
        Case::MixedInline,
    ];

    /// A name for test failures and bench ids.
    pub fn name(self) -> &'static str {
        match self {
            Case::LongUrl => "long_url",
            Case::SameHeadings => "same_headings",
            Case::NestedEmphasis => "nested_emphasis",
            Case::NestedLists => "nested_lists",
            Case::NestedQuotes => "nested_quotes",
            Case::WideTable => "wide_table",
            Case::LongCode => "long_code",
            Case::MixedInline => "mixed_inline",
        }
    }

    /// The document of size `n` (bytes, headings, levels, rows or lines, by case).
    pub fn build(self, n: usize) -> String {
        match self {
            Case::LongUrl => format!("Voir [la page](https://exemple.fr/{}).\n", "a".repeat(n)),
            Case::SameHeadings => "## FAQ\n\ntexte\n\n".repeat(n),
            Case::NestedEmphasis => {
                let mut s = String::with_capacity(n * 6);
                for i in 0..n {
                    s.push_str(if i % 2 == 0 { "*a " } else { "**b " });
                }
                for i in (0..n).rev() {
                    s.push_str(if i % 2 == 0 { " c*" } else { " d**" });
                }
                s.push('\n');
                s
            }
            // Containers opened on one line, then a paragraph long enough to wrap into
            // many rows under the deep prefix.
            Case::NestedLists => format!("{}{}\n", "- ".repeat(n), "mot ".repeat(n)),
            Case::NestedQuotes => format!("{}{}\n", "> ".repeat(n), "mot ".repeat(n)),
            Case::WideTable => {
                let word = "identifiantTrèsLongSansEspace".repeat(4);
                let mut s = String::from("| a | b | c | d |\n|---|---|---|---|\n");
                for _ in 0..n {
                    s.push_str(&format!("| {word} | {word} | {word} | court |\n"));
                }
                s
            }
            Case::LongCode => {
                let line = format!("const x = \"{}\"; // fin\n", "é".repeat(150));
                format!("```ts\n{}```\n", line.repeat(n))
            }
            Case::MixedInline => {
                let unit = "mot *gras* `code` [lien](https://exemple.fr/x) « guillemets » ; ";
                format!("{}\n", unit.repeat(n))
            }
        }
    }

    /// The width each case is rendered at: the narrowest that exercises it.
    pub fn width(self) -> u16 {
        match self {
            Case::LongUrl | Case::WideTable => 20,
            _ => 80,
        }
    }

    /// A size at which the case takes a few milliseconds in a debug build, large enough
    /// to time (the long URL stays under [`MAX_URL_BYTES`](super::MAX_URL_BYTES) at 4n).
    pub fn base_size(self) -> usize {
        match self {
            Case::LongUrl => 2_000,
            Case::SameHeadings => 400,
            Case::NestedEmphasis => 1_000,
            Case::NestedLists => 1_000,
            Case::NestedQuotes => 1_000,
            Case::WideTable => 60,
            Case::LongCode => 100,
            Case::MixedInline => 300,
        }
    }
}
