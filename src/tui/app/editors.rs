//! Keys while a text field has focus: the notes editor and the facts form. They take every
//! key but their own way out (Esc, Enter), and Ctrl-C, which `handle_key` catches first.

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::undo::Change;
use super::{App, Screen};
use crate::domain::case::Case;
use crate::domain::facts::Facts;
use crate::domain::steps::Cause;
use crate::tui::form::Field;

impl App {
    pub(super) fn notes_key(&mut self, k: KeyEvent) {
        if k.code == KeyCode::Esc {
            self.sync_editor();
            self.editor = None;
            let step = self.step;
            if let Some(before) = self.notes_before.take()
                && self
                    .case()
                    .is_some_and(|c| c.step(step).notes != before.step(step).notes)
            {
                self.remember(Change::Notes { step }, before);
            }
            self.screen = Screen::Case;
            self.flush = true;
            self.say("status.notes_saved");
            return;
        }
        if let Some(ed) = &mut self.editor {
            ed.input(k);
        }
    }

    pub(super) fn form_key(&mut self, k: KeyEvent) {
        let Some(form) = self.form.as_mut() else {
            self.screen = Screen::List;
            return;
        };
        if form.confirm_discard {
            form.confirm_discard = false;
            if matches!(k.code, KeyCode::Char('y') | KeyCode::Char('Y')) {
                self.close_form();
            }
            return;
        }
        match k.code {
            KeyCode::Char('b') if k.modifiers.contains(KeyModifiers::CONTROL) => {
                self.open_bill_from_form()
            }
            KeyCode::Esc => {
                if form.changed() {
                    form.confirm_discard = true;
                } else {
                    self.close_form();
                }
            }
            KeyCode::Enter => self.submit_form(),
            KeyCode::Tab | KeyCode::Down => form.next(),
            KeyCode::BackTab | KeyCode::Up => form.prev(),
            _ if form.field() == Field::Cause => {
                if matches!(k.code, KeyCode::Char(' ') | KeyCode::Left | KeyCode::Right) {
                    form.cause = Cause::cycle(form.cause);
                }
            }
            _ => {
                if let Some(i) = form.input_mut() {
                    i.edit_key(k);
                }
            }
        }
    }

    fn close_form(&mut self) {
        let new = self.form.as_ref().is_some_and(|f| f.case_id.is_none());
        self.form = None;
        self.screen = if new || self.open.is_none() {
            Screen::List
        } else {
            Screen::Case
        };
    }

    fn submit_form(&mut self) {
        let (now, tz) = (self.now, self.tz.clone());
        let Some(form) = self.form.as_mut() else {
            return;
        };
        let base = match &form.case_id {
            Some(id) => self
                .cases
                .iter()
                .find(|c| &c.id == id)
                .map(|c| c.facts.clone())
                .unwrap_or_default(),
            None => Facts::default(),
        };
        let Some((title, facts)) = form.submit(&base, now, &tz) else {
            let key = "status.form_invalid";
            return self.say(key);
        };
        match form.case_id.clone() {
            Some(id) => {
                self.change_case(&id, Change::Facts, |c| {
                    c.set_facts(facts, now);
                    let title = match title {
                        // Emptied: the title follows merchant and amount again.
                        Some(t) if t.is_empty() => c.facts.default_title(),
                        Some(t) => t,
                        None => c.title.clone(),
                    };
                    if c.title != title {
                        c.title = title;
                        c.updated_at = now;
                    }
                });
            }
            None => {
                let mut c = Case::new(self.new_id(), facts, now);
                if let Some(t) = title.filter(|t| !t.is_empty()) {
                    c.title = t;
                }
                self.add_new_case(c);
            }
        }
        self.form = None;
        self.screen = Screen::Case;
        self.flush = true;
        self.say("status.facts_saved");
    }

    /// Same scheme as `Store::new_id`: creation time, with a counter when taken.
    pub(super) fn new_id(&self) -> String {
        let base = self.now.strftime("%Y%m%d-%H%M%S").to_string();
        let taken = |id: &str| self.list.iter().any(|c| c.id == id);
        let mut id = base.clone();
        let mut n = 2;
        while taken(&id) {
            id = format!("{base}-{n}");
            n += 1;
        }
        id
    }
}
