use jiff::{Timestamp, tz::TimeZone};
use ratatui::crossterm::event::KeyModifiers;

use super::*;
use crate::lang::Lang;
use crate::tui::probe::Probe;

const WECHAT: &[u8] = include_bytes!("../../../../tests/fixtures/bills/wechat.csv");
const NONE: &[u8] = include_bytes!("../../../../tests/fixtures/bills/no-duplicate.csv");
const LOCKED: &[u8] = include_bytes!("../../../../tests/fixtures/bills/wechat-locked.zip");
const WECHAT_2025: &[u8] = include_bytes!("../../../../tests/fixtures/bills/wechat-2025.csv");

/// Two bills and a stray file, without touching the disk.
pub(crate) struct Bills;

impl Probe for Bills {
    fn exists(&self, _: &str) -> bool {
        true
    }
    fn complete(&self, prefix: &str) -> Vec<String> {
        [
            "/dl/wechat-bill.csv",
            "/dl/wechat-none.csv",
            "/dl/notes.txt",
        ]
        .iter()
        .filter(|p| p.starts_with(prefix))
        .map(|p| p.to_string())
        .collect()
    }
    fn read(&self, path: &str) -> Result<Vec<u8>, String> {
        match path {
            "/dl/wechat-bill.csv" => Ok(WECHAT.to_vec()),
            "/dl/wechat-none.csv" => Ok(NONE.to_vec()),
            "/dl/notes.txt" => Ok(b"buy milk".to_vec()),
            "/dl/locked.zip" => Ok(LOCKED.to_vec()),
            "/dl/wechat-2025.csv" => Ok(WECHAT_2025.to_vec()),
            // What the real probe says of a FIFO, a device or a folder.
            "/dl/fifo" => Err("bill.error.not_regular".into()),
            _ => Err("No such file or directory".into()),
        }
    }
}

pub(crate) fn key(c: KeyCode) -> KeyEvent {
    KeyEvent::new(c, KeyModifiers::NONE)
}

/// Wait for the reading thread's answer, as the event loop does between keys.
pub(crate) fn read_through(app: &mut App) {
    let start = std::time::Instant::now();
    while app
        .bill
        .as_ref()
        .is_some_and(|b| b.stage == BillStage::Reading)
    {
        app.poll_bill();
        assert!(start.elapsed().as_secs() < 20, "the read never ended");
        std::thread::sleep(std::time::Duration::from_millis(1));
    }
}

pub(crate) fn typed(app: &mut App, s: &str) {
    for c in s.chars() {
        app.handle_key(key(KeyCode::Char(c)));
    }
}

/// An app with one open case whose contact the user already typed.
pub(crate) fn app_in_case(lang: Lang) -> App {
    let now: Timestamp = "2026-11-25T10:00:00Z".parse().unwrap();
    let facts = Facts {
        merchant_contact: "400-000-0000".into(),
        ..Facts::default()
    };
    let case = Case::new("20261125-100000".into(), facts, now);
    let mut app = App::new(lang, now, TimeZone::UTC, vec![case]);
    app.probe = Box::new(Bills);
    app.handle_key(key(KeyCode::Enter));
    assert_eq!(app.screen, Screen::Case);
    app
}

/// `b` from an open case, `path` typed, Enter: the read started (or the password asked).
pub(crate) fn enter_path(lang: Lang, path: &str) -> App {
    let mut app = app_in_case(lang);
    app.handle_key(key(KeyCode::Char('b')));
    typed(&mut app, path);
    app.handle_key(key(KeyCode::Enter));
    app
}

/// `b`, a path completed with Tab, Enter: the candidate picker.
pub(crate) fn at_picker(lang: Lang) -> App {
    let mut app = app_in_case(lang);
    app.handle_key(key(KeyCode::Char('b')));
    assert_eq!(app.screen, Screen::Bill);
    typed(&mut app, "/dl/w");
    app.handle_key(key(KeyCode::Tab));
    typed(&mut app, "b");
    app.handle_key(key(KeyCode::Tab));
    assert_eq!(
        app.bill.as_ref().unwrap().path.text(),
        "/dl/wechat-bill.csv"
    );
    app.handle_key(key(KeyCode::Enter));
    read_through(&mut app);
    app
}

#[test]
fn picking_a_candidate_fills_the_open_case_and_keeps_typed_facts() {
    let mut app = at_picker(Lang::En);
    let b = app.bill.as_ref().unwrap();
    assert_eq!(b.stage, BillStage::Pick);
    assert_eq!(b.candidates.len(), 2);
    app.handle_key(key(KeyCode::Down));
    app.handle_key(key(KeyCode::Up));
    app.handle_key(key(KeyCode::Enter));
    assert_eq!(app.screen, Screen::Case);
    let f = &app.case().unwrap().facts;
    assert_eq!(f.merchant, "青柠便利店");
    assert_eq!(f.app, "WeChat Pay");
    assert_eq!(f.amount.as_deref(), Some("38.50"));
    assert_eq!(f.order_id, "QN20261120124500017");
    assert_eq!(f.payments[1].transaction_id, "4200002026112012454100000002");
    assert_eq!(f.merchant_contact, "400-000-0000");
    assert!(app.flush);
    assert_eq!(app.take_effects().saves.len(), 1);
}

#[test]
fn the_second_candidate_can_be_picked() {
    let mut app = at_picker(Lang::En);
    app.handle_key(key(KeyCode::Char('j')));
    app.handle_key(key(KeyCode::Enter));
    assert_eq!(app.case().unwrap().facts.merchant, "云朵外卖");
}

#[test]
fn unreadable_files_and_bills_without_duplicates_say_why_and_change_nothing() {
    let mut app = app_in_case(Lang::En);
    let before = app.case().unwrap().clone();
    app.handle_key(key(KeyCode::Char('b')));
    for (path, says) in [
        ("/dl/gone.csv", "No such file"),
        ("/dl/notes.txt", "not a WeChat Pay or Alipay bill"),
        ("/dl/wechat-none.csv", "No duplicate charges"),
        ("/dl/fifo", "not a regular file"),
    ] {
        app.bill.as_mut().unwrap().path = LineInput::new(path);
        app.handle_key(key(KeyCode::Enter));
        read_through(&mut app);
        let b = app.bill.as_ref().unwrap();
        assert_eq!(b.stage, BillStage::Path, "{path}");
        assert!(b.error.as_deref().unwrap_or("").contains(says), "{path}");
    }
    app.handle_key(key(KeyCode::Esc));
    assert_eq!(app.screen, Screen::Case);
    assert_eq!(app.case().unwrap(), &before);
}

#[test]
fn esc_steps_back_and_the_path_is_offered_again() {
    let mut app = at_picker(Lang::En);
    app.handle_key(key(KeyCode::Esc));
    assert_eq!(app.bill.as_ref().unwrap().stage, BillStage::Path);
    app.handle_key(key(KeyCode::Esc));
    assert_eq!(app.screen, Screen::Case);
    app.handle_key(key(KeyCode::Char('b')));
    assert_eq!(
        app.bill.as_ref().unwrap().path.text(),
        "/dl/wechat-bill.csv"
    );
}

#[test]
fn ctrl_b_in_the_facts_form_fills_its_fields_and_enter_saves_them() {
    let mut app = app_in_case(Lang::En);
    app.handle_key(key(KeyCode::Char('f')));
    assert_eq!(app.screen, Screen::Facts);
    app.handle_key(KeyEvent::new(KeyCode::Char('b'), KeyModifiers::CONTROL));
    assert_eq!(app.screen, Screen::Bill);
    typed(&mut app, "/dl/wechat-bill.csv");
    app.handle_key(key(KeyCode::Enter));
    read_through(&mut app);
    app.handle_key(key(KeyCode::Enter));
    assert_eq!(app.screen, Screen::Facts, "back in the form to check");
    let form = app.form.as_ref().unwrap();
    assert_eq!(form.value(Field::Merchant), "青柠便利店");
    assert_eq!(
        form.value(Field::P1Time),
        "2026-11-20 12:45:27",
        "as the app shows it (China time), though the user's clock is UTC"
    );
    assert_eq!(form.value(Field::MerchantContact), "400-000-0000");
    assert_eq!(
        app.case().unwrap().facts.merchant,
        "",
        "nothing saved before Enter"
    );
    app.handle_key(key(KeyCode::Enter));
    assert_eq!(app.screen, Screen::Case);
    let f = &app.case().unwrap().facts;
    assert_eq!(f.merchant, "青柠便利店");
    assert_eq!(
        f.payments[0].time,
        Some("2026-11-20T04:45:27Z".parse().unwrap())
    );
    assert_eq!(f.payment_method, "中国银行(1234)");
}

#[test]
fn esc_from_the_picker_returns_to_the_form() {
    let mut app = app_in_case(Lang::En);
    app.handle_key(key(KeyCode::Char('f')));
    app.handle_key(KeyEvent::new(KeyCode::Char('b'), KeyModifiers::CONTROL));
    app.handle_key(key(KeyCode::Esc));
    assert_eq!(app.screen, Screen::Facts);
    assert!(app.form.is_some());
}

#[test]
fn from_the_list_a_bill_makes_a_new_case() {
    let mut app = app_in_case(Lang::En);
    app.handle_key(key(KeyCode::Esc));
    assert_eq!(app.screen, Screen::List);
    app.handle_key(key(KeyCode::Char('b')));
    typed(&mut app, "/dl/wechat-bill.csv");
    app.handle_key(key(KeyCode::Enter));
    read_through(&mut app);
    app.handle_key(key(KeyCode::Enter));
    assert_eq!(app.screen, Screen::Case);
    assert_eq!(app.cases.len(), 2);
    assert_eq!(app.case().unwrap().facts.merchant, "青柠便利店");
    assert_eq!(app.case().unwrap().facts.merchant_contact, "");
}

#[test]
fn a_locked_zip_asks_for_its_password_and_asks_again_when_wrong() {
    let mut app = enter_path(Lang::En, "/dl/locked.zip");
    assert_eq!(app.bill.as_ref().unwrap().stage, BillStage::Password);
    typed(&mut app, "wrong");
    app.handle_key(key(KeyCode::Enter));
    read_through(&mut app);
    let b = app.bill.as_ref().unwrap();
    assert_eq!(b.stage, BillStage::Password);
    assert!(
        b.error
            .as_deref()
            .unwrap()
            .contains("does not open the zip")
    );
    assert_eq!(b.password.text(), "", "a password is not kept");
    typed(&mut app, "20261121");
    app.handle_key(key(KeyCode::Enter));
    read_through(&mut app);
    let b = app.bill.as_ref().unwrap();
    assert_eq!(b.stage, BillStage::Pick);
    assert_eq!(b.candidates.len(), 2);
    assert_eq!(b.password.text(), "");
}

#[test]
fn esc_stops_waiting_for_a_read_and_keys_are_answered_meanwhile() {
    let mut app = enter_path(Lang::En, "/dl/wechat-bill.csv");
    // Whether or not the thread has finished, Esc before the answer is taken goes back.
    assert_eq!(app.bill.as_ref().unwrap().stage, BillStage::Reading);
    app.handle_key(key(KeyCode::Esc));
    assert_eq!(app.bill.as_ref().unwrap().stage, BillStage::Path);
    assert!(!app.poll_bill(), "the late answer goes nowhere");
    app.handle_key(key(KeyCode::Enter));
    app.handle_key(KeyEvent::new(KeyCode::Char('c'), KeyModifiers::CONTROL));
    assert!(app.quit, "Ctrl-C while reading quits");
}

#[test]
fn the_disk_refuses_a_fifo_at_once() {
    use crate::tui::probe::Disk;
    let d = tempfile::tempdir().unwrap();
    let fifo = d.path().join("bill.csv");
    let made = std::process::Command::new("mkfifo").arg(&fifo).status();
    assert!(made.is_ok_and(|s| s.success()));
    let path = fifo.display().to_string();
    assert_eq!(Disk.read(&path), Err("bill.error.not_regular".to_string()));
    assert_eq!(
        Disk.read(&d.path().display().to_string()),
        Err("bill.error.not_regular".to_string())
    );
}

#[test]
fn the_form_says_wechat_times_are_china_time() {
    use ratatui::{Terminal, backend::TestBackend};
    let mut app = app_in_case(Lang::En);
    app.handle_key(key(KeyCode::Char('f')));
    app.handle_key(KeyEvent::new(KeyCode::Char('b'), KeyModifiers::CONTROL));
    typed(&mut app, "/dl/wechat-bill.csv");
    app.handle_key(key(KeyCode::Enter));
    read_through(&mut app);
    app.handle_key(key(KeyCode::Enter));
    let form = app.form.as_mut().unwrap();
    form.focus = Field::ALL.iter().position(|f| *f == Field::P1Time).unwrap();
    let mut term = Terminal::new(TestBackend::new(120, 40)).unwrap();
    let theme = crate::tui::theme::Theme::new(false);
    term.draw(|f| crate::tui::view::draw(f, &app, &theme))
        .unwrap();
    let screen = term.backend().to_string();
    assert!(screen.contains("China time, UTC+8"), "{screen}");
}

#[test]
fn the_case_shows_bill_times_as_the_app_does_and_names_the_zone() {
    use ratatui::{Terminal, backend::TestBackend};
    let mut app = at_picker(Lang::En);
    app.handle_key(key(KeyCode::Enter));
    assert_eq!(app.screen, Screen::Case);
    let mut term = Terminal::new(TestBackend::new(140, 50)).unwrap();
    let theme = crate::tui::theme::Theme::new(false);
    term.draw(|f| crate::tui::view::draw(f, &app, &theme))
        .unwrap();
    let screen = term.backend().to_string();
    // The user's clock is UTC here: 04:45:27 there, 12:45:27 in the app and the bill.
    assert!(screen.contains("2026-11-20 12:45:27 (UTC+8)"), "{screen}");
}
