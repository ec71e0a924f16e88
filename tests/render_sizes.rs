//! No terminal size makes paytwice panic (SPEC §3): every width and height from 0×0 to
//! 120×40, on every screen a user can reach, in both languages. Below 40×10 the screen asks
//! to be enlarged instead of drawing a broken layout.

use jiff::{Timestamp, tz::TimeZone};
use paytwice::lang::Lang;
use paytwice::tui::app::App;
use paytwice::tui::theme::Theme;
use paytwice::tui::view;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};

fn press(app: &mut App, code: KeyCode) {
    app.handle_event(&Event::Key(KeyEvent::new(code, KeyModifiers::NONE)));
}

fn typed(app: &mut App, s: &str) {
    for c in s.chars() {
        press(app, KeyCode::Char(c));
    }
}

/// The screens worth drawing, each reached by keys from a fresh app with one case.
fn screens(lang: Lang) -> Vec<(&'static str, App)> {
    let now: Timestamp = "2026-11-25T10:00:00Z".parse().unwrap();
    let fresh = || App::new(lang, now, TimeZone::UTC, vec![]);
    let with_case = || {
        let mut app = fresh();
        press(&mut app, KeyCode::Char('n'));
        typed(
            &mut app,
            "星巴克 Starbucks 一个很长很长的商户名称 with a long name",
        );
        for _ in 0..3 {
            press(&mut app, KeyCode::Tab);
        }
        typed(&mut app, "¥38.50");
        press(&mut app, KeyCode::Enter);
        app
    };
    let mut out = vec![("empty list", fresh())];
    let mut form = fresh();
    press(&mut form, KeyCode::Char('n'));
    typed(&mut form, "-5");
    press(&mut form, KeyCode::Enter);
    out.push(("facts form", form));
    out.push(("case view", with_case()));
    let mut list = with_case();
    press(&mut list, KeyCode::Esc);
    out.push(("list", list));
    for (name, keys) in [
        ("notes", vec![KeyCode::Char('e')]),
        ("log", vec![KeyCode::Char('l')]),
        ("log entry", vec![KeyCode::Char('a')]),
        ("evidence", vec![KeyCode::Char('E')]),
        ("help", vec![KeyCode::Char('?')]),
        ("knowledge", vec![KeyCode::Char('i')]),
        ("review step", vec![KeyCode::Down; 5]),
    ] {
        let mut app = with_case();
        for k in keys {
            press(&mut app, k);
        }
        out.push((name, app));
    }
    out
}

#[test]
fn every_size_from_0x0_to_120x40_draws_without_panic() {
    for lang in [Lang::En, Lang::Zh] {
        for (name, app) in screens(lang) {
            let mut term = Terminal::new(TestBackend::new(0, 0)).unwrap();
            for w in 0..=120u16 {
                for h in 0..=40u16 {
                    term.backend_mut().resize(w, h);
                    term.resize(ratatui::layout::Rect::new(0, 0, w, h)).unwrap();
                    let drawn = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                        term.draw(|f| view::draw(f, &app, &Theme::new(false)))
                            .map(|_| ())
                    }));
                    assert!(
                        matches!(drawn, Ok(Ok(()))),
                        "{name} ({lang:?}) at {w}x{h} failed"
                    );
                }
            }
        }
    }
}

#[test]
fn a_small_terminal_asks_to_be_enlarged() {
    let now: Timestamp = "2026-11-25T10:00:00Z".parse().unwrap();
    let app = App::new(Lang::En, now, TimeZone::UTC, vec![]);
    let mut term = Terminal::new(TestBackend::new(39, 9)).unwrap();
    term.draw(|f| view::draw(f, &app, &Theme::new(false)))
        .unwrap();
    let text = term.backend().to_string();
    let expected = paytwice::assets::t(Lang::En, "screen.too_small");
    let first_word = expected.split_whitespace().next().unwrap();
    assert!(text.contains(first_word), "{text}");
}
