//! How a `grade --scenario` run reads: the plain text (the scenario's texts, the trace of
//! what reached the endpoint, the learner's table beside Clerk's truth with the differing
//! cells marked, the simulator's strategies for comparison, the cleanup and the verdict),
//! and the stable `--json` document.

use std::fmt::Write as _;

use serde_json::{Value, json};

use super::scenario::ScenarioReport;
use crate::sync::{
    COLUMNS, Fault, Happened, Row, Strategy, clock, compare, happened_line, plural, strategy_block,
};

impl ScenarioReport {
    /// The whole report; `see` labels the course section (« Module 4 : … › … »).
    pub fn plain(&self, see: &str) -> String {
        let sim = &self.sim;
        let s = sim.scenario;
        let mut out = String::new();
        let _ = writeln!(
            out,
            "Synchronisation — votre endpoint sur le scénario {} : {}",
            s.name(),
            s.title()
        );
        let _ = writeln!(out, "Endpoint : {}", self.url);
        let _ = writeln!(out, "Cause : {}", s.cause());
        let _ = writeln!(out, "À observer : {}", s.observe());
        let _ = writeln!(out, "Correction : {}", s.fix());
        let _ = writeln!(out, "Voir : {see}");
        let _ = writeln!(out, "Pannes : {}", sim.faults.describe());
        let _ = writeln!(
            out,
            "Horloge compressée : {} → {} ({}) rejoué en {} ms, {} à votre endpoint",
            clock(0),
            clock(sim.now),
            plural(sim.journal.len(), "étape"),
            self.elapsed_ms,
            match self.requests() {
                n @ 0..=1 => format!("{n} requête envoyée"),
                n => format!("{n} requêtes envoyées"),
            }
        );
        let _ = writeln!(
            out,
            "Identifiants de ce passage : user_2… → user_lab_{t}_2…, msg_2sync… → msg_lab_{t}_2sync…, adresses prénom+{t}@… (la table ci-dessous les montre sans ce suffixe)",
            t = self.tag
        );
        out.push_str("\nDéroulement (votre endpoint)\n");
        for (at, happened) in &sim.journal {
            for h in happened {
                let shown = match h {
                    Happened::Event(_) => true,
                    Happened::Attempt(i) => sim
                        .attempts
                        .get(*i)
                        .is_some_and(|a| a.strategy == Strategy::Yours),
                    Happened::Login(_) | Happened::Replay => false,
                };
                if shown {
                    let _ = writeln!(out, "  {}  {}", clock(*at), happened_line(sim, h));
                }
            }
        }
        out.push_str("\nVérité de Clerk\n");
        if sim.snapshot.truth.is_empty() {
            out.push_str("  (aucun utilisateur)\n");
        }
        for row in &sim.snapshot.truth {
            let _ = writeln!(out, "  {}", row.cells().join(" | "));
        }
        out.push_str(&strategy_block(sim, Strategy::Yours, false));
        if let Some(reason) = &sim.remote_error {
            let _ = writeln!(out, "  ✗ table illisible : {reason}");
        }
        let compared: Vec<String> = Strategy::COMPARED
            .iter()
            .map(|st| {
                let d = sim.differences(*st);
                let verdict = if d == 0 {
                    "conforme".to_owned()
                } else {
                    plural(d, "écart")
                };
                format!("{} {} {verdict}", st.number(), st.short())
            })
            .collect();
        let _ = writeln!(
            out,
            "\nLe simulateur, sur la même chronologie : {}",
            compared.join(" · ")
        );
        for line in self.hints() {
            let _ = writeln!(out, "{line}");
        }
        if self.cleanup_sent > 0 {
            let _ = write!(
                out,
                "\nNettoyage : {} user.deleted envoyé(s) pour les utilisateurs de ce passage",
                self.cleanup_sent
            );
            if self.cleanup_failures.is_empty() {
                out.push_str(", tous acceptés.\n");
            } else {
                let _ = writeln!(
                    out,
                    " ; {} en échec — supprimez-les à la main :",
                    self.cleanup_failures.len()
                );
                for f in &self.cleanup_failures {
                    let _ = writeln!(out, "  ✗ {} : {}", f.clerk_id, f.reason);
                }
            }
        }
        out.push('\n');
        let diffs = self.differences();
        if let Some(reason) = &self.aborted {
            let _ = writeln!(out, "Verdict : ✗ passage interrompu : {reason}");
        } else if sim.remote_error.is_some() {
            out.push_str("Verdict : ✗ votre table n’a pas pu être lue\n");
        } else if diffs == 0 {
            out.push_str("Verdict : ✓ votre table est égale à la vérité de Clerk\n");
        } else {
            let _ = writeln!(
                out,
                "Verdict : ✗ votre table s’écarte de Clerk ({}) — à revoir : {see}",
                plural(diffs, "écart")
            );
        }
        out.push_str("(≠ marque une cellule différente de Clerk)\n");
        out
    }

    /// Warnings beside the table: Failed messages, deliveries all refused.
    fn hints(&self) -> Vec<String> {
        let sim = &self.sim;
        let mut hints = Vec::new();
        let answered: Vec<u16> = sim
            .attempts
            .iter()
            .filter(|a| a.strategy == Strategy::Yours)
            .filter_map(|a| match a.response {
                crate::sync::Response::Http { status, .. } => Some(status),
                _ => None,
            })
            .collect();
        if !answered.is_empty() && answered.iter().all(|s| !(200..300).contains(s)) {
            hints.push(format!(
                "⚠ aucune livraison acceptée (première réponse : {}) : vérifiez --secret (le même que CLERK_WEBHOOK_SIGNING_SECRET), la route publique et le chemin — « grade URL --secret S » sans --scenario le diagnostique",
                answered[0]
            ));
        }
        let failed = sim.failed(Strategy::Yours);
        if failed > 0 {
            hints.push(format!(
                "⚠ {} Failed : Svix aurait abandonné après 8 tentatives (27 h 35 min) ; un 500 qui ne peut jamais réussir ne sert qu’à faire relancer",
                plural(failed, "message")
            ));
        }
        hints
    }

    /// The stable `--json` document.
    pub fn to_json(&self) -> Value {
        let sim = &self.sim;
        let row = |r: &Row| json!({ "clerkId": r.clerk_id, "email": r.email, "firstName": r.first_name, "lastName": r.last_name });
        let rows = sim
            .snapshot
            .rows
            .get(&Strategy::Yours)
            .map_or(&[][..], Vec::as_slice);
        let compared: Vec<Value> = compare(&sim.snapshot.truth, rows)
            .iter()
            .map(|c| {
                let differs: Vec<&str> = COLUMNS
                    .iter()
                    .zip(c.differs)
                    .filter(|(_, d)| *d)
                    .map(|(name, _)| *name)
                    .collect();
                json!({ "clerkId": c.clerk_id, "verdict": c.verdict(), "differs": differs })
            })
            .collect();
        let attempts: Vec<Value> = sim
            .attempts
            .iter()
            .filter(|a| a.strategy == Strategy::Yours)
            .map(|a| {
                let msg = sim.messages.get(a.msg);
                json!({
                    "at": clock(a.at),
                    "svix_id": msg.map(|m| format!("msg_lab_{}_{}", self.tag, m.msg_id.trim_start_matches("msg_"))),
                    "type": msg.map(|m| m.kind.name()),
                    "attempt": a.number,
                    "response": a.response.label(),
                    "success": a.response.is_success(),
                })
            })
            .collect();
        let simulated: Vec<Value> = Strategy::COMPARED
            .iter()
            .map(|s| json!({ "strategy": s.number(), "label": s.label(), "differences": sim.differences(*s) }))
            .collect();
        let failures: Vec<Value> = self
            .cleanup_failures
            .iter()
            .map(|f| json!({ "clerkId": f.clerk_id, "reason": f.reason }))
            .collect();
        json!({
            "url": self.url,
            "scenario": sim.scenario.name(),
            "title": sim.scenario.title(),
            "see": sim.scenario.see(),
            "faults": Fault::ALL.iter().filter(|f| sim.faults.get(**f)).map(|f| f.name()).collect::<Vec<_>>(),
            "tag": self.tag,
            "clock": { "start": clock(0), "end": clock(sim.now), "steps": sim.journal.len() },
            "elapsed_ms": self.elapsed_ms,
            "requests": self.requests(),
            "truth": sim.snapshot.truth.iter().map(row).collect::<Vec<_>>(),
            "rows": rows.iter().map(row).collect::<Vec<_>>(),
            "compared": compared,
            "differences": self.differences(),
            "matches": self.matches(),
            "failed": sim.failed(Strategy::Yours),
            "attempts": attempts,
            "simulated": simulated,
            "database_error": sim.remote_error,
            "cleanup": { "sent": self.cleanup_sent, "failures": failures },
            "aborted": self.aborted,
        })
    }
}
