//! The app driven by key and mouse events: saving, resume, clicks, delete, evidence.

use super::*;
use ratatui::crossterm::event::{
    Event, KeyCode, KeyEvent, KeyModifiers, MouseButton, MouseEvent, MouseEventKind,
};

fn now() -> Timestamp {
    "2026-11-25T10:00:00Z".parse().unwrap()
}

fn key(c: KeyCode) -> KeyEvent {
    KeyEvent::new(c, KeyModifiers::NONE)
}

fn typed(app: &mut App, s: &str) {
    for c in s.chars() {
        app.handle_key(key(KeyCode::Char(c)));
    }
}

fn app_with_case() -> App {
    let mut app = App::new(Lang::En, now(), TimeZone::UTC, vec![]);
    app.handle_key(key(KeyCode::Char('n')));
    typed(&mut app, "Corner Coffee");
    for _ in 0..3 {
        app.handle_key(key(KeyCode::Tab));
    }
    typed(&mut app, "¥38.5");
    app.handle_key(key(KeyCode::Enter));
    app
}

#[test]
fn a_new_case_is_saved_at_once_and_then_only_when_changed() {
    let mut app = app_with_case();
    assert_eq!(app.screen, Screen::Case);
    assert!(app.flush, "leaving the form saves at once");
    let e = app.take_effects();
    assert_eq!(e.saves.len(), 1);
    assert_eq!(e.saves[0].facts.amount.as_deref(), Some("38.50"));
    app.saved(&e.saves[0].id, Ok(()));
    assert!(!app.is_dirty() || app.take_effects().saves.is_empty());
}

#[test]
fn a_failed_save_is_kept_and_retried() {
    let mut app = app_with_case();
    let id = app.take_effects().saves[0].id.clone();
    app.saved(&id, Err("disk full".into()));
    assert!(
        app.status
            .as_ref()
            .is_some_and(|s| s.error && s.text.contains("disk full"))
    );
    assert_eq!(
        app.take_effects().saves.len(),
        1,
        "still dirty, so saved again"
    );
}

#[test]
fn notes_typed_reach_the_case_without_leaving_the_editor() {
    let mut app = app_with_case();
    app.take_effects();
    app.handle_key(key(KeyCode::Char('e')));
    assert_eq!(app.screen, Screen::Notes);
    typed(&mut app, "商户电话 400");
    let e = app.take_effects();
    assert_eq!(e.saves[0].steps[0].notes, "商户电话 400");
    app.handle_key(key(KeyCode::Esc));
    assert_eq!(app.screen, Screen::Case);
}

#[test]
fn ctrl_c_in_the_editor_quits_and_keeps_the_text() {
    let mut app = app_with_case();
    app.handle_key(key(KeyCode::Char('e')));
    typed(&mut app, "half a thought");
    app.handle_key(KeyEvent::new(KeyCode::Char('c'), KeyModifiers::CONTROL));
    assert!(app.quit);
    let e = app.take_effects();
    assert_eq!(e.saves[0].steps[0].notes, "half a thought");
}

#[test]
fn resume_opens_the_last_case_at_its_step() {
    let mut app = app_with_case();
    let c = app.take_effects().saves.remove(0);
    let mut again = App::new(Lang::En, now(), TimeZone::UTC, vec![c.clone()]);
    again.resume(&State {
        last_case: Some(c.id.clone()),
        step: Some(StepKey::RequestRefund),
        lang: None,
    });
    assert_eq!(again.screen, Screen::Case);
    assert_eq!(again.step, StepKey::RequestRefund);
    let mut closed = c;
    closed.status = crate::domain::case::CaseStatus::Closed;
    let mut list = App::new(Lang::En, now(), TimeZone::UTC, vec![closed.clone()]);
    list.resume(&State {
        last_case: Some(closed.id),
        step: None,
        lang: None,
    });
    assert_eq!(list.screen, Screen::List, "a finished case is not resumed");
}

#[test]
fn clicks_select_steps_and_list_rows() {
    let mut app = app_with_case();
    let click = |x, y| {
        Event::Mouse(MouseEvent {
            kind: MouseEventKind::Down(MouseButton::Left),
            column: x,
            row: y,
            modifiers: KeyModifiers::NONE,
        })
    };
    // Row 1 is the first step inside the border; row 3 the third step.
    app.handle_event(&click(3, 3));
    assert_eq!(app.step, StepKey::RequestRefund);
    app.handle_event(&click(40, 5));
    assert_eq!(app.pane, Pane::Detail);
    app.handle_key(key(KeyCode::Esc));
    assert_eq!(app.screen, Screen::List);
    // Header on row 1; the first case on row 2: a click on the selected row opens it.
    app.handle_event(&click(5, 2));
    assert_eq!(app.screen, Screen::Case);
}

#[test]
fn delete_asks_first_and_names_nothing_else() {
    let mut app = app_with_case();
    app.take_effects();
    app.handle_key(key(KeyCode::Esc));
    app.handle_key(KeyEvent::new(KeyCode::Char('D'), KeyModifiers::SHIFT));
    assert!(matches!(app.overlay, Some(Overlay::ConfirmDelete { .. })));
    app.handle_key(key(KeyCode::Char('x')));
    assert_eq!(app.cases.len(), 1, "any other key keeps it");
    app.handle_key(KeyEvent::new(KeyCode::Char('D'), KeyModifiers::SHIFT));
    app.handle_key(key(KeyCode::Char('y')));
    assert!(app.cases.is_empty());
    assert_eq!(app.take_effects().deletes.len(), 1);
}

#[test]
fn evidence_is_added_with_completion_and_missing_files_are_flagged() {
    let mut app = app_with_case();
    app.probe = Box::new(crate::tui::probe::Listed(vec!["/pics/both-charges.png"]));
    app.handle_key(KeyEvent::new(KeyCode::Char('E'), KeyModifiers::SHIFT));
    assert_eq!(app.screen, Screen::Evidence);
    app.handle_key(key(KeyCode::Char('a')));
    typed(&mut app, "Both charges");
    app.handle_key(key(KeyCode::Tab));
    typed(&mut app, "/pics/b");
    app.handle_key(key(KeyCode::Tab));
    app.handle_key(key(KeyCode::Enter));
    assert_eq!(app.screen, Screen::Evidence);
    let ev = &app.case().unwrap().evidence;
    assert_eq!(ev[0].path, "/pics/both-charges.png");
    assert!(app.missing_evidence.is_empty());
    app.handle_key(key(KeyCode::Char('a')));
    app.handle_key(key(KeyCode::Tab));
    typed(&mut app, "/gone.png");
    app.handle_key(key(KeyCode::Enter));
    assert!(app.missing_evidence.contains("/gone.png"));
    assert_eq!(app.case().unwrap().evidence.len(), 2);
}

/// `list_len` counts exactly the rows `list_rows` shows, under every filter, with cases in
/// memory overriding their summaries.
#[test]
fn the_row_count_matches_the_rows_under_every_filter() {
    let mut app = app_with_case();
    let open_id = app.cases[0].id.clone();
    app.list.push(CaseSummary {
        id: "old".into(),
        status: crate::domain::case::CaseStatus::Closed,
        ..CaseSummary::of(&app.cases[0])
    });
    app.list.push(CaseSummary {
        id: "other".into(),
        ..CaseSummary::of(&app.cases[0])
    });
    // The case in memory is closed now; its summary in the list still says open.
    app.cases[0].status = crate::domain::case::CaseStatus::Closed;
    for _ in 0..3 {
        assert_eq!(
            app.list_len(),
            app.list_rows().len(),
            "{:?}",
            app.list_filter
        );
        app.list_filter = app.list_filter.next();
    }
    assert!(app.list.iter().any(|s| s.id == open_id));
}
