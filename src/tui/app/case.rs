//! The case view's actions: moving between steps and checklist items, ticking, answering,
//! and opening the case's other screens.

use ratatui_textarea::TextArea;

use super::undo::Change;
use super::{App, MAX_SCROLL, Overlay, Pane, Screen};
use crate::assets::deadline_rules;
use crate::domain::case::Decision;
use crate::domain::steps::{Cause, StepKey};
use crate::tui::action::Action;
use crate::tui::form::FactsForm;

/// How many lines PgUp/PgDn move the step's text: most of a screen at 80×24.
const PAGE: u16 = 10;

impl App {
    pub(super) fn case_action(&mut self, a: Action) {
        let Some(case) = self.case() else {
            self.screen = Screen::List;
            return;
        };
        let read_only = self.read_only.contains(&case.id);
        let items = self.step.checklist().len();
        let (now, step, tz) = (self.now, self.step, self.tz.clone());
        let writes = matches!(
            a,
            Action::ToggleCheck
                | Action::AnswerYes
                | Action::AnswerNo
                | Action::ToggleNotNeeded
                | Action::EditNotes
                | Action::EditFacts
                | Action::CycleCause
                | Action::Reopen
                | Action::AddLog
                | Action::Evidence
                | Action::ImportBill
                | Action::Undo
        );
        if writes && read_only {
            return self.say("status.read_only");
        }
        match a {
            Action::Up | Action::Down => {
                let down = a == Action::Down;
                match self.pane {
                    Pane::Steps => {
                        let i = step.index();
                        let j = if down {
                            (i + 1).min(5)
                        } else {
                            i.saturating_sub(1)
                        };
                        self.select_step(StepKey::from_index(j).unwrap_or(step));
                    }
                    Pane::Detail => {
                        self.check_sel = if down {
                            (self.check_sel + 1).min(items.saturating_sub(1))
                        } else {
                            self.check_sel.saturating_sub(1)
                        };
                        self.follow_check();
                    }
                }
            }
            Action::PageDown => self.scroll_detail(PAGE as i32),
            Action::PageUp => self.scroll_detail(-(PAGE as i32)),
            Action::NextPane | Action::PrevPane | Action::Open => {
                self.pane = match self.pane {
                    Pane::Steps => Pane::Detail,
                    Pane::Detail => Pane::Steps,
                };
                if self.pane == Pane::Detail {
                    self.follow_check();
                }
            }
            Action::ToggleCheck => {
                if let Some(item) = step.checklist().get(self.check_sel).copied() {
                    self.change(Change::Tick { step, item }, |c| {
                        c.toggle_check(step, item, now, &tz, deadline_rules())
                    });
                }
            }
            Action::AnswerYes => self.answer_key(Decision::Yes),
            Action::AnswerNo => self.answer_key(Decision::No),
            Action::ToggleNotNeeded => {
                let after = self.change(Change::NotNeeded { step }, |c| {
                    c.toggle_not_needed(step, now);
                    c.step(step).status
                });
                if let Some(s) = after {
                    let name = super::answer::capital(&super::answer::step_name(self.lang, step));
                    let status =
                        crate::assets::t(self.lang, &format!("step_status.{}", s.as_str()));
                    let text = crate::assets::tf(
                        self.lang,
                        "status.step_marked",
                        &[("step", &name), ("status", status)],
                    );
                    self.status = Some(super::Status { text, error: false });
                }
            }
            Action::Undo => self.undo_last(),
            Action::EditNotes => {
                let (before, notes) = (case.clone(), case.step(step).notes.clone());
                self.notes_before = Some(before);
                let mut ed = TextArea::new(notes.lines().map(str::to_string).collect());
                ed.move_cursor(ratatui_textarea::CursorMove::Bottom);
                ed.move_cursor(ratatui_textarea::CursorMove::End);
                self.editor = Some(ed);
                self.screen = Screen::Notes;
            }
            Action::EditFacts => {
                let (id, title, facts) = (case.id.clone(), case.title.clone(), case.facts.clone());
                self.form = Some(FactsForm::new(Some(id), &title, &facts, &tz, self.lang));
                self.screen = Screen::Facts;
            }
            Action::CycleCause => {
                self.change(Change::Cause, |c| {
                    let mut f = c.facts.clone();
                    f.cause = Cause::cycle(f.cause);
                    // Step 6's "choose the likely cause" is ticked while one is chosen.
                    let chosen = f.cause.is_some();
                    c.set_facts(f, now);
                    if c.step(StepKey::Review).is_checked("choose_cause") != chosen {
                        c.toggle_check(StepKey::Review, "choose_cause", now, &tz, deadline_rules());
                    }
                });
            }
            Action::Reopen => {
                let was_open = case.status.is_open();
                self.change(Change::Reopen, |c| c.reopen(now));
                self.say(if was_open {
                    "status.already_open"
                } else {
                    "status.reopened"
                });
            }
            Action::Delete => {
                self.overlay = Some(Overlay::ConfirmDelete {
                    id: case.id.clone(),
                });
            }
            Action::Log => {
                self.log_sel = 0;
                self.screen = Screen::Log;
            }
            Action::AddLog => self.open_log_form(None, false),
            Action::Evidence => self.open_evidence(),
            Action::Templates => self.open_moment_template(),
            Action::ScamCheck => {
                self.scam_return = Some(step);
                self.open_scam();
            }
            Action::ImportBill => self.open_bill(Some(case.id.clone())),
            Action::ExportReport => self.export_report(),
            _ => {}
        }
    }

    /// Scroll the step's text by `by` lines, never past its last line on the last row.
    pub(super) fn scroll_detail(&mut self, by: i32) {
        let max = crate::tui::view::detail_geometry(self, self.size)
            .map(|g| g.max_scroll())
            .unwrap_or(MAX_SCROLL as usize)
            .min(MAX_SCROLL as usize) as i32;
        self.detail_scroll = (self.detail_scroll as i32 + by).clamp(0, max) as u16;
    }

    /// Bring the selected checklist item into view (moving through the checklist).
    fn follow_check(&mut self) {
        let Some(g) = crate::tui::view::detail_geometry(self, self.size) else {
            return;
        };
        let (Some(sel), scroll) = (g.selected, self.detail_scroll as usize) else {
            return;
        };
        if sel < scroll {
            self.detail_scroll = sel as u16;
        } else if sel >= scroll + g.rows {
            self.detail_scroll = (sel + 1).saturating_sub(g.rows) as u16;
        }
    }

    pub(super) fn select_step(&mut self, s: StepKey) {
        if s != self.step {
            self.step = s;
            self.check_sel = 0;
            self.detail_scroll = 0;
            self.state_dirty = true;
        }
    }
}
