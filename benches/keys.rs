//! One key → one frame (issue 6 budget: median under 1 ms at 120×40). Run:
//! `cargo bench --bench keys`. Each iteration feeds a real `KeyEvent` through
//! `App::handle_key` (the same path as the event loop) and draws the whole frame with
//! `view::draw` into a ratatui `TestBackend` — what the loop does per keystroke, minus the
//! terminal write.

#[path = "support/mod.rs"]
mod support;

use criterion::{Criterion, criterion_group, criterion_main};
use jiff::tz::TimeZone;
use paytwice::domain::steps::StepKey;
use paytwice::domain::summary::CaseSummary;
use paytwice::lang::Lang;
use paytwice::storage::State;
use paytwice::tui::app::App;
use paytwice::tui::theme::Theme;
use paytwice::tui::view;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

/// An app holding `n` busy cases, resumed into the newest one (or left on the list).
fn app(n: usize, resume: bool) -> App {
    let cases = (0..n).map(support::busy_case).collect();
    let mut app = App::new(Lang::En, support::base_time(), TimeZone::UTC, cases);
    if resume {
        app.resume(&State {
            last_case: app.cases.first().map(|c| c.id.clone()),
            step: Some(StepKey::ContactMerchant),
            lang: None,
        });
    }
    app.size = ratatui::layout::Rect::new(0, 0, 120, 40);
    app
}

/// The list as start-up leaves it: `n` summaries, no case read in full.
fn summaries_app(n: usize) -> App {
    let mut app = App::new(Lang::En, support::base_time(), TimeZone::UTC, vec![]);
    app.list = (0..n)
        .rev()
        .map(|i| CaseSummary::of(&support::busy_case(i)))
        .collect();
    app.size = ratatui::layout::Rect::new(0, 0, 120, 40);
    app
}

fn key_then_frame(c: &mut Criterion, name: &str, mut app: App, keys: [KeyCode; 2]) {
    let theme = Theme::new(true);
    let mut term = Terminal::new(TestBackend::new(120, 40)).expect("test backend");
    let mut i = 0usize;
    c.bench_function(name, |b| {
        b.iter(|| {
            // Alternate two keys so the state keeps changing and never runs off an edge.
            let k = keys[i % 2];
            i += 1;
            app.handle_key(KeyEvent::new(k, KeyModifiers::NONE));
            term.draw(|f| view::draw(f, &app, &theme)).expect("draw");
        })
    });
}

fn benches(c: &mut Criterion) {
    let steps = [KeyCode::Down, KeyCode::Up];
    key_then_frame(
        c,
        "key+frame 120x40: case view, step j/k",
        app(1, true),
        steps,
    );
    // Checklist ticks change the case (refresh, log event) and mark it dirty.
    let mut detail = app(1, true);
    detail.handle_key(KeyEvent::new(KeyCode::Tab, KeyModifiers::NONE));
    let ticks = [KeyCode::Char(' '), KeyCode::Char(' ')];
    key_then_frame(c, "key+frame 120x40: case view, tick", detail, ticks);
    key_then_frame(
        c,
        "key+frame 120x40: case view, 1000 cases",
        app(1000, true),
        steps,
    );
    key_then_frame(
        c,
        "key+frame 120x40: list of 1000 cases",
        app(1000, false),
        steps,
    );
    // Sorted by deadline at every key: from the summaries' deadline facts.
    key_then_frame(
        c,
        "key+frame 120x40: list of 1000 summaries",
        summaries_app(1000),
        steps,
    );
}

criterion_group!(keys, benches);
criterion_main!(keys);
