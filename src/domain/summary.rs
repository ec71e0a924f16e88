//! What the case list shows of a case, without the case: start-up reads these (from the
//! storage index) instead of every full case, and the list draws from them. Derived from a
//! `Case` only here, so the list and the case can never disagree about a field.

use std::cmp::Reverse;

use jiff::Timestamp;
use jiff::tz::TimeZone;
use serde::{Deserialize, Serialize};

use super::case::{Case, CaseStatus};
use super::deadlines::{self, DeadlineFacts, Rules};
use super::steps::StepKey;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CaseSummary {
    pub id: String,
    /// `Case::display_title` (not yet cleaned for the screen: the view does that).
    pub title: String,
    pub status: CaseStatus,
    /// Steps finished, out of six.
    pub progress: u8,
    pub current_step: StepKey,
    pub amount: Option<String>,
    pub currency: String,
    pub updated_at: Timestamp,
    /// The file's schema number (a newer one than this build opens read-only).
    pub schema: u32,
    /// What the list's attention order and deadline badge are computed from.
    pub deadline: DeadlineFacts,
}

impl CaseSummary {
    pub fn of(case: &Case) -> CaseSummary {
        CaseSummary {
            id: case.id.clone(),
            title: case.display_title(),
            status: case.status,
            progress: case.progress().min(6) as u8,
            current_step: case.current_step(),
            amount: case.facts.amount.clone(),
            currency: case.facts.currency.clone(),
            updated_at: case.updated_at,
            schema: case.schema,
            deadline: DeadlineFacts::of(case),
        }
    }
}

/// Where a case stands in the list's attention order, smallest first: open cases with a
/// deadline (soonest due first, so overdue ones lead), then other open cases, then finished
/// ones; each group most recently changed first. It never looks at the clock — an overdue
/// deadline is only an early one — so the storage index can keep its rows in this order and
/// start-up can read just the first screenful.
pub type Attention = (u8, Option<Timestamp>, Reverse<Timestamp>);

pub fn attention(
    status: CaseStatus,
    updated_at: Timestamp,
    facts: &DeadlineFacts,
    rules: &Rules,
    tz: &TimeZone,
) -> Attention {
    let due = deadlines::nearest_due(facts, rules, tz);
    let group = match (status.is_open(), due) {
        (true, Some(_)) => 0,
        (true, None) => 1,
        (false, _) => 2,
    };
    (group, due, Reverse(updated_at))
}

impl CaseSummary {
    /// This summary's place in the list (see `attention`).
    pub fn attention(&self, rules: &Rules, tz: &TimeZone) -> Attention {
        attention(self.status, self.updated_at, &self.deadline, rules, tz)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::facts::Facts;

    #[test]
    fn a_summary_carries_what_the_list_shows() {
        let now: Timestamp = "2026-11-25T10:00:00Z".parse().unwrap();
        let facts = Facts {
            merchant: "Corner Coffee".into(),
            amount: Some("38.50".into()),
            ..Facts::default()
        };
        let mut c = Case::new("c1".into(), facts, now);
        c.toggle_not_needed(StepKey::ConfirmRecords, now);
        let s = CaseSummary::of(&c);
        assert_eq!(s.title, "Corner Coffee 38.50 CNY");
        assert_eq!(s.progress, 1);
        assert_eq!(s.current_step, c.current_step());
        assert_eq!(s.amount.as_deref(), Some("38.50"));
        assert_eq!(s.updated_at, now);
    }
}
