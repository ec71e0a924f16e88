//! Runs the bill reader over every file in a folder of real exports (by default
//! `../shared/corpus/bills/`, next to the project) and prints what it read from each: the
//! layout, the rows, what was skipped or ignored, the candidates. Then, for every text bill, the
//! check of issue 18: in a copy with one merchant charge repeated 40 s later under a new
//! transaction ID exactly that pair is found, and a copy repeating it with the same ID finds
//! nothing new. (An xlsx is checked on its rows, not its bytes.)
//!
//! `cargo run --release --example bill_eval [FOLDER]`

use std::path::PathBuf;

use jiff::{SignedDuration, civil::DateTime};
use paytwice::bill::{self, Bill, parse_time};
use paytwice::domain::duplicates::{
    BillRow, Candidate, DEFAULT_WINDOW_MINUTES, find, find_transfers, is_merchant_charge,
};

fn main() {
    let dir = std::env::args_os().nth(1).map_or_else(
        || PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus/bills"),
        PathBuf::from,
    );
    let Ok(entries) = std::fs::read_dir(&dir) else {
        eprintln!("no folder {}", dir.display());
        std::process::exit(2);
    };
    let mut files: Vec<PathBuf> = entries
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e != "md"))
        .collect();
    files.sort();
    let mut failures = 0;
    for path in files {
        let name = path.file_name().unwrap_or_default().to_string_lossy();
        let bytes = std::fs::read(&path).unwrap_or_default();
        print!("{name}\n  ");
        match bill::read(&bytes) {
            Err(e) => println!("refused: {e}"),
            Ok(b) => {
                let found = find(&b.rows, DEFAULT_WINDOW_MINUTES);
                let transfers = find_transfers(&b.rows, DEFAULT_WINDOW_MINUTES);
                println!(
                    "{} ({:?}), {} rows ({} merchant charges, {} zero), {} skipped, {} lines ignored; {} candidates, {} repeated transfers",
                    b.layout.code(),
                    b.layout.app(),
                    b.rows.len(),
                    b.rows.iter().filter(|r| is_merchant_charge(r)).count(),
                    b.rows.iter().filter(|r| r.amount == "0.00").count(),
                    b.skipped,
                    b.ignored,
                    found.len(),
                    transfers.len(),
                );
                for c in &found {
                    println!(
                        "    candidate: {} {} ({:?})",
                        c.merchant, c.amount, c.confidence
                    );
                }
                let (ok, tried) = if bytes.starts_with(b"PK") {
                    check_rows(&b)
                } else {
                    check_text(&bytes, &b)
                };
                println!("  repeat check: {ok} of {tried} merchant charges pass");
                if ok != tried || tried == 0 {
                    failures += 1;
                }
            }
        }
    }
    if failures > 0 {
        println!("{failures} bills failed the repeat check");
        std::process::exit(1);
    }
}

/// The new candidates of `after` that were not in `before`.
fn new_ones(before: &[Candidate], after: Vec<Candidate>) -> Vec<Candidate> {
    after.into_iter().filter(|c| !before.contains(c)).collect()
}

fn exactly_the_pair(new: &[Candidate], t: DateTime, id: &str) -> bool {
    let later = t.checked_add(SignedDuration::from_secs(40)).ok();
    new.len() == 1
        && new[0].payments.len() == 2
        && new[0].payments[0].time == t
        && Some(new[0].payments[1].time) == later
        && new[0].payments[1].transaction_id == id
}

/// Byte-level: each line that reads as a merchant charge is repeated 40 s later, once with
/// a new ID (exactly that pair must be found) and once with the same ID (nothing new). The
/// ID and time cells are found by the header's names.
fn check_text(bytes: &[u8], bill: &Bill) -> (usize, usize) {
    let before = find(&bill.rows, DEFAULT_WINDOW_MINUTES);
    let lines: Vec<&[u8]> = bytes.split_inclusive(|b| *b == b'\n').collect();
    let Some(cols) = lines.iter().find_map(|l| columns(l)) else {
        return (0, 0);
    };
    let (mut ok, mut tried) = (0, 0);
    for (i, line) in lines.iter().enumerate() {
        let Some((t, row)) = charge_in(line, bill, &cols) else {
            continue;
        };
        tried += 1;
        let new_id = format!("9{}", "7".repeat(row.transaction_id.len().max(8)));
        let later = t
            .checked_add(SignedDuration::from_secs(40))
            .expect("in range")
            .strftime("%Y-%m-%d %H:%M:%S")
            .to_string();
        let copy = |id: &str| {
            let mut out: Vec<u8> = lines[..=i].concat();
            out.extend(repeat_line(line, &cols, &later, id));
            out.extend(lines[i + 1..].concat());
            out
        };
        let pass = match (
            bill::read(&copy(&new_id)),
            bill::read(&copy(&row.transaction_id)),
        ) {
            (Ok(a), Ok(b)) => {
                exactly_the_pair(&new_ones(&before, find(&a.rows, 30)), t, &new_id)
                    && new_ones(&before, find(&b.rows, 30)).is_empty()
            }
            _ => false,
        };
        if pass {
            ok += 1;
        } else {
            println!("    FAIL at line {}", i + 1);
        }
    }
    (ok, tried)
}

/// Where the transaction ID and the times are, from the header line.
struct Columns {
    id: usize,
    times: Vec<usize>,
}

fn decoded(line: &[u8]) -> String {
    match std::str::from_utf8(line) {
        Ok(s) => s.to_string(),
        Err(_) => encoding_rs::GB18030.decode(line).0.into_owned(),
    }
}

fn cells(line: &[u8]) -> Vec<String> {
    decoded(line)
        .split(',')
        .map(|c| c.trim().trim_matches('"').trim().to_string())
        .collect()
}

fn columns(line: &[u8]) -> Option<Columns> {
    let cells = cells(line);
    let id = cells
        .iter()
        .position(|c| matches!(c.as_str(), "交易单号" | "交易订单号" | "交易号"))?;
    let times = cells
        .iter()
        .enumerate()
        .filter(|(_, c)| c.ends_with("时间"))
        .map(|(i, _)| i)
        .collect();
    Some(Columns { id, times })
}

/// The merchant charge a line holds: the bill's row with one of the line's times and its ID.
fn charge_in<'a>(line: &[u8], bill: &'a Bill, cols: &Columns) -> Option<(DateTime, &'a BillRow)> {
    let cells = cells(line);
    let id = cells.get(cols.id)?;
    cols.times
        .iter()
        .filter_map(|i| parse_time(cells.get(*i)?))
        .find_map(|t| {
            let row = bill
                .rows
                .iter()
                .find(|r| r.time == t && &r.transaction_id == id && is_merchant_charge(r))?;
            Some((t, row))
        })
}

/// The line with every time cell set to `later` and its ID cell to `id` (ASCII both, so
/// the line's own encoding is kept).
fn repeat_line(line: &[u8], cols: &Columns, later: &str, id: &str) -> Vec<u8> {
    let mut out = Vec::new();
    for (k, cell) in line.split(|b| *b == b',').enumerate() {
        if k > 0 {
            out.push(b',');
        }
        let filled = !String::from_utf8_lossy(cell)
            .trim()
            .trim_matches('"')
            .trim()
            .is_empty();
        if cols.times.contains(&k) && filled {
            out.extend(later.as_bytes());
        } else if k == cols.id {
            out.extend(id.as_bytes());
        } else {
            out.extend(cell);
        }
    }
    if !line.ends_with(b"\n") {
        out.push(b'\n');
    }
    out
}

/// Row-level, for a workbook: the same two copies, made on the rows read.
fn check_rows(bill: &Bill) -> (usize, usize) {
    let before = find(&bill.rows, DEFAULT_WINDOW_MINUTES);
    let (mut ok, mut tried) = (0, 0);
    for row in bill.rows.iter().filter(|r| is_merchant_charge(r)) {
        tried += 1;
        let mut later = row.clone();
        later.time = row
            .time
            .checked_add(SignedDuration::from_secs(40))
            .expect("in range");
        let with = |extra: &BillRow| {
            let mut rows = bill.rows.clone();
            rows.push(extra.clone());
            rows
        };
        let same = with(&later);
        later.transaction_id = format!("9{}", "7".repeat(row.transaction_id.len().max(8)));
        let new = with(&later);
        let pass = exactly_the_pair(
            &new_ones(&before, find(&new, 30)),
            row.time,
            &later.transaction_id,
        ) && new_ones(&before, find(&same, 30)).is_empty();
        if pass {
            ok += 1;
        }
    }
    (ok, tried)
}
