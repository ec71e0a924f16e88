//! Hostile text never reaches the terminal as control sequences (SPEC §5): notes, facts, log
//! entries, evidence labels and paths, problems and status lines holding OSC 52 (clipboard
//! write), OSC 0 (window title), CSI 2J (clear screen), C1 controls and bidi overrides are
//! drawn through the real crossterm backend into a byte buffer, and the only escape sequences
//! in the output are the program's own: cursor moves, styling, cursor show/hide.

mod common;

use common::press;

use jiff::tz::TimeZone;
use paytwice::domain::case::{Case, Evidence, LogEntry, LogKind};
use paytwice::domain::steps::StepKey;
use paytwice::lang::Lang;
use paytwice::storage::Problem;
use paytwice::tui::app::{App, Status};
use paytwice::tui::theme::Theme;
use ratatui::backend::CrosstermBackend;
use ratatui::layout::Rect;
use ratatui::{Terminal, TerminalOptions, Viewport};

const EVIL: &str = "A\x1b]52;c;ZXZpbA==\x07B\x1b[2JC\x1b]0;pwned\x07D\u{9b}31mE\u{9d}0;t\u{9c}F\u{202E}gnp.exe\u{2066}G\r\x08\x7fH\x1bPq\x1b\\I\x1b[6n";

fn evil_case() -> Case {
    let mut c = common::typical_case("20261125-100000");
    c.title = format!("title {EVIL}");
    c.facts.app = format!("app {EVIL}");
    c.facts.merchant = format!("merchant {EVIL}");
    c.facts.merchant_contact = EVIL.into();
    c.facts.order_id = EVIL.into();
    c.facts.payment_method = EVIL.into();
    c.facts.your_name = EVIL.into();
    c.facts.your_contact = EVIL.into();
    c.facts.payments[0].transaction_id = EVIL.into();
    c.facts.payments[1].transaction_id = EVIL.into();
    for k in StepKey::ALL {
        c.set_notes(
            k,
            format!("line one {EVIL}\nline two {EVIL}"),
            common::now(),
        );
    }
    c.log.insert(
        0,
        LogEntry {
            at: common::now(),
            kind: LogKind::Contact,
            text: EVIL.into(),
            reference: EVIL.into(),
            with: EVIL.into(),
            channel: EVIL.into(),
            code: EVIL.into(),
            extra: Default::default(),
        },
    );
    c.evidence.push(Evidence {
        label: EVIL.into(),
        path: format!("/tmp/{EVIL}.png"),
        extra: Default::default(),
    });
    c
}

/// Every escape sequence in `out` must be one of ours; no other control character at all.
fn assert_inert(out: &[u8], what: &str) {
    let s = std::str::from_utf8(out).unwrap_or_else(|e| panic!("{what}: not UTF-8: {e}"));
    let mut chars = s.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        let ctx = || {
            let near: String = s[i..].chars().take(40).collect();
            format!("{what}: at byte {i}: {near:?}")
        };
        if c == '\x1b' {
            assert_eq!(chars.next().map(|x| x.1), Some('['), "{} (not CSI)", ctx());
            let mut params = String::new();
            let fin = loop {
                match chars.next() {
                    Some((_, p)) if p.is_ascii_digit() || p == ';' || p == ':' || p == '?' => {
                        params.push(p)
                    }
                    Some((_, f)) => break f,
                    None => panic!("{} (unfinished)", ctx()),
                }
            };
            let ours = match fin {
                'm' | 'H' => !params.starts_with('?'),
                'h' | 'l' => params == "?25",
                _ => false,
            };
            assert!(ours, "{} (CSI {params}{fin})", ctx());
            continue;
        }
        assert!(!c.is_control(), "{} (control {c:?})", ctx());
        assert!(
            !matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200E}' | '\u{200F}' | '\u{061C}'),
            "{} (bidi {c:?})",
            ctx()
        );
    }
}

fn draw_bytes(app: &App, w: u16, h: u16) -> Vec<u8> {
    let mut out = Vec::new();
    {
        let backend = CrosstermBackend::new(&mut out);
        let mut t = Terminal::with_options(
            backend,
            TerminalOptions {
                viewport: Viewport::Fixed(Rect::new(0, 0, w, h)),
            },
        )
        .unwrap();
        t.draw(|f| paytwice::tui::view::draw(f, app, &Theme::new(true)))
            .unwrap();
    }
    out
}

/// Each screen, reached by keys from the list, in both languages and two sizes.
const SCREENS: &[&str] = &[
    "", "\r", "\r\t", "\rj", "\rjj", "\rjjj", "\rjjjj", "\rjjjjj", "\re", "\rf", "\rl", "\rl\r",
    "\rla", "\rE", "\rE\r", "\rD", "D", "?",
];

#[test]
fn hostile_text_is_drawn_inert_on_every_screen() {
    for lang in [Lang::En, Lang::Zh] {
        for keys in SCREENS {
            let mut app = App::new(lang, common::now(), TimeZone::UTC, vec![evil_case()]);
            app.problems = vec![
                Problem::Quarantined {
                    file: format!("{EVIL}.json"),
                    moved_to: EVIL.into(),
                    error: EVIL.into(),
                },
                Problem::Unreadable {
                    file: EVIL.into(),
                    error: EVIL.into(),
                },
            ];
            press(&mut app, keys);
            app.status = Some(Status {
                text: format!("Could not save: {EVIL}"),
                error: true,
            });
            for (w, h) in [(100, 40), (80, 24), (200, 60)] {
                let out = draw_bytes(&app, w, h);
                assert_inert(&out, &format!("{lang:?} {keys:?} {w}×{h}"));
                // The hostile text is there, shown as text (its printable part visible).
                if (w, h) == (200, 60) && matches!(*keys, "\r" | "\re" | "\rl" | "\rE") {
                    let text = String::from_utf8_lossy(&out);
                    assert!(text.contains("pwned"), "{lang:?} {keys:?}: not drawn");
                }
            }
        }
    }
}

/// What leaves the program from the TUI — the message saved under `exports/`, the text `c`
/// copies, the report `X` writes — carries no escape sequence or control character from a
/// hostile merchant name.
#[test]
fn exports_and_the_clipboard_from_the_tui_are_clean() {
    for lang in [Lang::En, Lang::Zh] {
        let mut app = App::new(lang, common::now(), TimeZone::UTC, vec![evil_case()]);
        press(&mut app, "\rtc");
        let effects = app.take_effects();
        assert!(!effects.exports.is_empty(), "{lang:?}: a message was saved");
        let copied = effects.clipboard.expect("copied");
        assert!(copied.contains("pwned"), "the text is there, made inert");
        let mut texts: Vec<String> = effects.exports.into_iter().map(|(_, t)| t).collect();
        texts.push(copied);
        press(&mut app, "\x1bX");
        texts.extend(app.take_effects().reports.into_iter().map(|r| r.text));
        assert!(texts.len() >= 3, "{lang:?}: message, copy and report");
        for t in texts {
            // Newlines are the text's own; every other control is gone.
            let flat = t.replace('\n', " ");
            assert_inert(flat.as_bytes(), &format!("{lang:?}: {t:.60}"));
        }
    }
}

/// The checker itself catches what it must (a test that cannot fail proves nothing).
#[test]
fn the_checker_catches_raw_sequences() {
    for bad in [
        "\x1b]52;c;x\x07",
        "\x1b[2J",
        "\x1b]0;t\x07",
        "\u{9b}31m",
        "\u{202E}",
        "\x07",
    ] {
        let r = std::panic::catch_unwind(|| assert_inert(bad.as_bytes(), "probe"));
        assert!(r.is_err(), "{bad:?} slipped through");
    }
    assert_inert(b"\x1b[1;1H\x1b[38;5;6mok\x1b[0m\x1b[?25h", "ours");
}

/// The command line prints the same hostile case without a single control sequence.
#[test]
fn the_cli_never_prints_hostile_sequences() {
    let d = tempfile::tempdir().unwrap();
    let mut store =
        paytwice::storage::Store::open(d.path(), paytwice::storage::Access::Write).unwrap();
    store.save(&evil_case()).unwrap();
    drop(store);
    for args in [
        &["list"][..],
        &["list", "--json"],
        &["show", "1"],
        &["show", "1", "--json"],
    ] {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_paytwice"))
            .args(args)
            .env("PAYTWICE_DATA_DIR", d.path())
            .env("LANG", "en_US.UTF-8")
            .output()
            .unwrap();
        let text = String::from_utf8_lossy(&out.stdout);
        assert!(
            out.status.success(),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        for c in text
            .chars()
            .chain(String::from_utf8_lossy(&out.stderr).chars())
        {
            assert!(
                !c.is_control() || c == '\n',
                "{args:?}: control {c:?} in output"
            );
            assert!(
                !matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}'),
                "{args:?}: bidi"
            );
        }
    }
}
