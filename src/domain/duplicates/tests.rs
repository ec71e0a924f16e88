use proptest::prelude::*;

use super::*;

fn row(time: &str, merchant: &str, amount: &str, id: &str) -> BillRow {
    BillRow {
        time: time.parse().unwrap(),
        counterparty: merchant.into(),
        amount: amount.into(),
        direction: Direction::Out,
        transaction_id: id.into(),
        merchant_order_id: String::new(),
        method: "零钱".into(),
        status: "支付成功".into(),
        kind: "商户消费".into(),
        refunded: String::new(),
    }
}

fn codes(c: &Candidate) -> Vec<&'static str> {
    c.reasons.iter().map(|r| r.code()).collect()
}

#[test]
fn two_charges_seconds_apart_are_a_high_candidate() {
    let rows = vec![
        row("2026-11-20T12:45:27", "青柠便利店", "38.50", "A1"),
        row("2026-11-20T12:45:41", "青柠便利店", "38.50", "A2"),
        row("2026-11-20T12:45:30", "别家", "38.50", "A3"),
        row("2026-11-20T12:45:35", "青柠便利店", "12.00", "A4"),
    ];
    let c = find(&rows, DEFAULT_WINDOW_MINUTES);
    assert_eq!(c.len(), 1);
    assert_eq!(c[0].confidence, Confidence::High);
    assert_eq!(c[0].gap_seconds, 14);
    assert_eq!(
        codes(&c[0]),
        [
            "same_merchant_and_amount",
            "different_transaction_ids",
            "seconds_apart"
        ]
    );
    assert!(!c[0].already_refunded);
}

#[test]
fn a_shared_merchant_order_is_high_even_minutes_apart() {
    let mut a = row("2026-11-20T12:00:00", "M", "10.00", "A1");
    let mut b = row("2026-11-20T12:10:00", "M", "10.00", "A2");
    a.merchant_order_id = "ORD7".into();
    b.merchant_order_id = "ORD7".into();
    let c = find(&[a.clone(), b.clone()], 30);
    assert_eq!(c[0].confidence, Confidence::High);
    assert!(c[0].reasons.contains(&Reason::SharedMerchantOrder));
    b.merchant_order_id = "ORD8".into();
    let c = find(&[a, b], 30);
    assert_eq!(c[0].confidence, Confidence::Medium);
    assert!(c[0].reasons.contains(&Reason::MinutesApart));
}

#[test]
fn the_same_id_twice_is_one_charge() {
    let rows = vec![
        row("2026-11-17T15:20:00", "书香文具", "15.00", "SAME"),
        row("2026-11-17T15:20:00", "书香文具", "15.00", "SAME"),
    ];
    assert!(find(&rows, 30).is_empty());
}

#[test]
fn a_daily_coffee_is_not_a_duplicate_unless_the_window_is_widened() {
    let rows: Vec<BillRow> = (16..20)
        .map(|d| {
            row(
                &format!("2026-11-{d}T08:0{}:00", d % 10),
                "晨光咖啡",
                "18.00",
                &format!("C{d}"),
            )
        })
        .collect();
    assert!(find(&rows, 30).is_empty());
    let wide = find(&rows, 25 * 60);
    assert_eq!(wide.len(), 1);
    assert_eq!(wide[0].confidence, Confidence::Low);
    assert_eq!(wide[0].payments.len(), 4);
    assert!(wide[0].reasons.contains(&Reason::HoursApart));
    assert!(wide[0].reasons.contains(&Reason::MoreThanTwo));
}

#[test]
fn incoming_neutral_and_unfinished_rows_are_not_charges() {
    let mut a = row("2026-11-15T09:00:00", "招商银行(5678)", "200.00", "T1");
    let mut b = row("2026-11-15T09:03:00", "招商银行(5678)", "200.00", "T2");
    a.direction = Direction::Neutral;
    b.direction = Direction::Neutral;
    let mut c = row("2026-11-14T21:10:00", "小林", "20.00", "F1");
    let mut d = row("2026-11-14T21:11:00", "小林", "20.00", "F2");
    c.direction = Direction::In;
    d.direction = Direction::In;
    let e = row("2026-11-13T10:00:00", "单车", "3.00", "P1");
    let mut f = row("2026-11-13T10:00:20", "单车", "3.00", "P2");
    f.status = "支付中".into();
    let mut g = row("2026-11-13T10:00:40", "单车", "3.00", "P3");
    g.status = "交易关闭".into();
    assert!(find(&[a, b, c, d, e, f, g], 30).is_empty());
}

#[test]
fn a_refund_row_or_a_refunded_status_marks_it_already_refunded() {
    let a = row("2026-11-18T19:02:10", "云朵外卖", "52.00", "Y1");
    let b = row("2026-11-18T19:05:40", "云朵外卖", "52.00", "Y2");
    let mut refund = row("2026-11-19T10:00:03", "云朵外卖", "52.00", "R1");
    refund.direction = Direction::In;
    refund.kind = "云朵外卖-退款".into();
    let c = find(&[a.clone(), b.clone(), refund.clone()], 30);
    assert!(c[0].already_refunded);
    assert!(c[0].reasons.contains(&Reason::AlreadyRefunded));
    // A refund for another amount says nothing about this one.
    refund.amount = "12.00".into();
    assert!(!find(&[a.clone(), b.clone(), refund], 30)[0].already_refunded);
    let mut partly = b.clone();
    partly.status = "已退款(￥12.00)".into();
    partly.refunded = "12.00".into();
    assert!(!find(&[a.clone(), partly.clone()], 30)[0].already_refunded);
    partly.refunded = "52.00".into();
    assert!(find(&[a.clone(), partly], 30)[0].already_refunded);
    let mut alipay = b;
    alipay.status = "退款成功".into();
    assert!(find(&[a, alipay], 30)[0].already_refunded);
}

#[test]
fn most_likely_first_and_refunded_after_open_ones() {
    let rows = vec![
        row("2026-11-01T10:00:00", "A", "5.00", "1"),
        row("2026-11-01T10:20:00", "A", "5.00", "2"),
        row("2026-11-02T10:00:00", "B", "5.00", "3"),
        row("2026-11-02T10:00:10", "B", "5.00", "4"),
        row("2026-11-03T10:00:00", "C", "5.00", "5"),
        row("2026-11-03T10:00:10", "C", "5.00", "6"),
    ];
    let mut rows = rows;
    rows[5].status = "已全额退款".into();
    let c = find(&rows, 30);
    let names: Vec<&str> = c.iter().map(|c| c.merchant.as_str()).collect();
    assert_eq!(names, ["B", "C", "A"]);
}

fn arb_rows() -> impl Strategy<Value = Vec<BillRow>> {
    let one = (
        0u32..6,
        0i64..5000,
        prop::sample::select(vec!["M1", "M2", "M3"]),
        prop::sample::select(vec!["5.00", "18.00"]),
        0u32..12,
        prop::sample::select(vec!["支付成功", "已全额退款", "支付中"]),
        prop::sample::select(vec![Direction::Out, Direction::In, Direction::Neutral]),
        prop::sample::select(vec!["", "O1", "O2"]),
    )
        .prop_map(|(day, secs, m, amt, id, status, dir, order)| {
            let base: DateTime = "2026-11-01T00:00:00".parse().unwrap();
            let time = base
                .checked_add(jiff::Span::new().days(day).seconds(secs))
                .unwrap();
            let mut r = row("2026-11-01T00:00:00", m, amt, &format!("T{id}"));
            r.time = time;
            r.status = status.into();
            r.direction = dir;
            r.merchant_order_id = order.into();
            if dir == Direction::In && id % 2 == 0 {
                r.kind = "退款".into();
            }
            r
        });
    prop::collection::vec(one, 0..40)
}

proptest! {
    #[test]
    fn shuffling_rows_does_not_change_the_candidates(
        rows in arb_rows(),
        seed in any::<u64>(),
        window in 1u32..600,
    ) {
        let want = find(&rows, window);
        let mut shuffled = rows.clone();
        // A simple deterministic shuffle driven by the seed.
        let mut s = seed | 1;
        for i in (1..shuffled.len()).rev() {
            s ^= s << 13;
            s ^= s >> 7;
            s ^= s << 17;
            shuffled.swap(i, (s % (i as u64 + 1)) as usize);
        }
        prop_assert_eq!(find(&shuffled, window), want);
    }
}

#[test]
fn zero_rows_and_money_that_is_not_a_merchant_charge_are_never_candidates() {
    let mut rows = vec![
        row("2026-11-20T12:00:00", "书香文具", "0.00", "Z1"),
        row("2026-11-20T12:00:10", "书香文具", "0.00", "Z2"),
    ];
    for (kind, status, who) in [
        ("信用卡还款", "支付成功", "招商银行信用卡还款"),
        ("零钱充值", "充值完成", "招商银行(5678)"),
        ("零钱提现", "提现已到账", "招商银行(5678)"),
        ("转账", "朋友已收钱", "小林"),
        ("微信红包", "支付成功", "小周"),
        ("投资理财", "交易成功", "余额宝"),
    ] {
        for (t, id) in [("2026-11-19T09:00:00", "a"), ("2026-11-19T09:00:30", "b")] {
            let mut r = row(t, who, "50.00", &format!("{kind}{id}"));
            r.kind = kind.into();
            r.status = status.into();
            rows.push(r);
        }
    }
    assert!(find(&rows, DEFAULT_WINDOW_MINUTES).is_empty());
    let to_people: Vec<String> = find_transfers(&rows, DEFAULT_WINDOW_MINUTES)
        .into_iter()
        .map(|c| c.merchant)
        .collect();
    assert_eq!(to_people.len(), 2);
    assert!(to_people.contains(&"小林".to_string()) && to_people.contains(&"小周".to_string()));
}
