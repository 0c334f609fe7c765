//! The state checks against a real PostgreSQL server: an endpoint that writes module 3's
//! `User` table in PostgreSQL scores 100 %, one that forgets the primary e-mail is caught, and
//! the grader's connection is read-only. Fails (never skips) when no server can be started.

#[path = "common/grade_endpoint.rs"]
// Shared with grade_endpoints.rs, which uses the in-memory store and every flaw.
#[allow(dead_code)]
mod grade_endpoint;
#[path = "common/pg_cluster.rs"]
mod pg_cluster;

use std::sync::{Arc, Mutex};
use std::time::Duration;

use grade_endpoint::{Endpoint, Flaws, Row, Store};
use postgres::{Client, NoTls};
use webhook_tutor::grade::{self, Config, Status};
use webhook_tutor::sync::{Strategy, SyncScenario};
use webhook_tutor::webhook::Secret;

const SCHEMA: &str = r#"
CREATE TABLE "User" (
  "id"        TEXT PRIMARY KEY DEFAULT md5(random()::text),
  "clerkId"   TEXT NOT NULL UNIQUE,
  "email"     TEXT,
  "firstName" TEXT,
  "lastName"  TEXT,
  "imageUrl"  TEXT,
  "clerkUpdatedAt" BIGINT,
  "deletedAt" TIMESTAMP(3),
  "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
  "updatedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP
)"#;

/// Module 3's handler on PostgreSQL, with a soft delete (`deletedAt`) and `email_addresses[0]`
/// when `first_email` is set.
struct Pg {
    client: Mutex<Client>,
    first_email: bool,
}

impl Store for Pg {
    fn create(&self, _: &str, _: Row) -> Result<(), ()> {
        unreachable!("this endpoint upserts")
    }
    fn update(&self, _: &str, _: Row) -> Result<(), ()> {
        unreachable!("this endpoint upserts")
    }
    fn upsert(&self, clerk_id: &str, row: Row) {
        let email = if self.first_email {
            row.email.map(|e| e.replacen("lab.", "ancienne.", 1))
        } else {
            row.email
        };
        self.client
            .lock()
            .unwrap()
            .execute(
                r#"INSERT INTO "User" ("clerkId", "email", "firstName", "lastName", "imageUrl", "clerkUpdatedAt")
                   VALUES ($1, $2, $3, $4, $5, $6)
                   ON CONFLICT ("clerkId") DO UPDATE SET "email" = EXCLUDED."email",
                     "firstName" = EXCLUDED."firstName", "lastName" = EXCLUDED."lastName",
                     "imageUrl" = EXCLUDED."imageUrl", "clerkUpdatedAt" = EXCLUDED."clerkUpdatedAt",
                     "deletedAt" = NULL, "updatedAt" = CURRENT_TIMESTAMP
                   WHERE "User"."clerkUpdatedAt" <= EXCLUDED."clerkUpdatedAt""#,
                &[&clerk_id, &email, &row.first_name, &row.last_name, &row.image_url, &row.updated_at],
            )
            .unwrap();
    }
    fn delete(&self, clerk_id: &str) -> usize {
        let n = self
            .client
            .lock()
            .unwrap()
            .execute(
                r#"UPDATE "User" SET "deletedAt" = CURRENT_TIMESTAMP WHERE "clerkId" = $1"#,
                &[&clerk_id],
            )
            .unwrap();
        usize::try_from(n).unwrap()
    }
}

fn secret() -> Secret {
    Secret::parse("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw").unwrap()
}

fn fresh_database(cluster: &pg_cluster::Cluster, name: &str) -> String {
    let mut admin = Client::connect(&cluster.url, NoTls)
        .unwrap_or_else(|e| panic!("PostgreSQL ({}) injoignable : {e}", cluster.url));
    admin
        .batch_execute(&format!("DROP DATABASE IF EXISTS {name}"))
        .unwrap();
    admin
        .batch_execute(&format!("CREATE DATABASE {name}"))
        .unwrap();
    let url = format!(
        "{}?schema=public",
        cluster.url.rsplit_once('/').unwrap().0.to_owned() + "/" + name
    );
    let mut client = Client::connect(&url.replace("?schema=public", ""), NoTls).unwrap();
    client.batch_execute(SCHEMA).unwrap();
    url
}

fn grade_against(url: &str, first_email: bool) -> grade::Report {
    let client = Client::connect(&url.replace("?schema=public", ""), NoTls).unwrap();
    let store = Arc::new(Pg {
        client: Mutex::new(client),
        first_email,
    });
    let endpoint = Endpoint::start(&secret(), Flaws::default(), store);
    let config = Config {
        database_url: Some(url.to_owned()),
        timeout: Duration::from_secs(5),
        ..Config::new(&endpoint.url, secret())
    };
    grade::run(&config, &mut |_| {}).unwrap()
}

#[test]
fn state_checks_on_a_real_postgresql_server() {
    let cluster = pg_cluster::Cluster::get();
    let url = fresh_database(&cluster, "grade_ok");
    let report = grade_against(&url, false);
    let failed: Vec<&str> = report
        .checks
        .iter()
        .filter(|c| c.status != Status::Passed)
        .map(|c| c.def.id)
        .collect();
    assert_eq!(failed, Vec::<&str>::new(), "{report:#?}");
    assert_eq!(report.score, 100);
    let delete = report.check("state-delete").unwrap();
    assert_eq!(delete.state, ["deletedAt rempli (suppression logique)"]);

    let url = fresh_database(&cluster, "grade_first_email");
    let report = grade_against(&url, true);
    let failed: Vec<&str> = report
        .checks
        .iter()
        .filter(|c| c.status == Status::Failed)
        .map(|c| c.def.id)
        .collect();
    assert_eq!(failed, ["state-valid", "state-update", "stale-update"]);
    let state = report.check("state-valid").unwrap();
    assert!(
        state.diagnosis[0].contains("c’est email_addresses[0], pas l’adresse principale"),
        "{:?}",
        state.diagnosis
    );
}

#[test]
fn postgresql_problems_are_named() {
    let cluster = pg_cluster::Cluster::get();
    let url = fresh_database(&cluster, "grade_problems");
    let base = url.replace("?schema=public", "");
    let open = |db: &str, table: Option<&str>| {
        let config = Config {
            database_url: Some(db.to_owned()),
            table: table.map(str::to_owned),
            ..Config::new("http://127.0.0.1:9/", secret())
        };
        grade::prepare(&config).map(|_| ()).unwrap_err().0
    };
    let err = open(&format!("{}_absent", base), None);
    assert!(err.contains("cette base n’existe pas"), "{err}");
    let err = open(&url, Some("Users"));
    assert!(err.starts_with("table « Users » introuvable"), "{err}");
    // The grader's reads are read-only transactions: a write through the same kind of
    // transaction is refused by the server.
    let mut client = Client::connect(&base, NoTls).unwrap();
    let mut tx = client.build_transaction().read_only(true).start().unwrap();
    let write = tx.execute(r#"DELETE FROM "User""#, &[]);
    assert_eq!(
        write.unwrap_err().code(),
        Some(&postgres::error::SqlState::READ_ONLY_SQL_TRANSACTION)
    );
}

/// `grade --scenario` reads the same PostgreSQL table through the same reader: a
/// soft-deleted row counts as gone, and an upsert that clears `deletedAt` brings back the
/// user whose `user.created` arrived after the `user.deleted`.
#[test]
fn scenarios_on_a_real_postgresql_server() {
    let cluster = pg_cluster::Cluster::get();
    for (scenario, expected) in [
        (SyncScenario::AccountDeleted, Vec::<String>::new()),
        (
            SyncScenario::OutOfOrder,
            vec!["user_2yann en trop : Clerk ne l’a plus".to_owned()],
        ),
    ] {
        let url = fresh_database(
            &cluster,
            &format!("grade_{}", scenario.name().replace('-', "_")),
        );
        let client = Client::connect(&url.replace("?schema=public", ""), NoTls).unwrap();
        let store = Arc::new(Pg {
            client: Mutex::new(client),
            first_email: false,
        });
        let endpoint = Endpoint::start(&secret(), Flaws::default(), store);
        let config = Config {
            database_url: Some(url.clone()),
            timeout: Duration::from_secs(5),
            ..Config::new(&endpoint.url, secret())
        };
        let report = grade::run_scenario(&config, scenario).unwrap();
        let rows = report.sim.snapshot.rows[&Strategy::Yours].clone();
        let drift: Vec<String> = webhook_tutor::sync::compare(&report.sim.snapshot.truth, &rows)
            .into_iter()
            .filter(|c| !c.is_ok())
            .map(|c| format!("{} {}", c.clerk_id, c.verdict()))
            .collect();
        assert_eq!(drift, expected, "{}", scenario.name());
        assert_eq!(report.sim.remote_error, None);
        assert_eq!(report.matches(), expected.is_empty());
    }
}
