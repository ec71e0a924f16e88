//! Drawing. Every function here borrows the app and draws; none changes state or does I/O.

mod bill;
mod case;
mod columns;
mod deadlines;
mod evidence;
mod footer;
mod form;
pub mod layout;
mod list;
mod log;
mod notes;
mod overlay;
mod scam;
mod step_detail;
mod templates;

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::Line;
use ratatui::widgets::{Block, Borders, Paragraph};

pub use case::{DetailGeometry, detail_geometry};
pub use overlay::max_scroll as overlay_max_scroll;

use super::app::{App, Screen};
use super::theme::Theme;
use crate::assets::t;

pub const MIN_WIDTH: u16 = 40;
pub const MIN_HEIGHT: u16 = 10;

pub fn draw(frame: &mut Frame, app: &App, theme: &Theme) {
    let area = frame.area();
    if area.width < MIN_WIDTH || area.height < MIN_HEIGHT {
        // Wrapped by our own CJK-aware wrapper: ratatui's wrapping can index past the buffer
        // when a wide character meets a 1–2 column edge.
        let lines: Vec<Line> =
            crate::tui::wrap::wrap(t(app.lang, "screen.too_small"), area.width as usize)
                .into_iter()
                .map(Line::from)
                .collect();
        frame.render_widget(Paragraph::new(lines), area);
        return;
    }
    let [body, status, hints] = layout::screen_of(app, area);
    match app.screen {
        Screen::List => list::draw(frame, body, app, theme),
        Screen::Case => case::draw(frame, body, app, theme),
        Screen::Facts => form::draw(frame, body, app, theme),
        Screen::Notes => notes::draw(frame, body, app, theme),
        Screen::Log => log::draw(frame, body, app, theme),
        Screen::LogEntry => log::draw_form(frame, body, app, theme),
        Screen::Evidence => evidence::draw(frame, body, app, theme),
        Screen::EvidenceEntry => evidence::draw_form(frame, body, app, theme),
        Screen::Templates => templates::draw(frame, body, app, theme),
        Screen::Scam => scam::draw(frame, body, app, theme),
        Screen::Bill => bill::draw(frame, body, app, theme),
    }
    footer::status(frame, status, app, theme);
    footer::hints(frame, hints, app, theme);
    if let Some(o) = &app.overlay {
        overlay::draw(frame, popup(area), app, o, theme);
    }
}

/// A centred box for overlays, leaving a margin where the screen allows.
fn popup(area: Rect) -> Rect {
    let w = area.width.saturating_sub(4).min(100);
    let h = area.height.saturating_sub(2);
    Rect {
        x: area.x + (area.width - w) / 2,
        y: area.y + (area.height - h) / 2,
        width: w,
        height: h,
    }
}

/// A screen's frame: a bordered box with its title in the title style.
fn boxed(title: &str, border: ratatui::style::Style, theme: &Theme) -> Block<'static> {
    Block::default()
        .borders(Borders::ALL)
        .border_style(border)
        .title(ratatui::text::Span::styled(
            format!(" {title} "),
            theme.title,
        ))
}

/// How a field's value is drawn: reversed while it is all selected (typing replaces it),
/// underlined while being edited at the cursor, plain when another field has focus. A
/// choice (no text input) is reversed when focused.
fn field_style(input: Option<&super::input::LineInput>, focused: bool, theme: &Theme) -> Style {
    match (focused, input) {
        (false, _) => Style::new(),
        (true, Some(i)) if !i.is_selected() => Style::new().add_modifier(Modifier::UNDERLINED),
        (true, _) => theme.selected,
    }
}

/// Paragraph text with blank lines between paragraphs kept.
fn paragraphs(text: &str) -> Vec<Line<'static>> {
    text.split('\n')
        .map(|l| Line::from(crate::domain::sanitize::clean_line(l).into_owned()))
        .collect()
}

/// A drawn buffer as plain text, one line per row, wide characters counted once: what a
/// person sees. Used by snapshot tests and to capture screens for the README.
pub fn plain_text(buf: &ratatui::buffer::Buffer) -> String {
    use unicode_width::UnicodeWidthStr;
    let area = buf.area;
    let mut out = String::new();
    for y in area.top()..area.bottom() {
        let mut line = String::new();
        let mut x = area.left();
        while x < area.right() {
            let symbol = buf[(x, y)].symbol();
            line.push_str(symbol);
            x += (symbol.width() as u16).max(1);
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}
