//! What the sandbox does outside the screen: writing the exported request to files, and
//! running the « Réception » listener whose requests come back through the event channel.

use std::net::SocketAddr;

use crate::listen::{Listener, ListenerConfig, ReceivedEvent};
use crate::sandbox::{EXPORT_CURL_FILE, EXPORT_HTTP_FILE, EXPORT_URL, WEBHOOK_PATH, curl_command};

use super::{Effect, SandboxState, View};

/// Requests kept in the live feed.
const FEED_LIMIT: usize = 50;
const LISTEN_STOPPED: &str = "écoute arrêtée";

impl SandboxState {
    pub(super) fn export(&mut self) -> Effect {
        let Ok(ex) = &self.trace.exchange else {
            return Effect::Notice("rien à exporter : corrigez d'abord les champs".into());
        };
        let http = self.export_dir.join(EXPORT_HTTP_FILE);
        let sh = self.export_dir.join(EXPORT_CURL_FILE);
        let curl = format!(
            "#!/bin/sh\n{}",
            curl_command(&ex.sent.request, &self.target_url())
        );
        // Atomic, and never onto a FIFO or a device that happens to bear the name.
        let written = crate::files::write_atomically(&http, ex.sent.request.to_raw().as_bytes())
            .and_then(|()| crate::files::write_atomically(&sh, curl.as_bytes()));
        match written {
            Ok(()) => {
                let dir = std::fs::canonicalize(&self.export_dir)
                    .unwrap_or_else(|_| self.export_dir.clone());
                Effect::Notice(format!(
                    "requête écrite dans {}/{EXPORT_HTTP_FILE} et {EXPORT_CURL_FILE}",
                    dir.display()
                ))
            }
            Err(err) => Effect::Notice(format!(
                "export impossible dans '{}' : {}",
                self.export_dir.display(),
                crate::files::io_reason(&err)
            )),
        }
    }

    /// Where exported commands send the request: the listener while it runs, else the
    /// usual local dev server.
    pub fn target_url(&self) -> String {
        match self.listen_addr() {
            Some(addr) => format!("http://{addr}{WEBHOOK_PATH}"),
            None => EXPORT_URL.to_owned(),
        }
    }

    /// The listener's address while it runs.
    pub fn listen_addr(&self) -> Option<SocketAddr> {
        self.listener.as_ref().map(Listener::local_addr)
    }

    /// Starts the listener on 127.0.0.1 (a free port) with the endpoint's secret, or stops
    /// it. `sink` is called from the listener's threads for each request. Returns the notice.
    pub fn toggle_listener(
        &mut self,
        sink: impl Fn(ReceivedEvent) + Send + Sync + 'static,
    ) -> String {
        if let Some(listener) = self.listener.take() {
            // Stopping joins the workers (up to one 200 ms poll): not on the UI thread.
            let stopper = std::thread::Builder::new()
                .name("listen-stop".into())
                .spawn(move || listener.stop());
            return match stopper {
                Ok(_) => LISTEN_STOPPED.to_owned(),
                Err(err) => format!("arrêt de l'écoute : {}", crate::files::io_reason(&err)),
            };
        }
        let secret = match self.inputs.parsed_secret() {
            Ok(secret) => secret,
            Err(err) => return format!("écoute impossible : {err}"),
        };
        match Listener::start_with(("127.0.0.1", 0), ListenerConfig::new(secret), sink) {
            Ok(listener) => {
                self.view = View::Reception;
                let addr = listener.local_addr();
                self.listener = Some(listener);
                format!(
                    "écoute sur http://{addr}{WEBHOOK_PATH} — x écrit un script curl qui y envoie la requête"
                )
            }
            Err(err) => format!("écoute impossible : {err}"),
        }
    }

    /// Adds a request to the live feed.
    pub fn received(&mut self, request: ReceivedEvent) {
        if self.feed.len() >= FEED_LIMIT {
            self.feed.remove(0);
        }
        self.feed.push(request);
    }
}
