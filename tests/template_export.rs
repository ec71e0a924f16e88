//! `paytwice template` and `paytwice export` as a user runs them: a temporary data directory
//! with one invented case, exit codes, stdout and stderr kept apart, files written private.

use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};

use assert_cmd::Command;
use predicates::prelude::*;
use predicates::str::contains;

const ID: &str = "20261120-124527";

struct Env {
    dir: tempfile::TempDir,
}

impl Env {
    fn new() -> Env {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::create_dir_all(root.join("data/cases")).unwrap();
        std::fs::create_dir_all(root.join("pics")).unwrap();
        std::fs::write(root.join("pics/both-charges.png"), b"not really a png").unwrap();
        let shot = root.join("pics/both-charges.png");
        let gone = root.join("pics/gone.png");
        let case = CASE
            .replace("SHOT", &shot.display().to_string())
            .replace("GONE", &gone.display().to_string());
        std::fs::write(root.join(format!("data/cases/{ID}.json")), case).unwrap();
        Env { dir }
    }

    fn path(&self, p: &str) -> PathBuf {
        self.dir.path().join(p)
    }

    fn cmd(&self) -> Command {
        let mut c = Command::cargo_bin("paytwice").unwrap();
        c.arg("--data-dir")
            .arg(self.path("data"))
            .env("XDG_CONFIG_HOME", self.path("cfg"))
            .env("TZ", "UTC")
            .env("LANG", "C")
            .env_remove("LC_ALL")
            .env_remove("LC_MESSAGES")
            .env_remove("PAYTWICE_DATA_DIR");
        c
    }

    fn override_template(&self, name: &str, text: &str) -> PathBuf {
        let dir = self.path("cfg/paytwice/templates");
        std::fs::create_dir_all(&dir).unwrap();
        let p = dir.join(name);
        std::fs::write(&p, text).unwrap();
        p
    }
}

fn mode(p: &Path) -> u32 {
    std::fs::metadata(p).unwrap().permissions().mode() & 0o777
}

#[test]
fn template_prints_the_message_and_keeps_notes_on_stderr() {
    let env = Env::new();
    env.cmd()
        .args(["template", "2026", "--to", "merchant", "--lang", "en"])
        .assert()
        .success()
        .stdout(contains("Dear Corner Coffee customer service"))
        .stdout(contains("4200001234202611201234567891"))
        .stdout(contains("Both charges (both-charges.png)"))
        .stdout(contains("4111").not())
        .stdout(contains("482913").not())
        .stdout(contains("warning").not())
        .stderr(contains("Contact the merchant"))
        .stderr(contains("card number was masked"));
}

#[test]
fn every_recipient_works_in_chinese() {
    let env = Env::new();
    for to in ["merchant", "service", "complaint", "followup"] {
        env.cmd()
            .args(["--lang", "zh", "template", "1", "--to", to])
            .assert()
            .success()
            .stdout(contains("Corner Coffee"))
            .stdout(contains("{{").not())
            .stdout(contains("**** **** **** 1111"));
    }
}

#[test]
fn missing_facts_are_placeholders_and_listed_on_stderr() {
    let env = Env::new();
    std::fs::write(
        env.path("data/cases/empty.json"),
        r#"{"schema":1,"id":"empty","created_at":"2026-11-20T05:00:00Z","updated_at":"2026-11-20T05:00:00Z","status":"open"}"#,
    )
    .unwrap();
    env.cmd()
        .args(["template", "empty", "--to", "service", "--lang", "zh"])
        .assert()
        .success()
        .stdout(contains("[金额]"))
        .stdout(contains("[第2笔交易单号]"))
        .stderr(contains("缺少以下信息"));
}

#[test]
fn bad_recipient_is_a_usage_error_and_unknown_case_an_error() {
    let env = Env::new();
    env.cmd()
        .args(["template", "1", "--to", "boss"])
        .assert()
        .code(2)
        .stdout("");
    env.cmd()
        .args(["template", "nope", "--to", "merchant"])
        .assert()
        .code(1)
        .stdout("")
        .stderr(contains("nope").and(predicate::function(|s: &str| s.lines().count() == 1)));
    env.cmd()
        .args(["export", "nope"])
        .assert()
        .code(1)
        .stderr(contains("nope"));
}

#[test]
fn a_user_override_replaces_the_builtin_and_a_broken_one_is_named() {
    let env = Env::new();
    env.override_template(
        "merchant.en.j2",
        "Refund {{ amount }} for {{ order_id }}, please.",
    );
    env.cmd()
        .args(["template", "1", "--to", "merchant", "--lang", "en"])
        .assert()
        .success()
        .stdout("Refund 38.50 CNY for CC20261120-0042, please.\n");
    let broken = env.override_template("merchant.en.j2", "Hello\nthere\n{% for x in %}\n");
    env.cmd()
        .args(["template", "1", "--to", "merchant", "--lang", "en"])
        .assert()
        .success()
        .stdout(contains("Dear Corner Coffee customer service"))
        .stderr(contains(format!("{}:3", broken.display())));
}

/// An override that would run for ever (and one that would overflow the parser's stack) is
/// stopped: `template` prints the built-in message at once and names the file on stderr.
#[test]
fn a_runaway_override_is_stopped_and_named() {
    let env = Env::new();
    for source in [
        "{% for a in range(1000) %}{% for b in range(1000) %}{% for c in range(1000) %}\
         {{ merchant }}{% endfor %}{% endfor %}{% endfor %}"
            .to_string(),
        format!("{{{{ {}1 }}}}", "-".repeat(32_000)),
        "{% set s = \"x\" * 90000 %}{{ range(99999)|join(s) }}".to_string(),
    ] {
        let file = env.override_template("merchant.en.j2", &source);
        env.cmd()
            .args(["template", "1", "--to", "merchant", "--lang", "en"])
            .timeout(std::time::Duration::from_secs(20))
            .assert()
            .success()
            .stdout(contains("Dear Corner Coffee customer service"))
            .stderr(contains(file.display().to_string()));
    }
}

/// A FIFO where an override would be is named, not opened for ever.
#[test]
fn a_fifo_as_an_override_is_named_not_waited_on() {
    let env = Env::new();
    let dir = env.path("cfg/paytwice/templates");
    std::fs::create_dir_all(&dir).unwrap();
    let fifo = dir.join("merchant.en.j2");
    assert!(
        std::process::Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap()
            .success()
    );
    env.cmd()
        .args(["template", "1", "--to", "merchant", "--lang", "en"])
        .timeout(std::time::Duration::from_secs(20))
        .assert()
        .success()
        .stdout(contains("Dear Corner Coffee customer service"))
        .stderr(contains(fifo.display().to_string()));
}

#[test]
fn export_markdown_to_stdout_is_guarded_and_flags_missing_evidence() {
    let env = Env::new();
    env.cmd()
        .args(["--lang", "en", "export", "1"])
        .assert()
        .success()
        .stdout(contains("# Case report: Corner Coffee 38.50 CNY"))
        .stdout(contains("## Steps"))
        .stdout(contains("## Timeline"))
        .stdout(contains("gone.png` — **file not found**"))
        .stdout(contains("both-charges.png`\n"))
        .stdout(contains("验证码 ******"))
        .stdout(contains("482913").not())
        .stdout(contains("4111 1111 1111 1111").not());
}

#[test]
fn export_json_is_the_case_file_guarded() {
    let env = Env::new();
    let out = env
        .cmd()
        .args(["export", "1", "--format", "json"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let v: serde_json::Value = serde_json::from_slice(&out).expect("valid JSON");
    assert_eq!(v["id"], ID);
    assert_eq!(v["facts"]["payment_method"], "Visa **** **** **** 1111");
    assert!(!v["steps"][1]["notes"].as_str().unwrap().contains("482913"));
}

#[test]
fn export_to_a_file_writes_it_private_and_prints_nothing() {
    let env = Env::new();
    let file = env.path("report.md");
    env.cmd()
        .args(["--lang", "en", "export", "1", "-o"])
        .arg(&file)
        .assert()
        .success()
        .stdout("");
    let text = std::fs::read_to_string(&file).unwrap();
    assert!(text.contains("## Facts"));
    assert_eq!(mode(&file), 0o600);
}

#[test]
fn bundle_holds_report_messages_and_the_evidence_that_exists() {
    let env = Env::new();
    let dir = env.path("out/bundle");
    env.cmd()
        .args(["--lang", "en", "export", "1", "--bundle"])
        .arg(&dir)
        .assert()
        .success()
        .stderr(contains("gone.png"));
    assert_eq!(mode(&dir), 0o700);
    for f in [
        "report.md",
        "case.json",
        "message-merchant.en.txt",
        "message-service.en.txt",
        "message-complaint.en.txt",
        "message-followup.en.txt",
        "evidence/both-charges.png",
    ] {
        let p = dir.join(f);
        assert!(p.is_file(), "{f} missing");
        assert_eq!(mode(&p), 0o600, "{f}");
    }
    assert!(!dir.join("evidence/gone.png").exists());
    let msg = std::fs::read_to_string(dir.join("message-merchant.en.txt")).unwrap();
    assert!(msg.contains("Corner Coffee") && !msg.contains("482913"));
    assert_eq!(
        std::fs::read(dir.join("evidence/both-charges.png")).unwrap(),
        b"not really a png"
    );
}

#[test]
fn bundle_and_output_together_are_a_usage_error() {
    let env = Env::new();
    env.cmd()
        .args(["export", "1", "-o", "x.md", "--bundle", "d"])
        .assert()
        .code(2);
}

/// An invented case: a card number typed in full, a note with a verification code, one
/// evidence file present and one gone.
const CASE: &str = r#"{
  "schema": 1,
  "id": "20261120-124527",
  "title": "",
  "created_at": "2026-11-20T05:00:00Z",
  "updated_at": "2026-11-21T02:05:00Z",
  "status": "open",
  "facts": {
    "app": "WeChat Pay",
    "merchant": "Corner Coffee",
    "merchant_contact": "400-820-1234",
    "order_id": "CC20261120-0042",
    "amount": "38.50",
    "currency": "CNY",
    "payments": [
      {"time": "2026-11-20T04:45:27Z", "transaction_id": "4200001234202611201234567890"},
      {"time": "2026-11-20T04:46:03Z", "transaction_id": "4200001234202611201234567891"}
    ],
    "payment_method": "Visa 4111 1111 1111 1111",
    "cause": null,
    "your_name": "Li Ming",
    "your_contact": "13800001111"
  },
  "steps": [
    {"key": "confirm_records", "status": "done", "checks": {}, "decision": "yes", "notes": "Both completed."},
    {"key": "contact_merchant", "status": "in_progress", "checks": {}, "decision": null, "notes": "Caller wanted my 验证码 482913"}
  ],
  "log": [
    {"at": "2026-11-21T02:00:00Z", "kind": "contact", "text": "Asked for a refund", "reference": "M-7781", "with": "merchant", "channel": "in-app chat"},
    {"at": "2026-11-21T02:05:00Z", "kind": "event", "text": "", "reference": "", "code": "refund.requested"}
  ],
  "evidence": [
    {"label": "Both charges", "path": "SHOT"},
    {"label": "Chat", "path": "GONE"}
  ],
  "refund": {"requested_at": "2026-11-21T02:05:00Z", "due_by": "2026-11-30T02:05:00Z", "received_at": null}
}"#;
