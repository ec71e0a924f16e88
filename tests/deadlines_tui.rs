//! The screens of "days later", driven by key events with a fixed clock and zone, drawn at
//! 80×24 and snapshotted in both languages: the case list with deadline badges, the log,
//! step 6 with a cause chosen, step 4's escalation; and the overdue-refund reminder.

mod common;

use common::{at, now, shanghai as tz};
use paytwice::domain::case::{Case, Decision, LogEntry, LogKind};
use paytwice::domain::facts::Facts;
use paytwice::domain::steps::StepKey;
use paytwice::domain::summary::CaseSummary;
use paytwice::lang::Lang;
use paytwice::storage::State;
use paytwice::tui::app::{App, Screen, list_order};
use paytwice::tui::theme::Theme;
use paytwice::tui::view;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use unicode_width::UnicodeWidthStr;

fn facts(merchant: &str, app: &str, amount: &str) -> Facts {
    Facts {
        app: app.into(),
        merchant: merchant.into(),
        amount: Some(amount.into()),
        ..Facts::default()
    }
}

fn contact(t: &str, with: &str, text: &str, reference: &str) -> LogEntry {
    LogEntry {
        at: at(t),
        kind: LogKind::Contact,
        text: text.into(),
        reference: reference.into(),
        with: with.into(),
        channel: "in-app chat".into(),
        code: String::new(),
        extra: Default::default(),
    }
}

/// Refund requested 8 business days before `now` (Friday 13 November), so due Friday 20th
/// and overdue by 5 days; the merchant confirmed; contacts in the log.
fn overdue_case() -> Case {
    let t0 = at("2026-11-12T02:00:00Z");
    let mut c = Case::new(
        "20261112-coffee".into(),
        facts("Corner Coffee", "IM", "38.50"),
        t0,
    );
    c.facts.payments[0].time = Some(at("2026-11-12T01:45:00Z"));
    c.facts.payments[1].time = Some(at("2026-11-12T01:45:40Z"));
    c.facts.payments[0].transaction_id = "4200001234202611120001".into();
    c.facts.payments[1].transaction_id = "4200001234202611120002".into();
    c.answer(
        StepKey::ConfirmRecords,
        Decision::Yes,
        at("2026-11-12T02:05:00Z"),
    );
    c.add_log(
        contact(
            "2026-11-12T03:00:00Z",
            "merchant",
            "Asked the shop to cancel the second charge",
            "",
        ),
        at("2026-11-12T03:00:00Z"),
    );
    c.answer(
        StepKey::ContactMerchant,
        Decision::Yes,
        at("2026-11-13T01:00:00Z"),
    );
    c.toggle_check(
        StepKey::RequestRefund,
        "request_refund",
        at("2026-11-13T02:00:00Z"),
        &tz(),
        paytwice::assets::deadline_rules(),
    );
    c.add_log(
        contact(
            "2026-11-13T02:10:00Z",
            "merchant",
            "Refund issued by the shop",
            "RF-88213",
        ),
        at("2026-11-13T02:10:00Z"),
    );
    c
}

fn list_cases() -> Vec<Case> {
    let mut wechat = Case::new(
        "20261123-books".into(),
        facts("Book Shop", "WeChat Pay", "120.00"),
        at("2026-11-23T02:00:00Z"),
    );
    wechat.add_log(
        contact("2026-11-24T02:00:00Z", "merchant", "Called the shop", ""),
        at("2026-11-24T02:00:00Z"),
    );
    let mut paypal = Case::new(
        "20261102-taxi".into(),
        facts("Taxi Ride", "PayPal", "15.00"),
        at("2026-11-02T02:00:00Z"),
    );
    paypal.facts.currency = "USD".into();
    paypal.facts.payments[0].time = Some(at("2026-11-01T12:00:00Z"));
    let idle = Case::new(
        "20261124-gym".into(),
        facts("City Gym", "IM", "99.00"),
        at("2026-11-24T09:00:00Z"),
    );
    let mut done = Case::new(
        "20261101-bakery".into(),
        facts("Bakery", "IM", "12.00"),
        at("2026-11-01T02:00:00Z"),
    );
    done.answer(StepKey::Review, Decision::Yes, at("2026-11-25T09:00:00Z"));
    vec![done, idle, paypal, wechat, overdue_case()]
}

fn key(c: KeyCode) -> KeyEvent {
    KeyEvent::new(c, KeyModifiers::NONE)
}

fn press(app: &mut App, keys: &str) {
    for c in keys.chars() {
        app.handle_key(key(KeyCode::Char(c)));
    }
}

fn screen(app: &App) -> String {
    screen_sized(app, 80, 24)
}

fn screen_sized(app: &App, w: u16, h: u16) -> String {
    let mut term = Terminal::new(TestBackend::new(w, h)).unwrap();
    term.draw(|f| view::draw(f, app, &Theme::new(false)))
        .unwrap();
    let buf = term.backend().buffer();
    let mut out = String::new();
    for y in 0..buf.area.height {
        let mut line = String::new();
        let mut skip = 0;
        for x in 0..buf.area.width {
            if skip > 0 {
                skip -= 1;
                continue;
            }
            let s = buf[(x, y)].symbol();
            skip = s.width().saturating_sub(1);
            line.push_str(s);
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

fn app(lang: Lang, cases: Vec<Case>) -> App {
    let mut app = App::new(lang, now(), tz(), cases);
    app.resume(&State::default());
    app
}

fn both(name: &str, f: impl Fn(Lang) -> App) {
    for lang in [Lang::En, Lang::Zh] {
        let app = f(lang);
        insta::assert_snapshot!(format!("{name}_{}", lang.code()), screen(&app));
    }
}

#[test]
fn list_sorts_by_attention_and_shows_deadline_badges() {
    both("list_badges", |lang| app(lang, list_cases()));
    let a = app(Lang::En, list_cases());
    let order: Vec<&str> = a
        .list_rows()
        .iter()
        .map(|&i| a.cases[i].id.as_str())
        .collect();
    assert_eq!(
        order,
        [
            "20261112-coffee",
            "20261123-books",
            "20261102-taxi",
            "20261124-gym",
            "20261101-bakery"
        ],
        "overdue, due soonest, later, no deadline, finished"
    );
}

/// The storage index keeps its rows in the order the list shows (so a start can read only the
/// first screenful): the order's key sorts the summaries exactly as `list_rows` does, and its
/// stamp names the zone it was worked out in.
#[test]
fn the_index_order_is_the_list_order_and_names_its_zone() {
    let a = app(Lang::En, list_cases());
    let order = list_order(&tz()).expect("a named zone");
    let mut summaries: Vec<CaseSummary> = a.cases.iter().map(CaseSummary::of).collect();
    summaries.sort_by_key(|s| (order.key)(s));
    let by_key: Vec<&str> = summaries.iter().map(|s| s.id.as_str()).collect();
    let shown: Vec<&str> = a
        .list_rows()
        .iter()
        .map(|&i| a.cases[i].id.as_str())
        .collect();
    assert_eq!(by_key, shown);

    let stamp = |zone: &jiff::tz::TimeZone| list_order(zone).map(|o| o.stamp);
    assert_eq!(
        stamp(&tz()),
        Some(order.stamp),
        "the same zone, the same stamp"
    );
    assert_ne!(stamp(&jiff::tz::TimeZone::UTC), Some(order.stamp));
    let unnamed = jiff::tz::TimeZone::fixed(jiff::tz::offset(8));
    assert_eq!(
        stamp(&unnamed),
        None,
        "a zone without a name is never trusted"
    );
}

/// A first frame drawn from the list's first rows may miss the most overdue case; once every
/// row is in (before any key), the launch reminder looks again and finds it.
#[test]
fn the_reminder_looks_again_when_the_whole_list_comes_in() {
    let cases = list_cases();
    let all: Vec<CaseSummary> = cases.iter().map(CaseSummary::of).collect();
    let mut a = App::new(Lang::En, now(), tz(), vec![]);
    a.list = all
        .iter()
        .filter(|s| s.id == "20261124-gym" || s.id == "20261101-bakery")
        .cloned()
        .collect();
    a.list_partial = true;
    a.resume(&State::default());
    assert_eq!(a.status, None, "nothing overdue among the first rows");
    a.list_verified(all, vec![]);
    let s = screen(&a);
    assert!(s.contains("Refund overdue by 5 days"), "{s}");
    assert!(!a.list_partial);
    let selected = a.selected_case().map(|i| a.list[i].id.as_str());
    assert_eq!(selected, Some("20261112-coffee"));
}

#[test]
fn v_filters_the_list_by_status() {
    let mut a = app(Lang::En, list_cases());
    press(&mut a, "v");
    assert_eq!(a.list_rows().len(), 4, "open only");
    assert!(screen(&a).contains("showing: open"));
    press(&mut a, "v");
    let rows = a.list_rows();
    assert_eq!(rows.len(), 1, "closed only");
    assert_eq!(a.cases[rows[0]].id, "20261101-bakery");
    // Deleting from a filtered view names the case on that row.
    a.handle_key(KeyEvent::new(KeyCode::Char('D'), KeyModifiers::SHIFT));
    assert!(screen(&a).contains("Delete “Bakery"), "{}", screen(&a));
    press(&mut a, "y");
    assert!(a.cases.iter().all(|c| c.id != "20261101-bakery"));
    assert!(screen(&a).contains("No cases in this view"));
    press(&mut a, "v");
    assert_eq!(a.list_rows().len(), 4, "all again");
}

#[test]
fn an_overdue_refund_shows_in_the_list_and_offers_the_follow_up() {
    let mut a = app(Lang::En, list_cases());
    let s = screen(&a);
    assert!(s.contains("! overdue 5d"), "{s}");
    assert!(
        s.contains("Refund overdue by 5 days: Enter opens the case, t writes the follow-up"),
        "{s}"
    );
    // The reminded case is selected: Enter opens it at step 3, which offers the follow-up.
    a.handle_key(key(KeyCode::Enter));
    assert_eq!(a.screen, Screen::Case);
    assert_eq!(a.case().unwrap().id, "20261112-coffee");
    assert_eq!(a.step, StepKey::RequestRefund);
    // Below the step's guidance: paging brings it on screen (the question is pinned below).
    let s = paged_to(&mut a, "Refund overdue by 5 days: press t for the");
    assert!(s.contains("! Refund due · overdue by 5 days"), "{s}");
}

#[test]
fn resuming_an_overdue_case_says_so_in_the_case() {
    let mut a = App::new(Lang::En, now(), tz(), list_cases());
    a.resume(&State {
        last_case: Some("20261112-coffee".into()),
        step: Some(StepKey::RequestRefund),
        lang: None,
    });
    let s = screen(&a);
    assert!(
        s.contains("Refund overdue by 5 days — press t for the follow-up"),
        "{s}"
    );
    // Nothing overdue: no reminder.
    let quiet = app(
        Lang::En,
        vec![Case::new("x".into(), Facts::default(), now())],
    );
    assert!(quiet.status.is_none());
}

#[test]
fn step_3_not_arrived_points_to_step_4() {
    let mut a = app(Lang::En, vec![overdue_case()]);
    a.handle_key(key(KeyCode::Enter));
    assert_eq!(a.step, StepKey::RequestRefund);
    press(&mut a, "n");
    assert_eq!(a.case().unwrap().next_step, Some(StepKey::ContactSupport));
    let status = a.status.clone().unwrap().text;
    assert!(status.contains("step 4"), "{status}");
}

#[test]
fn the_log_newest_first() {
    both("log", |lang| {
        let mut a = app(lang, vec![overdue_case()]);
        a.handle_key(key(KeyCode::Enter));
        press(&mut a, "l");
        assert_eq!(a.screen, Screen::Log);
        a
    });
}

#[test]
fn step_6_with_a_cause_chosen() {
    both("review_cause", |lang| {
        let mut a = app(lang, vec![overdue_case()]);
        a.handle_key(key(KeyCode::Enter));
        press(&mut a, "jjj"); // step 3 → 6
        press(&mut a, "cc"); // network delay
        let review = a.case().unwrap().step(StepKey::Review);
        assert!(review.is_checked("choose_cause"), "choosing ticks the item");
        for _ in 0..3 {
            a.handle_key(key(KeyCode::PageDown));
        }
        assert_eq!(a.step, StepKey::Review);
        a
    });
}

/// Page down the step's text until `want` is on screen (the screen, or a failure showing it).
fn paged_to(a: &mut App, want: &str) -> String {
    for _ in 0..10 {
        let s = screen(a);
        if s.contains(want) {
            return s;
        }
        a.handle_key(key(KeyCode::PageDown));
    }
    panic!("{want} never on screen:\n{}", screen(a));
}

#[test]
fn closing_records_when_and_o_reopens() {
    let mut a = app(Lang::En, vec![overdue_case()]);
    a.handle_key(key(KeyCode::Enter));
    press(&mut a, "jjjyy"); // step 6: yes, and yes to "end the case?"
    let c = a.case().unwrap();
    assert_eq!(c.status.as_str(), "resolved");
    assert_eq!(c.closed_at, Some(now()));
    paged_to(&mut a, "resolved on 2026-11-25 18:00");
    press(&mut a, "o");
    assert!(a.case().unwrap().status.is_open());
    assert_eq!(a.case().unwrap().closed_at, None);
}

#[test]
fn step_4_escalation() {
    both("escalation", |lang| {
        let mut a = app(lang, vec![overdue_case()]);
        a.handle_key(key(KeyCode::Enter));
        press(&mut a, "jn"); // step 4: customer service did not resolve it
        for _ in 0..9 {
            a.handle_key(key(KeyCode::PageDown));
        }
        a
    });
}

/// The whole detail pane of step 4 after "not resolved", on a tall screen.
fn step_4_unresolved(c: Case, lang: Lang) -> String {
    let mut a = app(lang, vec![c]);
    a.handle_key(key(KeyCode::Enter));
    press(&mut a, "jn");
    // One long line per entry: no wrapping inside the phrases looked for.
    screen_sized(&a, 400, 200)
}

#[test]
fn step_4_shows_the_routes_of_the_case_s_app_and_country_each_with_its_source() {
    let mut c = overdue_case();
    c.facts.app = "微信支付".into();
    c.facts.payment_method = "招商银行信用卡".into();
    let s = step_4_unresolved(c.clone(), Lang::En);
    for want in [
        "use the order's “投诉商家”",
        "WeChat Pay's customer-service line: 95017.",
        "press a to log it",
        "12315, the market regulator's complaint line and platform",
        "12363, the People's Bank of China's line",
        "12378, the National Financial Regulatory Administration's line",
        "96110, the anti-fraud line",
    ] {
        assert!(s.contains(want), "{want}\n{s}");
    }
    assert!(!s.contains("consumer-protection organisation"), "{s}");
    // Every route line is followed by its source.
    let lines: Vec<&str> = s.lines().collect();
    let routes: Vec<usize> = (0..lines.len())
        .filter(|&i| lines[i].contains("│ • ") && !lines[i].contains("The legal route"))
        .collect();
    assert!(routes.len() >= 7, "{s}");
    for i in routes {
        assert!(
            lines[i + 1].contains("Source: "),
            "{}\n{}",
            lines[i],
            lines[i + 1]
        );
    }
    assert!(
        s.contains("Deadlines (weekends and China's holidays skipped)"),
        "{s}"
    );
    let zh = step_4_unresolved(c, Lang::Zh);
    assert!(
        zh.contains("12315：市场监管部门的投诉举报电话和平台"),
        "{zh}"
    );
    assert!(
        zh.contains("期限（跳过周末和中国法定节假日，计入调休上班日）"),
        "{zh}"
    );

    // A PayPal user paying in dollars: PayPal's dispute and claim, the CFPB; nothing of China.
    let mut p = overdue_case();
    p.facts.app = "PayPal".into();
    p.facts.currency = "USD".into();
    let s = step_4_unresolved(p, Lang::En);
    for want in [
        "open a dispute in the Resolution Center",
        "escalate the dispute to a claim",
        "consumerfinance.gov/complaint",
    ] {
        assert!(s.contains(want), "{want}\n{s}");
    }
    assert!(s.contains("Deadlines (business days skip weekends)"), "{s}");
    for never in ["12315", "12363", "96110", "China's holidays"] {
        assert!(!s.contains(never), "{never}\n{s}");
    }
}

/// A WeChat Pay case paid by Visa card, with a complaint filed in the app: the general rules
/// and WeChat Pay's, and no card network's (the payment went through WeChat Pay).
fn wechat_card_case() -> Case {
    let mut c = overdue_case();
    c.id = "20261112-wechat".into();
    c.facts.app = "微信支付".into();
    c.facts.payment_method = "Visa ****4242".into();
    c.add_log(
        contact(
            "2026-11-24T01:00:00Z",
            "complaint",
            "Complaint filed in the app",
            "WX-5521",
        ),
        at("2026-11-24T01:00:00Z"),
    );
    c
}

#[test]
fn step_3_lists_every_deadline_with_its_source() {
    both("step3_deadlines", |lang| {
        let mut a = app(lang, vec![wechat_card_case()]);
        a.handle_key(key(KeyCode::Enter));
        assert_eq!(a.step, StepKey::RequestRefund);
        a.handle_key(key(KeyCode::PageDown));
        a
    });
    let mut a = app(Lang::En, vec![wechat_card_case()]);
    a.handle_key(key(KeyCode::Enter));
    let kinds: Vec<String> = paytwice::domain::deadlines::compute(
        a.case().unwrap(),
        paytwice::assets::deadline_rules(),
        now(),
        &tz(),
    )
    .into_iter()
    .map(|d| d.kind)
    .collect();
    assert_eq!(
        kinds,
        ["refund_due", "wechat_merchant_reply", "wechat_resolution"]
    );
}

#[test]
fn help_lists_the_filter_key() {
    let mut a = app(Lang::En, list_cases());
    press(&mut a, "?");
    let s = screen(&a);
    assert!(
        s.contains("case list: show all, open or closed cases"),
        "{s}"
    );
}

#[test]
fn lessons_go_in_the_review_notes() {
    let mut a = app(Lang::En, vec![overdue_case()]);
    a.handle_key(key(KeyCode::Enter));
    press(&mut a, "jjj");
    press(&mut a, "e");
    assert_eq!(a.screen, Screen::Notes);
    press(&mut a, "Wait for the receipt before paying again");
    a.handle_key(key(KeyCode::Esc));
    let notes = &a.case().unwrap().step(StepKey::Review).notes;
    assert_eq!(notes, "Wait for the receipt before paying again");
}

#[test]
fn badges_and_deadlines_draw_at_any_size() {
    for lang in [Lang::En, Lang::Zh] {
        let mut a = app(lang, vec![wechat_card_case(), overdue_case()]);
        for (w, h) in [(1, 1), (40, 10), (41, 12), (60, 15), (200, 50)] {
            screen_sized(&a, w, h);
        }
        a.handle_key(key(KeyCode::Enter));
        for (w, h) in [(1, 1), (40, 10), (41, 12), (60, 15), (200, 50)] {
            screen_sized(&a, w, h);
        }
    }
    let mut a = app(Lang::En, vec![overdue_case()]);
    a.handle_key(key(KeyCode::Enter));
    press(&mut a, "jjjccccc"); // four causes, then none again
    assert!(
        !a.case()
            .unwrap()
            .step(StepKey::Review)
            .is_checked("choose_cause")
    );
}

#[test]
fn a_narrow_case_header_still_names_what_is_due() {
    let mut a = app(Lang::En, vec![overdue_case()]);
    a.handle_key(key(KeyCode::Enter));
    let wide = screen_sized(&a, 80, 24);
    assert!(
        wide.lines()
            .next()
            .unwrap()
            .contains("! Refund due · overdue by 5 days"),
        "{wide}"
    );
    let narrow = screen_sized(&a, 60, 24);
    let top = narrow.lines().next().unwrap();
    assert!(top.contains("! Refund overdue 5d"), "{narrow}");
    let mut z = app(Lang::Zh, vec![overdue_case()]);
    z.handle_key(key(KeyCode::Enter));
    let narrow = screen_sized(&z, 60, 24);
    assert!(
        narrow.lines().next().unwrap().contains("! 退款逾期 5 天"),
        "{narrow}"
    );
}
