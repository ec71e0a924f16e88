//! The template view (`t`): pick a recipient and a language, read the filled message with
//! its missing facts and privacy warnings, copy it. Every message shown is also saved under
//! `exports/` and copying goes to the terminal and the system clipboard (`tui::clipboard`) —
//! both queued as effects for the event loop, since the app never touches the disk or the
//! terminal; the loop reports back what arrived.

use std::collections::BTreeMap;

use super::{App, Screen};
use crate::domain::template::{Length, Override, Recipient};
use crate::lang::Lang;
use crate::messages::{Message, compose_at};
use crate::tui::action::Action;

/// How many lines PgUp/PgDn move the message.
const PAGE: u16 = 8;

#[derive(Debug, Clone)]
pub struct TemplateView {
    pub to: Recipient,
    /// The message's language (starts as the screen's; `l` switches it alone).
    pub lang: Lang,
    /// Short (a chat) or full (a letter); `s` switches it, and it stays across recipients.
    pub length: Length,
    pub message: Message,
    /// The missing facts and warnings in the screen's language.
    pub notes: Message,
    pub scroll: u16,
    /// Where the message was saved, or why it was not; `None` until the loop reports.
    pub saved: Option<Result<String, String>>,
}

/// Template state that lives as long as the app: the user's overrides (read at start, at the
/// edge) and the work queued for the event loop.
#[derive(Debug, Default)]
pub struct Templates {
    pub overrides: BTreeMap<String, Override>,
    pub view: Option<TemplateView>,
    /// (file name under `exports/`, text) to write.
    pub(super) exports: Vec<(String, String)>,
    /// Text to put on the clipboard.
    pub(super) clipboard: Option<String>,
}

/// What leaves the program (a file under `exports/`, the clipboard) is made safe as the screen
/// and the CLI are: an escape sequence in a merchant's name must not reach a terminal that
/// `cat`s the file or a shell the text is pasted into.
fn outgoing(text: &str) -> String {
    crate::domain::sanitize::clean(text).into_owned()
}

impl App {
    pub(super) fn open_templates(&mut self) {
        let lang = self.lang;
        self.show_template(Recipient::Merchant, lang, Length::Short);
        if self.templates.view.is_some() {
            self.screen = Screen::Templates;
        }
    }

    /// Fill the message for `to` in `lang` at `length`, and queue it to be saved.
    fn show_template(&mut self, to: Recipient, lang: Lang, length: Length) {
        let Some(case) = self.case() else {
            return;
        };
        let user = self.templates.overrides.get(&to.file_name(lang));
        let message = compose_at(case, to, length, lang, self.now, &self.tz, user);
        let notes = if lang == self.lang {
            message.clone()
        } else {
            compose_at(case, to, length, self.lang, self.now, &self.tz, None)
        };
        let short = if length == Length::Short {
            ".short"
        } else {
            ""
        };
        let file = crate::storage::exports::safe_name(&format!(
            "{}-{}{short}.{}.txt",
            case.id,
            to.as_str(),
            lang.code()
        ));
        self.templates.exports.push((file, outgoing(&message.text)));
        self.flush = true;
        self.templates.view = Some(TemplateView {
            to,
            lang,
            length,
            message,
            notes,
            scroll: 0,
            saved: None,
        });
    }

    /// After `L`: the warnings follow the screen's language; the message keeps its own.
    pub(super) fn refresh_template(&mut self) {
        if let Some(v) = &self.templates.view {
            let (to, lang, length) = (v.to, v.lang, v.length);
            self.show_template(to, lang, length);
        }
    }

    pub(super) fn template_action(&mut self, a: Action) {
        let Some(v) = &mut self.templates.view else {
            self.screen = Screen::Case;
            return;
        };
        let (to, lang, length) = (v.to, v.lang, v.length);
        match a {
            Action::RecipientNext => self.show_template(to.step(true), lang, length),
            Action::RecipientPrev => self.show_template(to.step(false), lang, length),
            Action::PickRecipient(i) => {
                if let Some(r) = Recipient::ALL.get(i as usize) {
                    self.show_template(*r, lang, length);
                }
            }
            Action::MessageLang => self.show_template(to, lang.toggle(), length),
            Action::MessageLength => self.show_template(to, lang, length.toggle()),
            Action::CopyMessage => {
                self.templates.clipboard = Some(outgoing(&v.message.text));
                self.flush = true;
            }
            Action::Up => v.scroll = v.scroll.saturating_sub(1),
            Action::Down => v.scroll = v.scroll.saturating_add(1).min(super::MAX_SCROLL),
            Action::PageUp => v.scroll = v.scroll.saturating_sub(PAGE),
            Action::PageDown => v.scroll = v.scroll.saturating_add(PAGE).min(super::MAX_SCROLL),
            _ => {}
        }
    }

    /// The event loop reports how the copy went: the screen says what was done.
    pub fn copied(&mut self, how: crate::tui::clipboard::Copied) {
        use crate::tui::clipboard::Copied;
        self.say(match how {
            Copied::System => "tpl.copied.system",
            Copied::TerminalAsked => "tpl.copied.terminal",
            Copied::Failed => "tpl.copied.failed",
        });
    }

    /// The event loop reports where a message was saved (or why it was not).
    pub fn exported(&mut self, result: Result<String, String>) {
        if let Some(v) = &mut self.templates.view {
            v.saved = Some(result);
        }
    }
}
