//! Domain values in words, for both faces (CLI and TUI): the log line of an event, status
//! labels. Words come from `assets`; nothing here draws or prints.

pub mod deadline;

use crate::assets::{has, t};
use crate::domain::case::{LogEntry, LogKind};
use crate::domain::sanitize::clean_line;
use crate::lang::Lang;

/// Why the data directory could not be opened: another paytwice holds it (named by pid when
/// known), or the error itself. The CLI and the interactive program both say it this way.
pub fn open_error(lang: Lang, e: &crate::storage::OpenError) -> String {
    use crate::storage::{LockError, OpenError};
    match e {
        OpenError::Locked(LockError::Held(pid)) => crate::assets::tf(
            lang,
            "cli.locked",
            &[(
                "pid",
                &pid.map(|p| p.to_string()).unwrap_or_else(|| "?".into()),
            )],
        ),
        other => other.to_string(),
    }
}

/// One log entry as a line: an event's words from its code, a contact's own text with
/// who/channel/reference.
pub fn log_line(lang: Lang, e: &LogEntry) -> String {
    let mut parts: Vec<String> = vec![];
    match e.kind {
        LogKind::Event => {
            let key = format!("event.{}", e.code);
            parts.push(if has(lang, &key) {
                t(lang, &key).to_string()
            } else {
                e.code.clone()
            });
            if !e.text.is_empty() {
                parts.push(clean_line(&e.text).into_owned());
            }
        }
        LogKind::Contact => {
            // `with` is a code (merchant/service/other) when the log form wrote it.
            let who_key = format!("logform.who.{}", e.with);
            let with = if has(lang, &who_key) {
                t(lang, &who_key)
            } else {
                e.with.as_str()
            };
            let who: Vec<&str> = [with, e.channel.as_str()]
                .into_iter()
                .filter(|s| !s.trim().is_empty())
                .collect();
            if !who.is_empty() {
                parts.push(format!("[{}]", clean_line(&who.join(" · "))));
            }
            parts.push(clean_line(&e.text).into_owned());
        }
    }
    if !e.reference.trim().is_empty() {
        parts.push(format!("#{}", clean_line(&e.reference)));
    }
    parts.join(" ")
}
