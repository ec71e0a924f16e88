//! The app model and its one `update` function. No terminal, no disk: saving and deleting
//! are queued as effects that the event loop (`tui::run`) carries out, so every screen can be
//! driven by key events in tests.

use std::collections::BTreeSet;

use jiff::{Timestamp, tz::TimeZone};
use ratatui::layout::Rect;
use ratatui_textarea::TextArea;

mod answer;
pub mod bill;
mod case;
mod editors;
mod events;
mod evidence;
mod lazy;
mod list;
mod log;
mod moment;
mod report;
mod templates;
mod undo;

pub use templates::{TemplateView, Templates};

pub use list::{ListFilter, list_order};
pub use report::ReportExport;
pub mod scam;

use super::action::Action;
use super::form::FactsForm;
use super::keys::Scope;
use crate::assets::{t, tf};
use crate::domain::case::Case;
use crate::domain::steps::StepKey;
use crate::domain::summary::CaseSummary;
use crate::lang::Lang;
use crate::storage::{Problem, State};

/// Scrolling stops somewhere: no step's text is this long, and an unbounded offset would make
/// scrolling back up take forever.
const MAX_SCROLL: u16 = 400;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Screen {
    List,
    Case,
    Facts,
    Notes,
    Log,
    LogEntry,
    Evidence,
    EvidenceEntry,
    Templates,
    /// Step 5's scam check: a paste area and its red flags.
    Scam,
    /// Importing a bill: path, then the candidates.
    Bill,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Overlay {
    Help {
        scroll: u16,
    },
    Knowledge {
        scroll: u16,
    },
    /// Every case file that could not be read (the list shows the first few).
    Problems {
        scroll: u16,
    },
    ConfirmDelete {
        id: String,
    },
    ConfirmRemoveLog {
        index: usize,
    },
    ConfirmRemoveEvidence {
        index: usize,
    },
    /// An answer that would end the case (SPEC §1 steps 1 and 6), waiting for `y`.
    ConfirmAnswer {
        step: StepKey,
        decision: crate::domain::case::Decision,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pane {
    Steps,
    Detail,
}

/// A line for the status bar; errors stay until the next action.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Status {
    pub text: String,
    pub error: bool,
}

/// What the event loop must do on disk, taken with `App::take_effects`.
#[derive(Debug, Default)]
pub struct Effects {
    pub saves: Vec<Case>,
    pub deletes: Vec<String>,
    pub state: Option<State>,
    /// Messages to write under `exports/`: (file name, text).
    pub exports: Vec<(String, String)>,
    /// Text to copy with OSC 52.
    pub clipboard: Option<String>,
    /// Case reports to write under `exports/` (key `X`).
    pub reports: Vec<ReportExport>,
}

pub struct App {
    pub lang: Lang,
    /// The language the user chose with `L` (now or in an earlier session): the only one
    /// saved. Until then the locale (or `--lang`) decides at every start.
    pub chosen_lang: Option<Lang>,
    pub now: Timestamp,
    pub tz: TimeZone,
    /// Every case's summary (start-up reads only these), newest change first; `list_rows`
    /// gives the order shown.
    pub list: Vec<CaseSummary>,
    /// `list` holds only the first rows of the list's order, enough for the first frame;
    /// `list_verified` brings the rest before any key is handled.
    pub list_partial: bool,
    /// The cases read in full: the ones opened or created (all of them when built by `new`).
    pub cases: Vec<Case>,
    pub read_only: BTreeSet<String>,
    pub problems: Vec<Problem>,
    pub screen: Screen,
    pub overlay: Option<Overlay>,
    pub list_sel: usize,
    /// Which cases the list shows.
    pub list_filter: ListFilter,
    /// The case open in the case view.
    pub open: Option<String>,
    pub step: StepKey,
    pub pane: Pane,
    pub check_sel: usize,
    pub detail_scroll: u16,
    pub form: Option<FactsForm>,
    pub editor: Option<TextArea<'static>>,
    pub log_sel: usize,
    pub log_form: Option<super::log_form::LogForm>,
    pub evidence_sel: usize,
    pub evidence_form: Option<super::evidence_form::EvidenceForm>,
    pub scam: Option<scam::ScamCheck>,
    pub bill: Option<bill::BillPicker>,
    /// Evidence paths not found at the last check.
    pub missing_evidence: BTreeSet<String>,
    /// How the app looks at the user's files (evidence, path completion).
    pub probe: Box<dyn super::probe::Probe>,
    pub status: Option<Status>,
    /// The terminal's size, for mapping mouse clicks (kept up to date by resize events).
    pub size: Rect,
    pub quit: bool,
    /// Save right away instead of waiting for a pause in typing.
    pub flush: bool,
    /// The template view and its queued exports.
    pub templates: Templates,
    reports: Vec<ReportExport>,
    dirty: BTreeSet<String>,
    deletes: Vec<String>,
    state_dirty: bool,
    /// A case to read in full before it can open (see `lazy.rs`).
    load_request: Option<String>,
    /// Changes `u` can take back, oldest first (see `undo.rs`).
    undo: Vec<undo::Undo>,
    /// The notes as they were when the editor opened, remembered for `u` on leaving it.
    notes_before: Option<Case>,
    /// The step selected before `s` jumped to step 5's scam check; Esc comes back to it.
    scam_return: Option<StepKey>,
    /// Cases made in this session and not yet written (see `take_fresh`).
    fresh: BTreeSet<String>,
}

impl App {
    pub fn new(lang: Lang, now: Timestamp, tz: TimeZone, mut cases: Vec<Case>) -> App {
        cases.sort_by_key(|c| std::cmp::Reverse(c.updated_at));
        App {
            list: cases.iter().map(CaseSummary::of).collect(),
            lang,
            chosen_lang: None,
            now,
            tz,
            cases,
            list_partial: false,
            read_only: BTreeSet::new(),
            problems: vec![],
            screen: Screen::List,
            overlay: None,
            list_sel: 0,
            list_filter: ListFilter::All,
            open: None,
            step: StepKey::ConfirmRecords,
            pane: Pane::Steps,
            check_sel: 0,
            detail_scroll: 0,
            form: None,
            editor: None,
            log_sel: 0,
            log_form: None,
            evidence_sel: 0,
            evidence_form: None,
            scam: None,
            bill: None,
            missing_evidence: BTreeSet::new(),
            probe: Box::new(super::probe::Disk),
            status: None,
            size: Rect::new(0, 0, 80, 24),
            quit: false,
            flush: false,
            templates: Templates::default(),
            reports: vec![],
            dirty: BTreeSet::new(),
            deletes: vec![],
            state_dirty: false,
            load_request: None,
            undo: vec![],
            notes_before: None,
            scam_return: None,
            fresh: BTreeSet::new(),
        }
    }

    /// Open the case the user was last in, at the step they had selected (SPEC §3 launch).
    pub fn resume(&mut self, state: &State) {
        if let Some(id) = &state.last_case
            && let Some(i) = self.list.iter().position(|c| &c.id == id)
            && self.list[i].status.is_open()
        {
            self.select_in_list(id);
            self.open_case(i);
            if let Some(step) = state.step {
                self.step = step;
            }
        }
        self.remind_overdue();
    }

    pub fn state(&self) -> State {
        State {
            last_case: self.open.clone(),
            step: self
                .open
                .as_ref()
                .map(|_| self.scam_return.unwrap_or(self.step)),
            lang: self.chosen_lang,
        }
    }

    pub fn case(&self) -> Option<&Case> {
        let id = self.open.as_ref()?;
        self.cases.iter().find(|c| &c.id == id)
    }

    fn case_mut(&mut self) -> Option<&mut Case> {
        let id = self.open.clone()?;
        if self.read_only.contains(&id) {
            return None;
        }
        self.cases.iter_mut().find(|c| c.id == id)
    }

    pub fn is_dirty(&self) -> bool {
        !self.dirty.is_empty() || !self.deletes.is_empty() || self.state_dirty
    }

    /// Hand the pending disk work to the event loop. Cases stay "unsaved" until `saved` says
    /// they were written.
    pub fn take_effects(&mut self) -> Effects {
        self.sync_editor();
        let saves = self
            .cases
            .iter()
            .filter(|c| self.dirty.contains(&c.id))
            .cloned()
            .collect();
        let state = std::mem::take(&mut self.state_dirty).then(|| self.state());
        self.flush = false;
        Effects {
            saves,
            deletes: std::mem::take(&mut self.deletes),
            state,
            exports: std::mem::take(&mut self.templates.exports),
            clipboard: self.templates.clipboard.take(),
            reports: std::mem::take(&mut self.reports),
        }
    }

    /// The event loop reports how a save went. A failed save stays dirty and is retried.
    pub fn saved(&mut self, id: &str, result: Result<(), String>) {
        match result {
            Ok(()) => {
                self.dirty.remove(id);
            }
            Err(e) => {
                self.status = Some(Status {
                    text: tf(self.lang, "status.save_failed", &[("error", &e)]),
                    error: true,
                });
            }
        }
    }

    /// Typing in the notes editor reaches the case (and so the disk) without leaving it.
    pub fn sync_editor(&mut self) {
        if let Some(ed) = &self.editor {
            let text = ed.lines().join("\n");
            let (step, now) = (self.step, self.now);
            if let Some(c) = self.case_mut()
                && c.step(step).notes != text
            {
                c.set_notes(step, text, now);
                self.mark_dirty();
            }
        }
    }

    fn mark_dirty(&mut self) {
        if let Some(id) = self.open.clone() {
            self.dirty.insert(id);
        }
    }

    fn say(&mut self, key: &str) {
        self.status = Some(Status {
            text: t(self.lang, key).to_string(),
            error: false,
        });
    }

    pub fn scope(&self) -> Scope {
        match (&self.overlay, self.screen) {
            (Some(_), _) => Scope::Reader,
            (None, Screen::List) => Scope::List,
            (None, Screen::Log) => Scope::Log,
            (None, Screen::Evidence) => Scope::Evidence,
            (None, Screen::Templates) => Scope::Templates,
            (None, _) => Scope::Case,
        }
    }

    fn open_case(&mut self, i: usize) {
        let Some(id) = self.list.get(i).map(|s| s.id.clone()) else {
            return;
        };
        match self.cases.iter().find(|c| c.id == id) {
            None => self.load_request = Some(id),
            Some(c) => {
                self.open = Some(c.id.clone());
                self.step = c.current_step();
                self.pane = Pane::Steps;
                self.check_sel = 0;
                self.detail_scroll = 0;
                self.screen = Screen::Case;
                self.state_dirty = true;
            }
        }
    }

    fn delete(&mut self, id: &str) {
        if self.read_only.contains(id) {
            return self.say("status.read_only");
        }
        self.cases.retain(|c| c.id != id);
        self.forget_undo(id);
        self.list.retain(|c| c.id != id);
        self.dirty.remove(id);
        self.deletes.push(id.to_string());
        if self.open.as_deref() == Some(id) {
            self.open = None;
            self.screen = Screen::List;
        }
        self.list_sel = self.list_sel.min(self.list_len().saturating_sub(1));
        self.state_dirty = true;
        self.flush = true;
        self.say("status.deleted");
    }

    pub fn update(&mut self, a: Action) {
        self.status = None;
        match a {
            Action::Quit => {
                self.sync_editor();
                self.quit = true;
                self.flush = true;
                self.state_dirty = true;
            }
            Action::Help => self.toggle_overlay(Overlay::Help { scroll: 0 }),
            Action::Knowledge => self.toggle_overlay(Overlay::Knowledge { scroll: 0 }),
            Action::Problems if !self.problems.is_empty() => {
                self.toggle_overlay(Overlay::Problems { scroll: 0 })
            }
            Action::SwitchLang => {
                self.lang = self.lang.toggle();
                self.chosen_lang = Some(self.lang);
                self.state_dirty = true;
                self.refresh_template();
            }
            Action::Back => {
                if self.overlay.is_some() {
                    self.overlay = None;
                } else if matches!(
                    self.screen,
                    Screen::Log | Screen::Evidence | Screen::Templates
                ) {
                    self.screen = Screen::Case;
                } else if self.screen == Screen::Case {
                    self.screen = Screen::List;
                    if let Some(id) = self.open.take() {
                        self.select_in_list(&id);
                    }
                    self.state_dirty = true;
                }
            }
            _ if self.overlay.is_some() => self.reader(a),
            _ => match self.screen {
                Screen::List => self.list(a),
                Screen::Case => self.case_action(a),
                Screen::Log => self.log_action(a),
                Screen::Evidence => self.evidence_action(a),
                Screen::Templates => self.template_action(a),
                Screen::Scam => self.scam_scroll(a),
                Screen::Bill => self.bill_action(a),
                Screen::Facts | Screen::Notes | Screen::LogEntry | Screen::EvidenceEntry => {}
            },
        }
    }

    fn toggle_overlay(&mut self, o: Overlay) {
        let same = matches!(
            (&self.overlay, &o),
            (Some(Overlay::Help { .. }), Overlay::Help { .. })
                | (Some(Overlay::Knowledge { .. }), Overlay::Knowledge { .. })
                | (Some(Overlay::Problems { .. }), Overlay::Problems { .. })
        );
        self.overlay = if same { None } else { Some(o) };
    }

    fn reader(&mut self, a: Action) {
        let max = super::view::overlay_max_scroll(self, self.size);
        let scroll = match &mut self.overlay {
            Some(Overlay::Help { scroll })
            | Some(Overlay::Knowledge { scroll })
            | Some(Overlay::Problems { scroll }) => scroll,
            _ => return,
        };
        match a {
            Action::Up => *scroll = scroll.saturating_sub(1),
            Action::Down => *scroll = scroll.saturating_add(1),
            Action::PageUp => *scroll = scroll.saturating_sub(10),
            Action::PageDown => *scroll = scroll.saturating_add(10),
            _ => {}
        }
        *scroll = (*scroll).min(max);
    }
}

#[cfg(test)]
mod form_tests;
#[cfg(test)]
mod tests;
#[cfg(test)]
mod walk_tests;
