//! The app's side of the lab screen: starting the lab (the project folder, its readiness,
//! the worker whose reports come back through the event channel), routing its keys, and
//! carrying out its effects (a hint revealed and saved, exercises ticked), kept apart from
//! `app.rs`'s routing.

use super::{App, Screen};
use crate::lab::round::Target;
use crate::lab::worker::Worker;
use crate::lab::{self, Lab};
use crate::tui::action::Action;
use crate::tui::event::Event;
use crate::tui::lab::{Effect, LabAction, LabState};

impl App {
    /// Shows the lab, starting it on the default project folder if it is not running.
    pub(super) fn open_lab(&mut self) {
        if self.lab.is_none() {
            let dir = lab::project::project_dir(None);
            let shown = dir.display().to_string();
            let prepared = lab::project::project_stack(&dir)
                .and_then(|stack| Lab::load(&self.course.origin, &stack).map_err(|e| e.0))
                .and_then(|l| {
                    let secret = crate::webhook::Secret::try_generate()
                        .map_err(|e| format!("générateur aléatoire indisponible : {e}"))?
                        .to_whsec();
                    lab::project::ready_target(&dir, &l, secret)
                });
            match prepared {
                Ok(target) => self.open_lab_on(shown, target),
                Err(reason) => self.lab = Some(LabState::failed(shown, reason)),
            }
        }
        self.screen = Screen::Lab;
    }

    /// Starts the lab on `target` (`webhook-tutor lab` prepared it) and shows it.
    pub fn open_lab_on(&mut self, dir: String, target: Target) {
        let stack = match &target {
            Target::Started { dir, .. } => lab::project::project_stack(dir).ok(),
            Target::Own { .. } => None,
        };
        let loaded = Lab::load(
            &self.course.origin,
            stack.as_deref().unwrap_or(lab::DEFAULT_STACK),
        );
        let state = match (loaded, &self.events, &self.store) {
            (Err(e), _, _) => LabState::failed(dir, e.0),
            (Ok(l), Some(tx), Some(store)) => {
                let tx = tx.clone();
                let send = Box::new(move |event| {
                    let _ = tx.send(Event::Lab(Box::new(event)));
                });
                let worker = Worker::spawn(
                    target,
                    l,
                    self.course.exercises.clone(),
                    store.clone(),
                    send,
                );
                match worker {
                    Ok(worker) => LabState::new(dir, Some(worker)),
                    Err(e) => LabState::failed(dir, format!("impossible de lancer le labo : {e}")),
                }
            }
            // Tests and benchmarks: no channel, no store, no server; events are fed by hand.
            (Ok(_), _, _) => LabState::new(dir, None),
        };
        self.lab = Some(state);
        self.screen = Screen::Lab;
    }

    pub(super) fn update_lab(&mut self, action: &Action) {
        let Some(lab) = &mut self.lab else {
            self.screen = Screen::Home;
            return;
        };
        let effect = match action {
            Action::SelectNext => {
                lab.select(1);
                Effect::None
            }
            Action::SelectPrev => {
                lab.select(-1);
                Effect::None
            }
            Action::Back => {
                self.lab = None;
                self.screen = Screen::Home;
                return;
            }
            Action::Lab(action) => lab.update(action),
            _ => Effect::None,
        };
        self.lab_effect(effect);
    }

    pub(super) fn lab_effect(&mut self, effect: Effect) {
        match effect {
            Effect::None => {}
            Effect::Validated(ids) => {
                // The worker saved them; the home screen shows them at once.
                for id in ids {
                    self.progress.validate_exercise_by_lab(&id);
                }
            }
            Effect::Hint(id) => {
                let Some(x) = self.course.exercises.iter().find(|x| x.id == id) else {
                    return;
                };
                let hints = lab::hints::hints(&self.course, &x.see);
                let name = match lab::board::exercise_number(&x.see) {
                    Some(n) => format!("Exercice {n} — {}", x.title),
                    None => x.title.clone(),
                };
                if hints.is_empty() {
                    self.status.notice = Some(format!("{name} : pas d’indice"));
                    return;
                }
                let count = hints.len();
                self.change_progress(|p| {
                    p.reveal_lab_hint(&id, count);
                });
                let shown = self
                    .progress
                    .lab_hints
                    .get(&id)
                    .copied()
                    .unwrap_or(1)
                    .clamp(1, count);
                if let Some(lab) = &mut self.lab {
                    lab.hint = Some((
                        format!("Indice {shown}/{count} — {name}"),
                        hints[shown - 1].clone(),
                    ));
                }
            }
        }
    }
}

impl LabAction {
    /// The lab's key actions, for the keymap.
    pub const fn key(self) -> Action {
        Action::Lab(self)
    }
}
