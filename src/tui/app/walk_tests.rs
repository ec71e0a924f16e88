//! Issue 15: answers that end a case ask first, `u` takes changes back, the status line says
//! what changed (checked against the case after the key), and the selection follows the answer.
//! Driven by real key events, as a user would.

use super::*;
use crate::domain::case::{CaseStatus, Decision, StepStatus};
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

fn now() -> Timestamp {
    "2026-11-25T10:00:00Z".parse().unwrap()
}

fn press(app: &mut App, c: char) {
    app.handle_key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE));
}

fn code(app: &mut App, c: KeyCode) {
    app.handle_key(KeyEvent::new(c, KeyModifiers::NONE));
}

fn typed(app: &mut App, s: &str) {
    for c in s.chars() {
        press(app, c);
    }
}

fn status(app: &App) -> String {
    app.status
        .as_ref()
        .map(|s| s.text.clone())
        .unwrap_or_default()
}

fn app_with_case(lang: Lang) -> App {
    let mut app = App::new(lang, now(), TimeZone::UTC, vec![]);
    press(&mut app, 'n');
    typed(&mut app, "Corner Coffee");
    for _ in 0..3 {
        code(&mut app, KeyCode::Tab);
    }
    typed(&mut app, "¥38.5");
    code(&mut app, KeyCode::Enter);
    assert_eq!(app.screen, Screen::Case);
    app
}

fn case(app: &App) -> &Case {
    app.case().unwrap()
}

fn go_to(app: &mut App, step: StepKey) {
    while app.step.index() > step.index() {
        code(app, KeyCode::Up);
    }
    while app.step.index() < step.index() {
        code(app, KeyCode::Down);
    }
    assert_eq!(app.step, step);
}

#[test]
fn no_on_step_one_asks_first_names_the_end_and_any_other_key_keeps_the_case() {
    for lang in [Lang::En, Lang::Zh] {
        let mut app = app_with_case(lang);
        press(&mut app, 'n');
        assert!(matches!(
            app.overlay,
            Some(Overlay::ConfirmAnswer {
                step: StepKey::ConfirmRecords,
                decision: Decision::No
            })
        ));
        let asked = app.confirm_answer_text(StepKey::ConfirmRecords, Decision::No);
        assert!(asked.contains(t(lang, "status.no_duplicate")), "{asked}");
        assert_eq!(case(&app).status, CaseStatus::Open, "nothing happens yet");
        press(&mut app, 'n');
        assert!(app.overlay.is_none());
        assert_eq!(case(&app).status, CaseStatus::Open);
        assert_eq!(case(&app).step(StepKey::ConfirmRecords).decision, None);
        assert_eq!(status(&app), t(lang, "answer.kept_open"));

        press(&mut app, 'n');
        press(&mut app, 'y');
        assert_eq!(case(&app).status, CaseStatus::NoDuplicate);
        let said = status(&app);
        assert!(said.contains(t(lang, "status.no_duplicate")), "{said}");
        assert!(said.contains(t(lang, "answer.undo_hint")), "{said}");
    }
}

#[test]
fn step_six_yes_asks_then_resolves_once_and_again_reopens_saying_so() {
    let mut app = app_with_case(Lang::En);
    go_to(&mut app, StepKey::Review);
    press(&mut app, 'y');
    assert!(matches!(app.overlay, Some(Overlay::ConfirmAnswer { .. })));
    press(&mut app, 'y');
    assert_eq!(case(&app).status, CaseStatus::Resolved);
    assert!(status(&app).contains("“resolved”"), "{}", status(&app));
    let resolved_events = |app: &App| {
        case(app)
            .log
            .iter()
            .filter(|e| e.code.contains("resolved") || e.code == "decision.review.yes")
            .count()
    };
    assert_eq!(resolved_events(&app), 1, "the log says it once");
    // The same answer again takes it back: no question asked, and the status says so.
    press(&mut app, 'y');
    assert!(app.overlay.is_none());
    assert_eq!(case(&app).status, CaseStatus::Open);
    let said = status(&app);
    assert!(said.contains("taken back"), "{said}");
    assert!(said.contains("open again"), "{said}");
    assert!(!said.contains("resolved"), "{said}");
}

#[test]
fn the_selection_follows_the_answer_and_the_status_names_the_next_step() {
    let mut app = app_with_case(Lang::En);
    press(&mut app, 'y');
    assert_eq!(app.step, StepKey::ContactMerchant);
    assert_eq!(
        status(&app),
        "Step 1 (Check records): “Yes, two”. Next: step 2 (Ask merchant)."
    );
    press(&mut app, 'n');
    assert_eq!(app.step, StepKey::ContactSupport);
    assert_eq!(case(&app).next_step, Some(StepKey::ContactSupport));
    assert!(status(&app).contains("Next: step 4"), "{}", status(&app));
}

/// Every step whose status an answer changed is named, and none that it did not change.
fn check_status_matches(app: &App, before: &Case) {
    let said = status(app);
    let after = case(app);
    for key in StepKey::ALL {
        let name = super::answer::step_name(app.lang, key);
        let named = said
            .to_lowercase()
            .contains(&format!("{name} is now").to_lowercase());
        let changed =
            before.step(key).status != after.step(key).status && key != app_answered(before, after);
        assert_eq!(named, changed, "{key:?}: {said}");
        if changed {
            let s = t(
                app.lang,
                &format!("step_status.{}", after.step(key).status.as_str()),
            );
            assert!(said.contains(&format!("“{s}”")), "{said}");
        }
    }
}

fn app_answered(before: &Case, after: &Case) -> StepKey {
    StepKey::ALL
        .into_iter()
        .find(|k| before.step(*k).decision != after.step(*k).decision)
        .unwrap()
}

#[test]
fn refund_received_says_step_four_is_not_needed_only_when_it_becomes_so() {
    // Step 4 untouched: the answer marks it not needed, and says so.
    let mut app = app_with_case(Lang::En);
    go_to(&mut app, StepKey::RequestRefund);
    let before = case(&app).clone();
    press(&mut app, 'y');
    assert_eq!(
        case(&app).step(StepKey::ContactSupport).status,
        StepStatus::NotNeeded
    );
    check_status_matches(&app, &before);

    // Step 4 in progress: it stays so, and the status line does not claim otherwise.
    let mut app = app_with_case(Lang::En);
    go_to(&mut app, StepKey::ContactSupport);
    code(&mut app, KeyCode::Tab);
    press(&mut app, ' ');
    code(&mut app, KeyCode::Tab);
    go_to(&mut app, StepKey::RequestRefund);
    let before = case(&app).clone();
    press(&mut app, 'y');
    assert_eq!(
        case(&app).step(StepKey::ContactSupport).status,
        StepStatus::InProgress
    );
    check_status_matches(&app, &before);
    assert!(!status(&app).contains("not needed"), "{}", status(&app));
}

#[test]
fn scam_check_and_back_returns_to_the_step_it_was_opened_from() {
    let mut app = app_with_case(Lang::En);
    go_to(&mut app, StepKey::RequestRefund);
    press(&mut app, 's');
    assert_eq!(app.screen, Screen::Scam);
    assert_eq!(
        app.state().step,
        Some(StepKey::RequestRefund),
        "resumed on the step the user was on"
    );
    code(&mut app, KeyCode::Esc);
    assert_eq!(app.screen, Screen::Case);
    assert_eq!(app.step, StepKey::RequestRefund);
    press(&mut app, 'y');
    assert!(case(&app).step(StepKey::RequestRefund).decision.is_some());
}

#[test]
fn u_takes_back_ticks_answers_facts_log_and_evidence_one_at_a_time_saying_what() {
    let mut app = app_with_case(Lang::En);
    let fresh = case(&app).clone();
    code(&mut app, KeyCode::Tab);
    press(&mut app, ' ');
    code(&mut app, KeyCode::Tab);
    press(&mut app, 'y'); // step 1 yes: moves to step 2
    press(&mut app, 'f');
    for _ in 0..3 {
        code(&mut app, KeyCode::Tab);
    }
    // Into the amount field.
    while app.form.as_ref().unwrap().field() != crate::tui::form::Field::Amount {
        code(&mut app, KeyCode::Tab);
    }
    for _ in 0..10 {
        code(&mut app, KeyCode::Backspace);
    }
    typed(&mut app, "40");
    code(&mut app, KeyCode::Enter);
    assert_eq!(case(&app).facts.amount.as_deref(), Some("40.00"));
    press(&mut app, 'a');
    typed(&mut app, "called the shop");
    code(&mut app, KeyCode::Enter);
    let logs = case(&app).log.len();
    app.probe = Box::new(crate::tui::probe::Listed(vec!["/pics/a.png"]));
    app.handle_key(KeyEvent::new(KeyCode::Char('E'), KeyModifiers::SHIFT));
    press(&mut app, 'a');
    typed(&mut app, "shot");
    code(&mut app, KeyCode::Tab);
    typed(&mut app, "/pics/a.png");
    code(&mut app, KeyCode::Enter);
    assert_eq!(case(&app).evidence.len(), 1);

    press(&mut app, 'u');
    assert!(case(&app).evidence.is_empty());
    assert_eq!(status(&app), "Undone: the new evidence file.");
    code(&mut app, KeyCode::Esc);
    press(&mut app, 'u');
    assert_eq!(case(&app).log.len(), logs - 1);
    assert_eq!(status(&app), "Undone: the new log entry.");
    press(&mut app, 'u');
    assert_eq!(case(&app).facts.amount.as_deref(), Some("38.50"));
    assert_eq!(status(&app), "Undone: the edit of the case facts.");
    press(&mut app, 'u');
    assert_eq!(case(&app).step(StepKey::ConfirmRecords).decision, None);
    assert_eq!(
        app.step,
        StepKey::ConfirmRecords,
        "back where the answer was"
    );
    assert_eq!(
        status(&app),
        "Undone: your answer “Yes, two” in step 1 (Check records)."
    );
    press(&mut app, 'u');
    assert!(status(&app).starts_with("Undone: the tick of"));
    let back = case(&app);
    assert_eq!(back.steps, fresh.steps);
    assert_eq!(back.log, fresh.log);
    press(&mut app, 'u');
    assert_eq!(status(&app), "Nothing to undo in this case.");
    assert!(
        app.take_effects().saves.len() == 1,
        "the undone case is saved"
    );
}

#[test]
fn undoing_an_ending_answer_reopens_the_case_and_says_so() {
    let mut app = app_with_case(Lang::Zh);
    press(&mut app, 'n');
    press(&mut app, 'y');
    assert_eq!(case(&app).status, CaseStatus::NoDuplicate);
    press(&mut app, 'u');
    assert_eq!(case(&app).status, CaseStatus::Open);
    assert!(status(&app).contains(t(Lang::Zh, "undo.case_open_again")));
}

#[test]
fn notes_edits_are_undone_as_one_change() {
    let mut app = app_with_case(Lang::En);
    press(&mut app, 'e');
    typed(&mut app, "shop closed");
    code(&mut app, KeyCode::Esc);
    assert_eq!(
        case(&app).step(StepKey::ConfirmRecords).notes,
        "shop closed"
    );
    press(&mut app, 'u');
    assert_eq!(case(&app).step(StepKey::ConfirmRecords).notes, "");
    assert_eq!(
        status(&app),
        "Undone: the notes written in step 1 (Check records)."
    );
}

#[test]
fn t_opens_the_message_the_moment_calls_for_and_the_others_are_one_key_away() {
    use crate::domain::template::Recipient;
    let mut app = app_with_case(Lang::En);
    let opened = |app: &mut App| {
        press(app, 't');
        assert_eq!(app.screen, Screen::Templates);
        let to = app.templates.view.as_ref().unwrap().to;
        // Only the message shown is saved under exports/.
        let exports = app.take_effects().exports;
        assert_eq!(exports.len(), 1, "{exports:?}");
        assert!(exports[0].0.contains(to.as_str()), "{exports:?}");
        code(app, KeyCode::Esc);
        to
    };
    go_to(&mut app, StepKey::ContactMerchant);
    assert_eq!(opened(&mut app), Recipient::Merchant);
    go_to(&mut app, StepKey::ContactSupport);
    assert_eq!(opened(&mut app), Recipient::Service);
    // The other messages: one key away in the view.
    press(&mut app, 't');
    press(&mut app, '1');
    assert_eq!(app.templates.view.as_ref().unwrap().to, Recipient::Merchant);
    press(&mut app, '4');
    assert_eq!(app.templates.view.as_ref().unwrap().to, Recipient::Followup);
    code(&mut app, KeyCode::Esc);
    app.take_effects();
    // Customer service did not resolve it: the complaint.
    press(&mut app, 'n');
    assert_eq!(
        app.step,
        StepKey::ContactSupport,
        "escalation is shown on step 4"
    );
    assert!(
        status(&app).contains("t opens the complaint"),
        "{}",
        status(&app)
    );
    assert_eq!(opened(&mut app), Recipient::Complaint);

    // A refund requested and now overdue: the reminder.
    let mut app = app_with_case(Lang::En);
    go_to(&mut app, StepKey::RequestRefund);
    code(&mut app, KeyCode::Tab);
    press(&mut app, ' ');
    code(&mut app, KeyCode::Tab);
    assert!(case(&app).refund.requested_at.is_some());
    assert_eq!(opened(&mut app), Recipient::Merchant, "not overdue yet");
    app.now = now() + jiff::SignedDuration::from_hours(24 * 14);
    assert_eq!(opened(&mut app), Recipient::Followup);
    go_to(&mut app, StepKey::ContactMerchant);
    assert_eq!(opened(&mut app), Recipient::Followup);
}

#[test]
fn the_language_is_saved_only_once_the_user_presses_l() {
    let mut app = app_with_case(Lang::Zh);
    assert_eq!(
        app.state().lang,
        None,
        "the locale decided; nothing to remember"
    );
    app.handle_key(KeyEvent::new(KeyCode::Char('L'), KeyModifiers::SHIFT));
    assert_eq!(app.lang, Lang::En);
    assert_eq!(app.state().lang, Some(Lang::En));
    assert_eq!(app.take_effects().state.unwrap().lang, Some(Lang::En));
}

#[test]
fn a_report_exported_before_the_final_answer_is_written_again_with_it() {
    let mut app = app_with_case(Lang::En);
    go_to(&mut app, StepKey::Review);
    app.handle_key(KeyEvent::new(KeyCode::Char('X'), KeyModifiers::SHIFT));
    let first = app.take_effects().reports.remove(0);
    assert!(!first.refresh);
    app.report_exported(&first.case_id, Ok("/d/exports/r.md".into()), false);
    press(&mut app, 'y');
    press(&mut app, 'y');
    assert_eq!(case(&app).status, CaseStatus::Resolved);
    let said = status(&app);
    let again = app.take_effects().reports;
    assert_eq!(again.len(), 1, "the report is written again");
    assert!(again[0].refresh && again[0].file == first.file);
    assert_ne!(again[0].text, first.text, "with the new status");
    app.report_exported(&again[0].case_id, Ok("/d/exports/r.md".into()), true);
    assert_eq!(status(&app), said, "the answer's message stays");
    // Without an export before, nothing is written.
    let mut app = app_with_case(Lang::En);
    go_to(&mut app, StepKey::Review);
    press(&mut app, 'n');
    press(&mut app, 'y');
    assert!(app.take_effects().reports.is_empty());
}

#[test]
fn x_and_o_say_what_they_changed() {
    let mut app = app_with_case(Lang::En);
    go_to(&mut app, StepKey::ContactSupport);
    press(&mut app, 'x');
    assert_eq!(
        case(&app).step(StepKey::ContactSupport).status,
        StepStatus::NotNeeded
    );
    assert!(status(&app).starts_with("Step 4 (App support) is now “not needed”"));
    press(&mut app, 'x');
    assert_eq!(
        case(&app).step(StepKey::ContactSupport).status,
        StepStatus::Todo
    );
    assert!(status(&app).starts_with("Step 4 (App support) is now “to do”"));
    press(&mut app, 'o');
    assert_eq!(status(&app), "The case is already open; nothing changed.");
    go_to(&mut app, StepKey::Review);
    press(&mut app, 'n');
    press(&mut app, 'y');
    assert_eq!(case(&app).status, CaseStatus::Closed);
    press(&mut app, 'o');
    assert_eq!(case(&app).status, CaseStatus::Open);
    assert_eq!(status(&app), "Case reopened (u undoes).");
}

#[test]
fn switching_a_resolved_case_to_closed_asks_too() {
    let mut app = app_with_case(Lang::En);
    go_to(&mut app, StepKey::Review);
    press(&mut app, 'y');
    press(&mut app, 'y');
    assert_eq!(case(&app).status, CaseStatus::Resolved);
    press(&mut app, 'n');
    assert!(matches!(app.overlay, Some(Overlay::ConfirmAnswer { .. })));
    press(&mut app, 'q');
    assert!(!app.quit, "the key that declines is not also acted on");
    assert_eq!(case(&app).status, CaseStatus::Resolved);
}
