//! The « Livraison », « Réception » and « Bibliothèques » views as lines: the retry
//! timeline against the simulated endpoint and the idempotency log, the live feed of the
//! local listener, and the notes on the official libraries.

use ratatui::text::{Line, Span};

use crate::delivery::{Diagnosis, RETRY_SCHEDULE, format_duration};
use crate::sandbox::{DeliveryOutcome, is_success, response_label};
use crate::webhook::library_differences;

use super::{DeliveryState, SandboxState, SandboxTheme};
use crate::listen::Verdict;

pub fn delivery_lines(d: &DeliveryState, t: &SandboxTheme) -> Vec<Line<'static>> {
    let endpoint = d.endpoint;
    let attempts = RETRY_SCHEDULE.len();
    // Svix stops after its last attempt: an endpoint that fails them all never gets to
    // answer 200.
    let heading = match endpoint.failures {
        0 => "L'endpoint répond 200 dès la première tentative".to_owned(),
        n if n >= attempts => format!(
            "L'endpoint répond {} aux {attempts} tentatives : aucune ne reçoit de 200",
            response_label(endpoint.failure)
        ),
        n => format!(
            "L'endpoint répond {} {n} fois, puis 200",
            response_label(endpoint.failure)
        ),
    };
    let mut out = vec![
        Line::from(Span::styled(heading, t.title)),
        Line::from(Diagnosis::of(endpoint.failure).headline()),
        Line::from(Span::styled(
            "+/- nombre d'échecs · r type d'échec · d livrer ce svix-id",
            t.muted,
        )),
        Line::from(Span::styled(
            format!(
                "{:<4}{:<10}{:<18}{}",
                "n°", "attente", "depuis le début", "réponse"
            ),
            t.label,
        )),
    ];
    let mut at = std::time::Duration::ZERO;
    for (i, wait) in RETRY_SCHEDULE.into_iter().enumerate() {
        at += wait;
        let wait_text = if i == 0 {
            "immédiat".to_owned()
        } else {
            format_duration(wait)
        };
        let prefix = format!("{:<4}{:<10}{:<18}", i + 1, wait_text, format_duration(at));
        let line = match d.timeline.attempts.get(i) {
            Some(a) if is_success(a.response) => Line::from(vec![
                Span::raw(prefix),
                Span::styled(format!("✓ {}", response_label(a.response)), t.pass),
            ]),
            Some(a) => Line::from(vec![
                Span::raw(prefix),
                Span::styled(format!("✗ {}", response_label(a.response)), t.fail),
            ]),
            None => Line::from(Span::styled(format!("{prefix}(pas nécessaire)"), t.muted)),
        };
        out.push(line);
    }
    let style = match d.timeline.outcome {
        DeliveryOutcome::Delivered { .. } => t.accepted,
        DeliveryOutcome::Failed { .. } => t.rejected,
    };
    out.push(Line::from(Span::styled(
        format!(" {} ", d.timeline.summary()),
        style,
    )));
    out.push(Line::from(Span::styled(RULES, t.muted)));
    out.push(Line::default());

    let processed = d.idempotent.processed();
    out.push(Line::from(Span::styled(
        format!("Idempotence — svix-id déjà traités ({}) :", processed.len()),
        t.title,
    )));
    if processed.is_empty() {
        out.push(Line::from(Span::styled(
            "aucun : appuyez sur d pour livrer ce message, puis encore d pour le relivrer",
            t.muted,
        )));
    } else {
        out.push(Line::from(format!("{{ {} }}", processed.join(", "))));
    }
    for reception in d.idempotent.log().iter().rev().take(6) {
        out.push(Line::from(format!("  {}", reception.describe())));
    }
    out
}

pub fn reception_lines(s: &SandboxState) -> Vec<Line<'static>> {
    let t = &s.theme;
    let mut out = Vec::new();
    match s.listen_addr() {
        None => {
            out.push(Line::from(Span::styled("Réception en direct", t.title)));
            out.push(Line::from(RECEPTION_INTRO));
            out.push(Line::from(Span::styled(
                "l : démarrer l'écoute sur 127.0.0.1 (port libre)",
                t.label,
            )));
        }
        Some(addr) => {
            out.push(Line::from(Span::styled(
                format!("En écoute sur http://{addr}/api/webhooks — l pour arrêter"),
                t.title,
            )));
            out.push(Line::from(Span::styled(RECEPTION_HOWTO, t.muted)));
            out.push(Line::from(Span::styled(
                format!("  sh webhook-tutor-request.sh   ou   webhook-tutor send http://{addr}/api/webhooks --secret …"),
                t.muted,
            )));
        }
    }
    out.push(Line::default());
    if s.feed.is_empty() {
        out.push(Line::from(Span::styled(
            "aucune requête reçue pour l'instant",
            t.muted,
        )));
    }
    for request in s.feed.iter().rev() {
        let style = match request.verdict {
            Verdict::Accepted => t.pass,
            Verdict::Duplicate => t.skipped,
            Verdict::Rejected(_) => t.fail,
        };
        // Same line as the `listen` command prints.
        out.push(Line::from(Span::styled(
            format!(
                "{}. {}",
                request.sequence,
                crate::listen::text_line(request)
            ),
            style,
        )));
    }
    out
}

pub fn library_lines(t: &SandboxTheme) -> Vec<Line<'static>> {
    let mut out = vec![
        Line::from(Span::styled("Différences entre bibliothèques", t.title)),
        Line::from(Span::styled(LIBRARIES_INTRO, t.muted)),
    ];
    for note in library_differences() {
        out.push(Line::default());
        out.push(Line::from(vec![
            Span::styled(format!("{} — ", note.library.label()), t.label),
            Span::styled(note.title, t.label),
        ]));
        out.push(Line::from(note.text));
    }
    out
}

const RULES: &str = "2xx en moins de 15 s = succès ; 3xx, 4xx, 5xx et délai dépassé = nouvelle tentative. \
    Après la 8e, le message est « Failed » : à rejouer depuis le Dashboard. Chaque relance est re-signée.";
const RECEPTION_INTRO: &str = "Un vrai serveur local qui vérifie chaque requête avec le secret du \
    champ « secret » (au démarrage), répond 204, 200 pour un doublon, 400 si la signature est rejetée.";
const RECEPTION_HOWTO: &str = "Envoyez-lui la requête du bac à sable depuis un autre terminal : \
    x écrit webhook-tutor-request.sh (curl vers cette adresse), puis :";
const LIBRARIES_INTRO: &str = "Ce bac à sable suit le profil strict de la bibliothèque Rust svix ; \
    Python et JavaScript acceptent ou refusent parfois autre chose :";
