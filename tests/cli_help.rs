//! Issue 15: the command line picks the right case or says why not, and explains itself.

mod common;

use common::paytwice;

use paytwice::domain::case::Case;
use paytwice::domain::facts::Facts;
use paytwice::storage::{Access, Store};

/// One case whose id starts with 2 (as every id made in this century does).
fn one_case() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    let facts = Facts {
        merchant: "Corner Coffee".into(),
        amount: Some("38.50".into()),
        ..Facts::default()
    };
    let c = Case::new(
        "20261120-100000".into(),
        facts,
        "2026-11-20T10:00:00Z".parse().unwrap(),
    );
    Store::open(dir.path(), Access::Write)
        .expect("store")
        .save(&c)
        .expect("save");
    dir
}

#[test]
fn a_bare_number_is_a_row_of_the_list_and_never_the_start_of_an_id() {
    let dir = one_case();
    let out = paytwice(dir.path()).args(["show", "1"]).output().unwrap();
    assert!(out.status.success());
    assert!(String::from_utf8_lossy(&out.stdout).contains("Corner Coffee"));
    let out = paytwice(dir.path()).args(["show", "2"]).output().unwrap();
    assert_eq!(out.status.code(), Some(1), "row 2 does not exist");
    assert!(out.stdout.is_empty(), "case 1 is not shown instead");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("no row 2") && err.contains("1 cases"), "{err}");
    // An id prefix with its dash still works.
    let out = paytwice(dir.path())
        .args(["show", "20261120-1"])
        .output()
        .unwrap();
    assert!(out.status.success());
}

#[test]
fn an_empty_case_is_a_usage_error() {
    let dir = one_case();
    for cmd in [
        vec!["show", ""],
        vec!["show", "  "],
        vec!["export", ""],
        vec!["template", "", "--to", "merchant"],
    ] {
        let out = paytwice(dir.path()).args(&cmd).output().unwrap();
        assert_eq!(out.status.code(), Some(2), "{cmd:?}");
        assert!(out.stdout.is_empty(), "{cmd:?}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains("CASE is empty"), "{cmd:?}: {err}");
    }
}

#[test]
fn importing_a_pair_an_open_case_holds_offers_that_case_and_creates_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let bill = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/bills/wechat.csv"
    );
    let new = || {
        paytwice(dir.path())
            .args(["new", "--from", bill, "--pick", "1"])
            .output()
            .unwrap()
    };
    assert!(new().status.success());
    let again = new();
    assert_eq!(again.status.code(), Some(1));
    let err = String::from_utf8_lossy(&again.stderr);
    assert!(
        err.contains("already case 1") && err.contains("paytwice show 1"),
        "{err}"
    );
    let files = std::fs::read_dir(dir.path().join("cases")).unwrap().count();
    assert_eq!(files, 1, "no second case");
}

#[test]
fn every_argument_of_every_command_is_described() {
    let cmd = paytwice::cli::command_with(paytwice::cli::FILES_IN_GENERAL);
    let mut missing = vec![];
    let mut check = |c: &clap::Command, path: &str| {
        if c.get_about().is_none() && !path.is_empty() {
            missing.push(format!("{path}: the command itself"));
        }
        for a in c.get_arguments() {
            let id = a.get_id().as_str();
            if matches!(id, "help" | "version") {
                continue;
            }
            if a.get_help().is_none() && a.get_long_help().is_none() {
                missing.push(format!("{path} {id}"));
            }
        }
    };
    check(&cmd, "");
    for sub in cmd.get_subcommands() {
        check(sub, sub.get_name());
    }
    assert!(missing.is_empty(), "undescribed: {missing:?}");
}

#[test]
fn long_help_says_where_the_data_and_config_live() {
    let dir = tempfile::tempdir().unwrap();
    let out = paytwice(dir.path()).arg("--help").output().unwrap();
    assert!(out.status.success());
    let help = String::from_utf8_lossy(&out.stdout);
    for want in [
        "Files:",
        "Data (cases/",
        "PAYTWICE_DATA_DIR",
        "Config (templates/",
    ] {
        assert!(help.contains(want), "{want}\n{help}");
    }
    let out = paytwice(dir.path())
        .args(["show", "--help"])
        .output()
        .unwrap();
    let help = String::from_utf8_lossy(&out.stdout);
    assert!(
        help.contains("a bare number is always a list number"),
        "{help}"
    );
}

#[cfg(unix)] // drives the program in a Unix pseudo-terminal
#[test]
fn scam_check_in_a_terminal_says_it_reads_standard_input() {
    let dir = tempfile::tempdir().unwrap();
    let mut l = common::pty::Launch::new(dir.path());
    l.args = vec!["scam-check"];
    let mut p = l.spawn();
    p.wait_for("Reading the message from standard input");
    p.send_str("Please tell me the verification code we sent you.\n");
    p.send(&[4]);
    p.wait_for("verification code");
    p.wait_exit();
}

#[test]
fn paytwice_man_writes_one_page_with_every_command_and_argument() {
    let dir = tempfile::tempdir().unwrap();
    let out = paytwice(dir.path()).arg("man").output().unwrap();
    assert!(out.status.success());
    let page = String::from_utf8(out.stdout).unwrap();
    assert!(
        page.starts_with(".ie") || page.contains(".TH paytwice 1"),
        "{page}"
    );
    let cmd = paytwice::cli::command_with(paytwice::cli::FILES_IN_GENERAL);
    for sub in cmd.get_subcommands().filter(|s| s.get_name() != "help") {
        let heading = format!(".SH \"PAYTWICE {}\"", sub.get_name().to_uppercase());
        assert!(page.contains(&heading), "{heading}");
        for a in sub.get_arguments() {
            if let Some(help) = a.get_help() {
                // roff escapes dashes; compare the first words, which have none.
                let words: String = help.to_string().chars().take(12).collect();
                let words = words.replace('-', "\\-");
                assert!(page.contains(&words), "{}: {words}", sub.get_name());
            }
        }
    }
    for want in [
        "PAYTWICE_DATA_DIR",
        "XDG_CONFIG_HOME",
        "bare number is always a list number",
    ] {
        assert!(page.contains(&want.replace('-', "\\-")), "{want}");
    }
}
