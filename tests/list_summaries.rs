//! The list after the merge of the summary index (fast start-up) with deadlines: its order,
//! badges, filter and launch reminder come from summaries alone — read back from the index,
//! no case in memory — and look exactly as they do from full cases; a case made from a bill
//! joins the list; a deleted case is never listed again, by the app or by the index.

use std::time::Duration;

mod common;

use common::{at, now, shanghai as tz};
use paytwice::domain::case::{Case, Decision, LogEntry, LogKind};
use paytwice::domain::facts::Facts;
use paytwice::domain::steps::StepKey;
use paytwice::lang::Lang;
use paytwice::storage::{Access, State, Store};
use paytwice::tui::app::{App, Screen};
use paytwice::tui::probe::Probe;
use paytwice::tui::theme::Theme;
use paytwice::tui::view;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

fn case(id: &str, merchant: &str, app: &str, created: &str) -> Case {
    let facts = Facts {
        app: app.into(),
        merchant: merchant.into(),
        amount: Some("20.00".into()),
        ..Facts::default()
    };
    Case::new(id.into(), facts, at(created))
}

/// Overdue refund, a deadline coming up, an open case without one, a finished case.
fn cases() -> Vec<Case> {
    let mut overdue = case(
        "20261112-coffee",
        "Corner Coffee",
        "IM",
        "2026-11-12T02:00:00Z",
    );
    overdue.toggle_check(
        StepKey::RequestRefund,
        "request_refund",
        at("2026-11-13T02:00:00Z"),
        &tz(),
        paytwice::assets::deadline_rules(),
    );
    let mut soon = case(
        "20261123-books",
        "Book Shop",
        "WeChat Pay",
        "2026-11-23T02:00:00Z",
    );
    soon.add_log(
        LogEntry {
            at: at("2026-11-24T02:00:00Z"),
            kind: LogKind::Contact,
            text: "Called the shop".into(),
            reference: String::new(),
            with: "merchant".into(),
            channel: "phone".into(),
            code: String::new(),
            extra: Default::default(),
        },
        at("2026-11-24T02:00:00Z"),
    );
    let idle = case("20261124-gym", "City Gym", "IM", "2026-11-24T09:00:00Z");
    let mut done = case("20261101-bakery", "Bakery", "IM", "2026-11-01T02:00:00Z");
    done.answer(StepKey::Review, Decision::Yes, at("2026-11-25T09:00:00Z"));
    vec![done, idle, soon, overdue]
}

fn screen(app: &App) -> String {
    let mut term = Terminal::new(TestBackend::new(100, 24)).unwrap();
    term.draw(|f| view::draw(f, app, &Theme::new(false)))
        .unwrap();
    format!("{:?}", term.backend().buffer())
}

fn ids(app: &App) -> Vec<String> {
    app.list_rows()
        .into_iter()
        .map(|i| app.list[i].id.clone())
        .collect()
}

fn key(c: KeyCode) -> KeyEvent {
    KeyEvent::new(c, KeyModifiers::NONE)
}

fn typed(app: &mut App, s: &str) {
    for c in s.chars() {
        app.handle_key(key(KeyCode::Char(c)));
    }
}

/// The summaries as the next start reads them: from `index.json`, on its fast path.
fn from_index(cases: &[Case]) -> App {
    let d = tempfile::tempdir().unwrap();
    let mut store = Store::open(d.path(), Access::Write).unwrap();
    for c in cases {
        store.save(c).unwrap();
    }
    // Past the file system's clock tick, so that the index vouches for every file.
    std::thread::sleep(Duration::from_millis(50));
    store.load_summaries(now());
    store.save_index().unwrap();
    let mut again = Store::open(d.path(), Access::ReadOnly).unwrap();
    let (list, problems) = again.load_summaries(now());
    assert!(problems.is_empty());
    assert!(
        again.verify_summaries(now()).is_some(),
        "the fast path was taken: the list came from the index"
    );
    let mut app = App::new(Lang::En, now(), tz(), vec![]);
    app.list = list;
    app
}

#[test]
fn order_badges_filter_and_reminder_come_from_the_index_alone() {
    let mut full = App::new(Lang::En, now(), tz(), cases());
    full.resume(&State::default());
    let mut lean = from_index(&cases());
    lean.resume(&State::default());
    assert!(lean.cases.is_empty(), "no case was read in full");
    assert_eq!(
        ids(&lean),
        [
            "20261112-coffee",
            "20261123-books",
            "20261124-gym",
            "20261101-bakery"
        ]
    );
    assert_eq!(ids(&lean), ids(&full));
    assert!(
        lean.status
            .as_ref()
            .is_some_and(|s| s.text.contains("overdue")),
        "{:?}",
        lean.status
    );
    assert_eq!(lean.status, full.status, "the launch reminder");
    assert_eq!(screen(&lean), screen(&full), "badges and order");
    for _ in 0..3 {
        typed(&mut lean, "v");
        typed(&mut full, "v");
        assert_eq!(ids(&lean), ids(&full));
        assert_eq!(
            screen(&lean),
            screen(&full),
            "filter {:?}",
            lean.list_filter
        );
        assert!(lean.cases.is_empty());
    }
}

#[test]
fn deleting_from_the_list_names_the_case_and_it_never_comes_back() {
    let mut app = from_index(&cases());
    typed(&mut app, "vv");
    assert_eq!(ids(&app), ["20261101-bakery"], "finished only");
    app.handle_key(KeyEvent::new(KeyCode::Char('D'), KeyModifiers::SHIFT));
    assert!(screen(&app).contains("Bakery"));
    typed(&mut app, "y");
    let effects = app.take_effects();
    assert_eq!(effects.deletes, ["20261101-bakery"]);
    assert!(app.list.iter().all(|s| s.id != "20261101-bakery"));
    typed(&mut app, "v");
    assert_eq!(ids(&app).len(), 3);
}

/// Two bills and nothing else, without touching the disk.
struct Bill;

impl Probe for Bill {
    fn exists(&self, _: &str) -> bool {
        true
    }
    fn complete(&self, _: &str) -> Vec<String> {
        vec![]
    }
    fn read(&self, path: &str) -> Result<Vec<u8>, String> {
        match path {
            "/dl/wechat-bill.csv" => Ok(include_bytes!("fixtures/bills/wechat.csv").to_vec()),
            _ => Err("No such file or directory".into()),
        }
    }
}

#[test]
fn a_case_made_from_a_bill_joins_the_list_and_stays_selected() {
    let mut app = from_index(&cases());
    app.probe = Box::new(Bill);
    typed(&mut app, "b");
    typed(&mut app, "/dl/wechat-bill.csv");
    app.handle_key(key(KeyCode::Enter));
    // The bill is read on a thread of its own: wait for its answer, as the event loop does.
    let start = std::time::Instant::now();
    while app.poll_bill() {
        assert!(start.elapsed().as_secs() < 20, "the read never ended");
        std::thread::sleep(std::time::Duration::from_millis(1));
    }
    app.handle_key(key(KeyCode::Enter));
    assert_eq!(app.screen, Screen::Case);
    let id = app.open.clone().unwrap();
    assert_eq!(app.list.len(), 5);
    assert!(app.list.iter().any(|s| s.id == id));
    app.handle_key(key(KeyCode::Esc));
    assert_eq!(app.screen, Screen::List);
    let selected = app.selected_case().map(|i| app.list[i].id.clone());
    assert_eq!(selected.as_deref(), Some(id.as_str()));
    assert!(screen(&app).contains("青柠便利店"));
    assert_eq!(app.take_effects().saves.len(), 1, "and it is saved");
}

#[test]
fn the_index_never_lists_a_deleted_case() {
    let d = tempfile::tempdir().unwrap();
    let mut store = Store::open(d.path(), Access::Write).unwrap();
    for c in cases() {
        store.save(&c).unwrap();
    }
    store.load_summaries(now());
    store.save_index().unwrap();
    // Deleted, with the index not written again (as if the program were killed right after).
    store.delete("20261124-gym").unwrap();
    // Deleted after someone else changed the file: kept aside, and not listed either.
    let path = store.cases_dir().join("20261123-books.json");
    let edited = std::fs::read_to_string(&path)
        .unwrap()
        .replace("Book Shop", "Book Stall");
    std::fs::write(&path, edited).unwrap();
    store.delete("20261123-books").unwrap();
    let listed = |store: &mut Store| {
        let (list, _) = store.load_summaries(now());
        let mut ids: Vec<String> = list.into_iter().map(|s| s.id).collect();
        if let Some((list, _)) = store.verify_summaries(now()) {
            ids = list.into_iter().map(|s| s.id).collect();
        }
        ids.sort();
        ids
    };
    let expected = ["20261101-bakery", "20261112-coffee"];
    assert_eq!(
        listed(&mut Store::open(d.path(), Access::ReadOnly).unwrap()),
        expected
    );
    store.save_index().unwrap();
    let mut again = Store::open(d.path(), Access::ReadOnly).unwrap();
    assert_eq!(listed(&mut again), expected);
    let index = std::fs::read_to_string(d.path().join("index.json")).unwrap();
    assert!(
        !index.contains("Book") && !index.contains("City Gym"),
        "{index}"
    );
}
