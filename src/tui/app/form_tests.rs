//! Issue 15: the facts form behaves like the text fields people know. Entering a field
//! selects its value, Ctrl-U/K/W delete, a currency written with the amount sets it (or is
//! refused when it contradicts), 12-hour times are understood, times come back without
//! seconds, defaults follow the language, and the title follows merchant and amount until
//! the user names it. All through real key events.

use super::*;
use crate::tui::form::Field;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

fn now() -> Timestamp {
    "2026-11-25T10:00:00Z".parse().unwrap()
}

fn code(app: &mut App, c: KeyCode) {
    app.handle_key(KeyEvent::new(c, KeyModifiers::NONE));
}

fn ctrl(app: &mut App, c: char) {
    app.handle_key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL));
}

fn typed(app: &mut App, s: &str) {
    for c in s.chars() {
        code(app, KeyCode::Char(c));
    }
}

/// Tab to `field` in the open form.
fn to_field(app: &mut App, field: Field) {
    for _ in 0..Field::ALL.len() {
        if app.form.as_ref().unwrap().field() == field {
            return;
        }
        code(app, KeyCode::Tab);
    }
    panic!("no field {field:?}");
}

fn value(app: &App, field: Field) -> String {
    app.form.as_ref().unwrap().value(field).to_string()
}

fn new_case(lang: Lang, fields: &[(Field, &str)]) -> App {
    let mut app = App::new(lang, now(), TimeZone::UTC, vec![]);
    code(&mut app, KeyCode::Char('n'));
    for (f, text) in fields {
        to_field(&mut app, *f);
        typed(&mut app, text);
    }
    code(&mut app, KeyCode::Enter);
    app
}

fn facts(app: &App) -> &crate::domain::facts::Facts {
    &app.case().unwrap().facts
}

#[test]
fn an_english_user_starts_without_im_or_cny_and_the_dollar_sign_sets_usd() {
    let mut app = App::new(Lang::En, now(), TimeZone::UTC, vec![]);
    code(&mut app, KeyCode::Char('n'));
    assert_eq!(value(&app, Field::App), "");
    assert_eq!(value(&app, Field::Currency), "");
    code(&mut app, KeyCode::Esc);
    let app = new_case(
        Lang::En,
        &[(Field::Merchant, "Corner Coffee"), (Field::Amount, "$120")],
    );
    assert_eq!(app.screen, Screen::Case);
    assert_eq!(facts(&app).amount.as_deref(), Some("120.00"));
    assert_eq!(facts(&app).currency, "USD");
    assert_eq!(
        app.case().unwrap().display_title(),
        "Corner Coffee 120.00 USD"
    );
}

#[test]
fn an_amount_without_a_currency_asks_in_english_and_is_cny_in_chinese() {
    let app = new_case(Lang::En, &[(Field::Amount, "38.5")]);
    assert_eq!(app.screen, Screen::Facts, "the form stays open");
    let form = app.form.as_ref().unwrap();
    assert_eq!(
        form.error_for(Field::Currency).unwrap().key,
        "currency.needed"
    );
    let mut zh = App::new(Lang::Zh, now(), TimeZone::UTC, vec![]);
    code(&mut zh, KeyCode::Char('n'));
    assert_eq!(value(&zh, Field::Currency), "CNY");
    code(&mut zh, KeyCode::Esc);
    let zh = new_case(Lang::Zh, &[(Field::Amount, "38.5")]);
    assert_eq!(facts(&zh).currency, "CNY");
    assert_eq!(facts(&zh).amount.as_deref(), Some("38.50"));
}

#[test]
fn a_currency_sign_that_contradicts_the_chosen_currency_is_refused_naming_both() {
    let app = new_case(
        Lang::En,
        &[(Field::Amount, "$120"), (Field::Currency, "CNY")],
    );
    assert_eq!(app.screen, Screen::Facts);
    let e = app.form.as_ref().unwrap().error_for(Field::Amount).unwrap();
    assert_eq!(e.key, "amount.currency_conflict");
    let mut term = ratatui::Terminal::new(ratatui::backend::TestBackend::new(100, 30)).unwrap();
    term.draw(|f| crate::tui::view::draw(f, &app, &crate::tui::theme::Theme::new(false)))
        .unwrap();
    let shot = crate::tui::view::plain_text(term.backend().buffer());
    assert!(
        shot.contains("“$” means USD, but the currency below is CNY"),
        "{shot}"
    );
}

#[test]
fn entering_a_field_selects_it_so_typing_replaces_and_ctrl_u_clears() {
    let mut app = new_case(
        Lang::En,
        &[
            (Field::Merchant, "Corner Coffee"),
            (Field::Amount, "12.50 EUR"),
        ],
    );
    code(&mut app, KeyCode::Char('f'));
    to_field(&mut app, Field::Amount);
    assert!(app.form.as_ref().unwrap().inputs[5].is_selected());
    typed(&mut app, "120");
    assert_eq!(
        value(&app, Field::Amount),
        "120",
        "replaced, not \"12.50120\""
    );
    to_field(&mut app, Field::OrderId);
    typed(&mut app, "A-1 B-2");
    ctrl(&mut app, 'w');
    assert_eq!(value(&app, Field::OrderId), "A-1 ");
    ctrl(&mut app, 'u');
    assert_eq!(value(&app, Field::OrderId), "");
    code(&mut app, KeyCode::Enter);
    assert_eq!(facts(&app).amount.as_deref(), Some("120.00"));
    assert_eq!(facts(&app).currency, "EUR");
}

#[test]
fn twelve_hour_times_are_understood_and_come_back_without_seconds() {
    let mut app = new_case(
        Lang::En,
        &[
            (Field::Amount, "£5"),
            (Field::P1Time, "2026-11-20 2:03 PM"),
            (Field::P2Time, "2026/11/20 14:04"),
        ],
    );
    assert_eq!(
        app.screen,
        Screen::Case,
        "{:?}",
        app.form.as_ref().map(|f| &f.errors)
    );
    let p = &facts(&app).payments;
    assert_eq!(p[0].time, Some("2026-11-20T14:03:00Z".parse().unwrap()));
    code(&mut app, KeyCode::Char('f'));
    assert_eq!(value(&app, Field::P1Time), "2026-11-20 14:03");
    assert_eq!(value(&app, Field::P2Time), "2026-11-20 14:04");
}

#[test]
fn the_title_follows_merchant_and_amount_until_the_user_names_it() {
    let mut app = new_case(
        Lang::En,
        &[(Field::Merchant, "Corner Coffee"), (Field::Amount, "$12")],
    );
    let edit = |app: &mut App, field: Field, text: &str| {
        code(app, KeyCode::Char('f'));
        to_field(app, field);
        ctrl(app, 'u');
        typed(app, text);
        code(app, KeyCode::Enter);
        assert_eq!(app.screen, Screen::Case);
    };
    edit(&mut app, Field::Amount, "$15");
    assert_eq!(app.case().unwrap().title, "Corner Coffee 15.00 USD");
    edit(&mut app, Field::Title, "Coffee, twice");
    edit(&mut app, Field::Amount, "$16");
    assert_eq!(app.case().unwrap().title, "Coffee, twice", "a name stays");
    edit(&mut app, Field::Title, "");
    assert_eq!(app.case().unwrap().title, "Corner Coffee 16.00 USD");
}
