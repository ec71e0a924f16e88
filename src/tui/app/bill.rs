//! Importing a bill: the user types the path of the bill they downloaded (Tab completes it),
//! sees the candidate duplicates, picks one, and the case gets its facts. The file is read
//! through the probe (the edge); reading the bytes into candidates is plain computation.

use ratatui::crossterm::event::{KeyCode, KeyEvent};

use super::{App, Screen};
use crate::assets::{t, tf};
use crate::bill::{self, BillApp};
use crate::domain::bill_facts;
use crate::domain::case::Case;
use crate::domain::duplicates::{self, Candidate};
use crate::domain::facts::Facts;
use crate::domain::time::full_local;
use crate::tui::action::Action;
use crate::tui::form::{FactsForm, Field};
use crate::tui::input::LineInput;
use crate::tui::probe::common_prefix;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BillStage {
    /// Typing the file's path.
    Path,
    /// Choosing among the candidates.
    Pick,
}

#[derive(Debug, Clone)]
pub struct BillPicker {
    /// The case to fill; `None` makes a new case.
    pub case_id: Option<String>,
    /// Opened from the facts form (Ctrl-B): the pick fills the form, the user saves it.
    pub for_form: bool,
    pub stage: BillStage,
    pub path: LineInput,
    /// What the last Tab found, when more than one file fits.
    pub completions: Vec<String>,
    /// Why the last file could not be used, in the user's language.
    pub error: Option<String>,
    pub app: Option<BillApp>,
    pub rows: usize,
    pub candidates: Vec<Candidate>,
    pub sel: usize,
}

impl BillPicker {
    pub fn new(case_id: Option<String>, path: &str) -> BillPicker {
        BillPicker {
            case_id,
            for_form: false,
            stage: BillStage::Path,
            path: LineInput::new(path),
            completions: vec![],
            error: None,
            app: None,
            rows: 0,
            candidates: vec![],
            sel: 0,
        }
    }
}

impl App {
    /// `b`: from a case, fill that case; from the list, make a new one. The last path typed
    /// is offered again (bills are usually all in one folder).
    pub(super) fn open_bill(&mut self, case_id: Option<String>) {
        let last = self
            .bill
            .as_ref()
            .map(|b| b.path.text().to_string())
            .unwrap_or_default();
        self.bill = Some(BillPicker::new(case_id, &last));
        self.screen = Screen::Bill;
    }

    /// Ctrl-B in the facts form: the same picker, and the pick fills the form's fields.
    pub(super) fn open_bill_from_form(&mut self) {
        let case_id = self.form.as_ref().and_then(|f| f.case_id.clone());
        self.open_bill(case_id);
        if let Some(b) = &mut self.bill {
            b.for_form = true;
        }
    }

    fn close_bill(&mut self) {
        let mut to_form = false;
        if let Some(b) = &mut self.bill {
            b.stage = BillStage::Path;
            b.candidates.clear();
            to_form = std::mem::take(&mut b.for_form) && self.form.is_some();
        }
        self.screen = if to_form {
            Screen::Facts
        } else if self.open.is_some() {
            Screen::Case
        } else {
            Screen::List
        };
    }

    pub(super) fn bill_key(&mut self, k: KeyEvent) {
        let Some(b) = self.bill.as_mut() else {
            self.screen = Screen::List;
            return;
        };
        match (b.stage, k.code) {
            (BillStage::Path, KeyCode::Esc) => self.close_bill(),
            (BillStage::Path, KeyCode::Tab) => {
                let cands = self.probe.complete(b.path.text());
                if let Some(prefix) = common_prefix(&cands)
                    && prefix.len() > b.path.text().len()
                {
                    b.path = LineInput::new(&prefix);
                }
                b.completions = if cands.len() > 1 { cands } else { vec![] };
            }
            (BillStage::Path, KeyCode::Enter) => self.load_bill(),
            (BillStage::Path, _) => {
                b.error = None;
                b.path.edit_key(k);
            }
            (BillStage::Pick, KeyCode::Esc) => b.stage = BillStage::Path,
            (BillStage::Pick, KeyCode::Enter) => self.apply_bill(),
            (BillStage::Pick, KeyCode::Up | KeyCode::Char('k')) => self.bill_action(Action::Up),
            (BillStage::Pick, KeyCode::Down | KeyCode::Char('j')) => self.bill_action(Action::Down),
            _ => {}
        }
    }

    /// Moving through the candidates (keys and the mouse wheel).
    pub(super) fn bill_action(&mut self, a: Action) {
        if let Some(b) = self.bill.as_mut().filter(|b| b.stage == BillStage::Pick) {
            let last = b.candidates.len().saturating_sub(1);
            match a {
                Action::Up => b.sel = b.sel.saturating_sub(1),
                Action::Down => b.sel = (b.sel + 1).min(last),
                _ => {}
            }
        }
    }

    fn load_bill(&mut self) {
        let lang = self.lang;
        let Some(b) = self.bill.as_mut() else {
            return;
        };
        b.completions.clear();
        let path = b.path.text().trim().to_string();
        if path.is_empty() {
            return;
        }
        let result = self
            .probe
            .read(&path)
            .map_err(|e| tf(lang, "bill.read_failed", &[("error", &e)]))
            .and_then(|bytes| bill::read(&bytes).map_err(|e| t(lang, e.key()).to_string()));
        match result {
            Err(e) => b.error = Some(e),
            Ok(bill) => {
                let found = duplicates::find(&bill.rows, duplicates::DEFAULT_WINDOW_MINUTES);
                if found.is_empty() {
                    b.error = Some(t(lang, "bill.no_candidates").to_string());
                    return;
                }
                b.app = Some(bill.layout.app());
                b.rows = bill.rows.len();
                b.candidates = found;
                b.sel = 0;
                b.stage = BillStage::Pick;
            }
        }
    }

    /// The picked candidate's facts go into the case; what the bill does not have stays as
    /// the user typed it. A new case is made only now, complete.
    fn apply_bill(&mut self) {
        let Some(b) = self.bill.as_ref() else {
            return;
        };
        let (Some(c), Some(app)) = (b.candidates.get(b.sel).cloned(), b.app) else {
            return;
        };
        let app_name = t(self.lang, app.name_key());
        let now = self.now;
        if b.for_form {
            let filled = bill_facts::fill(Facts::default(), &c, app_name);
            if let Some(form) = self.form.as_mut() {
                fill_form(form, &filled, &self.tz);
            }
            self.close_bill();
            return self.say("bill.form_filled");
        }
        match b.case_id.clone() {
            Some(id) => {
                if self.read_only.contains(&id) || self.open.as_deref() != Some(id.as_str()) {
                    self.close_bill();
                    return self.say("status.read_only");
                }
                if let Some(case) = self.case_mut() {
                    let facts = bill_facts::fill(case.facts.clone(), &c, app_name);
                    case.set_facts(facts, now);
                    self.mark_dirty();
                }
            }
            None => {
                let facts = bill_facts::fill(Facts::default(), &c, app_name);
                self.add_new_case(Case::new(self.new_id(), facts, now));
            }
        }
        self.flush = true;
        self.close_bill();
        self.say("bill.filled");
    }
}

/// Write the bill's facts into the form's fields, leaving the others as typed; the form's
/// own checks run when the user saves it.
fn fill_form(form: &mut FactsForm, f: &Facts, tz: &jiff::tz::TimeZone) {
    let time = |i: usize| {
        f.payments[i]
            .time
            .map(|t| full_local(t, tz))
            .unwrap_or_default()
    };
    let values = [
        (Field::App, f.app.clone()),
        (Field::Merchant, f.merchant.clone()),
        (Field::OrderId, f.order_id.clone()),
        (Field::Amount, f.amount.clone().unwrap_or_default()),
        (Field::Currency, f.currency.clone()),
        (Field::P1Time, time(0)),
        (Field::P1Id, f.payments[0].transaction_id.clone()),
        (Field::P2Time, time(1)),
        (Field::P2Id, f.payments[1].transaction_id.clone()),
        (Field::PaymentMethod, f.payment_method.clone()),
    ];
    for (field, value) in values {
        if let Some(i) = Field::ALL.iter().position(|x| *x == field)
            && !value.is_empty()
            && let Some(input) = form.inputs.get_mut(i)
        {
            *input = LineInput::new(&value);
        }
    }
}

#[cfg(test)]
pub(crate) mod tests;
