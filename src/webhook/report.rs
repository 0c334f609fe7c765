//! Plain French text for an [`Explanation`], shared by `verify --explain` and the sandbox's
//! `--plain` mode. No styling: a UI that colours the steps reads the `Explanation` fields.

use super::explain::{
    EntryOutcome, Explanation, HeaderLookup, MalformedEntry, MismatchKind, TimestampCheck,
};
use super::sign::hex;

/// How many body bytes the trace quotes before eliding the rest.
const BODY_PREVIEW: usize = 120;
/// How many key bytes the trace shows.
const KEY_PREVIEW: usize = 4;

impl Explanation {
    /// The trace as numbered French lines, without the final verdict.
    pub fn to_lines(&self) -> Vec<String> {
        let mut out = vec!["1. En-têtes (svix-* d'abord, sinon webhook-*) :".to_owned()];
        for lookup in [&self.id, &self.timestamp, &self.signature] {
            out.push(format!("   {}", header_line(lookup)));
        }

        out.push(format!(
            "2. Horodatage : {}",
            timestamp_line(&self.timestamp_check)
        ));

        out.push(match &self.payload.outcome {
            Ok(()) => format!("3. Corps : {} octets, UTF-8 valide", self.payload.len),
            Err(err) => format!("3. Corps : {} octets — ✗ {err}", self.payload.len),
        });

        let key = self.key.as_bytes();
        let shown = key.len().min(KEY_PREVIEW);
        out.push(format!(
            "4. Clé : {} octets décodés du base64 (après « whsec_ ») : {}{}",
            key.len(),
            hex(key.get(..shown).unwrap_or_default()),
            if key.len() > shown { "…" } else { "" }
        ));

        match &self.expected {
            None => out.push(
                "5. Contenu signé : impossible à construire sans svix-id et svix-timestamp valides"
                    .to_owned(),
            ),
            Some(expected) => {
                let c = &expected.content;
                out.push(format!(
                    "5. Contenu signé « id.horodatage.corps » ({} octets) :",
                    c.len()
                ));
                out.push(format!(
                    "   {}.{}.{}",
                    escape(c.msg_id.as_bytes(), usize::MAX),
                    c.timestamp,
                    escape(&c.body, BODY_PREVIEW)
                ));
                out.push(format!("6. HMAC-SHA256 attendu : {}", expected.mac_hex()));
                out.push(format!("   en base64 : {}", expected.entry()));
            }
        }

        if self.entries.is_empty() {
            out.push("7. Entrées de la signature : aucune (en-tête absent ou invalide)".to_owned());
        } else {
            out.push(format!(
                "7. Entrées de la signature ({}) :",
                self.entries.len()
            ));
            for entry in &self.entries {
                out.push(format!(
                    "   [{}] « {} » → {}",
                    entry.index + 1,
                    escape(entry.text.as_bytes(), 60),
                    entry_text(&entry.outcome)
                ));
            }
        }
        out
    }
}

fn header_line(lookup: &HeaderLookup) -> String {
    let name = lookup.field.svix_name();
    match (&lookup.value, lookup.name_used(), &lookup.outcome) {
        (Some(value), Some(used), Ok(())) => {
            let via = if used == name {
                String::new()
            } else {
                format!(" (lu dans {used})")
            };
            let value = if value.is_empty() {
                "(vide)".to_owned()
            } else {
                escape(value.as_bytes(), 80)
            };
            format!("{name:<15} = {value}{via}")
        }
        (_, _, Err(err)) => format!("{name:<15} ✗ {err}"),
        _ => format!("{name:<15} ✗ absent"),
    }
}

fn timestamp_line(check: &TimestampCheck) -> String {
    match check {
        TimestampCheck::Unavailable => "non vérifié (en-tête absent ou invalide)".to_owned(),
        TimestampCheck::Unparsable { error } => format!("✗ {error}"),
        TimestampCheck::Ignored { timestamp } => {
            format!("{timestamp}, fenêtre de tolérance ignorée")
        }
        TimestampCheck::Checked {
            timestamp,
            tolerance_secs,
            age_secs,
            outcome,
            ..
        } => {
            let age = match age_secs {
                0 => "à l'instant".to_owned(),
                a if *a > 0 => format!("il y a {a} s"),
                a => format!("dans {} s", a.unsigned_abs()),
            };
            match outcome {
                Ok(()) => format!("{timestamp}, {age} (tolérance : ± {tolerance_secs} s) → OK"),
                Err(err) => format!("{timestamp}, {age} — ✗ {err}"),
            }
        }
    }
}

fn entry_text(outcome: &EntryOutcome) -> String {
    match outcome {
        EntryOutcome::Matched => "✓ identique à la signature attendue".to_owned(),
        EntryOutcome::Mismatch(MismatchKind::Empty) => "✗ signature vide après « v1, »".to_owned(),
        EntryOutcome::Mismatch(MismatchKind::WrongLength { len, expected }) => format!(
            "✗ {len} caractères au lieu de {expected} (signature tronquée ou texte en trop)"
        ),
        EntryOutcome::Mismatch(MismatchKind::DifferentMac) => {
            "✗ différente (autre secret, autre corps, autre id ou autre horodatage)".to_owned()
        }
        EntryOutcome::VersionIgnored { version } => {
            format!(
                "ignorée : version « {} » (seule « v1 » est vérifiée)",
                escape(version.as_bytes(), 20)
            )
        }
        EntryOutcome::Malformed(MalformedEntry::Empty) => {
            "ignorée : entrée vide (espace en trop)".to_owned()
        }
        EntryOutcome::Malformed(MalformedEntry::NoComma) => {
            "ignorée : pas de virgule (format attendu « v1,<base64> »)".to_owned()
        }
        EntryOutcome::NotCompared => {
            "non comparée (pas de signature attendue sans id et horodatage valides)".to_owned()
        }
    }
}

/// Printable text for arbitrary bytes: valid UTF-8 kept, control characters and invalid
/// bytes escaped, cut after `max` bytes with the total size.
pub(crate) fn escape(bytes: &[u8], max: usize) -> String {
    let cut = bytes.get(..max).unwrap_or(bytes);
    let mut out = String::new();
    for chunk in cut.utf8_chunks() {
        for c in chunk.valid().chars() {
            if c.is_control() {
                out.extend(c.escape_default());
            } else {
                out.push(c);
            }
        }
        for b in chunk.invalid() {
            out.push_str(&format!("\\x{b:02x}"));
        }
    }
    if cut.len() < bytes.len() {
        out.push_str(&format!("… ({} octets au total)", bytes.len()));
    }
    out
}
