//! The messages the user sends, filled from a case (SPEC §4), for both faces (CLI and TUI).
//! Builds the template context from facts, log and evidence in words (placeholders for what
//! is missing), renders it with `domain::template`, and puts the result through the privacy
//! guard. Notes are never copied in: they are the user's private record.

use jiff::{Timestamp, tz::TimeZone};
use serde::Serialize;

use crate::assets::{t, tf};
use crate::domain::calendar::{count_business_days, days_left};
use crate::domain::case::{Case, LogKind};
use crate::domain::privacy::{self, Finding, FindingKind};
use crate::domain::steps::StepKey;
use crate::domain::template::{self, Length, Override, OverrideError, Recipient, Template};
use crate::domain::time::short_local;
use crate::lang::Lang;

/// Facts every message needs, as form field names (`form.<name>` labels them).
const NEEDED: [&str; 10] = [
    "merchant",
    "order_id",
    "amount",
    "p1_time",
    "p1_id",
    "p2_time",
    "p2_id",
    "payment_method",
    "your_name",
    "your_contact",
];

/// What the follow-up also needs: when the refund was asked for and when it was due.
const REFUND: [&str; 2] = ["refund_requested", "refund_due"];

/// What a complaint also needs: the 12315 complaint rules ask for both addresses
/// (`tpl.complaint_source`). Optional facts of the form, kept in the facts' extra fields
/// under these names (`tui::form::ADDRESS_*`): placeholders until given.
const ADDRESSES: [&str; 2] = ["your_address", "merchant_address"];

/// Where the case stands, as far as a message is concerned (each state has its message).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum State {
    /// Nothing settled yet: ask the merchant to confirm and refund.
    Open,
    /// The merchant confirmed the duplicate: ask for the refund and its date.
    Confirmed,
    /// A refund was asked for and is not yet due: a polite check, never "overdue".
    Promised,
    /// The refund is past its due time: the reminder.
    Overdue,
    /// The refund arrived: a confirmation, no reminder or complaint.
    Resolved,
}

impl State {
    pub fn as_str(self) -> &'static str {
        match self {
            State::Open => "open",
            State::Confirmed => "confirmed",
            State::Promised => "promised",
            State::Overdue => "overdue",
            State::Resolved => "resolved",
        }
    }

    pub fn of(case: &Case, now: Timestamp) -> State {
        use crate::domain::case::{CaseStatus, Decision};
        let r = &case.refund;
        if r.received_at.is_some() || case.status == CaseStatus::Resolved {
            State::Resolved
        } else if r.due_by.is_some_and(|d| d < now) {
            State::Overdue
        } else if r.requested_at.is_some() {
            State::Promised
        } else if case.step(StepKey::ContactMerchant).decision == Some(Decision::Yes) {
            State::Confirmed
        } else {
            State::Open
        }
    }

    /// The message that fits this state best, to open the message view on.
    pub fn first_recipient(self) -> Recipient {
        match self {
            State::Promised | State::Overdue => Recipient::Followup,
            _ => Recipient::Merchant,
        }
    }
}

/// The template a message to `to` uses in `state`: once the refund has arrived, the
/// confirmation whoever it is for.
pub fn template_for(to: Recipient, state: State) -> Template {
    match state {
        State::Resolved => Template::Confirmation,
        _ => Template::To(to),
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct PaymentCtx {
    pub time: String,
    pub id: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct ContactCtx {
    pub date: String,
    /// `merchant`, `service` or `other` (for conditions in templates).
    pub with: String,
    /// Who, in words.
    pub who: String,
    pub channel: String,
    pub reference: String,
    pub text: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct TimelineCtx {
    pub date: String,
    pub line: String,
}

/// Everything a template can use. Missing facts already hold their placeholder.
#[derive(Debug, Clone, Serialize)]
pub struct Context {
    pub app: String,
    pub merchant: String,
    pub merchant_contact: String,
    pub order_id: String,
    pub amount: String,
    pub payment_method: String,
    pub payments: Vec<PaymentCtx>,
    /// Contacts logged by hand, oldest first.
    pub tried: Vec<ContactCtx>,
    /// The whole log, oldest first (the complaint's timeline).
    pub timeline: Vec<TimelineCtx>,
    /// Evidence as attachment names: label and file name (never the full path).
    pub evidence: Vec<String>,
    pub today: String,
    /// Merchant answer expected (today + 2 business days).
    pub reply_by: String,
    /// Refund asked for by (today + 5 business days).
    pub refund_by: String,
    pub refund_requested: String,
    pub refund_due: String,
    /// Days the refund is overdue (0 when not yet due or unknown).
    pub overdue_days: i64,
    pub merchant_confirmed: bool,
    pub name: String,
    pub contact: String,
    /// `open`, `confirmed`, `promised`, `overdue` or `resolved` ([`State`]).
    pub state: String,
    /// Who the message is for (`merchant`, …, `card_issuer`): the confirmation greets them.
    pub to: String,
    pub your_address: String,
    pub merchant_address: String,
    /// When the refund arrived (empty until it has).
    pub refund_received: String,
}

/// A filled message and what the user must know about it.
#[derive(Debug, Clone)]
pub struct Message {
    pub to: Recipient,
    pub lang: Lang,
    pub length: Length,
    /// The confirmation stands in for this recipient's message (the refund has arrived).
    pub confirmation: bool,
    /// Guarded: safe to send.
    pub text: String,
    /// Labels of facts shown as placeholders.
    pub missing: Vec<String>,
    /// Privacy warnings in words (what was masked or left out, and why).
    pub warnings: Vec<String>,
    pub findings: Vec<Finding>,
    pub override_error: Option<OverrideError>,
}

fn or_ph(lang: Lang, value: &str, key: &str, missing: &mut Vec<&'static str>) -> String {
    if value.trim().is_empty() {
        if let Some(k) = NEEDED
            .iter()
            .chain(REFUND.iter())
            .chain(ADDRESSES.iter())
            .find(|k| **k == key)
            && !missing.contains(k)
        {
            missing.push(k);
        }
        t(lang, &format!("msg.ph.{key}")).to_string()
    } else {
        value.trim().to_string()
    }
}

/// An amount as people write it in `lang`: `38.50 元`, `CNY 38.50`, `$12.00`; a currency
/// without words of its own keeps its code.
pub fn amount_words(lang: Lang, amount: &str, currency: &str) -> String {
    let key = format!("msg.money.{}", currency.trim());
    if crate::assets::has(lang, &key) {
        tf(lang, &key, &[("amount", amount)])
    } else {
        tf(
            lang,
            "msg.money.other",
            &[("amount", amount), ("code", currency.trim())],
        )
    }
}

/// The payment app by the name it has in `lang` (`微信支付`, `Alipay`), whatever language the
/// bill or the user wrote it in; an app paytwice does not know keeps its name.
pub fn app_words(lang: Lang, app: &str) -> String {
    let rules = crate::assets::deadline_rules();
    for group in ["wechat_pay", "alipay", "paypal"] {
        if rules.is_app(group, app, "") {
            return t(lang, &format!("msg.app.{group}")).to_string();
        }
    }
    app.trim().to_string()
}

/// Who a contact was with, in words: the merchant, the app's customer service, or what the
/// user wrote (the channel when they picked "other"; never the form's own label).
fn contact_who(lang: Lang, with: &str, channel: &str, app: &str) -> (String, String) {
    match with.trim() {
        "merchant" => (t(lang, "msg.who.merchant").to_string(), channel.to_string()),
        "service" => (
            tf(lang, "msg.who.service", &[("app", app)]),
            channel.to_string(),
        ),
        "other" | "" if !channel.is_empty() => (channel.to_string(), String::new()),
        "other" | "" => (t(lang, "msg.who.other").to_string(), String::new()),
        free => (free.to_string(), channel.to_string()),
    }
}

/// One log entry as a sentence of the complaint's timeline (no internal codes or marks).
fn timeline_line(lang: Lang, e: &crate::domain::case::LogEntry, app: &str) -> String {
    let reference = e.reference.trim();
    let reference = if reference.is_empty() {
        String::new()
    } else {
        tf(lang, "msg.tl.ref", &[("ref", reference)])
    };
    let text = crate::domain::sanitize::clean_line(e.text.trim()).into_owned();
    match e.kind {
        LogKind::Contact => {
            let (who, channel) = contact_who(lang, &e.with, e.channel.trim(), app);
            let channel = if channel.is_empty() {
                channel
            } else {
                tf(lang, "msg.tl.channel", &[("channel", &channel)])
            };
            let key = if text.is_empty() {
                "msg.tl.contact_bare"
            } else {
                "msg.tl.contact"
            };
            tf(
                lang,
                key,
                &[
                    ("who", &who),
                    ("channel", &channel),
                    ("text", &text),
                    ("ref", &reference),
                ],
            )
        }
        LogKind::Event => {
            let key = format!("event.{}", e.code);
            let what = if crate::assets::has(lang, &key) {
                t(lang, &key).to_string()
            } else {
                text.clone()
            };
            if text.is_empty() || what == text {
                format!("{what}{reference}")
            } else {
                tf(
                    lang,
                    "msg.tl.event",
                    &[("what", &what), ("text", &text), ("ref", &reference)],
                )
            }
        }
    }
}

fn file_name(path: &str) -> &str {
    path.rsplit(['/', '\\']).next().unwrap_or(path)
}

/// The template context for `case` in `lang`; also which facts are missing (form names).
pub fn context(
    case: &Case,
    to: Recipient,
    lang: Lang,
    now: Timestamp,
    tz: &TimeZone,
) -> (Context, Vec<&'static str>) {
    let f = &case.facts;
    let mut missing = vec![];
    let mut ph = |v: &str, k: &str| or_ph(lang, v, k, &mut missing);
    let merchant = ph(&f.merchant, "merchant");
    let order_id = ph(&f.order_id, "order_id");
    let amount = match &f.amount {
        Some(a) => amount_words(lang, a, &f.currency),
        None => ph("", "amount"),
    };
    let app = app_words(lang, &f.app);
    let card = t(lang, "msg.card");
    let mut payments = vec![];
    for (i, p) in f.payments.iter().enumerate() {
        // As the app shows it: China time for WeChat Pay and Alipay, the zone named when the
        // user's clock differs (`bill_facts::payment_time_text`).
        let time = p
            .time
            .map(|t| crate::domain::bill_facts::payment_time_text(t, &f.app, tz))
            .unwrap_or_default();
        payments.push(PaymentCtx {
            time: ph(&time, &format!("p{}_time", i + 1)),
            id: ph(&p.transaction_id, &format!("p{}_id", i + 1)),
        });
    }
    let payment_method = ph(
        &privacy::card_in_words(&f.payment_method, card).text,
        "payment_method",
    );
    let name = ph(&f.your_name, "your_name");
    let contact = ph(&f.your_contact, "your_contact");
    let date = |ts: Timestamp| short_local(ts, tz).chars().take(10).collect::<String>();
    let state = State::of(case, now);
    let req = case.refund.requested_at.map(date).unwrap_or_default();
    let due = case.refund.due_by.map(date).unwrap_or_default();
    // Only the follow-up needs them; other messages name them when the case has them.
    let (refund_requested, refund_due) = if to == Recipient::Followup {
        (ph(&req, "refund_requested"), ph(&due, "refund_due"))
    } else {
        let mut ignored = vec![];
        (
            or_ph(lang, &req, "refund_requested", &mut ignored),
            or_ph(lang, &due, "refund_due", &mut ignored),
        )
    };
    let extra = |k: &str| {
        f.extra
            .get(k)
            .and_then(|v| v.as_str())
            .unwrap_or_default()
            .to_string()
    };
    let (your_address, merchant_address) = if to == Recipient::Complaint && state != State::Resolved
    {
        (
            ph(&extra("your_address"), "your_address"),
            ph(&extra("merchant_address"), "merchant_address"),
        )
    } else {
        (extra("your_address"), extra("merchant_address"))
    };
    let mut log: Vec<_> = case.log.iter().collect();
    log.sort_by_key(|e| e.at);
    let tried = log
        .iter()
        .filter(|e| e.kind == LogKind::Contact)
        .map(|e| {
            let (who, channel) = contact_who(lang, &e.with, e.channel.trim(), &app);
            ContactCtx {
                date: date(e.at),
                with: e.with.clone(),
                who,
                channel,
                reference: e.reference.trim().to_string(),
                text: e.text.trim().to_string(),
            }
        })
        .collect();
    let timeline = log
        .iter()
        .map(|e| TimelineCtx {
            date: short_local(e.at, tz),
            line: timeline_line(lang, e, &app),
        })
        .collect();
    let evidence = case
        .evidence
        .iter()
        .map(|e| {
            let file = file_name(&e.path);
            match (e.label.trim(), file) {
                ("", f) => f.to_string(),
                (l, "") => l.to_string(),
                (l, f) => tf(lang, "msg.evidence", &[("label", l), ("file", f)]),
            }
        })
        .collect();
    let overdue_days = case
        .refund
        .due_by
        .filter(|_| case.refund.received_at.is_none())
        .map(|d| -days_left(d, now, tz))
        .unwrap_or(0)
        .max(0);
    let cal = crate::assets::deadline_rules().calendar_for(&f.app, &f.payment_method);
    let ctx = Context {
        app,
        merchant,
        merchant_contact: f.merchant_contact.trim().to_string(),
        order_id,
        amount,
        payment_method,
        payments,
        tried,
        timeline,
        evidence,
        today: date(now),
        // Counted as the case's deadlines are (mainland China's holidays for a case there).
        reply_by: date(count_business_days(now, 2, tz, cal).at),
        refund_by: date(count_business_days(now, 5, tz, cal).at),
        refund_requested,
        refund_due,
        overdue_days,
        merchant_confirmed: case.step(StepKey::ContactMerchant).decision
            == Some(crate::domain::case::Decision::Yes),
        name,
        contact,
        state: state.as_str().to_string(),
        to: to.as_str().to_string(),
        your_address,
        merchant_address,
        refund_received: case.refund.received_at.map(date).unwrap_or_default(),
    };
    (ctx, missing)
}

/// The full message for `to` in `lang`, guarded, with its missing facts and warnings.
pub fn compose(
    case: &Case,
    to: Recipient,
    lang: Lang,
    now: Timestamp,
    tz: &TimeZone,
    user: Option<&Override>,
) -> Message {
    compose_at(case, to, Length::Full, lang, now, tz, user)
}

/// The message for `to` at `length` in `lang`. A user's override (`followup.en.j2`) is their
/// own wording of that message and is used at both lengths, when that message is the one the
/// case's state calls for (not once the refund has arrived).
pub fn compose_at(
    case: &Case,
    to: Recipient,
    length: Length,
    lang: Lang,
    now: Timestamp,
    tz: &TimeZone,
    user: Option<&Override>,
) -> Message {
    let (ctx, missing_keys) = context(case, to, lang, now, tz);
    let kind = template_for(to, State::of(case, now));
    let user = user.filter(|_| kind == Template::To(to));
    let rendered = template::render_template(kind, length, lang, &ctx, user);
    let card = t(lang, "msg.card");
    let mut guarded = privacy::guard_words(&rendered.text, &case.facts.your_contact, card);
    // A full card number typed as the payment method is already in words: still say so.
    guarded
        .findings
        .extend(privacy::card_in_words(&case.facts.payment_method, card).findings);
    let missing = missing_keys
        .iter()
        .map(|k| match *k {
            k if REFUND.contains(&k) => t(lang, &format!("msg.missing.{k}")).to_string(),
            k => t(lang, &format!("form.{k}")).to_string(),
        })
        .collect();
    let mut warnings = vec![];
    if let Some(e) = &rendered.override_error {
        warnings.push(tf(lang, "msg.warn.override", &[("error", &e.to_string())]));
    }
    warnings.extend(finding_warnings(lang, &guarded.findings));
    for s in &case.steps {
        if privacy::has_secret(&s.notes) {
            let title = &crate::assets::content(lang).steps[&s.key].title;
            warnings.push(tf(lang, "msg.warn.notes_secret", &[("step", title)]));
        }
    }
    Message {
        to,
        lang,
        length,
        confirmation: kind == Template::Confirmation,
        text: guarded.text,
        missing,
        warnings,
        findings: guarded.findings,
        override_error: rendered.override_error,
    }
}

/// One warning per kind of finding, naming the masked forms (never the values).
pub fn finding_warnings(lang: Lang, findings: &[Finding]) -> Vec<String> {
    let mut out = vec![];
    for kind in [
        FindingKind::Secret,
        FindingKind::CardNumber,
        FindingKind::IdNumber,
        FindingKind::Phone,
    ] {
        let masked: Vec<&str> = findings
            .iter()
            .filter(|f| f.kind == kind)
            .map(|f| f.masked.as_str())
            .collect();
        if masked.is_empty() {
            continue;
        }
        let key = format!("msg.warn.{}", kind.as_str());
        out.push(tf(lang, &key, &[("masked", &masked.join(", "))]));
    }
    out
}

#[cfg(test)]
#[path = "messages_tests.rs"]
mod tests;

/// A case with every fact filled in (invented data), for tests of messages and screens.
#[cfg(test)]
pub mod testing {
    use jiff::Timestamp;

    use crate::domain::case::{Case, Evidence, LogEntry, LogKind};
    use crate::domain::facts::{Facts, Payment};

    pub fn now() -> Timestamp {
        "2026-11-25T10:00:00Z".parse().unwrap()
    }

    fn at(s: &str) -> Timestamp {
        s.parse().unwrap()
    }

    pub fn full_case() -> Case {
        let facts = Facts {
            app: "WeChat Pay".into(),
            merchant: "Corner Coffee".into(),
            merchant_contact: "400-820-1234".into(),
            order_id: "CC20261120-0042".into(),
            amount: Some("38.50".into()),
            currency: "CNY".into(),
            payments: [
                Payment {
                    time: Some(at("2026-11-20T04:45:27Z")),
                    transaction_id: "4200001234202611201234567890".into(),
                    extra: Default::default(),
                },
                Payment {
                    time: Some(at("2026-11-20T04:46:03Z")),
                    transaction_id: "4200001234202611201234567891".into(),
                    extra: Default::default(),
                },
            ],
            payment_method: "bank card ****1111".into(),
            cause: None,
            your_name: "Li Ming".into(),
            your_contact: "13800001111".into(),
            extra: Default::default(),
        };
        let mut facts = facts;
        for (k, v) in [
            ("your_address", "12 Garden Road, Shanghai"),
            ("merchant_address", "88 West Nanjing Road, Shanghai"),
        ] {
            facts.extra.insert(k.into(), v.into());
        }
        let mut c = Case::new("20261120-124527".into(), facts, at("2026-11-20T05:00:00Z"));
        c.add_log(
            LogEntry {
                at: at("2026-11-21T02:00:00Z"),
                kind: LogKind::Contact,
                text: "Asked for a refund of the second charge".into(),
                reference: "M-7781".into(),
                with: "merchant".into(),
                channel: "in-app chat".into(),
                code: String::new(),
                extra: Default::default(),
            },
            now(),
        );
        c.request_refund(
            at("2026-11-21T02:05:00Z"),
            &jiff::tz::TimeZone::UTC,
            crate::assets::deadline_rules(),
        );
        c.put_evidence(
            None,
            Evidence {
                label: "Both charges".into(),
                path: "/home/li/pics/both-charges.png".into(),
                extra: Default::default(),
            },
            now(),
        );
        c
    }

    /// The same case as a Chinese user writes it: a Chinese merchant and notes, the app as the
    /// bill names it in English, the 19-digit UnionPay card already masked by the form.
    pub fn full_case_zh() -> Case {
        let mut c = full_case();
        c.facts.merchant = "街角咖啡".into();
        c.facts.payment_method = "招商银行储蓄卡 **** **** **** ***0 128".into();
        c.facts.your_name = "李明".into();
        c.log[0].text = "在线客服答应核实后退回第二笔".into();
        c.log[0].channel = "店铺客服".into();
        c.evidence[0].label = "两笔扣款截图".into();
        c.facts
            .extra
            .insert("your_address".into(), "上海市徐汇区花园路12号".into());
        c.facts
            .extra
            .insert("merchant_address".into(), "上海市静安区南京西路88号".into());
        c
    }
}
