//! The app's side of the Labo: opening it, carrying out its effects (remembering the
//! fields per course, running the battery on its own thread with the news coming back
//! through the event channel, recording the finished run and the exercises it validates
//! through `grade::record`, opening a check's course section) and its status line.

use super::{App, Screen};
use crate::grade::GradeError;
use crate::grade::record::Outcome;
use crate::tui::action::Action;
use crate::tui::event::Event;
use crate::tui::labo::{self, LaboAction};

impl App {
    pub(super) fn open_labo(&mut self) {
        self.screen = Screen::Labo;
    }

    pub(super) fn update_labo(&mut self, action: &Action) {
        let effect = match action {
            Action::Labo(action) => self.labo.update(action, &self.course),
            // Bracketed paste, or keys typed faster than frames: one edit of the field.
            Action::Paste(text) => self
                .labo
                .update(&LaboAction::Paste(text.clone()), &self.course),
            _ => return,
        };
        self.labo_effect(effect);
    }

    /// Progress and the end of a run, whatever is on screen.
    pub(super) fn labo_news(&mut self, action: &LaboAction) {
        let effect = self.labo.update(action, &self.course);
        self.labo_effect(effect);
    }

    fn labo_effect(&mut self, effect: labo::Effect) {
        match effect {
            labo::Effect::None => {}
            labo::Effect::Notice(text) => self.status.notice = Some(text),
            labo::Effect::Save {
                url,
                database_url,
                secret,
                notice,
            } => {
                let course = self.course.title.clone();
                self.change_progress(|p| {
                    p.set_lab_settings(&course, &url, &database_url, secret.as_deref());
                });
                if notice.is_some() {
                    self.status.notice = notice;
                }
            }
            labo::Effect::Run(config) => self.start_lab_run(*config),
            labo::Effect::OpenSection(see) => self.open_section_from(see, Screen::Labo),
            labo::Effect::Finished(report) => self.record_lab_run(&report),
            labo::Effect::Back => self.screen = Screen::Home,
        }
    }

    /// Keeps the run and ticks the exercises it validates (`grade::record`, as `grade`
    /// does), and says which ones it newly validated.
    fn record_lab_run(&mut self, report: &crate::grade::Report) {
        let date = crate::progress::rfc3339_utc(crate::progress::now_unix());
        let Some(outcome) = Outcome::new(&self.course, report, date) else {
            // Nothing ran: the error on screen says why, the last run stays.
            return;
        };
        let before = self.progress.lab_validated.clone();
        self.change_progress(|p| outcome.apply(p));
        let newly: Vec<&str> = self
            .course
            .exercises
            .iter()
            .filter(|x| outcome.validated.contains(&x.id) && !before.contains(&x.id))
            .map(|x| x.title.as_str())
            .collect();
        let (passed, total) = report.counts();
        self.status.notice = Some(match newly.as_slice() {
            [] => format!("Labo : {passed}/{total} ({} %)", report.score),
            titles => format!(
                "Labo : {passed}/{total} · validé par le labo : {}",
                titles.join(", ")
            ),
        });
        self.labo
            .set_last(self.progress.lab(&self.course.title).last);
    }

    /// Runs the battery on its own thread; each step comes back as an event.
    fn start_lab_run(&mut self, config: crate::grade::Config) {
        let Some(tx) = self.events.clone() else {
            self.labo.update(
                &LaboAction::Finished(Box::new(Err(GradeError(NO_LOOP.into())))),
                &self.course,
            );
            return;
        };
        let spawned = std::thread::Builder::new()
            .name("labo-grade".into())
            .spawn(move || {
                let progress_tx = tx.clone();
                let result = crate::grade::run(&config, &mut |p| {
                    // The loop may be gone (quitting): the run just finishes unseen.
                    let _ = progress_tx.send(Event::LabProgress(p));
                });
                let _ = tx.send(Event::LabFinished(Box::new(result)));
            });
        if let Err(err) = spawned {
            let reason = format!("impossible de lancer l’évaluation (fil d’exécution) : {err}");
            self.labo.update(
                &LaboAction::Finished(Box::new(Err(GradeError(reason)))),
                &self.course,
            );
        }
    }

    /// Title, position and right-hand text of the status line on the Labo screen.
    pub(super) fn labo_status(&self) -> (String, String, String) {
        let l = &self.labo;
        let position = match (&l.details, l.running) {
            (Some(d), _) => l
                .rows
                .get(d.row)
                .map_or_else(String::new, |r| format!("détail : {}", r.def.id)),
            (None, true) => format!("{}/{}", l.done, l.total),
            (None, false) => String::new(),
        };
        let right = match (l.editor(), l.field()) {
            (Some(_), Some(field)) => {
                format!(
                    "édition : {} — Entrée ou Échap pour terminer",
                    field.label()
                )
            }
            _ => String::new(),
        };
        (LABO_STATUS.to_owned(), position, right)
    }
}

pub(super) const BACK_TO_LABO: &str = "q ou Échap : retour au labo";
const LABO_STATUS: &str = "Labo";
const NO_LOOP: &str = "évaluation impossible ici : lancez l’interface dans un terminal";

#[cfg(test)]
#[path = "labo_flow_tests.rs"]
mod tests;
