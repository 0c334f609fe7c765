//! Purpose-built webhook endpoints for the grader's tests: a correct one and one per failure
//! class (each a [`Flaws`] setting), served by tiny_http on 127.0.0.1:0, with their rows in
//! memory (readable by the grader through [`MemoryReader`]) or in PostgreSQL.

use std::collections::{HashMap, HashSet};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use serde_json::Value;
use webhook_tutor::grade::{StateReader, UserRow};
use webhook_tutor::webhook::{self, Headers, Secret, TimestampPolicy};

/// How the endpoint verifies.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Verify {
    #[default]
    Strict,
    /// Accepts everything.
    Nothing,
    /// Verifies `JSON.stringify(JSON.parse(body))` (here: serde_json's re-serialisation).
    Reserialised,
    /// Ignores the timestamp.
    NoTimestamp,
    /// Compares only the first `v1,` entry of `svix-signature`.
    FirstEntryOnly,
}

/// One endpoint's mistakes; `Flaws::default()` is a correct endpoint.
#[derive(Debug, Clone, Copy, Default)]
pub struct Flaws {
    pub verify: Verify,
    /// `create` / `update` instead of upsert, and no svix-id deduplication.
    pub create_instead_of_upsert: bool,
    /// `delete` (fails on an unknown id) instead of `deleteMany`.
    pub strict_delete: bool,
    pub reject_unknown_types: bool,
    /// Express's default 100 kB body limit.
    pub body_limit_100kb: bool,
    /// clerkMiddleware + auth.protect(): every request gets a 404.
    pub middleware_404: bool,
    /// Each accepted user.created takes this long.
    pub slow: Option<Duration>,
    /// Stores `email_addresses[0]` instead of the primary address.
    pub first_email: bool,
    /// Upserts without the `updated_at` guard (module 3's handler as first written).
    pub no_version_guard: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    pub email: Option<String>,
    pub first_name: Option<String>,
    pub last_name: Option<String>,
    pub image_url: Option<String>,
    pub updated_at: i64,
}

/// Where the endpoint writes.
pub trait Store: Send + Sync + 'static {
    /// Err(()) is a constraint violation (the endpoint answers 500).
    fn create(&self, clerk_id: &str, row: Row) -> Result<(), ()>;
    fn update(&self, clerk_id: &str, row: Row) -> Result<(), ()>;
    /// Upsert with the updated_at guard.
    fn upsert(&self, clerk_id: &str, row: Row);
    /// Number of rows deleted.
    fn delete(&self, clerk_id: &str) -> usize;
    /// Upsert without the guard: the row becomes `row`, whatever its `updated_at`.
    fn replace(&self, clerk_id: &str, row: Row) {
        self.delete(clerk_id);
        self.upsert(clerk_id, row);
    }
}

/// Rows in memory.
#[derive(Default)]
pub struct Memory {
    rows: Mutex<HashMap<String, Row>>,
}

impl Store for Memory {
    fn create(&self, clerk_id: &str, row: Row) -> Result<(), ()> {
        let mut rows = self.rows.lock().unwrap();
        if rows.contains_key(clerk_id) {
            return Err(());
        }
        rows.insert(clerk_id.to_owned(), row);
        Ok(())
    }
    fn update(&self, clerk_id: &str, row: Row) -> Result<(), ()> {
        let mut rows = self.rows.lock().unwrap();
        match rows.get_mut(clerk_id) {
            Some(slot) => {
                *slot = row;
                Ok(())
            }
            None => Err(()),
        }
    }
    fn upsert(&self, clerk_id: &str, row: Row) {
        let mut rows = self.rows.lock().unwrap();
        match rows.get_mut(clerk_id) {
            Some(slot) if slot.updated_at > row.updated_at => {}
            Some(slot) => *slot = row,
            None => {
                rows.insert(clerk_id.to_owned(), row);
            }
        }
    }
    fn delete(&self, clerk_id: &str) -> usize {
        usize::from(self.rows.lock().unwrap().remove(clerk_id).is_some())
    }
}

impl Memory {
    /// No row left.
    #[allow(dead_code)] // Used by some of the test binaries that include this file.
    pub fn is_empty(&self) -> bool {
        self.rows.lock().unwrap().is_empty()
    }
}

/// The grader's view of a [`Memory`] store.
pub struct MemoryReader(pub Arc<Memory>);

impl StateReader for MemoryReader {
    fn rows(&mut self, clerk_id: &str) -> Result<Vec<UserRow>, String> {
        let rows = self.0.rows.lock().unwrap();
        Ok(rows
            .get(clerk_id)
            .map(|r| UserRow {
                email: r.email.clone(),
                first_name: r.first_name.clone(),
                last_name: r.last_name.clone(),
                image_url: r.image_url.clone(),
                deleted: false,
            })
            .into_iter()
            .collect())
    }
}

pub struct Endpoint {
    pub url: String,
    server: Arc<tiny_http::Server>,
    threads: Vec<JoinHandle<()>>,
}

impl Endpoint {
    pub fn start(secret: &Secret, flaws: Flaws, store: Arc<dyn Store>) -> Self {
        let server = Arc::new(tiny_http::Server::http("127.0.0.1:0").unwrap());
        let port = server.server_addr().to_ip().unwrap().port();
        let seen: Arc<Mutex<HashSet<String>>> = Arc::default();
        let threads = (0..4)
            .map(|i| {
                let (server, secret, store, seen) = (
                    Arc::clone(&server),
                    secret.clone(),
                    Arc::clone(&store),
                    Arc::clone(&seen),
                );
                std::thread::Builder::new()
                    .name(format!("endpoint-{i}"))
                    .spawn(move || {
                        while let Ok(mut request) = server.recv() {
                            let headers = Headers::from_pairs(request.headers().iter().map(|h| {
                                (
                                    h.field.as_str().as_str().to_owned(),
                                    h.value.as_str().to_owned(),
                                )
                            }));
                            let mut body = Vec::new();
                            let _ = request.as_reader().read_to_end(&mut body);
                            let status = answer(&secret, flaws, &*store, &seen, &headers, &body);
                            let _ = request.respond(tiny_http::Response::empty(status));
                        }
                    })
                    .unwrap()
            })
            .collect();
        Self {
            url: format!("http://127.0.0.1:{port}/api/webhooks"),
            server,
            threads,
        }
    }
}

impl Drop for Endpoint {
    fn drop(&mut self) {
        for _ in &self.threads {
            self.server.unblock();
        }
        for t in self.threads.drain(..) {
            let _ = t.join();
        }
    }
}

fn now() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64
}

fn verified(secret: &Secret, verify: Verify, headers: &Headers, body: &[u8]) -> bool {
    match verify {
        Verify::Nothing => true,
        Verify::Strict => webhook::verify(secret, headers, body, now()).is_ok(),
        Verify::NoTimestamp => {
            webhook::verify_with_policy(secret, headers, body, TimestampPolicy::Ignore).is_ok()
        }
        Verify::Reserialised => match serde_json::from_slice::<Value>(body) {
            Ok(value) => {
                let again = serde_json::to_vec(&value).unwrap();
                webhook::verify(secret, headers, &again, now()).is_ok()
            }
            Err(_) => false,
        },
        Verify::FirstEntryOnly => {
            let first = headers
                .get("svix-signature")
                .and_then(|s| s.split(' ').next())
                .unwrap_or_default()
                .to_owned();
            let mut only_first = Headers::new();
            for (name, value) in headers.iter() {
                if name.eq_ignore_ascii_case("svix-signature") {
                    only_first.append(name, first.clone());
                } else {
                    only_first.append(name, value);
                }
            }
            webhook::verify(secret, &only_first, body, now()).is_ok()
        }
    }
}

fn answer(
    secret: &Secret,
    flaws: Flaws,
    store: &dyn Store,
    seen: &Mutex<HashSet<String>>,
    headers: &Headers,
    body: &[u8],
) -> u16 {
    if flaws.middleware_404 {
        return 404;
    }
    if flaws.body_limit_100kb && body.len() > 100 * 1024 {
        return 413;
    }
    if !verified(secret, flaws.verify, headers, body) {
        return 400;
    }
    let msg_id = headers.get("svix-id").unwrap_or_default().to_owned();
    if !flaws.create_instead_of_upsert {
        // Dedup after verification, as module 3 teaches; the insert is the claim.
        if !seen.lock().unwrap().insert(msg_id) {
            return 200;
        }
    }
    let Ok(event) = serde_json::from_slice::<Value>(body) else {
        return 400;
    };
    let data = &event["data"];
    let clerk_id = data["id"].as_str().unwrap_or_default();
    match event["type"].as_str().unwrap_or_default() {
        kind @ ("user.created" | "user.updated") => {
            if let Some(delay) = flaws.slow.filter(|_| kind == "user.created") {
                std::thread::sleep(delay);
            }
            let primary = data["primary_email_address_id"].as_str();
            let email = data["email_addresses"]
                .as_array()
                .and_then(|l| {
                    if flaws.first_email {
                        l.first()
                    } else {
                        l.iter().find(|a| a["id"].as_str() == primary)
                    }
                })
                .and_then(|a| a["email_address"].as_str())
                .map(str::to_owned);
            let row = Row {
                email,
                first_name: data["first_name"].as_str().map(str::to_owned),
                last_name: data["last_name"].as_str().map(str::to_owned),
                image_url: data["image_url"].as_str().map(str::to_owned),
                updated_at: data["updated_at"].as_i64().unwrap_or(0),
            };
            let result = match (flaws.create_instead_of_upsert, kind) {
                (true, "user.created") => store.create(clerk_id, row),
                (true, _) => store.update(clerk_id, row),
                (false, _) if flaws.no_version_guard => {
                    store.replace(clerk_id, row);
                    Ok(())
                }
                (false, _) => {
                    store.upsert(clerk_id, row);
                    Ok(())
                }
            };
            if result.is_err() { 500 } else { 204 }
        }
        "user.deleted" => {
            let deleted = if clerk_id.is_empty() {
                0
            } else {
                store.delete(clerk_id)
            };
            if flaws.strict_delete && deleted == 0 {
                500
            } else {
                204
            }
        }
        _ if flaws.reject_unknown_types => 400,
        _ => 204,
    }
}
