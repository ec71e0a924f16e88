//! Helpers shared by the integration tests. Each test file uses only some of them.
#![allow(dead_code)]

pub mod pty;

use std::path::{Path, PathBuf};

/// Every case file (`cases/*.json`) in a data directory, sorted.
pub fn case_files(data: &Path) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(data.join("cases"))
        .map(|rd| {
            rd.flatten()
                .map(|e| e.path())
                .filter(|p| p.extension().is_some_and(|e| e == "json"))
                .collect()
        })
        .unwrap_or_default();
    v.sort();
    v
}

/// The one case file of a data directory, parsed.
pub fn only_case(data: &Path) -> serde_json::Value {
    let files = case_files(data);
    assert_eq!(files.len(), 1, "expected one case file, found {files:?}");
    let bytes = std::fs::read(&files[0]).expect("read case file");
    serde_json::from_slice(&bytes).expect("case file parses")
}
