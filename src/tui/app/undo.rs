//! `u`: take back the last change to the open case, one step at a time. Every change a key
//! makes to a case goes through `App::change`, which keeps the case as it was before; undo
//! puts that copy back and says what it took back (and what that did to the case).

use super::App;
use crate::assets::{content, t, tf};
use crate::domain::case::{Case, Decision};
use crate::domain::steps::StepKey;
use crate::lang::Lang;

/// How many changes can be taken back (over all cases): plenty for a session, bounded.
const DEPTH: usize = 100;

/// What a change was, in words the status line can say after undoing it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Change {
    Tick { step: StepKey, item: &'static str },
    Answer { step: StepKey, decision: Decision },
    NotNeeded { step: StepKey },
    Cause,
    Reopen,
    Facts,
    Notes { step: StepKey },
    LogAdded,
    LogEdited,
    LogRemoved,
    EvidenceAdded,
    EvidenceEdited,
    EvidenceRemoved,
}

impl Change {
    /// "ticking “Find both charges” (step 1)", in `lang`.
    pub fn describe(&self, lang: Lang) -> String {
        let step_name = |s: &StepKey| super::answer::step_name(lang, *s);
        match self {
            Change::Tick { step, item } => {
                let label = content(lang).steps[step]
                    .checklist
                    .get(*item)
                    .map(String::as_str)
                    .unwrap_or(item);
                tf(
                    lang,
                    "undo.what.tick",
                    &[("item", label), ("step", &step_name(step))],
                )
            }
            Change::Answer { step, decision } => {
                let d = content(lang).steps[step].decision.as_ref();
                let answer = d
                    .map(|d| match decision {
                        Decision::Yes => d.yes.as_str(),
                        Decision::No => d.no.as_str(),
                    })
                    .unwrap_or_default();
                tf(
                    lang,
                    "undo.what.answer",
                    &[("answer", answer), ("step", &step_name(step))],
                )
            }
            Change::NotNeeded { step } => {
                tf(lang, "undo.what.not_needed", &[("step", &step_name(step))])
            }
            Change::Notes { step } => tf(lang, "undo.what.notes", &[("step", &step_name(step))]),
            Change::Cause => t(lang, "undo.what.cause").into(),
            Change::Reopen => t(lang, "undo.what.reopen").into(),
            Change::Facts => t(lang, "undo.what.facts").into(),
            Change::LogAdded => t(lang, "undo.what.log_added").into(),
            Change::LogEdited => t(lang, "undo.what.log_edited").into(),
            Change::LogRemoved => t(lang, "undo.what.log_removed").into(),
            Change::EvidenceAdded => t(lang, "undo.what.evidence_added").into(),
            Change::EvidenceEdited => t(lang, "undo.what.evidence_edited").into(),
            Change::EvidenceRemoved => t(lang, "undo.what.evidence_removed").into(),
        }
    }
}

/// One change that can be taken back: the case as it was before it.
#[derive(Debug, Clone)]
pub struct Undo {
    pub what: Change,
    pub before: Case,
}

impl App {
    /// Change the open case with `f`, remembering it as it was so `u` can take the change
    /// back. A read-only case is not changed (`None`); a change that changed nothing is not
    /// remembered.
    pub(super) fn change<R>(&mut self, what: Change, f: impl FnOnce(&mut Case) -> R) -> Option<R> {
        let id = self.open.clone()?;
        self.change_case(&id, what, f)
    }

    /// `change` for a case by its id (the facts form knows which case it edits).
    pub(super) fn change_case<R>(
        &mut self,
        id: &str,
        what: Change,
        f: impl FnOnce(&mut Case) -> R,
    ) -> Option<R> {
        if self.read_only.contains(id) {
            return None;
        }
        let case = self.cases.iter_mut().find(|c| c.id == id)?;
        let before = case.clone();
        let r = f(case);
        if *case != before {
            self.remember(what, before);
            self.dirty.insert(id.to_string());
        }
        Some(r)
    }

    /// Keep `before` as the state `u` returns to.
    pub(super) fn remember(&mut self, what: Change, before: Case) {
        self.undo.push(Undo { what, before });
        if self.undo.len() > DEPTH {
            self.undo.remove(0);
        }
    }

    /// Take back the open case's last change.
    pub(super) fn undo_last(&mut self) {
        let Some(id) = self.open.clone() else {
            return;
        };
        if self.read_only.contains(&id) {
            return self.say("status.read_only");
        }
        let Some(i) = self.undo.iter().rposition(|u| u.before.id == id) else {
            return self.say("undo.nothing");
        };
        let Undo { what, mut before } = self.undo.remove(i);
        let now = self.now;
        let Some(case) = self.cases.iter_mut().find(|c| c.id == id) else {
            return;
        };
        let was_open = case.status.is_open();
        before.updated_at = now;
        *case = before;
        let status = case.status;
        let (logs, evidence) = (case.log.len(), case.evidence.len());
        self.dirty.insert(id);
        self.flush = true;
        self.log_sel = self.log_sel.min(logs.saturating_sub(1));
        self.evidence_sel = self.evidence_sel.min(evidence.saturating_sub(1));
        match &what {
            Change::Answer { step, .. }
            | Change::Tick { step, .. }
            | Change::NotNeeded { step }
            | Change::Notes { step } => self.select_step(*step),
            _ => {}
        }
        let mut text = tf(
            self.lang,
            "undo.done",
            &[("what", &what.describe(self.lang))],
        );
        if was_open != status.is_open() {
            text.push_str(super::answer::gap(self.lang));
            text.push_str(&if status.is_open() {
                t(self.lang, "undo.case_open_again").to_string()
            } else {
                let s = t(self.lang, &format!("status.{}", status.as_str()));
                tf(self.lang, "undo.case_ended_again", &[("status", s)])
            });
        }
        self.status = Some(super::Status { text, error: false });
    }

    /// A deleted case has nothing left to take back.
    pub(super) fn forget_undo(&mut self, id: &str) {
        self.undo.retain(|u| u.before.id != id);
    }
}
