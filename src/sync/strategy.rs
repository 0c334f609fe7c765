//! The five handler strategies, each on its own tables of the same SQLite database, and
//! the SQL each one runs, shown as executed (SQLite) and as the same statement on
//! PostgreSQL. Strategies 1–4 handle webhook messages; strategy 5 has no webhook and
//! upserts the signed-in user on each page load. Application B (scenario `two-apps`) runs
//! module 3's handler on its own table.

use rusqlite::{Connection, ErrorCode, OptionalExtension, params};

use super::model::{ClerkUser, EventType, Message, Row};

/// Whose table a handler writes to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Strategy {
    /// `create` / `update` / `delete`, `email_addresses[0]`.
    Naive,
    /// Module 3: upsert on clerkId, primary e-mail, guarded deleteMany.
    Module3,
    /// Module 3 plus the `updated_at` guard and a tombstone table.
    Guarded,
    /// Module 3 plus `svix-id` deduplication of the welcome e-mail.
    Dedup,
    /// No webhooks: upsert when the user loads a page.
    Login,
    /// Application B's endpoint, module 3's handler.
    AppB,
    /// The learner's real endpoint (`grade --scenario`), through a [`super::Remote`].
    Yours,
}

impl Strategy {
    /// The five strategies compared side by side, in the course's order.
    pub const COMPARED: [Strategy; 5] = [
        Self::Naive,
        Self::Module3,
        Self::Guarded,
        Self::Dedup,
        Self::Login,
    ];
    /// The strategies that receive webhooks on the main application's endpoint.
    pub const WEBHOOKS: [Strategy; 4] = [Self::Naive, Self::Module3, Self::Guarded, Self::Dedup];

    pub fn number(self) -> usize {
        match self {
            Self::Naive => 1,
            Self::Module3 => 2,
            Self::Guarded => 3,
            Self::Dedup => 4,
            Self::Login => 5,
            Self::AppB => 6,
            Self::Yours => 7,
        }
    }

    /// French name.
    pub fn label(self) -> &'static str {
        match self {
            Self::Naive => "naïf (create/update/delete)",
            Self::Module3 => "module 3 (upsert, deleteMany gardé)",
            Self::Guarded => "module 3 + updated_at + trace",
            Self::Dedup => "module 3 + svix-id",
            Self::Login => "upsert à la connexion",
            Self::AppB => "application B (module 3)",
            Self::Yours => "votre endpoint",
        }
    }

    /// Short name for narrow screens.
    pub fn short(self) -> &'static str {
        match self {
            Self::Naive => "naïf",
            Self::Module3 => "module 3",
            Self::Guarded => "+ updated_at",
            Self::Dedup => "+ svix-id",
            Self::Login => "connexion",
            Self::AppB => "app B",
            Self::Yours => "vous",
        }
    }

    /// The users table's name in the database.
    pub fn table(self) -> &'static str {
        match self {
            Self::Naive => "s1_users",
            Self::Module3 => "s2_users",
            Self::Guarded => "s3_users",
            Self::Dedup => "s4_users",
            Self::Login => "s5_users",
            Self::AppB => "b_users",
            Self::Yours => "\"User\"",
        }
    }

    fn emails_table(self) -> &'static str {
        match self {
            Self::Naive => "s1_emails",
            Self::Module3 => "s2_emails",
            Self::Guarded => "s3_emails",
            Self::Dedup => "s4_emails",
            Self::Login => "s5_emails",
            Self::AppB => "b_emails",
            // Never queried: the learner's e-mails are not observable.
            Self::Yours => "b_emails",
        }
    }

    const ALL: [Strategy; 6] = [
        Self::Naive,
        Self::Module3,
        Self::Guarded,
        Self::Dedup,
        Self::Login,
        Self::AppB,
    ];
}

/// Why a handler threw (Prisma's codes): Next.js then answers 500.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HandlerError {
    /// Unique constraint failed (a second `create`).
    P2002,
    /// Record to update or delete not found.
    P2025,
    /// Can't reach database server.
    P1001,
}

impl HandlerError {
    pub fn code(self) -> &'static str {
        match self {
            Self::P2002 => "P2002",
            Self::P2025 => "P2025",
            Self::P1001 => "P1001",
        }
    }

    pub fn describe(self) -> &'static str {
        match self {
            Self::P2002 => "contrainte unique violée (create d’une ligne qui existe)",
            Self::P2025 => "ligne à modifier ou supprimer introuvable",
            Self::P1001 => "base de données injoignable",
        }
    }
}

/// What a handler did with a message it accepted (answer 200).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Handled {
    /// `None` when a row was written; else why nothing was.
    pub skipped: Option<&'static str>,
    pub emails_sent: usize,
}

/// One statement executed, with its values, for the inspector.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Executed {
    /// As executed on SQLite, table names filled in.
    pub sql: String,
    pub values: Vec<String>,
    /// Rows it changed (or matched for a SELECT).
    pub changed: usize,
    /// The error it raised, as Prisma would name it.
    pub error: Option<HandlerError>,
}

/// A statement as the course's code would issue it on each database.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Statement {
    /// What it does, in French (« upsert », « deleteMany »…).
    pub what: &'static str,
    pub prisma: &'static str,
    pub sqlite: &'static str,
    pub postgres: &'static str,
}

/// The database of one simulation: every strategy's tables.
pub struct Db {
    conn: Connection,
}

impl std::fmt::Debug for Db {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Db(sqlite en mémoire)")
    }
}

/// A SQLite error the simulator did not expect (the schema is its own, so this means a
/// broken build or an exhausted memory).
#[derive(Debug, thiserror::Error)]
#[error("base SQLite du simulateur : {}", crate::french::sqlite_error(.0))]
pub struct DbError(#[from] rusqlite::Error);

impl Db {
    /// A fresh in-memory database with every table.
    pub fn open() -> Result<Self, DbError> {
        let conn = Connection::open_in_memory()?;
        let mut ddl = String::new();
        for s in Strategy::ALL {
            let dedup = if s == Strategy::Dedup { " UNIQUE" } else { "" };
            ddl.push_str(&format!(
                "CREATE TABLE {t} (id INTEGER PRIMARY KEY, \"clerkId\" TEXT NOT NULL UNIQUE, \"email\" TEXT, \"firstName\" TEXT, \"lastName\" TEXT, \"clerkUpdatedAt\" INTEGER);\n\
                 CREATE TABLE {e} (id INTEGER PRIMARY KEY, \"svixId\" TEXT{dedup}, \"clerkId\" TEXT NOT NULL, \"sentAt\" INTEGER NOT NULL);\n",
                t = s.table(),
                e = s.emails_table(),
            ));
        }
        ddl.push_str("CREATE TABLE s3_tombstones (\"clerkId\" TEXT PRIMARY KEY, \"deletedAt\" INTEGER NOT NULL);\n");
        conn.execute_batch(&ddl)?;
        Ok(Self { conn })
    }

    /// The rows of a strategy's users table, by clerkId.
    pub fn rows(&self, s: Strategy) -> Result<Vec<Row>, DbError> {
        let sql = match s {
            Strategy::Naive => {
                "SELECT \"clerkId\", \"email\", \"firstName\", \"lastName\" FROM s1_users ORDER BY \"clerkId\""
            }
            Strategy::Module3 => {
                "SELECT \"clerkId\", \"email\", \"firstName\", \"lastName\" FROM s2_users ORDER BY \"clerkId\""
            }
            Strategy::Guarded => {
                "SELECT \"clerkId\", \"email\", \"firstName\", \"lastName\" FROM s3_users ORDER BY \"clerkId\""
            }
            Strategy::Dedup => {
                "SELECT \"clerkId\", \"email\", \"firstName\", \"lastName\" FROM s4_users ORDER BY \"clerkId\""
            }
            Strategy::Login => {
                "SELECT \"clerkId\", \"email\", \"firstName\", \"lastName\" FROM s5_users ORDER BY \"clerkId\""
            }
            Strategy::AppB => {
                "SELECT \"clerkId\", \"email\", \"firstName\", \"lastName\" FROM b_users ORDER BY \"clerkId\""
            }
            // The learner's table is read through the remote, never here.
            Strategy::Yours => return Ok(Vec::new()),
        };
        let mut stmt = self.conn.prepare_cached(sql)?;
        let rows = stmt.query_map([], |r| {
            Ok(Row {
                clerk_id: r.get(0)?,
                email: r.get(1)?,
                first_name: r.get(2)?,
                last_name: r.get(3)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Welcome e-mails a strategy has sent.
    pub fn emails(&self, s: Strategy) -> Result<usize, DbError> {
        let sql = format!("SELECT COUNT(*) FROM {}", s.emails_table());
        let n: i64 = self
            .conn
            .prepare_cached(&sql)?
            .query_row([], |r| r.get(0))?;
        Ok(usize::try_from(n).unwrap_or(0))
    }

    /// Runs strategy `s`'s webhook handler on one delivery of `msg`. `Err` is the
    /// exception that makes the route answer 500; the database is left as the handler
    /// left it (its writes before the exception stay, as without a transaction).
    pub fn handle(
        &mut self,
        s: Strategy,
        msg: &Message,
        now_ms: i64,
        log: &mut Vec<Executed>,
    ) -> Result<Result<Handled, HandlerError>, DbError> {
        let h = Handlers {
            conn: &self.conn,
            s,
            log,
        };
        match (s, msg.kind) {
            (Strategy::Login, _) => Ok(Ok(Handled {
                skipped: Some("pas de webhook"),
                emails_sent: 0,
            })),
            (Strategy::Yours, _) => Ok(Ok(Handled {
                skipped: Some("livré à votre endpoint"),
                emails_sent: 0,
            })),
            (Strategy::Naive, EventType::Created) => h.naive_create(msg, now_ms),
            (Strategy::Naive, EventType::Updated) => h.naive_update(msg),
            (Strategy::Naive, EventType::Deleted) => h.naive_delete(msg),
            (Strategy::Guarded, EventType::Deleted) => h.tombstone_delete(msg, now_ms),
            (_, EventType::Deleted) => h.delete_many(msg),
            (Strategy::Guarded, _) => h.guarded_upsert(msg, now_ms),
            (_, _) => h.upsert(msg, now_ms),
        }
    }

    /// Strategy 5 on a page load by `user`: upsert the current user, and send the welcome
    /// e-mail if the row was new.
    pub fn login_upsert(
        &mut self,
        user: &ClerkUser,
        now_ms: i64,
        log: &mut Vec<Executed>,
    ) -> Result<Handled, DbError> {
        let mut h = Handlers {
            conn: &self.conn,
            s: Strategy::Login,
            log,
        };
        let existed = h.exists(&user.id)?;
        // The schema has no constraint the login upsert can violate: an Err here is a bug.
        let _ = h.logged(&UPSERT, upsert_values(user))?;
        let mut emails_sent = 0;
        if !existed && user.primary_email().is_some() {
            let _ = h.logged(
                &WELCOME,
                vec!["null".to_owned(), user.id.clone(), now_ms.to_string()],
            )?;
            emails_sent = 1;
        }
        Ok(Handled {
            skipped: None,
            emails_sent,
        })
    }
}

struct Handlers<'a> {
    conn: &'a Connection,
    s: Strategy,
    log: &'a mut Vec<Executed>,
}

type Outcome = Result<Result<Handled, HandlerError>, DbError>;

fn written(emails_sent: usize) -> Outcome {
    Ok(Ok(Handled {
        skipped: None,
        emails_sent,
    }))
}

/// The statement's SQLite text with this strategy's table names.
pub fn fill(sql: &str, s: Strategy) -> String {
    sql.replace("{users}", s.table())
        .replace("{emails}", s.emails_table())
}

fn upsert_values(u: &ClerkUser) -> Vec<String> {
    vec![
        u.id.clone(),
        u.primary_email().unwrap_or("null").to_owned(),
        u.first_name.clone().unwrap_or_default(),
        u.last_name.clone().unwrap_or_default(),
        u.updated_at.to_string(),
    ]
}

impl Handlers<'_> {
    /// Executes `stmt` on strategy `s`'s tables; values are bound in order, `"null"` as NULL.
    fn run(
        &self,
        stmt: &Statement,
        s: Strategy,
        values: &[String],
    ) -> Result<usize, rusqlite::Error> {
        let sql = fill(stmt.sqlite, s);
        let bind: Vec<Option<&str>> = values
            .iter()
            .map(|v| (v != "null").then_some(v.as_str()))
            .collect();
        let mut prepared = self.conn.prepare_cached(&sql)?;
        let changed = prepared.execute(rusqlite::params_from_iter(bind.iter()))?;
        Ok(changed)
    }

    fn logged(
        &mut self,
        stmt: &'static Statement,
        values: Vec<String>,
    ) -> Result<Result<usize, HandlerError>, DbError> {
        let outcome = match self.run(stmt, self.s, &values) {
            Ok(n) => Ok(n),
            Err(rusqlite::Error::SqliteFailure(e, _))
                if e.code == ErrorCode::ConstraintViolation =>
            {
                Err(HandlerError::P2002)
            }
            Err(e) => return Err(e.into()),
        };
        self.log.push(Executed {
            sql: fill(stmt.sqlite, self.s),
            values,
            changed: outcome.unwrap_or(0),
            error: outcome.err(),
        });
        Ok(outcome)
    }

    fn exists(&self, clerk_id: &str) -> Result<bool, DbError> {
        let sql = format!("SELECT 1 FROM {} WHERE \"clerkId\" = ?1", self.s.table());
        Ok(self
            .conn
            .prepare_cached(&sql)?
            .query_row(params![clerk_id], |_| Ok(()))
            .optional()?
            .is_some())
    }

    fn welcome(&mut self, msg: &Message, now_ms: i64) -> Result<usize, DbError> {
        let Some(user) = &msg.user else { return Ok(0) };
        // Application B is a partners' space: the main application sends the welcome.
        if self.s == Strategy::AppB {
            return Ok(0);
        }
        if user.primary_email().is_none() {
            return Ok(0);
        }
        let stmt = if self.s == Strategy::Dedup {
            &WELCOME_ONCE
        } else {
            &WELCOME
        };
        let n = self.logged(
            stmt,
            vec![msg.msg_id.clone(), user.id.clone(), now_ms.to_string()],
        )?;
        Ok(n.unwrap_or(0))
    }

    fn naive_values(u: &ClerkUser) -> Vec<String> {
        vec![
            u.id.clone(),
            u.first_email().unwrap_or("null").to_owned(),
            u.first_name.clone().unwrap_or_default(),
            u.last_name.clone().unwrap_or_default(),
        ]
    }

    fn naive_create(mut self, msg: &Message, now_ms: i64) -> Outcome {
        let Some(u) = &msg.user else {
            return written(0);
        };
        if let Err(e) = self.logged(&CREATE, Self::naive_values(u))? {
            return Ok(Err(e));
        }
        let sent = self.welcome(msg, now_ms)?;
        written(sent)
    }

    fn naive_update(mut self, msg: &Message) -> Outcome {
        let Some(u) = &msg.user else {
            return written(0);
        };
        match self.logged(&UPDATE, Self::naive_values(u))? {
            Ok(0) => Ok(Err(HandlerError::P2025)),
            Ok(_) => written(0),
            Err(e) => Ok(Err(e)),
        }
    }

    fn naive_delete(mut self, msg: &Message) -> Outcome {
        match self.logged(&DELETE, vec![msg.user_id.clone()])? {
            Ok(0) => Ok(Err(HandlerError::P2025)),
            Ok(_) => written(0),
            Err(e) => Ok(Err(e)),
        }
    }

    fn upsert(mut self, msg: &Message, now_ms: i64) -> Outcome {
        let Some(u) = &msg.user else {
            return written(0);
        };
        if let Err(e) = self.logged(&UPSERT, upsert_values(u))? {
            return Ok(Err(e));
        }
        let sent = if msg.kind == EventType::Created {
            self.welcome(msg, now_ms)?
        } else {
            0
        };
        written(sent)
    }

    fn delete_many(mut self, msg: &Message) -> Outcome {
        if msg.user_id.is_empty() {
            return Ok(Ok(Handled {
                skipped: Some("id absent : garde"),
                emails_sent: 0,
            }));
        }
        match self.logged(&DELETE_MANY, vec![msg.user_id.clone()])? {
            Ok(0) => Ok(Ok(Handled {
                skipped: Some("déjà absent (count = 0)"),
                emails_sent: 0,
            })),
            Ok(_) => written(0),
            Err(e) => Ok(Err(e)),
        }
    }

    fn guarded_upsert(mut self, msg: &Message, now_ms: i64) -> Outcome {
        let Some(u) = &msg.user else {
            return written(0);
        };
        if self.tombstoned(&u.id)? {
            return Ok(Ok(Handled {
                skipped: Some("supprimé (trace)"),
                emails_sent: 0,
            }));
        }
        match self.logged(&GUARDED_UPSERT, upsert_values(u))? {
            Ok(0) => Ok(Ok(Handled {
                skipped: Some("version pas plus récente"),
                emails_sent: 0,
            })),
            Ok(_) => {
                let sent = if msg.kind == EventType::Created {
                    self.welcome(msg, now_ms)?
                } else {
                    0
                };
                written(sent)
            }
            Err(e) => Ok(Err(e)),
        }
    }

    fn tombstoned(&mut self, clerk_id: &str) -> Result<bool, DbError> {
        let hit = self
            .conn
            .prepare_cached(TOMBSTONE_CHECK.sqlite)?
            .query_row(params![clerk_id], |_| Ok(()))
            .optional()?
            .is_some();
        self.log.push(Executed {
            sql: TOMBSTONE_CHECK.sqlite.to_owned(),
            values: vec![clerk_id.to_owned()],
            changed: usize::from(hit),
            error: None,
        });
        Ok(hit)
    }

    fn tombstone_delete(mut self, msg: &Message, now_ms: i64) -> Outcome {
        if msg.user_id.is_empty() {
            return Ok(Ok(Handled {
                skipped: Some("id absent : garde"),
                emails_sent: 0,
            }));
        }
        if let Err(e) = self.logged(&TOMBSTONE, vec![msg.user_id.clone(), now_ms.to_string()])? {
            return Ok(Err(e));
        }
        match self.logged(&DELETE_MANY, vec![msg.user_id.clone()])? {
            Ok(0) => Ok(Ok(Handled {
                skipped: Some("déjà absent (count = 0)"),
                emails_sent: 0,
            })),
            Ok(_) => written(0),
            Err(e) => Ok(Err(e)),
        }
    }
}

pub const CREATE: Statement = Statement {
    what: "create",
    prisma: "prisma.user.create({ data: { clerkId, email: email_addresses[0].email_address, … } })",
    sqlite: "INSERT INTO {users} (\"clerkId\", \"email\", \"firstName\", \"lastName\") VALUES (?1, ?2, ?3, ?4)",
    postgres: "INSERT INTO \"User\" (\"clerkId\", \"email\", \"firstName\", \"lastName\") VALUES ($1, $2, $3, $4)",
};
pub const UPDATE: Statement = Statement {
    what: "update",
    prisma: "prisma.user.update({ where: { clerkId }, data: { … } })  // P2025 si 0 ligne",
    sqlite: "UPDATE {users} SET \"email\" = ?2, \"firstName\" = ?3, \"lastName\" = ?4 WHERE \"clerkId\" = ?1",
    postgres: "UPDATE \"User\" SET \"email\" = $2, \"firstName\" = $3, \"lastName\" = $4 WHERE \"clerkId\" = $1",
};
pub const DELETE: Statement = Statement {
    what: "delete",
    prisma: "prisma.user.delete({ where: { clerkId } })  // P2025 si 0 ligne",
    sqlite: "DELETE FROM {users} WHERE \"clerkId\" = ?1",
    postgres: "DELETE FROM \"User\" WHERE \"clerkId\" = $1",
};
pub const UPSERT: Statement = Statement {
    what: "upsert",
    prisma: "prisma.user.upsert({ where: { clerkId }, create: { clerkId, ...fields }, update: fields })",
    sqlite: "INSERT INTO {users} (\"clerkId\", \"email\", \"firstName\", \"lastName\", \"clerkUpdatedAt\") VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT (\"clerkId\") DO UPDATE SET \"email\" = excluded.\"email\", \"firstName\" = excluded.\"firstName\", \"lastName\" = excluded.\"lastName\", \"clerkUpdatedAt\" = excluded.\"clerkUpdatedAt\"",
    postgres: "INSERT INTO \"User\" (\"clerkId\", \"email\", \"firstName\", \"lastName\", \"clerkUpdatedAt\") VALUES ($1, $2, $3, $4, $5) ON CONFLICT (\"clerkId\") DO UPDATE SET \"email\" = EXCLUDED.\"email\", \"firstName\" = EXCLUDED.\"firstName\", \"lastName\" = EXCLUDED.\"lastName\", \"clerkUpdatedAt\" = EXCLUDED.\"clerkUpdatedAt\"",
};
pub const DELETE_MANY: Statement = Statement {
    what: "deleteMany",
    prisma: "if (!clerkId) break; prisma.user.deleteMany({ where: { clerkId } })  // { count: 0 } sans erreur",
    sqlite: "DELETE FROM {users} WHERE \"clerkId\" = ?1",
    postgres: "DELETE FROM \"User\" WHERE \"clerkId\" = $1",
};
pub const GUARDED_UPSERT: Statement = Statement {
    what: "upsert gardé par updated_at",
    prisma: "findUnique(clerkUpdatedAt) ; si ≥ updated_at reçu → 200 sans écrire ; sinon upsert",
    sqlite: "INSERT INTO {users} (\"clerkId\", \"email\", \"firstName\", \"lastName\", \"clerkUpdatedAt\") VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT (\"clerkId\") DO UPDATE SET \"email\" = excluded.\"email\", \"firstName\" = excluded.\"firstName\", \"lastName\" = excluded.\"lastName\", \"clerkUpdatedAt\" = excluded.\"clerkUpdatedAt\" WHERE {users}.\"clerkUpdatedAt\" < excluded.\"clerkUpdatedAt\"",
    postgres: "INSERT INTO \"User\" (\"clerkId\", \"email\", \"firstName\", \"lastName\", \"clerkUpdatedAt\") VALUES ($1, $2, $3, $4, $5) ON CONFLICT (\"clerkId\") DO UPDATE SET \"email\" = EXCLUDED.\"email\", \"firstName\" = EXCLUDED.\"firstName\", \"lastName\" = EXCLUDED.\"lastName\", \"clerkUpdatedAt\" = EXCLUDED.\"clerkUpdatedAt\" WHERE \"User\".\"clerkUpdatedAt\" < EXCLUDED.\"clerkUpdatedAt\"",
};
pub const TOMBSTONE_CHECK: Statement = Statement {
    what: "trace de suppression ?",
    prisma: "prisma.deletedUser.findUnique({ where: { clerkId } })  // trouvée → 200 sans écrire",
    sqlite: "SELECT 1 FROM s3_tombstones WHERE \"clerkId\" = ?1",
    postgres: "SELECT 1 FROM \"DeletedUser\" WHERE \"clerkId\" = $1",
};
pub const TOMBSTONE: Statement = Statement {
    what: "poser la trace",
    prisma: "prisma.deletedUser.upsert({ where: { clerkId }, create: { clerkId }, update: {} })",
    sqlite: "INSERT INTO s3_tombstones (\"clerkId\", \"deletedAt\") VALUES (?1, ?2) ON CONFLICT (\"clerkId\") DO NOTHING",
    postgres: "INSERT INTO \"DeletedUser\" (\"clerkId\", \"deletedAt\") VALUES ($1, $2) ON CONFLICT (\"clerkId\") DO NOTHING",
};
pub const WELCOME: Statement = Statement {
    what: "e-mail de bienvenue",
    prisma: "await sendWelcomeEmail(email)  // compté dans la table des e-mails",
    sqlite: "INSERT INTO {emails} (\"svixId\", \"clerkId\", \"sentAt\") VALUES (?1, ?2, ?3)",
    postgres: "INSERT INTO \"WelcomeEmail\" (\"svixId\", \"clerkId\", \"sentAt\") VALUES ($1, $2, $3)",
};
pub const WELCOME_ONCE: Statement = Statement {
    what: "e-mail de bienvenue, une fois par svix-id",
    prisma: "INSERT … ON CONFLICT (svixId) DO NOTHING ; count = 1 → sendWelcomeEmail(email)",
    sqlite: "INSERT INTO {emails} (\"svixId\", \"clerkId\", \"sentAt\") VALUES (?1, ?2, ?3) ON CONFLICT (\"svixId\") DO NOTHING",
    postgres: "INSERT INTO \"WelcomeEmail\" (\"svixId\", \"clerkId\", \"sentAt\") VALUES ($1, $2, $3) ON CONFLICT (\"svixId\") DO NOTHING",
};

/// The statements a strategy can run, for the « SQL » panel.
pub fn statements(s: Strategy) -> &'static [Statement] {
    match s {
        Strategy::Naive => &[CREATE, UPDATE, DELETE, WELCOME],
        Strategy::Module3 | Strategy::AppB => &[UPSERT, DELETE_MANY, WELCOME],
        Strategy::Guarded => &[
            TOMBSTONE_CHECK,
            GUARDED_UPSERT,
            TOMBSTONE,
            DELETE_MANY,
            WELCOME,
        ],
        Strategy::Dedup => &[UPSERT, DELETE_MANY, WELCOME_ONCE],
        Strategy::Login => &[UPSERT, WELCOME],
        // Whatever the learner's code runs: not known here.
        Strategy::Yours => &[],
    }
}
