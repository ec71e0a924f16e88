//! Kill loop (SPEC §5): a child process saves ever-newer versions of a case (1 KB to 1 MB of
//! notes) through the real `Store::save`, printing `saved N` after each completed save; the
//! parent kills it with SIGKILL at random moments. After every kill the case file parses and
//! is never older than the last save the child reported complete.
//!
//! 300 kills by default; `PAYTWICE_KILL_LOOPS=5000 cargo test --test kill_loop` for more. The
//! child is this test binary run again with `PAYTWICE_KILL_CHILD_DIR` set, so it uses exactly
//! the library the program uses.

mod common;

use common::XorShift;

use std::io::{BufRead, BufReader, Write};
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Duration;

use paytwice::domain::case::Case;
use paytwice::domain::steps::StepKey;
use paytwice::storage::{Access, Store, parse_case};

const CHILD_DIR: &str = "PAYTWICE_KILL_CHILD_DIR";
const CHILD_START: &str = "PAYTWICE_KILL_CHILD_START";
const ID: &str = "20261125-100000";

/// Version `n` of the case: the version in the title, notes of 1 KB, 2 KB, 4 KB … 1 MB in
/// turn (so big and small saves both get killed without every save costing a megabyte).
fn version(n: u64) -> Case {
    let mut c = Case::new(ID.into(), Default::default(), common::now());
    c.title = format!("v{n}");
    let kb = 1usize << (n % 11);
    let line = format!("version {n:>10} 退款 ✓ ");
    let notes = line.repeat(kb * 1024 / line.len() + 1);
    c.set_notes(StepKey::ConfirmRecords, notes, common::now());
    c
}

fn version_on_disk(dir: &Path) -> u64 {
    let path = dir.join("cases").join(format!("{ID}.json"));
    let bytes = std::fs::read(&path).expect("the case file exists");
    let (case, _) = parse_case(&bytes)
        .unwrap_or_else(|e| panic!("torn case file ({} bytes): {e}", bytes.len()));
    case.title
        .strip_prefix('v')
        .and_then(|v| v.parse().ok())
        .expect("a version in the title")
}

/// The child: save versions start, start+1, … until killed. Does nothing in a normal run.
#[test]
fn kill_loop_child() {
    let Some(dir) = std::env::var_os(CHILD_DIR) else {
        return;
    };
    let start: u64 = std::env::var(CHILD_START)
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(1);
    let mut store = Store::open(Path::new(&dir), Access::Write).expect("open store");
    let mut out = std::io::stdout().lock();
    writeln!(out, "ready").unwrap();
    out.flush().unwrap();
    for n in start.. {
        store.save(&version(n)).expect("save");
        writeln!(out, "saved {n}").unwrap();
        out.flush().unwrap();
    }
}

#[test]
fn sigkill_at_random_moments_never_tears_or_rolls_back_a_case() {
    let loops: usize = std::env::var("PAYTWICE_KILL_LOOPS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(300);
    let dir = tempfile::tempdir().unwrap();
    let mut rng = XorShift(0x9E37_79B9_7F4A_7C15);
    let exe = std::env::current_exe().unwrap();
    let mut next = 1;
    let mut unreported = 0;
    for round in 0..loops {
        let mut child = Command::new(&exe)
            .args([
                "--exact",
                "kill_loop_child",
                "--nocapture",
                "--test-threads=1",
            ])
            .env(CHILD_DIR, dir.path())
            .env(CHILD_START, next.to_string())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let stdout = child.stdout.take().unwrap();
        let (tx, rx) = std::sync::mpsc::channel();
        let reader = std::thread::spawn(move || {
            let mut last = None;
            for line in BufReader::new(stdout).split(b'\n') {
                let Ok(line) = line else { break };
                let line = String::from_utf8_lossy(&line);
                // The test harness may print `test kill_loop_child ... ` on the same line first.
                if line.ends_with("ready") {
                    let _ = tx.send(());
                }
                let saved = line.find("saved ").map(|i| &line[i + 6..]);
                if let Some(n) = saved.and_then(|n| n.parse::<u64>().ok()) {
                    last = Some(n);
                }
            }
            last
        });
        // Wait for the child to hold the store (a hang guard, not a timing assertion), then
        // kill it at a random moment: sometimes before its first save, mostly mid-save.
        rx.recv_timeout(Duration::from_secs(20))
            .unwrap_or_else(|_| panic!("round {round}: the child never opened the store"));
        std::thread::sleep(Duration::from_micros(rng.next() % 120_000));
        child.kill().unwrap();
        child.wait().unwrap();
        let reported = reader.join().unwrap();
        if !dir.path().join("cases").join(format!("{ID}.json")).exists() {
            assert!(reported.is_none(), "round {round}: a reported save is gone");
            continue;
        }
        let on_disk = version_on_disk(dir.path());
        if let Some(r) = reported {
            assert!(
                on_disk >= r,
                "round {round}: file holds v{on_disk}, but v{r} was reported saved"
            );
            // Killed after a save's rename but before its report: still never older.
            if on_disk > r {
                unreported += 1;
            }
        }
        next = on_disk + 1;
    }
    // The next start cleans up whatever temporary file a kill left.
    let _store = Store::open(dir.path(), Access::Write).unwrap();
    let names: Vec<String> = std::fs::read_dir(dir.path().join("cases"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names, vec![format!("{ID}.json")], "no temporary file left");
    eprintln!(
        "{loops} kills, {unreported} with a finished save not yet reported; last v{}",
        next - 1
    );
}
