use super::TokenKind::*;
use super::*;

fn tokens(lang: &str, code: &str) -> Vec<(TokenKind, std::string::String)> {
    let toks = highlight(Language::from_info(lang), code);
    let joined: std::string::String = toks.iter().map(|(_, s)| *s).collect();
    assert_eq!(joined, code, "tokens must cover the code exactly");
    toks.into_iter()
        .filter(|(_, s)| !s.trim().is_empty())
        .map(|(k, s)| (k, if k == Plain { s.trim() } else { s }.to_owned()))
        .collect()
}

fn t(kind: TokenKind, s: &str) -> (TokenKind, std::string::String) {
    (kind, s.to_owned())
}

#[test]
fn languages_resolve_from_info_strings() {
    for (info, lang) in [
        ("ts", Language::Script),
        ("TypeScript", Language::Script),
        ("tsx title=\"app.tsx\"", Language::Script),
        ("jsx", Language::Script),
        ("javascript", Language::Script),
        ("json", Language::Json),
        ("sh", Language::Shell),
        ("shell", Language::Shell),
        ("bash", Language::Shell),
        ("toml", Language::Toml),
        ("prisma", Language::Prisma),
        ("http", Language::Http),
        ("sql", Language::Sql),
        ("diff", Language::Diff),
        ("text", Language::Text),
        ("", Language::Text),
        ("brainfuck", Language::Text),
    ] {
        assert_eq!(Language::from_info(info), lang, "{info}");
    }
}

#[test]
fn typescript_tokens() {
    assert_eq!(
        tokens(
            "ts",
            "const wh = new Webhook(secret); // ok\nlet s = `a ${b}\nc`; f(1.5e3)"
        ),
        [
            t(Keyword, "const"),
            t(Plain, "wh"),
            t(Punctuation, "="),
            t(Keyword, "new"),
            t(Function, "Webhook"),
            t(Punctuation, "("),
            t(Plain, "secret"),
            t(Punctuation, ")"),
            t(Punctuation, ";"),
            t(Comment, "// ok"),
            t(Keyword, "let"),
            t(Plain, "s"),
            t(Punctuation, "="),
            t(String, "`a ${b}\nc`"),
            t(Punctuation, ";"),
            t(Function, "f"),
            t(Punctuation, "("),
            t(Number, "1.5e3"),
            t(Punctuation, ")"),
        ]
    );
}

#[test]
fn typescript_types_decorators_and_block_comments() {
    assert_eq!(
        tokens("ts", "@Get() /* x\ny */ x: Request = null"),
        [
            t(Attribute, "@Get"),
            t(Punctuation, "("),
            t(Punctuation, ")"),
            t(Comment, "/* x\ny */"),
            t(Plain, "x"),
            t(Punctuation, ":"),
            t(Type, "Request"),
            t(Punctuation, "="),
            t(Number, "null"),
        ]
    );
}

#[test]
fn strings_handle_escapes_and_unterminated_lines() {
    assert_eq!(
        tokens("js", "'a\\'b' \"open\nx"),
        [t(String, "'a\\'b'"), t(String, "\"open"), t(Plain, "x")]
    );
}

#[test]
fn json_keys_values_and_literals() {
    assert_eq!(
        tokens("json", r#"{"id": "u_1", "n": -2, "ok": true}"#),
        [
            t(Punctuation, "{"),
            t(Key, "\"id\""),
            t(Punctuation, ":"),
            t(String, "\"u_1\""),
            t(Punctuation, ","),
            t(Key, "\"n\""),
            t(Punctuation, ":"),
            t(Punctuation, "-"),
            t(Number, "2"),
            t(Punctuation, ","),
            t(Key, "\"ok\""),
            t(Punctuation, ":"),
            t(Number, "true"),
            t(Punctuation, "}"),
        ]
    );
}

#[test]
fn shell_commands_options_variables_and_comments() {
    assert_eq!(
        tokens(
            "bash",
            "$ npm i svix --save # note\nexport A=\"$B\" && echo ${HOME} $1"
        ),
        [
            t(Punctuation, "$"),
            t(Function, "npm"),
            t(Plain, "i"),
            t(Plain, "svix"),
            t(Attribute, "--save"),
            t(Comment, "# note"),
            t(Keyword, "export"),
            t(Plain, "A"),
            t(Punctuation, "="),
            t(String, "\"$B\""),
            t(Punctuation, "&"),
            t(Punctuation, "&"),
            t(Function, "echo"),
            t(Variable, "${HOME}"),
            t(Variable, "$1"),
        ]
    );
}

#[test]
fn toml_tables_keys_and_values() {
    assert_eq!(
        tokens(
            "toml",
            "[course]\ntitle = \"W\" # c\nn = [1, 2]\nok = true\ns = \"\"\"a\nb\"\"\""
        ),
        [
            t(Type, "["),
            t(Type, "course"),
            t(Type, "]"),
            t(Key, "title"),
            t(Punctuation, "="),
            t(String, "\"W\""),
            t(Comment, "# c"),
            t(Key, "n"),
            t(Punctuation, "="),
            t(Punctuation, "["),
            t(Number, "1"),
            t(Punctuation, ","),
            t(Number, "2"),
            t(Punctuation, "]"),
            t(Key, "ok"),
            t(Punctuation, "="),
            t(Number, "true"),
            t(Key, "s"),
            t(Punctuation, "="),
            t(String, "\"\"\"a\nb\"\"\""),
        ]
    );
}

#[test]
fn prisma_models_types_and_attributes() {
    assert_eq!(
        tokens(
            "prisma",
            "model User {\n  id String @id @default(cuid())\n}"
        ),
        [
            t(Keyword, "model"),
            t(Type, "User"),
            t(Punctuation, "{"),
            t(Plain, "id"),
            t(Type, "String"),
            t(Attribute, "@id"),
            t(Attribute, "@default"),
            t(Punctuation, "("),
            t(Function, "cuid"),
            t(Punctuation, "("),
            t(Punctuation, ")"),
            t(Punctuation, ")"),
            t(Punctuation, "}"),
        ]
    );
}

#[test]
fn http_request_line_headers_and_json_body() {
    assert_eq!(
        tokens("http", "POST /api HTTP/1.1\nsvix-id: msg_1\n\n{\"a\": 1}"),
        [
            t(Keyword, "POST"),
            t(String, " /api HTTP/1.1"),
            t(Key, "svix-id"),
            t(Punctuation, ":"),
            t(Plain, "msg_1"),
            t(Punctuation, "{"),
            t(Key, "\"a\""),
            t(Punctuation, ":"),
            t(Number, "1"),
            t(Punctuation, "}"),
        ]
    );
}

#[test]
fn sql_keywords_are_case_insensitive_and_diff_lines_coloured() {
    assert_eq!(
        tokens("sql", "select 1 -- c"),
        [t(Keyword, "select"), t(Number, "1"), t(Comment, "-- c")]
    );
    assert_eq!(
        tokens("diff", "@@ x\n-a\n+b\n c"),
        [
            t(Comment, "@@ x\n"),
            t(Deleted, "-a\n"),
            t(Inserted, "+b\n"),
            t(Plain, "c")
        ]
    );
}

#[test]
fn unknown_languages_are_one_plain_token() {
    assert_eq!(highlight(Language::Text, "a \"b\""), [(Plain, "a \"b\"")]);
    assert_eq!(highlight(Language::Script, ""), []);
}
