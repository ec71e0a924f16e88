use std::collections::BTreeSet;

use jiff::{Timestamp, tz::TimeZone};

use super::*;
use crate::assets::{deadline_rules, has};
use crate::domain::case::{Case, CaseStatus, Decision, LogEntry, LogKind};
use crate::domain::facts::Facts;
use crate::lang::Lang;

fn at(s: &str) -> Timestamp {
    s.parse().unwrap()
}

/// A zone from the system's tz database, or the same rules written as POSIX TZ when the
/// machine has no zoneinfo (the results must not depend on which).
fn zone(name: &str, posix: &str) -> TimeZone {
    TimeZone::get(name)
        .or_else(|_| TimeZone::posix(posix))
        .unwrap()
}

fn shanghai() -> TimeZone {
    zone("Asia/Shanghai", "CST-8")
}

fn new_york() -> TimeZone {
    zone("America/New_York", "EST5EDT,M3.2.0,M11.1.0")
}

fn contact(t: &str, with: &str) -> LogEntry {
    LogEntry {
        at: at(t),
        kind: LogKind::Contact,
        text: "asked about the second charge".into(),
        reference: String::new(),
        with: with.into(),
        channel: String::new(),
        code: String::new(),
        extra: Default::default(),
    }
}

/// A case with payments, a merchant contact and a complaint filed in the app.
fn full_case(app: &str, method: &str) -> Case {
    let t0 = at("2026-11-20T04:45:00Z");
    let facts = Facts {
        app: app.into(),
        payment_method: method.into(),
        ..Facts::default()
    };
    let mut c = Case::new("c1".into(), facts, t0);
    c.facts.payments[0].time = Some(at("2026-11-20T04:45:00Z"));
    c.facts.payments[1].time = Some(at("2026-11-20T04:45:40Z"));
    c.add_log(contact("2026-11-20T06:00:00Z", "merchant"), t0);
    c.add_log(contact("2026-11-23T02:00:00Z", "complaint"), t0);
    c
}

/// The same after a refund request, which ends the wait for the merchant's answer.
fn requested(mut c: Case) -> Case {
    c.request_refund(at("2026-11-24T02:00:00Z"), &TimeZone::UTC, deadline_rules());
    c
}

fn kinds(c: &Case) -> BTreeSet<String> {
    compute(
        c,
        deadline_rules(),
        at("2026-11-25T00:00:00Z"),
        &TimeZone::UTC,
    )
    .into_iter()
    .map(|d| d.kind)
    .collect()
}

fn set(v: &[&str]) -> BTreeSet<String> {
    v.iter().map(|s| s.to_string()).collect()
}

const MERCHANT: &str = "merchant_answer";

#[test]
fn every_rule_loads_from_assets_names_its_source_and_has_words() {
    let rules = Rules::parse(crate::assets::DEADLINES_JSON).expect("deadlines.json parses");
    let kinds: Vec<&str> = rules.rules.iter().map(|r| r.kind.as_str()).collect();
    for want in [
        "merchant_answer",
        "refund_due",
        "wechat_merchant_reply",
        "wechat_resolution",
        "paypal_dispute",
        "paypal_claim",
        "card_chargeback",
    ] {
        assert!(kinds.contains(&want), "{want} missing from deadlines.json");
    }
    for r in &rules.rules {
        assert!(r.source.trim().len() > 10, "{} names no source", r.kind);
        if let Some(app) = &r.app {
            assert!(
                rules.apps.contains_key(app),
                "{}: unknown app {app}",
                r.kind
            );
        }
        for lang in [Lang::Zh, Lang::En] {
            assert!(
                has(lang, &format!("deadline.kind.{}", r.kind)),
                "{}",
                r.kind
            );
        }
    }
    let src = |k: &str| &rules.rules.iter().find(|r| r.kind == k).unwrap().source;
    assert!(src("refund_due").contains("article"));
    assert!(src("wechat_resolution").contains("WeChat Pay"));
    assert!(src("paypal_claim").contains("PayPal"));
    assert!(src("card_chargeback").contains("12.6.1"));
}

#[test]
fn an_unknown_app_gets_only_the_generic_rules() {
    for app in ["IM", "Alipay", "支付宝", "SomeWallet", ""] {
        assert_eq!(kinds(&full_case(app, "")), set(&[MERCHANT]), "{app}");
        assert_eq!(
            kinds(&requested(full_case(app, ""))),
            set(&["refund_due"]),
            "{app}: requesting the refund replaces the wait for the merchant"
        );
    }
}

#[test]
fn wechat_rules_apply_to_wechat_pay_under_any_of_its_names() {
    for app in ["WeChat Pay", "wechat", "微信支付", "微信", "WECHATPAY"] {
        assert_eq!(
            kinds(&full_case(app, "零钱")),
            set(&[MERCHANT, "wechat_merchant_reply", "wechat_resolution"]),
            "{app}"
        );
    }
}

#[test]
fn paypal_rules_apply_only_to_paypal() {
    let mut c = full_case("PayPal", "");
    assert_eq!(
        kinds(&c),
        set(&[MERCHANT, "paypal_claim"]),
        "a dispute was opened: only the claim window is left"
    );
    c.log.retain(|e| e.with != "complaint");
    let all = compute(
        &c,
        deadline_rules(),
        at("2026-11-25T00:00:00Z"),
        &TimeZone::UTC,
    );
    let dispute = all.iter().find(|d| d.kind == "paypal_dispute").unwrap();
    // 180 days after the first payment (2026-11-20): 2027-05-19.
    assert_eq!(dispute.due, at("2027-05-19T04:45:00Z"));
    assert!(dispute.source.contains("180 days"));
}

#[test]
fn the_visa_rule_applies_to_visa_cards_directly_or_through_a_card_wallet() {
    let card = set(&[MERCHANT, "card_chargeback"]);
    for (app, method) in [
        ("IM", "Visa ****1234"),
        ("Visa", ""),
        ("Apple Pay", "Visa debit 1234"),
    ] {
        assert_eq!(kinds(&full_case(app, method)), card, "{app} / {method}");
    }
    // Not on a Chinese card paying through WeChat Pay or Alipay, Visa-branded or not: those
    // payments do not go through Visa's dispute rules.
    for (app, method) in [
        ("IM", "balance"),
        ("IM", "招商银行信用卡 尾号 1234"),
        ("IM", "银行卡"),
        ("Alipay", "bank card 5678"),
        ("支付宝", "招商银行 Visa 信用卡"),
    ] {
        assert_eq!(
            kinds(&full_case(app, method)),
            set(&[MERCHANT]),
            "{app} / {method}"
        );
    }
    let wechat = kinds(&full_case("微信支付", "Visa 1234"));
    assert!(!wechat.contains("card_chargeback"), "{wechat:?}");
    let c = full_case("IM", "Visa 1234");
    let d = compute(
        &c,
        deadline_rules(),
        at("2026-11-25T00:00:00Z"),
        &TimeZone::UTC,
    );
    let cb = d.iter().find(|d| d.kind == "card_chargeback").unwrap();
    assert_eq!(
        cb.due,
        at("2027-03-20T04:45:00Z"),
        "120 days after the payment"
    );
    assert!(cb.background);
}

#[test]
fn the_badge_is_never_a_background_deadline() {
    // A Visa payment whose refund was requested: the 120-day network limit is further off
    // than the refund but, when the refund is done, the badge has nothing rather than it.
    let c = requested(full_case("IM", "Visa 1234"));
    let now = at("2026-11-25T00:00:00Z");
    let n = nearest(&c, deadline_rules(), now, &TimeZone::UTC).unwrap();
    assert_eq!(n.kind, "refund_due");
    let mut only_background = full_case("IM", "Visa 1234");
    only_background.answer(StepKey::ContactMerchant, Decision::No, now);
    let all = compute(&only_background, deadline_rules(), now, &TimeZone::UTC);
    assert_eq!(
        all.iter().map(|d| d.kind.as_str()).collect::<Vec<_>>(),
        ["card_chargeback"]
    );
    assert_eq!(
        nearest(&only_background, deadline_rules(), now, &TimeZone::UTC),
        None
    );
    let f = DeadlineFacts::of(&only_background);
    assert_eq!(nearest_due(&f, deadline_rules(), &TimeZone::UTC), None);
}

#[test]
fn friday_five_pm_request_is_due_the_next_friday() {
    let tz = shanghai();
    let facts = Facts::default();
    let mut c = Case::new("c".into(), facts, at("2026-11-20T09:00:00Z"));
    // Friday 2026-11-20 17:00 in Shanghai.
    c.request_refund(at("2026-11-20T09:00:00Z"), &tz, deadline_rules());
    let now = at("2026-11-23T01:00:00Z"); // Monday 09:00 in Shanghai
    let d = compute(&c, deadline_rules(), now, &tz);
    assert_eq!(d.len(), 1);
    assert_eq!(d[0].kind, "refund_due");
    assert_eq!(
        d[0].due,
        at("2026-11-27T09:00:00Z"),
        "Friday 17:00 a week on"
    );
    assert_eq!(d[0].days_left, 4);
}

fn refund_due(requested: &str, now: &str, tz: &TimeZone) -> Deadline {
    let mut c = Case::new("c".into(), Facts::default(), at(requested));
    c.refund.requested_at = Some(at(requested));
    compute(&c, deadline_rules(), at(now), tz)
        .into_iter()
        .find(|d| d.kind == "refund_due")
        .unwrap()
}

#[test]
fn business_days_cross_month_and_year_ends() {
    let utc = TimeZone::UTC;
    // Thursday 26 November → Thursday 3 December.
    let d = refund_due("2026-11-26T10:00:00Z", "2026-11-26T12:00:00Z", &utc);
    assert_eq!(d.due, at("2026-12-03T10:00:00Z"));
    assert_eq!(d.days_left, 7);
    // Monday 28 December → Monday 4 January, across New Year.
    let d = refund_due("2026-12-28T10:00:00Z", "2026-12-31T12:00:00Z", &utc);
    assert_eq!(d.due, at("2027-01-04T10:00:00Z"));
    assert_eq!(d.days_left, 4);
    // Wednesday 30 December → Wednesday 6 January.
    let d = refund_due("2026-12-30T10:00:00Z", "2027-01-01T00:00:00Z", &utc);
    assert_eq!(d.due, at("2027-01-06T10:00:00Z"));
}

#[test]
fn a_due_date_in_the_past_has_negative_days_left() {
    // Requested Monday 9 November; due Monday 16 November; now Thursday 26 November.
    let d = refund_due(
        "2026-11-09T10:00:00Z",
        "2026-11-26T10:00:00Z",
        &TimeZone::UTC,
    );
    assert_eq!(d.due, at("2026-11-16T10:00:00Z"));
    assert_eq!(d.days_left, -10);
    assert!(d.overdue());
}

#[test]
fn time_zones_decide_the_weekday_and_the_day_count() {
    // One instant: Friday 23:30 in New York, Saturday 12:30 in Shanghai.
    let req = "2026-11-21T04:30:00Z";
    let now = "2026-11-27T12:00:00Z"; // Friday 07:00 in New York, Friday 20:00 in Shanghai
    let ny = refund_due(req, now, &new_york());
    assert_eq!(ny.due, at("2026-11-28T04:30:00Z"), "Friday 23:30 a week on");
    assert_eq!(ny.days_left, 0, "due today in New York");
    let sh = refund_due(req, now, &shanghai());
    // A Saturday request counts from Monday: Monday + 5 business days.
    assert_eq!(sh.due, at("2026-11-30T04:30:00Z"));
    assert_eq!(sh.days_left, 3);
}

#[test]
fn wechat_clocks_end_at_midnight_counted_from_the_complaint() {
    let c = full_case("微信支付", "");
    let d = compute(
        &c,
        deadline_rules(),
        at("2026-11-23T12:00:00Z"),
        &shanghai(),
    );
    let reply = d
        .iter()
        .find(|d| d.kind == "wechat_merchant_reply")
        .unwrap();
    let done = d.iter().find(|d| d.kind == "wechat_resolution").unwrap();
    // Complaint Monday 23 November 10:00 in Shanghai: a reply by 24:00 on the 24th, the
    // complaint resolved by 24:00 on the 26th (WeChat Pay's example: the 20th → the 21st, 23rd).
    assert_eq!(reply.due, at("2026-11-24T16:00:00Z"));
    assert_eq!(done.due, at("2026-11-26T16:00:00Z"));
}

#[test]
fn met_deadlines_are_not_shown() {
    let now = at("2026-12-20T00:00:00Z");
    let rules = deadline_rules();
    let tz = TimeZone::UTC;
    let mut c = full_case("WeChat Pay", "Visa 1234");
    assert!(compute(&c, rules, now, &tz).iter().any(|d| d.overdue()));
    c.answer(StepKey::ContactMerchant, Decision::No, now);
    assert!(!kinds(&c).contains("merchant_answer"), "merchant answered");
    c = requested(c);
    assert!(kinds(&c).contains("refund_due"));
    c.answer(StepKey::ContactSupport, Decision::No, now);
    assert!(!kinds(&c).contains("wechat_resolution"), "support answered");
    c.answer(StepKey::RequestRefund, Decision::Yes, now);
    assert!(compute(&c, rules, now, &tz).is_empty(), "refund received");

    let mut closed = full_case("IM", "");
    closed.status = CaseStatus::Closed;
    assert!(compute(&closed, rules, now, &tz).is_empty());
}

#[test]
fn no_anchor_no_deadline_and_a_bare_due_date_is_kept() {
    let mut c = Case::new("c".into(), Facts::default(), at("2026-11-20T00:00:00Z"));
    assert!(kinds(&c).is_empty());
    c.refund.due_by = Some(at("2026-11-24T00:00:00Z"));
    let d = compute(
        &c,
        deadline_rules(),
        at("2026-11-25T00:00:00Z"),
        &TimeZone::UTC,
    );
    assert_eq!(d[0].kind, "refund_due");
    assert_eq!(d[0].days_left, -1);
}

#[test]
fn nearest_is_the_most_urgent() {
    let c = full_case("IM", "");
    let n = nearest(
        &c,
        deadline_rules(),
        at("2026-11-25T00:00:00Z"),
        &TimeZone::UTC,
    )
    .unwrap();
    // Merchant contact Friday 20th + 2 business days = Tuesday 24th: overdue by 1 day.
    assert_eq!(n.kind, "merchant_answer");
    assert_eq!(n.days_left, -1);
}

#[test]
fn deadline_facts_keep_each_anchor_in_its_own_slot() {
    for (i, a) in Anchor::ALL.into_iter().enumerate() {
        assert_eq!(a as usize, i, "{a:?}");
    }
    let mut c = Case::new("c".into(), Facts::default(), at("2026-11-20T01:00:00Z"));
    c.refund.requested_at = Some(at("2026-11-21T01:00:00Z"));
    let f = DeadlineFacts::of(&c);
    assert_eq!(f.at(Anchor::RefundRequested), c.refund.requested_at);
    assert_eq!(f.at(Anchor::RefundReceived), None);
    let (now, utc) = (at("2026-11-25T01:00:00Z"), TimeZone::UTC);
    let all = compute(&c, deadline_rules(), now, &utc);
    assert_eq!(compute_from(&f, deadline_rules(), now, &utc), all);
    let refund = all.iter().find(|d| d.kind == "refund_due").map(|d| d.due);
    assert!(refund.is_some());
    assert_eq!(due_of(&f, deadline_rules(), "refund_due", &utc), refund);
    assert_eq!(
        nearest_due(&f, deadline_rules(), &utc),
        all.first().map(|d| d.due)
    );
}

/// The refund's due time of a case of `app` paid with `method`, requested at `local` in
/// Shanghai, in Shanghai's local time, and the year whose holidays were not known.
fn due_in_shanghai(app: &str, method: &str, local: &str) -> (String, Option<i16>) {
    let tz = shanghai();
    let from = tz
        .to_ambiguous_timestamp(local.parse().unwrap())
        .compatible()
        .unwrap();
    let facts = Facts {
        app: app.into(),
        payment_method: method.into(),
        ..Facts::default()
    };
    let mut c = Case::new("c".into(), facts, from);
    c.request_refund(from, &tz, deadline_rules());
    let d = compute(&c, deadline_rules(), from, &tz)
        .into_iter()
        .find(|d| d.kind == "refund_due")
        .unwrap();
    assert_eq!(c.refund.due_by, Some(d.due), "stored and shown agree");
    (tz.to_datetime(d.due).to_string(), d.holidays_unknown)
}

#[test]
fn cases_in_mainland_china_skip_its_holidays_and_count_make_up_days() {
    for (app, method) in [
        ("微信支付", "零钱"),
        ("WeChat Pay", ""),
        ("Alipay", "余额宝"),
        ("支付宝", ""),
        ("云闪付", ""),
        ("招商银行", ""),
        ("IM", "招商银行信用卡"),
        ("IM", ""),
    ] {
        assert_eq!(
            due_in_shanghai(app, method, "2026-09-30T10:00"),
            ("2026-10-13T10:00:00".into(), None),
            "{app} / {method}: National Day 2026"
        );
        assert_eq!(
            due_in_shanghai(app, method, "2026-02-13T10:00"),
            ("2026-02-27T10:00:00".into(), None),
            "{app} / {method}: Spring Festival 2026"
        );
    }
    // Other apps count weekends only, a PayPal payment from a Chinese card too.
    for (app, method) in [
        ("PayPal", "招商银行信用卡"),
        ("Apple Pay", ""),
        ("SomeWallet", ""),
    ] {
        assert_eq!(
            due_in_shanghai(app, method, "2026-09-30T10:00"),
            ("2026-10-07T10:00:00".into(), None),
            "{app} / {method}"
        );
    }
    // "IM" only as the whole app name: "Simple Pay" is not a Chinese case.
    assert_eq!(
        due_in_shanghai("Simple Pay", "", "2026-09-30T10:00").0,
        "2026-10-07T10:00:00"
    );
}

#[test]
fn a_request_in_a_year_without_data_says_so() {
    assert_eq!(
        due_in_shanghai("微信支付", "", "2027-03-01T10:00"),
        ("2027-03-08T10:00:00".into(), Some(2027))
    );
    // Counted into a year without data.
    assert_eq!(
        due_in_shanghai("支付宝", "", "2026-12-30T10:00").1,
        Some(2027)
    );
    // Weekends-only cases need no holiday data.
    assert_eq!(due_in_shanghai("PayPal", "", "2027-03-01T10:00").1, None);
}

#[test]
fn past_the_due_time_is_overdue_on_the_due_day() {
    // Due Monday 16 November 10:00; at 12:00 the same day it is overdue, with 0 days left.
    let d = refund_due(
        "2026-11-09T10:00:00Z",
        "2026-11-16T12:00:00Z",
        &TimeZone::UTC,
    );
    assert_eq!((d.days_left, d.overdue()), (0, true));
    let d = refund_due(
        "2026-11-09T10:00:00Z",
        "2026-11-16T09:00:00Z",
        &TimeZone::UTC,
    );
    assert_eq!((d.days_left, d.overdue()), (0, false));
}

#[test]
fn a_chat_with_customer_service_starts_no_complaint_clock_and_a_filing_does() {
    let now = at("2026-11-25T00:00:00Z");
    let tz = TimeZone::UTC;
    let chat_only = |app: &str| {
        let mut c = full_case(app, "");
        c.log.retain(|e| e.with != "complaint");
        c.add_log(contact("2026-11-23T02:00:00Z", "service"), now);
        c
    };
    // WeChat Pay: a chat is a contact; the 24 h / 72 h clocks wait for the complaint.
    let mut c = chat_only("微信支付");
    assert_eq!(kinds(&c), set(&[MERCHANT]));
    c.add_log(contact("2026-11-24T03:00:00Z", "complaint"), now);
    let d = compute(&c, deadline_rules(), now, &tz);
    let reply = d
        .iter()
        .find(|d| d.kind == "wechat_merchant_reply")
        .unwrap();
    assert_eq!(
        reply.due,
        at("2026-11-26T00:00:00Z"),
        "by the end of the day after the complaint"
    );

    // PayPal: the 180-day window to open a dispute stays through a chat, until a dispute is
    // logged; then the 20 days to escalate count from it, until a claim is logged.
    let mut c = chat_only("PayPal");
    assert_eq!(kinds(&c), set(&[MERCHANT, "paypal_dispute"]));
    c.add_log(contact("2026-11-24T03:00:00Z", "dispute"), now);
    assert_eq!(kinds(&c), set(&[MERCHANT, "paypal_claim"]));
    let d = compute(&c, deadline_rules(), now, &tz);
    let claim = d.iter().find(|d| d.kind == "paypal_claim").unwrap();
    assert_eq!(
        claim.due,
        at("2026-12-14T03:00:00Z"),
        "20 days after the dispute"
    );
    c.add_log(contact("2026-11-24T05:00:00Z", "claim"), now);
    assert_eq!(kinds(&c), set(&[MERCHANT]));

    // A chargeback asked of the bank ends the wait for the card network's limit.
    let mut c = full_case("IM", "Visa 1234");
    assert!(kinds(&c).contains("card_chargeback"));
    c.add_log(contact("2026-11-24T05:00:00Z", "chargeback"), now);
    assert!(!kinds(&c).contains("card_chargeback"));
    for code in FILINGS {
        for lang in [Lang::Zh, Lang::En] {
            assert!(has(lang, &format!("logform.who.{code}")), "{code} {lang:?}");
        }
    }
}

#[test]
fn the_one_pass_over_the_log_finds_what_anchor_time_finds() {
    let now = at("2026-11-25T00:00:00Z");
    let mut c = full_case("PayPal", "Visa 1");
    for (t, with) in [
        ("2026-11-21T03:00:00Z", "service"),
        ("2026-11-22T03:00:00Z", "dispute"),
        ("2026-11-21T05:00:00Z", "claim"),
        ("2026-11-24T05:00:00Z", "chargeback"),
        ("2026-11-19T05:00:00Z", "merchant"),
        ("2026-11-24T06:00:00Z", "claim"),
    ] {
        c.add_log(contact(t, with), now);
    }
    let f = DeadlineFacts::of(&c);
    for a in Anchor::ALL {
        assert_eq!(f.at(a), anchor_time(&c, a), "{a:?}");
    }
    assert_eq!(
        f.at(Anchor::MerchantContact),
        Some(at("2026-11-19T05:00:00Z"))
    );
    assert_eq!(
        f.at(Anchor::ComplaintFiled),
        Some(at("2026-11-22T03:00:00Z"))
    );
    assert_eq!(f.at(Anchor::ClaimFiled), Some(at("2026-11-21T05:00:00Z")));
}

#[test]
fn what_an_app_matches_is_remembered_and_the_memory_stays_bounded() {
    let rules = Rules::parse(crate::assets::DEADLINES_JSON).unwrap();
    let wechat = rules.verdict("微信支付", "零钱");
    assert!(wechat.china);
    assert_eq!(
        rules.verdict("微信支付", "零钱"),
        wechat,
        "the same from the memo"
    );
    assert!(!rules.verdict("PayPal", "招商银行信用卡").china);
    for i in 0..(super::MEMO_MAX + 10) {
        rules.verdict(&format!("wallet {i}"), "");
    }
    let held: usize = rules.memo.0.lock().unwrap().values().map(Vec::len).sum();
    assert!(held <= super::MEMO_MAX, "{held}");
    assert_eq!(
        rules.verdict("微信支付", "零钱"),
        wechat,
        "worked out again"
    );
}
