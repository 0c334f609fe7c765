use ratatui::style::{Color, Modifier, Style};
use ratatui::text::Span;

use super::*;

fn plain(src: &str, width: u16) -> String {
    to_plain(&render(src, width, &Theme::default()))
}

/// Snapshots a feature at 80 and 30 columns in one file, so both layouts review together.
macro_rules! snap {
    ($name:literal, $src:expr) => {{
        let src: &str = $src;
        let out = format!(
            "── source ──\n{src}\n── 80 ──\n{}── 30 ──\n{}",
            plain(src, 80),
            plain(src, 30)
        );
        insta::assert_snapshot!($name, out);
    }};
}

// ---- slugs

#[test]
fn slug_follows_github_rules() {
    let cases = [
        ("Le corps brut !", "le-corps-brut-"),
        ("Exercice 1 — Pourquoi", "exercice-1--pourquoi"),
        (
            "Exercice 1 — Pourquoi un corps re-sérialisé échoue",
            "exercice-1--pourquoi-un-corps-re-sérialisé-échoue",
        ),
        ("Étape 2 : `svix-id` & co.", "étape-2--svix-id--co"),
        ("snake_case et CamelCase", "snake_case-et-camelcase"),
        ("Café au lait e\u{301}", "café-au-lait-e\u{301}"),
        ("漢字 テスト", "漢字-テスト"),
        ("🚀 Lancement", "-lancement"),
        ("", ""),
    ];
    for (text, expected) in cases {
        assert_eq!(slug(text), expected, "slug({text:?})");
    }
}

#[test]
fn duplicate_headings_get_numbered_anchors() {
    let doc = render(
        "# FAQ\n\n## FAQ\n\n### FAQ\n\n# FAQ-1\n",
        80,
        &Theme::default(),
    );
    let slugs: Vec<&str> = doc.headings.iter().map(|h| h.slug.as_str()).collect();
    assert_eq!(slugs, ["faq", "faq-1", "faq-2", "faq-1-1"]);
}

#[test]
fn headings_record_level_text_and_first_line() {
    let doc = render(
        "# Titre\n\nTexte.\n\n## Le corps **brut** !\n\n#### Détail `x`\n",
        80,
        &Theme::default(),
    );
    let got: Vec<(u8, &str, &str, usize)> = doc
        .headings
        .iter()
        .map(|h| (h.level, h.text.as_str(), h.slug.as_str(), h.line))
        .collect();
    assert_eq!(
        got,
        [
            (1, "Titre", "titre", 0),
            (2, "Le corps brut !", "le-corps-brut-", 5),
            (4, "Détail x", "détail-x", 8),
        ]
    );
}

// ---- styles (snapshots do not capture them)

#[test]
fn heading_levels_have_their_theme_styles() {
    let theme = Theme::default();
    let doc = render("# Un\n\n## Deux\n", 80, &theme);
    assert_eq!(doc.lines[0].spans, [Span::styled("Un", theme.headings[0])]);
    assert_eq!(doc.lines[1].spans, [Span::styled("══", theme.heading_rule)]);
    assert_eq!(
        doc.lines[3].spans,
        [Span::styled("Deux", theme.headings[1])]
    );
    assert_eq!(
        doc.lines[4].spans,
        [Span::styled("────", theme.heading_rule)]
    );
}

#[test]
fn inline_styles_combine() {
    let theme = Theme::default();
    let doc = render("a **b *c*** ~~d~~ `e`", 80, &theme);
    assert_eq!(
        doc.lines[0].spans,
        [
            Span::raw("a "),
            Span::styled("b ", theme.strong),
            Span::styled("c", theme.strong.patch(theme.emphasis)),
            Span::raw(" "),
            Span::styled("d", theme.strikethrough),
            Span::raw(" "),
            Span::styled("e", theme.inline_code),
        ]
    );
}

#[test]
fn links_are_underlined_and_external_urls_dim() {
    let theme = Theme::default();
    let doc = render("[doc](https://svix.com) [suite](./02-X.md#a)", 80, &theme);
    assert_eq!(
        doc.lines[0].spans,
        [
            Span::styled("doc", theme.link),
            Span::styled(" (https://svix.com)", theme.link_url),
            Span::raw(" "),
            Span::styled("suite", theme.link),
        ]
    );
    assert!(theme.link.add_modifier.contains(Modifier::UNDERLINED));
}

#[test]
fn code_tokens_are_styled_by_kind() {
    let theme = Theme::default();
    let doc = render("```ts\nconst n = 42; // x\n```\n", 80, &theme);
    let s = &theme.syntax;
    assert_eq!(
        doc.lines[1].spans,
        [
            Span::styled("│ ", theme.code_border),
            Span::styled("const", s.keyword),
            Span::styled(" n ", s.plain),
            Span::styled("=", s.punctuation),
            Span::styled(" ", s.plain),
            Span::styled("42", s.number),
            Span::styled(";", s.punctuation),
            Span::styled(" ", s.plain),
            Span::styled("// x", s.comment),
            Span::styled(" │", theme.code_border),
        ]
    );
}

#[test]
fn alert_bar_and_title_use_the_kind_style() {
    let theme = Theme::default();
    let doc = render("> [!CAUTION]\n> Attention au secret.\n", 80, &theme);
    let caution = theme.alerts.caution;
    assert_eq!(doc.lines[0].spans, [Span::styled("┃ ⛔ Prudence", caution)]);
    assert_eq!(
        doc.lines[1].spans,
        [
            Span::styled("┃ ", caution),
            Span::raw("Attention au secret.")
        ]
    );
}

#[test]
fn default_theme_uses_only_the_16_colour_palette_and_plain_none() {
    fn colours(t: &Theme) -> Vec<Option<Color>> {
        let s = &t.syntax;
        let mut all = vec![
            t.heading_rule,
            t.emphasis,
            t.strong,
            t.strikethrough,
            t.inline_code,
            t.link,
            t.link_url,
            t.image,
            t.bullet,
            t.task_done,
            t.task_todo,
            t.quote_bar,
            t.quote_text,
            t.alerts.note,
            t.alerts.tip,
            t.alerts.important,
            t.alerts.warning,
            t.alerts.caution,
            t.code_border,
            t.code_label,
            t.code_wrap,
            t.table_border,
            t.table_header,
            t.rule,
            t.footnote_ref,
            t.html,
            t.summary,
            s.keyword,
            s.string,
            s.number,
            s.comment,
            s.function,
            s.type_name,
            s.key,
            s.attribute,
            s.variable,
            s.punctuation,
            s.inserted,
            s.deleted,
            s.plain,
        ];
        all.extend(t.headings);
        all.iter().flat_map(|s: &Style| [s.fg, s.bg]).collect()
    }
    for c in colours(&Theme::default()).into_iter().flatten() {
        assert!(!matches!(c, Color::Rgb(..) | Color::Indexed(_)), "{c:?}");
    }
    assert!(colours(&Theme::plain()).iter().all(Option::is_none));
    assert!(
        Theme::plain().headings[0]
            .add_modifier
            .contains(Modifier::BOLD)
    );
}

// ---- positions

#[test]
fn links_record_line_columns_url_and_kind() {
    let doc = render(
        "Voir [le module 3](./03-IMPLEMENTATION.md#le-corps-brut) puis [Svix](https://svix.com).",
        30,
        &Theme::default(),
    );
    assert_eq!(
        to_plain(&doc),
        "Voir le module 3 puis Svix\n(https://svix.com).\n"
    );
    let got: Vec<(usize, Range<usize>, &str, bool, usize)> = doc
        .links
        .iter()
        .map(|l| (l.line, l.columns.clone(), &*l.url, l.internal, l.id))
        .collect();
    assert_eq!(
        got,
        [
            (0, 5..16, "./03-IMPLEMENTATION.md#le-corps-brut", true, 0),
            (0, 22..26, "https://svix.com", false, 1),
            (1, 0..18, "https://svix.com", false, 1),
        ]
    );
}

#[test]
fn document_finds_headings_by_anchor_and_links_by_position() {
    let doc = render(
        "# Un\n\n## Le corps brut !\n\nVoir [ici](#un).",
        80,
        &Theme::default(),
    );
    assert_eq!(doc.heading("le-corps-brut-").map(|h| h.line), Some(3));
    assert_eq!(doc.heading("absent"), None);
    assert_eq!(doc.link_at(6, 5).map(|l| &*l.url), Some("#un"));
    assert_eq!(doc.link_at(6, 8), None);
    assert_eq!(doc.link_at(6, 4), None);
}

#[test]
fn empty_input_and_zero_width() {
    let doc = render("", 80, &Theme::default());
    assert_eq!((doc.width, doc.lines.len()), (80, 0));
    let doc = render("ab", 0, &Theme::default());
    assert_eq!((doc.width, to_plain(&doc)), (1, "a\nb\n".to_owned()));
}

#[test]
fn link_kinds() {
    let doc = render(
        "[a](#ancre) [b](02-X.md) [c](mailto:a@b.fr) [d](//cdn.fr/x) <https://x.fr>",
        80,
        &Theme::default(),
    );
    let kinds: Vec<bool> = doc.links.iter().map(|l| l.internal).collect();
    assert_eq!(kinds, [true, true, false, false, false]);
    assert_eq!(
        to_plain(&doc),
        "a b c (mailto:a@b.fr) d (//cdn.fr/x) https://x.fr\n"
    );
}

#[test]
fn footnotes_are_numbered_by_first_reference() {
    let src = "B[^b] puis A[^a] et B[^b].\n\n[^a]: Note A.\n[^b]: Note B.\n[^z]: Orpheline.\n";
    let doc = render(src, 40, &Theme::default());
    assert_eq!(
        to_plain(&doc),
        "B[1] puis A[2] et B[1].\n\n────────────────────\n[1] Note B.\n[2] Note A.\n[3] Orpheline.\n"
    );
    let got: Vec<(&str, usize, usize)> = doc
        .footnotes
        .iter()
        .map(|f| (f.label.as_str(), f.number, f.line))
        .collect();
    assert_eq!(got, [("b", 1, 3), ("a", 2, 4), ("z", 3, 5)]);
}

// ---- layout rules

#[test]
fn wide_characters_never_straddle_the_edge() {
    assert_eq!(plain("漢字漢字漢字", 5), "漢字\n漢字\n漢字\n");
    assert_eq!(plain("漢", 1), "…\n");
    assert_eq!(plain("aé\u{301}b", 2), "aé\u{301}\nb\n");
}

#[test]
fn ordered_lists_keep_their_start_and_hang_wrapped_lines() {
    assert_eq!(
        plain("7. un deux trois quatre\n8. cinq\n", 12),
        "7. un deux\n   trois\n   quatre\n8. cinq\n"
    );
}

#[test]
fn width_one_and_two_render_everything() {
    let src = std::fs::read_to_string("tests/fixtures/markdown/features.md").unwrap();
    for width in [1u16, 2, 3] {
        let doc = render(&src, width, &Theme::default());
        assert!(doc.lines.iter().all(|l| l.width() <= usize::from(width)));
        assert!(doc.lines.len() > 100);
    }
}

#[test]
fn byte_order_mark_and_crlf_line_endings_are_transparent() {
    let src = "\u{feff}# Titre\r\n\r\nUn\r\ndeux\r\n\r\n```ts\r\nconst a = 1;\r\n```\r\n";
    assert_eq!(
        plain(src, 40),
        "Titre\n═════\n\nUn deux\n\n╭─ ts ─────────╮\n│ const a = 1; │\n╰──────────────╯\n"
    );
}

#[test]
fn control_characters_never_reach_the_output() {
    assert_eq!(plain("a\u{1b}[31mb\u{7}c", 80), "a[31mbc\n");
}

// ---- output

#[test]
fn ansi_resets_each_styled_line_and_wraps_links_in_osc8() {
    let doc = render(
        "**Gras** [lien](https://x.fr)\n\nfin",
        80,
        &Theme::default(),
    );
    assert_eq!(
        to_ansi(&doc, false),
        "\x1b[0;1mGras\x1b[0m \x1b[0;4;34mlien\x1b[0;90m (https://x.fr)\x1b[0m\n\nfin\n"
    );
    assert_eq!(
        to_ansi(&doc, true),
        "\x1b[0;1mGras\x1b[0m \x1b]8;;https://x.fr\x1b\\\x1b[0;4;34mlien\x1b[0;90m (https://x.fr)\x1b]8;;\x1b\\\x1b[0m\n\nfin\n"
    );
}

#[test]
fn render_for_cli_modes() {
    let src = "# Titre\n\n*texte*";
    assert_eq!(
        render_for_cli(src, 40, OutputMode::Plain),
        "Titre\n═════\n\ntexte\n"
    );
    assert_eq!(
        render_for_cli(
            src,
            40,
            OutputMode::Styled {
                color: false,
                hyperlinks: false
            }
        ),
        "\x1b[0;1mTitre\x1b[0m\n═════\n\n\x1b[0;3mtexte\x1b[0m\n"
    );
    assert!(
        render_for_cli(
            src,
            40,
            OutputMode::Styled {
                color: true,
                hyperlinks: false
            }
        )
        .starts_with("\x1b[0;1;95mTitre\x1b[0m\n\x1b[0;90m═════\x1b[0m\n")
    );
}

// ---- feature snapshots (to_plain at 80 and 30 columns)

#[test]
fn snapshot_headings() {
    snap!(
        "headings",
        "# Titre de niveau un\n\n## Le corps brut !\n\n### Niveau trois\n\n#### Niveau quatre\n\n##### Niveau cinq\n\n###### Niveau six\n\nUn titre très long qui doit passer à la ligne quand la colonne est étroite\n===\n"
    );
}

#[test]
fn snapshot_paragraphs_and_unicode() {
    snap!(
        "paragraphs",
        "Le webhook arrive, le serveur vérifie la signature, puis répond rapidement.\nUne ligne douce continue le paragraphe.  \nUn saut forcé commence une ligne.\n\nCJK : 漢字かな交じり文で書かれた長い文章も正しく折り返されます。Émoji : 👩‍💻 🇫🇷 ❤\u{fe0f} ok. Accents combinés : e\u{301}te\u{301}.\n\nunmotbeaucouptroplongpourtenirsurunelignedetrentecolonnesmaisquitientenquatrevingts\n"
    );
}

#[test]
fn snapshot_emphasis_and_inline_code() {
    snap!(
        "emphasis",
        "*italique*, **gras**, ***les deux***, ~~barré~~ et `code  avec  espaces`, puis `req.text()` dans une phrase assez longue pour couper.\n"
    );
}

#[test]
fn snapshot_code_languages() {
    snap!(
        "code_languages",
        include_str!("../../tests/fixtures/markdown/code.md")
    );
}

#[test]
fn snapshot_code_long_lines() {
    snap!(
        "code_long_lines",
        "```bash\ncurl -X POST http://localhost:3000/api/webhooks -H 'svix-id: msg_2abc' -H 'svix-timestamp: 1700000000' --data-binary @payload.json\n\tindentée par tabulation\n```\n\n```\nbloc sans langage\n```\n\n    indenté\n"
    );
}

#[test]
fn snapshot_lists() {
    snap!(
        "lists",
        "- premier point assez long pour passer à la ligne dans une colonne étroite\n- second\n  - imbriqué\n    - très imbriqué\n- [ ] tâche à faire\n- [x] tâche faite\n\n3. trois\n4. quatre\n   1. sous un\n   2. sous deux\n\n* liste\n\n  lâche avec deux paragraphes\n* second élément\n"
    );
}

#[test]
fn snapshot_quotes() {
    snap!(
        "quotes",
        "> Une citation assez longue pour que la barre de gauche se répète sur chaque ligne.\n>\n> > Une citation imbriquée.\n>\n> - avec une liste\n"
    );
}

#[test]
fn snapshot_alerts() {
    snap!(
        "alerts",
        "> [!NOTE]\n> Une note.\n\n> [!TIP]\n> Une astuce.\n\n> [!IMPORTANT]\n> Important.\n\n> [!WARNING]\n> Un avertissement assez long pour passer à la ligne et garder la barre.\n\n> [!CAUTION]\n> Prudence.\n"
    );
}

#[test]
fn snapshot_tables() {
    snap!(
        "tables",
        "| En-tête | Type | Obligatoire | Description |\n|:--|:-:|--:|---|\n| `svix-id` | chaîne | oui | Identifiant unique du message, stable entre les relances |\n| `svix-timestamp` | entier | oui | Secondes Unix |\n| `svix-signature` | liste | oui | `v1,<base64>` séparées par des espaces |\n"
    );
}

#[test]
fn snapshot_table_degrades_when_tiny() {
    let src = "| A | B | C | D | E | F |\n|---|---|---|---|---|---|\n| 1 | 2 | 3 | 4 | 5 | 6 |\n| un | deux | trois | quatre | cinq | six |\n";
    insta::assert_snapshot!(
        "table_tiny",
        format!("{}── 12 ──\n{}", plain(src, 20), plain(src, 12))
    );
}

#[test]
fn snapshot_rule_links_images() {
    snap!(
        "links_images",
        "Avant\n\n---\n\nVoir [le module 3](./03-IMPLEMENTATION.md#le-corps-brut), [la doc](https://docs.svix.com/receiving/verifying-payloads/how), <https://clerk.com> et [#ancre](#ancre).\n\n![Schéma du flux](img/flux.png) ![](sans-alt.png)\n"
    );
}

#[test]
fn snapshot_footnotes() {
    snap!(
        "footnotes",
        "Svix signe le corps brut[^brut] et l'horodatage[^ts].\n\n[^ts]: En secondes Unix, avec une tolérance de cinq minutes par défaut.\n[^brut]: Les octets exacts, avant tout `JSON.parse`.\n"
    );
}

#[test]
fn snapshot_raw_html() {
    snap!(
        "html",
        "<details>\n<summary>Voir la solution</summary>\n\nLe corps est signé **octet par octet**.\n\n</details>\n\n<!-- caché -->\n\nTexte<br>coupé, <kbd>Ctrl</kbd>+<kbd>C</kbd> et <!-- invisible --> fin.\n\n<div align=\"center\">Centré</div>\n"
    );
}

#[test]
fn snapshot_table_shrinks_keeping_short_words_whole() {
    let src = "| Famille | Types d’événements |\n|---|---|\n| Utilisateurs | user.created, user.updated, user.deleted |\n| Invitations et domaines d’organisation | organizationInvitation.created, organizationInvitation.accepted |\n";
    insta::assert_snapshot!(
        "table_shrinks",
        format!("{}── 40 ──\n{}", plain(src, 50), plain(src, 40))
    );
}

// ---- code blocks never wrap

#[test]
fn command_line_output_keeps_code_lines_whole() {
    let src = "```bash\nnode -e 'console.log(JSON.stringify({ a: 1, b: [1, 2, 3] }))' | tee sortie.json\n```\n";
    let out = render_for_cli(src, 30, OutputMode::Plain);
    assert_eq!(
        out,
        "╭─ bash ──────────────────────────────────────────────────────────────────────────╮\n\
         │ node -e 'console.log(JSON.stringify({ a: 1, b: [1, 2, 3] }))' | tee sortie.json │\n\
         ╰─────────────────────────────────────────────────────────────────────────────────╯\n"
    );
}

#[test]
fn code_blocks_record_their_exact_text_and_place() {
    let src = "Avant\n\n- liste\n\n  ```ts\n  const x = 1;\n  const tab =\t\"é\";\n  ```\n\nFin\n\n    indenté\n";
    let doc = render(src, 40, &Theme::plain());
    let blocks: Vec<(&str, &str, usize, usize, usize, usize)> = doc
        .code_blocks
        .iter()
        .map(|b| {
            (
                b.text.as_str(),
                b.lang.as_str(),
                b.first_line,
                b.column,
                b.visible,
                b.content_width,
            )
        })
        .collect();
    assert_eq!(
        blocks,
        [
            ("const x = 1;\nconst tab =\t\"é\";\n", "ts", 5, 4, 16, 16),
            ("indenté\n", "", 12, 2, 7, 7),
        ]
    );
    let line = |i: usize| -> String {
        doc.lines[i]
            .spans
            .iter()
            .map(|s| s.content.as_ref())
            .collect()
    };
    assert_eq!(line(5), "  │ const x = 1;     │");
    assert_eq!(line(6), "  │ const tab = \"é\"; │");
}

#[test]
fn a_code_line_past_the_box_is_cut_with_a_marker_and_scrolls_sideways() {
    let src = "```\n0123456789abcdefghijklmnopqrstuvwxyz\ncourt\n```\n";
    let doc = render(src, 20, &Theme::plain());
    let text = |l: &Line<'_>| -> String { l.spans.iter().map(|s| s.content.as_ref()).collect() };
    assert_eq!(text(&doc.lines[1]), "│ 0123456789abcdef›│");
    assert_eq!(text(&doc.lines[2]), "│ court            │");
    let block = &doc.code_blocks[0];
    assert_eq!((block.visible, block.max_offset()), (16, 20));
    let theme = Theme::plain();
    let window = |i, offset| text(&block.window(i, offset, &theme).unwrap());
    assert_eq!(window(0, 0), " 0123456789abcdef›");
    assert_eq!(window(0, 4), "‹456789abcdefghij›");
    assert_eq!(window(0, 20), "‹klmnopqrstuvwxyz ");
    assert_eq!(window(1, 4), "‹t                ");
    assert_eq!(block.window(2, 0, &theme), None);
}

#[test]
fn a_wide_character_cut_by_the_left_edge_becomes_a_space() {
    let src = "```\n日本語のテキスト\n```\n";
    let doc = render(src, 12, &Theme::plain());
    let block = &doc.code_blocks[0];
    let text = |l: Line<'_>| -> String { l.spans.iter().map(|s| s.content.as_ref()).collect() };
    assert_eq!(block.visible, 8);
    assert_eq!(
        text(block.window(0, 1, &Theme::plain()).unwrap()),
        "‹ 本語の ›"
    );
}
