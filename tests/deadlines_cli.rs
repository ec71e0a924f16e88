//! `paytwice show --json` carries the computed deadlines (SPEC §6), in the zone `TZ` names.

use assert_cmd::Command;
use jiff::{SignedDuration, Timestamp};
use paytwice::domain::case::{Case, LogEntry, LogKind};
use paytwice::domain::facts::Facts;
use serde_json::Value;

/// A data directory with one case: WeChat Pay, refund requested 20 days ago (so overdue),
/// a complaint filed in the app 30 days ago, paid with a Visa card 40 days ago.
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
        with: "complaint".into(),
        channel: String::new(),
        code: String::new(),
        extra: Default::default(),
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
        ["wechat_merchant_reply", "wechat_resolution", "refund_due"],
        "no card network's limit on a WeChat Pay payment"
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
    // WeChat Pay's reply is due at the end of a day: midnight in the user's own zone.
    assert!(sh.ends_with("T00:00:00+08:00"), "{sh}");
    assert!(
        ny.ends_with("T00:00:00-05:00") || ny.ends_with("T00:00:00-04:00"),
        "{ny}"
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

/// A data directory with one WeChat Pay case whose refund was requested at `requested`.
fn requested_dir(requested: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let at: Timestamp = requested.parse().unwrap();
    let facts = Facts {
        app: "微信支付".into(),
        payment_method: "招商银行信用卡".into(),
        ..Facts::default()
    };
    let mut c = Case::new("case-one".into(), facts, at);
    c.facts.payments[0].time = Some(at);
    c.facts.payments[1].time = Some(at);
    c.refund.requested_at = Some(at);
    let cases = dir.path().join("cases");
    std::fs::create_dir_all(&cases).unwrap();
    let json = serde_json::to_string(&c).unwrap();
    std::fs::write(cases.join("case-one.json"), json).unwrap();
    dir
}

fn show(dir: &std::path::Path, config: &std::path::Path, json: bool) -> String {
    let mut cmd = Command::cargo_bin("paytwice").unwrap();
    cmd.env("TZ", "Asia/Shanghai")
        .env("XDG_CONFIG_HOME", config)
        .args(["--lang", "en", "--data-dir"])
        .arg(dir)
        .args(["show", "case-one"]);
    if json {
        cmd.arg("--json");
    }
    let out = cmd.output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

fn refund(v: &Value) -> &Value {
    let list = v["deadlines"].as_array().unwrap();
    list.iter().find(|d| d["kind"] == "refund_due").unwrap()
}

#[test]
fn a_wechat_refund_skips_national_day_and_spring_festival() {
    let config = tempfile::tempdir().unwrap();
    // Wednesday 30 September 2026, 10:00 in Shanghai.
    let dir = requested_dir("2026-09-30T02:00:00Z");
    let v: Value = serde_json::from_str(&show(dir.path(), config.path(), true)).unwrap();
    assert_eq!(refund(&v)["due"], "2026-10-13T10:00:00+08:00");
    assert_eq!(refund(&v)["holidays_unknown"], Value::Null);
    // Friday 13 February 2026, 10:00.
    let dir = requested_dir("2026-02-13T02:00:00Z");
    let v: Value = serde_json::from_str(&show(dir.path(), config.path(), true)).unwrap();
    assert_eq!(refund(&v)["due"], "2026-02-27T10:00:00+08:00");
    // No card network's chargeback clock on a Chinese card paying through WeChat Pay.
    let kinds: Vec<&str> = v["deadlines"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|d| d["kind"].as_str())
        .collect();
    assert!(!kinds.contains(&"card_chargeback"), "{kinds:?}");
}

#[test]
fn a_year_without_holidays_says_so_until_a_user_file_adds_it() {
    let config = tempfile::tempdir().unwrap();
    // Monday 1 March 2027: the data has no 2027 yet.
    let dir = requested_dir("2027-03-01T02:00:00Z");
    let v: Value = serde_json::from_str(&show(dir.path(), config.path(), true)).unwrap();
    assert_eq!(refund(&v)["holidays_unknown"], 2027);
    assert_eq!(refund(&v)["due"], "2027-03-08T10:00:00+08:00");
    let text = show(dir.path(), config.path(), false);
    assert!(text.contains("holidays of 2027 not known yet"), "{text}");

    // A user's holidays file in the config directory adds 2027 (a made-up day off here).
    let app_config = config.path().join("paytwice");
    std::fs::create_dir_all(&app_config).unwrap();
    let year = r#"{"years": {"2027": {"notice": "a notice", "published": "2026-11-01",
        "url": "https://example.org/notice",
        "off": [{"name": "test", "from": "2027-03-02", "to": "2027-03-02"}], "work": []}}}"#;
    std::fs::write(app_config.join("holidays.cn.json"), year).unwrap();
    let v: Value = serde_json::from_str(&show(dir.path(), config.path(), true)).unwrap();
    assert_eq!(refund(&v)["holidays_unknown"], Value::Null);
    assert_eq!(refund(&v)["due"], "2027-03-09T10:00:00+08:00");

    // A broken file is not used, and the note says why.
    std::fs::write(app_config.join("holidays.cn.json"), "{ not json").unwrap();
    let text = show(dir.path(), config.path(), false);
    assert!(text.contains("holidays of 2027 not known yet"), "{text}");
    assert!(text.contains("your holidays file was not used"), "{text}");
}
