//! The facts form: label, value, and the reason beside any refused value.

use ratatui::Frame;
use ratatui::layout::{Position, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use unicode_width::UnicodeWidthStr;

use super::super::app::App;
use super::super::form::Field;
use super::super::theme::Theme;
use crate::assets::{content, t, tf};
use crate::domain::sanitize::clean_line;

pub fn draw(frame: &mut Frame, area: Rect, app: &App, theme: &Theme) {
    let Some(form) = &app.form else {
        return;
    };
    let lang = app.lang;
    let title = if form.case_id.is_some() {
        t(lang, "form.title_edit")
    } else {
        t(lang, "form.title_new")
    };
    let block = super::boxed(title, theme.focus_border, theme);
    let inner = block.inner(area);
    frame.render_widget(block, area);

    let label_w = Field::ALL
        .iter()
        .map(|f| t(lang, &format!("form.{}", f.name())).width())
        .max()
        .unwrap_or(10)
        + 2;
    let mut lines = vec![];
    let mut cursor = None;
    for (i, field) in Field::ALL.iter().enumerate() {
        let label = t(lang, &format!("form.{}", field.name()));
        let pad = " ".repeat(label_w.saturating_sub(label.width()));
        let focused = i == form.focus;
        let value = if *field == Field::Cause {
            let name = match form.cause {
                Some(c) => content(lang).knowledge.causes[&c].title.clone(),
                None => t(lang, "case.cause_none").to_string(),
            };
            format!("< {name} >")
        } else {
            clean_line(form.inputs[i].text()).into_owned()
        };
        let mut spans = vec![
            Span::styled(
                format!("{}{label}{pad}", if focused { ">" } else { " " }),
                if focused { theme.heading } else { theme.dim },
            ),
            Span::styled(
                value.clone(),
                super::field_style(
                    (*field != Field::Cause).then(|| &form.inputs[i]),
                    focused,
                    theme,
                ),
            ),
        ];
        let mut below = None;
        if let Some(e) = form.error_for(*field) {
            let allowed = e.allowed.map(|a| a.to_string()).unwrap_or_default();
            let mut args: Vec<(&str, &str)> = vec![("allowed", &allowed)];
            args.extend(e.args.iter().map(|(k, v)| (*k, v.as_str())));
            let msg = format!("! {}", tf(lang, e.key, &args));
            // Beside the value when it fits, else on its own line under it: never cut off.
            if 1 + label_w + value.width() + 2 + msg.width() <= inner.width as usize {
                spans.push(Span::styled(format!("  {msg}"), theme.error));
            } else {
                below = Some(Line::from(Span::styled(
                    format!("{}{msg}", " ".repeat(1 + label_w)),
                    theme.error,
                )));
            }
        } else if focused {
            let hint_key = format!("form.hint.{}", field.name());
            if crate::assets::has(lang, &hint_key) {
                spans.push(Span::styled(format!("  {}", t(lang, &hint_key)), theme.dim));
            }
            // WeChat Pay and Alipay times are read in China time: say so where they are typed.
            let time = matches!(field, Field::P1Time | Field::P2Time);
            if time && crate::domain::bill_facts::is_china_app(form.value(Field::App)) {
                spans.push(Span::styled(
                    format!("  {}", t(lang, "bill.form_china_time")),
                    theme.dim,
                ));
            }
        }
        if focused && *field != Field::Cause {
            let before: String = form.inputs[i]
                .text()
                .chars()
                .take(form.inputs[i].cursor())
                .collect();
            cursor = Some((1 + label_w + clean_line(&before).width(), lines.len()));
        }
        lines.push(Line::from(spans));
        lines.extend(below);
    }
    if form.confirm_discard {
        lines.push(Line::default());
        lines.push(Line::from(Span::styled(
            t(lang, "form.confirm_discard"),
            theme.warn,
        )));
    }
    // Scroll so the focused field is visible on short terminals.
    let h = inner.height as usize;
    let focus_line = cursor.map(|(_, y)| y).unwrap_or(form.focus);
    let skip = (focus_line + 2).saturating_sub(h);
    frame.render_widget(Paragraph::new(lines).scroll((skip as u16, 0)), inner);
    if let Some((x, y)) = cursor
        && y >= skip
        && ((y - skip) as u16) < inner.height
        && (x as u16) < inner.width
    {
        frame.set_cursor_position(Position::new(
            inner.x + x as u16,
            inner.y + (y - skip) as u16,
        ));
    }
}
