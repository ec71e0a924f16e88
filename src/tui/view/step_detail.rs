//! The words of the selected step, as lines for the case view's detail pane: guidance, the
//! payments side by side (step 1), checklist, pitfalls, cause and tips (step 6), the question
//! and where its answer leads, escalation (step 4 unresolved), and the notes.

use ratatui::style::Style;
use ratatui::text::{Line, Span};

use super::super::app::{App, Pane};
use super::super::theme::Theme;
use super::super::wrap::wrap;
use crate::assets::{DecisionText, content, t, tf};
use crate::domain::case::{Case, Decision};
use crate::domain::compare::{self, Finding};
use crate::domain::routes::Stage;
use crate::domain::sanitize::{clean, clean_line};
use crate::domain::steps::{Cause, StepKey, Tip};
use crate::domain::time::{payment_local, short_local};
use crate::lang::Lang;

/// Lines wrapped to the pane's width, with a few ways to add them.
struct Out<'t> {
    lines: Vec<Line<'static>>,
    width: usize,
    theme: &'t Theme,
}

impl Out<'_> {
    fn blank(&mut self) {
        self.lines.push(Line::default());
    }

    fn heading(&mut self, s: &str) {
        self.blank();
        self.lines
            .push(Line::from(Span::styled(s.to_string(), self.theme.heading)));
    }

    /// `s` wrapped; continuation lines indented by `hang` columns to line up under the text.
    fn text(&mut self, s: &str, style: Style, lead: &str, hang: usize) {
        let w = self.width.saturating_sub(hang).max(1);
        for (i, l) in wrap(&clean(s), w).into_iter().enumerate() {
            let prefix = if i == 0 {
                lead.to_string()
            } else {
                " ".repeat(hang)
            };
            self.lines
                .push(Line::from(Span::styled(format!("{prefix}{l}"), style)));
        }
    }

    fn plain(&mut self, s: &str) {
        self.text(s, Style::new(), "", 0);
    }
}

/// The detail pane's words: the lines that scroll, which of them holds the selected checklist
/// item, and the step's question with its keys, pinned below them so it is always on screen.
pub struct Detail {
    pub lines: Vec<Line<'static>>,
    pub selected: Option<usize>,
    pub pinned: Vec<Line<'static>>,
}

/// All the lines of the selected step, wrapped to `width`.
pub fn lines(app: &App, case: &Case, theme: &Theme, width: usize) -> Detail {
    let lang = app.lang;
    let key = app.step;
    let text = &content(lang).steps[&key];
    let state = case.step(key);
    let mut out = Out {
        lines: vec![],
        width,
        theme,
    };
    out.lines.push(Line::from(vec![
        Span::styled(
            format!("{}. {}", key.index() + 1, text.title),
            theme.heading,
        ),
        Span::raw(format!(
            "  ({})",
            t(lang, &format!("step_status.{}", state.status.as_str()))
        )),
    ]));
    out.plain(&text.guidance);
    if key == StepKey::ProtectPrivacy {
        out.blank();
        out.text(&super::scam::step_hint(lang), theme.key, "", 0);
    }

    if key == StepKey::ConfirmRecords {
        payments(&mut out, app, case);
    }
    if key == StepKey::ContactSupport {
        let routes = routes(&mut out, lang, case, Stage::App);
        if routes > 0 {
            out.text(t(lang, "route.log_it"), theme.key, "→ ", 2);
        }
    }
    if super::deadlines::shown_in(key) {
        deadlines(&mut out, app, case);
    }

    out.heading(t(lang, "case.checklist"));
    let mut selected_line = None;
    for (i, item) in key.checklist().iter().enumerate() {
        let selected = app.pane == Pane::Detail && i == app.check_sel;
        if selected {
            selected_line = Some(out.lines.len());
        }
        let mark = if state.is_checked(item) {
            "[x] "
        } else {
            "[ ] "
        };
        let label = text
            .checklist
            .get(*item)
            .map(String::as_str)
            .unwrap_or(item);
        let style = if selected {
            theme.selected
        } else {
            Style::new()
        };
        out.text(label, style, mark, 4);
    }

    if !key.pitfalls().is_empty() {
        out.heading(t(lang, "case.pitfalls"));
        let k = &content(lang).knowledge;
        for p in key.pitfalls() {
            let e = &k.misconceptions[p];
            let line = tf(
                lang,
                "fmt.label_value",
                &[("label", &e.title), ("value", &e.text)],
            );
            out.text(&line, Style::new(), "! ", 2);
        }
    }

    if key == StepKey::Review {
        review(&mut out, app, case);
    }
    let mut pinned = Out {
        lines: vec![],
        width,
        theme,
    };
    if let Some(d) = &text.decision {
        decision(&mut pinned, lang, d, state.decision);
    }
    if key == StepKey::ContactSupport && state.decision == Some(Decision::No) {
        escalation(&mut out, lang, case);
    }

    out.heading(t(lang, "case.notes"));
    if state.notes.trim().is_empty() {
        out.text(t(lang, "case.no_notes"), theme.dim, "", 0);
    } else {
        out.plain(&state.notes);
    }
    Detail {
        lines: out.lines,
        selected: selected_line,
        pinned: pinned.lines,
    }
}

fn payments(out: &mut Out, app: &App, case: &Case) {
    let lang = app.lang;
    out.heading(t(lang, "case.payments"));
    let missing = t(lang, "case.missing");
    for (i, p) in case.facts.payments.iter().enumerate() {
        // As the app shows it: China time for WeChat Pay and Alipay, the zone named where
        // the user's clock differs.
        let app_name = &case.facts.app;
        let zone = crate::domain::bill_facts::payment_zone(app_name, &app.tz);
        let time = p
            .time
            .map(|ts| {
                let note = crate::domain::bill_facts::zone_note(ts, app_name, &app.tz);
                format!("{}{note}", payment_local(ts, &zone))
            })
            .unwrap_or_else(|| missing.to_string());
        let id = if p.transaction_id.trim().is_empty() {
            missing.to_string()
        } else {
            clean_line(&p.transaction_id).into_owned()
        };
        out.plain(&format!("{}  {time}  {id}", i + 1));
    }
    for finding in compare::compare(&case.facts) {
        let (text, style) = finding_text(lang, &finding, out.theme);
        out.text(&text, style, "  ", 2);
    }
}

fn finding_text(lang: Lang, f: &Finding, theme: &Theme) -> (String, Style) {
    match f {
        Finding::DifferentIds => (t(lang, "compare.different_ids").into(), theme.ok),
        Finding::SameId => (t(lang, "compare.same_id").into(), theme.warn),
        Finding::IdMissing => (t(lang, "compare.id_missing").into(), theme.dim),
        Finding::TimeMissing => (t(lang, "compare.time_missing").into(), theme.dim),
        Finding::SameAmountAndMerchant => {
            (t(lang, "compare.same_amount_merchant").into(), theme.ok)
        }
        Finding::AmountOrMerchantMissing => {
            (t(lang, "compare.amount_merchant_missing").into(), theme.dim)
        }
        Finding::Gap { seconds } => {
            let close = *seconds <= compare::LIKELY_RETRY_SECONDS;
            let gap = if *seconds < 120 {
                tf(lang, "compare.seconds", &[("n", &seconds.to_string())])
            } else {
                tf(
                    lang,
                    "compare.minutes",
                    &[("n", &(seconds / 60).to_string())],
                )
            };
            let key = if close {
                "compare.gap_close"
            } else {
                "compare.gap_far"
            };
            let style = if close { theme.ok } else { theme.warn };
            (tf(lang, key, &[("gap", &gap)]), style)
        }
    }
}

/// The step's question, the two answers (the chosen one marked) and what follows from it.
fn decision(out: &mut Out, lang: Lang, d: &DecisionText, chosen: Option<Decision>) {
    let question = tf(lang, "case.decision_line", &[("question", &d.question)]);
    out.text(&question, out.theme.heading, "", 0);
    let theme = out.theme;
    let answer = |which: Decision, label: &str, key: &str| {
        let on = chosen == Some(which);
        Span::styled(
            format!("{} {key}: {label}   ", if on { "(•)" } else { "( )" }),
            if on { theme.selected } else { Style::new() },
        )
    };
    let (yes, no) = (
        answer(Decision::Yes, &d.yes, "y"),
        answer(Decision::No, &d.no, "n"),
    );
    // Both answers on one line where they fit, else one a line: neither is ever cut.
    if yes.width() + no.width() <= out.width {
        out.lines.push(Line::from(vec![yes, no]));
    } else {
        out.lines.push(Line::from(yes));
        out.lines.push(Line::from(no));
    }
    match chosen {
        Some(Decision::Yes) => out.text(&d.after_yes, theme.ok, "→ ", 2),
        Some(Decision::No) => out.text(&d.after_no, theme.warn, "→ ", 2),
        None => {}
    }
}

/// The routes of `stage` for this case (`assets/routes.json`), each with its source, under
/// their heading; how many there were.
fn routes(out: &mut Out, lang: Lang, case: &Case, stage: Stage) -> usize {
    let list =
        crate::assets::routes().for_case(stage, &case.facts, crate::assets::deadline_rules());
    if stage == Stage::App && !list.is_empty() {
        out.heading(t(lang, "route.heading.app"));
    }
    for r in &list {
        out.text(t(lang, &format!("route.{}", r.key)), Style::new(), "• ", 2);
        let source = tf(lang, "route.source", &[("source", &r.source)]);
        out.text(&source, out.theme.dim, "  ", 2);
    }
    list.len()
}

/// Step 4 answered "not resolved": where to turn next for this case's app and country, each
/// with its source, and what to bring (the article's legal section and FAQ 3).
fn escalation(out: &mut Out, lang: Lang, case: &Case) {
    let k = &content(lang).knowledge;
    out.heading(t(lang, "escalate.title"));
    routes(out, lang, case, Stage::Escalate);
    out.text(t(lang, "escalate.legal"), Style::new(), "• ", 2);
    out.text(t(lang, "escalate.bring"), out.theme.warn, "", 0);
    let related = k.faq.iter().filter(|e| e.key == "support_ignores").chain(
        k.legal
            .iter()
            .filter(|e| e.key == "consumer_rights" || e.key == "dispute_mechanisms"),
    );
    for e in related {
        out.blank();
        out.text(&e.title, out.theme.title, "", 0);
        out.plain(&e.text);
    }
}

/// Step 6: when the case was closed (and how to reopen it), the four causes with the chosen
/// one marked, and the prevention tips, those fitting the cause first.
fn review(out: &mut Out, app: &App, case: &Case) {
    let lang = app.lang;
    let k = &content(lang).knowledge;
    if let (false, Some(at)) = (case.status.is_open(), case.closed_at) {
        let status = t(lang, &format!("status.{}", case.status.as_str()));
        let date = short_local(at, &app.tz);
        let line = tf(
            lang,
            "review.closed_on",
            &[("status", status), ("date", &date)],
        );
        out.blank();
        out.text(&line, out.theme.warn, "", 0);
    }
    out.heading(t(lang, "review.cause_heading"));
    for c in Cause::ALL {
        let on = case.facts.cause == Some(c);
        let style = if on { out.theme.selected } else { Style::new() };
        out.text(
            &k.causes[&c].title,
            style,
            if on { "(•) " } else { "( ) " },
            4,
        );
    }
    if let Some(c) = case.facts.cause {
        out.text(&k.causes[&c].text, out.theme.dim, "", 0);
    }
    out.heading(t(lang, "case.tips"));
    let fitting = case.facts.cause.map(|c| c.tips()).unwrap_or(&[]);
    for tip in Tip::ordered_for(case.facts.cause) {
        let e = &k.prevention[&tip];
        let lead = if fitting.contains(&tip) { "* " } else { "- " };
        let line = tf(
            lang,
            "fmt.label_value",
            &[("label", &e.title), ("value", &e.text)],
        );
        out.text(&line, Style::new(), lead, 2);
    }
}

/// Steps 2–4: every pending deadline, and what starts or follows from one.
fn deadlines(out: &mut Out, app: &App, case: &Case) {
    let items = super::deadlines::block(app, case, app.step, out.theme);
    if items.is_empty() {
        return;
    }
    // Which business days the deadlines count: weekends only, or mainland China's calendar.
    let (app_name, method) = (&case.facts.app, &case.facts.payment_method);
    let heading = if crate::assets::deadline_rules().in_china(app_name, method) {
        "deadline.heading.cn"
    } else {
        "deadline.heading"
    };
    out.heading(t(app.lang, heading));
    for i in items {
        let hang = unicode_width::UnicodeWidthStr::width(i.lead);
        out.text(&i.text, i.style, i.lead, hang);
    }
}
