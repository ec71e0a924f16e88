//! The dates that matter in a case (SPEC §2 "Deadlines"), computed from its facts and log with
//! rules that are data (`assets/deadlines.json`), never hard-coded here. Plain Rust: callers
//! pass the rules, `now` and the user's time zone, so the CLI and the TUI agree.
//!
//! A rule is keyed by an app group (or `null` for every app). A group matches when one of its
//! names appears in the `app` fact, or in `payment_method` where the group says so (a bank card
//! is how the money moved, whatever app was used). Names and facts are compared lowercased with
//! spaces and punctuation removed, so "WeChat Pay", "wechatpay" and "微信支付" all match.

use std::collections::BTreeMap;

use jiff::{Span, Timestamp, tz::TimeZone};
use serde::{Deserialize, Serialize};

use super::calendar;
use super::case::{Case, Decision, LogKind};
use super::steps::StepKey;

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Rules {
    /// App group key → how to recognise it.
    pub apps: BTreeMap<String, AppGroup>,
    pub rules: Vec<Rule>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AppGroup {
    /// Which facts are searched for the names.
    #[serde(rename = "match")]
    pub match_: Vec<Field>,
    pub names: Vec<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Field {
    App,
    PaymentMethod,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Rule {
    /// Stable name (`refund_due`): the `kind` in `show --json`; its words are in assets/text.
    pub kind: String,
    /// App group key, or `None` for a rule that applies to every case.
    pub app: Option<String>,
    pub anchor: Anchor,
    pub length: Length,
    /// Events that make the deadline moot. A received refund or a finished case always does.
    #[serde(default)]
    pub ends: Vec<Anchor>,
    /// Where the rule comes from, as a citation.
    pub source: String,
}

/// The moment a rule counts from (and, in `ends`, events that end a deadline).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Anchor {
    /// The first contact with the merchant in the log.
    MerchantContact,
    /// Step 2's question answered (either way).
    MerchantAnswered,
    /// The refund request (step 3's checklist).
    RefundRequested,
    RefundReceived,
    /// The earlier of the two payment times.
    Payment,
    /// The first contact with the app's customer service in the log: the complaint, or the
    /// dispute opened in the app.
    ComplaintFiled,
    /// Step 4's question answered (either way).
    SupportAnswered,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Length {
    /// Weekends skipped; public holidays are not known.
    BusinessDays(u32),
    CalendarDays(u32),
    Hours(u32),
}

/// One computed deadline that is still pending.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Deadline {
    pub kind: String,
    pub due: Timestamp,
    /// Calendar days from today to the due date in the user's zone: negative when overdue.
    pub days_left: i64,
    pub source: String,
}

impl Deadline {
    pub fn overdue(&self) -> bool {
        self.days_left < 0
    }
}

impl Rules {
    pub fn parse(json: &str) -> Result<Rules, serde_json::Error> {
        serde_json::from_str(json)
    }

    /// Whether `rule` is for this case's app (or for every app).
    pub fn applies(&self, rule: &Rule, case: &Case) -> bool {
        self.applies_to(rule, &case.facts.app, &case.facts.payment_method)
    }

    fn applies_to(&self, rule: &Rule, app: &str, payment_method: &str) -> bool {
        let Some(group) = &rule.app else {
            return true;
        };
        let Some(g) = self.apps.get(group) else {
            return false;
        };
        g.match_.iter().any(|f| {
            let fact = normalize(match f {
                Field::App => app,
                Field::PaymentMethod => payment_method,
            });
            g.names
                .iter()
                .map(|n| normalize(n))
                .any(|n| !n.is_empty() && fact.contains(&n))
        })
    }
}

/// Lowercase, letters and digits only: "WeChat Pay" → "wechatpay".
fn normalize(s: &str) -> String {
    s.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

/// When an anchor happened in this case, if it has.
pub fn anchor_time(case: &Case, a: Anchor) -> Option<Timestamp> {
    let first_contact = |with: &str| {
        case.log
            .iter()
            .filter(|e| e.kind == LogKind::Contact && e.with == with)
            .map(|e| e.at)
            .min()
    };
    let answered = |key: StepKey| {
        case.step(key).decision.map(|_| {
            let code = format!("decision.{}.", key.as_str());
            case.log
                .iter()
                .filter(|e| e.code.starts_with(&code))
                .map(|e| e.at)
                .max()
                .unwrap_or(case.updated_at)
        })
    };
    match a {
        Anchor::MerchantContact => first_contact("merchant"),
        Anchor::ComplaintFiled => first_contact("service"),
        Anchor::MerchantAnswered => answered(StepKey::ContactMerchant),
        Anchor::SupportAnswered => answered(StepKey::ContactSupport),
        Anchor::RefundRequested => case.refund.requested_at,
        Anchor::RefundReceived => case.refund.received_at.or_else(|| {
            (case.step(StepKey::RequestRefund).decision == Some(Decision::Yes))
                .then_some(case.updated_at)
        }),
        Anchor::Payment => case.facts.payments.iter().filter_map(|p| p.time).min(),
    }
}

impl Rules {
    /// When the rule of `kind` that applies to every app falls, counted from `from`: the
    /// refund's due date is stored in the case file from the same rule the screens show.
    pub fn general_due(&self, kind: &str, from: Timestamp, tz: &TimeZone) -> Option<Timestamp> {
        self.rules
            .iter()
            .find(|r| r.kind == kind && r.app.is_none())
            .map(|r| add(from, r.length, tz))
    }
}

fn add(from: Timestamp, len: Length, tz: &TimeZone) -> Timestamp {
    match len {
        Length::BusinessDays(n) => calendar::add_business_days(from, n, tz),
        // In the local zone, so a day across a DST change keeps the time of day.
        Length::CalendarDays(n) => from
            .to_zoned(tz.clone())
            .checked_add(Span::new().days(i64::from(n)))
            .map(|z| z.timestamp())
            .unwrap_or(from),
        Length::Hours(n) => from
            .checked_add(Span::new().hours(i64::from(n)))
            .unwrap_or(from),
    }
}

/// The pending deadlines of a case, soonest first. A finished case has none; a received
/// refund ends them all; a rule's own `ends` events end it.
pub fn compute(case: &Case, rules: &Rules, now: Timestamp, tz: &TimeZone) -> Vec<Deadline> {
    compute_from(&DeadlineFacts::of(case), rules, now, tz)
}

/// The same from a case reduced to what deadlines are computed from (the list's summaries
/// carry these, so the list sorts and shows badges without reading whole cases).
pub fn compute_from(
    f: &DeadlineFacts,
    rules: &Rules,
    now: Timestamp,
    tz: &TimeZone,
) -> Vec<Deadline> {
    let mut out: Vec<Deadline> = pending(f, rules, None, tz)
        .map(|(r, due)| Deadline {
            kind: r.kind.clone(),
            due,
            days_left: calendar::days_left(due, now, tz),
            source: r.source.clone(),
        })
        .collect();
    out.sort_by(|a, b| a.due.cmp(&b.due).then_with(|| a.kind.cmp(&b.kind)));
    out
}

/// When the nearest pending deadline falls: what the list sorts by, without the words and
/// day counts of `compute_from` (a thousand rows are sorted at every key).
pub fn nearest_due(f: &DeadlineFacts, rules: &Rules, tz: &TimeZone) -> Option<Timestamp> {
    pending(f, rules, None, tz).map(|(_, due)| due).min()
}

/// When the pending deadline of one kind falls, if it is pending (the launch reminder looks
/// only at `refund_due`, for every case).
pub fn due_of(f: &DeadlineFacts, rules: &Rules, kind: &str, tz: &TimeZone) -> Option<Timestamp> {
    pending(f, rules, Some(kind), tz).map(|(_, due)| due).min()
}

/// The rules (of `kind`, if given) still pending for these facts, each with its due time.
fn pending<'r>(
    f: &DeadlineFacts,
    rules: &'r Rules,
    kind: Option<&str>,
    tz: &TimeZone,
) -> impl Iterator<Item = (&'r Rule, Timestamp)> {
    let finished = !f.open || f.at(Anchor::RefundReceived).is_some();
    rules
        .rules
        .iter()
        .filter(move |r| !finished && kind.is_none_or(|k| r.kind == k))
        .filter(|r| !r.ends.iter().any(|e| f.at(*e).is_some()))
        .filter_map(move |r| {
            // A request without its time (hand-edited file) still has its due date.
            let fixed = match (r.anchor, f.refund_due_by) {
                (Anchor::RefundRequested, Some(due)) if f.at(Anchor::RefundRequested).is_none() => {
                    Some(due)
                }
                _ => None,
            };
            let from = f.at(r.anchor);
            // Cheapest first: a rule whose anchor has not happened is dropped before its app
            // names are compared.
            if (fixed.is_none() && from.is_none())
                || !rules.applies_to(r, &f.app, &f.payment_method)
            {
                return None;
            }
            Some((r, fixed.or_else(|| from.map(|t| add(t, r.length, tz)))?))
        })
}

/// The deadline that needs attention first: the soonest (overdue ones are the soonest).
pub fn nearest(case: &Case, rules: &Rules, now: Timestamp, tz: &TimeZone) -> Option<Deadline> {
    compute(case, rules, now, tz).into_iter().next()
}

/// `nearest` from a case's deadline facts.
pub fn nearest_from(
    f: &DeadlineFacts,
    rules: &Rules,
    now: Timestamp,
    tz: &TimeZone,
) -> Option<Deadline> {
    compute_from(f, rules, now, tz).into_iter().next()
}

/// Everything deadlines are computed from, taken from a case: whether it is open, the facts
/// rules match on, and when each anchor happened. Small and free of the log, so the list's
/// summary index can carry it; `compute` goes through it too, so the two never disagree.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
pub struct DeadlineFacts {
    pub open: bool,
    pub app: String,
    pub payment_method: String,
    /// When each anchor happened, in `Anchor::ALL` order.
    pub anchors: [Option<Timestamp>; 7],
    /// The refund's due date as recorded (used when the request has no time).
    pub refund_due_by: Option<Timestamp>,
}

impl Anchor {
    pub const ALL: [Anchor; 7] = [
        Anchor::MerchantContact,
        Anchor::MerchantAnswered,
        Anchor::RefundRequested,
        Anchor::RefundReceived,
        Anchor::Payment,
        Anchor::ComplaintFiled,
        Anchor::SupportAnswered,
    ];
}

impl DeadlineFacts {
    pub fn of(case: &Case) -> DeadlineFacts {
        DeadlineFacts {
            open: case.status.is_open(),
            app: case.facts.app.clone(),
            payment_method: case.facts.payment_method.clone(),
            anchors: Anchor::ALL.map(|a| anchor_time(case, a)),
            refund_due_by: case.refund.due_by,
        }
    }

    pub fn at(&self, a: Anchor) -> Option<Timestamp> {
        self.anchors[a as usize]
    }
}

#[cfg(test)]
mod tests;
