//! `listen --database`: the reference endpoint's writes, as module 3's handler does them, on
//! a SQLite file: deduplication on `svix-id` (a `ProcessedWebhook` row, in the same
//! transaction as the change), upsert on `clerkId` with the primary e-mail found through
//! `primary_email_address_id`, a guarded delete that never fails on an unknown id, and the
//! `updated_at` guard against stale updates. One connection behind a mutex: two deliveries of
//! the same message at the same instant are applied once.

use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use rusqlite::{Connection, OptionalExtension as _, params};
use serde_json::Value;

use crate::dburl::DatabaseUrl;

/// What applying one verified event did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Applied {
    /// First delivery of this `svix-id`: applied (or deliberately ignored, for other types).
    Done,
    /// This `svix-id` was already processed: nothing done.
    Duplicate,
}

/// The reference endpoint's database (cheap to clone: one shared connection).
#[derive(Clone)]
pub struct Database {
    conn: Arc<Mutex<Connection>>,
    shown: String,
}

impl std::fmt::Debug for Database {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Database")
            .field("url", &self.shown)
            .finish()
    }
}

const SCHEMA: &str = r#"
CREATE TABLE IF NOT EXISTS "User" (
  "id"             TEXT PRIMARY KEY,
  "clerkId"        TEXT NOT NULL UNIQUE,
  "email"          TEXT,
  "firstName"      TEXT,
  "lastName"       TEXT,
  "imageUrl"       TEXT,
  "clerkUpdatedAt" INTEGER,
  "createdAt"      INTEGER NOT NULL,
  "updatedAt"      INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS "ProcessedWebhook" (
  "svixId"      TEXT PRIMARY KEY,
  "type"        TEXT,
  "processedAt" INTEGER NOT NULL
);
"#;

/// Columns the reference needs in an existing `User` table.
const NEEDED: &[&str] = &[
    "id",
    "clerkId",
    "email",
    "firstName",
    "lastName",
    "imageUrl",
    "clerkUpdatedAt",
    "createdAt",
    "updatedAt",
];

impl Database {
    /// Opens (creating the file and tables if needed) a SQLite database from a `file:` URL.
    pub fn open(url: &str) -> Result<Self, String> {
        let parsed = DatabaseUrl::parse(url).map_err(|e| format!("--database : {e}"))?;
        let path = match &parsed {
            DatabaseUrl::Sqlite(path) => path.clone(),
            DatabaseUrl::Postgres { .. } => {
                return Err(format!(
                    "--database « {} » : le récepteur de référence écrit dans SQLite seulement — passez file:./reference.db (grade, lui, lit aussi PostgreSQL)",
                    parsed.shown()
                ));
            }
        };
        let shown = parsed.shown();
        let conn = open_file(&path).map_err(|e| format!("--database « {shown} » : {e}"))?;
        Ok(Self {
            conn: Arc::new(Mutex::new(conn)),
            shown,
        })
    }

    /// `file:…` as given, for messages.
    pub fn shown(&self) -> &str {
        &self.shown
    }

    /// Applies one verified event; `Err` is a French reason (the endpoint answers 500, and
    /// Svix would retry: nothing was recorded, not even the `svix-id`).
    pub fn apply(&self, msg_id: &str, body: &[u8], now_ms: i64) -> Result<Applied, String> {
        let event: Value = serde_json::from_slice(body)
            .map_err(|e| format!("corps JSON illisible : {}", crate::french::json_error(&e)))?;
        // A poisoned lock only means another worker panicked: the connection is intact.
        let mut conn = self.conn.lock().unwrap_or_else(|p| p.into_inner());
        apply(&mut conn, msg_id, &event, now_ms)
            .map_err(|e| format!("base SQLite : {}", crate::french::sqlite_error(&e)))
    }
}

/// The handler's answer for a verified request when `--database` is set.
pub(super) fn verdict(
    config: &super::ListenerConfig,
    msg_id: Option<&str>,
    body: &[u8],
) -> super::Verdict {
    use super::{Rejection, Verdict};
    let Some(db) = &config.database else {
        return Verdict::Accepted;
    };
    let now_ms = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_millis()).unwrap_or(i64::MAX));
    match db.apply(msg_id.unwrap_or_default(), body, now_ms) {
        Ok(Applied::Done) => Verdict::Accepted,
        Ok(Applied::Duplicate) => Verdict::Duplicate,
        Err(reason) => Verdict::Rejected(Rejection::Database { reason }),
    }
}

fn open_file(path: &Path) -> Result<Connection, String> {
    let french = |e: rusqlite::Error| crate::french::sqlite_error(&e);
    let conn = Connection::open(path).map_err(french)?;
    conn.busy_timeout(Duration::from_secs(5)).map_err(french)?;
    // WAL lets `grade` read while the endpoint writes.
    conn.pragma_update(None, "journal_mode", "WAL")
        .map_err(french)?;
    conn.execute_batch(SCHEMA).map_err(french)?;
    let mut stmt = conn
        .prepare("SELECT name FROM pragma_table_info('User')")
        .map_err(french)?;
    let found = stmt
        .query_map([], |row| row.get::<_, String>(0))
        .and_then(|rows| rows.collect::<rusqlite::Result<Vec<_>>>())
        .map_err(french)?;
    drop(stmt);
    if let Some(missing) = NEEDED.iter().find(|c| !found.iter().any(|f| f == *c)) {
        return Err(format!(
            "la table User existe déjà sans la colonne « {missing} » : le récepteur de référence a besoin de sa propre base — donnez-lui un nouveau fichier"
        ));
    }
    Ok(conn)
}

fn apply(
    conn: &mut Connection,
    msg_id: &str,
    event: &Value,
    now_ms: i64,
) -> rusqlite::Result<Applied> {
    let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
    let kind = event.get("type").and_then(Value::as_str);
    let fresh = tx.execute(
        r#"INSERT OR IGNORE INTO "ProcessedWebhook" ("svixId", "type", "processedAt") VALUES (?1, ?2, ?3)"#,
        params![msg_id, kind, now_ms],
    )?;
    if fresh == 0 {
        return Ok(Applied::Duplicate);
    }
    let data = event.get("data").unwrap_or(&Value::Null);
    match kind {
        Some("user.created" | "user.updated") => upsert(&tx, data, now_ms)?,
        Some("user.deleted") => {
            // Never delete without an id (Prisma would turn `undefined` into "every row").
            if let Some(clerk_id) = data
                .get("id")
                .and_then(Value::as_str)
                .filter(|s| !s.is_empty())
            {
                tx.execute(r#"DELETE FROM "User" WHERE "clerkId" = ?1"#, [clerk_id])?;
            }
        }
        // Other types are acknowledged (2xx) and ignored.
        _ => {}
    }
    tx.commit()?;
    Ok(Applied::Done)
}

fn upsert(tx: &rusqlite::Transaction<'_>, user: &Value, now_ms: i64) -> rusqlite::Result<()> {
    let text = |key: &str| user.get(key).and_then(Value::as_str).map(str::to_owned);
    let Some(clerk_id) = text("id").filter(|s| !s.is_empty()) else {
        return Ok(());
    };
    let primary = text("primary_email_address_id");
    let email = user
        .get("email_addresses")
        .and_then(Value::as_array)
        .and_then(|list| {
            list.iter()
                .find(|a| a.get("id").and_then(Value::as_str) == primary.as_deref())
        })
        .and_then(|a| a.get("email_address"))
        .and_then(Value::as_str);
    let clerk_updated_at = user.get("updated_at").and_then(Value::as_i64);
    let existing: Option<String> = tx
        .query_row(
            r#"SELECT "id" FROM "User" WHERE "clerkId" = ?1"#,
            [&clerk_id],
            |r| r.get(0),
        )
        .optional()?;
    let id = existing.unwrap_or_else(new_row_id);
    tx.execute(
        r#"INSERT INTO "User" ("id", "clerkId", "email", "firstName", "lastName", "imageUrl", "clerkUpdatedAt", "createdAt", "updatedAt")
           VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?8)
           ON CONFLICT ("clerkId") DO UPDATE SET
             "email" = excluded."email", "firstName" = excluded."firstName",
             "lastName" = excluded."lastName", "imageUrl" = excluded."imageUrl",
             "clerkUpdatedAt" = excluded."clerkUpdatedAt", "updatedAt" = excluded."updatedAt"
           WHERE excluded."clerkUpdatedAt" IS NULL OR "User"."clerkUpdatedAt" IS NULL
              OR excluded."clerkUpdatedAt" >= "User"."clerkUpdatedAt""#,
        params![
            id,
            clerk_id,
            email,
            text("first_name"),
            text("last_name"),
            text("image_url"),
            clerk_updated_at,
            now_ms
        ],
    )?;
    Ok(())
}

/// A cuid-like primary key (`c` + 24 hex digits).
fn new_row_id() -> String {
    let mut bytes = [0u8; 12];
    if getrandom::fill(&mut bytes).is_err() {
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos());
        bytes.copy_from_slice(&nanos.to_le_bytes()[..12]);
    }
    std::iter::once('c'.to_string())
        .chain(bytes.iter().map(|b| format!("{b:02x}")))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn event(kind: &str, data: Value) -> Vec<u8> {
        serde_json::to_vec(&serde_json::json!({ "type": kind, "data": data })).unwrap()
    }

    fn row(db: &Database, clerk_id: &str) -> Option<(Option<String>, Option<String>)> {
        let conn = db.conn.lock().unwrap();
        conn.query_row(
            r#"SELECT "email", "firstName" FROM "User" WHERE "clerkId" = ?1"#,
            [clerk_id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()
        .unwrap()
    }

    fn user(first: &str, updated_at: i64) -> Value {
        serde_json::json!({
            "id": "user_1", "first_name": first, "updated_at": updated_at,
            "primary_email_address_id": "idn_b",
            "email_addresses": [
                { "id": "idn_a", "email_address": "a@x.fr" },
                { "id": "idn_b", "email_address": "b@x.fr" }
            ]
        })
    }

    #[test]
    fn events_apply_like_module_3s_handler() {
        let dir = tempfile::tempdir().unwrap();
        let url = format!("file:{}", dir.path().join("ref.db").display());
        let db = Database::open(&url).unwrap();
        let created = event("user.created", user("Léa", 10));
        assert_eq!(db.apply("msg_1", &created, 1), Ok(Applied::Done));
        assert_eq!(
            row(&db, "user_1"),
            Some((Some("b@x.fr".into()), Some("Léa".into())))
        );
        assert_eq!(db.apply("msg_1", &created, 2), Ok(Applied::Duplicate));
        // A newer update wins, an older one arriving later does not.
        db.apply("msg_2", &event("user.updated", user("Récent", 30)), 3)
            .unwrap();
        db.apply("msg_3", &event("user.updated", user("Périmé", 20)), 4)
            .unwrap();
        assert_eq!(row(&db, "user_1").unwrap().1.as_deref(), Some("Récent"));
        // Deletes never fail, and never delete without an id.
        let none = event("user.deleted", serde_json::json!({ "deleted": true }));
        assert_eq!(db.apply("msg_4", &none, 5), Ok(Applied::Done));
        assert!(row(&db, "user_1").is_some());
        let unknown = event("user.deleted", serde_json::json!({ "id": "user_nobody" }));
        assert_eq!(db.apply("msg_5", &unknown, 6), Ok(Applied::Done));
        let gone = event("user.deleted", serde_json::json!({ "id": "user_1" }));
        db.apply("msg_6", &gone, 7).unwrap();
        assert_eq!(row(&db, "user_1"), None);
        assert_eq!(
            db.apply(
                "msg_7",
                &event("organization.created", serde_json::json!({})),
                8
            ),
            Ok(Applied::Done)
        );
        assert_eq!(
            db.apply("msg_8", b"not json", 9),
            Err(
                "corps JSON illisible : mot inconnu (true, false ou null attendu) (ligne 1, colonne 2)"
                    .to_owned()
            )
        );
        // Reopening keeps the rows and the processed ids.
        let again = Database::open(&url).unwrap();
        assert_eq!(again.apply("msg_1", &created, 10), Ok(Applied::Duplicate));
    }

    #[test]
    fn only_sqlite_and_only_its_own_tables() {
        let err = Database::open("postgresql://u:p@localhost/db").unwrap_err();
        assert!(
            err.contains("SQLite seulement") && !err.contains(":p@"),
            "{err}"
        );
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("prisma.db");
        Connection::open(&path)
            .unwrap()
            .execute_batch(r#"CREATE TABLE "User" ("id" TEXT, "clerkId" TEXT)"#)
            .unwrap();
        let err = Database::open(&format!("file:{}", path.display())).unwrap_err();
        assert!(err.contains("sans la colonne « email »"), "{err}");
    }

    #[test]
    fn a_file_that_is_no_database_is_named_in_french() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("notes.db");
        std::fs::write(&path, vec![b'x'; 4096]).unwrap();
        let err = Database::open(&format!("file:{}", path.display())).unwrap_err();
        assert_eq!(
            err,
            format!(
                "--database « file:{} » : ce fichier n'est pas une base SQLite",
                path.display()
            )
        );
    }
}
