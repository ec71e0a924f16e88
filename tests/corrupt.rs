//! Corrupt and future case files (SPEC §5): every truncation of a valid file, zero-filled
//! files, 10,000 random byte flips, invalid UTF-8, and files from a newer paytwice. None may
//! panic; a file that does not parse is moved aside unchanged as
//! `cases/<id>.json.corrupt-<timestamp>` and reported; one that parses is left byte-identical;
//! a newer schema is read-only and never rewritten.
//!
//! There is only schema 1 so far: no older schema exists, so no migration (and no
//! `.v0-backup` copy) is needed yet. A file without a schema number is treated as corrupt.

mod common;

use common::XorShift;

use std::fs;
use std::path::Path;

use jiff::tz::TimeZone;
use paytwice::lang::Lang;
use paytwice::storage::{Access, Problem, SaveError, Store};
use paytwice::tui::app::App;
use paytwice::tui::theme::Theme;
use ratatui::Terminal;
use ratatui::backend::TestBackend;

const ID: &str = "20261125-100000";

fn valid_bytes() -> Vec<u8> {
    let mut b = serde_json::to_vec_pretty(&common::typical_case(ID)).unwrap();
    b.push(b'\n');
    b
}

#[derive(Debug, PartialEq)]
enum Outcome {
    Loaded,
    /// Parsed, but a known field holds a value this build does not know (a flip inside a
    /// status word reads as a newer paytwice's status): shown read-only, left as it is.
    ReadOnly,
    Quarantined,
}

/// Put `bytes` in place as the only case file, load everything, check the guarantees, and
/// leave the directory empty again.
fn check(store: &mut Store, dir: &Path, bytes: &[u8], what: &str) -> Outcome {
    let path = dir.join("cases").join(format!("{ID}.json"));
    fs::write(&path, bytes).unwrap();
    let (cases, problems) = store.load_all(common::now());
    match (cases.len(), problems.as_slice()) {
        (1, []) => {
            assert_eq!(
                fs::read(&path).unwrap(),
                bytes,
                "{what}: loading never writes"
            );
            fs::remove_file(&path).unwrap();
            Outcome::Loaded
        }
        (1, [Problem::NewerSchema { id, .. }]) => {
            assert_eq!(id, ID, "{what}");
            assert!(cases[0].read_only, "{what}");
            assert_eq!(fs::read(&path).unwrap(), bytes, "{what}: left as it is");
            fs::remove_file(&path).unwrap();
            Outcome::ReadOnly
        }
        (
            0,
            [
                Problem::Quarantined {
                    file,
                    moved_to,
                    error,
                },
            ],
        ) => {
            assert_eq!(file, &format!("{ID}.json"));
            assert!(
                moved_to.starts_with(&format!("{ID}.json.corrupt-20261125T100000Z")),
                "{what}: {moved_to}"
            );
            assert!(!error.is_empty(), "{what}: the reason is given");
            assert!(!path.exists(), "{what}: moved, not copied");
            let aside = dir.join("cases").join(moved_to);
            assert_eq!(
                fs::read(&aside).unwrap(),
                bytes,
                "{what}: quarantined unchanged"
            );
            fs::remove_file(aside).unwrap();
            Outcome::Quarantined
        }
        other => panic!("{what}: unexpected {other:?}"),
    }
}

fn store() -> (tempfile::TempDir, Store) {
    let d = tempfile::tempdir().unwrap();
    let s = Store::open(d.path(), Access::Write).unwrap();
    (d, s)
}

#[test]
fn every_truncation_is_loaded_or_quarantined_unchanged() {
    let (d, mut s) = store();
    let valid = valid_bytes();
    let mut quarantined = 0;
    for len in 0..=valid.len() {
        if check(
            &mut s,
            d.path(),
            &valid[..len],
            &format!("first {len} bytes"),
        ) == Outcome::Quarantined
        {
            quarantined += 1;
        }
    }
    // Only the whole file, and the whole file less its final newline, parse.
    assert_eq!(quarantined, valid.len() - 1);
}

#[test]
fn zero_filled_files_are_quarantined() {
    let (d, mut s) = store();
    for len in [0, 1, 2, 100, 4096, 65536] {
        let out = check(&mut s, d.path(), &vec![0u8; len], &format!("{len} zeros"));
        assert_eq!(out, Outcome::Quarantined);
    }
}

/// 10,000 files each with 1–4 random bytes set to random values (seeded: reproducible).
#[test]
fn ten_thousand_random_byte_flips_never_panic_or_lose_bytes() {
    let (d, mut s) = store();
    let valid = valid_bytes();
    let mut rng = XorShift(0x2545_F491_4F6C_DD1D);
    let (mut loaded, mut quarantined) = (0, 0);
    for i in 0..10_000 {
        let mut b = valid.clone();
        for _ in 0..=rng.next() % 4 {
            let at = (rng.next() % b.len() as u64) as usize;
            b[at] = rng.next() as u8;
        }
        match check(&mut s, d.path(), &b, &format!("flip {i}")) {
            Outcome::Loaded | Outcome::ReadOnly => loaded += 1,
            Outcome::Quarantined => quarantined += 1,
        }
    }
    // Both happen: flips inside a note still parse, flips in the structure do not.
    assert!(
        loaded > 100 && quarantined > 100,
        "{loaded} / {quarantined}"
    );
}

#[test]
fn invalid_utf8_is_quarantined() {
    let (d, mut s) = store();
    let valid = String::from_utf8(valid_bytes()).unwrap();
    for bad in [
        &b"\xff"[..],
        b"\xc3\x28",
        b"\xed\xa0\x80",
        b"\xf0\x28\x8c\xbc",
    ] {
        let at = valid.find("Corner Coffee").unwrap();
        let mut b = valid.as_bytes()[..at].to_vec();
        b.extend_from_slice(bad);
        b.extend_from_slice(&valid.as_bytes()[at..]);
        assert_eq!(
            check(&mut s, d.path(), &b, "bad utf-8"),
            Outcome::Quarantined
        );
    }
}

#[test]
fn no_schema_number_is_quarantined() {
    let (d, mut s) = store();
    let mut v: serde_json::Value = serde_json::from_slice(&valid_bytes()).unwrap();
    v.as_object_mut().unwrap().remove("schema");
    let b = serde_json::to_vec(&v).unwrap();
    assert_eq!(
        check(&mut s, d.path(), &b, "no schema"),
        Outcome::Quarantined
    );
}

/// The other cases still work when one is corrupt.
#[test]
fn one_corrupt_case_does_not_hide_the_others() {
    let (d, mut s) = store();
    s.save(&common::typical_case("20261125-090000")).unwrap();
    fs::write(
        d.path().join("cases").join(format!("{ID}.json")),
        b"{\"schema\": 1,",
    )
    .unwrap();
    let (cases, problems) = s.load_all(common::now());
    assert_eq!(cases.len(), 1);
    assert_eq!(problems.len(), 1);
    let mut again = cases[0].case.clone();
    again.title = "still editable".into();
    s.save(&again).unwrap();
}

fn newer(schema: u64, extra_status: bool) -> Vec<u8> {
    let mut v: serde_json::Value = serde_json::from_slice(&valid_bytes()).unwrap();
    v["schema"] = schema.into();
    v["a_field_from_the_future"] = "kept".into();
    if extra_status {
        // A shape this build cannot read at all (an unknown value alone is only shown
        // read-only: see `unknown_values_make_a_case_read_only_not_corrupt`).
        v["created_at"] = serde_json::json!({"moved": "elsewhere"});
    }
    serde_json::to_vec_pretty(&v).unwrap()
}

#[test]
fn a_newer_schema_is_read_only_and_never_rewritten() {
    let (d, mut s) = store();
    let path = d.path().join("cases").join(format!("{ID}.json"));
    let bytes = newer(2, false);
    fs::write(&path, &bytes).unwrap();
    let (cases, problems) = s.load_all(common::now());
    assert_eq!(cases.len(), 1);
    assert!(cases[0].read_only);
    assert!(matches!(
        problems.as_slice(),
        [Problem::NewerSchema { schema: 2, .. }]
    ));
    let mut c = cases[0].case.clone();
    c.title = "an edit".into();
    assert!(matches!(s.save(&c), Err(SaveError::ReadOnly)));
    assert!(matches!(s.delete(ID), Err(SaveError::ReadOnly)));
    assert_eq!(fs::read(&path).unwrap(), bytes, "never rewritten");

    // The app refuses edits to it and says why.
    let mut app = App::new(Lang::En, common::now(), TimeZone::UTC, vec![c]);
    app.read_only.insert(ID.into());
    app.problems = problems;
    let screen = draw(&app);
    assert!(screen.contains("newer paytwice"), "{screen}");
    use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
    for k in ['\r', '\t', ' ', 'y', 'e', 'x'] {
        let code = match k {
            '\r' => KeyCode::Enter,
            '\t' => KeyCode::Tab,
            c => KeyCode::Char(c),
        };
        app.handle_key(KeyEvent::new(code, KeyModifiers::NONE));
    }
    assert!(app.take_effects().saves.is_empty(), "nothing to save");
}

/// A newer file this build cannot even parse (a field of another shape) is not "corrupt":
/// moving it aside would hide it from the newer paytwice. It stays where it is, untouched.
#[test]
fn a_newer_file_that_does_not_parse_stays_in_place() {
    let (d, mut s) = store();
    let path = d.path().join("cases").join(format!("{ID}.json"));
    let bytes = newer(2, true);
    fs::write(&path, &bytes).unwrap();
    let (cases, problems) = s.load_all(common::now());
    assert!(cases.is_empty());
    assert!(
        matches!(problems.as_slice(), [Problem::TooNew { schema: 2, .. }]),
        "{problems:?}"
    );
    assert_eq!(fs::read(&path).unwrap(), bytes);
    assert_eq!(fs::read_dir(d.path().join("cases")).unwrap().count(), 1);
    let mut app = App::new(Lang::Zh, common::now(), TimeZone::UTC, vec![]);
    app.problems = problems;
    assert!(draw(&app).contains("更新版本"));
}

/// In read-only access (the CLI's `list`/`show`) nothing is moved: the problem is reported.
#[test]
fn read_only_access_moves_nothing() {
    let d = tempfile::tempdir().unwrap();
    drop(Store::open(d.path(), Access::Write).unwrap());
    let path = d.path().join("cases").join(format!("{ID}.json"));
    fs::write(&path, b"not json").unwrap();
    let mut s = Store::open(d.path(), Access::ReadOnly).unwrap();
    let (_, problems) = s.load_all(common::now());
    assert!(matches!(problems.as_slice(), [Problem::Unreadable { .. }]));
    assert_eq!(fs::read(&path).unwrap(), b"not json");
}

#[test]
fn the_list_says_what_was_moved_aside_in_both_languages() {
    let (d, mut s) = store();
    fs::write(d.path().join("cases").join(format!("{ID}.json")), b"\0\0\0").unwrap();
    let (_, problems) = s.load_all(common::now());
    for (lang, words) in [(Lang::En, "moved aside"), (Lang::Zh, "已原样移到")] {
        let mut app = App::new(lang, common::now(), TimeZone::UTC, vec![]);
        app.problems = problems.clone();
        let screen = draw(&app);
        assert!(screen.contains(words), "{screen}");
        assert!(screen.contains(".corrupt-"), "{screen}");
    }
}

/// The screen as text (120 columns, so a problem line fits).
fn draw(app: &App) -> String {
    let mut t = Terminal::new(TestBackend::new(160, 30)).unwrap();
    t.draw(|f| paytwice::tui::view::draw(f, app, &Theme::new(false)))
        .unwrap();
    let buf = t.backend().buffer();
    let mut s = String::new();
    for y in 0..buf.area.height {
        let mut x = 0;
        while x < buf.area.width {
            let sym = buf[(x, y)].symbol();
            s.push_str(sym);
            // A wide character covers the next cell too.
            x += unicode_width::UnicodeWidthStr::width(sym).max(1) as u16;
        }
        s.push('\n');
    }
    s
}

#[cfg(unix)] // used by the FIFO tests
/// Runs `f` on a thread and fails (instead of hanging the test run) if it takes too long.
fn within_seconds<T: Send + 'static>(what: &str, f: impl FnOnce() -> T + Send + 'static) -> T {
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let _ = tx.send(f());
    });
    rx.recv_timeout(std::time::Duration::from_secs(20))
        .unwrap_or_else(|_| panic!("{what}: hung"))
}

#[cfg(unix)] // FIFOs and /dev/zero
/// A data directory with one good case and, beside it, a FIFO and a link to `/dev/zero` as case
/// files, as the index and as the state file.
fn hostile_dir() -> tempfile::TempDir {
    let d = tempfile::tempdir().unwrap();
    drop(Store::open(d.path(), Access::Write).unwrap());
    let cases = d.path().join("cases");
    fs::write(cases.join(format!("{ID}.json")), valid_bytes()).unwrap();
    common::mkfifo(&cases.join("20261125-100001.json"));
    std::os::unix::fs::symlink("/dev/zero", cases.join("20261125-100002.json")).unwrap();
    common::mkfifo(&d.path().join("index.json"));
    std::os::unix::fs::symlink("/dev/zero", d.path().join("state.json")).unwrap();
    d
}

#[cfg(unix)] // FIFOs and /dev/zero
/// FIFOs and devices where paytwice keeps its files: loading neither blocks nor fills memory;
/// each is named as a problem, left where it is, and the good case is loaded.
#[test]
fn fifos_and_devices_in_the_data_directory_are_named_not_read() {
    let d = hostile_dir();
    let root = d.path().to_path_buf();
    let (ids, problems, state) = within_seconds("load", move || {
        let mut s = Store::open(&root, Access::Write).unwrap();
        let state = s.load_state();
        let (summaries, mut problems) = s.load_summaries(common::now());
        let (cases, more) = s.load_all(common::now());
        problems.extend(more);
        assert_eq!(summaries.len(), cases.len());
        let ids: Vec<String> = cases.into_iter().map(|l| l.case.id).collect();
        (ids, problems, state)
    });
    assert_eq!(ids, [ID]);
    assert_eq!(state, paytwice::storage::State::default());
    for file in ["20261125-100001.json", "20261125-100002.json"] {
        assert!(
            problems
                .iter()
                .any(|p| matches!(p, Problem::Unreadable { file: f, .. } if f == file)),
            "{file}: {problems:?}"
        );
        assert!(fs::symlink_metadata(d.path().join("cases").join(file)).is_ok());
    }
}

#[cfg(unix)] // FIFOs and /dev/zero
/// The CLI on the same directory: `list`, `show` and `export` answer at once.
#[test]
fn the_cli_never_hangs_on_fifos_or_devices() {
    let d = hostile_dir();
    for args in [
        vec!["list"],
        vec!["list", "--json"],
        vec!["show", "1"],
        vec!["export", "1"],
    ] {
        assert_cmd::Command::cargo_bin("paytwice")
            .unwrap()
            .arg("--data-dir")
            .arg(d.path())
            .args(&args)
            .env("TZ", "UTC")
            .timeout(std::time::Duration::from_secs(20))
            .assert()
            .success();
    }
}

/// A case as a newer paytwice might write it with the same schema: a new field at every level
/// (the case, its facts, both payments, every step, log entries, evidence, the refund).
fn future_case() -> serde_json::Value {
    let mut v: serde_json::Value = serde_json::from_slice(&valid_bytes()).unwrap();
    let new = |at: &str| serde_json::json!({"from": at, "list": [1, 2]});
    v["x_future"] = new("case");
    v["facts"]["x_future"] = new("facts");
    v["refund"]["x_future"] = new("refund");
    for (i, p) in v["facts"]["payments"]
        .as_array_mut()
        .unwrap()
        .iter_mut()
        .enumerate()
    {
        p["x_future"] = new(&format!("payment {i}"));
    }
    for (name, list) in [("steps", "steps"), ("log", "log"), ("evidence", "evidence")] {
        let items = v[list].as_array_mut().unwrap();
        assert!(!items.is_empty(), "{name}: the typical case has some");
        for (i, item) in items.iter_mut().enumerate() {
            item["x_future"] = new(&format!("{name} {i}"));
        }
    }
    v
}

/// Every `x_future` field in `v`, with where it was.
fn future_fields(v: &serde_json::Value, at: &str, out: &mut Vec<String>) {
    match v {
        serde_json::Value::Object(m) => {
            for (k, x) in m {
                if k == "x_future" {
                    out.push(format!("{at} = {x}"));
                } else {
                    future_fields(x, &format!("{at}.{k}"), out);
                }
            }
        }
        serde_json::Value::Array(a) => {
            for (i, x) in a.iter().enumerate() {
                future_fields(x, &format!("{at}[{i}]"), out);
            }
        }
        _ => {}
    }
}

/// New fields wherever they appear survive an edit made in the program and its save.
#[test]
fn fields_from_a_newer_build_survive_a_save_from_the_program() {
    let (d, mut s) = store();
    let path = d.path().join("cases").join(format!("{ID}.json"));
    let future = future_case();
    let mut before = vec![];
    future_fields(&future, "", &mut before);
    assert!(before.len() >= 12, "{before:?}");
    fs::write(&path, serde_json::to_vec_pretty(&future).unwrap()).unwrap();
    let (cases, problems) = s.load_all(common::now());
    assert!(problems.is_empty(), "{problems:?}");
    assert!(!cases[0].read_only);
    let case = cases[0].case.clone();
    let mut app = App::new(Lang::En, common::now(), TimeZone::UTC, vec![case]);
    // Open the case, write a note on the step, and edit the first log entry and evidence file
    // through the domain as the forms do.
    common::press(&mut app, "\re");
    common::press(&mut app, "noted");
    use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
    app.handle_key(KeyEvent::new(KeyCode::Esc, KeyModifiers::NONE));
    let saves = app.take_effects().saves;
    assert_eq!(saves.len(), 1, "one edit to save");
    let mut edited = saves[0].clone();
    let mut entry = edited.log[0].clone();
    entry.extra.clear();
    entry.text = "edited".into();
    edited.edit_log(0, entry, common::now());
    let mut ev = edited.evidence[0].clone();
    ev.extra.clear();
    ev.label = "relabelled".into();
    edited.put_evidence(Some(0), ev, common::now());
    s.save(&edited).unwrap();
    let after: serde_json::Value = serde_json::from_slice(&fs::read(&path).unwrap()).unwrap();
    assert!(after.to_string().contains("noted"), "the edit was saved");
    let mut kept = vec![];
    future_fields(&after, "", &mut kept);
    assert_eq!(kept, before);
}

/// A case of this schema holding values this build does not know — a status, the next step,
/// a cause, a step and its status, an answer, a log kind — is shown read-only and reported,
/// never moved aside as corrupt nor rewritten; a start from the index alone says so too.
#[test]
fn unknown_values_make_a_case_read_only_not_corrupt() {
    let (d, mut s) = store();
    let path = d.path().join("cases").join(format!("{ID}.json"));
    let mut v = future_case();
    v["status"] = "escalated".into();
    v["next_step"] = "arbitration".into();
    v["facts"]["cause"] = "solar_flare".into();
    v["steps"][0]["status"] = "waiting".into();
    v["steps"][1]["decision"] = "maybe".into();
    v["steps"]
        .as_array_mut()
        .unwrap()
        .push(serde_json::json!({"key": "arbitration", "status": "todo"}));
    v["log"][0]["kind"] = "letter".into();
    let bytes = serde_json::to_vec_pretty(&v).unwrap();
    fs::write(&path, &bytes).unwrap();
    let (cases, problems) = s.load_all(common::now());
    assert_eq!(cases.len(), 1, "{problems:?}");
    assert!(cases[0].read_only);
    assert_eq!(
        cases[0].case.facts.merchant,
        common::typical_case(ID).facts.merchant
    );
    assert!(
        matches!(problems.as_slice(), [Problem::NewerSchema { id, .. }] if id == ID),
        "{problems:?}"
    );
    assert!(matches!(s.save(&cases[0].case), Err(SaveError::ReadOnly)));
    assert_eq!(fs::read(&path).unwrap(), bytes, "never rewritten");
    assert_eq!(fs::read_dir(d.path().join("cases")).unwrap().count(), 1);

    // Through the index: the first start writes it, the second reads the list from it alone.
    drop(s);
    for start in ["first", "from the index"] {
        let mut s = Store::open(d.path(), Access::Write).unwrap();
        let list = s.load_list(common::now(), 30);
        assert_eq!(list.summaries.len(), 1, "{start}");
        assert!(
            list.problems
                .iter()
                .any(|p| matches!(p, Problem::NewerSchema { id, .. } if id == ID)),
            "{start}: {:?}",
            list.problems
        );
        assert!(s.is_read_only(ID), "{start}");
        s.save_index().unwrap();
    }
    assert_eq!(fs::read(&path).unwrap(), bytes);
}

fn paytwice(dir: &Path) -> assert_cmd::Command {
    let mut cmd = common::paytwice(dir);
    cmd.env("TZ", "UTC")
        .timeout(std::time::Duration::from_secs(20));
    cmd
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

/// `list` names every case file it could not read on stderr and still lists the others (exit
/// 0); with only damaged files it does not claim there are no cases; an unreadable `cases/`
/// is an error, not an empty list. `show`, `export` and `template` of a damaged case say it is
/// damaged, or where it was moved aside, instead of "no case matches".
#[test]
fn the_cli_tells_the_truth_about_damaged_cases() {
    let d = tempfile::tempdir().unwrap();
    drop(Store::open(d.path(), Access::Write).unwrap());
    let cases = d.path().join("cases");
    fs::write(cases.join(format!("{ID}.json")), valid_bytes()).unwrap();
    let bad = ["20261001-000000", "20261002-000000"];
    for id in bad {
        fs::write(
            cases.join(format!("{id}.json")),
            b"{\"schema\": 1, \"id\": ",
        )
        .unwrap();
    }
    let out = paytwice(d.path()).arg("list").output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert!(text(&out.stdout).contains(ID));
    for id in bad {
        assert!(
            text(&out.stderr).contains(&format!("{id}.json")),
            "{}",
            text(&out.stderr)
        );
    }
    for args in [
        vec!["show", bad[0]],
        vec!["export", bad[0]],
        vec!["template", bad[0], "--to", "merchant"],
    ] {
        let out = paytwice(d.path()).args(&args).output().unwrap();
        assert_eq!(out.status.code(), Some(1), "{args:?}");
        let err = text(&out.stderr);
        assert!(
            err.contains(&format!("{}.json could not be read", bad[0])),
            "{args:?}: {err}"
        );
    }
    // Only damaged files left.
    fs::remove_file(cases.join(format!("{ID}.json"))).unwrap();
    let out = paytwice(d.path()).arg("list").output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert!(
        !text(&out.stdout).contains("No cases yet"),
        "{}",
        text(&out.stdout)
    );
    assert!(text(&out.stderr).contains(bad[1]));
    // An earlier start moved one aside.
    let mut s = Store::open(d.path(), Access::Write).unwrap();
    s.load_all(common::now());
    drop(s);
    let out = paytwice(d.path()).args(["show", bad[0]]).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = text(&out.stderr);
    assert!(
        err.contains("moved aside") && err.contains(&format!("{}.json.corrupt-", bad[0])),
        "{err}"
    );
    // `cases` that cannot be read as a directory.
    fs::remove_dir_all(&cases).unwrap();
    fs::write(&cases, b"not a directory").unwrap();
    let out = paytwice(d.path()).arg("list").output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stderr).contains("Cannot read the cases directory"));
    assert!(!text(&out.stdout).contains("No cases yet"));
}

#[cfg(unix)] // FIFOs and devices, in a Unix pseudo-terminal
/// The interactive program starts on the same directory (FIFOs and `/dev/zero` links as case
/// files, index and state): its list comes up with the good case and names a FIFO it skipped.
#[test]
fn the_program_starts_beside_fifos_and_devices() {
    let d = hostile_dir();
    let mut p = common::pty::Launch::new(d.path()).size(200, 30).spawn();
    p.wait_for("could not be read");
    p.wait_for("20261125-100001.json");
    p.send_str("q");
    p.wait_exit();
}
