//! Replays the committed cargo-fuzz corpus (fuzz/corpus/<target>/) in the ordinary test run,
//! through the same checks the fuzz targets use (fuzz/checks.rs). Files named `valid-*` must
//! load; every other file may load or be refused, never panic. Targets: case_loader, sanitize,
//! template_override, bill_bytes and index (see the checks for what each must hold).

#[path = "../fuzz/checks.rs"]
mod checks;

use std::path::Path;

fn corpus(target: &str) -> Vec<(String, Vec<u8>)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fuzz/corpus")
        .join(target);
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| {
            let p = e.unwrap().path();
            let name = p.file_name().unwrap().to_string_lossy().into_owned();
            (name, std::fs::read(&p).unwrap())
        })
        .collect();
    files.sort();
    assert!(files.len() >= 5, "{target}: the corpus is there");
    files
}

#[test]
fn the_case_loader_corpus_replays() {
    for (name, bytes) in corpus("case_loader") {
        checks::check_case_loader(&bytes);
        let parsed = paytwice::storage::parse_case(&bytes);
        if name.starts_with("valid-") {
            assert!(parsed.is_ok(), "{name}: {:?}", parsed.err());
        }
    }
}

#[test]
fn the_sanitize_corpus_replays() {
    for (_, bytes) in corpus("sanitize") {
        checks::check_sanitize(&bytes);
    }
}

#[test]
fn the_template_override_corpus_replays() {
    for (_, bytes) in corpus("template_override") {
        checks::check_template_override(&bytes);
    }
}

#[test]
fn the_bill_corpus_replays() {
    for (_, bytes) in corpus("bill_bytes") {
        checks::check_bill(&bytes);
    }
}

#[test]
fn the_index_corpus_replays() {
    let d = tempfile::tempdir().unwrap();
    checks::prepare_index_dir(d.path());
    for (name, bytes) in corpus("index") {
        checks::check_index(d.path(), &bytes);
        // The seed that is a real index is read as one (the path that trusts it is reached).
        if name.starts_with("valid-") {
            let text = String::from_utf8(bytes).unwrap();
            assert!(text.contains("DIRMTIME"), "{name}");
            let snap = paytwice::storage::index::read(d.path());
            assert_eq!(snap.entries.len(), 1, "{name}");
        }
    }
}
