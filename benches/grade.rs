//! The whole grading battery against the local reference endpoint (`listen --database` on a
//! SQLite file, in process), with the state checks reading that file: one sample is one full
//! run of every check, its cleanup included. None of the checks waits on purpose (the
//! duplicate is re-signed one second ahead instead of a second later), so nothing is left out.
//!
//! Run: `cargo bench --bench grade -- --warm-up-time 1 --measurement-time 3`. Target: < 1 s.

use std::time::Duration;

use criterion::{Criterion, criterion_group, criterion_main};
use webhook_tutor::grade::{self, Config};
use webhook_tutor::listen::store::Database;
use webhook_tutor::listen::{Listener, ListenerConfig};
use webhook_tutor::webhook::Secret;

const SECRET: &str = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

fn battery(c: &mut Criterion) {
    let secret = Secret::parse(SECRET).expect("valid secret");
    let dir = tempfile::tempdir().expect("temp dir");
    let db_url = format!("file:{}", dir.path().join("reference.db").display());
    let config = ListenerConfig {
        database: Some(Database::open(&db_url).expect("reference database")),
        ..ListenerConfig::new(secret.clone())
    };
    let listener = Listener::start_with("127.0.0.1:0", config, |_| {}).expect("listener");
    let grade_config = Config {
        database_url: Some(db_url),
        timeout: Duration::from_secs(15),
        ..Config::new(
            format!("http://{}/api/webhooks", listener.local_addr()),
            secret,
        )
    };
    c.bench_function("grade/batterie complète contre listen --database", |b| {
        b.iter(|| {
            let report = grade::run(&grade_config, &mut |_| {}).expect("grade runs");
            assert_eq!(report.score, 100, "the reference must score 100 %");
            report
        });
    });
    listener.stop();
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(10);
    targets = battery
}
criterion_main!(benches);
