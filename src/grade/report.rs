//! What a run produces: one [`CheckResult`] per check (with every exchange, for the details
//! view), the per-objective scores, the cleanup outcome, and the stable `--json` document.

use serde_json::{Value, json};

use super::checks::{CheckDef, OBJECTIVES};

/// One request as sent, summarised for the report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SentRequest {
    /// French: what this request is (« user.created, svix-id rejoué »…).
    pub label: String,
    /// Header lines as sent, in order.
    pub headers: Vec<(String, String)>,
    pub body_len: usize,
    /// The first characters of the body, on one line.
    pub body_excerpt: String,
}

/// What came back for one request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Answer {
    Status {
        status: u16,
        /// The `Location` header of a redirect.
        location: Option<String>,
        body_excerpt: String,
    },
    /// No complete answer within the timeout.
    Timeout { secs: u64 },
    /// Connected, then the exchange broke (French reason).
    Broken(String),
}

impl Answer {
    pub fn status(&self) -> Option<u16> {
        match self {
            Self::Status { status, .. } => Some(*status),
            _ => None,
        }
    }

    pub fn is_success(&self) -> bool {
        self.status().is_some_and(|s| (200..300).contains(&s))
    }

    /// One French line: « 204 en 3 ms », « aucune réponse en 15 s »…
    pub fn line(&self, ms: u64) -> String {
        match self {
            Self::Status { status, .. } => format!("{status} en {ms} ms"),
            Self::Timeout { secs } => format!("aucune réponse en {secs} s"),
            Self::Broken(reason) => format!("pas de réponse HTTP valide : {reason}"),
        }
    }
}

/// One request and its answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Exchange {
    pub request: SentRequest,
    pub answer: Answer,
    pub ms: u64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    Passed,
    Failed,
    /// Not evaluated (no database given): counts neither way.
    Skipped,
}

impl Status {
    pub fn code(self) -> &'static str {
        match self {
            Self::Passed => "passed",
            Self::Failed => "failed",
            Self::Skipped => "skipped",
        }
    }
}

/// The outcome of one check.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckResult {
    pub def: &'static CheckDef,
    pub status: Status,
    /// Time spent on the check (requests and database reads).
    pub ms: u64,
    pub exchanges: Vec<Exchange>,
    /// French: why it failed (or why it was skipped), one hint per line; empty when passed.
    pub diagnosis: Vec<String>,
    /// What the database showed, for state checks (French lines).
    pub state: Vec<String>,
}

impl CheckResult {
    pub fn passed(&self) -> bool {
        self.status == Status::Passed
    }

    /// The HTTP status of the last answer, if any.
    pub fn last_status(&self) -> Option<u16> {
        self.exchanges.last().and_then(|e| e.answer.status())
    }
}

/// Passed and evaluated checks of one objective.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ObjectiveScore {
    pub id: &'static str,
    pub label: &'static str,
    pub passed: usize,
    /// Checks evaluated (skipped ones left out).
    pub total: usize,
}

/// A `user.deleted` sent at the end for a user the run created, that did not get a 2xx.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CleanupFailure {
    pub clerk_id: String,
    /// French: what came back.
    pub reason: String,
}

/// The whole run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Report {
    pub url: String,
    pub checks: Vec<CheckResult>,
    pub objectives: Vec<ObjectiveScore>,
    /// Every required check that was evaluated passed, and the run was not aborted.
    pub passed: bool,
    /// Percentage of evaluated checks that passed (bonus included), 0–100.
    pub score: u8,
    /// `user.deleted` sent at the end, and those that failed.
    pub cleanup_sent: usize,
    pub cleanup_failures: Vec<CleanupFailure>,
    /// French: why the run stopped early (endpoint unreachable, hanging, redirecting…).
    /// Callers exit 2 when it is set.
    pub aborted: Option<String>,
}

impl Report {
    /// Builds the scores from the results.
    pub fn new(url: &str, checks: Vec<CheckResult>) -> Self {
        let objectives = OBJECTIVES
            .iter()
            .map(|(id, label)| {
                let of: Vec<&CheckResult> = checks
                    .iter()
                    .filter(|c| c.def.objective == *id && c.status != Status::Skipped)
                    .collect();
                ObjectiveScore {
                    id,
                    label,
                    passed: of.iter().filter(|c| c.passed()).count(),
                    total: of.len(),
                }
            })
            .collect();
        let mut report = Self {
            url: url.to_owned(),
            checks,
            objectives,
            passed: false,
            score: 0,
            cleanup_sent: 0,
            cleanup_failures: Vec::new(),
            aborted: None,
        };
        report.rescore();
        report
    }

    fn rescore(&mut self) {
        let (passed, total) = self.counts();
        self.score = (passed * 100)
            .checked_div(total)
            .map_or(0, |pct| u8::try_from(pct).unwrap_or(100));
        self.passed = self.aborted.is_none()
            && total > 0
            && self
                .checks
                .iter()
                .filter(|c| c.def.required)
                .all(|c| c.status != Status::Failed);
    }

    /// Marks the run as stopped early.
    pub fn abort(&mut self, reason: String) {
        self.aborted = Some(reason);
        self.rescore();
    }

    /// (passed, evaluated) over every check that ran: « Labo : 11/14 ».
    pub fn counts(&self) -> (usize, usize) {
        let evaluated = self.checks.iter().filter(|c| c.status != Status::Skipped);
        let total = evaluated.clone().count();
        (evaluated.filter(|c| c.passed()).count(), total)
    }

    pub fn check(&self, id: &str) -> Option<&CheckResult> {
        self.checks.iter().find(|c| c.def.id == id)
    }

    /// The stable `--json` document.
    pub fn to_json(&self) -> Value {
        let checks: Vec<Value> = self
            .checks
            .iter()
            .map(|c| {
                json!({
                    "id": c.def.id,
                    "title": c.def.title,
                    "objective": c.def.objective,
                    "required": c.def.required,
                    "passed": c.passed(),
                    "skipped": c.status == Status::Skipped,
                    "status": c.last_status(),
                    "ms": c.ms,
                    "diagnosis": if c.diagnosis.is_empty() { Value::Null } else { Value::String(c.diagnosis.join("\n")) },
                    "see": c.def.see,
                })
            })
            .collect();
        let objectives: serde_json::Map<String, Value> = self
            .objectives
            .iter()
            .map(|o| {
                (
                    o.id.to_owned(),
                    json!({ "label": o.label, "passed": o.passed, "total": o.total }),
                )
            })
            .collect();
        let failures: Vec<Value> = self
            .cleanup_failures
            .iter()
            .map(|f| json!({ "clerk_id": f.clerk_id, "reason": f.reason }))
            .collect();
        json!({
            "url": self.url,
            "passed": self.passed,
            "score": self.score,
            "checks": checks,
            "objectives": objectives,
            "cleanup": { "sent": self.cleanup_sent, "failed": failures },
            "aborted": self.aborted,
        })
    }
}
