//! Draws the « Synchronisation » view from `&SyncState`: the scenario bar, the clock and
//! the fault toggles, then the tables beside Clerk's truth (differing cells highlighted),
//! the timeline with every delivery, the scenario's card, the inspector and the SQL.
//! Wide screens show the card and the timeline beside the tables; narrow ones one pane
//! at a time (Tab).

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span, Text};
use ratatui::widgets::{Block, Paragraph, Widget, Wrap};
use unicode_width::UnicodeWidthStr;

use crate::sync::{
    COLUMNS, Fault, MsgState, Simulation, Strategy, SyncScenario, clock, compare, statements,
};

use super::SandboxTheme;
use super::sync::{Pane, SyncState};

/// From this width the card and timeline sit beside the tables.
const WIDE: u16 = 110;
/// From this width the scenario bar lists every scenario.
const BAR_ALL: u16 = 150;
/// Below this width only clerkId and email are shown.
const NARROW_TABLE: usize = 56;

pub fn render(s: &SyncState, t: &SandboxTheme, area: Rect, buf: &mut Buffer) {
    if area.is_empty() {
        return;
    }
    let [bar, status, body] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Min(0),
    ])
    .areas(area);
    Paragraph::new(scenario_bar(s.scenario, area.width, t)).render(bar, buf);
    Paragraph::new(status_line(s, area.width, t)).render(status, buf);
    let sim = match &s.sim {
        Ok(sim) => sim,
        Err(e) => {
            let text = format!(
                "simulation impossible : {e} — relancez le programme ; si cela persiste, la mémoire manque peut-être"
            );
            Paragraph::new(Span::styled(text, t.fail))
                .wrap(Wrap { trim: false })
                .render(body, buf);
            return;
        }
    };
    let detail = if s.inspect {
        Some(("Livraison (Échap : fermer)", inspector_lines(s, sim, t)))
    } else if s.sql {
        Some((
            "SQL (t : stratégie suivante · Échap : fermer)",
            sql_lines(s.strategy, t),
        ))
    } else {
        None
    };
    if body.width >= WIDE {
        let [left, right] =
            Layout::horizontal([Constraint::Percentage(42), Constraint::Percentage(58)])
                .areas(body);
        let card = card_lines(s, sim, t);
        let card_height = (wrapped_height(&card, left.width.saturating_sub(2)) + 2)
            .min(left.height / 2)
            .max(3);
        let [top, bottom] =
            Layout::vertical([Constraint::Length(card_height), Constraint::Min(0)]).areas(left);
        boxed(card, "Scénario", 0, true, t).render(top, buf);
        let lines = timeline_lines(s, sim, t);
        let scroll = follow_selection(&lines, s, sim, bottom);
        boxed(
            lines,
            "Chronologie et livraisons (j/k, Entrée)",
            scroll,
            true,
            t,
        )
        .render(bottom, buf);
        match detail {
            Some((title, lines)) => boxed(lines, title, s.scroll, true, t).render(right, buf),
            None => {
                let lines = table_lines(
                    sim,
                    right.width.saturating_sub(2),
                    right.height.saturating_sub(2),
                    t,
                );
                boxed(
                    lines,
                    "Tables (stratégie ↔ vérité de Clerk)",
                    s.scroll,
                    false,
                    t,
                )
                .render(right, buf);
            }
        }
        return;
    }
    let (title, lines, wrap) = match detail {
        Some((title, lines)) => (title.to_owned(), lines, true),
        None => match s.pane {
            Pane::Tables => (
                pane_title(s.pane),
                table_lines(
                    sim,
                    body.width.saturating_sub(2),
                    body.height.saturating_sub(2),
                    t,
                ),
                false,
            ),
            Pane::Deliveries => {
                let lines = timeline_lines(s, sim, t);
                let follow = follow_selection(&lines, s, sim, body);
                return boxed(lines, &pane_title(s.pane), follow.max(s.scroll), true, t)
                    .render(body, buf);
            }
            Pane::Scenario => (pane_title(s.pane), card_lines(s, sim, t), true),
        },
    };
    boxed(lines, &title, s.scroll, wrap, t).render(body, buf);
}

/// The scroll that keeps the selected delivery (the last lines) in view.
fn follow_selection(lines: &[Line<'_>], s: &SyncState, sim: &Simulation, area: Rect) -> u16 {
    let inner = area.height.saturating_sub(2);
    let width = area.width.saturating_sub(2);
    let below = sim.messages.len().saturating_sub(s.selected + 1);
    let until = lines.len().saturating_sub(below);
    let height = wrapped_height(lines.get(..until).unwrap_or(lines), width);
    height.saturating_sub(inner)
}

fn pane_title(pane: Pane) -> String {
    format!("{} (Tab : vue suivante)", pane.title())
}

fn boxed<'a>(
    lines: Vec<Line<'static>>,
    title: &'a str,
    scroll: u16,
    wrap: bool,
    t: &SandboxTheme,
) -> Paragraph<'a> {
    let p = Paragraph::new(Text::from(lines)).scroll((scroll, 0)).block(
        Block::bordered()
            .title(title)
            .border_style(t.border)
            .title_style(t.title),
    );
    if wrap {
        p.wrap(Wrap { trim: false })
    } else {
        p
    }
}

fn wrapped_height(lines: &[Line<'_>], width: u16) -> u16 {
    let w = usize::from(width.max(1));
    let n: usize = lines.iter().map(|l| l.width().max(1).div_ceil(w)).sum();
    u16::try_from(n).unwrap_or(u16::MAX)
}

fn scenario_bar(active: SyncScenario, width: u16, t: &SandboxTheme) -> Line<'static> {
    if width < BAR_ALL {
        return Line::from(vec![
            Span::styled(
                format!(" {} {} ", active.key(), active.name()),
                t.tab_active,
            ),
            Span::raw(format!(" {} ", active.title())),
            Span::styled("(1–8)", t.muted),
        ]);
    }
    let mut spans = vec![Span::styled(" Synchro ", t.label)];
    for s in SyncScenario::ALL {
        let style = if s == active { t.tab_active } else { t.tab };
        spans.push(Span::styled(format!("{} {}", s.key(), s.name()), style));
        spans.push(Span::raw(" "));
    }
    Line::from(spans)
}

fn fault_key(f: Fault) -> char {
    match f {
        Fault::Duplicates => 'd',
        Fault::Reorder => 'o',
        Fault::ServerError => 'e',
        Fault::EndpointDown => 'h',
        Fault::Exhausted => 'f',
    }
}

/// Clock, step, play state and the five fault toggles; when the labels do not fit, the
/// keys alone, then the active faults' names.
fn status_line(s: &SyncState, width: u16, t: &SandboxTheme) -> Line<'static> {
    let (now, steps, done) = match &s.sim {
        Ok(sim) => (sim.now, sim.journal.len(), sim.is_done()),
        Err(_) => (0, 0, true),
    };
    let state = if s.playing {
        "▶ lecture"
    } else if done {
        "■ fin"
    } else {
        "⏸ pause"
    };
    let mut spans = vec![
        Span::styled(format!(" {} ", clock(now)), t.label),
        Span::raw(format!("étape {steps} · {state} · ")),
        Span::styled("pannes ", t.muted),
    ];
    let mut long = spans.clone();
    for f in Fault::ALL {
        let on = s.faults.get(f);
        let style = if on { t.tab_active } else { t.tab };
        let mark = if on { "✓" } else { "·" };
        long.push(Span::styled(
            format!("{}{} {}", fault_key(f), mark, f.label()),
            style,
        ));
        long.push(Span::raw(" "));
        spans.push(Span::styled(format!("{}{}", fault_key(f), mark), style));
        spans.push(Span::raw(" "));
    }
    let long = Line::from(long);
    if long.width() <= usize::from(width) {
        return long;
    }
    let mut short = spans.clone();
    short.push(Span::styled(s.faults.describe(), t.muted));
    let short = Line::from(short);
    if short.width() <= usize::from(width) {
        return short;
    }
    // Tiny screens: the clock, the state and the five keys.
    let mut tiny = vec![
        Span::styled(format!(" {} ", clock(now)), t.label),
        Span::raw(format!("{} ", state.split(' ').next().unwrap_or(""))),
    ];
    tiny.extend(spans.into_iter().skip(3));
    Line::from(tiny)
}

fn card_lines(s: &SyncState, sim: &Simulation, t: &SandboxTheme) -> Vec<Line<'static>> {
    let sc = s.scenario;
    let field = |label: &str, text: &str| {
        Line::from(vec![
            Span::styled(format!("{label} : "), t.label),
            Span::raw(text.to_owned()),
        ])
    };
    let mut lines = vec![Line::from(Span::styled(
        format!("{} — {}", sc.name(), sc.title()),
        t.title,
    ))];
    // The learner's own result first: it is what they came for.
    if let Some(e) = &s.endpoint {
        lines.push(field("Votre endpoint", &e.line()));
    }
    lines.extend([
        field("Cause", sc.cause()),
        field("À observer", sc.observe()),
        field("Correction", sc.fix()),
        field("Voir", sc.see()),
        field("Pannes", &sim.faults.describe()),
    ]);
    lines
}

/// The last step, Clerk's timeline, then every message with each endpoint's state.
fn timeline_lines(s: &SyncState, sim: &Simulation, t: &SandboxTheme) -> Vec<Line<'static>> {
    let mut out = Vec::new();
    match sim.journal.last() {
        Some((at, happened)) => {
            out.push(Line::from(Span::styled(
                format!("Dernière étape, {}", clock(*at)),
                t.title,
            )));
            for h in happened.iter().take(8) {
                out.push(Line::from(format!(
                    "  {}",
                    crate::sync::happened_line(sim, h)
                )));
            }
            if happened.len() > 8 {
                out.push(Line::from(Span::styled(
                    format!("  … et {} de plus", happened.len() - 8),
                    t.muted,
                )));
            }
        }
        None => out.push(Line::from(Span::styled(
            "Rien encore : n avance d’une étape, p lance la lecture, G va à la fin.",
            t.muted,
        ))),
    }
    out.push(Line::from(Span::styled("Clerk", t.title)));
    let done_events: Vec<usize> = sim
        .journal
        .iter()
        .flat_map(|(_, h)| h.iter())
        .filter_map(|h| match h {
            crate::sync::Happened::Event(i) => Some(*i),
            _ => None,
        })
        .collect();
    for (i, e) in sim.events.iter().enumerate() {
        let done = done_events.contains(&i);
        let style = if done { t.value } else { t.muted };
        let mark = if done { "✓" } else { "·" };
        out.push(Line::from(Span::styled(
            format!("{mark} {}  {}", clock(e.at), e.describe()),
            style,
        )));
    }
    out.push(Line::from(Span::styled(
        "Livraisons (svix-id : état par endpoint)",
        t.title,
    )));
    if sim.messages.is_empty() {
        out.push(Line::from(Span::styled("aucune pour l’instant", t.muted)));
    }
    let targets: Vec<Strategy> = sim
        .shown()
        .into_iter()
        .filter(|s| *s != Strategy::Login)
        .collect();
    for (i, m) in sim.messages.iter().enumerate() {
        let selected = i == s.selected;
        let mut spans = vec![Span::styled(
            format!(
                "{} {} {} {} ",
                if selected { "▸" } else { " " },
                m.msg_id,
                m.kind.name(),
                m.user_id
            ),
            if selected { t.selected } else { t.value },
        )];
        for target in &targets {
            let tries = sim.attempts_of(i).filter(|a| a.strategy == *target).count();
            let (text, style) = match sim.state.get(&(*target, i)) {
                Some(MsgState::Delivered) => ("✓".to_owned(), t.pass),
                Some(MsgState::Failed) => ("✗Failed".to_owned(), t.fail),
                Some(MsgState::Pending) if tries > 0 => (format!("↻{tries}"), t.fail),
                Some(MsgState::Pending) => ("…".to_owned(), t.muted),
                None => ("—".to_owned(), t.muted),
            };
            spans.push(Span::styled(format!("{}:", target_key(*target)), t.muted));
            spans.push(Span::styled(format!("{text} "), style));
        }
        out.push(Line::from(spans));
    }
    out
}

fn target_key(s: Strategy) -> String {
    match s {
        Strategy::AppB => "B".to_owned(),
        Strategy::Yours => "V".to_owned(),
        other => other.number().to_string(),
    }
}

/// Clerk's truth, then each strategy: a summary line and its rows, cells that differ
/// highlighted. When the whole listing is taller than the pane, a one-line summary per
/// strategy comes first so the verdicts are always in view.
fn table_lines(sim: &Simulation, width: u16, height: u16, t: &SandboxTheme) -> Vec<Line<'static>> {
    let width = usize::from(width);
    let narrow = width < NARROW_TABLE;
    let columns: usize = if width < NARROW_TABLE { 2 } else { 4 };
    let truth = &sim.snapshot.truth;
    let all_rows: Vec<[String; 4]> = truth
        .iter()
        .chain(sim.snapshot.rows.values().flatten())
        .map(|r| r.cells())
        .collect();
    let mut widths = [0usize; 4];
    for (i, w) in widths.iter_mut().enumerate() {
        *w = all_rows
            .iter()
            .map(|c| c.get(i).map_or(0, |s| s.width()))
            .chain(COLUMNS.get(i).map(|c| c.width()))
            .max()
            .unwrap_or(0);
    }
    // Shrink the widest columns until the row fits.
    let budget = width.saturating_sub(columns + 1);
    while widths.iter().take(columns).sum::<usize>() > budget {
        let Some(widest) = widths.iter_mut().take(columns).max() else {
            break;
        };
        if *widest <= 4 {
            break;
        }
        *widest -= 1;
    }
    let row_line = |cells: &[String; 4], differs: [bool; 4], base: Style| {
        let mut spans = vec![Span::raw(" ")];
        for i in 0..columns {
            let cell = cells.get(i).cloned().unwrap_or_default();
            let w = widths.get(i).copied().unwrap_or(4);
            let style = if differs.get(i).copied().unwrap_or(false) {
                t.changed
            } else {
                base
            };
            spans.push(Span::styled(fit(&cell, w), style));
            spans.push(Span::raw(" "));
        }
        if columns < 4 && (differs[2] || differs[3]) {
            spans.push(Span::styled("≠nom", t.changed));
        }
        Line::from(spans)
    };
    let header: [String; 4] = COLUMNS.map(str::to_owned);

    let mut detail = vec![Line::from(Span::styled(
        format!(
            "Vérité de Clerk ({})",
            crate::sync::plural(truth.len(), "ligne")
        ),
        t.title,
    ))];
    detail.push(row_line(&header, [false; 4], t.label));
    for row in truth {
        detail.push(row_line(&row.cells(), [false; 4], t.value));
    }
    let mut summary = Vec::new();
    for s in sim.shown() {
        let rows = sim.snapshot.rows.get(&s).map_or(&[][..], Vec::as_slice);
        let line = summary_line(sim, s, narrow, t);
        // The learner's own verdict leads the summary: small screens show it first.
        if s == Strategy::Yours {
            summary.insert(0, line.clone());
        } else {
            summary.push(line.clone());
        }
        detail.push(line);
        let compared = compare(truth, rows);
        for c in &compared {
            match &c.row {
                Some(row) => {
                    let mut line = row_line(&row.cells(), c.differs, t.value);
                    if c.truth.is_none() {
                        line.spans.push(Span::styled("en trop", t.fail));
                    }
                    detail.push(line);
                }
                None => detail.push(Line::from(Span::styled(
                    format!("  ({} absente : manquante)", c.clerk_id),
                    t.fail,
                ))),
            }
        }
        if compared.is_empty() {
            detail.push(Line::from(Span::styled("  (table vide)", t.muted)));
        }
    }
    if detail.len() > usize::from(height) {
        summary.push(Line::from(Span::styled(
            "PgSuiv/J : les lignes de chaque table",
            t.muted,
        )));
        summary.extend(detail);
        return summary;
    }
    detail
}

fn summary_line(sim: &Simulation, s: Strategy, narrow: bool, t: &SandboxTheme) -> Line<'static> {
    let diffs = sim.differences(s);
    let emails = sim.snapshot.emails.get(&s).copied().unwrap_or(0);
    let expected = sim.expected_emails();
    let failed = sim.failed(s);
    let errors: usize = sim
        .attempts
        .iter()
        .filter(|a| a.strategy == s && matches!(a.response, crate::sync::Response::Error(_)))
        .count();
    let (mark, style) = if diffs == 0 {
        ("✓", t.pass)
    } else {
        ("✗", t.fail)
    };
    let mut spans = vec![
        Span::styled(
            format!("{mark} {} {}", s.number(), s.short()),
            style.patch(t.label),
        ),
        Span::styled(
            if diffs == 0 {
                " conforme".to_owned()
            } else {
                format!(" {}", crate::sync::plural(diffs, "écart"))
            },
            style,
        ),
    ];
    // Neither application B's e-mails nor the learner's are counted.
    if !matches!(s, Strategy::AppB | Strategy::Yours) {
        let email_style = if emails == expected { t.value } else { t.fail };
        let label = if narrow { "✉" } else { "e-mails" };
        spans.push(Span::styled(
            format!(" · {label} {emails}/{expected}"),
            email_style,
        ));
    }
    if errors > 0 {
        spans.push(Span::styled(format!(" · {errors}×500"), t.fail));
    }
    if failed > 0 {
        spans.push(Span::styled(format!(" · {failed} Failed"), t.fail));
    }
    Line::from(spans)
}

fn inspector_lines(s: &SyncState, sim: &Simulation, t: &SandboxTheme) -> Vec<Line<'static>> {
    let Some(m) = sim.messages.get(s.selected) else {
        return vec![Line::from("aucune livraison")];
    };
    let mut out = vec![
        Line::from(Span::styled(
            format!(
                "{} · {} · {} · émis {}",
                m.msg_id,
                m.kind.name(),
                m.user_id,
                clock(m.at)
            ),
            t.title,
        )),
        Line::from(Span::styled(
            "Même svix-id et même corps à chaque tentative et pour chaque endpoint ; svix-timestamp change (signé à nouveau).",
            t.muted,
        )),
    ];
    for target in sim.shown() {
        if target == Strategy::Login {
            continue;
        }
        let attempts: Vec<_> = sim
            .attempts_of(s.selected)
            .filter(|a| a.strategy == target)
            .collect();
        if attempts.is_empty() {
            continue;
        }
        out.push(Line::from(Span::styled(
            format!("{} {}", target.number(), target.label()),
            t.label,
        )));
        for a in attempts {
            let which = if a.number == 0 {
                "Replay".to_owned()
            } else {
                format!("tentative {}", a.number)
            };
            let style = if a.response.is_success() {
                t.pass
            } else {
                t.fail
            };
            // The learner's endpoint got a real request, signed when it was sent.
            let stamp = if target == Strategy::Yours {
                "signée à l’envoi".to_owned()
            } else {
                format!("svix-timestamp {}", crate::sync::EPOCH + a.at)
            };
            out.push(Line::from(vec![
                Span::raw(format!("  {} {which} {stamp} → ", clock(a.at))),
                Span::styled(a.response.label(), style),
            ]));
            for e in &a.executed {
                out.push(Line::from(Span::styled(
                    format!(
                        "    {} ← ({}) : {}",
                        e.sql,
                        e.values.join(", "),
                        match e.error {
                            Some(err) => format!("erreur {} ({})", err.code(), err.describe()),
                            None => crate::sync::plural(e.changed, "ligne"),
                        }
                    ),
                    t.muted,
                )));
            }
        }
    }
    out.push(Line::from(Span::styled(
        "Corps (identique à chaque tentative) :",
        t.label,
    )));
    out.extend(
        m.body_pretty()
            .lines()
            .map(|l| Line::from(Span::styled(l.to_owned(), t.part_body))),
    );
    out
}

fn sql_lines(s: Strategy, t: &SandboxTheme) -> Vec<Line<'static>> {
    let mut out = vec![Line::from(Span::styled(
        format!("{} {}", s.number(), s.label()),
        t.title,
    ))];
    if s == Strategy::Yours {
        out.push(Line::from(Span::styled(
            "Le SQL de votre endpoint est celui de votre code : seule sa table, lue en lecture seule, est montrée ici.",
            t.muted,
        )));
    }
    for st in statements(s) {
        out.push(Line::from(Span::styled(st.what.to_owned(), t.label)));
        out.push(Line::from(format!("  Prisma     : {}", st.prisma)));
        out.push(Line::from(vec![
            Span::styled("  SQLite     : ", t.muted),
            Span::raw(crate::sync::fill_sql(st.sqlite, s)),
        ]));
        out.push(Line::from(vec![
            Span::styled("  PostgreSQL : ", t.muted),
            Span::raw(st.postgres.to_owned()),
        ]));
    }
    out.push(Line::from(Span::styled(
        "Un upsert Prisma sur un seul champ unique (clerkId), même valeur dans create, sans relation imbriquée, devient sur SQLite et PostgreSQL un INSERT … ON CONFLICT … DO UPDATE natif.",
        t.muted,
    )));
    out
}

/// `text` padded or cut to exactly `w` columns (a cut ends with « … »).
fn fit(text: &str, w: usize) -> String {
    let width = text.width();
    if width <= w {
        return format!("{text}{}", " ".repeat(w - width));
    }
    let mut out = String::new();
    let mut used = 0;
    for c in text.chars() {
        let cw = unicode_width::UnicodeWidthChar::width(c).unwrap_or(0);
        if used + cw + 1 > w {
            break;
        }
        out.push(c);
        used += cw;
    }
    out.push('…');
    used += 1;
    format!("{out}{}", " ".repeat(w.saturating_sub(used)))
}
