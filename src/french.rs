//! Library messages in French: the serde and TOML parser texts (`missing field
//! `title``, `invalid value: integer `300`, expected u8`, `unclosed table`…) that would
//! otherwise reach an instructor in English. Pure; below `course` and `quiz`.

/// `message` from serde or the `toml` parser, in French. Unknown texts become a
/// generic French sentence: English never passes through.
pub fn parser_message(message: &str) -> String {
    let message = message.trim_end();
    if let Some(field) = between(message, "missing field `", "`") {
        return format!("champ « {field} » manquant : ajoutez-le");
    }
    if let Some(rest) = message.strip_prefix("unknown field `") {
        let (field, rest) = rest.split_once('`').unwrap_or((rest, ""));
        let known = backticked(rest);
        return if known.is_empty() {
            format!("champ « {field} » inconnu : supprimez-le")
        } else {
            format!(
                "champ « {field} » inconnu : les champs possibles sont {}",
                known.join(", ")
            )
        };
    }
    if let Some(field) = between(message, "duplicate field `", "`") {
        return format!("champ « {field} » en double : gardez-en un seul");
    }
    if message == "duplicate key" || message.starts_with("duplicate key") {
        return "clé en double : chaque clé n'apparaît qu'une fois par table".into();
    }
    for (prefix, french) in [
        ("invalid value: ", "valeur invalide"),
        ("invalid type: ", "type invalide"),
        ("invalid length ", "longueur invalide"),
    ] {
        if let Some(rest) = message.strip_prefix(prefix) {
            let (found, expected) = rest.split_once(", expected ").unwrap_or((rest, ""));
            return format!(
                "{french} : {} ; attendu : {}",
                found_value(found),
                expected_value(expected)
            );
        }
    }
    syntax_message(message)
}

/// The TOML syntax errors, by their English opening.
fn syntax_message(message: &str) -> String {
    let (what, expected) = message.split_once(", expected ").unwrap_or((message, ""));
    let what = match what {
        "unclosed table" => "table non fermée",
        "unclosed array of tables" | "unclosed array" => "liste non fermée",
        "unclosed inline table" => "table en ligne non fermée",
        "invalid literal string" | "invalid basic string" | "invalid string" => {
            "chaîne non terminée ou invalide"
        }
        "invalid multiline literal string" | "invalid multiline basic string" => {
            "chaîne sur plusieurs lignes non terminée"
        }
        "string values must be quoted" => "une valeur texte doit être entre guillemets",
        "unexpected key or value" => "clé ou valeur inattendue",
        "invalid exponent" | "invalid float" | "invalid integer" | "invalid number" => {
            "nombre invalide"
        }
        "missing escaped value" | "invalid escape sequence" | "invalid escape" => {
            "séquence d'échappement invalide après « \\ »"
        }
        "invalid key" | "invalid unquoted key" => "clé invalide",
        "key with no value" | "missing value" => "clé sans valeur",
        "invalid table header" => "en-tête de table invalide",
        "invalid date" | "invalid time" | "invalid datetime" => "date ou heure invalide",
        "invalid unicode escape" | "invalid unicode 4-digit hex code" => {
            "échappement Unicode invalide"
        }
        "extra assignment between key-value pairs" => "deux affectations sur une même ligne",
        _ => "syntaxe TOML invalide à cet endroit",
    };
    let expected: Vec<String> = expected
        .split(", ")
        .filter_map(|item| match item.trim() {
            "newline" => Some("une fin de ligne".to_string()),
            quoted if quoted.starts_with('`') => Some(format!("« {} »", quoted.trim_matches('`'))),
            _ => None,
        })
        .collect();
    if expected.is_empty() {
        what.to_string()
    } else {
        format!("{what} ; attendu : {}", expected.join(" ou "))
    }
}

/// `integer `300``, `string "x"`, `integer `9…9` as i128`.
fn found_value(found: &str) -> String {
    let found = found.trim();
    let value = between(found, "`", "`").unwrap_or_default();
    if let Some(rest) = found.strip_prefix("integer") {
        let value = if value.is_empty() { rest.trim() } else { value };
        return format!("l'entier {value}");
    }
    if found.starts_with("floating point") {
        return format!("le nombre {value}");
    }
    if let Some(rest) = found.strip_prefix("string ") {
        return format!("le texte {rest}");
    }
    if found.starts_with("boolean") {
        return format!("le booléen {value}");
    }
    match found {
        "sequence" => "une liste".into(),
        "map" => "une table".into(),
        "unit value" | "null" => "une valeur vide".into(),
        "character" => "un caractère".into(),
        _ => "la valeur donnée".into(),
    }
}

/// What serde expected, from a Rust type name or serde's own description.
fn expected_value(expected: &str) -> String {
    let expected = expected.trim();
    let range = |min: i128, max: i128| format!("un entier de {min} à {max}");
    match expected {
        "u8" => range(0, u8::MAX.into()),
        "u16" => range(0, u16::MAX.into()),
        "u32" => range(0, u32::MAX.into()),
        "u64" | "usize" => range(0, u64::MAX.into()),
        "i8" => range(i8::MIN.into(), i8::MAX.into()),
        "i16" => range(i16::MIN.into(), i16::MAX.into()),
        "i32" => range(i32::MIN.into(), i32::MAX.into()),
        "i64" | "isize" => range(i64::MIN.into(), i64::MAX.into()),
        "f32" | "f64" => "un nombre".into(),
        "a boolean" => "un booléen (true ou false)".into(),
        "a string" | "a borrowed string" => "un texte entre guillemets".into(),
        "a character" => "un caractère entre guillemets".into(),
        "a sequence" => "une liste [ … ]".into(),
        "a map" => "une table".into(),
        e if e.starts_with("struct ") => "une table".into(),
        e if e.starts_with("a sequence of") || e.starts_with("a tuple") => "une liste [ … ]".into(),
        e if e.starts_with("enum ") || e.starts_with("variant identifier") => {
            "une des valeurs prévues".into()
        }
        e if e.starts_with("one of ") => {
            format!("une des valeurs {}", backticked(e).join(", "))
        }
        _ => "la valeur attendue".into(),
    }
}

/// The text between the first `open` and the next `close`.
fn between<'a>(text: &'a str, open: &str, close: &str) -> Option<&'a str> {
    let start = text.find(open)? + open.len();
    let len = text[start..].find(close)?;
    Some(&text[start..start + len])
}

/// Every `` `x` `` of `text`, as « x ».
fn backticked(text: &str) -> Vec<String> {
    text.split('`')
        .skip(1)
        .step_by(2)
        .map(|name| format!("« {name} »"))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::parser_message;

    #[test]
    fn the_messages_seen_from_toml_read_in_french() {
        let cases = [
            (
                "missing field `title`",
                "champ « title » manquant : ajoutez-le",
            ),
            (
                "invalid value: integer `300`, expected u8",
                "valeur invalide : l'entier 300 ; attendu : un entier de 0 à 255",
            ),
            (
                "invalid type: string \"x\", expected u8",
                "type invalide : le texte \"x\" ; attendu : un entier de 0 à 255",
            ),
            (
                "invalid type: integer `99999999999999999999` as i128, expected u8",
                "type invalide : l'entier 99999999999999999999 ; attendu : un entier de 0 à 255",
            ),
            (
                "invalid type: integer `1`, expected a boolean",
                "type invalide : l'entier 1 ; attendu : un booléen (true ou false)",
            ),
            (
                "unknown field `zzz`, expected one of `file`, `pass_mark`",
                "champ « zzz » inconnu : les champs possibles sont « file », « pass_mark »",
            ),
            (
                "duplicate key",
                "clé en double : chaque clé n'apparaît qu'une fois par table",
            ),
            (
                "unclosed table, expected `]`",
                "table non fermée ; attendu : « ] »",
            ),
            (
                "string values must be quoted, expected literal string",
                "une valeur texte doit être entre guillemets",
            ),
            (
                "unexpected key or value, expected newline, `#`",
                "clé ou valeur inattendue ; attendu : une fin de ligne ou « # »",
            ),
            (
                "something new in toml 2",
                "syntaxe TOML invalide à cet endroit",
            ),
        ];
        for (english, french) in cases {
            assert_eq!(parser_message(english), french, "{english}");
        }
    }
}
