//! What the Labo screen remembers, per course: the endpoint URL, the optional database URL,
//! the secret only when the learner asked to save it, and the last report's outcome (for
//! « Labo : 11/14 » on the home screen and the rows shown before a new run).

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::Unknown;

/// One course's lab settings and last result.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct LabProgress {
    pub url: String,
    pub database_url: String,
    /// Saved only on request (`None`: typed again each session).
    pub secret: Option<String>,
    pub last: Option<LabRun>,
    /// Fields of a later version of this program, kept and written back unchanged.
    #[serde(flatten)]
    pub other: Unknown,
}

/// The outcome of the last run.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct LabRun {
    /// UTC, RFC 3339.
    pub date: String,
    pub url: String,
    pub passed: usize,
    /// Checks evaluated (skipped ones left out).
    pub total: usize,
    pub score: u8,
    /// Check id → `passed`, `failed` or `skipped`, in battery order.
    pub checks: Vec<(String, String)>,
    #[serde(flatten)]
    pub other: Unknown,
}

/// Lab settings by course title.
pub type Labs = BTreeMap<String, LabProgress>;

impl super::Progress {
    /// The lab settings of `course` (empty when never used).
    pub fn lab(&self, course: &str) -> LabProgress {
        self.labs.get(course).cloned().unwrap_or_default()
    }

    /// Remembers the URLs (and the secret when `secret` is `Some`; `Some("")` forgets it).
    pub fn set_lab_settings(
        &mut self,
        course: &str,
        url: &str,
        database_url: &str,
        secret: Option<&str>,
    ) {
        let lab = self.labs.entry(course.to_owned()).or_default();
        url.clone_into(&mut lab.url);
        database_url.clone_into(&mut lab.database_url);
        if let Some(secret) = secret {
            lab.secret = (!secret.is_empty()).then(|| secret.to_owned());
        }
    }

    /// Keeps the last run of `course`.
    pub fn set_lab_run(&mut self, course: &str, run: LabRun) {
        self.labs.entry(course.to_owned()).or_default().last = Some(run);
    }

    /// Reveals one more hint of exercise `id` (at most `available`); the count after.
    pub fn reveal_lab_hint(&mut self, id: &str, available: usize) -> usize {
        let shown = self.lab_hints.entry(id.to_owned()).or_default();
        *shown = (*shown + 1).min(available);
        *shown
    }

    /// Ticks exercise `id` as validated by the lab (never unticks: progress only moves on).
    pub fn validate_exercise_by_lab(&mut self, id: &str) {
        self.exercises_done.insert(id.to_owned());
        self.lab_validated.insert(id.to_owned());
    }
}

#[cfg(test)]
mod tests {
    use super::super::Progress;
    use super::*;

    #[test]
    fn settings_runs_and_validations_round_trip() {
        let mut p = Progress::default();
        p.set_lab_settings("Cours", "http://localhost:3000/api/webhooks", "", None);
        assert_eq!(p.lab("Cours").secret, None);
        p.set_lab_settings(
            "Cours",
            "http://localhost:3000/api/webhooks",
            "file:./dev.db",
            Some("whsec_x"),
        );
        p.set_lab_run(
            "Cours",
            LabRun {
                passed: 11,
                total: 14,
                checks: vec![("valid".into(), "passed".into())],
                ..LabRun::default()
            },
        );
        p.validate_exercise_by_lab("handler-idempotent");
        let json = serde_json::to_string(&p).unwrap();
        let back: Progress = serde_json::from_str(&json).unwrap();
        assert_eq!(back, p);
        assert_eq!(back.lab("Cours").secret.as_deref(), Some("whsec_x"));
        assert_eq!(back.lab("Autre"), LabProgress::default());
        assert!(back.exercises_done.contains("handler-idempotent"));
        // Forgetting the secret.
        p.set_lab_settings("Cours", "http://x/", "", Some(""));
        assert_eq!(p.lab("Cours").secret, None);
        // An older file without any lab field still loads.
        let old: Progress = serde_json::from_str(r#"{"version":1}"#).unwrap();
        assert!(old.labs.is_empty() && old.lab_validated.is_empty());
    }
}
