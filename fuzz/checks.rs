// The properties both fuzz targets check, shared with tests/fuzz_corpus.rs (which includes
// this file) so the committed corpus is replayed against exactly the same rules.

/// Any bytes: the loader answers with a case or an error, never a panic; a case it accepts
/// writes out and reads back as the same case.
#[allow(dead_code)]
pub fn check_case_loader(data: &[u8]) {
    if let Ok((case, _newer)) = paytwice::storage::parse_case(data) {
        let bytes = serde_json::to_vec_pretty(&case).expect("a loaded case serializes");
        let (again, _) = paytwice::storage::parse_case(&bytes).expect("and parses back");
        assert_eq!(again, case, "round trip");
    }
}

/// Any text: the sanitizer's output holds no control character but newline, no bidi
/// override, and `clean_line` no newline either.
#[allow(dead_code)]
pub fn check_sanitize(data: &[u8]) {
    let Ok(s) = std::str::from_utf8(data) else {
        return;
    };
    let bad = |c: char, newline_ok: bool| {
        (c.is_control() && !(newline_ok && c == '\n'))
            || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200E}' | '\u{200F}' | '\u{061C}')
    };
    let out = paytwice::domain::sanitize::clean(s);
    assert!(!out.chars().any(|c| bad(c, true)), "clean: {out:?}");
    let line = paytwice::domain::sanitize::clean_line(s);
    assert!(!line.chars().any(|c| bad(c, false)), "clean_line: {line:?}");
}

/// Any override text: rendering answers — the override's message, or the built-in with the
/// reason — quickly, without a panic or a stack overflow, and never longer than the cap.
#[allow(dead_code)]
pub fn check_template_override(data: &[u8]) {
    use paytwice::domain::template::{Override, Recipient, limits, render};
    let o = Override {
        file: "fuzz.j2".into(),
        source: String::from_utf8_lossy(data).into_owned(),
    };
    let ctx = serde_json::json!({
        "merchant": "Corner Coffee",
        "amount": "38.50 CNY",
        "items": ["a", "b"],
        "n": 3,
        "missing": [],
    });
    let r = render(
        Recipient::Merchant,
        paytwice::lang::Lang::En,
        &ctx,
        Some(&o),
    );
    assert!(r.text.len() <= limits::OUTPUT + 1, "{} bytes", r.text.len());
    if let Some(e) = r.override_error {
        assert_eq!(e.file, "fuzz.j2");
    }
}

/// Any bytes as a bill (csv, xlsx or the zip the app sends, with or without a password):
/// read or refused, never a panic.
#[allow(dead_code)]
pub fn check_bill(data: &[u8]) {
    let _ = paytwice::bill::read(data);
    if paytwice::bill::is_locked(data) {
        let _ = paytwice::bill::read_locked(data, Some("123456"));
    }
}

/// The one real case of the data directory `check_index` uses.
#[allow(dead_code)]
pub const INDEX_CASE: &str = "20261125-100000";

/// A data directory holding one case (`INDEX_CASE`) for `check_index`.
#[allow(dead_code)]
pub fn prepare_index_dir(root: &std::path::Path) {
    use paytwice::storage::{Access, Store};
    let now: jiff::Timestamp = "2026-11-25T10:00:00Z".parse().unwrap();
    let facts = paytwice::domain::facts::Facts {
        merchant: "Corner Coffee".into(),
        amount: Some("38.50".into()),
        ..Default::default()
    };
    let case = paytwice::domain::case::Case::new(INDEX_CASE.into(), facts, now);
    let mut store = Store::open(root, Access::Write).expect("a data directory");
    store.save(&case).expect("saved");
}

/// Any bytes as `index.json` beside that case (`DIRMTIME` in them becomes the modification time
/// of `cases/`, so the fuzzer reaches the path that trusts the index for the first frame):
/// start-up answers without a panic, and once the files are checked the list is exactly the
/// case that is there.
#[allow(dead_code)]
pub fn check_index(root: &std::path::Path, data: &[u8]) {
    let meta = std::fs::metadata(root.join("cases")).expect("cases/");
    let since_epoch = meta
        .modified()
        .expect("mtime")
        .duration_since(std::time::UNIX_EPOCH);
    let mtime = since_epoch.expect("after 1970").as_nanos().to_string();
    let mut bytes = Vec::with_capacity(data.len());
    let mut rest = data;
    while let Some(at) = rest.windows(8).position(|w| w == b"DIRMTIME") {
        bytes.extend_from_slice(&rest[..at]);
        bytes.extend_from_slice(mtime.as_bytes());
        rest = &rest[at + 8..];
    }
    bytes.extend_from_slice(rest);
    std::fs::write(root.join("index.json"), &bytes).expect("index written");
    let now: jiff::Timestamp = "2026-11-25T10:00:00Z".parse().unwrap();
    let mut store =
        paytwice::storage::Store::open(root, paytwice::storage::Access::ReadOnly).expect("opened");
    let _ = paytwice::storage::index::read(root);
    let start = store.load_list(now, 30);
    let list = match store.verify_summaries(now) {
        Some((list, _)) => list,
        None => start.summaries,
    };
    let ids: Vec<&str> = list.iter().map(|s| s.id.as_str()).collect();
    assert_eq!(ids, [INDEX_CASE]);
}
