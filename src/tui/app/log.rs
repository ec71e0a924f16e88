//! The contact log: a timeline, newest first, where entries are added, edited and removed.

use ratatui::crossterm::event::{KeyCode, KeyEvent};

use super::undo::Change;
use super::{App, Overlay, Screen};
use crate::tui::action::Action;
use crate::tui::log_form::LogForm;

impl App {
    pub(super) fn open_log_form(&mut self, index: Option<usize>, from_log: bool) {
        let entry = index.and_then(|i| self.case().and_then(|c| c.log.get(i)));
        self.log_form = Some(LogForm::new(index, entry, self.now, &self.tz, from_log));
        self.screen = Screen::LogEntry;
    }

    /// The `case.log` index of the selected timeline row.
    pub fn selected_log_index(&self) -> Option<usize> {
        self.case()?.timeline_indices().get(self.log_sel).copied()
    }

    pub(super) fn log_action(&mut self, a: Action) {
        let n = self.case().map(|c| c.log.len()).unwrap_or(0);
        match a {
            Action::Up => self.log_sel = self.log_sel.saturating_sub(1),
            Action::Down => self.log_sel = (self.log_sel + 1).min(n.saturating_sub(1)),
            Action::AddLog => self.open_log_form(None, true),
            Action::Undo => self.undo_last(),
            Action::Open => {
                if let Some(i) = self.selected_log_index() {
                    self.open_log_form(Some(i), true);
                }
            }
            Action::Delete => {
                if let Some(i) = self.selected_log_index() {
                    self.overlay = Some(Overlay::ConfirmRemoveLog { index: i });
                }
            }
            _ => {}
        }
    }

    pub(super) fn remove_log(&mut self, index: usize) {
        let now = self.now;
        if self
            .change(Change::LogRemoved, |c| c.remove_log(index, now))
            .is_some()
        {
            self.flush = true;
            self.log_sel = self.log_sel.saturating_sub(1);
            self.say("status.log_removed");
        }
    }

    pub(super) fn log_form_key(&mut self, k: KeyEvent) {
        let (now, tz) = (self.now, self.tz.clone());
        let Some(form) = self.log_form.as_mut() else {
            self.screen = Screen::Case;
            return;
        };
        match k.code {
            KeyCode::Esc => {
                let back = if form.from_log {
                    Screen::Log
                } else {
                    Screen::Case
                };
                self.log_form = None;
                self.screen = back;
            }
            KeyCode::Enter => {
                let Some(entry) = form.submit(now, &tz) else {
                    return;
                };
                let (index, back) = (
                    form.index,
                    if form.from_log {
                        Screen::Log
                    } else {
                        Screen::Case
                    },
                );
                let what = match index {
                    Some(_) => Change::LogEdited,
                    None => Change::LogAdded,
                };
                self.change(what, |c| match index {
                    Some(i) => c.edit_log(i, entry, now),
                    None => c.add_log(entry, now),
                });
                self.flush = true;
                self.log_form = None;
                self.screen = back;
                self.say("status.log_saved");
            }
            KeyCode::Tab | KeyCode::Down => form.next(),
            KeyCode::BackTab | KeyCode::Up => form.prev(),
            _ if form.input_mut().is_none() => {
                if matches!(k.code, KeyCode::Char(' ') | KeyCode::Left | KeyCode::Right) {
                    form.cycle_who();
                }
            }
            _ => {
                form.error = None;
                if let Some(i) = form.input_mut() {
                    i.edit_key(k);
                }
            }
        }
    }
}
