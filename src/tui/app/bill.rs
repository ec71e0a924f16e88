//! Importing a bill: the user types the path of the bill they downloaded (Tab completes it),
//! types the zip's password when the bill is still in the zip the app sent, sees the
//! candidate duplicates, picks one, and the case gets its facts. The file is read through the
//! probe (the edge); reading the bytes into candidates is plain computation, done on a thread
//! of its own so that a bill of a million rows leaves every key (Esc, Ctrl-C) and signal
//! answered, and the screen shows how far it got.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc::{Receiver, TryRecvError};

use ratatui::crossterm::event::{KeyCode, KeyEvent};

use super::{App, Screen};
use crate::assets::{t, tf};
use crate::bill::{self, Bill, BillApp, BillError};
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
    /// Typing the password of the zip the bill came in (not shown, not kept).
    Password,
    /// Reading the bill and looking for duplicates, on a thread of its own.
    Reading,
    /// Choosing among the candidates.
    Pick,
}

/// What the reading thread sends back.
type Scanned = Result<(Bill, Vec<Candidate>, usize), BillError>;

/// A read under way.
#[derive(Debug)]
pub struct Reading {
    pub progress: Arc<AtomicUsize>,
    rx: Receiver<Scanned>,
}

impl Clone for Reading {
    /// A copy of the app (undo, tests) does not take the read with it.
    fn clone(&self) -> Reading {
        let (_, rx) = std::sync::mpsc::channel();
        Reading {
            progress: Arc::clone(&self.progress),
            rx,
        }
    }
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
    /// What was read: the layout, and rows skipped / lines ignored.
    pub layout: Option<crate::bill::Layout>,
    pub skipped: usize,
    pub ignored: usize,
    /// How many repeated transfers to a person the bill has (not candidates: told apart).
    pub transfers: usize,
    pub candidates: Vec<Candidate>,
    pub sel: usize,
    /// The zip being opened, while its password is typed.
    locked: Option<Arc<Vec<u8>>>,
    pub password: LineInput,
    pub reading: Option<Reading>,
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
            layout: None,
            skipped: 0,
            ignored: 0,
            transfers: 0,
            candidates: vec![],
            sel: 0,
            locked: None,
            password: LineInput::new(""),
            reading: None,
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
            b.locked = None;
            b.password = LineInput::new("");
            b.reading = None;
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
            (BillStage::Password, KeyCode::Esc) => {
                b.locked = None;
                b.password = LineInput::new("");
                b.stage = BillStage::Path;
            }
            (BillStage::Password, KeyCode::Enter) => {
                let password = b.password.text().to_string();
                b.password = LineInput::new("");
                if let Some(bytes) = b.locked.clone()
                    && !password.is_empty()
                {
                    self.start_reading(bytes, Some(password));
                }
            }
            (BillStage::Password, _) => {
                b.error = None;
                b.password.edit_key(k);
            }
            // Esc stops waiting: the thread's answer, when it comes, goes nowhere.
            (BillStage::Reading, KeyCode::Esc) => {
                b.reading = None;
                b.stage = BillStage::Path;
            }
            (BillStage::Reading, _) => {}
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
        let bytes = match self.probe.read(&path) {
            Ok(bytes) => bytes,
            // The probe names a refusal by its text key (a folder, a device, a pipe).
            Err(e) if e.starts_with("bill.error.") => return b.error = Some(t(lang, &e).into()),
            Err(e) => return b.error = Some(tf(lang, "bill.read_failed", &[("error", &e)])),
        };
        if bill::is_locked(&bytes) {
            b.locked = Some(Arc::new(bytes));
            b.password = LineInput::new("");
            b.stage = BillStage::Password;
            return;
        }
        self.start_reading(Arc::new(bytes), None);
    }

    /// Read the bill and look for duplicates on a thread; `poll_bill` takes the answer.
    fn start_reading(&mut self, bytes: Arc<Vec<u8>>, password: Option<String>) {
        let Some(b) = self.bill.as_mut() else {
            return;
        };
        let progress = Arc::new(AtomicUsize::new(0));
        let (tx, rx) = std::sync::mpsc::channel();
        let watched = Arc::clone(&progress);
        let spawned = std::thread::Builder::new()
            .name("bill".into())
            .spawn(move || {
                let read = bill::read_watched(&bytes, password.as_deref(), &watched);
                drop(password);
                drop(bytes);
                let scanned = read.map(|bill| {
                    let found = duplicates::find(&bill.rows, duplicates::DEFAULT_WINDOW_MINUTES);
                    let transfers =
                        duplicates::find_transfers(&bill.rows, duplicates::DEFAULT_WINDOW_MINUTES)
                            .len();
                    (bill, found, transfers)
                });
                // Nobody waits any more when the user pressed Esc or left.
                let _ = tx.send(scanned);
            });
        if spawned.is_err() {
            b.error = Some(t(self.lang, "bill.error.not_a_bill").into());
            return;
        }
        b.reading = Some(Reading { progress, rx });
        b.stage = BillStage::Reading;
    }

    /// The reading thread's answer, when it has come: true when the screen changed (also
    /// while reading, so the progress shown moves).
    pub fn poll_bill(&mut self) -> bool {
        let lang = self.lang;
        let Some(b) = self.bill.as_mut().filter(|b| b.stage == BillStage::Reading) else {
            return false;
        };
        let Some(reading) = &b.reading else {
            return false;
        };
        let scanned = match reading.rx.try_recv() {
            Ok(s) => s,
            Err(TryRecvError::Empty) => return true,
            Err(TryRecvError::Disconnected) => Err(BillError::NotABill),
        };
        b.reading = None;
        match scanned {
            Err(BillError::WrongPassword) if b.locked.is_some() => {
                b.error = Some(t(lang, "bill.password_again").into());
                b.stage = BillStage::Password;
            }
            Err(e) => {
                b.locked = None;
                b.error = Some(t(lang, e.key()).into());
                b.stage = BillStage::Path;
            }
            Ok((bill, found, transfers)) => {
                b.locked = None;
                if found.is_empty() {
                    b.error = Some(t(lang, "bill.no_candidates").to_string());
                    b.stage = BillStage::Path;
                    return true;
                }
                b.app = Some(bill.layout.app());
                b.rows = bill.rows.len();
                b.layout = Some(bill.layout);
                b.skipped = bill.skipped;
                b.ignored = bill.ignored;
                b.transfers = transfers;
                b.candidates = found;
                b.sel = 0;
                b.stage = BillStage::Pick;
            }
        }
        true
    }

    /// How far the read under way got, in thousandths.
    pub fn bill_progress(&self) -> usize {
        self.bill
            .as_ref()
            .and_then(|b| b.reading.as_ref())
            .map_or(0, |r| r.progress.load(Ordering::Relaxed))
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
    // As the app shows them (China time for WeChat Pay and Alipay): the form reads them
    // back in the same zone.
    let zone = bill_facts::payment_zone(&f.app, tz);
    let time = |i: usize| {
        f.payments[i]
            .time
            .map(|t| full_local(t, &zone))
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
