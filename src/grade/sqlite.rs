//! The SQLite [`StateReader`]: the file is opened read-only (it must exist), `query_only` is
//! on, and every read runs in its own deferred transaction, so it sees what the endpoint has
//! committed and can never write.

use std::path::Path;
use std::time::Duration;

use rusqlite::{Connection, OpenFlags};

use super::state::{Columns, StateReader, UserRow, quote};

pub struct SqliteReader {
    conn: Connection,
    sql: String,
}

impl SqliteReader {
    /// Opens and introspects; errors are French and name the file, table or column.
    pub fn open(path: &Path, columns: &Columns) -> Result<Self, String> {
        let shown = path.display();
        if !path.is_file() {
            return Err(format!(
                "base SQLite introuvable : « {shown} » n’est pas un fichier (le chemin d’un file:… relatif part du dossier courant ; Prisma le résout depuis le dossier prisma/, essayez file:./prisma/{name})",
                name = path
                    .file_name()
                    .map(|n| n.to_string_lossy())
                    .unwrap_or_default()
            ));
        }
        let flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let conn = Connection::open_with_flags(path, flags).map_err(|e| {
            format!(
                "impossible d’ouvrir la base SQLite « {shown} » : {}",
                crate::french::sqlite_error(&e)
            )
        })?;
        conn.busy_timeout(Duration::from_secs(2))
            .and_then(|()| conn.pragma_update(None, "query_only", true))
            .map_err(|e| {
                format!(
                    "base SQLite « {shown} » : {}",
                    crate::french::sqlite_error(&e)
                )
            })?;
        let found = table_columns(&conn, &columns.table).map_err(|e| {
            format!(
                "base SQLite « {shown} » illisible : {} (est-ce bien un fichier SQLite ?)",
                crate::french::sqlite_error(&e)
            )
        })?;
        let soft = columns.check(found.as_deref())?;
        let sql = columns.select(soft, &quote(&columns.table), "?1");
        Ok(Self { conn, sql })
    }
}

fn table_columns(conn: &Connection, table: &str) -> rusqlite::Result<Option<Vec<String>>> {
    let mut stmt = conn.prepare("SELECT name FROM pragma_table_info(?1)")?;
    let names = stmt
        .query_map([table], |row| row.get::<_, String>(0))?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok((!names.is_empty()).then_some(names))
}

impl StateReader for SqliteReader {
    fn rows(&mut self, clerk_id: &str) -> Result<Vec<UserRow>, String> {
        let read = || -> rusqlite::Result<Vec<UserRow>> {
            let tx = self.conn.unchecked_transaction()?;
            let rows = {
                let mut stmt = tx.prepare_cached(&self.sql)?;
                stmt.query_map([clerk_id], |row| {
                    Ok(UserRow {
                        email: row.get(0)?,
                        first_name: row.get(1)?,
                        last_name: row.get(2)?,
                        image_url: row.get(3)?,
                        deleted: row.get::<_, i64>(4)? != 0,
                    })
                })?
                .collect::<rusqlite::Result<Vec<_>>>()?
            };
            tx.rollback()?;
            Ok(rows)
        };
        read().map_err(|e| {
            format!(
                "lecture SQLite impossible : {}",
                crate::french::sqlite_error(&e)
            )
        })
    }
}
