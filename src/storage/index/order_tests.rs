//! Rows kept in the list's order, and a start that reads only the first of them: it never
//! shows a case the files do not hold, and `verify_summaries` still gives every case.

use std::cmp::Reverse;

use super::tests::{age, case, now};
use super::*;
use crate::storage::Access;

/// Orders by the title's first letter: unlike newest-first, so a test can tell them apart.
fn by_title(stamp: u64) -> ListOrder {
    ListOrder {
        stamp,
        key: Box::new(|s| {
            let first = s.title.bytes().next().unwrap_or(0);
            (first, None, Reverse(Timestamp::UNIX_EPOCH))
        }),
    }
}

/// Five cases, the newest first in title order last, and an index written under `order`
/// that vouches for them all (files and `cases/` back-dated, so older than the index).
fn five(dir: &Path, order: Option<ListOrder>) {
    let mut store = Store::open(dir, Access::Write).unwrap();
    if let Some(order) = order {
        store.set_list_order(order);
    }
    let titles = ["Echo", "Delta", "Charlie", "Bravo", "Alpha"];
    for (i, (id, title)) in ["a", "b", "c", "d", "e"]
        .into_iter()
        .zip(titles)
        .enumerate()
    {
        let mut c = case(id, title);
        c.updated_at = now() + jiff::Span::new().minutes(i as i64);
        store.save(&c).unwrap();
        age(&store.cases_dir().join(format!("{id}.json")));
    }
    // Opened for reading: a directory cannot be opened for writing (its owner may still set
    // its times).
    fs::File::open(store.cases_dir())
        .and_then(|f| f.set_modified(UNIX_EPOCH + std::time::Duration::from_secs(1_700_000_000)))
        .unwrap();
    store.load_summaries(now());
    store.save_index().unwrap();
}

fn row_ids(dir: &Path) -> (String, Vec<String>) {
    let text = fs::read_to_string(dir.join(INDEX_FILE)).unwrap();
    let mut lines = text.lines();
    let header = lines.next().unwrap().to_string();
    let ids = lines.filter_map(|l| l.split('\t').next()).map(String::from);
    (header, ids.collect())
}

fn opened(dir: &Path, order: Option<ListOrder>) -> Store {
    let mut store = Store::open(dir, Access::Write).unwrap();
    if let Some(order) = order {
        store.set_list_order(order);
    }
    store
}

fn titles(list: &[CaseSummary]) -> Vec<&str> {
    list.iter().map(|s| s.title.as_str()).collect()
}

#[test]
fn rows_are_written_in_the_list_order_and_the_header_names_it() {
    let d = tempfile::tempdir().unwrap();
    five(d.path(), Some(by_title(0xbeef)));
    let (header, ids) = row_ids(d.path());
    assert!(header.ends_with(" 000000000000beef"), "{header}");
    assert_eq!(ids, ["e", "d", "c", "b", "a"]);
}

#[test]
fn a_start_in_the_same_order_reads_the_first_rows_and_verifying_gives_the_rest() {
    let d = tempfile::tempdir().unwrap();
    five(d.path(), Some(by_title(7)));
    let mut store = opened(d.path(), Some(by_title(7)));
    let start = store.load_list(now(), 2);
    assert!(!start.complete);
    assert!(start.problems.is_empty());
    // The first two in the list's order, returned newest change first.
    assert_eq!(titles(&start.summaries), ["Alpha", "Bravo"]);
    let (all, problems) = store.verify_summaries(now()).expect("still to verify");
    assert!(problems.is_empty());
    assert_eq!(titles(&all), ["Alpha", "Bravo", "Charlie", "Delta", "Echo"]);

    // Exactly as many rows as asked for: all of them.
    drop(store);
    let mut store = opened(d.path(), Some(by_title(7)));
    let start = store.load_list(now(), 5);
    assert!(start.complete);
    assert_eq!(start.summaries.len(), 5);
}

#[test]
fn an_index_in_another_order_is_read_whole_and_rewritten_in_this_one() {
    let d = tempfile::tempdir().unwrap();
    five(d.path(), Some(by_title(7)));
    for other in [None, Some(by_title(8))] {
        let stamp = other.as_ref().map(|o| o.stamp);
        let mut store = opened(d.path(), other);
        let start = store.load_list(now(), 2);
        assert!(start.complete, "{stamp:?}");
        assert_eq!(start.summaries.len(), 5, "{stamp:?}");
        assert!(store.verify_summaries(now()).is_some());
        store.save_index().unwrap();
        let (header, ids) = row_ids(d.path());
        match stamp {
            None => {
                assert!(header.ends_with(" -"), "{header}");
                assert_eq!(ids, ["e", "d", "c", "b", "a"], "newest change first");
            }
            Some(_) => assert!(header.ends_with(" 0000000000000008"), "{header}"),
        }
    }
}

/// The first rows are read without looking at the rest, so a row damaged further down is
/// found only when verifying: then every case comes from its file, with its true title.
#[test]
fn a_damaged_row_past_the_first_rows_is_caught_when_verifying() {
    let d = tempfile::tempdir().unwrap();
    five(d.path(), Some(by_title(7)));
    let path = d.path().join(INDEX_FILE);
    let text = fs::read_to_string(&path).unwrap();
    fs::write(&path, text.replacen("Echo", "Ec\tho", 1)).unwrap();
    let mut store = opened(d.path(), Some(by_title(7)));
    let start = store.load_list(now(), 2);
    assert_eq!(titles(&start.summaries), ["Alpha", "Bravo"]);
    let (all, problems) = store.verify_summaries(now()).unwrap();
    assert!(problems.is_empty());
    assert_eq!(titles(&all), ["Alpha", "Bravo", "Charlie", "Delta", "Echo"]);
}
