use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::super::app::{App, Screen};
use super::super::keys;
use super::super::theme::Theme;
use crate::assets::t;

pub fn status(frame: &mut Frame, area: Rect, app: &App, theme: &Theme) {
    let Some(s) = &app.status else {
        return;
    };
    let style = if s.error { theme.error } else { theme.ok };
    let mark = if s.error { "! " } else { "" };
    // Wrapped to the rows the layout gave it (`layout::status_rows`).
    let lines: Vec<Line> =
        crate::tui::wrap::wrap(&format!("{mark}{}", s.text), area.width.max(1) as usize)
            .into_iter()
            .map(|l| Line::from(Span::styled(l, style)))
            .collect();
    frame.render_widget(Paragraph::new(lines), area);
}

/// The one-line key hints, written from the key table (text fields have their own).
pub fn hints(frame: &mut Frame, area: Rect, app: &App, theme: &Theme) {
    let mut spans = vec![];
    let mut push = |key: String, label: &str| {
        if !spans.is_empty() {
            spans.push(Span::raw("  "));
        }
        spans.push(Span::styled(key, theme.key));
        spans.push(Span::raw(format!(" {label}")));
    };
    use super::super::app::Overlay;
    match (app.screen, &app.overlay) {
        // A question: only `y` does it; every other key (Esc too) leaves things as they are.
        (
            _,
            Some(
                Overlay::ConfirmAnswer { .. }
                | Overlay::ConfirmDelete { .. }
                | Overlay::ConfirmRemoveLog { .. }
                | Overlay::ConfirmRemoveEvidence { .. },
            ),
        ) => {
            push("y".into(), t(app.lang, "hint.confirm"));
            push(
                t(app.lang, "hint.other_key").into(),
                t(app.lang, "hint.keep"),
            );
        }
        (_, Some(_)) => {
            push("Esc".into(), t(app.lang, "hint.close"));
            push("↑↓".into(), t(app.lang, "hint.scroll"));
        }
        (Screen::Facts | Screen::LogEntry | Screen::EvidenceEntry, None) => {
            push("Tab ↑↓".into(), t(app.lang, "hint.field"));
            push("Enter".into(), t(app.lang, "hint.save"));
            push("Esc".into(), t(app.lang, "hint.cancel"));
            if app.screen == Screen::Facts {
                push("Ctrl-B".into(), t(app.lang, "bill.hint.from_bill"));
            }
        }
        (Screen::Bill, None) => {
            for (key, label) in super::bill::hints(app) {
                push(key.into(), label);
            }
        }
        (Screen::Scam, None) => {
            push("Esc".into(), t(app.lang, "hint.leave_scam"));
            push("PgUp PgDn".into(), t(app.lang, "hint.scroll"));
            push("Ctrl-C".into(), t(app.lang, "hint.quit_saving"));
        }
        (Screen::Notes, None) => {
            push("Esc".into(), t(app.lang, "hint.done_editing"));
            push("Ctrl-C".into(), t(app.lang, "hint.quit_saving"));
        }
        (_, None) => {
            let scope = app.scope();
            for b in keys::hints(scope) {
                push(
                    keys::label(&b.keys[0]),
                    t(app.lang, &format!("{}.short", b.help)),
                );
            }
        }
    }
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
}
