//! The case view: the six steps with status marks beside the selected step's guidance,
//! checklist, pitfalls, decision and notes.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, List, ListItem, ListState, Paragraph};

use super::super::app::{App, Pane};
use super::super::theme::Theme;
use super::super::wrap::wrap;
use crate::assets::{content, t, tf};
use crate::domain::case::{Case, Decision, StepStatus};
use crate::domain::compare::{self, Finding};
use crate::domain::sanitize::{clean, clean_line};
use crate::domain::steps::{StepKey, Tip};
use crate::domain::time::full_local;
use crate::lang::Lang;

pub fn draw(frame: &mut Frame, area: Rect, app: &App, theme: &Theme) {
    let Some(case) = app.case() else {
        return;
    };
    let title = format!(
        " {}  {}/6 ",
        clean_line(&case.display_title()),
        case.progress()
    );
    let status = if case.status.is_open() {
        String::new()
    } else {
        format!(
            " {} ",
            t(app.lang, &format!("status.{}", case.status.as_str()))
        )
    };
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(theme.border)
        .title(Span::styled(title, theme.title))
        .title(Line::from(Span::styled(status, theme.warn)).right_aligned());
    let inner = block.inner(area);
    frame.render_widget(block, area);

    let steps_w = if inner.width >= 60 { 22 } else { 16 };
    let [left, right] =
        Layout::horizontal([Constraint::Length(steps_w), Constraint::Min(1)]).areas(inner);
    draw_steps(frame, left, app, case, theme);
    draw_detail(frame, right, app, case, theme);
}

/// `[x]` done, `[~]` in progress, `[ ]` to do, `[-]` not needed: readable without colour.
pub fn mark(s: StepStatus) -> &'static str {
    match s {
        StepStatus::Done => "[x]",
        StepStatus::InProgress => "[~]",
        StepStatus::Todo => "[ ]",
        StepStatus::NotNeeded => "[-]",
    }
}

fn draw_steps(frame: &mut Frame, area: Rect, app: &App, case: &Case, theme: &Theme) {
    let c = content(app.lang);
    let next = case.next_step;
    let items: Vec<ListItem> = case
        .steps
        .iter()
        .map(|s| {
            let pointer = if Some(s.key) == next { "▸" } else { " " };
            ListItem::new(format!(
                "{pointer}{} {} {}",
                mark(s.status),
                s.key.index() + 1,
                c.steps[&s.key].short
            ))
        })
        .collect();
    let focused = app.pane == Pane::Steps;
    let block = Block::default()
        .borders(Borders::RIGHT)
        .border_style(if focused {
            theme.focus_border
        } else {
            theme.border
        });
    let list = List::new(items).block(block).highlight_style(if focused {
        theme.selected
    } else {
        theme.heading
    });
    let mut state = ListState::default().with_selected(Some(app.step.index()));
    frame.render_stateful_widget(list, area, &mut state);
}

fn draw_detail(frame: &mut Frame, area: Rect, app: &App, case: &Case, theme: &Theme) {
    let area = Rect {
        x: area.x + 1,
        width: area.width.saturating_sub(1),
        ..area
    };
    let (lines, selected_line) = detail_lines(app, case, theme, area.width as usize);
    // Keep the selected checklist item in view when the detail pane has focus.
    let h = area.height as usize;
    let mut scroll = app.detail_scroll as usize;
    if app.pane == Pane::Detail
        && let Some(sel) = selected_line
    {
        if sel < scroll {
            scroll = sel;
        } else if sel >= scroll + h {
            scroll = sel + 1 - h;
        }
    }
    let scroll = scroll.min(lines.len().saturating_sub(1));
    let visible: Vec<Line> = lines.into_iter().skip(scroll).take(h).collect();
    frame.render_widget(Paragraph::new(visible), area);
}

/// All the lines of the detail pane, and which one holds the selected checklist item.
fn detail_lines(
    app: &App,
    case: &Case,
    theme: &Theme,
    width: usize,
) -> (Vec<Line<'static>>, Option<usize>) {
    let lang = app.lang;
    let key = app.step;
    let text = &content(lang).steps[&key];
    let state = case.step(key);
    let mut out: Vec<Line> = vec![];
    let push_wrapped = |out: &mut Vec<Line<'static>>, s: &str, style: Style, indent: &str| {
        let w = width.saturating_sub(indent.chars().count()).max(1);
        for l in wrap(&clean(s), w) {
            out.push(Line::from(Span::styled(format!("{indent}{l}"), style)));
        }
    };

    out.push(Line::from(vec![
        Span::styled(
            format!("{}. {}", key.index() + 1, text.title),
            theme.heading,
        ),
        Span::raw(format!(
            "  ({})",
            t(lang, &format!("step_status.{}", state.status.as_str()))
        )),
    ]));
    push_wrapped(&mut out, &text.guidance, Style::new(), "");

    if key == StepKey::ConfirmRecords {
        out.push(Line::default());
        payments(&mut out, app, case, theme, width);
    }

    out.push(Line::default());
    out.push(Line::from(Span::styled(
        t(lang, "case.checklist"),
        theme.heading,
    )));
    let mut selected_line = None;
    for (i, item) in key.checklist().iter().enumerate() {
        let checked = if state.is_checked(item) { "[x]" } else { "[ ]" };
        let selected = app.pane == Pane::Detail && i == app.check_sel;
        if selected {
            selected_line = Some(out.len());
        }
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
        let first = out.len();
        push_wrapped(&mut out, &format!("{checked} {label}"), style, "");
        // Continuation lines of an item line up under its text.
        for l in out.iter_mut().skip(first + 1) {
            let s: String = l.spans.iter().map(|s| s.content.as_ref()).collect();
            *l = Line::from(Span::styled(format!("    {s}"), style));
        }
    }

    let pitfalls = key.pitfalls();
    if !pitfalls.is_empty() {
        out.push(Line::default());
        out.push(Line::from(Span::styled(
            t(lang, "case.pitfalls"),
            theme.heading,
        )));
        let k = &content(lang).knowledge;
        for p in pitfalls {
            let e = &k.misconceptions[p];
            push_wrapped(
                &mut out,
                &format!("! {}: {}", e.title, e.text),
                Style::new(),
                "",
            );
        }
    }

    if key == StepKey::Review {
        review(&mut out, lang, case, theme, width);
    }

    if let Some(d) = &text.decision {
        out.push(Line::default());
        out.push(Line::from(Span::styled(
            t(lang, "case.decision"),
            theme.heading,
        )));
        push_wrapped(&mut out, &d.question, Style::new(), "");
        let answer = |which: Decision, label: &str, key: &str| {
            let chosen = state.decision == Some(which);
            let mark = if chosen { "(•)" } else { "( )" };
            Span::styled(
                format!("{mark} {key}: {label}   "),
                if chosen { theme.selected } else { Style::new() },
            )
        };
        out.push(Line::from(vec![
            answer(Decision::Yes, &d.yes, "y"),
            answer(Decision::No, &d.no, "n"),
        ]));
        match state.decision {
            Some(Decision::Yes) => push_wrapped(&mut out, &d.after_yes, theme.ok, "→ "),
            Some(Decision::No) => push_wrapped(&mut out, &d.after_no, theme.warn, "→ "),
            None => {}
        }
    }

    out.push(Line::default());
    out.push(Line::from(Span::styled(
        t(lang, "case.notes"),
        theme.heading,
    )));
    if state.notes.trim().is_empty() {
        out.push(Line::from(Span::styled(
            t(lang, "case.no_notes"),
            theme.dim,
        )));
    } else {
        push_wrapped(&mut out, &state.notes, Style::new(), "");
    }
    (out, selected_line)
}

fn payments(out: &mut Vec<Line<'static>>, app: &App, case: &Case, theme: &Theme, width: usize) {
    let lang = app.lang;
    out.push(Line::from(Span::styled(
        t(lang, "case.payments"),
        theme.heading,
    )));
    let missing = t(lang, "case.missing");
    let f = &case.facts;
    for (i, p) in f.payments.iter().enumerate() {
        let time = p
            .time
            .map(|ts| full_local(ts, &app.tz))
            .unwrap_or_else(|| missing.to_string());
        let id = if p.transaction_id.trim().is_empty() {
            missing.to_string()
        } else {
            clean_line(&p.transaction_id).into_owned()
        };
        out.push(Line::from(format!("{}  {time}  {id}", i + 1)));
    }
    for finding in compare::compare(f) {
        let (text, style) = finding_text(lang, &finding, theme);
        for l in wrap(&text, width.saturating_sub(2).max(1)) {
            out.push(Line::from(Span::styled(format!("  {l}"), style)));
        }
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
            let key = if *seconds <= compare::LIKELY_RETRY_SECONDS {
                "compare.gap_close"
            } else {
                "compare.gap_far"
            };
            let gap = if *seconds < 120 {
                tf(lang, "compare.seconds", &[("n", &seconds.to_string())])
            } else {
                tf(
                    lang,
                    "compare.minutes",
                    &[("n", &(seconds / 60).to_string())],
                )
            };
            let style = if *seconds <= compare::LIKELY_RETRY_SECONDS {
                theme.ok
            } else {
                theme.warn
            };
            (tf(lang, key, &[("gap", &gap)]), style)
        }
    }
}

/// Step 6: the chosen cause and the prevention tips, those fitting the cause first.
fn review(out: &mut Vec<Line<'static>>, lang: Lang, case: &Case, theme: &Theme, width: usize) {
    let k = &content(lang).knowledge;
    out.push(Line::default());
    let cause = match case.facts.cause {
        Some(c) => k.causes[&c].title.clone(),
        None => t(lang, "case.cause_none").to_string(),
    };
    out.push(Line::from(vec![
        Span::styled(t(lang, "case.cause"), theme.heading),
        Span::raw(format!(" {cause}  ")),
        Span::styled(t(lang, "case.cause_hint"), theme.dim),
    ]));
    out.push(Line::from(Span::styled(
        t(lang, "case.tips"),
        theme.heading,
    )));
    let fitting = case.facts.cause.map(|c| c.tips()).unwrap_or(&[]);
    for tip in Tip::ordered_for(case.facts.cause) {
        let e = &k.prevention[&tip];
        let star = if fitting.contains(&tip) { "* " } else { "- " };
        for (i, l) in wrap(
            &format!("{}: {}", e.title, e.text),
            width.saturating_sub(2).max(1),
        )
        .into_iter()
        .enumerate()
        {
            let lead = if i == 0 { star } else { "  " };
            out.push(Line::from(format!("{lead}{l}")));
        }
    }
}
