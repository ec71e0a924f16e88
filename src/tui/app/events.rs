//! Terminal events in: keys (a focused text field first, then the confirmations, then the
//! key table), mouse clicks and the wheel, pastes and resizes.

use ratatui::crossterm::event::{
    Event, KeyCode, KeyEvent, KeyEventKind, KeyModifiers, MouseButton, MouseEventKind,
};
use ratatui::layout::Rect;

use super::{App, Overlay, Pane, Screen};
use crate::tui::action::Action;
use crate::tui::keys;

impl App {
    /// One terminal event in. Returns whether anything may have changed on screen.
    pub fn handle_event(&mut self, ev: &Event) -> bool {
        match ev {
            Event::Key(k) if k.kind != KeyEventKind::Release => {
                self.handle_key(*k);
                true
            }
            Event::Paste(s) => {
                self.paste(s);
                true
            }
            Event::Mouse(m) => match m.kind {
                MouseEventKind::Down(MouseButton::Left) => {
                    self.click(m.column, m.row);
                    true
                }
                // The wheel scrolls text; it moves the selection only in lists.
                MouseEventKind::ScrollDown | MouseEventKind::ScrollUp => {
                    let down = m.kind == MouseEventKind::ScrollDown;
                    if self.screen == Screen::Case && self.overlay.is_none() {
                        self.scroll_detail(if down { 3 } else { -3 });
                    } else {
                        self.update(if down { Action::Down } else { Action::Up });
                    }
                    true
                }
                _ => false,
            },
            Event::Resize(w, h) => {
                self.size = Rect::new(0, 0, *w, *h);
                true
            }
            _ => false,
        }
    }

    pub fn handle_key(&mut self, k: KeyEvent) {
        let ctrl_c = k.code == KeyCode::Char('c') && k.modifiers.contains(KeyModifiers::CONTROL);
        if ctrl_c {
            return self.update(Action::Quit);
        }
        // A text field takes the keys first; only its own way out is handed back.
        match self.screen {
            Screen::Notes => return self.notes_key(k),
            Screen::Facts => return self.form_key(k),
            Screen::LogEntry => return self.log_form_key(k),
            Screen::EvidenceEntry => return self.evidence_form_key(k),
            Screen::Scam => {
                self.scam_key(k);
                // Leaving the scam check returns to the step `s` was pressed on.
                if self.screen != Screen::Scam
                    && let Some(step) = self.scam_return.take()
                {
                    self.select_step(step);
                }
                return;
            }
            Screen::Bill => return self.bill_key(k),
            _ => {}
        }
        let confirmed = matches!(k.code, KeyCode::Char('y') | KeyCode::Char('Y'));
        match self.overlay.clone() {
            Some(Overlay::ConfirmDelete { id }) => {
                self.overlay = None;
                return if confirmed {
                    self.delete(&id)
                } else {
                    self.say("status.delete_cancelled")
                };
            }
            Some(Overlay::ConfirmRemoveLog { index }) => {
                self.overlay = None;
                return if confirmed {
                    self.remove_log(index)
                } else {
                    self.say("status.delete_cancelled")
                };
            }
            Some(Overlay::ConfirmAnswer { step, decision }) => {
                self.overlay = None;
                return if confirmed {
                    self.apply_answer(step, decision)
                } else {
                    self.say("answer.kept_open")
                };
            }
            Some(Overlay::ConfirmRemoveEvidence { index }) => {
                self.overlay = None;
                return if confirmed {
                    self.remove_evidence(index)
                } else {
                    self.say("status.delete_cancelled")
                };
            }
            _ => {}
        }
        if let Some(a) = keys::action_for(self.scope(), &k) {
            self.update(a);
        }
    }

    /// A left click selects what is under it; a click on the selected case opens it.
    fn click(&mut self, x: u16, y: u16) {
        use crate::tui::view::layout::{Target, hit};
        match hit(self, self.size, x, y) {
            Some(Target::ListRow(i)) => {
                if i == self.list_sel {
                    if let Some(c) = self.selected_case() {
                        self.open_case(c);
                    }
                } else {
                    self.list_sel = i;
                }
            }
            Some(Target::Step(s)) => {
                self.pane = Pane::Steps;
                self.select_step(s);
            }
            Some(Target::Detail) => self.pane = Pane::Detail,
            None => {}
        }
    }

    fn paste(&mut self, s: &str) {
        match self.screen {
            Screen::Notes => {
                if let Some(ed) = &mut self.editor {
                    ed.insert_str(s);
                }
            }
            Screen::Facts => {
                if let Some(i) = self.form.as_mut().and_then(|f| f.input_mut()) {
                    i.insert(s);
                }
            }
            Screen::Scam => self.scam_paste(s),
            Screen::Bill => {
                if let Some(b) = &mut self.bill {
                    b.path.insert(s);
                }
            }
            _ => {}
        }
    }
}
