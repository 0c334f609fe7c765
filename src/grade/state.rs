//! Reading the learner's database: the [`StateReader`] trait the runner uses, the table and
//! column names (module 3's Prisma model by default, `--table` / `--column` to override), and
//! the check of those names against what introspection found. Drivers live in `sqlite.rs` and
//! `postgres.rs`; both only SELECT, inside a read-only transaction.

/// One row of the users table, as the state checks compare it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UserRow {
    pub email: Option<String>,
    pub first_name: Option<String>,
    pub last_name: Option<String>,
    pub image_url: Option<String>,
    /// `deletedAt` is set (soft delete).
    pub deleted: bool,
}

/// The rows for one `clerkId`. `Err` is a French reason (connection lost…): the state check
/// fails with it, the HTTP checks go on.
pub trait StateReader: Send {
    fn rows(&mut self, clerk_id: &str) -> Result<Vec<UserRow>, String>;
}

/// The Prisma field names `--column` accepts, with module 3's column names.
pub const FIELDS: &[&str] = &[
    "clerkId",
    "email",
    "firstName",
    "lastName",
    "imageUrl",
    "deletedAt",
];

/// Table and column names to read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Columns {
    pub table: String,
    pub clerk_id: String,
    pub email: String,
    pub first_name: String,
    pub last_name: String,
    pub image_url: String,
    pub deleted_at: String,
    /// `deletedAt` was named with `--column`: then it must exist.
    pub deleted_at_required: bool,
}

impl Default for Columns {
    fn default() -> Self {
        Self {
            table: "User".to_owned(),
            clerk_id: "clerkId".to_owned(),
            email: "email".to_owned(),
            first_name: "firstName".to_owned(),
            last_name: "lastName".to_owned(),
            image_url: "imageUrl".to_owned(),
            deleted_at: "deletedAt".to_owned(),
            deleted_at_required: false,
        }
    }
}

impl Columns {
    /// Applies `--table` and each `--column field=name`.
    pub fn with_overrides(table: Option<&str>, columns: &[String]) -> Result<Self, String> {
        let mut out = Self::default();
        if let Some(table) = table {
            if table.trim().is_empty() {
                return Err("--table : nom de table vide".to_owned());
            }
            table.trim().clone_into(&mut out.table);
        }
        for spec in columns {
            let Some((field, name)) = spec.split_once('=') else {
                return Err(format!(
                    "--column « {spec} » : attendu champ=colonne, par exemple --column email=primary_email (champs : {})",
                    FIELDS.join(", ")
                ));
            };
            let (field, name) = (field.trim(), name.trim().to_owned());
            if name.is_empty() {
                return Err(format!("--column « {spec} » : nom de colonne vide"));
            }
            let slot = match field {
                "clerkId" => &mut out.clerk_id,
                "email" => &mut out.email,
                "firstName" => &mut out.first_name,
                "lastName" => &mut out.last_name,
                "imageUrl" => &mut out.image_url,
                "deletedAt" => {
                    out.deleted_at_required = true;
                    &mut out.deleted_at
                }
                other => {
                    return Err(format!(
                        "--column « {spec} » : champ « {other} » inconnu — choisissez parmi {}",
                        FIELDS.join(", ")
                    ));
                }
            };
            *slot = name;
        }
        Ok(out)
    }

    /// Checks the names against the table's columns (`None`: the table does not exist).
    /// `Ok(true)` when `deletedAt` is there.
    pub fn check(&self, found: Option<&[String]>) -> Result<bool, String> {
        let Some(found) = found else {
            return Err(format!(
                "table « {} » introuvable dans la base : le modèle Prisma du module 3 s’appelle User (lancez « npx prisma migrate dev » ?) ; sinon, nommez la vôtre avec --table",
                self.table
            ));
        };
        let required = [
            ("clerkId", &self.clerk_id),
            ("email", &self.email),
            ("firstName", &self.first_name),
            ("lastName", &self.last_name),
            ("imageUrl", &self.image_url),
        ];
        for (field, column) in required {
            if !found.iter().any(|c| c == column) {
                let near = found
                    .iter()
                    .find(|c| {
                        c.eq_ignore_ascii_case(column)
                            || c.replace('_', "").eq_ignore_ascii_case(column)
                    })
                    .map(|c| format!(" (il y a « {c} » : --column {field}={c})"))
                    .unwrap_or_default();
                return Err(format!(
                    "colonne « {column} » introuvable dans la table « {} » : attendue pour le champ {field} du modèle Prisma{near} ; colonnes présentes : {}",
                    self.table,
                    found.join(", ")
                ));
            }
        }
        let soft = found.contains(&self.deleted_at);
        if self.deleted_at_required && !soft {
            return Err(format!(
                "colonne « {} » (--column deletedAt=…) introuvable dans la table « {} » ; colonnes présentes : {}",
                self.deleted_at,
                self.table,
                found.join(", ")
            ));
        }
        Ok(soft)
    }

    /// The SELECT, with identifiers quoted (Prisma's `User` is case-sensitive); `placeholder`
    /// is `?1` (SQLite) or `$1` (PostgreSQL).
    pub fn select(&self, soft_delete: bool, qualified_table: &str, placeholder: &str) -> String {
        let deleted = if soft_delete {
            format!("{} IS NOT NULL", quote(&self.deleted_at))
        } else {
            "FALSE".to_owned()
        };
        format!(
            "SELECT {}, {}, {}, {}, {deleted} FROM {qualified_table} WHERE {} = {placeholder}",
            cast_text(&self.email),
            cast_text(&self.first_name),
            cast_text(&self.last_name),
            cast_text(&self.image_url),
            quote(&self.clerk_id),
        )
    }
}

/// A quoted SQL identifier (both SQLite and PostgreSQL double the quote).
pub fn quote(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}

fn cast_text(column: &str) -> String {
    format!("CAST({} AS TEXT)", quote(column))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn overrides_and_introspection_name_what_is_missing() {
        let cols = Columns::with_overrides(
            Some("users"),
            &["email=primary_email".into(), "deletedAt=removed_at".into()],
        )
        .unwrap();
        assert_eq!(cols.table, "users");
        assert_eq!(cols.email, "primary_email");
        let found: Vec<String> = [
            "clerkId",
            "primary_email",
            "firstName",
            "lastName",
            "imageUrl",
        ]
        .map(String::from)
        .to_vec();
        let err = cols.check(Some(&found)).unwrap_err();
        assert!(
            err.starts_with("colonne « removed_at » (--column deletedAt=…) introuvable"),
            "{err}"
        );
        let plain = Columns::default();
        let snake: Vec<String> = ["clerk_id", "email", "first_name"]
            .map(String::from)
            .to_vec();
        let err = plain.check(Some(&snake)).unwrap_err();
        assert!(
            err.starts_with("colonne « clerkId » introuvable dans la table « User » : attendue pour le champ clerkId du modèle Prisma (il y a « clerk_id » : --column clerkId=clerk_id)"),
            "{err}"
        );
        assert!(
            plain
                .check(None)
                .unwrap_err()
                .starts_with("table « User » introuvable")
        );
        let ok: Vec<String> = [
            "id",
            "clerkId",
            "email",
            "firstName",
            "lastName",
            "imageUrl",
            "deletedAt",
        ]
        .map(String::from)
        .to_vec();
        assert_eq!(plain.check(Some(&ok)), Ok(true));
        for bad in ["nope", "nope=x", "email="] {
            assert!(
                Columns::with_overrides(None, &[bad.into()]).is_err(),
                "{bad}"
            );
        }
    }

    #[test]
    fn select_quotes_identifiers() {
        let sql = Columns::default().select(false, "\"User\"", "?1");
        assert_eq!(
            sql,
            "SELECT CAST(\"email\" AS TEXT), CAST(\"firstName\" AS TEXT), CAST(\"lastName\" AS TEXT), CAST(\"imageUrl\" AS TEXT), FALSE FROM \"User\" WHERE \"clerkId\" = ?1"
        );
        assert_eq!(quote("a\"b"), "\"a\"\"b\"");
    }
}
