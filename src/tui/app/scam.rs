//! The scam check of step 5: a paste area whose red flags are found again after every key.
//! The pasted text lives only while the check is open: it is the scammer's words, often with
//! the user's own details in them, and the case has no use for it (the notes are the place
//! for anything worth keeping).

use ratatui::crossterm::event::{KeyCode, KeyEvent};
use ratatui_textarea::TextArea;

use super::{App, Screen};
use crate::domain::scam::{self, Flag};
use crate::domain::steps::StepKey;

pub struct ScamCheck {
    pub editor: TextArea<'static>,
    pub flags: Vec<Flag>,
    /// First line shown of the flags pane.
    pub scroll: u16,
}

impl ScamCheck {
    fn new() -> ScamCheck {
        let mut editor = TextArea::default();
        // A pasted message is read whole: long lines wrap (CJK between any characters)
        // instead of scrolling sideways out of sight.
        editor.set_wrap_mode(ratatui_textarea::WrapMode::WordOrGlyph);
        ScamCheck {
            editor,
            flags: vec![],
            scroll: 0,
        }
    }

    pub fn text(&self) -> String {
        self.editor.lines().join("\n")
    }

    fn recheck(&mut self) {
        self.flags = scam::check(&self.text());
    }
}

impl App {
    /// `s` in a case: go to step 5, where the check belongs, and open it.
    pub(super) fn open_scam(&mut self) {
        self.select_step(StepKey::ProtectPrivacy);
        self.scam = Some(ScamCheck::new());
        self.screen = Screen::Scam;
    }

    pub(super) fn scam_key(&mut self, k: KeyEvent) {
        let Some(check) = self.scam.as_mut() else {
            self.screen = Screen::Case;
            return;
        };
        match k.code {
            KeyCode::Esc => {
                self.scam = None;
                self.screen = Screen::Case;
                self.say("scam.left");
            }
            KeyCode::PageDown => check.scroll = check.scroll.saturating_add(5).min(400),
            KeyCode::PageUp => check.scroll = check.scroll.saturating_sub(5),
            _ => {
                if check.editor.input(k) {
                    check.recheck();
                }
            }
        }
    }

    /// The mouse wheel (the only way `Up`/`Down` arrive here: keys go to the text) scrolls
    /// the flags.
    pub(super) fn scam_scroll(&mut self, a: crate::tui::action::Action) {
        use crate::tui::action::Action;
        if let Some(check) = self.scam.as_mut() {
            match a {
                Action::Down => check.scroll = check.scroll.saturating_add(3).min(400),
                Action::Up => check.scroll = check.scroll.saturating_sub(3),
                _ => {}
            }
        }
    }

    /// A bracketed paste: escapes and control characters are defused before they reach
    /// the text area.
    pub(super) fn scam_paste(&mut self, s: &str) {
        if let Some(check) = self.scam.as_mut() {
            check
                .editor
                .insert_str(crate::domain::sanitize::clean(s).as_ref());
            check.scroll = 0;
            check.recheck();
        }
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use jiff::{Timestamp, tz::TimeZone};
    use ratatui::crossterm::event::{Event, KeyModifiers};

    use super::*;
    use crate::domain::case::Case;
    use crate::domain::facts::Facts;
    use crate::domain::scam::FlagKind;
    use crate::lang::Lang;

    fn key(c: KeyCode) -> KeyEvent {
        KeyEvent::new(c, KeyModifiers::NONE)
    }

    /// A case open in the case view, reached with keys from the list.
    pub(crate) fn app_in_a_case(lang: Lang) -> App {
        let now: Timestamp = "2026-11-25T10:00:00Z".parse().expect("time");
        let facts = Facts {
            merchant: "Corner Coffee".into(),
            amount: Some("38.50".into()),
            ..Facts::default()
        };
        let case = Case::new("20261125-100000".into(), facts, now);
        let mut app = App::new(lang, now, TimeZone::UTC, vec![case]);
        app.handle_key(key(KeyCode::Enter));
        assert_eq!(app.screen, Screen::Case);
        app
    }

    #[test]
    fn s_opens_the_check_on_step_5_and_a_paste_is_flagged() {
        let mut app = app_in_a_case(Lang::En);
        app.handle_key(key(KeyCode::Char('s')));
        assert_eq!(app.screen, Screen::Scam);
        assert_eq!(app.step, StepKey::ProtectPrivacy);
        app.handle_event(&Event::Paste(
            "Send me the verification code\x1b[2J now".into(),
        ));
        let check = app.scam.as_ref().expect("open");
        assert!(!check.text().contains('\x1b'), "escapes defused");
        let kinds: Vec<FlagKind> = check.flags.iter().map(|f| f.kind).collect();
        assert_eq!(kinds, [FlagKind::VerificationCode]);
    }

    #[test]
    fn typed_keys_go_to_the_text_not_the_key_table_and_esc_leaves_without_saving() {
        let mut app = app_in_a_case(Lang::En);
        app.take_effects();
        app.handle_key(key(KeyCode::Char('s')));
        for c in "qr code n".chars() {
            app.handle_key(key(KeyCode::Char(c)));
        }
        assert!(!app.quit, "q is a letter here");
        let check = app.scam.as_ref().expect("open");
        assert_eq!(check.text(), "qr code n");
        assert_eq!(check.flags[0].kind, FlagKind::Link);
        app.handle_key(key(KeyCode::Esc));
        assert_eq!(app.screen, Screen::Case);
        assert!(app.scam.is_none(), "the pasted text is dropped");
        let e = app.take_effects();
        assert!(
            e.saves
                .iter()
                .all(|c| c.step(StepKey::ProtectPrivacy).notes.is_empty()),
            "nothing of the message reaches the case"
        );
    }

    #[test]
    fn the_mouse_wheel_scrolls_the_flags() {
        use ratatui::crossterm::event::{MouseEvent, MouseEventKind};
        let mut app = app_in_a_case(Lang::En);
        app.handle_key(key(KeyCode::Char('s')));
        let wheel = |kind| {
            Event::Mouse(MouseEvent {
                kind,
                column: 10,
                row: 10,
                modifiers: KeyModifiers::NONE,
            })
        };
        app.handle_event(&wheel(MouseEventKind::ScrollDown));
        assert_eq!(app.scam.as_ref().map(|c| c.scroll), Some(3));
        app.handle_event(&wheel(MouseEventKind::ScrollUp));
        assert_eq!(app.scam.as_ref().map(|c| c.scroll), Some(0));
        assert_eq!(app.screen, Screen::Scam);
    }

    #[test]
    fn the_check_works_on_a_read_only_case() {
        let mut app = app_in_a_case(Lang::Zh);
        let id = app.open.clone().expect("open");
        app.read_only.insert(id);
        app.handle_key(key(KeyCode::Char('s')));
        assert_eq!(app.screen, Screen::Scam);
    }
}
