//! What helps a bug report (issue 17): `PAYTWICE_LOG` records what paytwice did without any
//! case content, and `--version --verbose` prints versions, paths, terminal and locale.

use assert_cmd::Command;

const BILLS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/bills");

fn paytwice() -> Command {
    let mut c = Command::cargo_bin("paytwice").expect("the binary is built");
    c.env_remove("PAYTWICE_DATA_DIR").env_remove("PAYTWICE_LOG");
    c
}

#[test]
fn the_log_says_what_was_done_and_nothing_of_the_case() {
    let d = tempfile::tempdir().unwrap();
    let log = d.path().join("paytwice.log");
    let data = d.path().join("data");
    let out = paytwice()
        .env("PAYTWICE_LOG", &log)
        .arg("--data-dir")
        .arg(&data)
        .args(["--lang", "en", "new", "--from"])
        .arg(format!("{BILLS}/wechat.csv"))
        .args(["--pick", "1"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    let text = std::fs::read_to_string(&log).expect("the log was written");
    assert!(text.contains("data directory opened"), "{text}");
    assert!(text.contains("saved case "), "{text}");
    // What the case holds stays out: the merchant, the amount, the transaction ids.
    let case = std::fs::read_dir(data.join("cases"))
        .unwrap()
        .flatten()
        .next()
        .unwrap();
    let v: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(case.path()).unwrap()).unwrap();
    let facts = &v["facts"];
    let ids = facts["payments"].as_array().into_iter().flatten();
    let mut secrets: Vec<String> = ids
        .filter_map(|p| p["transaction_id"].as_str().map(str::to_string))
        .collect();
    secrets.extend(
        ["amount", "merchant"]
            .iter()
            .filter_map(|k| facts[*k].as_str().map(str::to_string)),
    );
    assert!(
        secrets.len() >= 3,
        "the case has ids, amount and merchant: {facts}"
    );
    for s in secrets.iter().filter(|s| s.len() > 3) {
        assert!(
            !text.contains(s.as_str()),
            "{s} leaked into the log:\n{text}"
        );
    }
}

#[test]
fn without_the_variable_no_log_is_written_anywhere() {
    let d = tempfile::tempdir().unwrap();
    let out = paytwice()
        .current_dir(d.path())
        .arg("--data-dir")
        .arg(d.path().join("data"))
        .arg("list")
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    let names: Vec<_> = std::fs::read_dir(d.path())
        .unwrap()
        .flatten()
        .map(|e| e.file_name())
        .collect();
    assert!(names.iter().all(|n| n == "data"), "{names:?}");
}

#[test]
fn version_verbose_prints_what_a_bug_report_needs() {
    let d = tempfile::tempdir().unwrap();
    let out = paytwice()
        .env("PAYTWICE_DATA_DIR", d.path())
        .env("LANG", "zh_CN.UTF-8")
        .args(["--version", "--verbose"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.starts_with(&format!("paytwice {}", env!("CARGO_PKG_VERSION"))),
        "{text}"
    );
    assert!(
        text.contains(&format!("data directory: {}", d.path().display())),
        "{text}"
    );
    for want in [
        "target: ",
        "built with: rustc",
        "config directory: ",
        "terminal: TERM=",
        "locale: LANG=zh_CN.UTF-8",
    ] {
        assert!(text.contains(want), "{want} missing:\n{text}");
    }
    // Plain --version stays clap's one line.
    let out = paytwice().arg("--version").output().unwrap();
    assert_eq!(String::from_utf8(out.stdout).unwrap().lines().count(), 1);
}
