//! The plain twin of the « Synchronisation » view: a scenario's texts, its timeline, every
//! delivery with each endpoint's response, and each strategy's table beside Clerk's truth
//! with the differing cells marked.

use std::fmt::Write;

use super::engine::{Happened, Response, Simulation, compare};
use super::model::{COLUMNS, clock};
use super::strategy::{Strategy, fill, statements};

/// The whole report, at the simulation's current step. `sql` adds each strategy's
/// statements on SQLite and PostgreSQL.
pub fn plain_report(sim: &Simulation, sql: bool) -> String {
    let mut out = String::new();
    let s = sim.scenario;
    let _ = writeln!(
        out,
        "Synchronisation — scénario {} : {}",
        s.name(),
        s.title()
    );
    let _ = writeln!(out, "Cause : {}", s.cause());
    let _ = writeln!(out, "À observer : {}", s.observe());
    let _ = writeln!(out, "Correction : {}", s.fix());
    let _ = writeln!(out, "Voir : {}", s.see());
    let _ = writeln!(out, "Pannes : {}", sim.faults.describe());
    let _ = writeln!(
        out,
        "Horloge : {} · {} étape(s){}",
        clock(sim.now),
        sim.journal.len(),
        if sim.is_done() {
            " · fin"
        } else {
            " · à suivre"
        }
    );
    out.push_str("\nDéroulement\n");
    for (at, happened) in &sim.journal {
        for h in happened {
            let _ = writeln!(out, "  {}  {}", clock(*at), happened_line(sim, h));
        }
    }
    out.push_str("\nVérité de Clerk\n");
    if sim.snapshot.truth.is_empty() {
        out.push_str("  (aucun utilisateur)\n");
    }
    for row in &sim.snapshot.truth {
        let _ = writeln!(out, "  {}", row.cells().join(" | "));
    }
    for strategy in sim.shown() {
        out.push_str(&strategy_block(sim, strategy, sql));
    }
    out.push_str("\n(≠ marque une cellule différente de Clerk)\n");
    out
}

/// One strategy's block: its verdict line, its responses, and its rows beside Clerk's
/// with the differing cells marked (`≠`); `sql` adds its statements.
pub fn strategy_block(sim: &Simulation, strategy: Strategy, sql: bool) -> String {
    let mut out = String::new();
    let rows = sim
        .snapshot
        .rows
        .get(&strategy)
        .map_or(&[][..], Vec::as_slice);
    let emails = sim.snapshot.emails.get(&strategy).copied().unwrap_or(0);
    let diffs = sim.differences(strategy);
    // The learner's e-mails are not observable from here.
    let emails = if strategy == Strategy::Yours {
        String::new()
    } else {
        format!(
            " · e-mails de bienvenue : {emails} (attendu {})",
            sim.expected_emails()
        )
    };
    let _ = writeln!(
        out,
        "\n{} {} — {}{emails} · Failed : {}",
        strategy.number(),
        strategy.label(),
        if diffs == 0 {
            "conforme".to_owned()
        } else {
            plural(diffs, "écart")
        },
        sim.failed(strategy),
    );
    let counts = sim.status_counts(strategy);
    if !counts.is_empty() {
        let list: Vec<String> = counts.iter().map(|(c, n)| format!("{c} ×{n}")).collect();
        let _ = writeln!(out, "  réponses : {}", list.join(", "));
    }
    let _ = writeln!(out, "  {}", COLUMNS.join(" | "));
    for c in compare(&sim.snapshot.truth, rows) {
        match &c.row {
            Some(row) => {
                let cells: Vec<String> = row
                    .cells()
                    .into_iter()
                    .zip(c.differs)
                    .map(|(cell, d)| if d { format!("≠{cell}") } else { cell })
                    .collect();
                let _ = writeln!(out, "  {}{}", cells.join(" | "), mark(c.verdict()));
            }
            None => {
                let _ = writeln!(out, "  ({}){}", c.clerk_id, mark(c.verdict()));
            }
        }
    }
    if sql {
        for st in statements(strategy) {
            let _ = writeln!(out, "  SQL {} — Prisma : {}", st.what, st.prisma);
            let _ = writeln!(out, "    SQLite     : {}", fill(st.sqlite, strategy));
            let _ = writeln!(out, "    PostgreSQL : {}", st.postgres);
        }
    }
    out
}

fn mark(verdict: &str) -> String {
    if verdict == "conforme" {
        String::new()
    } else {
        format!("   ← {verdict}")
    }
}

/// One journal entry as a line.
pub fn happened_line(sim: &Simulation, h: &Happened) -> String {
    match h {
        Happened::Event(i) => {
            let Some(e) = sim.events.get(*i) else {
                return String::new();
            };
            let msg = sim.messages.iter().find(|m| m.event == *i);
            match msg {
                Some(m) => format!("Clerk : {} → {} {}", e.describe(), m.kind.name(), m.msg_id),
                None => format!("Clerk : {}", e.describe()),
            }
        }
        Happened::Attempt(i) => {
            let Some(a) = sim.attempts.get(*i) else {
                return String::new();
            };
            let msg = sim.messages.get(a.msg);
            let attempt = if a.number == 0 {
                "Replay".to_owned()
            } else {
                format!("tentative {}", a.number)
            };
            // Outages cannot be staged on the learner's side: nothing was sent.
            let simulated = match a.response {
                Response::Error(_) | Response::Unreachable if a.strategy == Strategy::Yours => {
                    " (panne simulée : rien n’est envoyé)"
                }
                _ => "",
            };
            format!(
                "Svix → {} : {} {} {} → {}{simulated}",
                a.strategy.short(),
                msg.map_or("", |m| m.msg_id.as_str()),
                msg.map_or("", |m| m.kind.name()),
                attempt,
                a.response.label()
            )
        }
        Happened::Login(i) => {
            let Some(l) = sim.logins.get(*i) else {
                return String::new();
            };
            match &l.result {
                Ok(h) if h.emails_sent > 0 => format!(
                    "{} : page chargée → upsert à la connexion, e-mail de bienvenue",
                    l.user_id
                ),
                Ok(_) => format!("{} : page chargée → upsert à la connexion", l.user_id),
                Err(e) => format!(
                    "{} : page chargée → 500 {} ({}), ligne non écrite",
                    l.user_id,
                    e.code(),
                    e.describe()
                ),
            }
        }
        Happened::Replay => {
            "Dashboard : Replay des messages en échec (un renvoi chacun, même svix-id)".to_owned()
        }
    }
}

/// « 1 écart », « 2 écarts », « 0 ligne ».
pub fn plural(n: usize, word: &str) -> String {
    if n > 1 {
        format!("{n} {word}s")
    } else {
        format!("{n} {word}")
    }
}
