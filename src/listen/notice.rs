//! What the listener has to say about its transport rather than about a request: load shed,
//! descriptors exhausted, requests refused before their headers were complete. Reported
//! through a callback, at most once per second per kind (a flood must not become a flood of
//! log lines), with the count of what was folded into the next report.

use std::sync::Mutex;
use std::time::{Duration, Instant};

/// One thing the transport did on its own.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ListenNotice {
    /// `max` connections were open: a new one was answered 503 and closed.
    Saturated { max: usize },
    /// The process ran out of file descriptors: a waiting connection was answered 503.
    OutOfDescriptors,
    /// No thread could be started for a new connection: it was answered 503.
    NoThread { reason: String },
    /// `accept` failed for another reason; the listener waits a little and goes on.
    AcceptFailed { reason: String },
    /// A request refused before the request handler saw it (malformed, headers too large or
    /// too slow, unsupported framing): `status` was sent and the connection closed.
    Refused { status: u16, reason: String },
}

impl ListenNotice {
    fn kind(&self) -> usize {
        match self {
            Self::Saturated { .. } => 0,
            Self::OutOfDescriptors => 1,
            Self::NoThread { .. } => 2,
            Self::AcceptFailed { .. } => 3,
            Self::Refused { .. } => 4,
        }
    }

    /// `saturated`, `out_of_descriptors`, `no_thread`, `accept_failed`, `refused`.
    pub fn code(&self) -> &'static str {
        match self {
            Self::Saturated { .. } => "saturated",
            Self::OutOfDescriptors => "out_of_descriptors",
            Self::NoThread { .. } => "no_thread",
            Self::AcceptFailed { .. } => "accept_failed",
            Self::Refused { .. } => "refused",
        }
    }
}

impl std::fmt::Display for ListenNotice {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Saturated { max } => write!(
                f,
                "{max} connexions déjà ouvertes (le maximum) : nouvelle connexion refusée avec 503, le client réessaiera"
            ),
            Self::OutOfDescriptors => f.write_str(
                "plus aucun descripteur de fichier libre (limite « ulimit -n » atteinte) : connexion refusée avec 503 ; le récepteur continue et reprend dès que des connexions se ferment",
            ),
            Self::NoThread { reason } => write!(
                f,
                "impossible de démarrer un fil d'exécution ({reason}) : connexion refusée avec 503"
            ),
            Self::AcceptFailed { reason } => write!(
                f,
                "connexion entrante impossible à accepter ({reason}) : nouvel essai dans un instant"
            ),
            Self::Refused { status, reason } => write!(f, "requête refusée ({status}) : {reason}"),
        }
    }
}

/// How often one kind of notice may be reported.
const WINDOW: Duration = Duration::from_secs(1);

type NoticeSink = dyn Fn(ListenNotice, u64) + Send + Sync;

/// Rate-limits notices per kind. The sink gets the notice and how many of its kind were
/// folded into it since the last report (1 when none were).
pub(super) struct Notices {
    sink: Box<NoticeSink>,
    /// Per kind: when it was last reported, and how many were held back since.
    last: Mutex<[(Option<Instant>, u64); 5]>,
}

impl Notices {
    pub(super) fn new(sink: impl Fn(ListenNotice, u64) + Send + Sync + 'static) -> Self {
        Self {
            sink: Box::new(sink),
            last: Mutex::new([(None, 0); 5]),
        }
    }

    pub(super) fn report(&self, notice: ListenNotice) {
        let now = Instant::now();
        let count = {
            // A poisoned lock only means a sink panicked: the counters are still usable.
            let mut last = self.last.lock().unwrap_or_else(|p| p.into_inner());
            let Some(entry) = last.get_mut(notice.kind()) else {
                return;
            };
            entry.1 += 1;
            if entry.0.is_some_and(|at| now.duration_since(at) < WINDOW) {
                return;
            }
            let count = entry.1;
            *entry = (Some(now), 0);
            count
        };
        (self.sink)(notice, count);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;

    #[test]
    fn a_burst_is_reported_once_then_counted() {
        let seen = Arc::new(Mutex::new(Vec::new()));
        let log = Arc::clone(&seen);
        let notices = Notices::new(move |n, count| log.lock().unwrap().push((n.code(), count)));
        for _ in 0..50 {
            notices.report(ListenNotice::OutOfDescriptors);
        }
        notices.report(ListenNotice::Saturated { max: 4 });
        assert_eq!(
            *seen.lock().unwrap(),
            [("out_of_descriptors", 1), ("saturated", 1)]
        );
        // Past the window, the next report carries the 49 held back plus itself.
        notices.last.lock().unwrap()[1].0 = Some(Instant::now() - WINDOW);
        notices.report(ListenNotice::OutOfDescriptors);
        assert_eq!(
            seen.lock().unwrap().last(),
            Some(&("out_of_descriptors", 50))
        );
    }

    #[test]
    fn messages_are_french_and_say_what_happens_next() {
        assert_eq!(
            ListenNotice::Refused {
                status: 431,
                reason: "en-têtes trop gros".into()
            }
            .to_string(),
            "requête refusée (431) : en-têtes trop gros"
        );
        assert!(
            ListenNotice::OutOfDescriptors
                .to_string()
                .contains("le récepteur continue")
        );
    }
}
