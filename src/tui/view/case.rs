//! The case view: the six steps with status marks beside the selected step's guidance,
//! checklist, pitfalls, decision and notes.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, List, ListItem, ListState, Paragraph};

use super::super::app::{App, Pane};
use super::super::theme::Theme;
use crate::assets::{content, t};
use crate::domain::case::{Case, StepStatus};
use crate::domain::sanitize::clean_line;
use unicode_width::UnicodeWidthStr;

pub fn draw(frame: &mut Frame, area: Rect, app: &App, theme: &Theme) {
    let Some(case) = app.case() else {
        return;
    };
    let title = format!(
        " {}  {}/6 ",
        clean_line(&case.display_title()),
        case.progress()
    );
    let (status, status_style) = if case.status.is_open() {
        // Two border corners and a space between the two titles.
        let room = (area.width as usize).saturating_sub(title.width() + 3);
        super::deadlines::header(app, case, theme, room).unwrap_or_default()
    } else {
        let s = t(app.lang, &format!("status.{}", case.status.as_str()));
        (format!(" {s} "), theme.warn)
    };
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(theme.border)
        .title(Span::styled(title, theme.title))
        .title(Line::from(Span::styled(status, status_style)).right_aligned());
    frame.render_widget(block, area);
    let [left, right] = super::layout::case(area);
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
    let (lines, selected_line) = super::step_detail::lines(app, case, theme, area.width as usize);
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
