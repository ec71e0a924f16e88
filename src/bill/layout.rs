//! The header row of each known layout, and its rows read into `BillRow`s.

use jiff::civil::DateTime;

use csv::StringRecord;

use super::grid::{Grid, clean};
use super::{Bill, BillError, Layout};
use crate::domain::duplicates::{BillRow, Direction};
use crate::domain::money::parse_amount;

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
const SLOTS: usize = 11;
/// Slots every layout must have; the others may be absent (empty name).
const REQUIRED: [usize; 6] = [TIME, COUNTERPARTY, AMOUNT, DIRECTION, TXN, STATUS];

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
        ],
    },
    Spec {
        layout: Layout::AlipayOld,
        names: [
            "付款时间",
            "交易对方",
            "金额（元）",
            "收/支",
            "交易号",
            "商家订单号",
            "",
            "交易状态",
            "类型",
            "成功退款（元）",
            "交易创建时间",
        ],
    },
];

/// Where the preamble may end: real bills have about 16 (WeChat) or 24 (Alipay) lines.
const HEADER_SEARCH_ROWS: usize = 100;

pub struct Header {
    row: usize,
    layout: Layout,
    cols: [Option<usize>; SLOTS],
}

pub fn find_header(grid: &Grid) -> Option<Header> {
    for (i, row) in grid.iter().enumerate().take(HEADER_SEARCH_ROWS) {
        for spec in &SPECS {
            let mut cols = [None; SLOTS];
            for (slot, name) in spec.names.iter().enumerate() {
                if !name.is_empty() {
                    cols[slot] = row.iter().position(|c| clean(c) == *name);
                }
            }
            if REQUIRED.iter().all(|s| cols[*s].is_some()) {
                return Some(Header {
                    row: i,
                    layout: spec.layout,
                    cols,
                });
            }
        }
    }
    None
}

/// Words only a bill's preamble has: a file that has them but no header was cut short.
const PREAMBLE_TITLE_ROWS: usize = 3;
const PREAMBLE_MARKS: [&str; 4] = [
    "微信支付账单明细",
    "支付宝交易记录明细",
    "导出信息",
    "电子客户回单",
];

pub fn rows(grid: &Grid, xlsx: bool) -> Result<Bill, BillError> {
    let Some(h) = find_header(grid) else {
        let has_preamble = grid
            .iter()
            .take(PREAMBLE_TITLE_ROWS)
            .flatten()
            .any(|c| PREAMBLE_MARKS.iter().any(|m| c.contains(m)));
        return Err(if has_preamble {
            BillError::Truncated
        } else {
            BillError::UnknownLayout
        });
    };
    let layout = match (h.layout, xlsx) {
        (Layout::WeChatCsv, true) => Layout::WeChatXlsx,
        (l, _) => l,
    };
    let body = &grid[h.row + 1..];
    let last = body
        .iter()
        .rposition(|r| r.iter().any(|c| !clean(c).is_empty()))
        .unwrap_or(0);
    let mut out = Vec::new();
    let mut skipped = 0;
    let width = grid[h.row].len();
    for (i, r) in body.iter().enumerate() {
        let row = read_row(r, &h.cols);
        // Real bills give every row as many cells as the header: a shorter last row is
        // where the file was cut.
        if i == last && r.len() < width && !matches!(row, Row::NotData) {
            return Err(BillError::Truncated);
        }
        match row {
            Row::Data(row) => out.push(*row),
            Row::NotData => {}
            // A broken last row is where the file was cut; broken rows elsewhere are skipped.
            Row::Broken if i == last => return Err(BillError::Truncated),
            Row::Broken => skipped += 1,
        }
    }
    if out.is_empty() {
        return Err(BillError::NoRows);
    }
    Ok(Bill {
        layout,
        rows: out,
        skipped,
    })
}

enum Row {
    Data(Box<BillRow>),
    /// A blank line, or the footer some layouts end with.
    NotData,
    /// Looks like a transaction but a cell is missing or unreadable.
    Broken,
}

fn read_row(r: &StringRecord, cols: &[Option<usize>; SLOTS]) -> Row {
    let cell = |slot: usize| -> &str { cols[slot].and_then(|i| r.get(i)).map(clean).unwrap_or("") };
    let time_text = if cell(TIME).is_empty() {
        cell(CREATED)
    } else {
        cell(TIME)
    };
    let looks_like_data = r
        .iter()
        .map(clean)
        .find(|c| !c.is_empty())
        .is_some_and(|c| c.starts_with(|ch: char| ch.is_ascii_digit()));
    let Some(time) = parse_time(time_text) else {
        return if looks_like_data {
            Row::Broken
        } else {
            Row::NotData
        };
    };
    let needed = REQUIRED.iter().filter_map(|s| cols[*s]).max().unwrap_or(0);
    if r.len() <= needed {
        return Row::Broken;
    }
    let Ok(amount) = parse_amount(cell(AMOUNT), "CNY") else {
        return Row::Broken;
    };
    let direction = match cell(DIRECTION) {
        "支出" => Direction::Out,
        "收入" => Direction::In,
        _ => Direction::Neutral,
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

fn parse_time(s: &str) -> Option<DateTime> {
    if s.is_empty() || !s.starts_with(|c: char| c.is_ascii_digit()) {
        return None;
    }
    if let Ok(dt) = s.parse::<DateTime>() {
        return Some(dt);
    }
    ["%Y-%m-%d %H:%M", "%Y/%m/%d %H:%M:%S", "%Y/%m/%d %H:%M"]
        .iter()
        .find_map(|f| DateTime::strptime(f, s).ok())
}
