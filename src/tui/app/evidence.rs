//! The evidence list: screenshots, receipts and chat exports on the user's disk. A file that
//! is not there is flagged, never an error.

use ratatui::crossterm::event::{KeyCode, KeyEvent};

use super::undo::Change;
use super::{App, Overlay, Screen};
use crate::tui::action::Action;
use crate::tui::evidence_form::EvidenceForm;

impl App {
    /// Re-check which evidence files exist (on opening the list and after a change).
    pub(super) fn check_evidence(&mut self) {
        let missing = self
            .case()
            .map(|c| {
                c.evidence
                    .iter()
                    .filter(|e| !self.probe.exists(&e.path))
                    .map(|e| e.path.clone())
                    .collect()
            })
            .unwrap_or_default();
        self.missing_evidence = missing;
    }

    pub(super) fn open_evidence(&mut self) {
        self.evidence_sel = 0;
        self.check_evidence();
        self.screen = Screen::Evidence;
    }

    pub(super) fn evidence_action(&mut self, a: Action) {
        let n = self.case().map(|c| c.evidence.len()).unwrap_or(0);
        match a {
            Action::Undo => {
                self.undo_last();
                self.check_evidence();
            }
            Action::Up => self.evidence_sel = self.evidence_sel.saturating_sub(1),
            Action::Down => self.evidence_sel = (self.evidence_sel + 1).min(n.saturating_sub(1)),
            Action::AddLog => {
                self.evidence_form = Some(EvidenceForm::new(None, None));
                self.screen = Screen::EvidenceEntry;
            }
            Action::Open if self.evidence_sel < n => {
                let e = self
                    .case()
                    .and_then(|c| c.evidence.get(self.evidence_sel))
                    .cloned();
                self.evidence_form = Some(EvidenceForm::new(Some(self.evidence_sel), e.as_ref()));
                self.screen = Screen::EvidenceEntry;
            }
            Action::Delete if self.evidence_sel < n => {
                self.overlay = Some(Overlay::ConfirmRemoveEvidence {
                    index: self.evidence_sel,
                });
            }
            _ => {}
        }
    }

    pub(super) fn remove_evidence(&mut self, index: usize) {
        let now = self.now;
        if self
            .change(Change::EvidenceRemoved, |c| c.remove_evidence(index, now))
            .is_some()
        {
            self.flush = true;
            self.evidence_sel = self.evidence_sel.saturating_sub(1);
            self.say("status.evidence_removed");
        }
    }

    pub(super) fn evidence_form_key(&mut self, k: KeyEvent) {
        let Some(form) = self.evidence_form.as_mut() else {
            self.screen = Screen::Evidence;
            return;
        };
        match k.code {
            KeyCode::Esc => {
                self.evidence_form = None;
                self.screen = Screen::Evidence;
            }
            KeyCode::Enter => {
                let Some(ev) = form.submit() else {
                    return;
                };
                let index = form.index;
                let now = self.now;
                let what = match index {
                    Some(_) => Change::EvidenceEdited,
                    None => Change::EvidenceAdded,
                };
                self.change(what, |c| c.put_evidence(index, ev, now));
                self.flush = true;
                self.evidence_form = None;
                self.screen = Screen::Evidence;
                self.check_evidence();
                self.say("status.evidence_saved");
            }
            KeyCode::Tab if form.focus == 1 => form.complete(self.probe.as_ref()),
            KeyCode::Tab | KeyCode::BackTab | KeyCode::Down | KeyCode::Up => {
                form.focus = 1 - form.focus;
                form.input_mut().select_all();
            }
            _ => {
                form.error = None;
                let i = form.input_mut();
                i.edit_key(k);
            }
        }
    }
}
