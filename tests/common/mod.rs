//! Helpers shared by the integration tests. Each test file uses only some of them.
#![allow(dead_code)]

// The terminal tests drive paytwice in a Unix pseudo-terminal (termios, file descriptors);
// on Windows the terminal is crossterm's console code, and those tests do not build there.
#[cfg(unix)]
pub mod pty;

use std::path::{Path, PathBuf};

/// The built `paytwice` on the data directory `dir`, in the C locale, as a user with none of
/// paytwice's variables set would run it (so the machine's own settings never leak in).
pub fn paytwice(dir: &Path) -> assert_cmd::Command {
    let mut cmd = assert_cmd::Command::cargo_bin("paytwice").expect("the binary is built");
    cmd.env_remove("PAYTWICE_DATA_DIR")
        .env_remove("PAYTWICE_LOG")
        .env("LANG", "C")
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .arg("--data-dir")
        .arg(dir);
    cmd
}

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

use jiff::Timestamp;
use paytwice::domain::case::{Case, Evidence, LogEntry, LogKind};
use paytwice::domain::facts::Facts;
use paytwice::domain::steps::StepKey;

/// A fixed clock for model tests: Wednesday 2026-11-25, 18:00 in Shanghai.
pub fn now() -> Timestamp {
    at("2026-11-25T10:00:00Z")
}

pub fn at(s: &str) -> Timestamp {
    s.parse().unwrap()
}

/// The user's zone in the deadline tests (a fixed +8 where the tz database is missing).
pub fn shanghai() -> jiff::tz::TimeZone {
    jiff::tz::TimeZone::get("Asia/Shanghai")
        .or_else(|_| jiff::tz::TimeZone::posix("CST-8"))
        .unwrap()
}

/// A case with something everywhere: facts, both payments, notes, log, evidence. Invented data.
pub fn typical_case(id: &str) -> Case {
    let mut f = Facts {
        app: "WeChat Pay".into(),
        merchant: "Corner Coffee".into(),
        merchant_contact: "400-000-0000".into(),
        order_id: "ORD-7781".into(),
        amount: Some("38.50".into()),
        payment_method: "bank card 1234".into(),
        your_name: "Test Person".into(),
        ..Facts::default()
    };
    f.payments[0].time = Some("2026-11-20T04:45:27Z".parse().unwrap());
    f.payments[0].transaction_id = "4200000069202611200001".into();
    f.payments[1].time = Some("2026-11-20T04:46:01Z".parse().unwrap());
    f.payments[1].transaction_id = "4200000069202611200002".into();
    let mut c = Case::new(id.to_string(), f, now());
    c.set_notes(
        StepKey::ConfirmRecords,
        "Both charges at 12:45.\nThe app froze after the first tap. 第二笔是重复的。".into(),
        now(),
    );
    c.set_notes(
        StepKey::ContactMerchant,
        "Shop says refund tomorrow".into(),
        now(),
    );
    for i in 0..12 {
        c.add_log(
            LogEntry {
                at: now(),
                kind: LogKind::Contact,
                text: format!("Called the merchant, attempt {i}"),
                reference: format!("T-{i}"),
                with: "merchant".into(),
                channel: "phone".into(),
                code: String::new(),
                extra: Default::default(),
            },
            now(),
        );
    }
    c.evidence.push(Evidence {
        label: "Screenshot of both charges".into(),
        path: "/nonexistent/charges.png".into(),
        extra: Default::default(),
    });
    c
}

/// A tiny xorshift: random moments and byte flips without a new crate, reproducible by seed.
pub struct XorShift(pub u64);

impl XorShift {
    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
}

/// Keys typed into the app model: `\t` Tab, `\r` Enter, `\x1b` Esc, anything else itself.
pub fn press(app: &mut paytwice::tui::app::App, keys: &str) {
    use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
    for c in keys.chars() {
        let code = match c {
            '\t' => KeyCode::Tab,
            '\r' => KeyCode::Enter,
            '\x1b' => KeyCode::Esc,
            c => KeyCode::Char(c),
        };
        app.handle_key(KeyEvent::new(code, KeyModifiers::NONE));
    }
}

/// A FIFO at `path` (what a hostile or careless user can put where a file is expected).
pub fn mkfifo(path: &Path) {
    let status = std::process::Command::new("mkfifo")
        .arg(path)
        .status()
        .unwrap();
    assert!(status.success());
}
