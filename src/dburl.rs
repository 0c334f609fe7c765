//! Database URLs as Prisma writes them, shared by `grade` (which reads the learner's database)
//! and `listen --database` (the reference endpoint's own table): `postgresql://…` /
//! `postgres://…`, and SQLite `file:` paths (`file:./dev.db`, `file:/abs/dev.db`, an optional
//! `?…` query ignored).

use std::path::PathBuf;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DatabaseUrl {
    /// A SQLite file path, as written after `file:` (relative to the current folder).
    Sqlite(PathBuf),
    /// `url` is what the `postgres` driver accepts: Prisma's own query parameters
    /// (`schema`, `connection_limit`…) are taken out, `schema` kept apart.
    Postgres { url: String, schema: Option<String> },
}

impl DatabaseUrl {
    /// Parses a URL; the error is a French message with the accepted forms.
    pub fn parse(url: &str) -> Result<Self, String> {
        let url = url.trim();
        let expected = "attendu postgresql://utilisateur:motdepasse@hôte:5432/base (PostgreSQL) ou file:./dev.db (SQLite), comme DATABASE_URL dans le .env de Prisma";
        let lower = url.to_ascii_lowercase();
        if lower.starts_with("postgres://") || lower.starts_with("postgresql://") {
            let (url, schema) = split_prisma_params(url);
            if url.parse::<postgres::Config>().is_err() {
                return Err(format!(
                    "URL de base de données PostgreSQL mal formée « {} » : {expected}",
                    redact(&url)
                ));
            }
            return Ok(Self::Postgres { url, schema });
        }
        let path = lower
            .strip_prefix("file:")
            .or_else(|| lower.strip_prefix("sqlite:"))
            .map(|_| &url[url.find(':').map_or(0, |i| i + 1)..]);
        let Some(path) = path else {
            return Err(format!(
                "URL de base de données non reconnue « {} » : {expected}",
                redact(url)
            ));
        };
        let path = path.split('?').next().unwrap_or_default();
        // `file:///abs` and `file://localhost/abs` are URL forms of `/abs`.
        let path = path
            .strip_prefix("//localhost")
            .or_else(|| path.strip_prefix("//"))
            .unwrap_or(path);
        if path.is_empty() {
            return Err(format!("URL SQLite sans chemin « {url} » : {expected}"));
        }
        Ok(Self::Sqlite(PathBuf::from(path)))
    }

    /// For messages: the password of a PostgreSQL URL replaced by `***`.
    pub fn shown(&self) -> String {
        match self {
            Self::Sqlite(path) => format!("file:{}", path.display()),
            Self::Postgres { url, .. } => redact(url),
        }
    }
}

/// Parameters libpq (and so the `postgres` driver) understands; Prisma adds others.
const LIBPQ_PARAMS: &[&str] = &[
    "user",
    "password",
    "dbname",
    "options",
    "application_name",
    "sslmode",
    "host",
    "hostaddr",
    "port",
    "connect_timeout",
    "keepalives",
    "keepalives_idle",
    "target_session_attrs",
    "channel_binding",
    "load_balance_hosts",
];

/// Drops the query parameters the driver would refuse, and returns Prisma's `schema`.
fn split_prisma_params(url: &str) -> (String, Option<String>) {
    let Some((base, query)) = url.split_once('?') else {
        return (url.to_owned(), None);
    };
    let mut schema = None;
    let kept: Vec<&str> = query
        .split('&')
        .filter(|pair| {
            let key = pair.split('=').next().unwrap_or_default();
            if key == "schema" {
                schema = pair.split_once('=').map(|(_, v)| v.to_owned());
            }
            LIBPQ_PARAMS.contains(&key)
        })
        .collect();
    let url = if kept.is_empty() {
        base.to_owned()
    } else {
        format!("{base}?{}", kept.join("&"))
    };
    (url, schema.filter(|s| !s.is_empty()))
}

/// `scheme://user:secret@host` → `scheme://user:***@host`.
pub fn redact(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else {
        return url.to_owned();
    };
    let authority_end = rest.find(['/', '?']).unwrap_or(rest.len());
    let (authority, tail) = rest.split_at(authority_end);
    match authority.rsplit_once('@') {
        Some((user_info, host)) => {
            let user = user_info.split(':').next().unwrap_or_default();
            let hidden = if user_info.contains(':') {
                format!("{user}:***")
            } else {
                user.to_owned()
            };
            format!("{scheme}://{hidden}@{host}{tail}")
        }
        None => url.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prisma_urls_parse() {
        assert_eq!(
            DatabaseUrl::parse("file:./dev.db").unwrap(),
            DatabaseUrl::Sqlite("./dev.db".into())
        );
        assert_eq!(
            DatabaseUrl::parse("file:/tmp/x.db?connection_limit=1").unwrap(),
            DatabaseUrl::Sqlite("/tmp/x.db".into())
        );
        assert_eq!(
            DatabaseUrl::parse("file:///tmp/x.db").unwrap(),
            DatabaseUrl::Sqlite("/tmp/x.db".into())
        );
        let pg = "postgresql://lea:s3cret@localhost:5432/potagers?schema=public";
        assert_eq!(
            DatabaseUrl::parse(pg).unwrap(),
            DatabaseUrl::Postgres {
                url: "postgresql://lea:s3cret@localhost:5432/potagers".to_owned(),
                schema: Some("public".to_owned())
            }
        );
        assert_eq!(
            DatabaseUrl::parse(pg).unwrap().shown(),
            "postgresql://lea:***@localhost:5432/potagers"
        );
    }

    #[test]
    fn bad_urls_say_what_is_expected_without_the_password() {
        for url in [
            "mysql://a:b@h/db",
            "dev.db",
            "file:",
            "postgres://u:pw@h:99999999/db",
        ] {
            let err = DatabaseUrl::parse(url).unwrap_err();
            assert!(err.contains("file:./dev.db"), "{url}: {err}");
            assert!(
                !err.contains(":pw@") && !err.contains(":b@"),
                "{url}: {err}"
            );
        }
    }
}
