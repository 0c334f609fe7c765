//! A throwaway PostgreSQL server for the tests: `WEBHOOK_TUTOR_TEST_PG_URL` when `.ci/run`
//! started one, else a cluster of our own under the cargo target folder (initdb + pg_ctl from
//! /usr/lib/postgresql/*/bin, as the `postgres` user when running as root, since initdb
//! refuses root), on a free local port, stopped on drop. Never skips: it panics with the
//! reason when no server can be had.

use std::path::{Path, PathBuf};
use std::process::Command;

pub struct Cluster {
    pub url: String,
    /// Data folder and pg_ctl of a cluster we started (stopped on drop).
    owned: Option<(PathBuf, PathBuf, Option<String>)>,
}

impl Cluster {
    pub fn get() -> Self {
        if let Ok(url) = std::env::var("WEBHOOK_TUTOR_TEST_PG_URL") {
            return Self { url, owned: None };
        }
        Self::start_own()
    }

    fn start_own() -> Self {
        let bin = pg_bin().unwrap_or_else(|| {
            panic!(
                "PostgreSQL introuvable : ni WEBHOOK_TUTOR_TEST_PG_URL ni /usr/lib/postgresql/*/bin/initdb — installez-le (apt-get install postgresql) ou lancez .ci/run"
            )
        });
        let user = is_root().then(|| "postgres".to_owned());
        let root = cluster_root(user.as_deref());
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let data = root.join(format!("data-{}-{port}", std::process::id()));
        let _ = std::fs::remove_dir_all(&data);
        std::fs::create_dir_all(&data).unwrap();
        if let Some(user) = &user {
            // initdb refuses to run as root: the folder goes to the postgres user.
            let status = Command::new("chown")
                .args(["-R", user])
                .arg(&data)
                .status()
                .unwrap();
            assert!(status.success(), "chown {user} {} a échoué", data.display());
        }
        let run = |program: &Path, args: &[&str]| {
            let mut cmd = match &user {
                Some(user) => {
                    let mut c = Command::new("runuser");
                    c.args(["-u", user, "--"]).arg(program);
                    c
                }
                None => Command::new(program),
            };
            let out = cmd.args(args).output().unwrap();
            assert!(
                out.status.success(),
                "{} {args:?} a échoué :\n{}{}",
                program.display(),
                String::from_utf8_lossy(&out.stdout),
                String::from_utf8_lossy(&out.stderr)
            );
        };
        let data_s = data.to_str().unwrap();
        run(
            &bin.join("initdb"),
            &[
                "-D",
                data_s,
                "-A",
                "trust",
                "-U",
                "postgres",
                "--no-sync",
                "-E",
                "UTF8",
                "--locale=C",
            ],
        );
        let options = format!("-p {port} -k {data_s} -c listen_addresses=127.0.0.1 -c fsync=off");
        let log = data.join("server.log");
        run(
            &bin.join("pg_ctl"),
            &[
                "-D",
                data_s,
                "-o",
                &options,
                "-l",
                log.to_str().unwrap(),
                "-w",
                "-t",
                "30",
                "start",
            ],
        );
        Self {
            url: format!("postgresql://postgres@127.0.0.1:{port}/postgres"),
            owned: Some((data, bin.join("pg_ctl"), user)),
        }
    }
}

impl Drop for Cluster {
    fn drop(&mut self) {
        if let Some((data, pg_ctl, user)) = self.owned.take() {
            let mut cmd = match &user {
                Some(user) => {
                    let mut c = Command::new("runuser");
                    c.args(["-u", user, "--"]).arg(&pg_ctl);
                    c
                }
                None => Command::new(&pg_ctl),
            };
            let _ = cmd
                .arg("-D")
                .arg(&data)
                .args(["-m", "immediate", "-w", "stop"])
                .output();
            let _ = std::fs::remove_dir_all(&data);
        }
    }
}

/// Under the cargo target folder when `user` can reach it, else under the system temp folder
/// (a checkout under /root is closed to the postgres user).
fn cluster_root(user: Option<&str>) -> PathBuf {
    let target = Path::new(env!("CARGO_TARGET_TMPDIR")).join("grade-pg");
    std::fs::create_dir_all(&target).unwrap();
    let reachable = match user {
        None => true,
        Some(user) => Command::new("runuser")
            .args(["-u", user, "--", "test", "-x"])
            .arg(&target)
            .status()
            .is_ok_and(|s| s.success()),
    };
    if reachable {
        return target;
    }
    let tmp = std::env::temp_dir().join("webhook-tutor-grade-pg");
    std::fs::create_dir_all(&tmp).unwrap();
    tmp
}

/// The newest /usr/lib/postgresql/N/bin that has initdb.
fn pg_bin() -> Option<PathBuf> {
    let mut found: Vec<(u32, PathBuf)> = std::fs::read_dir("/usr/lib/postgresql")
        .ok()?
        .flatten()
        .filter_map(|e| {
            let version = e.file_name().to_str()?.parse::<u32>().ok()?;
            let bin = e.path().join("bin");
            bin.join("initdb").is_file().then_some((version, bin))
        })
        .collect();
    found.sort();
    found.pop().map(|(_, bin)| bin)
}

fn is_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
}
