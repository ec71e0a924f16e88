//! Bench data, made through paytwice's own API so it is exactly what the program writes:
//! busy cases (notes of a few KB in every step, 20 log entries) and data directories of them.
#![allow(dead_code)] // each bench uses part of this

pub mod pty;

use std::path::Path;

use jiff::{Span, Timestamp};
use paytwice::domain::case::{Case, LogEntry, LogKind};
use paytwice::domain::facts::Facts;
use paytwice::domain::steps::StepKey;
use paytwice::storage::{Access, Store};

pub fn base_time() -> Timestamp {
    "2026-11-20T09:00:00Z"
        .parse()
        .unwrap_or(Timestamp::UNIX_EPOCH)
}

/// Case `i`: invented merchant and amount, about 3 KB of notes over the six steps, 20 log
/// entries. Later `i` are changed later, so case 0 is last in the list.
pub fn busy_case(i: usize) -> Case {
    let t0 = base_time() + Span::new().minutes(i as i64);
    let facts = Facts {
        merchant: format!("Bench Shop {i}"),
        order_id: format!("ORD-{i:06}"),
        amount: Some(format!("{}.50", 10 + i % 90)),
        ..Facts::default()
    };
    let mut case = Case::new(format!("bench-{i:05}"), facts, t0);
    let line = "Called the merchant, they said to wait two days; reference noted. ";
    for key in StepKey::ALL {
        case.set_notes(key, line.repeat(8), t0);
    }
    for n in 0..20 {
        let at = t0 + Span::new().seconds(n);
        let entry = LogEntry {
            at,
            kind: LogKind::Contact,
            text: format!("Contact {n}: asked for the duplicate charge to be refunded."),
            reference: format!("REF-{i}-{n}"),
            with: "merchant".into(),
            channel: "phone".into(),
            code: String::new(),
            extra: Default::default(),
        };
        case.add_log(entry, at);
    }
    case
}

/// The data directory as the program opens it: its index is written in the list's order.
pub fn open(dir: &Path) -> Store {
    let mut store = Store::open(dir, Access::Write).expect("bench data directory");
    if let Some(order) = paytwice::tui::app::list_order(&paytwice::tui::zone::local()) {
        store.set_list_order(order);
    }
    store
}

/// A data directory holding `n` busy cases, written by `Store::save`, left as paytwice leaves
/// it after a session: with its summary index current.
pub fn fill(dir: &Path, n: usize) {
    let mut store = open(dir);
    for i in 0..n {
        store.save(&busy_case(i)).expect("bench case saved");
    }
    // Past the file system's clock tick, or the index would not vouch for the last files.
    std::thread::sleep(std::time::Duration::from_millis(50));
    store.load_summaries(base_time());
    store.save_index().expect("index written");
}
