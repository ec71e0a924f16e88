//! A table drawn by plain arithmetic: the case list's columns and rows. ratatui's `Table`
//! works its column widths out with a constraint solver, which on a fresh start cost a fifth
//! of the first frame (issue 6); fixed widths and shares of the rest need only division.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::Line;

/// Gap between two columns.
const SPACING: u16 = 1;
/// Drawn before the selected row, and its blank width before every other row.
const MARK: &str = "> ";
const MARK_WIDTH: u16 = 2;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Width {
    /// Exactly this many columns (fewer only when the table is narrower than its fixed columns).
    Fixed(u16),
    /// This many parts of what the fixed columns and gaps leave.
    Share(u16),
}

/// Each column's `(x offset, width)` within `total` columns. Fixed columns first get their
/// width, left to right, while room lasts; shares divide the rest, any remainder going to the
/// first shares so the table fills its width exactly.
pub fn widths(total: u16, columns: &[Width]) -> Vec<(u16, u16)> {
    let gaps = SPACING.saturating_mul(columns.len().saturating_sub(1) as u16);
    let mut room = total.saturating_sub(gaps);
    let mut sized: Vec<u16> = columns
        .iter()
        .map(|c| match *c {
            Width::Fixed(w) => {
                let w = w.min(room);
                room -= w;
                w
            }
            Width::Share(_) => 0,
        })
        .collect();
    let parts: u32 = columns
        .iter()
        .map(|c| match c {
            Width::Share(p) => u32::from(*p),
            Width::Fixed(_) => 0,
        })
        .sum();
    let mut left = room;
    for (w, c) in sized.iter_mut().zip(columns) {
        if let Width::Share(p) = c {
            // At most `room`, since `p <= parts`.
            *w = (u32::from(room) * u32::from(*p))
                .checked_div(parts)
                .map_or(0, |v| v as u16);
            left -= *w;
        }
    }
    for (w, c) in sized.iter_mut().zip(columns) {
        if left == 0 {
            break;
        }
        if matches!(c, Width::Share(_)) {
            *w += 1;
            left -= 1;
        }
    }
    let mut x = 0u16;
    sized
        .into_iter()
        .map(|w| {
            let at = x;
            x = x.saturating_add(w).saturating_add(SPACING);
            (at, w)
        })
        .collect()
}

/// A table of one-line rows in `area`: a header row in `header_style`, then `rows`, each
/// after a selection column; the `selected` row gets the mark and `selected_style` over it.
pub struct Table<'a> {
    pub columns: &'a [Width],
    pub header: Vec<Line<'a>>,
    pub header_style: Style,
    pub rows: Vec<Vec<Line<'a>>>,
    pub selected: Option<usize>,
    pub selected_style: Style,
}

impl Table<'_> {
    pub fn render(&self, area: Rect, buf: &mut Buffer) {
        let area = area.intersection(buf.area);
        if area.is_empty() {
            return;
        }
        let mark = MARK_WIDTH.min(area.width);
        let cells = widths(area.width - mark, self.columns);
        let row_at = |y: u16| Rect::new(area.x, y, area.width, 1);
        buf.set_style(row_at(area.y), self.header_style);
        draw_cells(buf, row_at(area.y), mark, &cells, &self.header);
        for (i, line) in self.rows.iter().enumerate() {
            let Some(y) = area
                .y
                .checked_add(1 + i as u16)
                .filter(|y| *y < area.bottom())
            else {
                break;
            };
            draw_cells(buf, row_at(y), mark, &cells, line);
            if self.selected == Some(i) {
                buf.set_stringn(area.x, y, MARK, mark as usize, Style::new());
                buf.set_style(row_at(y), self.selected_style);
            }
        }
    }
}

fn draw_cells(buf: &mut Buffer, row: Rect, mark: u16, cells: &[(u16, u16)], lines: &[Line]) {
    for (&(x, w), line) in cells.iter().zip(lines) {
        let x = row.x + mark + x;
        if w > 0 && x < row.right() {
            buf.set_line(x, row.y, line, w.min(row.right() - x));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use Width::{Fixed, Share};

    #[test]
    fn fixed_columns_get_their_width_and_shares_split_the_rest() {
        // 76 columns: 8 + 13 + 11 fixed, four gaps, 40 left for 3:2.
        let w = widths(76, &[Share(3), Fixed(8), Share(2), Fixed(13), Fixed(11)]);
        assert_eq!(w, vec![(0, 24), (25, 8), (34, 16), (51, 13), (65, 11)]);
    }

    #[test]
    fn a_remainder_goes_to_the_first_shares_and_the_table_fills_its_width() {
        let w = widths(41, &[Share(3), Share(2)]);
        assert_eq!(w, vec![(0, 24), (25, 16)]);
        let (x, last) = *w.last().unwrap();
        assert_eq!(x + last, 41);
    }

    #[test]
    fn too_narrow_cuts_fixed_columns_in_order_and_leaves_shares_empty() {
        assert_eq!(
            widths(12, &[Share(1), Fixed(8), Fixed(8)]),
            vec![(0, 0), (1, 8), (10, 2)]
        );
        assert_eq!(widths(0, &[Share(1), Fixed(3)]), vec![(0, 0), (1, 0)]);
    }

    #[test]
    fn renders_header_rows_and_the_selected_mark_within_its_area() {
        let area = Rect::new(1, 1, 12, 3);
        let mut buf = Buffer::empty(Rect::new(0, 0, 14, 5));
        let table = Table {
            columns: &[Share(1), Fixed(3)],
            header: vec!["Case".into(), "Due".into()],
            header_style: Style::new(),
            rows: vec![
                vec!["Shop A long name".into(), "1d".into()],
                vec!["Shop B".into(), "2d".into()],
                vec!["not shown".into(), "3d".into()],
            ],
            selected: Some(1),
            selected_style: Style::new(),
        };
        table.render(area, &mut buf);
        let text = crate::tui::view::plain_text(&buf);
        assert_eq!(
            text, "\n   Case   Due\n   Shop A 1d\n > Shop B 2d\n\n",
            "got:\n{text}"
        );
    }
}
