//! The start-up path through the summary index, end to end in a real pty: the list comes from
//! the index, a case opens (read in full on demand), and a case file damaged in place since
//! the index was written is still quarantined and reported right after the first frame.

use std::io::{Read, Write};
use std::num::NonZeroU16;
use std::path::Path;
use std::sync::mpsc;
use std::time::{Duration, Instant};

use jiff::Timestamp;
use paytwice::domain::case::Case;
use paytwice::domain::facts::Facts;
use paytwice::storage::{Access, State, Store};
use portable_pty::{CommandBuilder, PtySize, native_pty_system};

fn now() -> Timestamp {
    "2026-11-25T10:00:00Z".parse().unwrap()
}

fn case(id: &str, merchant: &str, minutes: i64) -> Case {
    let facts = Facts {
        merchant: merchant.into(),
        amount: Some("12.00".into()),
        ..Facts::default()
    };
    let at = now() + jiff::Span::new().minutes(minutes);
    Case::new(id.into(), facts, at)
}

/// Two cases and a current index, as a previous session leaves them.
fn data_dir(dir: &Path) {
    let mut store = Store::open(dir, Access::Write).unwrap();
    store.save(&case("older", "Lamp Lane", 0)).unwrap();
    store.save(&case("newer", "Kettle Corner", 5)).unwrap();
    // Past the file system's clock tick, so the index vouches for both files.
    std::thread::sleep(Duration::from_millis(50));
    store.load_summaries(now());
    store.save_index().unwrap();
}

struct Session {
    screen: vt100::Parser,
    rx: mpsc::Receiver<Vec<u8>>,
    writer: Box<dyn Write + Send>,
    child: Box<dyn portable_pty::Child + Send + Sync>,
    _master: Box<dyn portable_pty::MasterPty + Send>,
}

impl Session {
    fn start(dir: &Path) -> Session {
        let pty = native_pty_system()
            .openpty(PtySize {
                rows: 30,
                cols: 100,
                pixel_width: 0,
                pixel_height: 0,
            })
            .unwrap();
        let mut cmd = CommandBuilder::new(env!("CARGO_BIN_EXE_paytwice"));
        cmd.args(["--lang", "en"]);
        cmd.env("TERM", "xterm-256color");
        cmd.env("PAYTWICE_DATA_DIR", dir);
        let child = pty.slave.spawn_command(cmd).unwrap();
        drop(pty.slave);
        let mut reader = pty.master.try_clone_reader().unwrap();
        let writer = pty.master.take_writer().unwrap();
        let (tx, rx) = mpsc::channel();
        std::thread::spawn(move || {
            let mut buf = [0u8; 8192];
            while let Ok(n) = reader.read(&mut buf) {
                if n == 0 || tx.send(buf[..n].to_vec()).is_err() {
                    break;
                }
            }
        });
        Session {
            screen: vt100::Parser::new(
                NonZeroU16::new(30).unwrap(),
                NonZeroU16::new(100).unwrap(),
                0,
            ),
            rx,
            writer,
            child,
            _master: pty.master,
        }
    }

    fn wait_for(&mut self, text: &str) {
        let until = Instant::now() + Duration::from_secs(10);
        while !self.screen.screen().contents().contains(text) {
            let left = until.saturating_duration_since(Instant::now());
            match self.rx.recv_timeout(left) {
                Ok(bytes) => self.screen.process(&bytes),
                Err(_) => panic!(
                    "{text:?} never appeared; screen:\n{}",
                    self.screen.screen().contents()
                ),
            }
        }
    }

    fn keys(&mut self, s: &str) {
        self.writer.write_all(s.as_bytes()).unwrap();
        self.writer.flush().unwrap();
    }

    fn quit(mut self) {
        self.keys("q");
        let until = Instant::now() + Duration::from_secs(10);
        while Instant::now() < until {
            if let Ok(Some(_)) = self.child.try_wait() {
                return;
            }
            // Keep the pty drained so the program never blocks writing to it.
            while self.rx.try_recv().is_ok() {}
            std::thread::sleep(Duration::from_millis(10));
        }
        let _ = self.child.kill();
        panic!("paytwice did not quit");
    }
}

#[test]
fn a_case_listed_from_the_index_opens_in_full() {
    let d = tempfile::tempdir().unwrap();
    data_dir(d.path());
    let mut s = Session::start(d.path());
    s.wait_for("Lamp Lane");
    s.wait_for("Kettle Corner");
    s.keys("\r");
    s.wait_for("Check records");
    s.quit();
}

#[test]
fn a_case_file_damaged_in_place_after_the_index_is_still_quarantined() {
    let d = tempfile::tempdir().unwrap();
    data_dir(d.path());
    // Written in place (no rename), so the directory looks untouched.
    let path = d.path().join("cases").join("older.json");
    let len = std::fs::metadata(&path).unwrap().len() as usize;
    std::fs::write(&path, vec![b'#'; len]).unwrap();
    let mut s = Session::start(d.path());
    s.wait_for("older.json could not be read");
    s.wait_for("Kettle Corner");
    assert!(!s.screen.screen().contents().contains("Lamp Lane"));
    s.quit();
    let moved = std::fs::read_dir(d.path().join("cases"))
        .unwrap()
        .flatten()
        .any(|e| {
            e.file_name()
                .to_string_lossy()
                .starts_with("older.json.corrupt-")
        });
    assert!(moved, "the damaged file is kept aside, not deleted");
}

/// More cases than the terminal has rows: a start reads only the first rows of the index (kept
/// in the list's order by the session before), yet the case the user was last in — last in
/// that order — is resumed, and back on the list every case is there.
#[test]
fn a_case_past_the_first_rows_is_resumed_and_the_list_is_whole() {
    let d = tempfile::tempdir().unwrap();
    let mut store = Store::open(d.path(), Access::Write).unwrap();
    // No deadlines: newest change first, so "Shop 00" is the last of 40 rows.
    for i in 0..40 {
        let c = case(&format!("c{i:02}"), &format!("Shop {i:02}"), i);
        store.save(&c).unwrap();
    }
    let state = State {
        last_case: Some("c00".into()),
        ..State::default()
    };
    store.save_state(&state).unwrap();
    drop(store);
    let index = d.path().join("index.json");
    for session in ["writes the index", "reads its first rows"] {
        let mut s = Session::start(d.path());
        s.wait_for("Shop 00");
        s.wait_for("Check records");
        if session == "reads its first rows" {
            s.keys("\x1b");
            s.wait_for("> Shop 00");
            // Row 39 of 40, only read once the first frame is drawn.
            s.wait_for("Shop 01");
        }
        s.quit();
        let text = std::fs::read_to_string(&index).unwrap();
        let header = text.lines().next().unwrap_or_default();
        assert!(
            !header.ends_with(" -"),
            "{session}: rows in list order: {header}"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
}
