//! Saves that fail, files changed behind our back, and privacy at rest (SPEC §5).
//!
//! Faults come through the `Stage` seam of `storage::atomic` (`Store::save_with`): a save that
//! fails at create, write, fsync or rename leaves the old file byte-identical; one that fails
//! at the directory fsync has already put the new file in place and says the save may not be
//! durable. Either way the error reaches the user and the edit stays in memory, unsaved, and
//! the next save writes it.

mod common;

use std::fs;
use std::io;
#[cfg(unix)]
use std::os::unix::fs::PermissionsExt;
use std::path::Path;

use jiff::tz::TimeZone;
use paytwice::domain::case::Case;
use paytwice::domain::steps::StepKey;
use paytwice::lang::Lang;
use paytwice::storage::atomic::Stage;
use paytwice::storage::{Access, SaveError, Store};
use paytwice::tui::app::App;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

const STAGES: [Stage; 5] = [
    Stage::Create,
    Stage::Write,
    Stage::Fsync,
    Stage::Rename,
    Stage::DirFsync,
];

fn case_path(dir: &Path, id: &str) -> std::path::PathBuf {
    dir.join("cases").join(format!("{id}.json"))
}

fn fail_at(stage: Stage) -> impl Fn(Stage) -> io::Result<()> {
    move |s| {
        if s == stage {
            Err(io::Error::from_raw_os_error(28)) // ENOSPC
        } else {
            Ok(())
        }
    }
}

fn names(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    v.sort();
    v
}

#[test]
fn a_save_failing_at_any_stage_keeps_the_old_file_and_leaves_no_temp() {
    for stage in STAGES {
        let d = tempfile::tempdir().unwrap();
        let mut store = Store::open(d.path(), Access::Write).unwrap();
        let mut case = common::typical_case("20261125-100000");
        store.save(&case).unwrap();
        let before = fs::read(case_path(d.path(), &case.id)).unwrap();

        case.set_notes(StepKey::Review, "an edit".into(), common::now());
        let hook = fail_at(stage);
        let err = store
            .save_with(&case, &hook)
            .expect_err("the fault fails the save");
        assert!(err.to_string().contains("space"), "{stage:?}: {err}");
        let after = fs::read(case_path(d.path(), &case.id)).unwrap();
        if stage == Stage::DirFsync {
            // Renamed already: the new version is in place, only its durability is unknown.
            let (on_disk, _) = paytwice::storage::parse_case(&after).unwrap();
            assert_eq!(on_disk.step(StepKey::Review).notes, "an edit");
        } else {
            assert_eq!(after, before, "{stage:?}: the old file is byte-identical");
        }
        // The retry (the app keeps the case dirty) succeeds, and is not mistaken for an
        // outside edit even when the failed save did put its bytes in place.
        store
            .save(&case)
            .unwrap_or_else(|e| panic!("{stage:?}: retry: {e}"));
        let (on_disk, _) =
            paytwice::storage::parse_case(&fs::read(case_path(d.path(), &case.id)).unwrap())
                .unwrap();
        assert_eq!(on_disk.step(StepKey::Review).notes, "an edit");
        drop(store);
        let _again = Store::open(d.path(), Access::Write).unwrap();
        assert_eq!(
            names(&d.path().join("cases")),
            vec![format!("{}.json", case.id)],
            "{stage:?}: nothing else in cases/"
        );
    }
}

#[test]
fn a_leftover_temp_file_is_gone_after_the_next_open() {
    let d = tempfile::tempdir().unwrap();
    let store = Store::open(d.path(), Access::Write).unwrap();
    drop(store);
    // What a crash between create and rename leaves behind.
    fs::write(
        d.path()
            .join("cases")
            .join(".20261125-100000.json.tmp-4242-0"),
        b"{\"schema\": 1, \"id\": \"half",
    )
    .unwrap();
    fs::write(d.path().join(".state.json.tmp-4242-0"), b"{").unwrap();
    let _store = Store::open(d.path(), Access::Write).unwrap();
    assert!(names(&d.path().join("cases")).is_empty());
    assert!(!names(d.path()).iter().any(|n| n.contains(".tmp-")));
}

/// The app side of a failed save: the user is told why, the edit stays unsaved in memory, and
/// the next save (the event loop retries at each pause) writes it.
#[test]
fn the_app_reports_a_failed_save_keeps_the_edit_and_retries() {
    let d = tempfile::tempdir().unwrap();
    let mut store = Store::open(d.path(), Access::Write).unwrap();
    let mut app = App::new(Lang::En, common::now(), TimeZone::UTC, vec![]);
    let key = |app: &mut App, c: KeyCode| app.handle_key(KeyEvent::new(c, KeyModifiers::NONE));
    key(&mut app, KeyCode::Char('n'));
    for c in "Corner Coffee".chars() {
        key(&mut app, KeyCode::Char(c));
    }
    key(&mut app, KeyCode::Enter);
    for e in app.take_effects().saves {
        let r = store.save(&e);
        app.saved(&e.id, r.map_err(|e| e.to_string()));
    }
    let id = app.open.clone().unwrap();
    let before = fs::read(case_path(d.path(), &id)).unwrap();
    key(&mut app, KeyCode::Char('e'));
    for c in "refund promised".chars() {
        key(&mut app, KeyCode::Char(c));
    }
    key(&mut app, KeyCode::Esc);

    for stage in STAGES {
        let effects = app.take_effects();
        assert_eq!(
            effects.saves.len(),
            1,
            "{stage:?}: still unsaved, so saved again"
        );
        let case = &effects.saves[0];
        assert_eq!(case.steps[0].notes, "refund promised");
        let hook = fail_at(stage);
        let r = store.save_with(case, &hook);
        app.saved(&case.id, r.map_err(|e| e.to_string()));
        let status = app.status.clone().expect("the user is told");
        assert!(
            status.error && status.text.contains("No space left"),
            "{status:?}"
        );
        if stage != Stage::DirFsync {
            assert_eq!(fs::read(case_path(d.path(), &id)).unwrap(), before);
        }
    }
    let effects = app.take_effects();
    assert_eq!(effects.saves.len(), 1);
    let r = store.save(&effects.saves[0]);
    app.saved(&id, r.map_err(|e| e.to_string()));
    assert!(
        app.take_effects().saves.is_empty(),
        "saved: nothing left to write"
    );
    let on_disk: Case = paytwice::storage::parse_case(&fs::read(case_path(d.path(), &id)).unwrap())
        .unwrap()
        .0;
    assert_eq!(on_disk.steps[0].notes, "refund promised");
}

/// Someone (another editor, a sync tool) changes the case file while paytwice has it open:
/// our save keeps their version beside ours, byte for byte, and says so.
#[test]
fn an_outside_edit_is_kept_not_overwritten() {
    let d = tempfile::tempdir().unwrap();
    let mut store = Store::open(d.path(), Access::Write).unwrap();
    let mut case = common::typical_case("20261125-100000");
    store.save(&case).unwrap();
    let path = case_path(d.path(), &case.id);
    let mut kept = vec![];
    for outside in ["Corner Coffee", "Corner Coffef"] {
        // Same length as before: only the content differs (size alone would not notice).
        let theirs = fs::read_to_string(&path)
            .unwrap()
            .replacen("Corner Coffee", outside, 1)
            .replacen("Test Person", "Test Persoo", 1);
        fs::write(&path, &theirs).unwrap();
        case.set_notes(
            StepKey::Review,
            format!("ours after {outside}"),
            common::now(),
        );
        match store.save(&case) {
            Err(SaveError::ChangedOnDisk { kept_as }) => {
                assert_eq!(fs::read_to_string(&kept_as).unwrap(), theirs);
                kept.push(kept_as);
            }
            other => panic!("expected ChangedOnDisk, got {other:?}"),
        }
        let ours = paytwice::storage::parse_case(&fs::read(&path).unwrap())
            .unwrap()
            .0;
        assert_eq!(
            ours.step(StepKey::Review).notes,
            format!("ours after {outside}")
        );
    }
    assert_ne!(
        kept[0], kept[1],
        "two outside edits in one second are both kept"
    );
    // Our own saves after that are not outside edits.
    case.set_notes(StepKey::Review, "later".into(), common::now());
    store.save(&case).unwrap();
}

/// Deleting a case whose file someone changed since: the deletion happens, their version is
/// kept aside.
#[test]
fn deleting_a_case_changed_outside_keeps_the_outside_version() {
    let d = tempfile::tempdir().unwrap();
    let mut store = Store::open(d.path(), Access::Write).unwrap();
    let case = common::typical_case("20261125-100000");
    store.save(&case).unwrap();
    let path = case_path(d.path(), &case.id);
    let theirs = fs::read_to_string(&path)
        .unwrap()
        .replace("Corner", "Cornet");
    fs::write(&path, &theirs).unwrap();
    store.delete(&case.id).unwrap();
    assert!(!path.exists());
    let kept: Vec<_> = fs::read_dir(d.path().join("cases"))
        .unwrap()
        .map(|e| fs::read_to_string(e.unwrap().path()).unwrap())
        .collect();
    assert_eq!(kept, vec![theirs]);
    // Unchanged: deleted for real.
    let other = common::typical_case("20261125-110000");
    store.save(&other).unwrap();
    store.delete(&other.id).unwrap();
    assert!(!case_path(d.path(), &other.id).exists());
    assert_eq!(fs::read_dir(d.path().join("cases")).unwrap().count(), 1);
}

/// The same through the real program: the status line tells the user.
#[cfg(unix)] // drives the program in a Unix pseudo-terminal
#[test]
fn the_program_tells_the_user_about_an_outside_edit() {
    let dir = tempfile::tempdir().unwrap();
    let mut p = common::pty::Launch::new(dir.path()).spawn();
    p.wait_for("Press n to start a case");
    p.send_str("n");
    p.wait_for("Amount (one charge)");
    p.send_str("Corner Coffee\r");
    p.wait_for("Facts saved.");
    let files = common::case_files(dir.path());
    let theirs = fs::read_to_string(&files[0])
        .unwrap()
        .replace("Corner Coffee", "Corner Bakery");
    fs::write(&files[0], &theirs).unwrap();
    // An edit and a pause: the autosave finds the file changed.
    p.send_str("\t ");
    p.wait_for("changed outside paytwice");
    p.send_str("q");
    p.wait_exit();
    let aside: Vec<_> = fs::read_dir(dir.path().join("cases"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.to_string_lossy().contains(".outside-"))
        .collect();
    assert_eq!(aside.len(), 1);
    assert_eq!(fs::read_to_string(&aside[0]).unwrap(), theirs);
}

#[cfg(unix)]
fn mode(p: &Path) -> u32 {
    fs::metadata(p).unwrap().permissions().mode() & 0o777
}

#[cfg(unix)] // Unix modes; Windows files take the folder's access list
#[test]
fn data_is_private_at_rest() {
    let d = tempfile::tempdir().unwrap();
    // Directories paytwice creates (the parents of the data directory too) are private.
    let root = d.path().join("new/data");
    let mut store = Store::open(&root, Access::Write).unwrap();
    let case = common::typical_case("20261125-100000");
    // A case file restored from a backup with open permissions becomes private on save.
    fs::write(case_path(&root, &case.id), b"{}").unwrap();
    fs::set_permissions(
        case_path(&root, &case.id),
        fs::Permissions::from_mode(0o644),
    )
    .unwrap();
    store.load_all(common::now());
    store.save(&case).unwrap();
    store
        .save_state(&paytwice::storage::State::default())
        .unwrap();
    let exports = store.exports_dir().unwrap();
    assert_eq!(mode(&root), 0o700);
    assert_eq!(mode(&d.path().join("new")), 0o700);
    assert_eq!(mode(&root.join("cases")), 0o700);
    assert_eq!(mode(&exports), 0o700);
    assert_eq!(mode(&case_path(&root, &case.id)), 0o600);
    assert_eq!(mode(&root.join("state.json")), 0o600);
    assert_eq!(mode(&root.join("paytwice.lock")), 0o600);
    for e in fs::read_dir(root.join("cases")).unwrap() {
        let p = e.unwrap().path();
        assert_eq!(mode(&p), 0o600, "{p:?}"); // the quarantined `{}` too
    }
}

#[cfg(unix)] // Unix modes
fn full_mode(p: &Path) -> u32 {
    fs::metadata(p).unwrap().permissions().mode() & 0o7777
}

/// Only what paytwice made is changed: a directory the user chose keeps its mode (a shared
/// `1777` directory its sticky bit), the target of a symlinked `cases/` too, and files that
/// only look like temporary files are not removed.
#[cfg(unix)] // Unix modes and a symbolic link
#[test]
fn an_existing_directory_and_files_not_ours_are_left_as_they_are() {
    let d = tempfile::tempdir().unwrap();
    let root = d.path().join("shared");
    fs::create_dir(&root).unwrap();
    fs::set_permissions(&root, fs::Permissions::from_mode(0o1777)).unwrap();
    let elsewhere = d.path().join("elsewhere");
    fs::create_dir(&elsewhere).unwrap();
    fs::set_permissions(&elsewhere, fs::Permissions::from_mode(0o755)).unwrap();
    std::os::unix::fs::symlink(&elsewhere, root.join("cases")).unwrap();
    let theirs = [".notes.tmp-draft", ".backup.json.tmp-old", ".x.tmp-1-2"];
    for name in theirs {
        fs::write(root.join(name), b"keep").unwrap();
        fs::write(elsewhere.join(name), b"keep").unwrap();
    }
    let mut store = Store::open(&root, Access::Write).unwrap();
    store
        .save(&common::typical_case("20261125-100000"))
        .unwrap();
    store.exports_dir().unwrap();
    drop(store);
    let _again = Store::open(&root, Access::Write).unwrap();
    assert_eq!(full_mode(&root), 0o1777);
    assert_eq!(full_mode(&elsewhere), 0o755);
    assert_eq!(mode(&root.join("exports")), 0o700, "made by paytwice");
    for name in theirs {
        assert_eq!(fs::read(root.join(name)).unwrap(), b"keep", "{name}");
        assert_eq!(fs::read(elsewhere.join(name)).unwrap(), b"keep", "{name}");
    }
}

/// A symlink planted as the lock: paytwice refuses to start writing instead of cutting down the
/// file it points to (or creating one outside the data directory).
#[cfg(unix)] // a symbolic link, which Windows allows only an administrator
#[test]
fn a_symlinked_lock_is_refused_and_its_target_kept() {
    let d = tempfile::tempdir().unwrap();
    let outside = d.path().join("precious.txt");
    fs::write(&outside, "a file outside the data directory").unwrap();
    let root = d.path().join("data");
    fs::create_dir(&root).unwrap();
    std::os::unix::fs::symlink(&outside, root.join("paytwice.lock")).unwrap();
    assert!(Store::open(&root, Access::Write).is_err());
    assert_eq!(
        fs::read_to_string(&outside).unwrap(),
        "a file outside the data directory"
    );
}

/// A tick made just before opening the message screen, whose user template would run for
/// ever if let, survives a SIGTERM that arrives while that screen opens: the template is cut
/// off by its limits, the loop sees the signal and saves what is pending.
#[cfg(unix)] // SIGTERM, in a Unix pseudo-terminal
#[test]
fn a_tick_survives_sigterm_while_a_runaway_template_opens() {
    let d = tempfile::tempdir().unwrap();
    let data = d.path().join("data");
    let cfg = d.path().join("cfg");
    let templates = cfg.join("paytwice/templates");
    fs::create_dir_all(&templates).unwrap();
    let runaway = "{% for a in range(1000) %}{% for b in range(1000) %}{% for c in range(1000) \
                   %}{{ merchant }}{% endfor %}{% endfor %}{% endfor %}";
    for name in ["merchant.en.j2", "merchant.zh.j2"] {
        fs::write(templates.join(name), runaway).unwrap();
    }
    let cfg = cfg.display().to_string();
    let mut p = common::pty::Launch::new(&data)
        .env("XDG_CONFIG_HOME", &cfg)
        .spawn();
    p.wait_for("Press n to start a case");
    p.send_str("n");
    p.wait_for("Amount (one charge)");
    p.send_str("Corner Coffee\r");
    p.wait_for("Facts saved.");
    p.send_str(" ");
    p.wait_for("[x]");
    p.send_str("t");
    p.kill("TERM");
    p.wait_exit();
    let case = common::only_case(&data);
    let ticked = case["steps"][0]["checks"]
        .as_object()
        .unwrap()
        .values()
        .filter(|v| v.as_bool() == Some(true))
        .count();
    assert_eq!(ticked, 1, "the tick was lost: {}", case["steps"][0]);
}
