//! Named styles in one place. With `NO_COLOR` set every colour is dropped; meaning never rests
//! on colour alone anyway (marks like `[x]`, `!`, bold and reverse carry it).

use ratatui::style::{Color, Modifier, Style};

#[derive(Debug, Clone, Copy)]
pub struct Theme {
    pub title: Style,
    pub selected: Style,
    pub dim: Style,
    pub heading: Style,
    pub error: Style,
    pub warn: Style,
    pub ok: Style,
    pub key: Style,
    pub border: Style,
    pub focus_border: Style,
}

impl Theme {
    pub fn new(color: bool) -> Theme {
        let c = |s: Style, col: Color| if color { s.fg(col) } else { s };
        let bold = Style::new().add_modifier(Modifier::BOLD);
        Theme {
            title: c(bold, Color::Cyan),
            selected: Style::new().add_modifier(Modifier::REVERSED),
            dim: c(Style::new(), Color::DarkGray),
            heading: c(bold, Color::Yellow),
            error: c(bold, Color::Red),
            warn: c(bold, Color::Yellow),
            ok: c(Style::new(), Color::Green),
            key: c(bold, Color::Cyan),
            border: c(Style::new(), Color::DarkGray),
            focus_border: c(bold, Color::Cyan),
        }
    }

    /// Colour unless `NO_COLOR` is set to anything non-empty (no-color.org).
    pub fn from_env() -> Theme {
        Theme::new(std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()))
    }
}
