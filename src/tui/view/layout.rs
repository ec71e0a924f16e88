//! Where things are on screen. Drawing and mouse hit-testing both call these, so a click
//! lands on what is drawn there.

use ratatui::layout::{Constraint, Layout, Margin, Position, Rect};

use super::super::app::{App, Screen};
use crate::domain::steps::StepKey;

/// Body, status line, hint bar.
pub fn screen(area: Rect) -> [Rect; 3] {
    Layout::vertical([
        Constraint::Min(1),
        Constraint::Length(1),
        Constraint::Length(1),
    ])
    .areas(area)
}

/// Inside a bordered box.
pub fn inner(area: Rect) -> Rect {
    area.inner(Margin::new(1, 1))
}

/// The case list: problem notes above the table.
pub fn list(body: Rect, problems: usize) -> [Rect; 2] {
    Layout::vertical([Constraint::Length(problems as u16), Constraint::Min(0)]).areas(inner(body))
}

/// The case view: step list beside the step's detail.
pub fn case(body: Rect) -> [Rect; 2] {
    let inner = inner(body);
    let steps_w = if inner.width >= 60 { 22 } else { 16 };
    Layout::horizontal([Constraint::Length(steps_w), Constraint::Min(1)]).areas(inner)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    ListRow(usize),
    Step(StepKey),
    Detail,
}

/// What is under the mouse at (x, y) on a screen of `size`.
pub fn hit(app: &App, size: Rect, x: u16, y: u16) -> Option<Target> {
    if app.overlay.is_some() || size.width < super::MIN_WIDTH || size.height < super::MIN_HEIGHT {
        return None;
    }
    let [body, _, _] = screen(size);
    let p = Position::new(x, y);
    match app.screen {
        Screen::List => {
            let [_, table] = list(body, app.problems.len());
            // Row 0 of the table is its header. Rows scroll only past the first screenful,
            // and then a click is not mapped rather than mapped wrongly.
            let visible = table.height.saturating_sub(1) as usize;
            if !table.contains(p) || y == table.y || app.list_sel >= visible {
                return None;
            }
            let row = (y - table.y - 1) as usize;
            (row < app.list_rows().len()).then_some(Target::ListRow(row))
        }
        Screen::Case => {
            let [left, right] = case(body);
            if left.contains(p) {
                StepKey::from_index((y - left.y) as usize).map(Target::Step)
            } else if right.contains(p) {
                Some(Target::Detail)
            } else {
                None
            }
        }
        _ => None,
    }
}
