//! The delivery faults the learner toggles, and what each one does to Svix's attempts:
//! lost responses (duplicates), reordering, a database outage answering 500, an endpoint
//! down for two hours, and an outage longer than the retry window (final `Failed`, then
//! a « Replay » from the Dashboard).

use super::model::Time;

/// How long the database stays unreachable with [`Faults::server_error`]: the first three
/// attempts fail and the fourth, 35 min 5 s after the first, succeeds (Svix's own example).
pub const DB_OUTAGE: Time = 35 * 60;
/// [`Faults::endpoint_down`]: two hours.
pub const SHORT_OUTAGE: Time = 2 * 3600;
/// [`Faults::exhausted`]: longer than the 27 h 35 min 5 s of retries.
pub const LONG_OUTAGE: Time = 30 * 3600;
/// The « Replay » happens this long after the long outage ends.
pub const REPLAY_AFTER: Time = 3600;
/// With [`Faults::duplicates`], the first attempt's response is lost after this wait
/// (Svix's 15 s timeout).
pub const LOST_AFTER: Time = 15;
/// Latency between Clerk's event and the first attempt.
pub const LATENCY: Time = 1;

/// The toggles. All off is a perfect network.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Hash)]
pub struct Faults {
    /// Every first attempt is processed but its response never reaches Svix, which
    /// retries: the handler sees each message twice.
    pub duplicates: bool,
    /// The messages of each user arrive in the reverse order (updated before created, an
    /// old update after a new one, created after deleted).
    pub reorder: bool,
    /// The database is down for 35 minutes from the first message: handlers answer 500.
    pub server_error: bool,
    /// The endpoint is unreachable for two hours from the first message.
    pub endpoint_down: bool,
    /// The endpoint is unreachable for 30 hours: every attempt fails, messages end
    /// `Failed`, then an administrator replays them from the Dashboard.
    pub exhausted: bool,
}

/// One toggle, for keys and labels.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fault {
    Duplicates,
    Reorder,
    ServerError,
    EndpointDown,
    Exhausted,
}

impl Fault {
    pub const ALL: [Fault; 5] = [
        Self::Duplicates,
        Self::Reorder,
        Self::ServerError,
        Self::EndpointDown,
        Self::Exhausted,
    ];

    /// The stable name used by `--fault` and in tests.
    pub fn name(self) -> &'static str {
        match self {
            Self::Duplicates => "duplicates",
            Self::Reorder => "reorder",
            Self::ServerError => "server-error",
            Self::EndpointDown => "endpoint-down",
            Self::Exhausted => "failed-replay",
        }
    }

    /// Short French label.
    pub fn label(self) -> &'static str {
        match self {
            Self::Duplicates => "doublons",
            Self::Reorder => "désordre",
            Self::ServerError => "500 puis relances",
            Self::EndpointDown => "panne 2 h",
            Self::Exhausted => "Failed + Replay",
        }
    }

    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|f| f.name() == name)
    }

    pub fn names() -> String {
        Self::ALL.map(Fault::name).join(", ")
    }
}

impl Faults {
    pub fn get(&self, fault: Fault) -> bool {
        match fault {
            Fault::Duplicates => self.duplicates,
            Fault::Reorder => self.reorder,
            Fault::ServerError => self.server_error,
            Fault::EndpointDown => self.endpoint_down,
            Fault::Exhausted => self.exhausted,
        }
    }

    pub fn toggle(&mut self, fault: Fault) {
        let flag = match fault {
            Fault::Duplicates => &mut self.duplicates,
            Fault::Reorder => &mut self.reorder,
            Fault::ServerError => &mut self.server_error,
            Fault::EndpointDown => &mut self.endpoint_down,
            Fault::Exhausted => &mut self.exhausted,
        };
        *flag = !*flag;
    }

    /// « doublons, panne 2 h » or « aucune ».
    pub fn describe(&self) -> String {
        let on: Vec<&str> = Fault::ALL
            .into_iter()
            .filter(|f| self.get(*f))
            .map(Fault::label)
            .collect();
        if on.is_empty() {
            "aucune".to_owned()
        } else {
            on.join(", ")
        }
    }

    /// Whether the main application's endpoint is unreachable at `at`, the outages
    /// starting at `start` (the first message).
    pub fn endpoint_unreachable(&self, start: Time, at: Time) -> bool {
        (self.endpoint_down && (start..start + SHORT_OUTAGE).contains(&at))
            || (self.exhausted && (start..start + LONG_OUTAGE).contains(&at))
    }

    /// Whether the main application's database is unreachable at `at`.
    pub fn database_down(&self, start: Time, at: Time) -> bool {
        self.server_error && (start..start + DB_OUTAGE).contains(&at)
    }

    /// When the Dashboard replay happens, if it does.
    pub fn replay_at(&self, start: Time) -> Option<Time> {
        self.exhausted.then_some(start + LONG_OUTAGE + REPLAY_AFTER)
    }
}
