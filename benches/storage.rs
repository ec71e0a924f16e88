//! Loading and saving against their floors (issue 6). Run: `cargo bench --bench storage`.
//!
//! - the case list with 1, 100 and 1,000 busy cases: `load_list` of a screenful (30 rows: what
//!   start-up reads before the first frame, the index being in the list's order),
//!   `load_summaries` (every row of the summary index, as right after the first frame; there
//!   each case file is also `stat`ed), and `load_all` (every case in full, what the CLI does
//!   and what start-up did before the index);
//! - `Store::save` of one case beside the floor: the same bytes written with the same
//!   atomic-replace steps in plain Rust (temp file in the same directory, write, fsync, rename,
//!   fsync the directory), and the same save with 1 vs 1,000 other cases present.
//!
//! `BENCH_DIR=/dev/shm cargo bench --bench storage` runs them on tmpfs, where fsync costs
//! nothing: what remains is the CPU each save adds to the floor (reading the old file to
//! notice outside edits, serialising, the index entry).

#[path = "support/mod.rs"]
mod support;

use std::fs;
use std::io::Write;
use std::path::Path;

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use jiff::Span;
use paytwice::storage::{Access, Store};

fn load(c: &mut Criterion) {
    let mut g = c.benchmark_group("case list");
    g.sample_size(20);
    for n in [1usize, 100, 1000] {
        let dir = bench_dir();
        support::fill(dir.path(), n);
        let mut store = support::open(dir.path());
        g.bench_with_input(BenchmarkId::new("load_list 30 rows", n), &n, |b, _| {
            b.iter(|| store.load_list(support::base_time(), 30))
        });
        g.bench_with_input(BenchmarkId::new("load_summaries", n), &n, |b, _| {
            b.iter(|| store.load_summaries(support::base_time()))
        });
        g.bench_with_input(BenchmarkId::new("load_all", n), &n, |b, _| {
            b.iter(|| store.load_all(support::base_time()))
        });
    }
    g.finish();
}

/// The floor: exactly the steps SPEC §5 asks of a save, nothing else.
fn plain_atomic_write(target: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let dir = target.parent().unwrap_or(Path::new("."));
    let tmp = dir.join(".floor.json.tmp");
    let mut f = paytwice::platform::new_private().open(&tmp)?;
    f.write_all(bytes)?;
    f.sync_all()?;
    drop(f);
    fs::rename(&tmp, target)?;
    paytwice::platform::sync_dir(dir)
}

/// A fresh directory under `BENCH_DIR` if set, else the system's temporary directory.
fn bench_dir() -> tempfile::TempDir {
    match std::env::var_os("BENCH_DIR") {
        Some(d) => tempfile::tempdir_in(d).expect("temp dir in BENCH_DIR"),
        None => tempfile::tempdir().expect("temp dir"),
    }
}

fn save(c: &mut Criterion) {
    let mut g = c.benchmark_group("save one case");
    g.sample_size(30);
    for others in [1usize, 1000] {
        let dir = bench_dir();
        support::fill(dir.path(), others);
        let mut store = Store::open(dir.path(), Access::Write).expect("store");
        store.load_all(support::base_time());
        let mut case = support::busy_case(others + 1);
        store.save(&case).expect("first save");
        let mut bytes = serde_json::to_vec_pretty(&case).expect("json");
        bytes.push(b'\n');
        // The floor in the same directory: a directory of 1,000 files costs the file system
        // more to change, whoever writes.
        let target = dir.path().join("cases").join("floor.json");
        g.bench_function(
            BenchmarkId::new("floor: plain atomic write, others", others),
            |b| b.iter(|| plain_atomic_write(&target, &bytes).expect("floor write")),
        );
        let mut minute = 0;
        g.bench_function(BenchmarkId::new("Store::save, others", others), |b| {
            b.iter(|| {
                // A real save follows a change; keep the bytes the same size as the floor's.
                minute = (minute + 1) % 50;
                case.updated_at = support::base_time() + Span::new().minutes(minute);
                store.save(&case).expect("save")
            })
        });
    }
    g.finish();
}

criterion_group!(storage, load, save);
criterion_main!(storage);
