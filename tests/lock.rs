//! One writer per data directory (SPEC §5): two processes started together, 100 times: exactly
//! one gets the lock and the other names it; after `kill -9` of the holder a new process gets
//! the lock at once (`try_lock`, no waiting); the program itself refuses to start and says who
//! holds the directory.
//!
//! The contenders are this test binary run again with `PAYTWICE_LOCK_CHILD_DIR` set: it opens
//! the store for writing, prints `got <pid>` or `held <pid>`, and holds the lock until killed.

mod common;

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;

use paytwice::storage::{Access, LockError, OpenError, Store};

const CHILD_DIR: &str = "PAYTWICE_LOCK_CHILD_DIR";

#[test]
fn lock_child() {
    let Some(dir) = std::env::var_os(CHILD_DIR) else {
        return;
    };
    match Store::open(Path::new(&dir), Access::Write) {
        Ok(_store) => {
            println!("got {}", std::process::id());
            // Hold the lock until the parent kills us.
            loop {
                std::thread::sleep(Duration::from_secs(60));
            }
        }
        Err(OpenError::Locked(LockError::Held(pid))) => {
            println!("held {}", pid.map(|p| p.to_string()).unwrap_or_default());
        }
        Err(e) => println!("error {e}"),
    }
}

struct Contender {
    child: Child,
    line: mpsc::Receiver<String>,
}

fn start(dir: &Path) -> Contender {
    let mut child = Command::new(std::env::current_exe().unwrap())
        .args(["--exact", "lock_child", "--nocapture", "--test-threads=1"])
        .env(CHILD_DIR, dir)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let out = child.stdout.take().unwrap();
    let (tx, line) = mpsc::channel();
    std::thread::spawn(move || {
        for l in BufReader::new(out).lines() {
            let Ok(l) = l else { break };
            // The harness may print `test lock_child ... ` on the same line first.
            for word in ["got ", "held ", "error "] {
                if let Some(i) = l.find(word) {
                    let _ = tx.send(l[i..].to_string());
                    return;
                }
            }
        }
    });
    Contender { child, line }
}

impl Contender {
    /// What it said (a hang guard of 20 s, not a timing assertion).
    fn said(&self) -> String {
        self.line
            .recv_timeout(Duration::from_secs(20))
            .expect("the contender answers")
    }

    fn kill(mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

#[test]
fn two_at_once_exactly_one_writes_and_a_killed_holder_frees_the_lock() {
    let d = tempfile::tempdir().unwrap();
    // Created once, so every round races only for the lock.
    drop(Store::open(d.path(), Access::Write).unwrap());
    for round in 0..100 {
        let a = start(d.path());
        let b = start(d.path());
        let (sa, sb) = (a.said(), b.said());
        let (holder, other, said_other) = match (sa.strip_prefix("got "), sb.strip_prefix("got ")) {
            (Some(pid), None) => ((pid.to_string(), a), b, sb.clone()),
            (None, Some(pid)) => ((pid.to_string(), b), a, sa.clone()),
            _ => panic!("round {round}: exactly one must get the lock: {sa:?} / {sb:?}"),
        };
        assert_eq!(
            said_other,
            format!("held {}", holder.0),
            "round {round}: names the holder"
        );
        other.kill();
        // kill -9 the holder: the kernel frees the lock with the process.
        holder.1.kill();
        let next = start(d.path());
        let said = next.said();
        assert!(
            said.starts_with("got "),
            "round {round}: lock free at once: {said}"
        );
        next.kill();
    }
}

/// The program refuses a second run on the same data directory, names the process, writes
/// nothing, and exits non-zero.
#[cfg(unix)] // drives the program in a Unix pseudo-terminal
#[test]
fn the_program_refuses_a_second_instance_and_names_the_first() {
    let d = tempfile::tempdir().unwrap();
    let holder = start(d.path());
    let said = holder.said();
    let pid = said
        .strip_prefix("got ")
        .expect("the first gets the lock")
        .to_string();
    let before = snapshot(d.path());
    for lang in ["en_US.UTF-8", "zh_CN.UTF-8"] {
        // In a terminal (without one paytwice stops before looking at the directory).
        let mut p = common::pty::Launch::new(d.path()).lang(lang).spawn();
        p.wait_for(&pid);
        let st = p.wait_exit();
        assert_eq!(st.exit_code(), 1, "{lang}");
        assert!(
            !common::pty::contains(&p.raw_output(), b"\x1b[?1049h"),
            "no screen drawn"
        );
    }
    // Writing subcommands need the lock for their whole run too: with it held elsewhere,
    // `new` fails and writes nothing (a guard for when it is built).
    let out = Command::new(env!("CARGO_BIN_EXE_paytwice"))
        .arg("new")
        .env("PAYTWICE_DATA_DIR", d.path())
        .stdin(Stdio::null())
        .output()
        .unwrap();
    assert!(!out.status.success(), "`new` while another paytwice runs");
    assert_eq!(
        snapshot(d.path()),
        before,
        "the second instance wrote nothing"
    );
    holder.kill();
}

#[cfg(unix)] // used by the pseudo-terminal test
/// Every file under the data directory with its bytes.
fn snapshot(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut v = vec![];
    for e in walk(dir) {
        v.push((
            e.display().to_string(),
            std::fs::read(&e).unwrap_or_default(),
        ));
    }
    v.sort();
    v
}

#[cfg(unix)] // used by the pseudo-terminal test
fn walk(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut out = vec![];
    for e in std::fs::read_dir(dir).unwrap().flatten() {
        let p = e.path();
        if p.is_dir() {
            out.extend(walk(&p));
        } else {
            out.push(p);
        }
    }
    out
}
