//! Deadlines in the case view: the block shown in steps 2–4 (every pending deadline with its
//! due time, "in N days" / "overdue by N days" and its source), hints for starting a clock,
//! the follow-up offer when the refund is overdue, and the header badge.

use ratatui::style::Style;

use super::super::app::App;
use super::super::theme::Theme;
use crate::assets::{deadline_rules, t, tf};
use crate::describe::deadline::{label, source, when};
use crate::domain::case::Case;
use crate::domain::deadlines::{self, Anchor, Deadline, anchor_time};
use crate::domain::steps::StepKey;
use crate::domain::time::short_local;

/// One line of text to wrap: its style and the lead written before it.
pub struct Item {
    pub text: String,
    pub style: Style,
    pub lead: &'static str,
}

fn style_of(d: &Deadline, theme: &Theme) -> Style {
    match d.days_left {
        _ if d.past => theme.error,
        0 => theme.warn,
        _ => Style::new(),
    }
}

/// Which steps show the block: the ones where the user waits for someone.
pub fn shown_in(step: StepKey) -> bool {
    matches!(
        step,
        StepKey::ContactMerchant | StepKey::RequestRefund | StepKey::ContactSupport
    )
}

/// The block's lines (empty when there is nothing to say).
pub fn block(app: &App, case: &Case, step: StepKey, theme: &Theme) -> Vec<Item> {
    let lang = app.lang;
    let list = deadlines::compute(case, deadline_rules(), app.now, &app.tz);
    let mut out = vec![];
    for d in &list {
        // `!` marks what needs attention without relying on colour.
        let lead = if d.days_left <= 0 || d.past {
            "! "
        } else {
            "· "
        };
        out.push(Item {
            text: format!(
                "{} · {}",
                tf(
                    lang,
                    "fmt.label_value",
                    &[
                        ("label", label(lang, d)),
                        ("value", &short_local(d.due, &app.tz))
                    ]
                ),
                when(lang, d)
            ),
            style: style_of(d, theme),
            lead,
        });
        out.push(Item {
            text: tf(lang, "deadline.source", &[("source", &source(lang, d))]),
            style: theme.dim,
            lead: "  ",
        });
    }
    if !case.status.is_open() {
        return out;
    }
    let hint = match step {
        StepKey::ContactMerchant if anchor_time(case, Anchor::MerchantContact).is_none() => {
            Some("deadline.hint.merchant")
        }
        StepKey::RequestRefund if anchor_time(case, Anchor::RefundRequested).is_none() => {
            Some("deadline.hint.refund")
        }
        StepKey::ContactSupport if anchor_time(case, Anchor::ComplaintFiled).is_none() => {
            Some("deadline.hint.complaint")
        }
        _ => None,
    };
    if let Some(h) = hint {
        out.push(Item {
            text: t(lang, h).to_string(),
            style: theme.dim,
            lead: "",
        });
    }
    if let Some(d) = list.iter().find(|d| d.kind == "refund_due" && d.overdue()) {
        out.push(Item {
            text: tf(lang, "deadline.followup", &[("when", &when(lang, d))]),
            style: theme.warn,
            lead: "→ ",
        });
    }
    out
}

/// The case header's badge: the nearest deadline, "Refund due · overdue by 3 days".
pub fn header(app: &App, case: &Case, theme: &Theme, room: usize) -> Option<(String, Style)> {
    use unicode_width::UnicodeWidthStr;
    let d = app.nearest_deadline(case)?;
    let mark = if d.days_left <= 0 || d.past { "! " } else { "" };
    // The case title and progress come first; the deadline takes what room is left, in its
    // long form, else as the list's short badge, else not at all.
    let long = format!(" {mark}{} · {} ", label(app.lang, &d), when(app.lang, &d));
    let medium = format!(" {} ", crate::describe::deadline::headline(app.lang, &d));
    let short = format!(" {} ", crate::describe::deadline::badge(app.lang, &d));
    let text = [long, medium, short]
        .into_iter()
        .find(|s| s.width() <= room)?;
    Some((text, style_of(&d, theme)))
}
