//! The app model and its one `update` function. No terminal, no disk: saving and deleting
//! are queued as effects that the event loop (`tui::run`) carries out, so every screen can be
//! driven by key events in tests.

use std::collections::BTreeSet;

use jiff::{Timestamp, tz::TimeZone};
use ratatui::crossterm::event::{
    Event, KeyCode, KeyEvent, KeyEventKind, KeyModifiers, MouseButton, MouseEventKind,
};
use ratatui::layout::Rect;
use ratatui_textarea::TextArea;

pub mod bill;
mod editors;
mod evidence;
mod lazy;
mod list;
mod log;
mod templates;

pub use templates::{TemplateView, Templates};

pub use list::ListFilter;
pub mod scam;

use super::action::Action;
use super::form::FactsForm;
use super::keys::{self, Scope};
use crate::assets::{t, tf};
use crate::domain::case::{Case, Decision};
use crate::domain::facts::Facts;
use crate::domain::steps::{Cause, StepKey};
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
    Help { scroll: u16 },
    Knowledge { scroll: u16 },
    ConfirmDelete { id: String },
    ConfirmRemoveLog { index: usize },
    ConfirmRemoveEvidence { index: usize },
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
}

pub struct App {
    pub lang: Lang,
    pub now: Timestamp,
    pub tz: TimeZone,
    /// Every case, in list order, as the list shows it (start-up reads only these).
    pub list: Vec<CaseSummary>,
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
    dirty: BTreeSet<String>,
    deletes: Vec<String>,
    state_dirty: bool,
    /// A case to read in full before it can open (see `lazy.rs`).
    load_request: Option<String>,
}

impl App {
    pub fn new(lang: Lang, now: Timestamp, tz: TimeZone, mut cases: Vec<Case>) -> App {
        cases.sort_by_key(|c| std::cmp::Reverse(c.updated_at));
        App {
            list: cases.iter().map(CaseSummary::of).collect(),
            lang,
            now,
            tz,
            cases,
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
            dirty: BTreeSet::new(),
            deletes: vec![],
            state_dirty: false,
            load_request: None,
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
            step: self.open.as_ref().map(|_| self.step),
            lang: Some(self.lang),
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
                        self.detail_scroll = if down {
                            (self.detail_scroll + 3).min(MAX_SCROLL)
                        } else {
                            self.detail_scroll.saturating_sub(3)
                        };
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
            Screen::Scam => return self.scam_key(k),
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
        use super::view::layout::{Target, hit};
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
        self.list.retain(|c| c.id != id);
        self.dirty.remove(id);
        self.deletes.push(id.to_string());
        if self.open.as_deref() == Some(id) {
            self.open = None;
            self.screen = Screen::List;
        }
        self.list_sel = self.list_sel.min(self.list_rows().len().saturating_sub(1));
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
            Action::SwitchLang => {
                self.lang = self.lang.toggle();
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
        );
        self.overlay = if same { None } else { Some(o) };
    }

    fn reader(&mut self, a: Action) {
        let scroll = match &mut self.overlay {
            Some(Overlay::Help { scroll }) | Some(Overlay::Knowledge { scroll }) => scroll,
            _ => return,
        };
        match a {
            Action::Up => *scroll = scroll.saturating_sub(1),
            Action::Down => *scroll = scroll.saturating_add(1),
            Action::PageUp => *scroll = scroll.saturating_sub(10),
            Action::PageDown => *scroll = scroll.saturating_add(10),
            _ => {}
        }
    }

    fn list(&mut self, a: Action) {
        let n = self.list_rows().len();
        match a {
            Action::Up => self.list_sel = self.list_sel.saturating_sub(1),
            Action::Down => self.list_sel = (self.list_sel + 1).min(n.saturating_sub(1)),
            Action::Open => {
                if let Some(i) = self.selected_case() {
                    self.open_case(i);
                }
            }
            Action::CycleFilter => self.cycle_filter(),
            Action::NewCase => {
                self.form = Some(FactsForm::new(None, "", &Facts::default(), &self.tz));
                self.screen = Screen::Facts;
            }
            Action::ImportBill => self.open_bill(None),
            Action::Delete => {
                if let Some(c) = self.selected_case().and_then(|i| self.list.get(i)) {
                    self.overlay = Some(Overlay::ConfirmDelete { id: c.id.clone() });
                }
            }
            _ => {}
        }
    }

    fn case_action(&mut self, a: Action) {
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
                    }
                }
            }
            Action::PageDown => self.detail_scroll = (self.detail_scroll + 5).min(MAX_SCROLL),
            Action::PageUp => self.detail_scroll = self.detail_scroll.saturating_sub(5),
            Action::NextPane | Action::PrevPane | Action::Open => {
                self.pane = match self.pane {
                    Pane::Steps => Pane::Detail,
                    Pane::Detail => Pane::Steps,
                };
            }
            Action::ToggleCheck => {
                if let Some(item) = step.checklist().get(self.check_sel).copied()
                    && let Some(c) = self.case_mut()
                {
                    c.toggle_check(step, item, now, &tz);
                    self.mark_dirty();
                }
            }
            Action::AnswerYes | Action::AnswerNo => {
                if !step.has_decision() {
                    return self.say("status.no_question");
                }
                let d = if a == Action::AnswerYes {
                    Decision::Yes
                } else {
                    Decision::No
                };
                if let Some(c) = self.case_mut() {
                    c.answer(step, d, now);
                    self.mark_dirty();
                    self.flush = true;
                }
                self.after_answer(step, d);
            }
            Action::ToggleNotNeeded => {
                if let Some(c) = self.case_mut() {
                    c.toggle_not_needed(step, now);
                    self.mark_dirty();
                }
            }
            Action::EditNotes => {
                let notes = case.step(step).notes.clone();
                let mut ed = TextArea::new(notes.lines().map(str::to_string).collect());
                ed.move_cursor(ratatui_textarea::CursorMove::Bottom);
                ed.move_cursor(ratatui_textarea::CursorMove::End);
                self.editor = Some(ed);
                self.screen = Screen::Notes;
            }
            Action::EditFacts => {
                let (id, title, facts) = (case.id.clone(), case.title.clone(), case.facts.clone());
                self.form = Some(FactsForm::new(Some(id), &title, &facts, &tz));
                self.screen = Screen::Facts;
            }
            Action::CycleCause => {
                if let Some(c) = self.case_mut() {
                    let mut f = c.facts.clone();
                    f.cause = Cause::cycle(f.cause);
                    // Step 6's "choose the likely cause" is ticked while one is chosen.
                    let chosen = f.cause.is_some();
                    c.set_facts(f, now);
                    if c.step(StepKey::Review).is_checked("choose_cause") != chosen {
                        c.toggle_check(StepKey::Review, "choose_cause", now, &tz);
                    }
                    self.mark_dirty();
                }
            }
            Action::Reopen => {
                if let Some(c) = self.case_mut() {
                    c.reopen(now);
                    self.mark_dirty();
                }
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
            Action::Templates => self.open_templates(),
            Action::ScamCheck => self.open_scam(),
            Action::ImportBill => self.open_bill(Some(case.id.clone())),
            _ => {}
        }
    }

    fn select_step(&mut self, s: StepKey) {
        if s != self.step {
            self.step = s;
            self.check_sel = 0;
            self.detail_scroll = 0;
            self.state_dirty = true;
        }
    }

    /// The view stays on the answered step (its "what now" text is there); the status line
    /// and the step list's pointer say where the path goes next.
    fn after_answer(&mut self, step: StepKey, d: Decision) {
        let key = format!("status.answered.{}.{}", step.as_str(), d.as_str());
        self.say(&key);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ratatui::crossterm::event::{MouseEvent, MouseEventKind};

    fn now() -> Timestamp {
        "2026-11-25T10:00:00Z".parse().unwrap()
    }

    fn key(c: KeyCode) -> KeyEvent {
        KeyEvent::new(c, KeyModifiers::NONE)
    }

    fn typed(app: &mut App, s: &str) {
        for c in s.chars() {
            app.handle_key(key(KeyCode::Char(c)));
        }
    }

    fn app_with_case() -> App {
        let mut app = App::new(Lang::En, now(), TimeZone::UTC, vec![]);
        app.handle_key(key(KeyCode::Char('n')));
        typed(&mut app, "Corner Coffee");
        for _ in 0..3 {
            app.handle_key(key(KeyCode::Tab));
        }
        typed(&mut app, "38.5");
        app.handle_key(key(KeyCode::Enter));
        app
    }

    #[test]
    fn a_new_case_is_saved_at_once_and_then_only_when_changed() {
        let mut app = app_with_case();
        assert_eq!(app.screen, Screen::Case);
        assert!(app.flush, "leaving the form saves at once");
        let e = app.take_effects();
        assert_eq!(e.saves.len(), 1);
        assert_eq!(e.saves[0].facts.amount.as_deref(), Some("38.50"));
        app.saved(&e.saves[0].id, Ok(()));
        assert!(!app.is_dirty() || app.take_effects().saves.is_empty());
    }

    #[test]
    fn a_failed_save_is_kept_and_retried() {
        let mut app = app_with_case();
        let id = app.take_effects().saves[0].id.clone();
        app.saved(&id, Err("disk full".into()));
        assert!(
            app.status
                .as_ref()
                .is_some_and(|s| s.error && s.text.contains("disk full"))
        );
        assert_eq!(
            app.take_effects().saves.len(),
            1,
            "still dirty, so saved again"
        );
    }

    #[test]
    fn notes_typed_reach_the_case_without_leaving_the_editor() {
        let mut app = app_with_case();
        app.take_effects();
        app.handle_key(key(KeyCode::Char('e')));
        assert_eq!(app.screen, Screen::Notes);
        typed(&mut app, "商户电话 400");
        let e = app.take_effects();
        assert_eq!(e.saves[0].steps[0].notes, "商户电话 400");
        app.handle_key(key(KeyCode::Esc));
        assert_eq!(app.screen, Screen::Case);
    }

    #[test]
    fn ctrl_c_in_the_editor_quits_and_keeps_the_text() {
        let mut app = app_with_case();
        app.handle_key(key(KeyCode::Char('e')));
        typed(&mut app, "half a thought");
        app.handle_key(KeyEvent::new(KeyCode::Char('c'), KeyModifiers::CONTROL));
        assert!(app.quit);
        let e = app.take_effects();
        assert_eq!(e.saves[0].steps[0].notes, "half a thought");
    }

    #[test]
    fn resume_opens_the_last_case_at_its_step() {
        let mut app = app_with_case();
        let c = app.take_effects().saves.remove(0);
        let mut again = App::new(Lang::En, now(), TimeZone::UTC, vec![c.clone()]);
        again.resume(&State {
            last_case: Some(c.id.clone()),
            step: Some(StepKey::RequestRefund),
            lang: None,
        });
        assert_eq!(again.screen, Screen::Case);
        assert_eq!(again.step, StepKey::RequestRefund);
        let mut closed = c;
        closed.status = crate::domain::case::CaseStatus::Closed;
        let mut list = App::new(Lang::En, now(), TimeZone::UTC, vec![closed.clone()]);
        list.resume(&State {
            last_case: Some(closed.id),
            step: None,
            lang: None,
        });
        assert_eq!(list.screen, Screen::List, "a finished case is not resumed");
    }

    #[test]
    fn clicks_select_steps_and_list_rows() {
        let mut app = app_with_case();
        let click = |x, y| {
            Event::Mouse(MouseEvent {
                kind: MouseEventKind::Down(MouseButton::Left),
                column: x,
                row: y,
                modifiers: KeyModifiers::NONE,
            })
        };
        // Row 1 is the first step inside the border; row 3 the third step.
        app.handle_event(&click(3, 3));
        assert_eq!(app.step, StepKey::RequestRefund);
        app.handle_event(&click(40, 5));
        assert_eq!(app.pane, Pane::Detail);
        app.handle_key(key(KeyCode::Esc));
        assert_eq!(app.screen, Screen::List);
        // Header on row 1; the first case on row 2: a click on the selected row opens it.
        app.handle_event(&click(5, 2));
        assert_eq!(app.screen, Screen::Case);
    }

    #[test]
    fn delete_asks_first_and_names_nothing_else() {
        let mut app = app_with_case();
        app.take_effects();
        app.handle_key(key(KeyCode::Esc));
        app.handle_key(KeyEvent::new(KeyCode::Char('D'), KeyModifiers::SHIFT));
        assert!(matches!(app.overlay, Some(Overlay::ConfirmDelete { .. })));
        app.handle_key(key(KeyCode::Char('x')));
        assert_eq!(app.cases.len(), 1, "any other key keeps it");
        app.handle_key(KeyEvent::new(KeyCode::Char('D'), KeyModifiers::SHIFT));
        app.handle_key(key(KeyCode::Char('y')));
        assert!(app.cases.is_empty());
        assert_eq!(app.take_effects().deletes.len(), 1);
    }

    struct OnlyThese(Vec<&'static str>);

    impl crate::tui::probe::Probe for OnlyThese {
        fn exists(&self, p: &str) -> bool {
            self.0.contains(&p)
        }
        fn complete(&self, prefix: &str) -> Vec<String> {
            self.0
                .iter()
                .filter(|p| p.starts_with(prefix))
                .map(|p| p.to_string())
                .collect()
        }
    }

    #[test]
    fn evidence_is_added_with_completion_and_missing_files_are_flagged() {
        let mut app = app_with_case();
        app.probe = Box::new(OnlyThese(vec!["/pics/both-charges.png"]));
        app.handle_key(KeyEvent::new(KeyCode::Char('E'), KeyModifiers::SHIFT));
        assert_eq!(app.screen, Screen::Evidence);
        app.handle_key(key(KeyCode::Char('a')));
        typed(&mut app, "Both charges");
        app.handle_key(key(KeyCode::Tab));
        typed(&mut app, "/pics/b");
        app.handle_key(key(KeyCode::Tab));
        app.handle_key(key(KeyCode::Enter));
        assert_eq!(app.screen, Screen::Evidence);
        let ev = &app.case().unwrap().evidence;
        assert_eq!(ev[0].path, "/pics/both-charges.png");
        assert!(app.missing_evidence.is_empty());
        app.handle_key(key(KeyCode::Char('a')));
        app.handle_key(key(KeyCode::Tab));
        typed(&mut app, "/gone.png");
        app.handle_key(key(KeyCode::Enter));
        assert!(app.missing_evidence.contains("/gone.png"));
        assert_eq!(app.case().unwrap().evidence.len(), 2);
    }
}
