//! A case: one purchase charged twice. The file format v1 of SPEC §5 and every change a user
//! can make to it. All changes take `now`; none reads the clock, the disk or the screen.

use std::collections::BTreeMap;

use jiff::{Timestamp, tz::TimeZone};
use serde::{Deserialize, Serialize};

use super::deadlines::Rules;
use super::facts::Facts;
use super::steps::StepKey;
use super::time;

pub const SCHEMA: u32 = 1;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CaseStatus {
    Open,
    Resolved,
    NoDuplicate,
    Closed,
}

impl CaseStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            CaseStatus::Open => "open",
            CaseStatus::Resolved => "resolved",
            CaseStatus::NoDuplicate => "no_duplicate",
            CaseStatus::Closed => "closed",
        }
    }

    /// The inverse of `as_str` (the storage index keeps statuses as these words).
    pub fn parse(s: &str) -> Option<CaseStatus> {
        Some(match s {
            "open" => CaseStatus::Open,
            "resolved" => CaseStatus::Resolved,
            "no_duplicate" => CaseStatus::NoDuplicate,
            "closed" => CaseStatus::Closed,
            _ => return None,
        })
    }

    pub fn is_open(self) -> bool {
        self == CaseStatus::Open
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum StepStatus {
    Todo,
    InProgress,
    Done,
    NotNeeded,
}

impl StepStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            StepStatus::Todo => "todo",
            StepStatus::InProgress => "in_progress",
            StepStatus::Done => "done",
            StepStatus::NotNeeded => "not_needed",
        }
    }

    /// Counts toward progress `n/6`.
    pub fn is_finished(self) -> bool {
        matches!(self, StepStatus::Done | StepStatus::NotNeeded)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Decision {
    Yes,
    No,
}

impl Decision {
    pub fn as_str(self) -> &'static str {
        match self {
            Decision::Yes => "yes",
            Decision::No => "no",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StepState {
    pub key: StepKey,
    pub status: StepStatus,
    #[serde(default)]
    pub checks: BTreeMap<String, bool>,
    #[serde(default)]
    pub decision: Option<Decision>,
    #[serde(default)]
    pub notes: String,
    /// Fields written by a newer build: kept as they are, never dropped.
    #[serde(flatten)]
    pub extra: serde_json::Map<String, serde_json::Value>,
}

impl StepState {
    pub fn new(key: StepKey) -> Self {
        StepState {
            key,
            status: StepStatus::Todo,
            checks: key
                .checklist()
                .iter()
                .map(|k| (k.to_string(), false))
                .collect(),
            decision: None,
            notes: String::new(),
            extra: Default::default(),
        }
    }

    pub fn is_checked(&self, item: &str) -> bool {
        self.checks.get(item).copied().unwrap_or(false)
    }

    fn all_checked(&self) -> bool {
        self.key.checklist().iter().all(|i| self.is_checked(i))
    }

    fn touched(&self) -> bool {
        self.checks.values().any(|v| *v) || !self.notes.trim().is_empty() || self.decision.is_some()
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LogKind {
    /// A contact the user logged by hand: a message sent, a call, a reply received.
    Contact,
    /// Written by the program on a step change or decision; `code` says which.
    Event,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LogEntry {
    #[serde(with = "time")]
    pub at: Timestamp,
    pub kind: LogKind,
    #[serde(default)]
    pub text: String,
    #[serde(default)]
    pub reference: String,
    /// Who the contact was with (merchant, customer service, bank…).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub with: String,
    /// Phone, in-app chat, e-mail…
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub channel: String,
    /// For events: a stable code (`decision.contact_merchant.yes`) whose words are in assets,
    /// so the log reads in whichever language is chosen later.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub code: String,
    /// Fields written by a newer build: kept as they are, never dropped.
    #[serde(flatten)]
    pub extra: serde_json::Map<String, serde_json::Value>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Evidence {
    pub label: String,
    pub path: String,
    /// Fields written by a newer build: kept as they are, never dropped.
    #[serde(flatten)]
    pub extra: serde_json::Map<String, serde_json::Value>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Refund {
    #[serde(with = "time::option", default)]
    pub requested_at: Option<Timestamp>,
    #[serde(with = "time::option", default)]
    pub due_by: Option<Timestamp>,
    #[serde(with = "time::option", default)]
    pub received_at: Option<Timestamp>,
    /// Fields written by a newer build: kept as they are, never dropped.
    #[serde(flatten)]
    pub extra: serde_json::Map<String, serde_json::Value>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Case {
    pub schema: u32,
    pub id: String,
    #[serde(default)]
    pub title: String,
    #[serde(with = "time")]
    pub created_at: Timestamp,
    #[serde(with = "time")]
    pub updated_at: Timestamp,
    pub status: CaseStatus,
    #[serde(default)]
    pub facts: Facts,
    #[serde(default)]
    pub steps: Vec<StepState>,
    #[serde(default)]
    pub log: Vec<LogEntry>,
    #[serde(default)]
    pub evidence: Vec<Evidence>,
    #[serde(default)]
    pub refund: Refund,
    /// The step the decisions point to next; `None` when the case has ended.
    #[serde(default)]
    pub next_step: Option<StepKey>,
    #[serde(
        with = "time::option",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub closed_at: Option<Timestamp>,
    /// Fields written by a newer build of the same schema: kept as they are, never dropped.
    #[serde(flatten)]
    pub extra: serde_json::Map<String, serde_json::Value>,
}

impl Case {
    pub fn new(id: String, facts: Facts, now: Timestamp) -> Case {
        let title = facts.default_title();
        Case {
            schema: SCHEMA,
            id,
            title,
            created_at: now,
            updated_at: now,
            status: CaseStatus::Open,
            facts,
            steps: StepKey::ALL.iter().map(|k| StepState::new(*k)).collect(),
            log: vec![],
            evidence: vec![],
            refund: Refund::default(),
            next_step: Some(StepKey::ConfirmRecords),
            closed_at: None,
            extra: Default::default(),
        }
    }

    /// Bring a loaded case into shape: six steps in order (missing ones added, duplicates and
    /// unknown items dropped), every checklist item present. Loading never fails on this.
    pub fn normalize(&mut self) {
        let mut steps = Vec::with_capacity(6);
        for key in StepKey::ALL {
            let mut s = self
                .steps
                .iter()
                .find(|s| s.key == key)
                .cloned()
                .unwrap_or_else(|| StepState::new(key));
            for item in key.checklist() {
                s.checks.entry(item.to_string()).or_insert(false);
            }
            steps.push(s);
        }
        self.steps = steps;
    }

    /// The title shown everywhere: the user's, else merchant + amount.
    pub fn display_title(&self) -> String {
        if self.title.trim().is_empty() {
            self.facts.default_title()
        } else {
            self.title.clone()
        }
    }

    pub fn step(&self, key: StepKey) -> &StepState {
        &self.steps[key.index()]
    }

    fn step_mut(&mut self, key: StepKey) -> &mut StepState {
        &mut self.steps[key.index()]
    }

    /// Steps done or not needed, out of six.
    pub fn progress(&self) -> usize {
        self.steps.iter().filter(|s| s.status.is_finished()).count()
    }

    /// The step to work on: the decisions' pointer, else the first unfinished step.
    pub fn current_step(&self) -> StepKey {
        self.next_step
            .or_else(|| {
                self.steps
                    .iter()
                    .find(|s| !s.status.is_finished())
                    .map(|s| s.key)
            })
            .unwrap_or(StepKey::Review)
    }

    fn touch(&mut self, now: Timestamp) {
        self.updated_at = now;
    }

    fn event(&mut self, now: Timestamp, code: String) {
        self.log.push(LogEntry {
            at: now,
            kind: LogKind::Event,
            text: String::new(),
            reference: String::new(),
            with: String::new(),
            channel: String::new(),
            code,
            extra: Default::default(),
        });
    }

    /// Status of one step from what is in it. `not_needed` is only left by `toggle_not_needed`.
    fn refresh(&mut self, key: StepKey) {
        let case_status = self.status;
        let s = self.step_mut(key);
        if s.status == StepStatus::NotNeeded {
            return;
        }
        let complete = match (key, s.decision) {
            (StepKey::ProtectPrivacy, _) => s.all_checked(),
            (StepKey::Review, _) => {
                !case_status.is_open() && case_status != CaseStatus::NoDuplicate
            }
            // A refund not arrived, or support not resolving it, leaves the step open.
            (StepKey::RequestRefund | StepKey::ContactSupport, Some(Decision::No)) => false,
            (_, Some(_)) => true,
            (_, None) => false,
        };
        s.status = if complete {
            StepStatus::Done
        } else if s.touched() {
            StepStatus::InProgress
        } else {
            StepStatus::Todo
        };
    }

    /// Tick or untick a checklist item. Ticking step 3's "refund requested" starts the refund
    /// clock, whose length comes from the `refund_due` rule.
    pub fn toggle_check(
        &mut self,
        key: StepKey,
        item: &str,
        now: Timestamp,
        tz: &TimeZone,
        rules: &Rules,
    ) {
        if !key.checklist().contains(&item) {
            return;
        }
        let s = self.step_mut(key);
        let v = !s.is_checked(item);
        s.checks.insert(item.to_string(), v);
        // Ticking "refund requested" starts the refund clock (once).
        if key == StepKey::RequestRefund && item == "request_refund" && v {
            self.request_refund(now, tz, rules);
        }
        self.refresh(key);
        self.touch(now);
    }

    /// Refunds usually arrive in 3–5 business days (the article): the `refund_due` rule in
    /// `assets/deadlines.json` says how long, so the stored date and the screens agree.
    pub fn request_refund(&mut self, now: Timestamp, tz: &TimeZone, rules: &Rules) {
        if self.refund.requested_at.is_none() {
            self.refund.requested_at = Some(now);
            let (app, method) = (&self.facts.app, &self.facts.payment_method);
            self.refund.due_by = rules.general_due("refund_due", now, tz, app, method);
            self.event(now, "refund.requested".into());
        }
    }

    pub fn set_notes(&mut self, key: StepKey, notes: String, now: Timestamp) {
        if self.step(key).notes == notes {
            return;
        }
        self.step_mut(key).notes = notes;
        self.refresh(key);
        self.touch(now);
    }

    /// Answer the step's yes/no question. Moves the next-step pointer along the branches of
    /// SPEC §1; never locks any step. Answering the same again takes the answer back.
    pub fn answer(&mut self, key: StepKey, d: Decision, now: Timestamp) {
        if !key.has_decision() {
            return;
        }
        if self.step(key).decision == Some(d) {
            self.step_mut(key).decision = None;
            if key == StepKey::ConfirmRecords && self.status == CaseStatus::NoDuplicate {
                self.status = CaseStatus::Open;
            }
            if key == StepKey::Review && !self.status.is_open() {
                self.reopen(now);
            }
            self.next_step = Some(key);
            self.refresh(key);
            self.touch(now);
            return;
        }
        self.step_mut(key).decision = Some(d);
        // Step 6's answers close the case, and `close` logs that once ("resolved"/"closed").
        if key != StepKey::Review {
            self.event(now, format!("decision.{}.{}", key.as_str(), d.as_str()));
        }
        use Decision::*;
        use StepKey::*;
        self.next_step = match (key, d) {
            (ConfirmRecords, Yes) => {
                if self.status == CaseStatus::NoDuplicate {
                    self.status = CaseStatus::Open;
                }
                Some(ContactMerchant)
            }
            (ConfirmRecords, No) => {
                self.status = CaseStatus::NoDuplicate;
                self.closed_at = Some(now);
                None
            }
            (ContactMerchant, Yes) => Some(RequestRefund),
            (ContactMerchant, No) => Some(ContactSupport),
            (RequestRefund, Yes) => {
                self.refund.received_at.get_or_insert(now);
                // The merchant refunded: customer service is not needed.
                if self.step(ContactSupport).status == StepStatus::Todo {
                    self.step_mut(ContactSupport).status = StepStatus::NotNeeded;
                }
                Some(ProtectPrivacy)
            }
            (RequestRefund, No) => Some(ContactSupport),
            (ContactSupport, Yes) => Some(ProtectPrivacy),
            (ContactSupport, No) => Some(ProtectPrivacy),
            (Review, Yes) => {
                self.close(CaseStatus::Resolved, now);
                None
            }
            (Review, No) => {
                self.close(CaseStatus::Closed, now);
                None
            }
            (ProtectPrivacy, _) => self.next_step,
        };
        self.refresh(key);
        self.touch(now);
    }

    fn close(&mut self, status: CaseStatus, now: Timestamp) {
        self.status = status;
        self.closed_at = Some(now);
        if status == CaseStatus::Resolved {
            self.refund.received_at.get_or_insert(now);
        }
        self.event(now, format!("case.{}", status.as_str()));
        self.refresh(StepKey::Review);
    }

    /// Reopen a resolved, closed or `no_duplicate` case.
    pub fn reopen(&mut self, now: Timestamp) {
        if self.status.is_open() {
            return;
        }
        self.status = CaseStatus::Open;
        self.closed_at = None;
        self.event(now, "case.reopened".into());
        self.refresh(StepKey::Review);
        self.touch(now);
    }

    /// `x`: mark the step not needed, or put it back to work.
    pub fn toggle_not_needed(&mut self, key: StepKey, now: Timestamp) {
        let s = self.step_mut(key);
        if s.status == StepStatus::NotNeeded {
            s.status = StepStatus::Todo;
            self.refresh(key);
            self.event(now, format!("step.{}.reopened", key.as_str()));
        } else {
            s.status = StepStatus::NotNeeded;
            self.event(now, format!("step.{}.not_needed", key.as_str()));
            if self.next_step == Some(key) {
                self.next_step = None;
                self.next_step = Some(self.current_step());
            }
        }
        self.touch(now);
    }

    pub fn set_facts(&mut self, facts: Facts, now: Timestamp) {
        if self.facts != facts {
            // A title the user never set follows the facts.
            if self.title == self.facts.default_title() {
                self.title = facts.default_title();
            }
            self.facts = facts;
            self.refresh(StepKey::Review);
            self.touch(now);
        }
    }

    pub fn add_log(&mut self, entry: LogEntry, now: Timestamp) {
        self.log.push(entry);
        self.touch(now);
    }

    /// Replace entry `index` (an index into `log`, as stored). Out of range: nothing happens.
    pub fn edit_log(&mut self, index: usize, entry: LogEntry, now: Timestamp) {
        if let Some(e) = self.log.get_mut(index) {
            // What a newer build stored in the entry stays with it through an edit.
            let extra = std::mem::take(&mut e.extra);
            *e = entry;
            if e.extra.is_empty() {
                e.extra = extra;
            }
            self.touch(now);
        }
    }

    pub fn remove_log(&mut self, index: usize, now: Timestamp) {
        if index < self.log.len() {
            self.log.remove(index);
            self.touch(now);
        }
    }

    /// Add or replace (at `index`) an evidence file. Paths are kept as typed; whether the
    /// file exists is checked by the caller, which can see the disk.
    pub fn put_evidence(&mut self, index: Option<usize>, ev: Evidence, now: Timestamp) {
        match index.and_then(|i| self.evidence.get_mut(i)) {
            Some(slot) => {
                let extra = std::mem::take(&mut slot.extra);
                *slot = ev;
                if slot.extra.is_empty() {
                    slot.extra = extra;
                }
            }
            None => self.evidence.push(ev),
        }
        self.touch(now);
    }

    pub fn remove_evidence(&mut self, index: usize, now: Timestamp) {
        if index < self.evidence.len() {
            self.evidence.remove(index);
            self.touch(now);
        }
    }

    /// Indices into `log`, newest first (ties keep the order they were added, newest first).
    pub fn timeline_indices(&self) -> Vec<usize> {
        let mut v: Vec<usize> = (0..self.log.len()).collect();
        v.sort_by(|a, b| self.log[*b].at.cmp(&self.log[*a].at).then(b.cmp(a)));
        v
    }

    /// Log entries, newest first.
    pub fn timeline(&self) -> Vec<&LogEntry> {
        self.timeline_indices()
            .into_iter()
            .map(|i| &self.log[i])
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use StepKey::*;

    #[test]
    fn statuses_read_back_from_their_words() {
        for s in [
            CaseStatus::Open,
            CaseStatus::Resolved,
            CaseStatus::NoDuplicate,
            CaseStatus::Closed,
        ] {
            assert_eq!(CaseStatus::parse(s.as_str()), Some(s));
        }
        assert_eq!(CaseStatus::parse("Open"), None);
    }

    fn now() -> Timestamp {
        "2026-11-25T10:00:00Z".parse().unwrap()
    }

    fn rules() -> &'static Rules {
        crate::assets::deadline_rules()
    }

    fn case() -> Case {
        Case::new("c1".into(), Facts::default(), now())
    }

    #[test]
    fn new_case_has_six_todo_steps_in_order() {
        let c = case();
        assert_eq!(c.steps.len(), 6);
        assert!(c.steps.iter().all(|s| s.status == StepStatus::Todo));
        assert_eq!(c.current_step(), ConfirmRecords);
        assert_eq!(c.progress(), 0);
    }

    #[test]
    fn ticking_and_notes_put_a_step_in_progress() {
        let mut c = case();
        c.toggle_check(ConfirmRecords, "find_both", now(), &TimeZone::UTC, rules());
        assert_eq!(c.step(ConfirmRecords).status, StepStatus::InProgress);
        c.toggle_check(ConfirmRecords, "find_both", now(), &TimeZone::UTC, rules());
        assert_eq!(c.step(ConfirmRecords).status, StepStatus::Todo);
        c.set_notes(ContactMerchant, "called".into(), now());
        assert_eq!(c.step(ContactMerchant).status, StepStatus::InProgress);
        c.toggle_check(
            ConfirmRecords,
            "no_such_item",
            now(),
            &TimeZone::UTC,
            rules(),
        );
        assert!(!c.step(ConfirmRecords).checks.contains_key("no_such_item"));
    }

    #[test]
    fn no_duplicate_ends_the_case_and_yes_reopens_it() {
        let mut c = case();
        c.answer(ConfirmRecords, Decision::No, now());
        assert_eq!(c.status, CaseStatus::NoDuplicate);
        assert_eq!(c.step(ConfirmRecords).status, StepStatus::Done);
        assert_eq!(c.next_step, None);
        c.answer(ConfirmRecords, Decision::Yes, now());
        assert_eq!(c.status, CaseStatus::Open);
        assert_eq!(c.current_step(), ContactMerchant);
    }

    #[test]
    fn merchant_branches() {
        let mut c = case();
        c.answer(ConfirmRecords, Decision::Yes, now());
        c.answer(ContactMerchant, Decision::Yes, now());
        assert_eq!(c.current_step(), RequestRefund);
        c.answer(ContactMerchant, Decision::No, now());
        assert_eq!(c.current_step(), ContactSupport);
        // Step 3 still reachable and workable.
        c.toggle_check(
            RequestRefund,
            "request_refund",
            now(),
            &TimeZone::UTC,
            rules(),
        );
        assert!(c.refund.requested_at.is_some());
    }

    #[test]
    fn refund_received_skips_support_and_overdue_goes_to_support() {
        let mut c = case();
        c.answer(RequestRefund, Decision::No, now());
        assert_eq!(c.current_step(), ContactSupport);
        assert_eq!(c.step(RequestRefund).status, StepStatus::InProgress);
        c.answer(RequestRefund, Decision::Yes, now());
        assert_eq!(c.step(RequestRefund).status, StepStatus::Done);
        assert_eq!(c.step(ContactSupport).status, StepStatus::NotNeeded);
        assert_eq!(c.refund.received_at, Some(now()));
        assert_eq!(c.current_step(), ProtectPrivacy);
    }

    #[test]
    fn refund_due_is_five_business_days_after_request() {
        let mut c = case();
        // Wednesday 2026-11-25 → Wednesday 2026-12-02.
        c.toggle_check(
            RequestRefund,
            "request_refund",
            now(),
            &TimeZone::UTC,
            rules(),
        );
        assert_eq!(
            c.refund.due_by,
            Some("2026-12-02T10:00:00Z".parse().unwrap())
        );
    }

    #[test]
    fn refund_due_follows_the_rule_in_the_data_not_a_constant() {
        let seven = Rules::parse(
            r#"{"apps": {}, "rules": [{"kind": "refund_due", "app": null,
                "anchor": "refund_requested", "length": {"business_days": 7},
                "source": "test"}]}"#,
        )
        .unwrap();
        let mut c = case();
        c.toggle_check(
            RequestRefund,
            "request_refund",
            now(),
            &TimeZone::UTC,
            &seven,
        );
        // Wednesday 2026-11-25 + 7 business days → Friday 2026-12-04.
        assert_eq!(
            c.refund.due_by,
            Some("2026-12-04T10:00:00Z".parse().unwrap())
        );
    }

    #[test]
    fn not_needed_toggles_and_moves_pointer() {
        let mut c = case();
        c.toggle_not_needed(ConfirmRecords, now());
        assert_eq!(c.step(ConfirmRecords).status, StepStatus::NotNeeded);
        assert_eq!(c.progress(), 1);
        c.toggle_not_needed(ConfirmRecords, now());
        assert_eq!(c.step(ConfirmRecords).status, StepStatus::Todo);
    }

    #[test]
    fn privacy_step_is_done_when_every_item_is_ticked() {
        let mut c = case();
        for item in ProtectPrivacy.checklist() {
            assert_ne!(c.step(ProtectPrivacy).status, StepStatus::Done);
            c.toggle_check(ProtectPrivacy, item, now(), &TimeZone::UTC, rules());
        }
        assert_eq!(c.step(ProtectPrivacy).status, StepStatus::Done);
    }

    #[test]
    fn closing_and_reopening() {
        let mut c = case();
        c.answer(Review, Decision::Yes, now());
        assert_eq!(c.status, CaseStatus::Resolved);
        assert_eq!(c.step(Review).status, StepStatus::Done);
        assert_eq!(c.closed_at, Some(now()));
        c.reopen(now());
        assert_eq!(c.status, CaseStatus::Open);
        assert_eq!(c.step(Review).status, StepStatus::InProgress);
        c.answer(Review, Decision::No, now());
        assert_eq!(c.status, CaseStatus::Closed);
        // Answering the same again takes it back.
        c.answer(Review, Decision::No, now());
        assert_eq!(c.status, CaseStatus::Open);
    }

    #[test]
    fn decisions_are_logged_as_events() {
        let mut c = case();
        c.answer(ContactMerchant, Decision::Yes, now());
        assert_eq!(c.log.last().unwrap().code, "decision.contact_merchant.yes");
    }

    #[test]
    fn file_format_round_trips_and_keeps_unknown_fields() {
        let mut c = case();
        c.set_notes(Review, "学到了：付款前看清楚 🙂".into(), now());
        let mut v = serde_json::to_value(&c).unwrap();
        v["from_the_future"] = serde_json::json!({"x": 1});
        let back: Case = serde_json::from_value(v.clone()).unwrap();
        assert_eq!(back.extra["from_the_future"]["x"], 1);
        let again = serde_json::to_value(&back).unwrap();
        assert_eq!(again, v);
        for key in [
            "schema",
            "id",
            "title",
            "created_at",
            "updated_at",
            "status",
            "facts",
            "steps",
            "log",
            "evidence",
            "refund",
        ] {
            assert!(v.get(key).is_some(), "{key}");
        }
        assert_eq!(v["steps"][0]["decision"], serde_json::Value::Null);
    }

    #[test]
    fn log_is_newest_first_and_editable() {
        let mut c = case();
        let at = |s: &str| -> Timestamp { s.parse().unwrap() };
        let entry = |t: &str, text: &str| LogEntry {
            at: at(t),
            kind: LogKind::Contact,
            text: text.into(),
            reference: String::new(),
            with: "merchant".into(),
            channel: String::new(),
            code: String::new(),
            extra: Default::default(),
        };
        c.add_log(entry("2026-11-21T10:00:00Z", "called"), now());
        c.add_log(entry("2026-11-23T10:00:00Z", "emailed"), now());
        c.add_log(entry("2026-11-22T10:00:00Z", "replied"), now());
        let texts: Vec<_> = c.timeline().iter().map(|e| e.text.clone()).collect();
        assert_eq!(texts, ["emailed", "replied", "called"]);
        c.edit_log(0, entry("2026-11-21T10:00:00Z", "called twice"), now());
        assert_eq!(c.log[0].text, "called twice");
        c.remove_log(1, now());
        assert_eq!(c.log.len(), 2);
        c.remove_log(9, now());
        assert_eq!(c.log.len(), 2);
    }

    #[test]
    fn normalize_repairs_missing_steps() {
        let mut c = case();
        c.steps.remove(2);
        c.steps.swap(0, 1);
        c.normalize();
        let keys: Vec<_> = c.steps.iter().map(|s| s.key).collect();
        assert_eq!(keys, StepKey::ALL.to_vec());
    }
}
