//! Every screen of the walkthrough at 80×24, in Chinese and English, reached the way a user
//! reaches it: by key events fed to the app, then drawn into ratatui's `TestBackend`.
//! A fixed clock and time zone keep the pictures stable.

use jiff::{Timestamp, tz::TimeZone};
use paytwice::lang::Lang;
use paytwice::tui::app::App;
use paytwice::tui::theme::Theme;
use paytwice::tui::view;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};

const LANGS: [(Lang, &str); 2] = [(Lang::En, "en"), (Lang::Zh, "zh")];

fn now() -> Timestamp {
    "2026-11-25T10:00:00Z".parse().unwrap()
}

fn tz() -> TimeZone {
    TimeZone::fixed(jiff::tz::offset(8))
}

fn press(app: &mut App, code: KeyCode) {
    app.handle_event(&Event::Key(KeyEvent::new(code, KeyModifiers::NONE)));
}

fn typed(app: &mut App, s: &str) {
    for c in s.chars() {
        press(app, KeyCode::Char(c));
    }
}

fn screen(app: &App, width: u16, height: u16) -> String {
    let mut term = Terminal::new(TestBackend::new(width, height)).unwrap();
    term.draw(|f| view::draw(f, app, &Theme::new(false)))
        .unwrap();
    view::plain_text(term.backend().buffer())
}

/// A new case typed into the facts form the way a user would: `n`, then the fields in order
/// from the merchant (where the form starts) with Tab between them, then Enter.
fn app_with_case(lang: Lang) -> App {
    let mut app = App::new(lang, now(), tz(), vec![]);
    press(&mut app, KeyCode::Char('n'));
    let fields = [
        "Corner Coffee",    // merchant
        "021-5555 0100",    // merchant contact
        "A-20261120-77",    // order id
        "38.5",             // amount
        "CNY",              // currency
        "2026-11-20 12:45", // payment 1 time
        "4200000069202611200001",
        "2026-11-20 12:46", // payment 2 time
        "4200000069202611200002",
        "bank card 1234",
    ];
    for (i, text) in fields.iter().enumerate() {
        if i > 0 {
            press(&mut app, KeyCode::Tab);
        }
        typed(&mut app, text);
    }
    press(&mut app, KeyCode::Enter);
    app
}

#[test]
fn case_list_empty_shows_the_welcome() {
    for (lang, name) in LANGS {
        let app = App::new(lang, now(), tz(), vec![]);
        insta::assert_snapshot!(format!("list_empty_{name}"), screen(&app, 80, 24));
    }
}

#[test]
fn case_list_with_a_case() {
    for (lang, name) in LANGS {
        let mut app = app_with_case(lang);
        press(&mut app, KeyCode::Esc);
        insta::assert_snapshot!(format!("list_one_case_{name}"), screen(&app, 80, 24));
    }
}

#[test]
fn facts_form_refuses_a_bad_amount_beside_the_field() {
    for (lang, name) in LANGS {
        let mut app = App::new(lang, now(), tz(), vec![]);
        press(&mut app, KeyCode::Char('n'));
        typed(&mut app, "Corner Coffee");
        for _ in 0..3 {
            press(&mut app, KeyCode::Tab);
        }
        typed(&mut app, "12.345");
        press(&mut app, KeyCode::Enter);
        let shot = screen(&app, 80, 24);
        assert!(
            shot.contains("12.345"),
            "the form stays open with the value"
        );
        insta::assert_snapshot!(format!("facts_form_bad_amount_{name}"), shot);
    }
}

#[test]
fn each_of_the_six_steps() {
    for (lang, name) in LANGS {
        let mut app = app_with_case(lang);
        for step in 1..=6 {
            if step > 1 {
                press(&mut app, KeyCode::Down);
            }
            insta::assert_snapshot!(format!("step{step}_{name}"), screen(&app, 80, 24));
        }
    }
}

#[test]
fn step_one_after_ticking_and_answering_yes() {
    for (lang, name) in LANGS {
        let mut app = app_with_case(lang);
        press(&mut app, KeyCode::Tab); // into the detail pane
        press(&mut app, KeyCode::Char(' '));
        press(&mut app, KeyCode::Char('y'));
        insta::assert_snapshot!(format!("step1_answered_{name}"), screen(&app, 80, 24));
    }
}

#[test]
fn knowledge_panel() {
    for (lang, name) in LANGS {
        let mut app = app_with_case(lang);
        press(&mut app, KeyCode::Char('i'));
        insta::assert_snapshot!(format!("knowledge_{name}"), screen(&app, 80, 24));
    }
}

#[test]
fn help_overlay_on_the_case_view() {
    for (lang, name) in LANGS {
        let mut app = app_with_case(lang);
        press(&mut app, KeyCode::Char('?'));
        insta::assert_snapshot!(format!("help_{name}"), screen(&app, 80, 24));
    }
}

#[test]
fn notes_editor_with_chinese_text() {
    for (lang, name) in LANGS {
        let mut app = app_with_case(lang);
        press(&mut app, KeyCode::Char('e'));
        typed(&mut app, "商户电话打不通，明天再试");
        press(&mut app, KeyCode::Enter);
        typed(&mut app, "second line");
        insta::assert_snapshot!(format!("notes_{name}"), screen(&app, 80, 24));
        press(&mut app, KeyCode::Esc);
        let case = app.case().unwrap();
        assert_eq!(case.steps[0].notes, "商户电话打不通，明天再试\nsecond line");
    }
}

/// The help overlay in Chinese, scrolled to the case view's keys (the longest Chinese lines):
/// its border stays whole at every width from 40 to 120, and the snapshot shows it at 80×24.
#[test]
fn help_overlay_border_stays_whole_with_chinese_text() {
    let mut app = app_with_case(Lang::Zh);
    press(&mut app, KeyCode::Char('?'));
    for _ in 0..2 {
        press(&mut app, KeyCode::PageDown);
    }
    for w in 40..=120u16 {
        let shot = screen(&app, w, 24);
        let rows: Vec<&str> = shot.lines().collect();
        // The popup's right border column: where its top-right corner is.
        let top = rows[1];
        let corner = unicode_width::UnicodeWidthStr::width(
            &top[..top.rfind('┐').expect("popup top border")],
        );
        for row in &rows[2..rows.len() - 3] {
            let mut col = 0;
            let mut at_border = None;
            for ch in row.chars() {
                if col == corner {
                    at_border = Some(ch);
                }
                col += unicode_width::UnicodeWidthChar::width(ch).unwrap_or(0);
            }
            assert_eq!(at_border, Some('│'), "width {w}:\n{shot}");
        }
    }
    insta::assert_snapshot!("help_zh_case_keys", screen(&app, 80, 24));
}

/// Terminals set up for Chinese draw East-Asian "ambiguous" characters (arrows, among others)
/// two columns wide, which pushes a row's right border out: the help has none inside its box
/// (box-drawing characters, which terminals keep narrow, aside), on any page, in Chinese.
#[test]
fn the_chinese_help_holds_no_character_a_cjk_terminal_draws_wider() {
    use unicode_width::UnicodeWidthChar;
    let mut app = app_with_case(Lang::Zh);
    press(&mut app, KeyCode::Char('?'));
    for _ in 0..12 {
        let shot = screen(&app, 80, 24);
        for row in shot.lines().skip(2).take(20) {
            for ch in row.chars() {
                let boxy = ('\u{2500}'..='\u{257f}').contains(&ch);
                assert!(boxy || ch.width() == ch.width_cjk(), "{ch:?} in {row}");
            }
        }
        press(&mut app, KeyCode::PageDown);
    }
}

/// At 80×24 the list has no amount column: a long title is shortened keeping its amount
/// whole, never cut into a different-looking number.
#[test]
fn list_row_at_80x24_keeps_the_amount_whole() {
    let mut app = App::new(Lang::Zh, now(), tz(), vec![]);
    press(&mut app, KeyCode::Char('n'));
    typed(&mut app, "罗森便利店(漕溪北路店·地铁站出口旁边的那一家)");
    for _ in 0..3 {
        press(&mut app, KeyCode::Tab);
    }
    typed(&mut app, "38.50");
    press(&mut app, KeyCode::Enter);
    press(&mut app, KeyCode::Esc);
    let shot = screen(&app, 80, 24);
    let row = shot.lines().find(|l| l.contains("罗森")).expect("the row");
    assert!(
        row.contains("… 38.50 CNY") || row.contains("… 38.50"),
        "{shot}"
    );
}

/// A status message longer than the screen is wide takes up to three rows instead of being
/// cut: what an answer changed is always read whole.
#[test]
fn a_long_status_message_is_shown_whole() {
    for (lang, _) in LANGS {
        let mut app = app_with_case(lang);
        for _ in 0..2 {
            press(&mut app, KeyCode::Down);
        }
        press(&mut app, KeyCode::Char('y')); // step 3: refund received
        let said = app.status.clone().unwrap().text;
        assert!(
            unicode_width::UnicodeWidthStr::width(said.as_str()) > 80,
            "{said}"
        );
        let shot = screen(&app, 80, 24);
        let rows: Vec<&str> = shot.lines().collect();
        // The status rows sit above the hint bar; joined, they are the whole message.
        let joined: String = rows[rows.len() - 4..rows.len() - 1]
            .iter()
            .map(|r| r.trim())
            .collect::<Vec<_>>()
            .join(" ");
        let squash = |s: &str| s.split_whitespace().collect::<String>();
        assert!(squash(&joined).contains(&squash(&said)), "{said}\n{shot}");
    }
}

/// `n` on step 1 would end the case: the question names the outcome and the keys.
#[test]
fn ending_the_case_asks_first() {
    for (lang, name) in LANGS {
        let mut app = app_with_case(lang);
        press(&mut app, KeyCode::Char('n'));
        insta::assert_snapshot!(format!("confirm_no_duplicate_{name}"), screen(&app, 80, 24));
    }
}
