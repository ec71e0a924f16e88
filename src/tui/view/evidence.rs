//! The evidence list (missing files flagged) and the form for one file.

use ratatui::Frame;
use ratatui::layout::{Position, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, List, ListItem, ListState, Paragraph, Wrap};
use unicode_width::UnicodeWidthStr;

use super::super::app::App;
use super::super::theme::Theme;
use crate::assets::{t, tf};
use crate::domain::sanitize::clean_line;

pub fn draw(frame: &mut Frame, area: Rect, app: &App, theme: &Theme) {
    let Some(case) = app.case() else {
        return;
    };
    let title = tf(
        app.lang,
        "evidence.title",
        &[("case", &clean_line(&case.display_title()))],
    );
    let block = super::boxed(&title, theme.border, theme);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    if case.evidence.is_empty() {
        let p = Paragraph::new(t(app.lang, "evidence.empty")).wrap(Wrap { trim: true });
        frame.render_widget(p, inner);
        return;
    }
    let items: Vec<ListItem> = case
        .evidence
        .iter()
        .map(|e| {
            let mut spans = vec![
                Span::raw(clean_line(&e.label).into_owned()),
                Span::styled(format!("  {}", clean_line(&e.path)), theme.dim),
            ];
            if app.missing_evidence.contains(&e.path) {
                spans.push(Span::styled(
                    format!("  ! {}", t(app.lang, "evidence.missing")),
                    theme.error,
                ));
            }
            ListItem::new(Line::from(spans))
        })
        .collect();
    let list = List::new(items).highlight_style(theme.selected);
    let mut state = ListState::default().with_selected(Some(app.evidence_sel));
    frame.render_stateful_widget(list, inner, &mut state);
}

pub fn draw_form(frame: &mut Frame, area: Rect, app: &App, theme: &Theme) {
    let Some(form) = &app.evidence_form else {
        return;
    };
    let lang = app.lang;
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(theme.focus_border)
        .title(Span::styled(
            format!(" {} ", t(lang, "evidence.form_title")),
            theme.title,
        ));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let labels = [t(lang, "evidence.label"), t(lang, "evidence.path")];
    let label_w = labels.iter().map(|l| l.width()).max().unwrap_or(6) + 2;
    let mut lines = vec![];
    let mut cursor = None;
    for (i, (label, input)) in labels.iter().zip([&form.label, &form.path]).enumerate() {
        let focused = form.focus == i;
        let pad = " ".repeat(label_w.saturating_sub(label.width()));
        if focused {
            let before: String = input.text().chars().take(input.cursor()).collect();
            cursor = Some((1 + label_w + clean_line(&before).width(), i));
        }
        let mut spans = vec![
            Span::styled(
                format!("{}{label}{pad}", if focused { ">" } else { " " }),
                if focused { theme.heading } else { theme.dim },
            ),
            Span::styled(
                clean_line(input.text()).into_owned(),
                super::field_style(Some(input), focused, theme),
            ),
        ];
        if focused && let Some(e) = form.error {
            spans.push(Span::styled(format!("  ! {}", t(lang, e)), theme.error));
        }
        lines.push(Line::from(spans));
    }
    lines.push(Line::default());
    lines.push(Line::from(Span::styled(
        t(lang, "evidence.help"),
        theme.dim,
    )));
    for c in &form.candidates {
        lines.push(Line::from(Span::styled(
            format!("  {}", clean_line(c)),
            theme.dim,
        )));
    }
    frame.render_widget(Paragraph::new(lines), inner);
    if let Some((x, y)) = cursor
        && (x as u16) < inner.width
    {
        frame.set_cursor_position(Position::new(inner.x + x as u16, inner.y + y as u16));
    }
}
