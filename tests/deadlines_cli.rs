//! `paytwice show --json` carries the computed deadlines (SPEC §6), in the zone `TZ` names.

use assert_cmd::Command;
use jiff::{SignedDuration, Timestamp};
use paytwice::domain::case::{Case, LogEntry, LogKind};
use paytwice::domain::facts::Facts;
use serde_json::Value;

/// A data directory with one case: WeChat Pay, refund requested 20 days ago (so overdue),
/// a complaint filed 30 days ago, paid with a Visa card 40 days ago.
fn data_dir() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let now = Timestamp::now();
    let ago = |days: i64| now - SignedDuration::from_hours(24 * days);
    let facts = Facts {
        app: "WeChat Pay".into(),
        payment_method: "Visa 4242".into(),
        ..Facts::default()
    };
    let mut c = Case::new("case-one".into(), facts, ago(40));
    c.facts.payments[0].time = Some(ago(40));
    c.facts.payments[1].time = Some(ago(40));
    c.log.push(LogEntry {
        at: ago(30),
        kind: LogKind::Contact,
        text: "complaint filed in the app".into(),
        reference: "T-1001".into(),
        with: "service".into(),
        channel: String::new(),
        code: String::new(),
    });
    c.refund.requested_at = Some(ago(20));
    let cases = dir.path().join("cases");
    std::fs::create_dir_all(&cases).unwrap();
    std::fs::write(
        cases.join("case-one.json"),
        serde_json::to_string(&c).unwrap(),
    )
    .unwrap();
    dir
}

fn show_json(dir: &std::path::Path, tz: &str) -> Value {
    let out = Command::cargo_bin("paytwice")
        .unwrap()
        .env("TZ", tz)
        .args(["--lang", "en", "--data-dir"])
        .arg(dir)
        .args(["show", "case-one", "--json"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

#[test]
fn show_json_lists_deadlines_with_negative_days_when_overdue() {
    let dir = data_dir();
    let v = show_json(dir.path(), "Asia/Shanghai");
    let list = v["deadlines"].as_array().expect("a deadlines array");
    let kinds: Vec<&str> = list.iter().filter_map(|d| d["kind"].as_str()).collect();
    assert_eq!(
        kinds,
        [
            "wechat_merchant_reply",
            "wechat_resolution",
            "refund_due",
            "card_chargeback"
        ]
    );
    for d in list {
        assert!(d["due"].as_str().unwrap().parse::<Timestamp>().is_ok());
        assert!(!d["source"].as_str().unwrap().is_empty());
    }
    let days = |k: &str| {
        list.iter().find(|d| d["kind"] == k).unwrap()["days_left"]
            .as_i64()
            .unwrap()
    };
    assert!(
        days("refund_due") < 0,
        "refund overdue: {}",
        days("refund_due")
    );
    assert!(days("card_chargeback") > 0);
    // The case file itself is unchanged by `show`: deadlines are computed, not stored.
    assert_eq!(v["id"], "case-one");
}

#[test]
fn due_times_are_written_in_the_local_zone() {
    let dir = data_dir();
    let due = |tz: &str| {
        let v = show_json(dir.path(), tz);
        v["deadlines"][0]["due"].as_str().unwrap().to_string()
    };
    let sh = due("Asia/Shanghai");
    let ny = due("America/New_York");
    assert!(sh.ends_with("+08:00"), "{sh}");
    assert!(ny.ends_with("-05:00") || ny.ends_with("-04:00"), "{ny}");
    assert_eq!(
        sh.parse::<Timestamp>().unwrap(),
        ny.parse::<Timestamp>().unwrap(),
        "an hours rule is the same instant everywhere"
    );
}

#[test]
fn show_text_lists_the_deadlines() {
    let dir = data_dir();
    let out = Command::cargo_bin("paytwice")
        .unwrap()
        .env("TZ", "UTC")
        .args(["--lang", "en", "--data-dir"])
        .arg(dir.path())
        .args(["show", "case-one"])
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("Deadlines"), "{text}");
    assert!(text.contains("Refund due (overdue by"), "{text}");
}

#[test]
fn list_json_names_each_case_s_next_deadline() {
    let dir = data_dir();
    let out = Command::cargo_bin("paytwice")
        .unwrap()
        .args(["--lang", "en", "--data-dir"])
        .arg(dir.path())
        .args(["list", "--json"])
        .output()
        .unwrap();
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    let next = &v[0]["next_deadline"];
    assert_eq!(next["kind"], "wechat_merchant_reply", "{v}");
    assert!(next["days_left"].as_i64().unwrap() < 0);
}
