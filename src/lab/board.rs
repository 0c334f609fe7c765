//! A grade report seen exercise by exercise: each lab exercise with the state of each of its
//! checks, from the battery or from the lab's own checks. The lab's own check, `welcome-once`,
//! counts the rows of the starter's `WelcomeEmail` table that the run added.

use std::path::Path;

use rusqlite::{Connection, OpenFlags};

use crate::course::ExerciseEntry;
use crate::grade::{Report, Status};

/// The lab's own check: one welcome e-mail per user, even after the `duplicate` check.
pub const WELCOME_ONCE: &str = "welcome-once";

/// The lab's own checks: (id, French title).
pub const LAB_CHECKS: &[(&str, &str)] = &[(
    WELCOME_ONCE,
    "un seul e-mail de bienvenue par utilisateur, même livré deux fois (table WelcomeEmail)",
)];

/// A check id of the battery or of the lab.
pub fn is_known_check(id: &str) -> bool {
    crate::grade::checks::find(id).is_some() || LAB_CHECKS.iter().any(|(c, _)| *c == id)
}

/// The outcome of one of the lab's own checks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LabCheck {
    pub id: &'static str,
    pub status: Status,
    /// French: what the database showed.
    pub detail: String,
}

/// One exercise on the board.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExerciseRow {
    /// « 4 » in « Exercice 4 — … », from the `see` anchor (`exercice-4--…`).
    pub number: Option<u32>,
    pub id: String,
    pub title: String,
    /// Each check with its state; `None`: not run (the run stopped early).
    pub checks: Vec<(String, Option<Status>)>,
}

impl ExerciseRow {
    /// Every check ran and passed.
    pub fn passed(&self) -> bool {
        !self.checks.is_empty() && self.checks.iter().all(|(_, s)| *s == Some(Status::Passed))
    }

    /// The checks that did not pass.
    pub fn failing(&self) -> Vec<&str> {
        self.checks
            .iter()
            .filter(|(_, s)| *s != Some(Status::Passed))
            .map(|(id, _)| id.as_str())
            .collect()
    }

    /// « Exercice 6 — Supprimer sans risque ».
    pub fn name(&self) -> String {
        match self.number {
            Some(n) => format!("Exercice {n} — {}", self.title),
            None => self.title.clone(),
        }
    }

    /// « Exercice 6 — Supprimer sans risque : ✗ delete-unknown ».
    pub fn line(&self) -> String {
        let name = self.name();
        if self.passed() {
            format!("{name} : ✓")
        } else {
            format!("{name} : ✗ {}", self.failing_labels().join(", "))
        }
    }

    /// The checks that did not pass, « (non évaluée) » after those not evaluated.
    pub fn failing_labels(&self) -> Vec<String> {
        self.checks
            .iter()
            .filter(|(_, s)| *s != Some(Status::Passed))
            .map(|(id, s)| match s {
                Some(Status::Failed) => id.clone(),
                _ => format!("{id} (non évaluée)"),
            })
            .collect()
    }
}

/// The exercise number in a `see` like `quiz-exercices#exercice-4--le-corps-brut`.
pub fn exercise_number(see: &str) -> Option<u32> {
    let anchor = see.split_once('#')?.1;
    let rest = anchor.strip_prefix("exercice-")?;
    rest.split('-').next()?.parse().ok()
}

/// The lab exercises (`ids`, in order) with their checks' states in `report` and `extra`.
pub fn board(
    exercises: &[ExerciseEntry],
    ids: &[&str],
    report: &Report,
    extra: &[LabCheck],
) -> Vec<ExerciseRow> {
    ids.iter()
        .filter_map(|id| exercises.iter().find(|x| x.id == *id))
        .map(|x| ExerciseRow {
            number: exercise_number(&x.see),
            id: x.id.clone(),
            title: x.title.clone(),
            checks: x
                .check_ids()
                .map(|c| {
                    let status = report
                        .check(c)
                        .map(|r| r.status)
                        .or_else(|| extra.iter().find(|e| e.id == c).map(|e| e.status));
                    (c.to_owned(), status)
                })
                .collect(),
        })
        .collect()
}

/// The highest `WelcomeEmail` id before a run: the rows after it are the run's. `None`: no
/// such table (not the starter's database), so `welcome-once` is not evaluated.
pub fn welcome_baseline(db: &Path) -> Option<i64> {
    let conn = open(db).ok()?;
    conn.query_row(
        "SELECT COALESCE(MAX(\"id\"), 0) FROM \"WelcomeEmail\"",
        [],
        |r| r.get(0),
    )
    .ok()
}

/// `welcome-once` after a run: every lab user that got a welcome e-mail during the run got
/// exactly one, and at least one did.
pub fn welcome_once(db: &Path, baseline: Option<i64>) -> LabCheck {
    let check = |status, detail: String| LabCheck {
        id: WELCOME_ONCE,
        status,
        detail,
    };
    let Some(baseline) = baseline else {
        return check(
            Status::Skipped,
            "non évalué : la base n’a pas de table WelcomeEmail".to_owned(),
        );
    };
    let counts = open(db).and_then(|conn| {
        let mut stmt = conn.prepare(
            "SELECT \"clerkId\", COUNT(*) FROM \"WelcomeEmail\" WHERE \"id\" > ?1 AND \"clerkId\" LIKE 'user_lab_%' GROUP BY \"clerkId\" ORDER BY \"clerkId\"",
        )?;
        stmt
            .query_map([baseline], |r| Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?)))?
            .collect::<rusqlite::Result<Vec<_>>>()
    });
    match counts {
        Err(e) => check(
            Status::Failed,
            format!("table WelcomeEmail illisible : {e}"),
        ),
        Ok(counts) if counts.is_empty() => check(
            Status::Failed,
            "aucun e-mail de bienvenue enregistré pendant l’évaluation".to_owned(),
        ),
        Ok(counts) => {
            let twice: Vec<String> = counts
                .iter()
                .filter(|(_, n)| *n > 1)
                .map(|(id, n)| format!("{id} : {n} e-mails"))
                .collect();
            if twice.is_empty() {
                check(
                    Status::Passed,
                    format!("{} utilisateur(s), un e-mail chacun", counts.len()),
                )
            } else {
                check(
                    Status::Failed,
                    format!(
                        "e-mail de bienvenue envoyé plusieurs fois — {}",
                        twice.join(", ")
                    ),
                )
            }
        }
    }
}

fn open(db: &Path) -> rusqlite::Result<Connection> {
    let conn = Connection::open_with_flags(
        db,
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )?;
    conn.busy_timeout(std::time::Duration::from_secs(2))?;
    Ok(conn)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_come_from_the_anchor() {
        assert_eq!(
            exercise_number("quiz-exercices#exercice-10--un-seul"),
            Some(10)
        );
        assert_eq!(
            exercise_number("quiz-exercices#exercice-4--le-corps"),
            Some(4)
        );
        assert_eq!(exercise_number("quiz-exercices#le-quiz"), None);
        assert_eq!(exercise_number("quiz-exercices"), None);
    }

    #[test]
    fn welcome_once_counts_the_rows_of_the_run() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("potagers.db");
        let conn = Connection::open(&db).unwrap();
        conn.execute_batch(
            "CREATE TABLE \"WelcomeEmail\" (\"id\" INTEGER PRIMARY KEY AUTOINCREMENT, \"clerkId\" TEXT NOT NULL, \"email\" TEXT);
             INSERT INTO \"WelcomeEmail\" (\"clerkId\") VALUES ('user_lab_old05'), ('user_lab_old05');",
        )
        .unwrap();
        let base = welcome_baseline(&db);
        assert_eq!(base, Some(2));
        assert_eq!(welcome_once(&db, base).status, Status::Failed);
        conn.execute_batch(
            "INSERT INTO \"WelcomeEmail\" (\"clerkId\") VALUES ('user_lab_a01'), ('user_lab_a05');",
        )
        .unwrap();
        assert_eq!(
            welcome_once(&db, base),
            LabCheck {
                id: WELCOME_ONCE,
                status: Status::Passed,
                detail: "2 utilisateur(s), un e-mail chacun".to_owned()
            }
        );
        conn.execute_batch("INSERT INTO \"WelcomeEmail\" (\"clerkId\") VALUES ('user_lab_a05');")
            .unwrap();
        assert_eq!(
            welcome_once(&db, base).detail,
            "e-mail de bienvenue envoyé plusieurs fois — user_lab_a05 : 2 e-mails"
        );
        assert_eq!(welcome_baseline(&dir.path().join("absent.db")), None);
        assert_eq!(welcome_once(&db, None).status, Status::Skipped);
    }
}
