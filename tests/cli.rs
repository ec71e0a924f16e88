//! The command line (SPEC §6) as scripts see it: exit codes, stdout, stderr, JSON shapes, and
//! no escape codes on a pipe. Cases are written through the library's own `Store` into a
//! temporary data directory. Assertions stay on stable things (ids, titles, facts, codes),
//! not whole outputs, so wording and layout can change.

mod common;

use common::paytwice;
use std::path::Path;

use jiff::Timestamp;
use paytwice::domain::case::Case;
use paytwice::domain::facts::Facts;
use paytwice::domain::steps::StepKey;
use paytwice::storage::{Access, Store};
use serde_json::Value;

const OLDER: &str = "20261120-100000";
const NEWER: &str = "20261120-110000";

fn case(id: &str, merchant: &str, amount: &str, at: &str) -> Case {
    let now: Timestamp = at.parse().expect("time");
    let facts = Facts {
        merchant: merchant.into(),
        amount: Some(amount.into()),
        ..Facts::default()
    };
    Case::new(id.into(), facts, now)
}

fn save(dir: &Path, cases: &[Case]) {
    let mut store = Store::open(dir, Access::Write).expect("store");
    for c in cases {
        store.save(c).expect("save");
    }
}

/// Two cases: `NEWER` (changed last, so number 1 in the list) and `OLDER`.
fn two_cases() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    save(
        dir.path(),
        &[
            case(OLDER, "Corner Coffee", "38.50", "2026-11-20T10:00:00Z"),
            case(NEWER, "Night Bus Co", "12.00", "2026-11-20T11:00:00Z"),
        ],
    );
    dir
}

fn stdout_json(out: &std::process::Output) -> Value {
    serde_json::from_slice(&out.stdout).expect("stdout is JSON")
}

fn one_line(bytes: &[u8]) -> String {
    let s = String::from_utf8_lossy(bytes).into_owned();
    assert_eq!(s.trim_end().lines().count(), 1, "not one line: {s:?}");
    s
}

#[test]
fn list_on_an_empty_data_dir_says_so_and_json_is_an_empty_array() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = paytwice(dir.path()).arg("list").assert().success();
    assert!(!out.get_output().stdout.is_empty(), "a welcome line");
    let out = paytwice(dir.path())
        .args(["list", "--json"])
        .output()
        .expect("run");
    assert!(out.status.success());
    assert_eq!(stdout_json(&out), Value::Array(vec![]));
}

#[test]
fn list_shows_every_case_newest_first_with_a_stable_json_shape() {
    let dir = two_cases();
    let out = paytwice(dir.path()).arg("list").output().expect("run");
    assert!(out.status.success());
    let text = String::from_utf8_lossy(&out.stdout);
    let (newer, older) = (
        text.find(NEWER).expect("newer listed"),
        text.find(OLDER).expect("older listed"),
    );
    assert!(newer < older, "{text}");
    assert!(text.contains("Corner Coffee") && text.contains("Night Bus Co"));

    let out = paytwice(dir.path())
        .args(["list", "--json"])
        .output()
        .expect("run");
    let rows = stdout_json(&out);
    let rows = rows.as_array().expect("array");
    assert_eq!(rows.len(), 2);
    assert_eq!(rows[0]["number"], 1);
    assert_eq!(rows[0]["id"], NEWER);
    assert_eq!(rows[1]["id"], OLDER);
    assert_eq!(rows[1]["amount"], "38.50");
    assert_eq!(rows[1]["currency"], "CNY");
    assert_eq!(rows[1]["status"], "open");
    for key in ["title", "step", "progress", "updated_at"] {
        assert!(rows[0].get(key).is_some(), "row has {key}");
    }
}

#[test]
fn show_finds_a_case_by_id_prefix_or_list_number() {
    let dir = two_cases();
    let out = paytwice(dir.path())
        .args(["show", OLDER])
        .output()
        .expect("run");
    assert!(out.status.success());
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains(OLDER) && text.contains("Corner Coffee"),
        "{text}"
    );
    assert!(text.contains("38.50"));

    for query in ["20261120-10", "2"] {
        let out = paytwice(dir.path())
            .args(["show", query, "--json"])
            .output()
            .expect("run");
        assert!(out.status.success(), "show {query}");
        let v = stdout_json(&out);
        assert_eq!(v["id"], OLDER, "show {query}");
        assert_eq!(v["facts"]["merchant"], "Corner Coffee");
        assert_eq!(v["schema"], 1);
        let steps = v["steps"].as_array().expect("steps");
        let keys: Vec<&str> = steps.iter().filter_map(|s| s["key"].as_str()).collect();
        let want: Vec<&str> = StepKey::ALL.iter().map(|k| k.as_str()).collect();
        assert_eq!(keys, want);
    }
}

#[test]
fn show_an_unknown_or_ambiguous_case_is_one_line_on_stderr_and_a_failure() {
    let dir = two_cases();
    for query in ["nope", "20261120", "9"] {
        let out = paytwice(dir.path())
            .args(["show", query])
            .output()
            .expect("run");
        assert!(!out.status.success(), "show {query} should fail");
        assert!(out.stdout.is_empty(), "nothing on stdout for {query}");
        let err = one_line(&out.stderr);
        assert!(err.contains(query), "{err}");
    }
}

#[test]
fn scam_check_reads_a_file_or_stdin_and_prints_json_flags() {
    let dir = tempfile::tempdir().expect("tempdir");
    let msg = dir.path().join("sms.txt");
    std::fs::write(
        &msg,
        "您好，我是退款专员，请把验证码发给我，再把余额转入安全账户。",
    )
    .expect("write");

    let out = paytwice(dir.path())
        .args(["--lang", "en", "scam-check", "--json"])
        .arg(&msg)
        .output()
        .expect("run");
    assert!(out.status.success());
    let flags = stdout_json(&out);
    let flags = flags.as_array().expect("array");
    let kinds: Vec<&str> = flags.iter().filter_map(|f| f["kind"].as_str()).collect();
    assert_eq!(
        kinds,
        ["impersonation", "verification_code", "safe_account"]
    );
    for f in flags {
        assert!(f["excerpt"].as_str().is_some_and(|e| !e.is_empty()));
        assert!(f["why"].as_str().is_some_and(|w| w.len() > 20));
    }

    let out = paytwice(dir.path())
        .args(["--lang", "zh", "scam-check"])
        .arg(&msg)
        .output()
        .expect("run");
    assert!(out.status.success(), "flags found is still exit 0");
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("安全账户") && text.contains("验证码"),
        "{text}"
    );
    // After the flags, what to do now: the anti-fraud line, no call-back.
    let act = text.split("现在该怎么做").nth(1).unwrap_or_default();
    assert!(act.contains("96110") && act.contains("不要回复"), "{text}");

    let out = paytwice(dir.path())
        .args(["--lang", "en", "scam-check"])
        .write_stdin("Your refund of ¥38.50 has been issued to your original payment method.")
        .output()
        .expect("run");
    assert!(out.status.success());
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("No red flags"), "{text}");
    assert!(text.contains("verification code"), "the reminder: {text}");
    assert!(
        !text.contains("What to do now"),
        "no flag, no alarm: {text}"
    );

    let out = paytwice(dir.path())
        .args(["scam-check", "--json"])
        .write_stdin("Please send me the verification code")
        .output()
        .expect("run");
    let kinds = stdout_json(&out);
    assert_eq!(kinds[0]["kind"], "verification_code");
    // The fields in SPEC order, so a reader sees the kind first.
    let raw = String::from_utf8_lossy(&out.stdout);
    let (k, e, w) = (
        raw.find("\"kind\""),
        raw.find("\"excerpt\""),
        raw.find("\"why\""),
    );
    assert!(k < e && e < w, "{raw}");
}

#[test]
fn scam_check_of_a_missing_file_is_one_line_and_exit_1() {
    let dir = tempfile::tempdir().expect("tempdir");
    let missing = dir.path().join("no-such-message.txt");
    let out = paytwice(dir.path())
        .arg("scam-check")
        .arg(&missing)
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(1));
    assert!(out.stdout.is_empty());
    assert!(one_line(&out.stderr).contains("no-such-message.txt"));
}

#[test]
fn completions_version_and_a_bad_flag() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = paytwice(dir.path())
        .args(["completions", "bash"])
        .output()
        .expect("run");
    assert!(out.status.success());
    let script = String::from_utf8_lossy(&out.stdout);
    assert!(script.contains("paytwice") && script.contains("scam-check"));

    let out = paytwice(dir.path()).arg("--version").output().expect("run");
    assert!(out.status.success());
    assert!(String::from_utf8_lossy(&out.stdout).starts_with("paytwice "));

    // `--lang` after a subcommand is the global flag; it once clashed with a local one and
    // clap panicked (exit 101) while building the command.
    let out = paytwice(dir.path())
        .args(["template", "nope", "--to", "merchant", "--lang", "en"])
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(1), "parsed; the case is unknown");

    for args in [
        &["list", "--bogus"][..],
        &["show"],
        &["completions", "tcsh"],
    ] {
        let out = paytwice(dir.path()).args(args).output().expect("run");
        assert_eq!(out.status.code(), Some(2), "{args:?} is a usage error");
        assert!(out.stdout.is_empty());
        assert!(!out.stderr.is_empty());
    }
}

#[test]
fn output_to_a_pipe_carries_no_escape_codes_from_user_text() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut c = case(OLDER, "Evil\x1b[2J Shop", "38.50", "2026-11-20T10:00:00Z");
    c.title = "clip\x1b]52;c;aGVsbG8=\x07 me".into();
    c.facts.order_id = "A-1\x1b[31m".into();
    let now: Timestamp = "2026-11-20T10:05:00Z".parse().expect("time");
    c.set_notes(
        StepKey::ConfirmRecords,
        "note \x1b]52;c;cm0gLXJmIH4=\x07 and \x1b[2J\u{9b}31m done".into(),
        now,
    );
    save(dir.path(), &[c]);

    let runs: [&[&str]; 4] = [
        &["list"],
        &["list", "--json"],
        &["show", OLDER],
        &["show", OLDER, "--json"],
    ];
    for args in runs {
        let out = paytwice(dir.path()).args(args).output().expect("run");
        assert!(out.status.success(), "{args:?}");
        let text = String::from_utf8_lossy(&out.stdout);
        assert!(
            !text
                .chars()
                .any(|ch| ch == '\x1b' || ch == '\x07' || ch == '\u{9b}'),
            "{args:?} printed an escape: {text:?}"
        );
    }
    let out = paytwice(dir.path())
        .arg("scam-check")
        .write_stdin("send me the code \x1b]52;c;aGk=\x07 now\x1b[2J")
        .output()
        .expect("run");
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(!text.contains('\x1b') && !text.contains('\x07'), "{text:?}");
}

#[test]
fn list_masks_card_and_phone_numbers_typed_into_a_title() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut c = case(OLDER, "Corner Coffee", "38.50", "2026-11-20T10:00:00Z");
    c.title = "Corner Coffee card 4111 1111 1111 1111 call 13812345678".into();
    c.facts.your_contact = "13900001111".into();
    save(dir.path(), &[c]);

    let out = paytwice(dir.path()).arg("list").output().expect("run");
    assert!(out.status.success());
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("Corner Coffee card"), "{text}");
    assert!(text.contains(OLDER), "the id is left alone: {text}");
    assert!(!text.contains("4111 1111 1111 1111"), "{text}");
    assert!(!text.contains("13812345678"), "{text}");

    let out = paytwice(dir.path())
        .args(["list", "--json"])
        .output()
        .expect("run");
    let rows = stdout_json(&out);
    assert_eq!(rows[0]["id"], OLDER);
    let title = rows[0]["title"].as_str().expect("title");
    assert!(title.starts_with("Corner Coffee card"), "{title}");
    assert!(!title.contains("4111 1111 1111 1111"), "{title}");
    assert!(title.contains("1111"), "last four kept: {title}");
    assert!(!title.contains("13812345678"), "{title}");
}
