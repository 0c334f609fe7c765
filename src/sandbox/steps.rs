//! The receiver's verification as a list of French steps, each passed, failed, skipped or
//! informational, derived from `webhook::explain` so it always agrees with `verify`.

use crate::webhook::{
    EntryOutcome, Explanation, HeaderLookup, MalformedEntry, MismatchKind, TimestampCheck,
};

/// How a step went.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StepStatus {
    Pass,
    Fail,
    /// Not checked, or ignored on purpose (another signature version).
    Skipped,
    /// A computed value, not a check.
    Info,
}

impl StepStatus {
    pub fn symbol(self) -> &'static str {
        match self {
            Self::Pass => "✓",
            Self::Fail => "✗",
            Self::Skipped => "–",
            Self::Info => "·",
        }
    }
}

/// One line of the verification.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Step {
    pub status: StepStatus,
    pub title: String,
    pub detail: String,
}

impl Step {
    fn new(status: StepStatus, title: impl Into<String>, detail: impl Into<String>) -> Self {
        Self {
            status,
            title: title.into(),
            detail: detail.into(),
        }
    }
}

/// The steps, in the order the checks run.
pub fn steps(ex: &Explanation) -> Vec<Step> {
    let mut out: Vec<Step> = [&ex.id, &ex.timestamp, &ex.signature]
        .into_iter()
        .map(header_step)
        .collect();
    out.push(timestamp_step(&ex.timestamp_check));
    out.push(match &ex.payload.outcome {
        Ok(()) => Step::new(
            StepStatus::Pass,
            "corps",
            format!("{} octets, UTF-8 valide", ex.payload.len),
        ),
        Err(err) => Step::new(StepStatus::Fail, "corps", err.to_string()),
    });
    match &ex.expected {
        Some(expected) => {
            out.push(Step::new(
                StepStatus::Info,
                "contenu signé",
                format!(
                    "« id.horodatage.corps » reconstruit : {} octets",
                    expected.content.len()
                ),
            ));
            out.push(Step::new(
                StepStatus::Info,
                "signature attendue",
                expected.entry(),
            ));
        }
        None => out.push(Step::new(
            StepStatus::Skipped,
            "contenu signé",
            "impossible à reconstruire sans svix-id et svix-timestamp valides",
        )),
    }
    if ex.entries.is_empty() {
        out.push(Step::new(
            StepStatus::Skipped,
            "signatures",
            "aucune entrée à comparer (en-tête absent ou invalide)",
        ));
    }
    for entry in &ex.entries {
        let (status, detail) = entry_status(&entry.outcome);
        out.push(Step::new(
            status,
            format!("signature [{}]", entry.index + 1),
            format!("{} → {detail}", shorten(&entry.text, 24)),
        ));
    }
    out
}

fn header_step(lookup: &HeaderLookup) -> Step {
    let title = format!("en-tête {}", lookup.field.svix_name());
    match (&lookup.outcome, &lookup.value) {
        (Err(err), _) => Step::new(StepStatus::Fail, title, err.to_string()),
        (Ok(()), value) => {
            let value = value.as_deref().unwrap_or_default();
            let via = match lookup.name_used() {
                Some(used) if used != lookup.field.svix_name() => format!(" (lu dans {used})"),
                _ => String::new(),
            };
            let shown = if value.is_empty() {
                "(vide)".to_owned()
            } else {
                shorten(value, 40)
            };
            Step::new(StepStatus::Pass, title, format!("{shown}{via}"))
        }
    }
}

fn timestamp_step(check: &TimestampCheck) -> Step {
    const TITLE: &str = "fraîcheur";
    match check {
        TimestampCheck::Unavailable => Step::new(
            StepStatus::Skipped,
            TITLE,
            "non vérifiée (en-tête absent ou invalide)",
        ),
        TimestampCheck::Unparsable { error } => {
            Step::new(StepStatus::Fail, TITLE, error.to_string())
        }
        TimestampCheck::Ignored { timestamp } => Step::new(
            StepStatus::Skipped,
            TITLE,
            format!("{timestamp} : tolérance ignorée"),
        ),
        TimestampCheck::Checked {
            tolerance_secs,
            age_secs,
            outcome,
            ..
        } => {
            let age = match *age_secs {
                0 => "envoyé à l'instant".to_owned(),
                a if a > 0 => format!("envoyé il y a {a} s"),
                a => format!("daté de {} s dans le futur", a.unsigned_abs()),
            };
            match outcome {
                Ok(()) => Step::new(
                    StepStatus::Pass,
                    TITLE,
                    format!("{age} (tolérance : ± {tolerance_secs} s)"),
                ),
                Err(err) => Step::new(StepStatus::Fail, TITLE, err.to_string()),
            }
        }
    }
}

fn entry_status(outcome: &EntryOutcome) -> (StepStatus, String) {
    match outcome {
        EntryOutcome::Matched => (StepStatus::Pass, "identique à la signature attendue".into()),
        EntryOutcome::Mismatch(MismatchKind::Empty) => {
            (StepStatus::Fail, "vide après « v1, »".into())
        }
        EntryOutcome::Mismatch(MismatchKind::WrongLength { len, expected }) => (
            StepStatus::Fail,
            format!("{len} caractères au lieu de {expected}"),
        ),
        EntryOutcome::Mismatch(MismatchKind::DifferentMac) => (
            StepStatus::Fail,
            "différente (autre secret, corps, id ou horodatage)".into(),
        ),
        EntryOutcome::VersionIgnored { version } => (
            StepStatus::Skipped,
            format!("ignorée : version « {} »", shorten(version, 10)),
        ),
        EntryOutcome::Malformed(MalformedEntry::Empty) => {
            (StepStatus::Skipped, "ignorée : entrée vide".into())
        }
        EntryOutcome::Malformed(MalformedEntry::NoComma) => {
            (StepStatus::Skipped, "ignorée : pas de virgule".into())
        }
        EntryOutcome::NotCompared => (StepStatus::Skipped, "non comparée".into()),
    }
}

/// At most `max` characters, with `…` when cut.
pub(crate) fn shorten(text: &str, max: usize) -> String {
    match text.char_indices().nth(max) {
        Some((cut, _)) => format!("{}…", text.get(..cut).unwrap_or(text)),
        None => text.to_owned(),
    }
}
