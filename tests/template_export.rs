//! `paytwice template` and `paytwice export` as a user runs them: a temporary data directory
//! with one invented case, exit codes, stdout and stderr kept apart, files written private.

mod common;

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

/// The permission bits (Unix; on Windows a file takes its folder's access list: platform.rs).
#[cfg(unix)]
fn mode(p: &Path) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(p).unwrap().permissions().mode() & 0o777
}

#[test]
fn template_prints_the_message_and_keeps_notes_on_stderr() {
    let env = Env::new();
    env.cmd()
        .args(["template", "20261120-", "--to", "merchant", "--lang", "en"])
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
            .stdout(contains("尾号 1111"))
            .stdout(contains("4111 ").not());
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
        .stdout("Refund CNY 38.50 for CC20261120-0042, please.\n");
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
    common::mkfifo(&fifo);
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
    #[cfg(unix)]
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
    #[cfg(unix)]
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
        #[cfg(unix)]
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

fn listing(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut v = vec![];
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        let name = p.strip_prefix(dir).unwrap().display().to_string();
        if p.is_dir() {
            for (inner, bytes) in listing(&p) {
                v.push((format!("{name}/{inner}"), bytes));
            }
        } else {
            v.push((name, std::fs::read(&p).unwrap()));
        }
    }
    v.sort();
    v
}

/// A bundle never lands among someone else's files: a directory that holds anything but a
/// bundle of this case is refused untouched; this case's own bundle is replaced whole.
#[test]
fn a_bundle_goes_only_into_an_empty_directory_or_over_its_own_bundle() {
    let env = Env::new();
    let theirs = env.path("theirs");
    std::fs::create_dir(&theirs).unwrap();
    std::fs::write(theirs.join("report.md"), "the user's own report").unwrap();
    std::fs::write(theirs.join("notes.txt"), "keep").unwrap();
    // Another case's bundle looks the same but for its case file.
    let other = env.path("other");
    std::fs::create_dir_all(other.join("evidence")).unwrap();
    std::fs::write(other.join("case.json"), r#"{"id": "20261001-000000"}"#).unwrap();
    std::fs::write(other.join("report.md"), "another case").unwrap();
    std::fs::write(other.join("evidence/receipt.png"), "theirs").unwrap();
    for dir in [&theirs, &other] {
        let before = listing(dir);
        env.cmd()
            .args(["--lang", "en", "export", "1", "--bundle"])
            .arg(dir)
            .assert()
            .code(1)
            .stderr(contains("not empty"));
        assert_eq!(listing(dir), before, "{}", dir.display());
    }
    // Its own bundle, twice: the second replaces the first whole (no second copy of the
    // evidence beside the first, no file of the first left over).
    let own = env.path("own");
    for _ in 0..2 {
        env.cmd()
            .args(["--lang", "en", "export", "1", "--bundle"])
            .arg(&own)
            .assert()
            .success();
        std::fs::write(own.join("message-merchant.zh.txt"), "from a Chinese export").unwrap();
    }
    let names: Vec<String> = listing(&own).into_iter().map(|(n, _)| n).collect();
    assert_eq!(
        names,
        [
            "case.json",
            "evidence/both-charges.png",
            "message-card_issuer.en.txt",
            "message-complaint.en.txt",
            "message-followup.en.txt",
            "message-merchant.en.txt",
            "message-merchant.zh.txt",
            "message-service.en.txt",
            "report.md"
        ]
    );
}

/// `-o` onto a FIFO, a character device or standard output writes to it; it is never
/// replaced by a regular file. A bare file name is written in the current directory, and the
/// command says so and succeeds.
#[cfg(unix)] // FIFOs and /dev/stdout
#[test]
fn output_goes_into_pipes_and_devices_and_bare_names() {
    let env = Env::new();
    let fifo = env.path("pipe");
    common::mkfifo(&fifo);
    let reader = {
        let fifo = fifo.clone();
        std::thread::spawn(move || std::fs::read_to_string(fifo).unwrap())
    };
    env.cmd()
        .args(["--lang", "en", "export", "1", "-o"])
        .arg(&fifo)
        .timeout(std::time::Duration::from_secs(20))
        .assert()
        .success();
    assert!(reader.join().unwrap().contains("## Facts"));
    use std::os::unix::fs::FileTypeExt;
    assert!(std::fs::metadata(&fifo).unwrap().file_type().is_fifo());
    for out in ["-", "/dev/stdout"] {
        env.cmd()
            .args(["--lang", "en", "export", "1", "-o", out])
            .assert()
            .success()
            .stdout(contains("## Facts"));
    }
    env.cmd()
        .args(["--lang", "en", "export", "1", "-o", "/dev/null"])
        .assert()
        .success();
    assert!(
        std::fs::metadata("/dev/null")
            .unwrap()
            .file_type()
            .is_char_device()
    );
    let here = env.path("here");
    std::fs::create_dir(&here).unwrap();
    env.cmd()
        .current_dir(&here)
        .args(["--lang", "en", "export", "1", "-o", "out.md"])
        .assert()
        .success()
        .stderr(contains("Written: out.md"));
    assert!(
        std::fs::read_to_string(here.join("out.md"))
            .unwrap()
            .contains("## Facts")
    );
    assert_eq!(std::fs::read_dir(&here).unwrap().count(), 1, "no temp left");
}

/// Evidence that cannot be read (here a FIFO, which would also block a plain read) is named,
/// listed as missing in the report, and the rest of the bundle is written.
#[test]
fn unreadable_evidence_is_listed_as_missing_and_the_rest_written() {
    let env = Env::new();
    let shot = env.path("pics/both-charges.png");
    std::fs::remove_file(&shot).unwrap();
    common::mkfifo(&shot);
    let dir = env.path("bundle");
    env.cmd()
        .args(["--lang", "en", "export", "1", "--bundle"])
        .arg(&dir)
        .timeout(std::time::Duration::from_secs(20))
        .assert()
        .success()
        .stderr(contains("could not be read").and(contains("both-charges.png")));
    let report = std::fs::read_to_string(dir.join("report.md")).unwrap();
    let line = report
        .lines()
        .find(|l| l.contains("both-charges.png"))
        .unwrap();
    assert!(line.contains("file not found"), "{line}");
    for f in ["case.json", "message-followup.en.txt"] {
        assert!(dir.join(f).is_file(), "{f}");
    }
    assert!(!dir.join("evidence/both-charges.png").exists());
}

/// Peak memory (kB) of a running process.
fn peak_kb(pid: u32) -> u64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap_or(0)
}

/// A large evidence file is copied a piece at a time (memory stays small), and a bundle
/// stopped by SIGTERM or SIGINT part-way removes its temporary file.
#[test]
fn a_large_evidence_copy_uses_little_memory_and_an_interrupted_one_leaves_no_temp() {
    for signal in ["TERM", "INT"] {
        let env = Env::new();
        let shot = env.path("pics/both-charges.png");
        // Sparse: 4 GiB to copy, nothing on disk.
        std::fs::File::create(&shot)
            .unwrap()
            .set_len(4 << 30)
            .unwrap();
        let dir = env.path("bundle");
        let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("paytwice"))
            .arg("--data-dir")
            .arg(env.path("data"))
            .env("XDG_CONFIG_HOME", env.path("cfg"))
            .env("TZ", "UTC")
            .args(["--lang", "en", "export", "1", "--bundle"])
            .arg(&dir)
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        let start = std::time::Instant::now();
        let temp = loop {
            let found = std::fs::read_dir(dir.join("evidence")).ok().and_then(|d| {
                d.flatten()
                    .map(|e| e.path())
                    .find(|p| std::fs::metadata(p).is_ok_and(|m| m.len() > 64 << 20))
            });
            if let Some(t) = found {
                break t;
            }
            assert!(start.elapsed().as_secs() < 60, "the copy never got going");
            std::thread::sleep(std::time::Duration::from_millis(5));
        };
        assert!(
            temp.file_name()
                .unwrap()
                .to_string_lossy()
                .contains(".tmp-")
        );
        let peak = peak_kb(child.id());
        assert!(peak > 0 && peak < 64 * 1024, "peak {peak} kB");
        let killed = std::process::Command::new("kill")
            .args([format!("-{signal}"), child.id().to_string()])
            .status()
            .unwrap();
        assert!(killed.success());
        let status = child.wait().unwrap();
        assert_eq!(status.code(), Some(130), "{signal}");
        let left: Vec<_> = listing(&dir).into_iter().map(|(n, _)| n).collect();
        assert!(
            left.iter().all(|n| !n.contains(".tmp-")),
            "{signal}: {left:?}"
        );
    }
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

#[test]
fn short_messages_and_the_card_issuers_letter_from_the_command_line() {
    let env = Env::new();
    env.cmd()
        .args([
            "--lang",
            "zh",
            "template",
            "1",
            "--to",
            "card-issuer",
            "--short",
        ])
        .assert()
        .success()
        .stdout(contains("请帮我就第二笔提出争议"))
        .stdout(contains("主题").not());
    env.cmd()
        .args(["--lang", "en", "template", "1", "--to", "card-issuer"])
        .assert()
        .success()
        .stdout(contains("Subject: Request to dispute a duplicate charge"));
    env.cmd()
        .args([
            "--lang", "en", "template", "1", "--to", "merchant", "--short",
        ])
        .assert()
        .success()
        .stdout(contains("Subject").not())
        .stdout(contains("charged twice"));
}
