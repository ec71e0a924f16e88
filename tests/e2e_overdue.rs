//! Days later, end to end (issue 4): a case whose refund was requested 8 business days ago,
//! on the real clock, shows as overdue in the case list of the built binary in a real
//! pseudo-terminal, the launch offers the follow-up message, and `t` opens it.
// Drives the program in a Unix pseudo-terminal (tests/common/pty.rs).
#![cfg(unix)]

mod common;

use common::pty::Launch;
use jiff::civil::Weekday;
use jiff::{Timestamp, ToSpan, tz::TimeZone};
use paytwice::domain::case::Case;
use paytwice::domain::facts::Facts;
use paytwice::storage::{Access, Store};

/// `n` business days before `now` in `tz`, at the same time of day.
fn business_days_ago(now: Timestamp, n: u32, tz: &TimeZone) -> Timestamp {
    let mut z = now.to_zoned_datetime(tz.clone());
    let mut left = n;
    while left > 0 {
        z = z.checked_sub(1.day()).unwrap();
        if !matches!(z.weekday(), Weekday::Saturday | Weekday::Sunday) {
            left -= 1;
        }
    }
    z.timestamp()
}

fn overdue_case(data: &std::path::Path, title: &str) {
    let now = Timestamp::now();
    let tz = TimeZone::UTC;
    let requested = business_days_ago(now, 8, &tz);
    let facts = Facts {
        merchant: title.into(),
        amount: Some("38.50".into()),
        ..Facts::default()
    };
    let mut case = Case::new("20261101-090000".into(), facts, requested);
    case.request_refund(requested, &tz, paytwice::assets::deadline_rules());
    // A case the user left on the list: no resume, so launch shows the list.
    let mut store = Store::open(data, Access::Write).unwrap();
    store.save(&case).unwrap();
}

#[test]
fn an_overdue_refund_shows_in_the_list_and_offers_the_follow_up() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    overdue_case(&data, "Corner Coffee");

    let mut p = Launch::new(&data)
        .lang("en_US.UTF-8")
        .size(100, 30)
        .env("TZ", "UTC")
        .spawn();
    p.wait_for("Corner Coffee");
    // The badge reads without colour: "!" and the word.
    p.wait_for("! overdue");
    p.wait_for("t writes the follow-up message");
    // Enter opens the case, whose header keeps the warning; t writes the follow-up.
    p.send_str("\r");
    p.wait_for("! Refund due · overdue by");
    p.send_str("t");
    p.wait_for("Reminder");
    p.send_str("4");
    p.wait_for("Saved:");
    p.send_str("q");
    assert!(p.wait_exit().success());
    let exports: Vec<_> = std::fs::read_dir(data.join("exports"))
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    assert!(
        exports.iter().any(|n| n.contains("followup")),
        "follow-up saved under exports/: {exports:?}"
    );
}

#[test]
fn the_same_case_in_chinese() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    overdue_case(&data, "街角咖啡");
    let mut p = Launch::new(&data)
        .lang("zh_CN.UTF-8")
        .size(100, 30)
        .env("TZ", "UTC")
        .spawn();
    p.wait_for("街角咖啡");
    p.wait_for("! 逾期");
    p.wait_for("按 t 键写催办消息");
    p.send_str("q");
    assert!(p.wait_exit().success());
}

/// The user's own follow-up template (under the config directory, read once the first frame
/// is up) is what `t` writes, from the first key on.
#[test]
fn the_users_own_follow_up_template_is_used() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    overdue_case(&data, "Corner Coffee");
    let templates = data.join("config").join("paytwice").join("templates");
    std::fs::create_dir_all(&templates).unwrap();
    std::fs::write(
        templates.join("followup.en.j2"),
        "My own reminder about {{ merchant }}.\n",
    )
    .unwrap();
    let mut p = Launch::new(&data).lang("en_US.UTF-8").spawn();
    p.wait_for("Corner Coffee");
    // Typed at once, before anything else is drawn.
    p.send_str("\rt4");
    p.wait_for("Saved:");
    p.send_str("q");
    assert!(p.wait_exit().success());
    let exports = data.join("exports");
    let texts: Vec<String> = std::fs::read_dir(&exports)
        .unwrap()
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().contains("followup"))
        .map(|e| std::fs::read_to_string(e.path()).unwrap())
        .collect();
    assert!(
        texts
            .iter()
            .any(|t| t.contains("My own reminder about Corner Coffee.")),
        "{texts:?}"
    );
}
