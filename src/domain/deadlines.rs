//! The dates that matter in a case (SPEC §2 "Deadlines"), computed from its facts and log with
//! rules that are data (`assets/deadlines.json`), never hard-coded here. Plain Rust: callers
//! pass the rules, `now` and the user's time zone, so the CLI and the TUI agree.
//!
//! A rule is keyed by an app group (or `null` for every app). A group matches when one of its
//! names appears in the `app` fact, or in `payment_method` where the group says so (a bank card
//! is how the money moved, whatever app was used). Names and facts are compared lowercased with
//! spaces and punctuation removed, so "WeChat Pay", "wechatpay" and "微信支付" all match.
//!
//! Business days are counted on mainland China's calendar (statutory holidays off, make-up
//! working days worked: `calendar`) for the app groups `china_calendar` names, and on weekends
//! only for the rest.

use std::collections::BTreeMap;

use jiff::{Span, Timestamp, tz::TimeZone};
use serde::{Deserialize, Serialize};

use super::calendar::{self, Calendar, Holidays};
use super::case::{Case, Decision, LogEntry, LogKind};
use super::steps::StepKey;

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Rules {
    /// App group key → how to recognise it.
    pub apps: BTreeMap<String, AppGroup>,
    /// Which cases count business days on mainland China's calendar (none when left out).
    #[serde(default)]
    pub china_calendar: CalendarChoice,
    pub rules: Vec<Rule>,
    /// Mainland China's holidays (`assets/holidays.cn.json`, plus a user's added years): set
    /// by the caller after `parse`; without them every Chinese year counts as not known.
    #[serde(skip)]
    pub holidays: Holidays,
    /// What each app and payment method seen so far matched (`Verdict`).
    #[serde(skip)]
    memo: Memo,
}

/// Which app groups (bits in `apps` order) a case's app and payment method match, and
/// whether they put it in mainland China: worked out once per distinct pair, since the list
/// asks for a thousand cases at every key and most cases share a few apps.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Verdict {
    groups: u64,
    china: bool,
}

/// `Verdict`s by a hash of (app, payment method), each bucket holding its pairs. Bounded: it
/// is emptied when it holds more than `MEMO_MAX` pairs.
#[derive(Debug, Default)]
struct Memo(std::sync::Mutex<std::collections::HashMap<u64, Bucket>>);

/// The (app, payment method) pairs whose hashes collide, each with its verdict.
type Bucket = Vec<(String, String, Verdict)>;

const MEMO_MAX: usize = 4096;

impl Clone for Memo {
    fn clone(&self) -> Self {
        Memo::default()
    }
}

/// The app groups whose cases are in mainland China, and the groups that override them (a
/// PayPal payment from a Chinese bank card is still PayPal's).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CalendarChoice {
    pub apps: Vec<String>,
    #[serde(default)]
    pub not_apps: Vec<String>,
    pub source: String,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AppGroup {
    /// Which facts are searched for the names.
    #[serde(rename = "match")]
    pub match_: Vec<Field>,
    pub names: Vec<String>,
    /// Names that match only the whole fact ("IM", which would be found inside other words).
    #[serde(default)]
    pub exact: Vec<String>,
    /// `names` and `exact` normalized once by `Rules::parse` (the list compares them for a
    /// thousand cases at every key).
    #[serde(skip)]
    normalized: (Vec<String>, Vec<String>),
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
    /// App groups for which the rule does not apply even when `app` matches (a card network's
    /// rules do not reach a Chinese card paying through WeChat Pay or Alipay).
    #[serde(default)]
    pub unless_app: Vec<String>,
    /// Background: a last resort or someone else's limit, shown with the others but never the
    /// list's badge or the order it sorts by.
    #[serde(default)]
    pub background: bool,
    pub anchor: Anchor,
    pub length: Length,
    /// Events that make the deadline moot. A received refund or a finished case always does.
    #[serde(default)]
    pub ends: Vec<Anchor>,
    /// `app` and `unless_app` as bits of `Verdict::groups`, set by `Rules::parse`.
    #[serde(skip)]
    bits: (u64, u64),
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
    /// The complaint filed in the app, or the PayPal dispute opened: the first log entry of
    /// either kind. A chat with customer service is a contact and starts nothing.
    ComplaintFiled,
    /// Step 4's question answered (either way).
    SupportAnswered,
    /// The PayPal dispute escalated to a claim (its own log entry).
    ClaimFiled,
    /// The bank asked for a chargeback (its own log entry).
    ChargebackRequested,
}

/// The log-entry kinds (`LogEntry::with` codes) that file something: each starts the clocks
/// that measure it. `merchant`, `service` and `other` are contacts.
pub const FILINGS: [&str; 4] = ["complaint", "dispute", "claim", "chargeback"];

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Length {
    /// Weekends skipped; public holidays are not known.
    BusinessDays(u32),
    CalendarDays(u32),
    Hours(u32),
    /// By the end (24:00, local) of the `n`th day after the start's date: “within 1 day” of
    /// a complaint made on the 20th means before midnight ending the 21st.
    ByEndOfDay(u32),
}

/// One computed deadline that is still pending.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Deadline {
    pub kind: String,
    pub due: Timestamp,
    /// Calendar days from today to the due date in the user's zone: negative on a later day.
    pub days_left: i64,
    /// The due time has passed (also on the due day itself).
    pub past: bool,
    /// A business-day count that needed this year's Chinese holidays, which are not known.
    pub holidays_unknown: Option<i16>,
    /// The rule is background (`Rule::background`).
    pub background: bool,
    pub source: String,
}

impl Deadline {
    pub fn overdue(&self) -> bool {
        self.past
    }
}

impl Rules {
    pub fn parse(json: &str) -> Result<Rules, serde_json::Error> {
        let mut rules: Rules = serde_json::from_str(json)?;
        for g in rules.apps.values_mut() {
            let norm = |names: &[String]| names.iter().map(|n| normalize(n)).collect();
            g.normalized = (norm(&g.names), norm(&g.exact));
        }
        let bit = |apps: &BTreeMap<String, AppGroup>, group: &str| {
            apps.keys()
                .position(|k| k == group)
                .filter(|&i| i < 64)
                .map_or(0, |i| 1u64 << i)
        };
        for r in &mut rules.rules {
            let app = r.app.as_deref().map_or(0, |g| bit(&rules.apps, g));
            let unless = r
                .unless_app
                .iter()
                .fold(0, |acc, g| acc | bit(&rules.apps, g));
            r.bits = (app, unless);
        }
        Ok(rules)
    }

    /// What this app and payment method match, from the memo or worked out now.
    fn verdict(&self, app: &str, payment_method: &str) -> Verdict {
        use std::hash::{Hash, Hasher};
        let mut h = std::collections::hash_map::DefaultHasher::new();
        (app, payment_method).hash(&mut h);
        let key = h.finish();
        let mut memo = self.memo.0.lock().unwrap_or_else(|e| e.into_inner());
        if let Some((_, _, v)) = memo
            .get(&key)
            .and_then(|b| b.iter().find(|(a, p, _)| a == app && p == payment_method))
        {
            return *v;
        }
        let s = Subject::of(app, payment_method);
        let groups = self
            .apps
            .keys()
            .take(64)
            .enumerate()
            .filter(|(_, g)| self.group_matches(g, &s))
            .fold(0, |acc, (i, _)| acc | 1u64 << i);
        let china = matches!(self.calendar_of(&s), Calendar::China(_));
        let v = Verdict { groups, china };
        if memo.values().map(Vec::len).sum::<usize>() >= MEMO_MAX {
            memo.clear();
        }
        memo.entry(key)
            .or_default()
            .push((app.to_string(), payment_method.to_string(), v));
        v
    }

    /// Whether `rule` is for a case with this verdict (or for every app).
    fn applies_by(rule: &Rule, v: Verdict) -> bool {
        match &rule.app {
            None => true,
            Some(_) => v.groups & rule.bits.0 != 0 && v.groups & rule.bits.1 == 0,
        }
    }

    /// Whether `rule` is for this case's app (or for every app).
    pub fn applies(&self, rule: &Rule, case: &Case) -> bool {
        self.applies_to(
            rule,
            &Subject::of(&case.facts.app, &case.facts.payment_method),
        )
    }

    fn applies_to(&self, rule: &Rule, s: &Subject) -> bool {
        let excluded = || rule.unless_app.iter().any(|g| self.group_matches(g, s));
        match &rule.app {
            None => true,
            Some(group) => self.group_matches(group, s) && !excluded(),
        }
    }

    /// Whether the app group named `group` is this case's.
    fn group_matches(&self, group: &str, s: &Subject) -> bool {
        let Some(g) = self.apps.get(group) else {
            return false;
        };
        let (names, exact) = &g.normalized;
        g.match_.iter().any(|f| {
            let fact = match f {
                Field::App => &s.app,
                Field::PaymentMethod => &s.payment_method,
            };
            names.iter().any(|n| !n.is_empty() && contains(fact, n))
                || exact.iter().any(|n| !fact.is_empty() && n == fact)
        })
    }

    /// Whether the app group named `group` is this case's (by its app and payment method).
    pub fn is_app(&self, group: &str, app: &str, payment_method: &str) -> bool {
        self.group_matches(group, &Subject::of(app, payment_method))
    }

    /// Whether the case is in mainland China (its business days skip China's holidays).
    pub fn in_china(&self, app: &str, payment_method: &str) -> bool {
        matches!(self.calendar_for(app, payment_method), Calendar::China(_))
    }

    /// The calendar business days of this case are counted on.
    pub fn calendar_for(&self, app: &str, payment_method: &str) -> Calendar<'_> {
        self.calendar_of(&Subject::of(app, payment_method))
    }

    fn calendar_of(&self, s: &Subject) -> Calendar<'_> {
        let c = &self.china_calendar;
        let any = |groups: &[String]| groups.iter().any(|g| self.group_matches(g, s));
        if any(&c.apps) && !any(&c.not_apps) {
            Calendar::China(&self.holidays)
        } else {
            Calendar::Weekends
        }
    }
}

/// `needle` inside `hay`, by plain byte windows: the strings are a few words long, where
/// `str::contains`'s searcher costs more to set up than the search (a thousand cases times
/// some thirty names at every key of the list).
fn contains(hay: &str, needle: &str) -> bool {
    let (h, n) = (hay.as_bytes(), needle.as_bytes());
    n.len() <= h.len() && h.windows(n.len()).any(|w| w == n)
}

/// A case's app and payment method, normalized once for all the groups compared with them.
struct Subject {
    app: String,
    payment_method: String,
}

impl Subject {
    fn of(app: &str, payment_method: &str) -> Subject {
        Subject {
            app: normalize(app),
            payment_method: normalize(payment_method),
        }
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
    let first = || {
        case.log
            .iter()
            .filter(|e| log_anchor(e) == Some(a))
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
        Anchor::MerchantContact
        | Anchor::ComplaintFiled
        | Anchor::ClaimFiled
        | Anchor::ChargebackRequested => first(),
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

/// The anchor a log entry starts, if any: the first merchant contact, and the filings (a
/// PayPal dispute is the complaint filed in PayPal).
fn log_anchor(e: &LogEntry) -> Option<Anchor> {
    if e.kind != LogKind::Contact {
        return None;
    }
    Some(match e.with.as_str() {
        "merchant" => Anchor::MerchantContact,
        "complaint" | "dispute" => Anchor::ComplaintFiled,
        "claim" => Anchor::ClaimFiled,
        "chargeback" => Anchor::ChargebackRequested,
        _ => return None,
    })
}

impl Rules {
    /// When the rule of `kind` that applies to every app falls, counted from `from`: the
    /// refund's due date is stored in the case file from the same rule the screens show.
    pub fn general_due(
        &self,
        kind: &str,
        from: Timestamp,
        tz: &TimeZone,
        app: &str,
        payment_method: &str,
    ) -> Option<Timestamp> {
        self.rules
            .iter()
            .find(|r| r.kind == kind && r.app.is_none())
            .map(|r| add(from, r.length, tz, self.calendar_for(app, payment_method)).at)
    }
}

fn add(from: Timestamp, len: Length, tz: &TimeZone, cal: Calendar) -> calendar::Counted {
    let at = match len {
        Length::BusinessDays(n) => return calendar::count_business_days(from, n, tz, cal),
        // In the local zone, so a day across a DST change keeps the time of day.
        Length::CalendarDays(n) => from
            .to_zoned_datetime(tz.clone())
            .checked_add(Span::new().days(i64::from(n)))
            .map(|z| z.timestamp())
            .unwrap_or(from),
        Length::Hours(n) => from
            .checked_add(Span::new().hours(i64::from(n)))
            .unwrap_or(from),
        Length::ByEndOfDay(n) => tz
            .to_datetime(from)
            .date()
            .checked_add(Span::new().days(i64::from(n) + 1))
            .ok()
            .and_then(|d| {
                tz.to_ambiguous_timestamp(d.to_datetime(jiff::civil::Time::midnight()))
                    .compatible()
                    .ok()
            })
            .unwrap_or(from),
    };
    calendar::Counted {
        at,
        unknown_year: None,
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
            due: due.at,
            days_left: calendar::days_left(due.at, now, tz),
            past: now > due.at,
            holidays_unknown: due.unknown_year,
            background: r.background,
            source: r.source.clone(),
        })
        .collect();
    out.sort_by(|a, b| a.due.cmp(&b.due).then_with(|| a.kind.cmp(&b.kind)));
    out
}

/// When the nearest pending deadline that is not background falls: what the list sorts by,
/// without the words and day counts of `compute_from` (a thousand rows are sorted at every key).
pub fn nearest_due(f: &DeadlineFacts, rules: &Rules, tz: &TimeZone) -> Option<Timestamp> {
    pending(f, rules, None, tz)
        .filter(|(r, _)| !r.background)
        .map(|(_, due)| due.at)
        .min()
}

/// When the pending deadline of one kind falls, if it is pending (the launch reminder looks
/// only at `refund_due`, for every case).
pub fn due_of(f: &DeadlineFacts, rules: &Rules, kind: &str, tz: &TimeZone) -> Option<Timestamp> {
    pending(f, rules, Some(kind), tz)
        .map(|(_, due)| due.at)
        .min()
}

/// The rules (of `kind`, if given) still pending for these facts, each with its due time.
fn pending<'r>(
    f: &DeadlineFacts,
    rules: &'r Rules,
    kind: Option<&str>,
    tz: &TimeZone,
) -> impl Iterator<Item = (&'r Rule, calendar::Counted)> {
    let finished = !f.open || f.at(Anchor::RefundReceived).is_some();
    // What the case's app and payment method match: found once, when the first rule whose
    // anchor happened needs it.
    let mut verdict = None;
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
            if fixed.is_none() && from.is_none() {
                return None;
            }
            // A rule for every app needs no names compared; the calendar is needed only to
            // count business days.
            let named = r.app.is_some();
            let counted = matches!(r.length, Length::BusinessDays(_));
            let v = if named || counted {
                *verdict.get_or_insert_with(|| rules.verdict(&f.app, &f.payment_method))
            } else {
                Verdict {
                    groups: 0,
                    china: false,
                }
            };
            if !Rules::applies_by(r, v) {
                return None;
            }
            if let Some(due) = fixed {
                let unknown_year = None;
                return Some((
                    r,
                    calendar::Counted {
                        at: due,
                        unknown_year,
                    },
                ));
            }
            let found = if counted && v.china {
                Calendar::China(&rules.holidays)
            } else {
                Calendar::Weekends
            };
            Some((r, add(from?, r.length, tz, found)))
        })
}

/// The deadline that needs attention first: the soonest that is not background (overdue ones
/// are the soonest).
pub fn nearest(case: &Case, rules: &Rules, now: Timestamp, tz: &TimeZone) -> Option<Deadline> {
    nearest_from(&DeadlineFacts::of(case), rules, now, tz)
}

/// `nearest` from a case's deadline facts.
pub fn nearest_from(
    f: &DeadlineFacts,
    rules: &Rules,
    now: Timestamp,
    tz: &TimeZone,
) -> Option<Deadline> {
    compute_from(f, rules, now, tz)
        .into_iter()
        .find(|d| !d.background)
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
    pub anchors: [Option<Timestamp>; Anchor::ALL.len()],
    /// The refund's due date as recorded (used when the request has no time).
    pub refund_due_by: Option<Timestamp>,
}

impl Anchor {
    pub const ALL: [Anchor; 9] = [
        Anchor::MerchantContact,
        Anchor::MerchantAnswered,
        Anchor::RefundRequested,
        Anchor::RefundReceived,
        Anchor::Payment,
        Anchor::ComplaintFiled,
        Anchor::SupportAnswered,
        Anchor::ClaimFiled,
        Anchor::ChargebackRequested,
    ];
}

impl DeadlineFacts {
    pub fn of(case: &Case) -> DeadlineFacts {
        // The log's anchors in one pass over it (the list works these out for every case in
        // memory at every key); the rest as `anchor_time` finds them.
        let mut from_log = [None; Anchor::ALL.len()];
        for e in &case.log {
            if let Some(a) = log_anchor(e) {
                let slot: &mut Option<Timestamp> = &mut from_log[a as usize];
                *slot = Some(slot.map_or(e.at, |t| t.min(e.at)));
            }
        }
        let anchors = Anchor::ALL.map(|a| match a {
            Anchor::MerchantContact
            | Anchor::ComplaintFiled
            | Anchor::ClaimFiled
            | Anchor::ChargebackRequested => from_log[a as usize],
            _ => anchor_time(case, a),
        });
        DeadlineFacts {
            open: case.status.is_open(),
            app: case.facts.app.clone(),
            payment_method: case.facts.payment_method.clone(),
            anchors,
            refund_due_by: case.refund.due_by,
        }
    }

    pub fn at(&self, a: Anchor) -> Option<Timestamp> {
        self.anchors[a as usize]
    }
}

#[cfg(test)]
mod tests;
