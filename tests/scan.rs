//! `paytwice scan` and `paytwice new --from … --pick N` from the outside: exit codes, stdout,
//! stderr and the case file written.

use assert_cmd::Command;
use serde_json::Value;

mod common;

const BILLS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/bills");

fn bill(name: &str) -> String {
    format!("{BILLS}/{name}")
}

fn paytwice(data: &std::path::Path) -> Command {
    let mut c = common::paytwice(data);
    c.arg("--lang").arg("en");
    c
}

fn stdout(out: &std::process::Output) -> String {
    String::from_utf8(out.stdout.clone()).expect("UTF-8 output")
}

#[test]
fn scan_lists_the_true_duplicates_numbered_most_likely_first() {
    let d = tempfile::tempdir().unwrap();
    let out = paytwice(d.path())
        .args(["scan", &bill("wechat.csv")])
        .output()
        .unwrap();
    assert!(out.status.success());
    let text = stdout(&out);
    let first = text.find(" 1. 青柠便利店  38.50 CNY").expect(&text);
    let second = text.find(" 2. 云朵外卖  52.00 CNY").expect(&text);
    assert!(first < second);
    assert!(text.contains("[already refunded]"));
    assert!(text.contains("2026-11-20 12:45:27  4200002026112012452700000001"));
    for not_a_duplicate in ["书香文具", "晨光咖啡", "招商银行", "小林"] {
        assert!(!text.contains(not_a_duplicate), "{not_a_duplicate}: {text}");
    }
    assert!(text.contains("--pick N"));
}

#[test]
fn scan_json_has_the_spec_shape_for_gbk_alipay() {
    let d = tempfile::tempdir().unwrap();
    let out = paytwice(d.path())
        .args(["scan", "--json", &bill("alipay.csv")])
        .output()
        .unwrap();
    assert!(out.status.success());
    let v: Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(v["bill"]["app"], "alipay");
    assert_eq!(v["bill"]["layout"], "alipay_app_2023");
    assert_eq!(v["bill"]["rows"], 16);
    assert_eq!(v["bill"]["skipped_rows"], 0);
    assert_eq!(v["bill"]["time_zone"], "+08:00");
    let list = v["candidates"].as_array().unwrap();
    assert_eq!(list.len(), 2);
    let c = &list[0];
    assert_eq!(c["merchant"], "青柠便利店");
    assert_eq!(c["amount"], "38.50");
    assert_eq!(c["currency"], "CNY");
    assert_eq!(c["confidence"], "high");
    assert_eq!(c["already_refunded"], false);
    assert!(
        c["reasons"]
            .as_array()
            .unwrap()
            .contains(&Value::from("shared_merchant_order"))
    );
    let p = &c["payments"][0];
    assert_eq!(p["time"], "2026-11-20T12:45:27+08:00");
    assert_eq!(p["transaction_id"], "20261111220014000000000001");
    assert_eq!(p["merchant_order_id"], "QN20261120124500017");
    assert_eq!(p["method"], "交通银行信用卡(7449)");
    assert_eq!(list[1]["already_refunded"], true);
    assert_eq!(list[1]["confidence"], "medium");
    let mut keys: Vec<&str> = c.as_object().unwrap().keys().map(String::as_str).collect();
    keys.sort();
    assert_eq!(
        keys,
        [
            "already_refunded",
            "amount",
            "confidence",
            "currency",
            "merchant",
            "payments",
            "reasons"
        ]
    );
}

#[test]
fn a_wider_window_also_shows_the_daily_coffee_as_low() {
    let d = tempfile::tempdir().unwrap();
    let out = paytwice(d.path())
        .args(["scan", "--json", "--window", "1500", &bill("wechat.xlsx")])
        .output()
        .unwrap();
    let v: Value = serde_json::from_str(&stdout(&out)).unwrap();
    let list = v["candidates"].as_array().unwrap();
    assert_eq!(list.len(), 3);
    assert_eq!(list[2]["merchant"], "晨光咖啡");
    assert_eq!(list[2]["confidence"], "low");
    assert_eq!(list[2]["payments"].as_array().unwrap().len(), 4);
}

#[test]
fn a_bill_without_duplicates_says_so() {
    let d = tempfile::tempdir().unwrap();
    let out = paytwice(d.path())
        .args(["scan", &bill("no-duplicate.csv")])
        .output()
        .unwrap();
    assert!(out.status.success());
    assert!(stdout(&out).contains("No duplicate charges found"));
    let json = paytwice(d.path())
        .args(["scan", "--json", &bill("no-duplicate.csv")])
        .output()
        .unwrap();
    let v: Value = serde_json::from_str(&stdout(&json)).unwrap();
    assert_eq!(v["candidates"], Value::Array(vec![]));
    assert_eq!(v["transfers_to_person"], Value::Array(vec![]));
}

#[test]
fn unreadable_bills_are_one_line_errors_with_exit_1() {
    let d = tempfile::tempdir().unwrap();
    let empty = d.path().join("empty.csv");
    std::fs::write(&empty, b"").unwrap();
    let junk = d.path().join("junk.csv");
    std::fs::write(&junk, b"name,age\nann,3\n").unwrap();
    let missing = d.path().join("missing.csv");
    for (file, says) in [
        (&empty, "empty"),
        (&junk, "not a WeChat Pay or Alipay bill"),
        (&missing, "missing.csv"),
    ] {
        let out = paytwice(d.path()).arg("scan").arg(file).output().unwrap();
        assert_eq!(out.status.code(), Some(1), "{file:?}");
        assert!(out.stdout.is_empty());
        let err = String::from_utf8(out.stderr).unwrap();
        assert_eq!(err.lines().count(), 1, "{err}");
        assert!(err.contains(says), "{err}");
    }
}

#[test]
fn new_from_a_bill_writes_only_the_picked_charges() {
    let d = tempfile::tempdir().unwrap();
    let out = paytwice(d.path())
        .args(["new", "--from", &bill("wechat.csv"), "--pick", "1"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    let files: Vec<_> = std::fs::read_dir(d.path().join("cases"))
        .unwrap()
        .flatten()
        .collect();
    assert_eq!(files.len(), 1);
    let id = files[0]
        .path()
        .file_stem()
        .unwrap()
        .to_string_lossy()
        .into_owned();
    assert!(stdout(&out).contains(&id));
    let raw = std::fs::read_to_string(files[0].path()).unwrap();
    let v: Value = serde_json::from_str(&raw).unwrap();
    let f = &v["facts"];
    assert_eq!(f["app"], "WeChat Pay");
    assert_eq!(f["merchant"], "青柠便利店");
    assert_eq!(f["amount"], "38.50");
    assert_eq!(f["currency"], "CNY");
    assert_eq!(f["order_id"], "QN20261120124500017");
    assert_eq!(f["payment_method"], "中国银行(1234)");
    let times: Vec<jiff::Timestamp> = (0..2)
        .map(|i| f["payments"][i]["time"].as_str().unwrap().parse().unwrap())
        .collect();
    assert_eq!(times[0], "2026-11-20T04:45:27Z".parse().unwrap());
    assert_eq!(times[1], "2026-11-20T04:45:41Z".parse().unwrap());
    assert_eq!(
        f["payments"][1]["transaction_id"],
        "4200002026112012454100000002"
    );
    for other in ["午餐便当", "晨光咖啡", "云朵外卖", "书香文具"] {
        assert!(!raw.contains(other), "{other} leaked into the case");
    }
}

#[test]
fn a_pick_out_of_range_is_a_usage_error_and_writes_nothing() {
    let d = tempfile::tempdir().unwrap();
    for pick in ["0", "3"] {
        let out = paytwice(d.path())
            .args(["new", "--from", &bill("alipay-old.csv"), "--pick", pick])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "pick {pick}");
        assert!(String::from_utf8_lossy(&out.stderr).contains("it has 2"));
    }
    let cases = d.path().join("cases");
    assert!(!cases.exists() || std::fs::read_dir(cases).unwrap().next().is_none());
}

#[test]
fn new_without_a_bill_points_to_the_interactive_program() {
    let d = tempfile::tempdir().unwrap();
    let out = paytwice(d.path()).arg("new").output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("interactive program"));
    let no_pick = paytwice(d.path())
        .args(["new", "--from", &bill("wechat.csv")])
        .output()
        .unwrap();
    assert_eq!(no_pick.status.code(), Some(2));
}

#[test]
fn scan_names_the_layout_and_what_it_left_out() {
    let d = tempfile::tempdir().unwrap();
    let out = paytwice(d.path())
        .args(["scan", &bill("alipay-2021.csv")])
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    let text = stdout(&out);
    assert!(
        text.starts_with("Read as: Alipay app export (2021–2022 layout), 18 rows."),
        "{text}"
    );
    assert!(text.contains("20 lines after the table"), "{text}");
    let out = paytwice(d.path())
        .args(["scan", "--json", &bill("wechat-damaged.csv")])
        .output()
        .unwrap();
    let v: Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(v["bill"]["layout"], "wechat_csv");
    assert_eq!(v["bill"]["rows"], 15);
    assert_eq!(v["bill"]["skipped_rows"], 1);
    assert_eq!(v["bill"]["ignored_lines"], 1);
}

#[test]
fn transfers_to_a_person_are_listed_apart_and_never_picked() {
    let d = tempfile::tempdir().unwrap();
    let out = paytwice(d.path())
        .args(["scan", "--json", &bill("wechat-2025.csv")])
        .output()
        .unwrap();
    let v: Value = serde_json::from_str(&stdout(&out)).unwrap();
    let merchants: Vec<&str> = v["candidates"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["merchant"].as_str().unwrap())
        .collect();
    assert_eq!(merchants, ["SAMPLE TRADING HONG KONG CO.,LIMITED"]);
    let people = v["transfers_to_person"].as_array().unwrap();
    assert_eq!(people.len(), 2);
    for p in people {
        assert_eq!(p["confidence"], "low");
        assert!(
            p["reasons"]
                .as_array()
                .unwrap()
                .contains(&Value::from("transfer_to_person"))
        );
    }
    let text = stdout(
        &paytwice(d.path())
            .args(["scan", &bill("wechat-2025.csv")])
            .output()
            .unwrap(),
    );
    let apart = text.find("Repeated transfers to a person").expect(&text);
    assert!(text.find("小林").unwrap() > apart);
    assert!(text.contains("ask the person to send the extra back"));
    assert!(!text.contains("小林  50.00 CNY  (very likely)"));
    let no_second = paytwice(d.path())
        .args(["new", "--from", &bill("wechat-2025.csv"), "--pick", "2"])
        .output()
        .unwrap();
    assert_eq!(no_second.status.code(), Some(2));
}

/// One-line stderr and exit 1, at once: `scan` on what is not a bill file.
fn refused(d: &std::path::Path, file: &std::path::Path, says: &str) {
    let start = std::time::Instant::now();
    let out = paytwice(d).arg("scan").arg(file).output().unwrap();
    assert!(start.elapsed() < std::time::Duration::from_secs(10));
    assert_eq!(out.status.code(), Some(1), "{file:?}");
    assert!(out.stdout.is_empty());
    let err = String::from_utf8(out.stderr).unwrap();
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.contains(says), "{err}");
}

#[test]
fn folders_devices_and_pipes_are_refused_at_once() {
    let d = tempfile::tempdir().unwrap();
    refused(d.path(), d.path(), "not a regular file");
    refused(
        d.path(),
        std::path::Path::new("/dev/zero"),
        "not a regular file",
    );
    let fifo = d.path().join("bill.csv");
    let made = std::process::Command::new("mkfifo").arg(&fifo).status();
    assert!(made.is_ok_and(|s| s.success()), "mkfifo");
    refused(d.path(), &fifo, "not a regular file");
}

#[test]
fn old_excel_and_one_endless_line_get_their_own_words() {
    let d = tempfile::tempdir().unwrap();
    let xls = d.path().join("statement.xls");
    let mut bytes = b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1".to_vec();
    bytes.resize(4096, 0);
    std::fs::write(&xls, bytes).unwrap();
    refused(d.path(), &xls, "save or export it as .csv or .xlsx");
    let long = d.path().join("long.csv");
    std::fs::write(&long, "交易时间,".repeat(1 << 18)).unwrap();
    refused(d.path(), &long, "not a bill paytwice can read");
}

#[test]
fn a_locked_zip_asks_for_its_password_on_standard_input() {
    let d = tempfile::tempdir().unwrap();
    let zip = bill("wechat-locked.zip");
    let out = paytwice(d.path())
        .args(["scan", &zip])
        .write_stdin("20261121\n")
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    assert!(stdout(&out).contains(" 1. 青柠便利店  38.50 CNY"));
    // A wrong one says so and asks again.
    let out = paytwice(d.path())
        .args(["scan", &zip])
        .write_stdin("nope\n20261121\n")
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    assert!(String::from_utf8_lossy(&out.stderr).contains("does not open the zip"));
    // Nothing more to try: a one-line error, exit 1.
    let out = paytwice(d.path())
        .args(["scan", &zip])
        .write_stdin("nope\n")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(
        err.lines()
            .last()
            .unwrap()
            .contains("does not open the zip"),
        "{err}"
    );
    // The password is nowhere in what was printed.
    assert!(!err.contains("nope") && !stdout(&out).contains("nope"));
}

#[test]
fn output_into_a_closed_pipe_ends_quietly() {
    use std::io::Write;
    let d = tempfile::tempdir().unwrap();
    // Enough candidates to fill any pipe buffer.
    let mut text = String::from_utf8(std::fs::read(bill("wechat.csv")).unwrap()).unwrap();
    for i in 0..3000 {
        text.push_str(&format!(
            "2026-10-{:02} 12:{:02}:00,商户消费,商户{i},物品,支出,¥{i}.50,零钱,支付成功,42000{i:023},M{i},/\r\n2026-10-{:02} 12:{:02}:20,商户消费,商户{i},物品,支出,¥{i}.50,零钱,支付成功,43000{i:023},M{i},/\r\n",
            1 + i % 28,
            i % 60,
            1 + i % 28,
            i % 60,
        ));
    }
    let big = d.path().join("big.csv");
    std::fs::File::create(&big)
        .unwrap()
        .write_all(text.as_bytes())
        .unwrap();
    let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("paytwice"))
        .args(["--lang", "en", "--data-dir"])
        .arg(d.path())
        .arg("scan")
        .arg(&big)
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    let out = child.wait_with_output().unwrap();
    assert!(
        out.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(out.status.code(), Some(0));
}

#[test]
fn bill_times_say_their_zone_where_the_clock_is_set_otherwise() {
    let d = tempfile::tempdir().unwrap();
    for (zone, named) in [("America/New_York", true), ("Asia/Shanghai", false)] {
        let out = paytwice(d.path())
            .env("TZ", zone)
            .args(["scan", &bill("wechat.csv")])
            .output()
            .unwrap();
        let text = stdout(&out);
        // The times are the bill's, whatever the zone.
        assert!(text.contains("2026-11-20 12:45:27  4200002026112012452700000001"));
        assert_eq!(text.contains("China time (UTC+8)"), named, "{zone}: {text}");
    }
}

#[cfg(unix)] // drives the program in a Unix pseudo-terminal
#[test]
fn at_a_terminal_the_password_is_asked_without_echo() {
    let d = tempfile::tempdir().unwrap();
    let zip = bill("wechat-locked.zip");
    let mut l = common::pty::Launch::new(d.path());
    l.args = vec!["--lang", "en", "scan", &zip];
    let mut p = l.spawn();
    p.wait_for("Password of the zip");
    p.send_str("x9-wrong\r");
    p.wait_for("does not open the zip");
    p.send_str("20261121\r");
    p.wait_for("1. 青柠便利店 38.50 CNY");
    let raw = String::from_utf8_lossy(&p.raw_output()).into_owned();
    assert!(
        !raw.contains("x9-wrong") && !raw.contains("20261121"),
        "{raw}"
    );
}

/// The real exports in `../shared/corpus/bills/`, when that folder is there (it is not part of
/// the project): every payment-app bill reads, the bank statement is refused by name.
/// `cargo run --release --example bill_eval` prints what each gave and checks repeated rows.
#[test]
fn every_real_bill_in_the_shared_corpus_reads() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus/bills");
    let Ok(entries) = std::fs::read_dir(&dir) else {
        return;
    };
    for path in entries.flatten().map(|e| e.path()) {
        if path.extension().is_some_and(|e| e == "md") {
            continue;
        }
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let read = paytwice::bill::read(&std::fs::read(&path).unwrap());
        if name.contains("icbc") {
            assert_eq!(
                read,
                Err(paytwice::bill::BillError::UnknownLayout),
                "{name}"
            );
        } else {
            let bill = read.unwrap_or_else(|e| panic!("{name}: {e}"));
            assert!(!bill.rows.is_empty(), "{name}");
            assert_eq!(bill.skipped, 0, "{name}");
        }
    }
}
