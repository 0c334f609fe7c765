//! The PostgreSQL [`StateReader`]: one connection (5 s to connect), introspection through
//! `information_schema`, and every read inside `BEGIN READ ONLY … ROLLBACK`, so the grader
//! can never write to the learner's database.

use std::time::Duration;

use postgres::{Client, NoTls};

use super::state::{Columns, StateReader, UserRow, quote};

pub struct PostgresReader {
    client: Client,
    sql: String,
}

impl PostgresReader {
    /// Connects and introspects; `shown` is the URL without its password, for messages.
    pub fn open(
        url: &str,
        schema: Option<&str>,
        shown: &str,
        columns: &Columns,
    ) -> Result<Self, String> {
        let mut config: postgres::Config = url
            .parse()
            .map_err(|_| {
                format!(
                    "URL PostgreSQL mal formée « {shown} » : attendu postgresql://utilisateur:mot-de-passe@hôte:port/base"
                )
            })?;
        config.connect_timeout(Duration::from_secs(5));
        config.application_name("webhook-tutor grade");
        let mut client = config
            .connect(NoTls)
            .map_err(|e| connect_reason(shown, &e))?;
        let found = table_columns(&mut client, schema, &columns.table).map_err(|e| {
            format!(
                "base PostgreSQL « {shown} » : introspection impossible ({})",
                reason(&e)
            )
        })?;
        let soft = columns.check(found.as_deref())?;
        let table = match schema {
            Some(schema) => format!("{}.{}", quote(schema), quote(&columns.table)),
            None => quote(&columns.table),
        };
        let sql = columns.select(soft, &table, "$1");
        Ok(Self { client, sql })
    }
}

fn table_columns(
    client: &mut Client,
    schema: Option<&str>,
    table: &str,
) -> Result<Option<Vec<String>>, postgres::Error> {
    let mut tx = client.build_transaction().read_only(true).start()?;
    let rows = tx.query(
        "SELECT column_name::text FROM information_schema.columns \
         WHERE table_schema = COALESCE($1, current_schema()) AND table_name = $2 \
         ORDER BY ordinal_position",
        &[&schema, &table],
    )?;
    tx.rollback()?;
    let names = rows
        .iter()
        .map(|r| r.try_get::<_, String>(0))
        .collect::<Result<Vec<_>, _>>()?;
    Ok((!names.is_empty()).then_some(names))
}

/// The server's message when there is one (it is in the server's language, and quoted as
/// the server's), else the driver's cause in French.
fn reason(err: &postgres::Error) -> String {
    match err.as_db_error() {
        Some(db) => db.message().to_owned(),
        None => driver_reason(err),
    }
}

/// What the driver met, in French: the OS error under it when there is one (the driver's
/// own wording is English).
fn driver_reason(err: &postgres::Error) -> String {
    let mut cause = std::error::Error::source(err);
    while let Some(inner) = cause {
        if let Some(io) = inner.downcast_ref::<std::io::Error>() {
            return crate::files::io_reason(io);
        }
        cause = inner.source();
    }
    if err.is_closed() {
        "connexion fermée par le serveur".to_owned()
    } else {
        "erreur du pilote PostgreSQL".to_owned()
    }
}

fn connect_reason(shown: &str, err: &postgres::Error) -> String {
    if let Some(db) = err.as_db_error() {
        let code = db.code().code();
        let hint = match code {
            "28P01" | "28000" => {
                "identifiant ou mot de passe refusé — vérifiez l’utilisateur et le mot de passe de l’URL"
            }
            "3D000" => "cette base n’existe pas — vérifiez le nom après le dernier « / »",
            _ => "le serveur a refusé la connexion",
        };
        return format!(
            "connexion PostgreSQL refusée « {shown} » : {hint} (serveur : {})",
            db.message()
        );
    }
    format!(
        "connexion PostgreSQL impossible « {shown} » : le serveur ne répond pas — est-il démarré, sur cet hôte et ce port ? ({})",
        driver_reason(err)
    )
}

impl StateReader for PostgresReader {
    fn rows(&mut self, clerk_id: &str) -> Result<Vec<UserRow>, String> {
        let read = |client: &mut Client, sql: &str| -> Result<Vec<UserRow>, postgres::Error> {
            let mut tx = client.build_transaction().read_only(true).start()?;
            let rows = tx.query(sql, &[&clerk_id])?;
            tx.rollback()?;
            // try_get: a column of an unexpected type is an error, never a panic.
            rows.iter()
                .map(|r| {
                    Ok(UserRow {
                        email: r.try_get(0)?,
                        first_name: r.try_get(1)?,
                        last_name: r.try_get(2)?,
                        image_url: r.try_get(3)?,
                        deleted: r.try_get(4)?,
                    })
                })
                .collect()
        };
        read(&mut self.client, &self.sql)
            .map_err(|e| format!("lecture PostgreSQL impossible : {}", reason(&e)))
    }
}
