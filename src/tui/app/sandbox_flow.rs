//! The app's side of the sandbox: opening it and going back to where it was opened
//! from, carrying out its effects (clipboard, notices, the local listener whose
//! receptions come back through the event channel) and its status line, kept apart
//! from `app.rs`'s routing.

use super::{App, Screen};
use crate::tui::action::Action;
use crate::tui::event::Event;
use crate::tui::sandbox::{self as sandbox_screen};

impl App {
    /// Shows the sandbox; `Back` there returns to the screen it was opened from.
    pub(super) fn open_sandbox(&mut self) {
        if self.screen != Screen::Sandbox {
            self.sandbox_from = self.screen;
        }
        self.screen = Screen::Sandbox;
    }

    pub(super) fn update_sandbox(&mut self, action: &Action) {
        if *action == Action::Back {
            self.screen = match self.sandbox_from {
                Screen::Reader if self.reader.is_some() => Screen::Reader,
                _ => Screen::Home,
            };
            return;
        }
        let effect = match action {
            Action::Sandbox(action) => self.sandbox.update(action),
            Action::Paste(text) => self.sandbox.paste(text),
            _ => return,
        };
        self.sandbox_effect(effect);
    }

    /// Carries out what a sandbox update asked for.
    pub(super) fn sandbox_effect(&mut self, effect: sandbox_screen::Effect) {
        match effect {
            sandbox_screen::Effect::None => {}
            sandbox_screen::Effect::Notice(text) => self.status.notice = Some(text),
            sandbox_screen::Effect::Copy { text, notice } => {
                self.terminal_out = Some(crate::sandbox::osc52(&text));
                self.status.notice = Some(notice);
            }
            sandbox_screen::Effect::ToggleListener => {
                let notice = match &self.events {
                    Some(tx) => {
                        let tx = tx.clone();
                        self.sandbox.toggle_listener(move |request| {
                            // The loop may be gone (quitting): nothing left to show it.
                            let _ = tx.send(Event::Received(Box::new(request)));
                        })
                    }
                    None => LISTENER_UNAVAILABLE.to_owned(),
                };
                self.status.notice = Some(notice);
            }
            sandbox_screen::Effect::Ticker(on) => self.set_ticker(on),
            sandbox_screen::Effect::Back => {
                self.set_ticker(false);
                self.update_sandbox(&Action::Back);
            }
        }
    }

    /// Starts or stops the play timer; without an event loop (tests) nothing ticks.
    fn set_ticker(&mut self, on: bool) {
        use std::sync::atomic::{AtomicBool, Ordering};
        if let Some(running) = self.ticker.take() {
            running.store(false, Ordering::Relaxed);
        }
        if !on {
            return;
        }
        let Some(tx) = &self.events else { return };
        let running = std::sync::Arc::new(AtomicBool::new(true));
        match crate::tui::event::spawn_ticker(tx.clone(), running.clone()) {
            Ok(()) => self.ticker = Some(running),
            Err(_) => self.status.notice = Some(TICKER_UNAVAILABLE.to_owned()),
        }
    }

    /// Title, position and right-hand text of the status line on the sandbox screen.
    pub(super) fn sandbox_status(&self) -> (String, String, String) {
        let s = &self.sandbox;
        let right = match s.editor() {
            Some(_) => format!("édition : {} — Échap pour terminer", s.field.label()),
            None => String::new(),
        };
        if s.view == sandbox_screen::View::Sync {
            return (
                SYNC_STATUS.to_string(),
                format!("scénario {}", s.sync.scenario.name()),
                right,
            );
        }
        (
            SANDBOX_STATUS.to_string(),
            format!("scénario {}", s.scenario.name()),
            right,
        )
    }
}

const SANDBOX_STATUS: &str = "Bac à sable Svix";
const SYNC_STATUS: &str = "Synchronisation";
const TICKER_UNAVAILABLE: &str =
    "lecture automatique indisponible (minuterie impossible à lancer) : avancez avec n";
const LISTENER_UNAVAILABLE: &str = "écoute indisponible ici : lancez l'interface dans un terminal";
