//! The header row of each known layout, and the rows under it read into `BillRow`s.
//!
//! Rows are read one at a time as they come (a bill of a million rows is never held as a grid):
//! each is a transaction, a line that is not one (totals, numbered notes, export information,
//! dividers), or a transaction that cannot be read (cut short, a cell that makes no sense).
//! Only the last kind at the very end of the file means the download stopped in the middle.

use std::borrow::Cow;

use jiff::civil::DateTime;

use super::grid::clean;
use super::{Bill, BillError, Layout};
use crate::domain::duplicates::{BillRow, Direction};
use crate::domain::money::{AmountError, parse_amount};

// Column slots, in the order of `Spec::names`.
const TIME: usize = 0;
const COUNTERPARTY: usize = 1;
const AMOUNT: usize = 2;
const DIRECTION: usize = 3;
const TXN: usize = 4;
const ORDER: usize = 5;
const METHOD: usize = 6;
const STATUS: usize = 7;
const KIND: usize = 8;
const REFUNDED: usize = 9;
/// The older Alipay layout: creation time, when there is no payment time.
const CREATED: usize = 10;
/// Free text (商品 / 商品说明 / 商品名称): where an unquoted comma is most likely.
const GOODS: usize = 11;
/// 备注, free text too.
const NOTE: usize = 12;
/// 对方账号 (Alipay), free text.
const ACCOUNT: usize = 13;
const SLOTS: usize = 14;
/// Slots every layout must have; the others may be absent (empty name).
const REQUIRED: [usize; 6] = [TIME, COUNTERPARTY, AMOUNT, DIRECTION, TXN, STATUS];
/// Free-text slots, in the order an extra comma is first given to: goods and notes are
/// prose, a counterparty holds a comma mostly before a company suffix (`CO.,LIMITED`).
const FREE: [usize; 4] = [GOODS, NOTE, ACCOUNT, COUNTERPARTY];

struct Spec {
    layout: Layout,
    names: [&'static str; SLOTS],
}

const SPECS: [Spec; 3] = [
    Spec {
        layout: Layout::WeChatCsv,
        names: [
            "交易时间",
            "交易对方",
            "金额(元)",
            "收/支",
            "交易单号",
            "商户单号",
            "支付方式",
            "当前状态",
            "交易类型",
            "",
            "",
            "商品",
            "备注",
            "",
        ],
    },
    Spec {
        layout: Layout::AlipayCsv,
        names: [
            "交易时间",
            "交易对方",
            "金额",
            "收/支",
            "交易订单号",
            "商家订单号",
            "收/付款方式",
            "交易状态",
            "交易分类",
            "",
            "",
            "商品说明",
            "备注",
            "对方账号",
        ],
    },
    Spec {
        layout: Layout::AlipayOld,
        names: [
            "付款时间",
            "交易对方",
            "金额(元)",
            "收/支",
            "交易号",
            "商家订单号",
            "",
            "交易状态",
            "类型",
            "成功退款(元)",
            "交易创建时间",
            "商品名称",
            "备注",
            "",
        ],
    },
];

/// Where the preamble may end: real bills have about 16 (WeChat) or 24 (Alipay) lines.
pub const HEADER_SEARCH_ROWS: usize = 100;

/// A header cell as compared: padding gone, full-width parentheses as ASCII (a spreadsheet
/// program or an older export may write either).
fn header_name(cell: &str) -> String {
    clean(cell)
        .chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| match c {
            '（' => '(',
            '）' => ')',
            c => c,
        })
        .collect()
}

pub struct Header {
    layout: Layout,
    cols: [Option<usize>; SLOTS],
    /// Cells in the header row, trailing empty ones included (Alipay ends each line with `,`).
    width: usize,
}

/// The layout a row is the header of, if it is one.
pub fn header<S: AsRef<str>>(row: &[S]) -> Option<Header> {
    let names: Vec<String> = row.iter().map(|c| header_name(c.as_ref())).collect();
    for spec in &SPECS {
        let mut cols = [None; SLOTS];
        for (slot, name) in spec.names.iter().enumerate() {
            if !name.is_empty() {
                cols[slot] = names.iter().position(|c| c == name);
            }
        }
        if REQUIRED.iter().all(|s| cols[*s].is_some()) {
            // The Alipay app export of 2021–2022 has the same names in another order: `收/支`
            // first and the time last.
            let layout = match (spec.layout, cols[DIRECTION]) {
                (Layout::AlipayCsv, Some(0)) => Layout::AlipayApp2021,
                (l, _) => l,
            };
            return Some(Header {
                layout,
                cols,
                width: row.len(),
            });
        }
    }
    None
}

/// Words only a bill's preamble has: a file that has them but no header was cut short.
const PREAMBLE_MARKS: [&str; 4] = [
    "微信支付账单明细",
    "支付宝交易记录明细",
    "导出信息",
    "电子客户回单",
];

pub fn has_preamble<S: AsRef<str>>(row: &[S]) -> bool {
    row.iter()
        .any(|c| PREAMBLE_MARKS.iter().any(|m| c.as_ref().contains(m)))
}

/// Reads the rows under a header, one at a time.
pub struct Rows {
    header: Header,
    layout: Layout,
    /// Text rows: a row with fewer cells than the header may have been cut. (An xlsx row
    /// leaves its empty cells out, so this says nothing there.)
    text: bool,
    rows: Vec<BillRow>,
    skipped: usize,
    ignored: usize,
    /// The last non-blank row, when it may be where the file was cut: decided by what follows.
    pending: Option<Pending>,
}

enum Pending {
    /// Unreadable: skipped if anything follows, the cut if nothing does.
    Broken,
    /// Read, but with fewer cells than the header: kept if anything follows.
    Short(Box<BillRow>),
}

impl Rows {
    /// `expected`: about how many rows will come (room is made for them at once, so a bill
    /// of a million rows is not copied each time its list doubles).
    pub fn new(header: Header, xlsx: bool, expected: usize) -> Rows {
        let layout = match (header.layout, xlsx) {
            (Layout::WeChatCsv, true) => Layout::WeChatXlsx,
            (l, _) => l,
        };
        Rows {
            header,
            layout,
            text: !xlsx,
            rows: Vec::with_capacity(expected),
            skipped: 0,
            ignored: 0,
            pending: None,
        }
    }

    pub fn push<S: AsRef<str>>(&mut self, record: &[S]) {
        if record.iter().all(|c| clean(c.as_ref()).is_empty()) {
            return;
        }
        match self.pending.take() {
            Some(Pending::Broken) => self.skipped += 1,
            Some(Pending::Short(row)) => self.rows.push(*row),
            None => {}
        }
        let short = self.text && record.len() < self.header.width;
        let row = match realign(record, &self.header) {
            Some(cells) => read_row(&cells, &self.header.cols),
            None => read_row(record, &self.header.cols),
        };
        match row {
            Row::NotData => self.ignored += 1,
            Row::Data(row) if short => self.pending = Some(Pending::Short(row)),
            Row::Data(row) => self.rows.push(*row),
            Row::Broken => self.pending = Some(Pending::Broken),
        }
    }

    pub fn finish(self) -> Result<Bill, BillError> {
        if self.pending.is_some() {
            return Err(BillError::Truncated);
        }
        if self.rows.is_empty() {
            return Err(BillError::NoRows);
        }
        Ok(Bill {
            layout: self.layout,
            rows: self.rows,
            skipped: self.skipped,
            ignored: self.ignored,
        })
    }
}

enum Row {
    Data(Box<BillRow>),
    /// A line that is not a transaction: totals, notes, dividers, export information.
    NotData,
    /// Looks like a transaction but a cell is missing or unreadable.
    Broken,
}

const DIRECTION_WORDS: [&str; 4] = ["支出", "收入", "不计收支", "其他"];

/// The cells of a row with more cells than its header put back in their columns: an
/// unquoted comma inside a free-text cell (`WALMART HONG KONG CO.,LIMITED`) splits it. Each
/// way of giving the extra pieces to the free-text columns is tried, and the first whose
/// time, `收/支` and amount all read is taken, preferring a counterparty joined before a
/// company suffix, else goods and notes. `None`: the row is right as it is, or no way fits
/// (and it is broken).
fn realign<'a, S: AsRef<str>>(record: &'a [S], h: &Header) -> Option<Vec<Cow<'a, str>>> {
    // Most rows: as many cells as the header.
    if record.len() <= h.width {
        return None;
    }
    let mut cells: Vec<&str> = record.iter().map(|c| c.as_ref()).collect();
    // Empty cells past the header's width change nothing.
    while cells.len() > h.width && cells.last().is_some_and(|c| c.trim().is_empty()) {
        cells.pop();
    }
    let extra = cells.len().saturating_sub(h.width);
    let free: Vec<usize> = FREE.iter().filter_map(|s| h.cols[*s]).collect();
    if extra == 0 || extra > 8 || free.is_empty() {
        return None;
    }
    let mut best: Option<(i32, Vec<Cow<str>>)> = None;
    let mut split = vec![0usize; free.len()];
    loop {
        if split.iter().sum::<usize>() == extra {
            let merged = merge(&cells, &free, &split);
            if fits(&merged, &h.cols) {
                let score = counterparty_score(&cells, &free, &split, h.cols[COUNTERPARTY]);
                if best.as_ref().is_none_or(|(s, _)| score > *s) {
                    best = Some((score, merged));
                }
            }
        }
        // The next way, as an odometer over the free columns (first column fastest).
        let mut i = 0;
        loop {
            if i == split.len() {
                return best.map(|(_, m)| m);
            }
            split[i] += 1;
            if split[i] <= extra {
                break;
            }
            split[i] = 0;
            i += 1;
        }
    }
}

/// `cells` with `split[k]` extra pieces joined into free column `free[k]`.
fn merge<'a>(cells: &[&'a str], free: &[usize], split: &[usize]) -> Vec<Cow<'a, str>> {
    let mut out = Vec::with_capacity(cells.len());
    let mut i = 0;
    let mut col = 0;
    while i < cells.len() {
        let take = free.iter().position(|f| *f == col).map_or(0, |k| split[k]);
        let end = (i + take + 1).min(cells.len());
        out.push(if end - i == 1 {
            Cow::Borrowed(cells[i])
        } else {
            Cow::Owned(cells[i..end].join(","))
        });
        i = end;
        col += 1;
    }
    out
}

fn fits(cells: &[Cow<str>], cols: &[Option<usize>; SLOTS]) -> bool {
    let cell = |slot: usize| {
        cols[slot]
            .and_then(|i| cells.get(i))
            .map_or("", |c| clean(c))
    };
    let time_ok = parse_time(cell(TIME)).is_some() || parse_time(cell(CREATED)).is_some();
    let dir = cell(DIRECTION);
    time_ok
        && (dir.is_empty() || DIRECTION_WORDS.contains(&dir))
        && bill_amount(cell(AMOUNT)).is_some()
}

const COMPANY_SUFFIXES: [&str; 10] = [
    "LIMITED", "LTD", "INC", "LLC", "CORP", "COMPANY", "GMBH", "PTE", "PLC", "CO.",
];

/// Joining pieces into the counterparty scores 2 at a company suffix and -1 elsewhere.
fn counterparty_score(cells: &[&str], free: &[usize], split: &[usize], cp: Option<usize>) -> i32 {
    let Some(cp) = cp else { return 0 };
    let Some(k) = free.iter().position(|f| *f == cp) else {
        return 0;
    };
    if split[k] == 0 {
        return 0;
    }
    // Where the counterparty starts among the raw cells: its column plus the pieces given
    // to free columns before it.
    let before: usize = free
        .iter()
        .zip(split)
        .filter(|(f, _)| **f < cp)
        .map(|(_, n)| n)
        .sum();
    let start = cp + before;
    (1..=split[k])
        .map(|j| {
            let next = cells.get(start + j).map_or("", |c| c.trim()).to_uppercase();
            if COMPANY_SUFFIXES.iter().any(|s| next.starts_with(s)) {
                2
            } else {
                -1
            }
        })
        .sum()
}

fn read_row<S: AsRef<str>>(cells: &[S], cols: &[Option<usize>; SLOTS]) -> Row {
    let cell = |slot: usize| -> &str {
        cols[slot]
            .and_then(|i| cells.get(i))
            .map_or("", |c| clean(c.as_ref()))
    };
    let time = parse_time(cell(TIME)).or_else(|| parse_time(cell(CREATED)));
    let Some(time) = time else {
        return if looks_like_data(cell(TIME), cell(DIRECTION)) {
            Row::Broken
        } else {
            Row::NotData
        };
    };
    let needed = REQUIRED.iter().filter_map(|s| cols[*s]).max().unwrap_or(0);
    if cells.len() <= needed {
        return Row::Broken;
    }
    let Some(amount) = bill_amount(cell(AMOUNT)) else {
        return Row::Broken;
    };
    let direction = match cell(DIRECTION) {
        "支出" => Direction::Out,
        "收入" => Direction::In,
        "" | "不计收支" | "其他" => Direction::Neutral,
        _ => return Row::Broken,
    };
    let status = cell(STATUS).to_string();
    Row::Data(Box::new(BillRow {
        time,
        counterparty: cell(COUNTERPARTY).to_string(),
        amount,
        direction,
        transaction_id: cell(TXN).to_string(),
        merchant_order_id: cell(ORDER).to_string(),
        method: cell(METHOD).to_string(),
        kind: cell(KIND).to_string(),
        refunded: refunded_amount(cell(REFUNDED), &status),
        status,
    }))
}

/// A line that is not a transaction has neither a date where the time goes (`2026-…`,
/// `2020.9.6 …`) nor a `收/支` word where that goes: a numbered note (`1.本回单…`) or a
/// total (`收入：0笔`) has neither.
fn looks_like_data(time: &str, direction: &str) -> bool {
    let b = time.as_bytes();
    let dated = b.len() >= 5
        && b[..4].iter().all(u8::is_ascii_digit)
        && (matches!(b[4], b'-' | b'/' | b'.') || time[4..].starts_with('年'));
    dated || DIRECTION_WORDS.contains(&direction)
}

/// An amount as a bill writes it (`¥28.16`, `28.16`, `0.00`), normalized (`28.16`, `0.00`).
/// Zero is a real row (a free order, a closed payment): read, never a candidate.
pub fn bill_amount(s: &str) -> Option<String> {
    if let Some(a) = plain_amount(s) {
        return Some(a);
    }
    match parse_amount(s, "CNY") {
        Ok(a) => Some(a),
        Err(AmountError::NotPositive) => {
            let digits = s.trim().trim_start_matches(['¥', '￥']).trim();
            let zero = !digits.is_empty()
                && digits.bytes().any(|b| b == b'0')
                && digits.bytes().all(|b| b == b'0' || b == b'.');
            zero.then(|| "0.00".to_string())
        }
        Err(_) => None,
    }
}

/// The common case without the general parser's work: `¥28.16`, `28.1`, `0.00` (digits, a
/// point, at most two decimals) → `28.16`, `28.10`, `0.00`, as `parse_amount` would give.
fn plain_amount(s: &str) -> Option<String> {
    let s = s.trim().trim_start_matches(['¥', '￥']).trim_start();
    let (int, frac) = match s.split_once('.') {
        Some((i, f)) if !f.is_empty() => (i, f),
        Some(_) => return None,
        None => (s, ""),
    };
    let digits = |p: &str| p.bytes().all(|b| b.is_ascii_digit());
    let leading_zero = int.len() > 1 && int.starts_with('0');
    if int.is_empty()
        || int.len() > 12
        || frac.len() > 2
        || leading_zero
        || !digits(int)
        || !digits(frac)
    {
        return None;
    }
    let mut out = String::with_capacity(int.len() + 3);
    out.push_str(int);
    out.push('.');
    out.push_str(frac);
    for _ in frac.len()..2 {
        out.push('0');
    }
    Some(out)
}

/// `成功退款（元）` in the older Alipay layout, or WeChat's `已退款(￥12.00)` status.
fn refunded_amount(column: &str, status: &str) -> String {
    let from_status = status
        .strip_prefix("已退款")
        .map(|s| s.trim_matches(|c| matches!(c, '(' | ')' | '（' | '）')));
    [column, from_status.unwrap_or("")]
        .iter()
        .find_map(|s| parse_amount(s, "CNY").ok())
        .unwrap_or_default()
}

/// `2026-11-20 12:45:27`, `2026/11/20 12:45`, `2020.9.6 16:59`, `2026-11-20T12:45:27`: the
/// date's parts joined by `-`, `/` or `.`, month and day with or without a leading zero,
/// seconds optional (a spreadsheet program drops them when it saves the file again).
pub fn parse_time(s: &str) -> Option<DateTime> {
    let s = s.trim();
    let (date, time) = s.split_once([' ', 'T'])?;
    let sep = date.chars().find(|c| matches!(c, '-' | '/' | '.'))?;
    let mut d = date.split(sep);
    let year = number(d.next()?, 4, 4)?;
    let month = number(d.next()?, 1, 2)?;
    let day = number(d.next()?, 1, 2)?;
    if d.next().is_some() {
        return None;
    }
    let time = time.trim();
    // Fractions of a second (`12:45:27.000`) are dropped.
    let time = time.split_once('.').map_or(time, |(t, _)| t);
    let mut t = time.split(':');
    let hour = number(t.next()?, 1, 2)?;
    let minute = number(t.next()?, 2, 2)?;
    let second = match t.next() {
        Some(s) => number(s, 2, 2)?,
        None => 0,
    };
    if t.next().is_some() {
        return None;
    }
    DateTime::new(
        year as i16,
        month as i8,
        day as i8,
        hour as i8,
        minute as i8,
        second as i8,
        0,
    )
    .ok()
}

fn number(s: &str, min: usize, max: usize) -> Option<u32> {
    if s.len() < min || s.len() > max || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    s.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_in_every_form_a_bill_or_a_spreadsheet_writes() {
        let want: DateTime = "2020-09-06T16:59:00".parse().unwrap();
        for s in [
            "2020-09-06 16:59:00",
            "2020-09-06 16:59",
            "2020/09/06 16:59",
            "2020/9/6 16:59:00",
            "2020.9.6 16:59",
            "2020.09.06 16:59:00",
            "2020-09-06T16:59:00",
            " 2020-09-06 16:59:00.000 ",
        ] {
            assert_eq!(parse_time(s), Some(want), "{s}");
        }
        for s in [
            "",
            "1.本回单内容",
            "2020-13-01 10:00",
            "2020-9-6",
            "20-09-06 16:59",
            "2020-09-06 16:5",
        ] {
            assert_eq!(parse_time(s), None, "{s}");
        }
    }

    #[test]
    fn the_quick_amount_path_agrees_with_the_general_parser() {
        for s in [
            "¥28.16",
            "28.1",
            "28",
            "0.5",
            "￥ 7.00",
            "123456789012.99",
            "12.30",
        ] {
            assert_eq!(plain_amount(s), parse_amount(s, "CNY").ok(), "{s}");
        }
        for s in ["012.00", "1.234", "1,234.00", "12.", "-3", "1e3"] {
            assert_eq!(plain_amount(s), None, "{s}");
        }
    }

    #[test]
    fn zero_amounts_read_and_other_non_positive_ones_do_not() {
        assert_eq!(bill_amount("¥0.00").as_deref(), Some("0.00"));
        assert_eq!(bill_amount("0.00").as_deref(), Some("0.00"));
        assert_eq!(bill_amount("¥28.16").as_deref(), Some("28.16"));
        assert_eq!(bill_amount("-3.00"), None);
        assert_eq!(bill_amount(""), None);
        assert_eq!(bill_amount("."), None);
    }

    fn wechat_header() -> Header {
        let cells = "交易时间,交易类型,交易对方,商品,收/支,金额(元),支付方式,当前状态,交易单号,商户单号,备注";
        header(&cells.split(',').collect::<Vec<_>>()).unwrap()
    }

    fn realigned(line: &str) -> Vec<String> {
        let cells: Vec<&str> = line.split(',').collect();
        realign(&cells, &wechat_header())
            .unwrap_or_else(|| cells.iter().map(|c| Cow::Borrowed(*c)).collect())
            .into_iter()
            .map(|c| c.into_owned())
            .collect()
    }

    #[test]
    fn a_comma_before_a_company_suffix_stays_in_the_counterparty() {
        let r = realigned(
            "2026-11-20 12:45:27,商户消费,WALMART HONG KONG CO.,LIMITED,购物,支出,¥38.50,零钱,支付成功,4200001,M1,/",
        );
        assert_eq!(r[2], "WALMART HONG KONG CO.,LIMITED");
        assert_eq!(r[3], "购物");
        assert_eq!(r[5], "¥38.50");
    }

    #[test]
    fn other_commas_go_to_the_goods_or_the_note() {
        let r = realigned(
            "2026-11-20 12:45:27,商户消费,青柠便利店,便当,饮料,支出,¥38.50,零钱,支付成功,4200001,M1,/",
        );
        assert_eq!((r[2].as_str(), r[3].as_str()), ("青柠便利店", "便当,饮料"));
        let r = realigned(
            "2026-11-20 12:45:27,商户消费,青柠便利店,便当,支出,¥38.50,零钱,支付成功,4200001,M1,谢谢,再见",
        );
        assert_eq!((r[3].as_str(), r[10].as_str()), ("便当", "谢谢,再见"));
        assert_eq!(r.len(), 11);
    }
}
