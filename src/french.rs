//! Library messages in French: the serde and TOML parser texts (`missing field
//! `title``, `invalid value: integer `300`, expected u8`, `unclosed table`…), serde_json's
//! (`EOF while parsing an object at line 1 column 9`) and rusqlite's (`database is
//! locked`, `no such table: User`) that would otherwise reach a learner in English. Pure;
//! below `course`, `quiz`, `listen` and `grade`.

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

/// A serde_json error in French, with its line and column when it has them:
/// « fin du texte au milieu d'un objet (ligne 1, colonne 9) ».
pub fn json_error(err: &serde_json::Error) -> String {
    use serde_json::error::Category;
    let english = err.to_string();
    // serde_json appends « at line L column C » to the message when it knows them.
    let suffix = format!(" at line {} column {}", err.line(), err.column());
    let message = english.strip_suffix(&suffix).unwrap_or(&english);
    let what = match err.classify() {
        Category::Data => parser_message(message),
        Category::Io => "lecture interrompue".to_owned(),
        Category::Eof | Category::Syntax => json_syntax(message).to_owned(),
    };
    if err.line() == 0 {
        what
    } else {
        format!("{what} (ligne {}, colonne {})", err.line(), err.column())
    }
}

/// serde_json's syntax texts (its `ErrorCode`s), by their English wording.
fn json_syntax(message: &str) -> &'static str {
    match message {
        "EOF while parsing a list" => "fin du texte au milieu d'une liste [ … ]",
        "EOF while parsing an object" => "fin du texte au milieu d'un objet { … }",
        "EOF while parsing a string" => {
            "fin du texte au milieu d'une chaîne (guillemet fermant manquant)"
        }
        "EOF while parsing a value" => {
            "fin du texte là où une valeur était attendue (texte vide ?)"
        }
        "expected `:`" => "« : » attendu après la clé",
        "expected `,` or `]`" => "« , » ou « ] » attendu",
        "expected `,` or `}`" => "« , » ou « } » attendu",
        "expected ident" => "mot inconnu (true, false ou null attendu)",
        "expected value" => {
            "valeur attendue (objet, liste, texte entre guillemets, nombre, true, false ou null)"
        }
        "expected `\"`" => "guillemet « \" » attendu",
        "invalid escape" => "séquence d'échappement invalide après « \\ »",
        "invalid number" => "nombre invalide",
        "number out of range" => "nombre hors limites",
        "invalid unicode code point" => "point de code Unicode invalide",
        "control character (\\u0000-\\u001F) found while parsing a string" => {
            "caractère de contrôle dans une chaîne (un retour à la ligne s'écrit \\n)"
        }
        "key must be a string" => "une clé doit être un texte entre guillemets",
        "lone leading surrogate in hex escape" | "unexpected end of hex escape" => {
            "échappement \\u incomplet"
        }
        "trailing comma" => "virgule en trop avant la fermeture",
        "trailing characters" => "texte en trop après la fin du JSON",
        "recursion limit exceeded" => "imbrication trop profonde (plus de 128 niveaux)",
        _ => "JSON invalide à cet endroit",
    }
}

/// A rusqlite error in French. Table and column names are kept; the rest of SQLite's
/// English is replaced by what it means and, when it helps, what to do.
pub fn sqlite_error(err: &rusqlite::Error) -> String {
    use rusqlite::ErrorCode as C;
    match err {
        rusqlite::Error::SqliteFailure(failure, message) => {
            let text = match failure.code {
                C::DatabaseBusy | C::DatabaseLocked => {
                    "base verrouillée par un autre programme : réessayez quand il a fini"
                }
                C::ReadOnly => {
                    "base en lecture seule : vérifiez les droits du fichier et de son dossier"
                }
                C::CannotOpen => {
                    "impossible d'ouvrir le fichier de base : vérifiez que le dossier existe et qu'il est accessible en écriture"
                }
                C::NotADatabase => "ce fichier n'est pas une base SQLite",
                C::DatabaseCorrupt => "base SQLite endommagée",
                C::DiskFull => "plus de place sur le disque",
                C::PermissionDenied | C::AuthorizationForStatementDenied => "permission refusée",
                C::SystemIoFailure => "erreur d'entrée-sortie du disque",
                C::OutOfMemory => "mémoire insuffisante",
                C::TooBig => "texte ou donnée trop gros pour SQLite",
                C::ConstraintViolation => {
                    return sql_message(message.as_deref())
                        .unwrap_or_else(|| "contrainte de la base non respectée".to_owned());
                }
                C::SchemaChanged => "le schéma de la base a changé pendant la requête : réessayez",
                _ => {
                    return sql_message(message.as_deref())
                        .unwrap_or_else(|| format!("erreur SQLite n° {}", failure.extended_code));
                }
            };
            text.to_owned()
        }
        rusqlite::Error::QueryReturnedNoRows => "aucune ligne trouvée".to_owned(),
        rusqlite::Error::InvalidColumnName(name) => format!("colonne « {name} » absente"),
        rusqlite::Error::InvalidColumnType(_, name, _) => {
            format!("colonne « {name} » d'un type inattendu")
        }
        rusqlite::Error::FromSqlConversionFailure(..)
        | rusqlite::Error::IntegralValueOutOfRange(..) => {
            "valeur d'un type inattendu dans la base".to_owned()
        }
        rusqlite::Error::Utf8Error(..) => "texte qui n'est pas de l'UTF-8 dans la base".to_owned(),
        _ => "erreur SQLite inattendue".to_owned(),
    }
}

/// SQLite's own texts that name a table or column (a learner's schema is not the one
/// expected), in French; `None` for the others.
fn sql_message(message: Option<&str>) -> Option<String> {
    let message = message?;
    type Rule = (&'static str, fn(&str) -> String);
    let rules: [Rule; 6] = [
        ("no such table: ", |t| format!("table « {t} » absente")),
        ("no such column: ", |c| format!("colonne « {c} » absente")),
        ("UNIQUE constraint failed: ", |c| {
            format!("valeur en double dans « {c} » (contrainte UNIQUE)")
        }),
        ("NOT NULL constraint failed: ", |c| {
            format!("« {c} » ne peut pas être vide (contrainte NOT NULL)")
        }),
        ("FOREIGN KEY constraint failed", |_| {
            "clé étrangère sans ligne correspondante (contrainte FOREIGN KEY)".to_owned()
        }),
        ("CHECK constraint failed: ", |c| {
            format!("contrainte CHECK « {c} » non respectée")
        }),
    ];
    if let Some((table, column)) = message
        .strip_prefix("table ")
        .and_then(|rest| rest.split_once(" has no column named "))
    {
        return Some(format!(
            "la table « {table} » n'a pas de colonne « {column} »"
        ));
    }
    rules
        .iter()
        .find_map(|(prefix, french)| message.strip_prefix(prefix).map(|rest| french(rest.trim())))
}

/// What went wrong in an HTTP exchange that `send` or `grade` made, in French, for the
/// errors ureq reports in English (TLS, protocol, sizes); the callers name the common
/// ones (refused, timeout, unknown host) themselves, with the fix.
pub fn http_error(err: &ureq::Error) -> String {
    match err {
        ureq::Error::StatusCode(code) => format!("réponse HTTP {code}"),
        ureq::Error::Io(io) => crate::files::io_reason(io),
        ureq::Error::Timeout(_) => "délai dépassé".to_owned(),
        ureq::Error::HostNotFound => "hôte introuvable".to_owned(),
        ureq::Error::ConnectionFailed => "connexion impossible".to_owned(),
        ureq::Error::BadUri(uri) => format!("URL invalide « {uri} »"),
        ureq::Error::Http(_) | ureq::Error::Protocol(_) => {
            "réponse qui n'est pas du HTTP/1.1 valide (est-ce bien un serveur HTTP sur ce port ?)"
                .to_owned()
        }
        ureq::Error::Tls(_) | ureq::Error::Rustls(_) | ureq::Error::Pem(_) => {
            "échec TLS : certificat refusé ou protocole incompatible — pour un serveur local, utilisez http:// plutôt que https://".to_owned()
        }
        ureq::Error::TlsRequired | ureq::Error::RequireHttpsOnly(_) => {
            "https:// obligatoire pour cette URL".to_owned()
        }
        ureq::Error::BodyExceedsLimit(limit) => {
            format!("réponse de plus de {limit} octets, coupée")
        }
        ureq::Error::LargeResponseHeader(..) => "en-têtes de réponse trop longs".to_owned(),
        ureq::Error::TooManyRedirects | ureq::Error::RedirectFailed => {
            "redirection refusée".to_owned()
        }
        ureq::Error::BodyStalled => "le corps de la réponse n'arrive plus".to_owned(),
        ureq::Error::Decompress(..) => "réponse compressée illisible".to_owned(),
        _ => "échange HTTP invalide".to_owned(),
    }
}

/// The OS random source failed (getrandom's text is English): what and the OS reason.
pub fn random_error(err: getrandom::Error) -> String {
    let reason = err.raw_os_error().map_or_else(
        || "aucune source d'aléa sur ce système".to_owned(),
        |code| crate::files::io_reason(&std::io::Error::from_raw_os_error(code)),
    );
    format!(
        "générateur aléatoire du système indisponible ({reason}) : réessayez, ou passez un secret avec --secret"
    )
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
    use super::{json_error, parser_message, sqlite_error};

    #[test]
    fn serde_json_errors_read_in_french_with_their_position() {
        let cases = [
            (
                "{\"a\":",
                "fin du texte là où une valeur était attendue (texte vide ?) (ligne 1, colonne 5)",
            ),
            (
                "{\"a\":1",
                "fin du texte au milieu d'un objet { … } (ligne 1, colonne 6)",
            ),
            (
                "{\"a\" 1}",
                "« : » attendu après la clé (ligne 1, colonne 6)",
            ),
            (
                "[1,]",
                "virgule en trop avant la fermeture (ligne 1, colonne 4)",
            ),
            (
                "{} x",
                "texte en trop après la fin du JSON (ligne 1, colonne 4)",
            ),
            (
                "\n nope",
                "mot inconnu (true, false ou null attendu) (ligne 2, colonne 3)",
            ),
            (
                "",
                "fin du texte là où une valeur était attendue (texte vide ?) (ligne 1, colonne 0)",
            ),
        ];
        for (json, french) in cases {
            let err = serde_json::from_str::<serde_json::Value>(json).unwrap_err();
            assert_eq!(json_error(&err), french, "{json:?} gave {err}");
        }
        #[derive(Debug, serde::Deserialize)]
        #[allow(dead_code)]
        struct Event {
            r#type: String,
        }
        let err = serde_json::from_str::<Event>("{}").unwrap_err();
        assert_eq!(
            json_error(&err),
            "champ « type » manquant : ajoutez-le (ligne 1, colonne 2)"
        );
    }

    #[test]
    fn sqlite_errors_read_in_french_and_keep_the_names() {
        let conn = rusqlite::Connection::open_in_memory().unwrap();
        let missing = conn
            .execute("INSERT INTO User (id) VALUES (1)", [])
            .unwrap_err();
        assert_eq!(sqlite_error(&missing), "table « User » absente");
        conn.execute_batch(
            "CREATE TABLE User (id INTEGER PRIMARY KEY, email TEXT NOT NULL UNIQUE)",
        )
        .unwrap();
        let column = conn
            .execute("INSERT INTO User (clerkId) VALUES (1)", [])
            .unwrap_err();
        assert_eq!(
            sqlite_error(&column),
            "la table « User » n'a pas de colonne « clerkId »"
        );
        let null = conn
            .execute("INSERT INTO User (id) VALUES (1)", [])
            .unwrap_err();
        assert_eq!(
            sqlite_error(&null),
            "« User.email » ne peut pas être vide (contrainte NOT NULL)"
        );
        conn.execute("INSERT INTO User (email) VALUES ('a')", [])
            .unwrap();
        let twice = conn
            .execute("INSERT INTO User (email) VALUES ('a')", [])
            .unwrap_err();
        assert_eq!(
            sqlite_error(&twice),
            "valeur en double dans « User.email » (contrainte UNIQUE)"
        );
        let dir = tempfile::tempdir().unwrap();
        let not_db = dir.path().join("notes.db");
        std::fs::write(&not_db, vec![b'x'; 4096]).unwrap();
        let conn = rusqlite::Connection::open(&not_db).unwrap();
        let err = conn
            .execute_batch("SELECT * FROM sqlite_master")
            .unwrap_err();
        assert_eq!(sqlite_error(&err), "ce fichier n'est pas une base SQLite");
        let nowhere = rusqlite::Connection::open(dir.path().join("absent/x.db")).unwrap_err();
        assert_eq!(
            sqlite_error(&nowhere),
            "impossible d'ouvrir le fichier de base : vérifiez que le dossier existe et qu'il est accessible en écriture"
        );
    }

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
