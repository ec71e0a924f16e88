//! A picked candidate from a bill becomes case facts: app, merchant, amount, both charges,
//! the merchant's order number and the payment method (masked). Nothing else from the bill
//! is kept, and a fact the bill does not have keeps what the user typed.

use jiff::Timestamp;
use jiff::tz::{self, TimeZone};

use super::duplicates::Candidate;
use super::facts::{Facts, Payment};

/// Both apps write their bills in China Standard Time, which has no daylight saving: a fixed
/// +08:00 needs no time-zone database.
pub fn china_standard_time() -> TimeZone {
    TimeZone::fixed(tz::offset(8))
}

/// WeChat Pay and Alipay, by the name a case gives the app in either language.
pub fn is_china_app(app: &str) -> bool {
    let a = app.trim().to_lowercase();
    ["微信", "wechat", "支付宝", "alipay"]
        .iter()
        .any(|n| a.contains(n))
}

/// The zone a payment's time is shown and typed in: China Standard Time for WeChat Pay and
/// Alipay (the apps and their bills show China time, wherever the user is), the user's own
/// zone for any other app.
pub fn payment_zone(app: &str, user: &TimeZone) -> TimeZone {
    if is_china_app(app) {
        china_standard_time()
    } else {
        user.clone()
    }
}

/// A payment's time as the app shows it (`2026-11-20 08:12:19`), naming the zone
/// (` (UTC+8)`) when the user's clock is set to another offset at that time, so that a
/// message to the app and the user's own reading cannot disagree silently.
pub fn payment_time_text(ts: Timestamp, app: &str, user: &TimeZone) -> String {
    let zone = payment_zone(app, user);
    let text = ts
        .to_zoned_datetime(zone.clone())
        .strftime("%Y-%m-%d %H:%M:%S")
        .to_string();
    format!("{text}{}", zone_note(ts, app, user))
}

/// ` (UTC+8)` after a WeChat Pay or Alipay time when the user's clock is set to another
/// offset at that time, else nothing.
pub fn zone_note(ts: Timestamp, app: &str, user: &TimeZone) -> &'static str {
    if is_china_app(app) && user.to_offset(ts) != tz::offset(8) {
        " (UTC+8)"
    } else {
        ""
    }
}

/// `中国银行(6222021234567890123)` → `中国银行(0123)`: every run of more than four digits keeps
/// its last four. `中国银行(1234)` and `零钱` stay as they are.
pub fn mask_method(method: &str) -> String {
    let mut out = String::with_capacity(method.len());
    let mut run = String::new();
    let flush = |run: &mut String, out: &mut String| {
        let skip = run.chars().count().saturating_sub(4);
        out.extend(run.chars().skip(skip));
        run.clear();
    };
    for c in method.chars() {
        if c.is_ascii_digit() {
            run.push(c);
        } else {
            flush(&mut run, &mut out);
            out.push(c);
        }
    }
    flush(&mut run, &mut out);
    out
}

/// `base` with the candidate's facts written over it. `app` is the app's display name.
pub fn fill(mut base: Facts, c: &Candidate, app: &str) -> Facts {
    let cst = china_standard_time();
    let keep = |typed: &mut String, from_bill: &str| {
        if !from_bill.trim().is_empty() {
            *typed = from_bill.trim().to_string();
        }
    };
    keep(&mut base.app, app);
    keep(&mut base.merchant, &c.merchant);
    base.amount = Some(c.amount.clone());
    base.currency = "CNY".to_string();
    for (slot, p) in base.payments.iter_mut().zip(&c.payments) {
        let time = p
            .time
            .to_zoned_datetime(cst.clone())
            .ok()
            .map(|z| z.timestamp());
        let mut id = slot.transaction_id.clone();
        keep(&mut id, &p.transaction_id);
        *slot = Payment {
            time: time.or(slot.time),
            transaction_id: id,
            extra: std::mem::take(&mut slot.extra),
        };
    }
    if let Some(order) = c
        .payments
        .iter()
        .map(|p| p.merchant_order_id.trim())
        .find(|o| !o.is_empty())
    {
        base.order_id = order.to_string();
    }
    if let Some(m) = c
        .payments
        .iter()
        .map(|p| p.method.trim())
        .find(|m| !m.is_empty())
    {
        base.payment_method = mask_method(m);
    }
    base
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::duplicates::{BillRow, Direction, find};

    fn row(time: &str, id: &str, order: &str, method: &str) -> BillRow {
        BillRow {
            time: time.parse().unwrap(),
            counterparty: "青柠便利店".into(),
            amount: "38.50".into(),
            direction: Direction::Out,
            transaction_id: id.into(),
            merchant_order_id: order.into(),
            method: method.into(),
            status: "支付成功".into(),
            kind: "商户消费".into(),
            refunded: String::new(),
        }
    }

    #[test]
    fn payment_times_are_china_time_for_the_china_apps_and_say_so_elsewhere() {
        let ts: Timestamp = "2026-11-20T00:12:19Z".parse().unwrap();
        let shanghai = TimeZone::get("Asia/Shanghai").unwrap();
        for app in ["微信支付", "WeChat Pay", "支付宝", "Alipay"] {
            assert_eq!(
                payment_time_text(ts, app, &TimeZone::UTC),
                "2026-11-20 08:12:19 (UTC+8)"
            );
            assert_eq!(payment_time_text(ts, app, &shanghai), "2026-11-20 08:12:19");
        }
        assert_eq!(
            payment_time_text(ts, "PayPal", &TimeZone::UTC),
            "2026-11-20 00:12:19"
        );
        assert!(!is_china_app("Apple Pay"));
    }

    #[test]
    fn card_numbers_keep_only_their_last_four_digits() {
        assert_eq!(mask_method("中国银行(1234)"), "中国银行(1234)");
        assert_eq!(
            mask_method("招商银行(6222021234567890123)"),
            "招商银行(0123)"
        );
        assert_eq!(mask_method("零钱"), "零钱");
    }

    #[test]
    fn the_bill_fills_what_it_knows_and_keeps_the_rest() {
        let rows = [
            row(
                "2026-11-20T12:45:27",
                "A1",
                "",
                "中国银行(6222021234567890123)",
            ),
            row("2026-11-20T12:45:41", "A2", "QN17", ""),
        ];
        let c = &find(&rows, 30)[0];
        let mut typed = Facts {
            merchant_contact: "400-000-0000".into(),
            your_name: "Lin".into(),
            ..Facts::default()
        };
        typed.payments[1].transaction_id = "typed".into();
        let f = fill(typed, c, "微信支付");
        assert_eq!(f.app, "微信支付");
        assert_eq!(f.merchant, "青柠便利店");
        assert_eq!(f.amount.as_deref(), Some("38.50"));
        assert_eq!(f.currency, "CNY");
        assert_eq!(f.order_id, "QN17");
        assert_eq!(f.payment_method, "中国银行(0123)");
        assert_eq!(f.payments[0].transaction_id, "A1");
        assert_eq!(f.payments[1].transaction_id, "A2");
        let t = f.payments[0].time.unwrap();
        assert_eq!(
            crate::domain::time::rfc3339_in(t, &china_standard_time()),
            "2026-11-20T12:45:27+08:00"
        );
        assert_eq!(f.merchant_contact, "400-000-0000");
        assert_eq!(f.your_name, "Lin");
    }
}
