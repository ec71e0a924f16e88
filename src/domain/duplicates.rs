//! Candidate duplicate charges among the rows of a payment-app bill. Plain rules over plain
//! rows: the reader (`crate::bill`) turns a file into `BillRow`s, this finds the charges that
//! look like one purchase paid twice, and says why and how sure it is.
//!
//! The result does not depend on the order of the rows: they are put in one canonical order
//! first, and every choice afterwards (which copy of a listed-twice row to keep, which refund
//! belongs to which candidate, the order of the candidates) follows from that order.

use std::borrow::Cow;
use std::collections::{HashMap, HashSet};

use jiff::civil::DateTime;

use super::money::to_minor;

/// Money out, money in, or neither (top-ups, transfers between one's own accounts).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Direction {
    Out,
    In,
    Neutral,
}

/// One transaction as a bill lists it. Times are the bill's own local time (China Standard
/// Time for both apps), which has no daylight saving, so civil differences are real gaps.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct BillRow {
    pub time: DateTime,
    pub counterparty: String,
    /// Normalized decimal string (`38.50`).
    pub amount: String,
    pub direction: Direction,
    pub transaction_id: String,
    pub merchant_order_id: String,
    /// How it was paid, as the bill says (`中国银行(1234)`, `零钱`).
    pub method: String,
    /// 当前状态 / 交易状态.
    pub status: String,
    /// 交易类型 / 交易分类 / 类型 (`商户消费`, `…-退款`).
    pub kind: String,
    /// Amount already refunded on this very charge, normalized, or empty.
    pub refunded: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Confidence {
    Low,
    Medium,
    High,
}

impl Confidence {
    pub fn as_str(self) -> &'static str {
        match self {
            Confidence::Low => "low",
            Confidence::Medium => "medium",
            Confidence::High => "high",
        }
    }
}

/// Why a group of charges is a candidate. `code()` is stable (scripts read it in
/// `scan --json`); the words are `bill.reason.<code>` in the assets.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Reason {
    SameMerchantAndAmount,
    DifferentTransactionIds,
    SharedMerchantOrder,
    SecondsApart,
    MinutesApart,
    HoursApart,
    MoreThanTwo,
    AlreadyRefunded,
    /// Sent to a person (a transfer, a red packet, a personal payment code), not charged by a
    /// merchant: listed apart, never "very likely".
    ToPerson,
}

impl Reason {
    pub fn code(self) -> &'static str {
        match self {
            Reason::SameMerchantAndAmount => "same_merchant_and_amount",
            Reason::DifferentTransactionIds => "different_transaction_ids",
            Reason::SharedMerchantOrder => "shared_merchant_order",
            Reason::SecondsApart => "seconds_apart",
            Reason::MinutesApart => "minutes_apart",
            Reason::HoursApart => "hours_apart",
            Reason::MoreThanTwo => "more_than_two",
            Reason::AlreadyRefunded => "already_refunded",
            Reason::ToPerson => "transfer_to_person",
        }
    }

    pub const ALL: [Reason; 9] = [
        Reason::SameMerchantAndAmount,
        Reason::DifferentTransactionIds,
        Reason::SharedMerchantOrder,
        Reason::SecondsApart,
        Reason::MinutesApart,
        Reason::HoursApart,
        Reason::MoreThanTwo,
        Reason::AlreadyRefunded,
        Reason::ToPerson,
    ];
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Candidate {
    pub merchant: String,
    pub amount: String,
    pub confidence: Confidence,
    pub reasons: Vec<Reason>,
    pub already_refunded: bool,
    /// Two or more charges, earliest first.
    pub payments: Vec<BillRow>,
    /// The longest gap between two consecutive charges, in seconds.
    pub gap_seconds: i64,
    /// Money sent to a person, not charged by a merchant (see `find_transfers`).
    pub to_person: bool,
}

pub const DEFAULT_WINDOW_MINUTES: u32 = 30;
/// Charges this close are a retry or a double tap, not a second purchase.
const SECONDS_APART: i64 = 60;
const HOUR: i64 = 3600;

/// A status that says the money really left (or left and came back): `支付成功`, `交易成功`,
/// `已转账`, `对方已收钱`, `已全额退款`, `已退款(￥12.00)`. Pending, failed and closed ones
/// (`支付中`, `等待付款`, `交易关闭`, `支付失败`) are not charges yet, or never were.
pub fn is_completed(status: &str) -> bool {
    let s = status.trim();
    // The common ones first: this runs once per row.
    if matches!(s, "支付成功" | "交易成功" | "已转账" | "对方已收钱") {
        return true;
    }
    if [
        "失败",
        "关闭",
        "取消",
        "支付中",
        "处理中",
        "等待付款",
        "待支付",
    ]
    .iter()
    .any(|w| s.contains(w))
    {
        return false;
    }
    [
        "成功",
        "已转账",
        "已收钱",
        "已退款",
        "已全额退款",
        "已支付",
        "等待确认收货",
        "已存入",
    ]
    .iter()
    .any(|w| s.contains(w))
}

/// Money sent to a person rather than paid to a merchant: a transfer (`转账`), a red packet
/// (`微信红包`, Alipay's `转账红包`), or a payment a person's code received (`已转账`,
/// `朋友已收钱`). The app cannot reverse these as a merchant's double charge.
pub fn is_to_person(row: &BillRow) -> bool {
    let kind = row.kind.as_str();
    let status = row.status.trim();
    kind.contains("转账")
        || kind.contains("红包")
        || matches!(status, "已转账" | "朋友已收钱" | "对方已收钱")
}

/// Money moved between the user's own accounts or products (top-ups, withdrawals,
/// repayments, savings and investments), whatever `收/支` the bill gives it.
fn is_own_money(row: &BillRow) -> bool {
    const WORDS: [&str; 12] = [
        "充值",
        "提现",
        "还款",
        "信用借还",
        "理财",
        "投资",
        "零钱通",
        "余额宝",
        "基金",
        "转入",
        "转出",
        "退款",
    ];
    WORDS.iter().any(|w| row.kind.contains(w))
}

/// A completed payment out, of more than zero, that is not a transfer to a person nor money
/// moved between one's own accounts: what a merchant charged. Only these can be a merchant's
/// double charge.
pub fn is_merchant_charge(row: &BillRow) -> bool {
    row.direction == Direction::Out
        && is_completed(&row.status)
        && !is_own_money(row)
        && !is_to_person(row)
        && to_minor(&row.amount).is_some_and(|m| m > 0)
}

/// The charge itself says the whole amount came back.
fn refunded_in_full(row: &BillRow) -> bool {
    let s = row.status.trim();
    s.contains("已全额退款")
        || s.contains("退款成功")
        || (!row.refunded.is_empty() && to_minor(&row.refunded) == to_minor(&row.amount))
}

/// A row that is money coming back: `…-退款` in WeChat, `退款成功` / 交易分类 `退款` in Alipay.
fn is_refund_row(row: &BillRow) -> bool {
    row.direction != Direction::Out && (row.kind.contains("退款") || row.status.contains("退款"))
}

/// Merchants compare without regard to case and runs of spaces. Most names need no change,
/// and then no copy is made (this runs once per row of a bill of any size).
fn merchant_key(s: &str) -> Cow<'_, str> {
    let t = s.trim();
    let plain = !t.contains("  ")
        && t.chars()
            .all(|c| !c.is_uppercase() && (c == ' ' || !c.is_whitespace()));
    if plain {
        Cow::Borrowed(t)
    } else {
        Cow::Owned(
            t.split_whitespace()
                .collect::<Vec<_>>()
                .join(" ")
                .to_lowercase(),
        )
    }
}

fn gap(a: &BillRow, b: &BillRow) -> i64 {
    a.time.duration_until(b.time).as_secs().abs()
}

/// A row in the search: its group (amount in cents, a hash of the merchant, the merchant),
/// then the row itself, so that sorting puts each group together in time order. The amount
/// and the hash come first because they are cheap to compare and tell most rows apart.
type Entry<'a> = (i64, u64, Cow<'a, str>, &'a BillRow);

/// FNV-1a: the same merchant always hashes the same (the order of groups never shows, but a
/// fixed hash keeps runs comparable).
fn fnv(s: &str) -> u64 {
    s.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// `entries` sorted, as `sort_unstable` would (equal entries are equal rows, so the order is
/// one for any input), but moving each entry once: the sort itself moves only (amount, hash,
/// place) triples, and compares merchants and rows only within a group.
fn canonical(entries: Vec<Entry>) -> Vec<Entry> {
    let mut order: Vec<(i64, u64, u32)> = entries
        .iter()
        .enumerate()
        .map(|(i, e)| (e.0, e.1, i as u32))
        .collect();
    order.sort_unstable();
    for group in order.chunk_by_mut(|a, b| a.0 == b.0 && a.1 == b.1) {
        if group.len() > 1 {
            group.sort_unstable_by(|a, b| {
                let (x, y) = (&entries[a.2 as usize], &entries[b.2 as usize]);
                (&x.2, x.3).cmp(&(&y.2, y.3))
            });
        }
    }
    let mut slots: Vec<Option<Entry>> = entries.into_iter().map(Some).collect();
    order
        .iter()
        .filter_map(|o| slots.get_mut(o.2 as usize).and_then(Option::take))
        .collect()
}

/// Candidate double charges from merchants among `rows`, most likely first. `window_minutes`
/// is the longest gap between two consecutive charges of one candidate. Transfers to a
/// person, top-ups, withdrawals, repayments, refunds, income and `0.00` rows never are.
///
/// O(n log n): the rows are sorted by (amount, merchant, time) once, and each group is one
/// pass of a window in time.
pub fn find(rows: &[BillRow], window_minutes: u32) -> Vec<Candidate> {
    let charge = |r: &BillRow| {
        r.direction == Direction::Out
            && is_completed(&r.status)
            && !is_own_money(r)
            && !is_to_person(r)
    };
    search(rows, window_minutes, charge, false)
}

/// The same money sent to the same person more than once, close in time (a transfer or red
/// packet sent twice). Not a merchant's double charge: listed apart, with its own advice
/// (ask the person to send it back), and never rated above `Low`.
pub fn find_transfers(rows: &[BillRow], window_minutes: u32) -> Vec<Candidate> {
    let sent =
        |r: &BillRow| r.direction == Direction::Out && is_completed(&r.status) && is_to_person(r);
    search(rows, window_minutes, sent, true)
}

/// What a row is to the search, which depends only on its direction, status and kind.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Role {
    Counted,
    Refund,
    Other,
}

/// `counts` says whether a row (of more than zero) takes part. It looks at the row's
/// direction, status and kind only, and a bill has few distinct ones: each is classified
/// once (the word searches cost more than the rest of a row's handling).
fn search(
    rows: &[BillRow],
    window_minutes: u32,
    counts: impl Fn(&BillRow) -> bool,
    to_person: bool,
) -> Vec<Candidate> {
    let window = i64::from(window_minutes) * 60;
    let mut charges: Vec<Entry> = Vec::with_capacity(rows.len());
    let mut refunds: Vec<Entry> = vec![];
    let mut roles: HashMap<(Direction, &str, &str), Role> = HashMap::new();
    for r in rows {
        let role = *roles
            .entry((r.direction, r.status.as_str(), r.kind.as_str()))
            .or_insert_with(|| {
                if is_refund_row(r) {
                    Role::Refund
                } else if counts(r) {
                    Role::Counted
                } else {
                    Role::Other
                }
            });
        if role == Role::Other {
            continue;
        }
        let refund = role == Role::Refund;
        let Some(minor) = to_minor(&r.amount).filter(|m| *m > 0) else {
            continue;
        };
        let key = merchant_key(&r.counterparty);
        let e = (minor, fnv(&key), key, r);
        if refund {
            refunds.push(e);
        } else {
            charges.push(e);
        }
    }
    let charges = canonical(charges);
    let refunds = canonical(refunds);

    let mut out = vec![];
    for group in charges.chunk_by(|a, b| a.0 == b.0 && a.1 == b.1 && a.2 == b.2) {
        // Most groups are one purchase, or the same purchase days apart: nothing to build.
        if !group.windows(2).any(|w| gap(w[0].3, w[1].3) <= window) {
            continue;
        }
        // The same transaction ID twice is one charge listed twice: keep the first. (It is
        // the same merchant and amount, so it is in this group.)
        let mut seen = HashSet::new();
        let mut runs: Vec<Vec<&BillRow>> = vec![];
        for (_, _, _, c) in group {
            let id = c.transaction_id.trim();
            if !id.is_empty() && !seen.insert(id) {
                continue;
            }
            match runs.last_mut() {
                Some(run) if run.last().is_some_and(|p| gap(p, c) <= window) => run.push(c),
                _ => runs.push(vec![c]),
            }
        }
        let mut made: Vec<Candidate> = runs
            .into_iter()
            .filter(|r| r.len() >= 2)
            .map(|r| candidate(r, to_person))
            .collect();
        if made.is_empty() {
            continue;
        }
        let key = (group[0].0, group[0].1, group[0].2.as_ref());
        let lo = refunds.partition_point(|e| (e.0, e.1, e.2.as_ref()) < key);
        let hi = refunds.partition_point(|e| (e.0, e.1, e.2.as_ref()) <= key);
        // A refund row belongs to the latest candidate that started before it (the runs are
        // in time order, so a binary search finds it).
        for (_, _, _, refund) in &refunds[lo..hi] {
            let after = made.partition_point(|c| c.payments[0].time <= refund.time);
            if let Some(c) = after.checked_sub(1).and_then(|i| made.get_mut(i)) {
                c.already_refunded = true;
            }
        }
        for c in &mut made {
            if c.already_refunded && !c.reasons.contains(&Reason::AlreadyRefunded) {
                c.reasons.push(Reason::AlreadyRefunded);
            }
        }
        out.extend(made);
    }
    // Most likely first; among equals the ones still to act on, then the most recent.
    out.sort_by(|a, b| {
        b.confidence
            .cmp(&a.confidence)
            .then(a.already_refunded.cmp(&b.already_refunded))
            .then(b.payments[0].time.cmp(&a.payments[0].time))
            .then(a.payments.cmp(&b.payments))
    });
    out
}

fn candidate(run: Vec<&BillRow>, to_person: bool) -> Candidate {
    let payments: Vec<BillRow> = run.into_iter().cloned().collect();
    let gap_seconds = payments
        .windows(2)
        .map(|w| gap(&w[0], &w[1]))
        .max()
        .unwrap_or(0);
    // One pass with a set: a run of a million charges must not compare every pair.
    let mut orders = HashSet::new();
    let shared_order = payments
        .iter()
        .map(|p| p.merchant_order_id.trim())
        .filter(|o| !o.is_empty())
        .any(|o| !orders.insert(o));
    let mut reasons = vec![Reason::SameMerchantAndAmount];
    if payments.iter().all(|p| !p.transaction_id.trim().is_empty()) {
        reasons.push(Reason::DifferentTransactionIds);
    }
    if shared_order {
        reasons.push(Reason::SharedMerchantOrder);
    }
    reasons.push(if gap_seconds <= SECONDS_APART {
        Reason::SecondsApart
    } else if gap_seconds < HOUR {
        Reason::MinutesApart
    } else {
        Reason::HoursApart
    });
    if payments.len() > 2 {
        reasons.push(Reason::MoreThanTwo);
    }
    if to_person {
        reasons.push(Reason::ToPerson);
    }
    let confidence = if to_person {
        Confidence::Low
    } else if shared_order || gap_seconds <= SECONDS_APART {
        Confidence::High
    } else if gap_seconds < HOUR {
        Confidence::Medium
    } else {
        Confidence::Low
    };
    let already_refunded = payments.iter().any(refunded_in_full);
    Candidate {
        merchant: payments[0].counterparty.trim().to_string(),
        amount: payments[0].amount.clone(),
        confidence,
        reasons,
        already_refunded,
        payments,
        gap_seconds,
        to_person,
    }
}

#[cfg(test)]
mod tests;
