//! Drawing. Every function here borrows the app and draws; none changes state or does I/O.

mod bill;
mod case;
mod evidence;
mod footer;
mod form;
pub mod layout;
mod list;
mod log;
mod notes;
mod overlay;
mod step_detail;

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::{Paragraph, Wrap};

use super::app::{App, Screen};
use super::theme::Theme;
use crate::assets::t;

pub const MIN_WIDTH: u16 = 40;
pub const MIN_HEIGHT: u16 = 10;

pub fn draw(frame: &mut Frame, app: &App, theme: &Theme) {
    let area = frame.area();
    if area.width < MIN_WIDTH || area.height < MIN_HEIGHT {
        let p = Paragraph::new(t(app.lang, "screen.too_small")).wrap(Wrap { trim: true });
        frame.render_widget(p, area);
        return;
    }
    let [body, status, hints] = layout::screen(area);
    match app.screen {
        Screen::List => list::draw(frame, body, app, theme),
        Screen::Case => case::draw(frame, body, app, theme),
        Screen::Facts => form::draw(frame, body, app, theme),
        Screen::Notes => notes::draw(frame, body, app, theme),
        Screen::Log => log::draw(frame, body, app, theme),
        Screen::LogEntry => log::draw_form(frame, body, app, theme),
        Screen::Evidence => evidence::draw(frame, body, app, theme),
        Screen::EvidenceEntry => evidence::draw_form(frame, body, app, theme),
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

/// Paragraph text with blank lines between paragraphs kept.
fn paragraphs(text: &str) -> Vec<Line<'static>> {
    text.split('\n')
        .map(|l| Line::from(crate::domain::sanitize::clean_line(l).into_owned()))
        .collect()
}
