//! The notes editor for the selected step (multi-line; Esc keeps the text).

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Span;
use ratatui::widgets::{Block, Borders};

use super::super::app::App;
use super::super::theme::Theme;
use crate::assets::{content, tf};

pub fn draw(frame: &mut Frame, area: Rect, app: &App, theme: &Theme) {
    let Some(ed) = &app.editor else {
        return;
    };
    let step = &content(app.lang).steps[&app.step];
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(theme.focus_border)
        .title(Span::styled(
            format!(
                " {} ",
                tf(app.lang, "notes.title", &[("step", &step.title)])
            ),
            theme.title,
        ));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    frame.render_widget(ed, inner);
}
