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

/// How the detail pane is laid out: the scrolling text, one line saying there is more (and
/// which key brings it), and the step's question pinned at the bottom.
pub struct DetailGeometry {
    /// Lines of scrolling text, and how many rows show them.
    pub total: usize,
    pub rows: usize,
    /// The line of the selected checklist item.
    pub selected: Option<usize>,
}

impl DetailGeometry {
    /// The furthest the text scrolls: its last line on the last row.
    pub fn max_scroll(&self) -> usize {
        self.total.saturating_sub(self.rows)
    }
}

/// The pane's area (inside the case box, right of the steps, after a one-column gap).
fn detail_area(area: Rect) -> Rect {
    Rect {
        x: area.x + 1,
        width: area.width.saturating_sub(1),
        ..area
    }
}

/// Text, the "more" line and the pinned question. The question takes at most half the
/// pane; the "more" line is there when something is pinned or the text does not fit.
fn split(area: Rect, total: usize, pinned: usize) -> [Rect; 3] {
    let pinned_h = (pinned as u16).min(area.height / 2);
    let overflow = total > (area.height - pinned_h) as usize;
    let sep_h = u16::from(pinned_h > 0 || overflow).min(area.height - pinned_h);
    let text_h = area.height - pinned_h - sep_h;
    let row = |y: u16, height: u16| Rect {
        y: area.y + y,
        height,
        ..area
    };
    [
        row(0, text_h),
        row(text_h, sep_h),
        row(text_h + sep_h, pinned_h),
    ]
}

/// The detail pane's geometry for the selected step on a screen of `size`, for the keys that
/// scroll it (the app keeps its scroll within the text and the selected item in view).
pub fn detail_geometry(app: &App, size: Rect) -> Option<DetailGeometry> {
    let case = app.case()?;
    let [body, _, _] = super::layout::screen_of(app, size);
    let [_, right] = super::layout::case(body);
    let area = detail_area(right);
    let theme = Theme::new(false);
    let d = super::step_detail::lines(app, case, &theme, area.width as usize);
    let [text, _, _] = split(area, d.lines.len(), d.pinned.len());
    Some(DetailGeometry {
        total: d.lines.len(),
        rows: text.height as usize,
        selected: d.selected,
    })
}

fn draw_detail(frame: &mut Frame, area: Rect, app: &App, case: &Case, theme: &Theme) {
    let area = detail_area(area);
    let d = super::step_detail::lines(app, case, theme, area.width as usize);
    let [text, more, pinned] = split(area, d.lines.len(), d.pinned.len());
    let geometry = DetailGeometry {
        total: d.lines.len(),
        rows: text.height as usize,
        selected: d.selected,
    };
    let scroll = (app.detail_scroll as usize).min(geometry.max_scroll());
    let visible: Vec<Line> = d
        .lines
        .into_iter()
        .skip(scroll)
        .take(text.height as usize)
        .collect();
    frame.render_widget(Paragraph::new(visible), text);
    if more.height > 0 {
        let (above, below) = (scroll > 0, scroll < geometry.max_scroll());
        let label = match (above, below) {
            (true, true) => t(app.lang, "case.more_both"),
            (false, true) => t(app.lang, "case.more_below"),
            (true, false) => t(app.lang, "case.more_above"),
            (false, false) => "",
        };
        let label = if label.is_empty() {
            String::new()
        } else {
            format!(" {label} ")
        };
        let fill = (more.width as usize).saturating_sub(label.width() + 2);
        let line = format!("──{label}{}", "─".repeat(fill));
        frame.render_widget(
            Paragraph::new(Line::from(Span::styled(line, theme.dim))),
            more,
        );
    }
    frame.render_widget(Paragraph::new(d.pinned), pinned);
}
