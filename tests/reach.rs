//! Issue 15: all text within reach at 80×24 and 100×30. On every step of a busy case the
//! step's question and its keys are on screen without scrolling, and paging down (from
//! either pane) brings the last line of the step's text on screen; the help and knowledge
//! overlays scroll to their last lines too.

use jiff::{Timestamp, tz::TimeZone};
use paytwice::assets::content;
use paytwice::domain::steps::StepKey;
use paytwice::lang::Lang;
use paytwice::tui::app::App;
use paytwice::tui::theme::Theme;
use paytwice::tui::view;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};

const SIZES: [(u16, u16); 3] = [(80, 24), (100, 30), (100, 40)];

fn press(app: &mut App, code: KeyCode) {
    app.handle_event(&Event::Key(KeyEvent::new(code, KeyModifiers::NONE)));
}

fn typed(app: &mut App, s: &str) {
    for c in s.chars() {
        press(app, KeyCode::Char(c));
    }
}

fn screen(app: &App) -> String {
    let mut term = Terminal::new(TestBackend::new(app.size.width, app.size.height)).unwrap();
    term.draw(|f| view::draw(f, app, &Theme::new(false)))
        .unwrap();
    view::plain_text(term.backend().buffer())
}

/// The last line of a step's notes: the last words of its pane.
fn last_words(step: usize) -> String {
    format!("END-OF-STEP-{step}")
}

/// A case with every section filled: facts, a refund requested (deadlines), step 4 answered
/// "not resolved" (escalation routes), step 6 with a cause, and long notes on every step.
fn busy_case(lang: Lang, w: u16, h: u16) -> App {
    let now: Timestamp = "2026-11-25T10:00:00Z".parse().unwrap();
    let mut app = App::new(lang, now, TimeZone::fixed(jiff::tz::offset(8)), vec![]);
    app.handle_event(&Event::Resize(w, h));
    press(&mut app, KeyCode::Char('n'));
    for (i, text) in [
        "星巴克 Starbucks Reserve Roastery",
        "400-820-0000",
        "A-20261120-77",
        "38.5",
        "CNY",
        "2026-11-20 12:45",
        "4200000069202611200001",
        "2026-11-20 12:46",
        "4200000069202611200002",
        "bank card 1234",
    ]
    .iter()
    .enumerate()
    {
        if i > 0 {
            press(&mut app, KeyCode::Tab);
        }
        typed(&mut app, text);
    }
    press(&mut app, KeyCode::Enter);
    for step in 1..=6 {
        press(&mut app, KeyCode::Char('e'));
        for line in 0..12 {
            typed(
                &mut app,
                &format!("note {line} on step {step}: called, waited, wrote it down"),
            );
            press(&mut app, KeyCode::Enter);
        }
        typed(&mut app, &last_words(step));
        press(&mut app, KeyCode::Esc);
        press(&mut app, KeyCode::Down);
    }
    // Step 3: tick "refund requested"; step 4: not resolved; step 6: a cause.
    go_to(&mut app, StepKey::RequestRefund);
    press(&mut app, KeyCode::Tab);
    while app.check_sel < 1 {
        press(&mut app, KeyCode::Down);
    }
    press(&mut app, KeyCode::Char(' '));
    press(&mut app, KeyCode::Tab);
    go_to(&mut app, StepKey::ContactSupport);
    press(&mut app, KeyCode::Char('n'));
    go_to(&mut app, StepKey::Review);
    typed(&mut app, "cc");
    app
}

fn go_to(app: &mut App, step: StepKey) {
    while app.step.index() > step.index() {
        press(app, KeyCode::Up);
    }
    while app.step.index() < step.index() {
        press(app, KeyCode::Down);
    }
}

#[test]
fn every_step_shows_its_question_and_pages_to_its_last_line_from_either_pane() {
    for lang in [Lang::En, Lang::Zh] {
        for (w, h) in SIZES {
            for key in StepKey::ALL {
                for from_detail in [false, true] {
                    let mut app = busy_case(lang, w, h);
                    go_to(&mut app, key);
                    if from_detail {
                        press(&mut app, KeyCode::Tab);
                    }
                    let first = screen(&app);
                    if let Some(d) = &content(lang).steps[&key].decision {
                        for want in [format!("y: {}", d.yes), format!("n: {}", d.no)] {
                            assert!(first.contains(&want), "{want} at {w}x{h}:\n{first}");
                        }
                        let start: String = d.question.chars().take(6).collect();
                        assert!(first.contains(&start), "question at {w}x{h}:\n{first}");
                    }
                    let end = last_words(key.index() + 1);
                    let mut seen = first.contains(&end);
                    for _ in 0..40 {
                        if seen {
                            break;
                        }
                        press(&mut app, KeyCode::PageDown);
                        seen = screen(&app).contains(&end);
                    }
                    assert!(
                        seen,
                        "{key:?} ({lang:?}, {w}x{h}, detail pane: {from_detail}) never shows its \
                         last line:\n{}",
                        screen(&app)
                    );
                    // And back up to the first line of the step, as quickly.
                    for _ in 0..40 {
                        press(&mut app, KeyCode::PageUp);
                    }
                    let title = &content(lang).steps[&key].title;
                    assert!(
                        screen(&app).contains(title.as_str()),
                        "{key:?} back at the top"
                    );
                }
            }
        }
    }
}

#[test]
fn the_help_and_the_knowledge_scroll_to_their_last_lines() {
    for lang in [Lang::En, Lang::Zh] {
        for (w, h) in SIZES {
            for (key, last) in [
                (
                    '?',
                    paytwice::assets::t(lang, "help.edit.notes").to_string(),
                ),
                (
                    'i',
                    content(lang).knowledge.faq.last().unwrap().title.clone(),
                ),
            ] {
                let mut app = busy_case(lang, w, h);
                press(&mut app, KeyCode::Char(key));
                let probe: String = last.chars().take(8).collect();
                let mut seen = false;
                for _ in 0..60 {
                    if screen(&app).contains(&probe) {
                        seen = true;
                        break;
                    }
                    press(&mut app, KeyCode::PageDown);
                }
                assert!(seen, "{key} ({lang:?}, {w}x{h}): {probe}\n{}", screen(&app));
            }
        }
    }
}

#[test]
fn paging_past_the_end_of_the_help_comes_back_at_once() {
    for (w, h) in SIZES {
        let mut app = busy_case(Lang::Zh, w, h);
        press(&mut app, KeyCode::Char('?'));
        for _ in 0..100 {
            press(&mut app, KeyCode::PageDown);
        }
        let bottom = screen(&app);
        press(&mut app, KeyCode::PageUp);
        assert_ne!(screen(&app), bottom, "one PgUp moves the text at {w}x{h}");
    }
}
