//! Where things are on screen. Drawing and mouse hit-testing both call these, so a click
//! lands on what is drawn there. The first frame's splits are plain arithmetic rather than
//! ratatui's `Layout`, whose constraint solver cost more than the rest of the frame (issue 6).

use ratatui::layout::{Margin, Position, Rect};

use super::super::app::{App, Screen};
use crate::domain::steps::StepKey;

/// Body, status line, hint bar.
pub fn screen(area: Rect) -> [Rect; 3] {
    screen_with(area, 1)
}

/// Body, status (`status_rows` rows), hint bar.
fn screen_with(area: Rect, status_rows: u16) -> [Rect; 3] {
    let [body, bars] = top(area, area.height.saturating_sub(status_rows + 1));
    let [status, hints] = top(bars, status_rows);
    [body, status, hints]
}

/// The screen for what the app shows now: a status message too long for one line gets up to
/// three (it says what a key changed, so it is never cut), taken from the body.
pub fn screen_of(app: &App, area: Rect) -> [Rect; 3] {
    screen_with(area, status_rows(app, area.width))
}

/// How many rows the status message needs at `width` (1 to 3).
pub fn status_rows(app: &App, width: u16) -> u16 {
    let n = app.status.as_ref().map_or(1, |s| {
        crate::tui::wrap::wrap(&format!("! {}", s.text), (width as usize).max(1)).len()
    });
    n.clamp(1, 3) as u16
}

/// The first `height` rows of `area` (all of it if shorter), and the rest below.
fn top(area: Rect, height: u16) -> [Rect; 2] {
    let h = height.min(area.height);
    [
        Rect { height: h, ..area },
        Rect {
            y: area.y + h,
            height: area.height - h,
            ..area
        },
    ]
}

/// The first `width` columns of `area` (all of it if narrower), and the rest beside them.
fn left(area: Rect, width: u16) -> [Rect; 2] {
    let w = width.min(area.width);
    [
        Rect { width: w, ..area },
        Rect {
            x: area.x + w,
            width: area.width - w,
            ..area
        },
    ]
}

/// Inside a bordered box.
pub fn inner(area: Rect) -> Rect {
    area.inner(Margin::new(1, 1))
}

/// The case list: problem notes above the table.
pub fn list(body: Rect, problems: usize) -> [Rect; 2] {
    top(inner(body), u16::try_from(problems).unwrap_or(u16::MAX))
}

/// The case view: step list beside the step's detail.
pub fn case(body: Rect) -> [Rect; 2] {
    let inner = inner(body);
    let steps_w = if inner.width >= 60 { 22 } else { 16 };
    left(inner, steps_w)
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
    let [body, _, _] = screen_of(app, size);
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
            (row < app.list_len()).then_some(Target::ListRow(row))
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_screen_is_body_then_status_then_hints() {
        let [body, status, hints] = screen(Rect::new(0, 0, 80, 24));
        assert_eq!(body, Rect::new(0, 0, 80, 22));
        assert_eq!(status, Rect::new(0, 22, 80, 1));
        assert_eq!(hints, Rect::new(0, 23, 80, 1));
        let [body, status, hints] = screen(Rect::new(0, 0, 5, 1));
        assert_eq!((body.height, status.height, hints.height), (0, 1, 0));
    }

    #[test]
    fn notes_above_the_list_never_take_more_than_the_box() {
        let [notes, table] = list(Rect::new(0, 0, 80, 10), 3);
        assert_eq!(notes, Rect::new(1, 1, 78, 3));
        assert_eq!(table, Rect::new(1, 4, 78, 5));
        let [notes, table] = list(Rect::new(0, 0, 80, 10), 100);
        assert_eq!((notes.height, table.height), (8, 0));
    }

    #[test]
    fn the_step_list_sits_left_of_the_detail() {
        let [steps, detail] = case(Rect::new(0, 0, 80, 24));
        assert_eq!(steps, Rect::new(1, 1, 22, 22));
        assert_eq!(detail, Rect::new(23, 1, 56, 22));
        let [steps, detail] = case(Rect::new(0, 0, 40, 10));
        assert_eq!((steps.width, detail.width), (16, 22));
    }
}
