//! The index's promises: it stands for a file only while nothing about the file changed,
//! and every other file is read (and quarantined if bad) as `Store::load` does.

use super::*;
use crate::domain::facts::Facts;
use crate::storage::Access;
use std::time::Duration;

pub(super) fn now() -> Timestamp {
    "2026-11-25T10:00:00Z".parse().unwrap()
}

pub(super) fn case(id: &str, merchant: &str) -> Case {
    let facts = Facts {
        merchant: merchant.into(),
        ..Facts::default()
    };
    Case::new(id.into(), facts, now())
}

/// Back-date a file (always to the same moment) so it is clearly older than an index
/// written now.
pub(super) fn age(path: &Path) {
    let f = fs::File::options().write(true).open(path).unwrap();
    f.set_modified(UNIX_EPOCH + Duration::from_secs(1_700_000_000))
        .unwrap();
}

fn titles(store: &mut Store) -> (Vec<String>, Vec<Problem>) {
    let (list, problems) = store.load_summaries(now());
    (list.into_iter().map(|s| s.title).collect(), problems)
}

#[test]
fn summaries_match_the_full_cases_and_come_from_the_index_once_written() {
    let d = tempfile::tempdir().unwrap();
    let mut store = Store::open(d.path(), Access::Write).unwrap();
    store.save(&case("a", "Corner Coffee")).unwrap();
    let path = store.cases_dir().join("a.json");
    age(&path);
    let (full, _) = store.load_all(now());
    let (list, problems) = store.load_summaries(now());
    assert!(problems.is_empty());
    assert_eq!(list, vec![CaseSummary::of(&full[0].case)]);
    store.save_index().unwrap();
    // Same size, same time, older than the index: the index stands for the file, which
    // is therefore not read (this edit, made behind the file's back, is not seen).
    let bytes = fs::read(&path).unwrap();
    let edited = String::from_utf8(bytes)
        .unwrap()
        .replace("Corner", "Cornor");
    fs::write(&path, edited).unwrap();
    age(&path);
    let mut again = Store::open(d.path(), Access::ReadOnly).unwrap();
    assert_eq!(titles(&mut again).0, vec!["Corner Coffee".to_string()]);
}

#[test]
fn a_file_changed_after_the_index_is_read_again_and_quarantined_if_bad() {
    let d = tempfile::tempdir().unwrap();
    let mut store = Store::open(d.path(), Access::Write).unwrap();
    store.save(&case("a", "Corner Coffee")).unwrap();
    store.save(&case("b", "Book Barn")).unwrap();
    let a = store.cases_dir().join("a.json");
    age(&a);
    age(&store.cases_dir().join("b.json"));
    store.load_summaries(now());
    store.save_index().unwrap();
    // Written in place: the directory looks unchanged, so the first list is the index's
    // and the check right after it finds the damage.
    fs::write(&a, b"{ not json").unwrap();
    assert_eq!(titles(&mut store).0.len(), 2);
    let (list, problems) = store.verify_summaries(now()).unwrap();
    assert_eq!(list.len(), 1);
    assert_eq!(list[0].title, "Book Barn");
    assert!(matches!(&problems[..], [Problem::Quarantined { file, .. }] if file == "a.json"));
    assert!(store.verify_summaries(now()).is_none(), "checked once");
    // Now the directory changed (the bad file was moved aside): checked before the list.
    store.save_index().unwrap();
    fs::write(store.cases_dir().join("c.json"), b"[]").unwrap();
    let (list, problems) = titles(&mut store);
    assert_eq!(list, vec!["Book Barn".to_string()]);
    assert!(matches!(&problems[..], [Problem::Quarantined { file, .. }] if file == "c.json"));
    assert!(store.verify_summaries(now()).is_none());
}

#[test]
fn a_file_changed_in_the_same_tick_as_the_index_is_not_trusted() {
    let d = tempfile::tempdir().unwrap();
    let mut store = Store::open(d.path(), Access::Write).unwrap();
    store.save(&case("a", "Corner Coffee")).unwrap();
    let path = store.cases_dir().join("a.json");
    age(&path);
    store.load_summaries(now());
    store.save_index().unwrap();
    // Same size, and a modification time equal to the index's own: could be after it.
    let edited = fs::read_to_string(&path)
        .unwrap()
        .replace("Corner", "Cornor");
    fs::write(&path, edited).unwrap();
    let written = fs::metadata(d.path().join(INDEX_FILE))
        .unwrap()
        .modified()
        .unwrap();
    fs::File::options()
        .write(true)
        .open(&path)
        .unwrap()
        .set_modified(written)
        .unwrap();
    titles(&mut store);
    let (list, _) = store.verify_summaries(now()).unwrap();
    assert_eq!(list[0].title, "Cornor Coffee");
}

#[test]
fn a_bad_index_is_ignored_and_saves_and_deletes_keep_it_current() {
    let d = tempfile::tempdir().unwrap();
    fs::create_dir_all(d.path()).unwrap();
    fs::write(d.path().join(INDEX_FILE), b"\xff garbage").unwrap();
    let mut store = Store::open(d.path(), Access::Write).unwrap();
    store.save(&case("a", "Corner Coffee")).unwrap();
    store.save(&case("b", "Book Barn")).unwrap();
    assert_eq!(titles(&mut store).0.len(), 2);
    store.delete("a").unwrap();
    store.save(&case("b", "Bike Barn")).unwrap();
    store.save_index().unwrap();
    let snap = read(d.path());
    assert!(snap.written.is_some());
    assert_eq!(snap.entries.keys().collect::<Vec<_>>(), vec!["b"]);
    assert_eq!(snap.entries["b"].summary.title, "Bike Barn");
}

#[test]
fn every_summary_field_survives_the_index_even_odd_text() {
    let d = tempfile::tempdir().unwrap();
    let mut store = Store::open(d.path(), Access::Write).unwrap();
    let mut odd = case("a", "Tab\there\nnew line \\ 咖啡店");
    odd.facts.amount = Some("38.50".into());
    odd.facts.currency = "C\tNY".into();
    odd.status = CaseStatus::NoDuplicate;
    let plain = case("b", "");
    store.save(&odd).unwrap();
    store.save(&plain).unwrap();
    store.save_index().unwrap();
    let snap = read(d.path());
    assert_eq!(snap.entries["a"].summary, CaseSummary::of(&odd));
    assert_eq!(snap.entries["b"].summary, CaseSummary::of(&plain));
    assert_eq!(snap.entries["b"].summary.amount, None);
}

#[test]
fn a_temporary_file_left_after_the_index_is_cleaned_at_open() {
    let d = tempfile::tempdir().unwrap();
    let mut store = Store::open(d.path(), Access::Write).unwrap();
    store.save(&case("a", "Corner Coffee")).unwrap();
    std::thread::sleep(Duration::from_millis(20));
    store.load_summaries(now());
    store.save_index().unwrap();
    drop(store);
    assert!(dir_unchanged(d.path()));
    let tmp = d.path().join("cases").join(".a.json.tmp-1-0");
    fs::write(&tmp, b"half").unwrap();
    assert!(!dir_unchanged(d.path()));
    let _store = Store::open(d.path(), Access::Write).unwrap();
    assert!(!tmp.exists());
}

#[test]
fn deadline_facts_survive_the_index_and_an_older_index_is_not_used() {
    let d = tempfile::tempdir().unwrap();
    fs::create_dir_all(d.path().join("cases")).unwrap();
    let mut summary = CaseSummary::of(&case("a", "Corner Coffee"));
    summary.deadline.app = "We\tChat Pay".into();
    summary.deadline.payment_method = "bank card \\ 银行卡".into();
    for (i, a) in summary.deadline.anchors.iter_mut().enumerate() {
        *a = Some(now() + jiff::Span::new().seconds(i as i64).nanoseconds(7));
    }
    summary.deadline.refund_due_by = Some(now() + jiff::Span::new().hours(120));
    let mut finished = CaseSummary::of(&case("b", "Book Barn"));
    finished.status = CaseStatus::Closed;
    finished.deadline.open = false;
    let entries: BTreeMap<String, Entry> = [summary.clone(), finished.clone()]
        .into_iter()
        .map(|summary| {
            let entry = Entry {
                size: 1,
                mtime_ns: 2,
                summary,
            };
            (entry.summary.id.clone(), entry)
        })
        .collect();
    write(d.path(), &entries, None).unwrap();
    let snap = read(d.path());
    assert_eq!(snap.entries["a"].summary, summary);
    assert_eq!(snap.entries["b"].summary, finished);
    // An index of an older version (1: rows without deadline facts; 2: no order stamp)
    // counts as empty, so the list is never sorted or badged from rows without them.
    let text = fs::read_to_string(d.path().join(INDEX_FILE)).unwrap();
    let header = format!("{MAGIC} {VERSION_STR} ");
    assert!(text.starts_with(&header));
    for old in ["1", "2"] {
        let older = text.replacen(&header, &format!("{MAGIC} {old} "), 1);
        fs::write(d.path().join(INDEX_FILE), older).unwrap();
        assert!(read(d.path()).entries.is_empty());
    }
}

#[test]
fn fields_split_exactly_like_str_split() {
    for line in ["", "a", "a\tb", "\t", "a\t\tb\t", "\t\tx", "中\t文\t"] {
        let ours: Vec<&str> = Fields(Some(line)).collect();
        let std: Vec<&str> = line.split('\t').collect();
        assert_eq!(ours, std, "{line:?}");
    }
}

/// Rows are stored newest change first — the order the list is returned in — whatever the ids.
#[test]
fn rows_are_written_newest_change_first() {
    let d = tempfile::tempdir().unwrap();
    let mut store = Store::open(d.path(), Access::Write).unwrap();
    for (id, minutes) in [("a", 5), ("b", 1), ("c", 9)] {
        let mut c = case(id, id);
        c.updated_at = now() + jiff::Span::new().minutes(minutes);
        store.save(&c).unwrap();
    }
    store.load_summaries(now());
    store.save_index().unwrap();
    let text = fs::read_to_string(d.path().join(INDEX_FILE)).unwrap();
    let ids: Vec<&str> = text
        .lines()
        .skip(1)
        .filter_map(|l| l.split('\t').next())
        .collect();
    assert_eq!(ids, ["c", "a", "b"]);
}

/// A row damaged in place (bytes that are not UTF-8, a field missing) makes the whole index
/// distrusted, even on the fast path: every case is read from its file instead.
#[test]
fn a_damaged_row_sends_start_up_to_the_files() {
    for damage in [&b"\xff\xfe"[..], b"\t"] {
        let d = tempfile::tempdir().unwrap();
        let mut store = Store::open(d.path(), Access::Write).unwrap();
        store.save(&case("a", "Corner Coffee")).unwrap();
        store.save(&case("b", "Book Barn")).unwrap();
        for id in ["a", "b"] {
            age(&store.cases_dir().join(format!("{id}.json")));
        }
        store.load_summaries(now());
        store.save_index().unwrap();
        drop(store);
        let path = d.path().join(INDEX_FILE);
        let mut bytes = fs::read(&path).unwrap();
        // Into the middle of the last row's title (the header and the first row stay good):
        // were the row trusted, that title would come out wrong.
        let text = String::from_utf8_lossy(&bytes).into_owned();
        let at = ["Coffee", "Barn"]
            .iter()
            .filter_map(|w| text.rfind(w).map(|i| i + 2))
            .max()
            .unwrap();
        bytes.splice(at..at, damage.iter().copied());
        fs::write(&path, bytes).unwrap();
        let mut store = Store::open(d.path(), Access::ReadOnly).unwrap();
        let (mut got, problems) = titles(&mut store);
        got.sort();
        assert_eq!(got, ["Book Barn", "Corner Coffee"], "{damage:?}");
        assert!(problems.is_empty());
    }
}
