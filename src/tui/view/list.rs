//! The case list (home): every case with status, step, amount and last change.

use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Cell, Paragraph, Row, Table, TableState, Wrap};

use super::super::app::App;
use super::super::theme::Theme;
use crate::assets::{content, t, tf};
use crate::domain::sanitize::clean_line;
use crate::domain::time::short_local;
use crate::storage::Problem;

pub fn draw(frame: &mut Frame, area: Rect, app: &App, theme: &Theme) {
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(theme.border)
        .title(Span::styled(
            format!(" {} ", t(app.lang, "list.title")),
            theme.title,
        ));
    frame.render_widget(block, area);

    let notes = problem_lines(app);
    let [notes_area, table_area] = super::layout::list(area, notes.len());
    frame.render_widget(
        Paragraph::new(notes)
            .style(theme.warn)
            .wrap(Wrap { trim: true }),
        notes_area,
    );

    if app.list.is_empty() {
        let welcome = super::paragraphs(t(app.lang, "list.welcome"));
        frame.render_widget(
            Paragraph::new(welcome).wrap(Wrap { trim: false }),
            table_area,
        );
        return;
    }
    let header = Row::new(
        [
            "list.col.case",
            "list.col.status",
            "list.col.step",
            "list.col.amount",
            "list.col.changed",
        ]
        .map(|k| Cell::from(t(app.lang, k))),
    )
    .style(theme.heading);
    let steps = &content(app.lang).steps;
    // Only the rows that fit are built (a thousand cases must not cost a thousand rows per
    // frame). The window scrolls exactly as ratatui's would from a fresh state: the selected
    // row is the last one shown once it is past the first screenful.
    let visible = (table_area.height as usize).saturating_sub(1).max(1);
    let first = (app.list_sel + 1).saturating_sub(visible);
    let rows: Vec<Row> = (first..app.list.len().min(first + visible))
        .filter_map(|i| app.list_row(i))
        .map(|c| {
            let read_only = if app.read_only.contains(&c.id) {
                format!(" {}", t(app.lang, "list.read_only"))
            } else {
                String::new()
            };
            let title = clean_line(&c.title).into_owned();
            let title = if title.is_empty() {
                t(app.lang, "list.untitled").to_string()
            } else {
                title
            };
            let step = if c.status.is_open() {
                format!("{}/6 {}", c.progress, steps[&c.current_step].short)
            } else {
                format!("{}/6", c.progress)
            };
            Row::new(vec![
                Cell::from(format!("{title}{read_only}")),
                Cell::from(t(app.lang, &format!("status.{}", c.status.as_str()))),
                Cell::from(step),
                Cell::from(
                    c.amount
                        .as_deref()
                        .map(|a| format!("{a} {}", c.currency))
                        .unwrap_or_else(|| "-".into()),
                ),
                Cell::from(short_local(c.updated_at, &app.tz)),
            ])
        })
        .collect();
    let table = Table::new(
        rows,
        [
            Constraint::Fill(3),
            Constraint::Length(10),
            Constraint::Fill(2),
            Constraint::Length(14),
            Constraint::Length(16),
        ],
    )
    .header(header)
    .row_highlight_style(theme.selected)
    .highlight_symbol("> ");
    let mut state = TableState::default().with_selected(Some(app.list_sel.saturating_sub(first)));
    frame.render_stateful_widget(table, table_area, &mut state);
}

fn problem_lines(app: &App) -> Vec<Line<'static>> {
    app.problems
        .iter()
        .map(|p| {
            let text = match p {
                Problem::Quarantined { file, moved_to, .. } => tf(
                    app.lang,
                    "list.problem.quarantined",
                    &[("file", file), ("moved_to", moved_to)],
                ),
                Problem::NewerSchema { id, .. } => {
                    tf(app.lang, "list.problem.newer", &[("id", id)])
                }
                Problem::Unreadable { file, error } => tf(
                    app.lang,
                    "list.problem.unreadable",
                    &[("file", file), ("error", error)],
                ),
            };
            Line::from(format!("! {}", clean_line(&text)))
        })
        .collect()
}
