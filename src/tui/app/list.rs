//! The case list's order and filter, and the reminder on launch. Order is by attention:
//! open cases with a deadline (overdue first, then due soonest), then other open cases, then
//! finished ones (resolved, closed, no duplicate), each group most recently changed first.

use std::collections::HashMap;

use jiff::tz::TimeZone;

use super::{App, Overlay, Screen, Status};
use crate::assets::{DEADLINES_JSON, deadline_rules, t, tf};
use crate::domain::case::{Case, CaseStatus};
use crate::domain::deadlines::{self, Deadline, DeadlineFacts};
use crate::domain::facts::Facts;
use crate::domain::sanitize::clean_line;
use crate::domain::summary::{CaseSummary, attention};
use crate::storage::index::ListOrder;
use crate::tui::action::Action;
use crate::tui::form::FactsForm;

/// Which cases the list shows (`v` cycles).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ListFilter {
    #[default]
    All,
    Open,
    /// Resolved, closed or no duplicate.
    Closed,
}

impl ListFilter {
    pub fn next(self) -> ListFilter {
        match self {
            ListFilter::All => ListFilter::Open,
            ListFilter::Open => ListFilter::Closed,
            ListFilter::Closed => ListFilter::All,
        }
    }

    pub fn key(self) -> &'static str {
        match self {
            ListFilter::All => "list.filter.all",
            ListFilter::Open => "list.filter.open",
            ListFilter::Closed => "list.filter.closed",
        }
    }

    fn shows(self, status: CaseStatus) -> bool {
        match self {
            ListFilter::All => true,
            ListFilter::Open => status.is_open(),
            ListFilter::Closed => !status.is_open(),
        }
    }
}

/// The list's order for the storage index to keep its rows in (`storage/index.rs`). Its stamp
/// names what the order depends on: this build (the order's code and deadline rules) and the
/// time zone. A zone known only by its rules, not a name, gives none (every start then reads
/// every row). A stamp that matches while the zone's rules changed under the same name costs
/// at most a first frame whose top rows are sorted as before; the list is re-sorted from every
/// row before any key.
pub fn list_order(tz: &TimeZone) -> Option<ListOrder> {
    let name = tz.iana_name()?;
    let mut stamp = Fnv::default();
    for part in [env!("CARGO_PKG_VERSION"), name, DEADLINES_JSON] {
        stamp.write(part.as_bytes());
        stamp.write(&[0]);
    }
    // The holidays business days skip, the user's added years included.
    for (year, y) in deadline_rules().holidays.years() {
        stamp.write(format!("{year} {} {}", y.published, y.url).as_bytes());
        stamp.write(&[0]);
    }
    let tz = tz.clone();
    Some(ListOrder {
        stamp: stamp.0,
        key: Box::new(move |s| s.attention(deadline_rules(), &tz)),
    })
}

/// FNV-1a: a stamp that stays the same across builds and Rust versions (std's hasher does
/// not promise to).
struct Fnv(u64);

impl Default for Fnv {
    fn default() -> Fnv {
        Fnv(0xcbf2_9ce4_8422_2325)
    }
}

impl Fnv {
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3);
        }
    }
}

impl App {
    /// The case's deadline that needs attention first, at the app's clock.
    pub fn nearest_deadline(&self, c: &Case) -> Option<Deadline> {
        deadlines::nearest(c, deadline_rules(), self.now, &self.tz)
    }

    /// The same for a row of the list, from its summary alone.
    pub fn nearest_deadline_of(&self, s: &CaseSummary) -> Option<Deadline> {
        deadlines::nearest_from(&s.deadline, deadline_rules(), self.now, &self.tz)
    }

    /// Indices into `list` of the rows the list shows, in the order it shows them. Computed
    /// from the summaries (a case in memory as it is now), never from full cases.
    pub fn list_rows(&self) -> Vec<usize> {
        let live: HashMap<&str, &Case> = self.cases.iter().map(|c| (c.id.as_str(), c)).collect();
        let mut rows: Vec<(usize, _)> = Vec::with_capacity(self.list.len());
        for (i, s) in self.list.iter().enumerate() {
            let fresh;
            let (status, updated_at, facts) = match live.get(s.id.as_str()) {
                Some(c) => {
                    fresh = DeadlineFacts::of(c);
                    (c.status, c.updated_at, &fresh)
                }
                None => (s.status, s.updated_at, &s.deadline),
            };
            if !self.list_filter.shows(status) {
                continue;
            }
            rows.push((
                i,
                attention(status, updated_at, facts, deadline_rules(), &self.tz),
            ));
        }
        rows.sort_by_key(|(i, key)| (*key, *i));
        rows.into_iter().map(|(i, _)| i).collect()
    }

    /// How many rows the list shows: `list_rows().len()` without working out any deadline (a
    /// move down the list needs only this).
    pub fn list_len(&self) -> usize {
        let live: HashMap<&str, CaseStatus> = self
            .cases
            .iter()
            .map(|c| (c.id.as_str(), c.status))
            .collect();
        self.list
            .iter()
            .filter(|s| {
                let status = live.get(s.id.as_str()).copied().unwrap_or(s.status);
                self.list_filter.shows(status)
            })
            .count()
    }

    /// The `list` index of the selected row.
    pub fn selected_case(&self) -> Option<usize> {
        self.list_rows().get(self.list_sel).copied()
    }

    /// Put the list's selection on a case (after leaving it, or when reminding about it).
    pub(super) fn select_in_list(&mut self, id: &str) {
        let rows = self.list_rows();
        if let Some(r) = rows.iter().position(|&i| self.list[i].id == id) {
            self.list_sel = r;
        } else {
            self.list_sel = self.list_sel.min(rows.len().saturating_sub(1));
        }
    }

    pub(super) fn cycle_filter(&mut self) {
        let keep = self.selected_case().map(|i| self.list[i].id.clone());
        self.list_filter = self.list_filter.next();
        match keep {
            Some(id) => self.select_in_list(&id),
            None => self.list_sel = 0,
        }
    }

    /// An overdue refund of an open case. Only the refund's own due time is worked out
    /// first: at launch this runs over every summary.
    pub(super) fn overdue_refund(&self, f: &DeadlineFacts) -> Option<Deadline> {
        let due = deadlines::due_of(f, deadline_rules(), "refund_due", &self.tz)?;
        if due >= self.now {
            return None;
        }
        deadlines::compute_from(f, deadline_rules(), self.now, &self.tz)
            .into_iter()
            .find(|d| d.kind == "refund_due" && d.overdue())
    }

    /// On launch: an open case whose refund is overdue offers the follow-up message — the
    /// resumed case first (that is where the user is looking), else the most overdue one,
    /// selected on the list. The other cases are looked at through their summaries only.
    pub fn remind_overdue(&mut self) {
        let here = self
            .case()
            .and_then(|c| self.overdue_refund(&DeadlineFacts::of(c)));
        let (id, d) = match here {
            Some(d) => (self.open.clone().unwrap_or_default(), d),
            None => {
                let Some((id, d)) = (0..self.list.len())
                    .filter_map(|i| self.list_row(i))
                    .filter_map(|s| self.overdue_refund(&s.deadline).map(|d| (s.id.clone(), d)))
                    .min_by_key(|(_, d)| d.due)
                else {
                    return;
                };
                (id, d)
            }
        };
        let n = crate::describe::deadline::when(self.lang, &d);
        let title = (0..self.list.len())
            .filter(|&i| self.list[i].id == id)
            .find_map(|i| self.list_row(i))
            .map(|s| clean_line(&s.title).into_owned())
            .unwrap_or_default();
        let text = match &self.open {
            Some(open) if *open == id => tf(self.lang, "deadline.remind.case", &[("when", &n)]),
            Some(_) => tf(
                self.lang,
                "deadline.remind.other",
                &[("when", &n), ("case", &title)],
            ),
            None => {
                self.select_in_list(&id);
                tf(
                    self.lang,
                    "deadline.remind.list",
                    &[("when", &n), ("case", &title)],
                )
            }
        };
        self.status = Some(Status { text, error: true });
    }

    /// The list's title suffix: which cases it shows.
    pub fn filter_label(&self) -> String {
        tf(
            self.lang,
            "list.showing",
            &[("filter", t(self.lang, self.list_filter.key()))],
        )
    }

    /// The case list's actions: move, open, filter, new case, bill import, delete.
    pub(super) fn list(&mut self, a: Action) {
        match a {
            Action::Up => self.list_sel = self.list_sel.saturating_sub(1),
            Action::Down => {
                self.list_sel = (self.list_sel + 1).min(self.list_len().saturating_sub(1));
            }
            Action::Open => {
                if let Some(i) = self.selected_case() {
                    self.open_case(i);
                }
            }
            Action::CycleFilter => self.cycle_filter(),
            Action::NewCase => {
                self.form = Some(FactsForm::new(
                    None,
                    "",
                    &Facts::default(),
                    &self.tz,
                    self.lang,
                ));
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
}
