//! Overlays: the help (written from the key table), the knowledge panel, and the delete
//! confirmation that names the case.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph};

use super::super::app::{App, Overlay};
use super::super::keys::{self, BINDINGS, Scope};
use super::super::theme::Theme;
use super::super::wrap::wrap;
use crate::assets::{content, t, tf};
use crate::domain::sanitize::clean_line;

pub fn draw(frame: &mut Frame, area: Rect, app: &App, o: &Overlay, theme: &Theme) {
    let (title, lines, scroll) = match o {
        Overlay::Help { scroll } => (
            t(app.lang, "help.title"),
            help_lines(app, theme, area.width.saturating_sub(2) as usize),
            *scroll,
        ),
        Overlay::Knowledge { scroll } => (
            t(app.lang, "knowledge.title"),
            knowledge_lines(app, theme, area.width.saturating_sub(2) as usize),
            *scroll,
        ),
        Overlay::Problems { scroll } => (
            t(app.lang, "problems.title"),
            problems_lines(app, theme, area.width.saturating_sub(2) as usize),
            *scroll,
        ),
        Overlay::ConfirmRemoveLog { index } => {
            let entry = app
                .case()
                .and_then(|c| c.log.get(*index))
                .map(|e| crate::describe::log_line(app.lang, e))
                .unwrap_or_default();
            let text = tf(app.lang, "log.confirm_remove", &[("entry", &entry)]);
            return confirm(frame, area, t(app.lang, "delete.title"), &text, theme);
        }
        Overlay::ConfirmRemoveEvidence { index } => {
            let what = app
                .case()
                .and_then(|c| c.evidence.get(*index))
                .map(|e| clean_line(&format!("{} ({})", e.label, e.path)).into_owned())
                .unwrap_or_default();
            let text = tf(app.lang, "evidence.confirm_remove", &[("entry", &what)]);
            return confirm(frame, area, t(app.lang, "delete.title"), &text, theme);
        }
        Overlay::ConfirmAnswer { step, decision } => {
            let text = app.confirm_answer_text(*step, *decision);
            return confirm(
                frame,
                area,
                t(app.lang, "answer.confirm.title"),
                &text,
                theme,
            );
        }
        Overlay::ConfirmDelete { id } => {
            let name = (0..app.list.len())
                .find(|i| app.list.get(*i).is_some_and(|s| &s.id == id))
                .and_then(|i| app.list_row(i))
                .map(|s| clean_line(&s.title).into_owned())
                .unwrap_or_default();
            let text = tf(app.lang, "delete.confirm", &[("title", &name), ("id", id)]);
            return confirm(frame, area, t(app.lang, "delete.title"), &text, theme);
        }
    };
    let max = lines
        .len()
        .saturating_sub(area.height.saturating_sub(2) as usize) as u16;
    boxed(frame, area, title, lines, scroll.min(max), theme);
}

/// How far the help or knowledge overlay scrolls on a screen of `size`: its last line on the
/// box's last row. The app keeps its scroll within this, so paging back up is immediate.
pub fn max_scroll(app: &App, size: Rect) -> u16 {
    let area = super::popup(size);
    let width = area.width.saturating_sub(2) as usize;
    let lines = match &app.overlay {
        Some(Overlay::Help { .. }) => help_lines(app, &Theme::new(false), width).len(),
        Some(Overlay::Knowledge { .. }) => knowledge_lines(app, &Theme::new(false), width).len(),
        Some(Overlay::Problems { .. }) => problems_lines(app, &Theme::new(false), width).len(),
        _ => 0,
    };
    u16::try_from(lines.saturating_sub(area.height.saturating_sub(2) as usize)).unwrap_or(u16::MAX)
}

/// Every load problem, each wrapped to the box: the list itself shows only the first few.
fn problems_lines(app: &App, theme: &Theme, width: usize) -> Vec<Line<'static>> {
    super::list::problem_texts(app)
        .iter()
        .flat_map(|text| wrap(&format!("! {text}"), width))
        .map(|l| Line::from(Span::styled(l, theme.warn)))
        .collect()
}

/// A short box in the middle of `area` asking a y/n question.
fn confirm(frame: &mut Frame, area: Rect, title: &str, text: &str, theme: &Theme) {
    let w = area.width.saturating_sub(2) as usize;
    let lines: Vec<Line<'static>> = wrap(text, w).into_iter().map(Line::from).collect();
    let h = (lines.len() as u16 + 2).min(area.height);
    let area = Rect {
        y: area.y + area.height.saturating_sub(h) / 2,
        height: h,
        ..area
    };
    boxed(frame, area, title, lines, 0, theme);
}

fn boxed(
    frame: &mut Frame,
    area: Rect,
    title: &str,
    lines: Vec<Line<'static>>,
    scroll: u16,
    theme: &Theme,
) {
    let block = super::boxed(title, theme.focus_border, theme);
    frame.render_widget(Clear, area);
    frame.render_widget(Paragraph::new(lines).block(block).scroll((scroll, 0)), area);
}

/// Every binding, grouped by where it works: the same table that dispatches the keys.
fn help_lines(app: &App, theme: &Theme, width: usize) -> Vec<Line<'static>> {
    // Keys in a column of 14; each description wrapped beside it, never cut at the border.
    const KEYS: usize = 14;
    let text_w = width.saturating_sub(KEYS).max(8);
    let mut out = vec![];
    for (scope, heading) in [
        (Scope::Global, "help.everywhere"),
        (Scope::List, "help.list"),
        (Scope::Case, "help.case"),
        (Scope::Log, "help.log"),
        (Scope::Evidence, "help.evidence"),
        (Scope::Templates, "help.templates"),
    ] {
        if !out.is_empty() {
            out.push(Line::default());
        }
        out.push(Line::from(Span::styled(
            t(app.lang, heading),
            theme.heading,
        )));
        for b in BINDINGS.iter().filter(|b| b.scope == scope) {
            for (i, part) in wrap(t(app.lang, b.help), text_w).into_iter().enumerate() {
                let keys = if i == 0 {
                    format!("  {:<12}", keys::keys_label_plain(b))
                } else {
                    " ".repeat(KEYS)
                };
                out.push(Line::from(vec![
                    Span::styled(keys, theme.key),
                    Span::raw(part),
                ]));
            }
        }
    }
    out.push(Line::default());
    out.push(Line::from(Span::styled(
        t(app.lang, "help.editing"),
        theme.heading,
    )));
    for key in ["help.edit.form", "help.edit.notes"] {
        for part in wrap(t(app.lang, key), width.saturating_sub(2).max(8)) {
            out.push(Line::from(format!("  {part}")));
        }
    }
    out
}

fn knowledge_lines(app: &App, theme: &Theme, width: usize) -> Vec<Line<'static>> {
    let k = &content(app.lang).knowledge;
    let mut out = vec![];
    let section = |out: &mut Vec<Line<'static>>, heading: &str, entries: Vec<(&str, &str)>| {
        if !out.is_empty() {
            out.push(Line::default());
        }
        out.push(Line::from(Span::styled(heading.to_string(), theme.heading)));
        for (title, text) in entries {
            out.push(Line::from(Span::styled(format!("• {title}"), theme.title)));
            for l in wrap(text, width.saturating_sub(2).max(1)) {
                out.push(Line::from(Span::styled(format!("  {l}"), Style::new())));
            }
        }
    };
    section(
        &mut out,
        t(app.lang, "knowledge.causes"),
        k.causes
            .values()
            .map(|e| (e.title.as_str(), e.text.as_str()))
            .collect(),
    );
    section(
        &mut out,
        t(app.lang, "knowledge.misconceptions"),
        k.misconceptions
            .values()
            .map(|e| (e.title.as_str(), e.text.as_str()))
            .collect(),
    );
    section(
        &mut out,
        t(app.lang, "knowledge.prevention"),
        k.prevention
            .values()
            .map(|e| (e.title.as_str(), e.text.as_str()))
            .collect(),
    );
    section(
        &mut out,
        t(app.lang, "knowledge.legal"),
        k.legal
            .iter()
            .map(|e| (e.title.as_str(), e.text.as_str()))
            .collect(),
    );
    section(
        &mut out,
        t(app.lang, "knowledge.faq"),
        k.faq
            .iter()
            .map(|e| (e.title.as_str(), e.text.as_str()))
            .collect(),
    );
    out
}
