//! Adding or editing one contact-log entry: when, with whom, through which channel, the
//! reference or ticket number, and what was said.

use jiff::{Timestamp, tz::TimeZone};

use super::input::LineInput;
use crate::domain::case::{LogEntry, LogKind};
use crate::domain::time::{parse_user_time, short_local};

/// Who the contact was with, or what was filed (a complaint in the app, a PayPal dispute or
/// claim, a chargeback request to the bank: `deadlines::FILINGS`). Stored as these codes in
/// the entry's `with` field: the deadline rules start the complaint clocks from a filing, never
/// from a chat with customer service.
pub const WHO: [&str; 7] = [
    "merchant",
    "service",
    "complaint",
    "dispute",
    "claim",
    "chargeback",
    "other",
];

/// Fields in order; the name is the text key suffix (`logform.<name>`).
pub const FIELDS: [&str; 5] = ["at", "with", "channel", "reference", "text"];

#[derive(Debug, Clone)]
pub struct LogForm {
    /// Index into `case.log` when editing; `None` when adding.
    pub index: Option<usize>,
    pub at: LineInput,
    pub with: usize,
    pub channel: LineInput,
    pub reference: LineInput,
    pub text: LineInput,
    pub focus: usize,
    /// Text key of the reason the time was refused.
    pub error: Option<&'static str>,
    /// Where to go back to: the log list, or the case view.
    pub from_log: bool,
}

impl LogForm {
    pub fn new(
        index: Option<usize>,
        e: Option<&LogEntry>,
        now: Timestamp,
        tz: &TimeZone,
        from_log: bool,
    ) -> LogForm {
        let at = e.map(|e| e.at).unwrap_or(now);
        let who = e
            .and_then(|e| WHO.iter().position(|w| *w == e.with))
            .unwrap_or(0);
        let mut form = LogForm {
            index,
            at: LineInput::new(&short_local(at, tz)),
            with: who,
            channel: LineInput::new(e.map(|e| e.channel.as_str()).unwrap_or("")),
            reference: LineInput::new(e.map(|e| e.reference.as_str()).unwrap_or("")),
            text: LineInput::new(e.map(|e| e.text.as_str()).unwrap_or("")),
            // Adding: start where the user types what happened.
            focus: if index.is_some() { 0 } else { 4 },
            error: None,
            from_log,
        };
        form.entered();
        form
    }

    /// The field just entered has its value selected: typing replaces it.
    fn entered(&mut self) {
        if let Some(i) = self.input_mut() {
            i.select_all();
        }
    }

    pub fn field(&self) -> &'static str {
        FIELDS[self.focus]
    }

    pub fn input_mut(&mut self) -> Option<&mut LineInput> {
        match self.focus {
            0 => Some(&mut self.at),
            2 => Some(&mut self.channel),
            3 => Some(&mut self.reference),
            4 => Some(&mut self.text),
            _ => None,
        }
    }

    pub fn input(&self, i: usize) -> Option<&LineInput> {
        match i {
            0 => Some(&self.at),
            2 => Some(&self.channel),
            3 => Some(&self.reference),
            4 => Some(&self.text),
            _ => None,
        }
    }

    pub fn next(&mut self) {
        self.focus = (self.focus + 1) % FIELDS.len();
        self.entered();
    }

    pub fn prev(&mut self) {
        self.focus = (self.focus + FIELDS.len() - 1) % FIELDS.len();
        self.entered();
    }

    pub fn cycle_who(&mut self) {
        self.with = (self.with + 1) % WHO.len();
    }

    /// The entry, or `None` with `error` set (a time that does not parse or is in the future).
    pub fn submit(&mut self, now: Timestamp, tz: &TimeZone) -> Option<LogEntry> {
        let at = match parse_user_time(self.at.text(), tz) {
            None => {
                self.error = Some("time.invalid");
                self.focus = 0;
                return None;
            }
            Some(t) if t > now + jiff::SignedDuration::from_secs(60) => {
                self.error = Some("time.future");
                self.focus = 0;
                return None;
            }
            Some(t) => t,
        };
        if self.text.text().trim().is_empty() && self.reference.text().trim().is_empty() {
            self.error = Some("logform.empty");
            self.focus = 4;
            return None;
        }
        Some(LogEntry {
            at,
            kind: LogKind::Contact,
            text: self.text.text().trim().to_string(),
            reference: self.reference.text().trim().to_string(),
            with: WHO[self.with].to_string(),
            channel: self.channel.text().trim().to_string(),
            code: String::new(),
            extra: Default::default(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_bad_or_future_times_and_empty_entries() {
        let tz = TimeZone::UTC;
        let now: Timestamp = "2026-11-25T10:00:00Z".parse().unwrap();
        let mut f = LogForm::new(None, None, now, &tz, false);
        assert_eq!(f.submit(now, &tz), None);
        assert_eq!(f.error, Some("logform.empty"));
        f.text.insert("Merchant says refund tomorrow");
        f.cycle_who();
        let e = f.submit(now, &tz).unwrap();
        assert_eq!(e.with, "service");
        assert_eq!(e.at, "2026-11-25T10:00:00Z".parse().unwrap());
        f.at.clear();
        f.at.insert("2027-01-01 10:00");
        assert_eq!(f.submit(now, &tz), None);
        assert_eq!(f.error, Some("time.future"));
    }
}
