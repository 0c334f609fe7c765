//! A tiny_http endpoint for tests: answers each request with a scripted status and records
//! what it received.

use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::Duration;

/// What the stub saw of one request.
#[derive(Debug, Clone)]
pub struct Seen {
    pub svix_id: Option<String>,
    pub svix_timestamp: Option<String>,
    pub svix_signature: Option<String>,
    pub user_agent: Option<String>,
    pub body: Vec<u8>,
}

pub struct Stub {
    pub url: String,
    pub seen: Arc<Mutex<Vec<Seen>>>,
    server: Arc<tiny_http::Server>,
    thread: Option<JoinHandle<()>>,
}

impl Stub {
    /// `statuses[i]` answers request `i`; the last one repeats. `delay` is waited before answering.
    pub fn start(statuses: &[u16], extra_header: Option<(&str, &str)>, delay: Duration) -> Self {
        let server = Arc::new(tiny_http::Server::http("127.0.0.1:0").unwrap());
        let port = server.server_addr().to_ip().unwrap().port();
        let seen = Arc::new(Mutex::new(Vec::new()));
        let statuses = statuses.to_vec();
        let extra = extra_header.map(|(n, v)| tiny_http::Header::from_bytes(n, v).unwrap());
        let (srv, log) = (Arc::clone(&server), Arc::clone(&seen));
        let thread = std::thread::Builder::new()
            .name("stub".into())
            .spawn(move || {
                while let Ok(mut request) = srv.recv() {
                    let header = |name: &'static str| {
                        request
                            .headers()
                            .iter()
                            .find(|h| h.field.equiv(name))
                            .map(|h| h.value.to_string())
                    };
                    let mut seen = Seen {
                        svix_id: header("svix-id"),
                        svix_timestamp: header("svix-timestamp"),
                        svix_signature: header("svix-signature"),
                        user_agent: header("user-agent"),
                        body: Vec::new(),
                    };
                    let _ = request.as_reader().read_to_end(&mut seen.body);
                    let index = {
                        let mut log = log.lock().unwrap();
                        log.push(seen);
                        log.len() - 1
                    };
                    let status = statuses
                        .get(index)
                        .or(statuses.last())
                        .copied()
                        .unwrap_or(500);
                    std::thread::sleep(delay);
                    let mut response =
                        tiny_http::Response::from_string("stub").with_status_code(status);
                    if let Some(h) = &extra {
                        response.add_header(h.clone());
                    }
                    let _ = request.respond(response);
                }
            })
            .unwrap();
        Self {
            url: format!("http://127.0.0.1:{port}/api/webhooks"),
            seen,
            server,
            thread: Some(thread),
        }
    }

    pub fn seen(&self) -> Vec<Seen> {
        self.seen.lock().unwrap().clone()
    }
}

impl Drop for Stub {
    fn drop(&mut self) {
        self.server.unblock();
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}
