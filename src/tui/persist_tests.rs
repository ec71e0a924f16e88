//! The edge: what `persist` does with the app's queued effects on a real data directory.

use jiff::{Timestamp, tz::TimeZone};
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::app::{App, Screen};
use super::persist;
use crate::domain::case::{Case, CaseStatus};
use crate::domain::facts::Facts;
use crate::lang::Lang;
use crate::storage::{Access, Store};

#[test]
fn the_case_report_is_written_private_under_exports_and_its_path_shown() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(dir.path(), Access::Write).unwrap();
    let now: Timestamp = "2026-11-25T10:00:00Z".parse().unwrap();
    let mut case = Case::new("c-edge".into(), Facts::default(), now);
    case.title = "Noodle Bar charged twice".into();
    let mut app = App::new(Lang::En, now, TimeZone::UTC, vec![case]);
    app.handle_key(KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE));
    assert_eq!(app.screen, Screen::Case);
    app.handle_key(KeyEvent::new(KeyCode::Char('X'), KeyModifiers::SHIFT));
    persist(&mut app, &mut store);

    let path = dir.path().join("exports").join("c-edge-report.en.md");
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.contains("Noodle Bar charged twice"));
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&path).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600, "{mode:o}");
    }
    let status = app.status.clone().unwrap();
    assert!(!status.error);
    assert!(
        status.text.contains(&path.display().to_string()),
        "{}",
        status.text
    );
    // Ticking step 6's item is saved with the next pass.
    persist(&mut app, &mut store);
    let saved = std::fs::read_to_string(dir.path().join("cases/c-edge.json")).unwrap();
    assert!(saved.contains("\"export_report\": true"), "{saved}");
}

/// The case to resume when the list holds only its first rows and not that case: read from its
/// file and added to the list when open; a finished case, a missing one, or an id that is not a
/// file name are left alone. With the whole list in hand, an unlisted case is not looked for.
#[test]
fn a_last_case_past_the_first_rows_is_read_only_when_open() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(dir.path(), Access::Write).unwrap();
    let now: Timestamp = "2026-11-25T10:00:00Z".parse().unwrap();
    store
        .save(&Case::new("c-open".into(), Facts::default(), now))
        .unwrap();
    let mut done = Case::new("c-done".into(), Facts::default(), now);
    done.status = CaseStatus::Closed;
    store.save(&done).unwrap();
    let cases = [
        ("c-open", true),
        ("c-done", false),
        ("c-gone", false),
        ("../cases/c-open", false),
    ];
    for (id, joins) in cases {
        let mut app = App::new(Lang::En, now, TimeZone::UTC, vec![]);
        app.list_partial = true;
        super::read_last_case(&mut app, &mut store, Some(id));
        assert_eq!(app.list.iter().any(|s| s.id == id), joins, "{id}");
        assert_eq!(app.cases.len(), usize::from(joins), "{id}");
        assert!(app.problems.is_empty(), "{id}");
    }
    let mut whole = App::new(Lang::En, now, TimeZone::UTC, vec![]);
    super::read_last_case(&mut whole, &mut store, Some("c-open"));
    assert!(whole.list.is_empty() && whole.cases.is_empty());
}

/// A new case whose two charges an open case on disk already holds (a bill imported twice,
/// or the same IDs typed again) is not written: the case that holds them opens instead.
#[test]
fn a_new_case_with_a_pair_an_open_case_holds_opens_that_case() {
    use crate::tui::form::Field;
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(dir.path(), Access::Write).unwrap();
    let now: Timestamp = "2026-11-25T10:00:00Z".parse().unwrap();
    let mut f = Facts::default();
    f.payments[0].transaction_id = "4200000001".into();
    f.payments[1].transaction_id = "4200000002".into();
    let mut held = Case::new("c-held".into(), f, now);
    held.title = "Corner Coffee, the first import".into();
    store.save(&held).unwrap();
    let mut app = App::new(Lang::En, now, TimeZone::UTC, vec![]);
    app.list = vec![crate::domain::summary::CaseSummary::of(&held)];
    let key = |app: &mut App, c: KeyCode| app.handle_key(KeyEvent::new(c, KeyModifiers::NONE));
    key(&mut app, KeyCode::Char('n'));
    for (field, text) in [(Field::P1Id, "4200000002"), (Field::P2Id, "4200000001")] {
        while app.form.as_ref().unwrap().field() != field {
            key(&mut app, KeyCode::Tab);
        }
        for c in text.chars() {
            key(&mut app, KeyCode::Char(c));
        }
    }
    key(&mut app, KeyCode::Enter);
    assert_eq!(app.screen, Screen::Case);
    persist(&mut app, &mut store);
    assert_eq!(
        app.open.as_deref(),
        Some("c-held"),
        "the case that holds them"
    );
    assert_eq!(app.list.len(), 1);
    let files = std::fs::read_dir(dir.path().join("cases")).unwrap().count();
    assert_eq!(files, 1, "no second case written");
    let said = app.status.clone().unwrap().text;
    assert!(said.contains("Corner Coffee, the first import"), "{said}");
    // Other IDs: a new case as usual.
    key(&mut app, KeyCode::Esc);
    key(&mut app, KeyCode::Char('n'));
    while app.form.as_ref().unwrap().field() != Field::P1Id {
        key(&mut app, KeyCode::Tab);
    }
    key(&mut app, KeyCode::Char('9'));
    key(&mut app, KeyCode::Enter);
    persist(&mut app, &mut store);
    assert_eq!(
        std::fs::read_dir(dir.path().join("cases")).unwrap().count(),
        2
    );
}
