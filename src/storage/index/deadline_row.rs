//! The deadline facts in an index row (see `DeadlineFacts`): the app and payment method
//! (escaped), then each anchor and the refund's due date as `seconds.nanoseconds` or `-`.
//! Whether the case is open is not stored: the row's status says it.

use jiff::Timestamp;

use super::{escape, unescape};
use crate::domain::deadlines::DeadlineFacts;

pub(super) fn write(f: &DeadlineFacts, out: &mut String) {
    use std::fmt::Write;
    out.push('\t');
    escape(&f.app, out);
    out.push('\t');
    escape(&f.payment_method, out);
    for t in f.anchors.iter().chain([&f.refund_due_by]) {
        match t {
            Some(t) => {
                let _ = write!(out, "\t{}.{}", t.as_second(), t.subsec_nanosecond());
            }
            None => out.push_str("\t-"),
        }
    }
}

pub(super) fn parse<'a>(
    next: &mut impl FnMut() -> Option<&'a str>,
    open: bool,
) -> Option<DeadlineFacts> {
    let app = unescape(next()?);
    let payment_method = unescape(next()?);
    let mut anchors = [None; crate::domain::deadlines::Anchor::ALL.len()];
    for a in &mut anchors {
        *a = time(next()?)?;
    }
    Some(DeadlineFacts {
        open,
        app,
        payment_method,
        anchors,
        refund_due_by: time(next()?)?,
    })
}

/// `Some(None)` for `-`, `None` for a malformed field (the row is then not trusted).
fn time(field: &str) -> Option<Option<Timestamp>> {
    if field == "-" {
        return Some(None);
    }
    let (secs, nanos) = field.split_once('.')?;
    Timestamp::new(secs.parse().ok()?, nanos.parse().ok()?)
        .ok()
        .map(Some)
}
