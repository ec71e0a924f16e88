//! Properties (proptest): any sequence of terminal events leaves the app drawable and every
//! case valid; save → load keeps any Unicode text; the sanitizer's output is always inert.

mod common;

use jiff::tz::TimeZone;
use paytwice::domain::sanitize::{clean, clean_line};
use paytwice::domain::steps::StepKey;
use paytwice::lang::Lang;
use paytwice::storage::{Access, Store, parse_case};
use paytwice::tui::app::App;
use paytwice::tui::probe::Probe;
use paytwice::tui::theme::Theme;
use proptest::prelude::*;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{
    Event, KeyCode, KeyEvent, KeyModifiers, MouseButton, MouseEvent, MouseEventKind,
};

/// No file system for evidence paths: the model stays pure under test.
struct NoFiles;

impl Probe for NoFiles {
    fn exists(&self, _: &str) -> bool {
        false
    }
    fn complete(&self, _: &str) -> Vec<String> {
        vec![]
    }
}

/// Characters worth typing: every key the table binds, digits and money signs for the form,
/// CJK, and controls and escapes that must stay text.
fn a_char() -> impl Strategy<Value = char> {
    prop_oneof![
        4 => prop::sample::select(
            "nyexftlacosDELqjki? 0123456789.,-¥:TZ/~".chars().collect::<Vec<_>>()
        ),
        1 => prop::sample::select(vec!['退', '款', '商', '户', 'é', '\u{202E}', '\u{9b}', '\x1b', '\u{7}']),
        1 => any::<char>(),
    ]
}

fn an_event() -> impl Strategy<Value = Event> {
    let key = |c| Event::Key(KeyEvent::new(c, KeyModifiers::NONE));
    prop_oneof![
        8 => a_char().prop_map(move |c| key(KeyCode::Char(c))),
        4 => prop::sample::select(vec![
            KeyCode::Enter, KeyCode::Esc, KeyCode::Tab, KeyCode::BackTab, KeyCode::Up,
            KeyCode::Down, KeyCode::Left, KeyCode::Right, KeyCode::PageUp, KeyCode::PageDown,
            KeyCode::Backspace, KeyCode::Delete, KeyCode::Home, KeyCode::End,
        ])
        .prop_map(key),
        1 => prop::collection::vec(a_char(), 0..40)
            .prop_map(|v| Event::Paste(v.into_iter().collect())),
        1 => (0u16..120, 0u16..40).prop_map(|(x, y)| Event::Mouse(MouseEvent {
            kind: MouseEventKind::Down(MouseButton::Left),
            column: x,
            row: y,
            modifiers: KeyModifiers::NONE,
        })),
        1 => prop::sample::select(vec![MouseEventKind::ScrollDown, MouseEventKind::ScrollUp])
            .prop_map(|kind| Event::Mouse(MouseEvent { kind, column: 50, row: 10, modifiers: KeyModifiers::NONE })),
        1 => (0u16..130, 0u16..50).prop_map(|(w, h)| Event::Resize(w, h)),
    ]
}

fn assert_valid(app: &App) {
    for c in &app.cases {
        let keys: Vec<StepKey> = c.steps.iter().map(|s| s.key).collect();
        assert_eq!(keys, StepKey::ALL.to_vec(), "six steps in order");
        let bytes = serde_json::to_vec_pretty(c).expect("serializes");
        let (back, newer) = parse_case(&bytes).expect("parses back");
        assert!(!newer);
        assert_eq!(&back, c, "round trip");
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn any_event_sequence_keeps_the_app_drawable_and_cases_valid(
        start_with_a_case in any::<bool>(),
        zh in any::<bool>(),
        events in prop::collection::vec(an_event(), 1..120),
    ) {
        let lang = if zh { Lang::Zh } else { Lang::En };
        let cases = if start_with_a_case { vec![common::typical_case("20261125-100000")] } else { vec![] };
        let mut app = App::new(lang, common::now(), TimeZone::UTC, cases);
        app.probe = Box::new(NoFiles);
        let theme = Theme::new(true);
        let mut term = Terminal::new(TestBackend::new(80, 24)).unwrap();
        for ev in &events {
            app.handle_event(ev);
            if let Event::Resize(w, h) = ev {
                term.backend_mut().resize(*w, *h);
            }
            term.draw(|f| paytwice::tui::view::draw(f, &app, &theme)).unwrap();
            // The event loop takes the disk work now and then; saving must see valid cases.
            if app.flush {
                for c in app.take_effects().saves {
                    app.saved(&c.id, Ok(()));
                }
            }
        }
        assert_valid(&app);
    }

    #[test]
    fn save_then_load_keeps_any_unicode_text(
        notes in prop::collection::vec(any::<char>(), 0..300),
        merchant in prop::collection::vec(any::<char>(), 0..60),
        title in prop::collection::vec(any::<char>(), 0..60),
    ) {
        let (notes, merchant, title): (String, String, String) = (
            notes.into_iter().collect(),
            merchant.into_iter().collect(),
            title.into_iter().collect(),
        );
        let d = tempfile::tempdir().unwrap();
        let mut store = Store::open(d.path(), Access::Write).unwrap();
        let mut c = common::typical_case("20261125-100000");
        c.set_notes(StepKey::ContactSupport, notes.clone(), common::now());
        c.facts.merchant = merchant.clone();
        c.title = title.clone();
        store.save(&c).unwrap();
        let mut again = Store::open(d.path(), Access::ReadOnly).unwrap();
        let loaded = again.load(&c.id, common::now()).unwrap().case;
        prop_assert_eq!(&loaded.step(StepKey::ContactSupport).notes, &notes);
        prop_assert_eq!(&loaded.facts.merchant, &merchant);
        prop_assert_eq!(&loaded.title, &title);
        prop_assert_eq!(loaded, c);
    }

    #[test]
    fn the_sanitizer_output_is_inert(
        s in prop::collection::vec(
            prop_oneof![
                any::<char>(),
                (0u32..0x20).prop_map(|u| char::from_u32(u).unwrap()),
                (0x7fu32..0xa0).prop_map(|u| char::from_u32(u).unwrap()),
                prop::sample::select(vec!['\u{202A}', '\u{202B}', '\u{202C}', '\u{202D}',
                    '\u{202E}', '\u{2066}', '\u{2067}', '\u{2068}', '\u{2069}', '\u{200E}',
                    '\u{200F}', '\u{061C}', '\r', '\n', '\t']),
            ],
            0..200,
        )
    ) {
        let s: String = s.into_iter().collect();
        let out = clean(&s);
        for c in out.chars() {
            let c0_c1 = (c as u32) < 0x20 || (0x7f..0xa0).contains(&(c as u32));
            prop_assert!(!c0_c1 || c == '\n', "control {:?} in {:?}", c, out);
            prop_assert!(!matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200E}' | '\u{200F}' | '\u{061C}'),
                "bidi {:?} in {:?}", c, out);
        }
        prop_assert!(!clean_line(&s).contains('\n'));
        // Clean text is left as it is.
        let twice = clean(&out).into_owned();
        prop_assert_eq!(twice, out.into_owned());
    }
}
