//! The contact log (newest first) and the form that adds or edits one entry.

use ratatui::Frame;
use ratatui::layout::{Position, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, List, ListItem, ListState, Paragraph};
use unicode_width::UnicodeWidthStr;

use super::super::app::App;
use super::super::log_form::{FIELDS, WHO};
use super::super::theme::Theme;
use crate::assets::{t, tf};
use crate::describe::log_line;
use crate::domain::sanitize::clean_line;
use crate::domain::time::short_local;

pub fn draw(frame: &mut Frame, area: Rect, app: &App, theme: &Theme) {
    let Some(case) = app.case() else {
        return;
    };
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(theme.border)
        .title(Span::styled(
            format!(
                " {} ",
                tf(
                    app.lang,
                    "log.title",
                    &[("case", &clean_line(&case.display_title()))]
                )
            ),
            theme.title,
        ));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    if case.log.is_empty() {
        frame.render_widget(Paragraph::new(t(app.lang, "log.empty")), inner);
        return;
    }
    let items: Vec<ListItem> = case
        .timeline()
        .into_iter()
        .map(|e| {
            ListItem::new(Line::from(vec![
                Span::styled(format!("{}  ", short_local(e.at, &app.tz)), theme.dim),
                Span::raw(log_line(app.lang, e)),
            ]))
        })
        .collect();
    let list = List::new(items).highlight_style(theme.selected);
    let mut state = ListState::default().with_selected(Some(app.log_sel));
    frame.render_stateful_widget(list, inner, &mut state);
}

pub fn draw_form(frame: &mut Frame, area: Rect, app: &App, theme: &Theme) {
    let Some(form) = &app.log_form else {
        return;
    };
    let lang = app.lang;
    let title = if form.index.is_some() {
        t(lang, "logform.title_edit")
    } else {
        t(lang, "logform.title_new")
    };
    let block = super::boxed(title, theme.focus_border, theme);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let label_w = FIELDS
        .iter()
        .map(|f| t(lang, &format!("logform.{f}")).width())
        .max()
        .unwrap_or(8)
        + 2;
    let mut lines = vec![];
    let mut cursor = None;
    for (i, name) in FIELDS.iter().enumerate() {
        let label = t(lang, &format!("logform.{name}"));
        let pad = " ".repeat(label_w.saturating_sub(label.width()));
        let focused = i == form.focus;
        let value = match form.input(i) {
            Some(input) => {
                if focused {
                    let before: String = input.text().chars().take(input.cursor()).collect();
                    cursor = Some((1 + label_w + clean_line(&before).width(), i));
                }
                clean_line(input.text()).into_owned()
            }
            None => format!(
                "< {} >",
                t(lang, &format!("logform.who.{}", WHO[form.with]))
            ),
        };
        let mut spans = vec![
            Span::styled(
                format!("{}{label}{pad}", if focused { ">" } else { " " }),
                if focused { theme.heading } else { theme.dim },
            ),
            Span::styled(value, super::field_style(form.input(i), focused, theme)),
        ];
        if focused && let Some(e) = form.error {
            spans.push(Span::styled(format!("  ! {}", t(lang, e)), theme.error));
        }
        lines.push(Line::from(spans));
    }
    lines.push(Line::default());
    lines.push(Line::from(Span::styled(t(lang, "logform.help"), theme.dim)));
    frame.render_widget(Paragraph::new(lines), inner);
    if let Some((x, y)) = cursor
        && (x as u16) < inner.width
        && (y as u16) < inner.height
    {
        frame.set_cursor_position(Position::new(inner.x + x as u16, inner.y + y as u16));
    }
}
