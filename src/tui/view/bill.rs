//! Importing a bill: the path field, then the candidates with the selected one's charges
//! side by side and the reasons it is a candidate.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Position, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Cell, Paragraph, Row, Table, Wrap};
use unicode_width::UnicodeWidthStr;

use super::super::app::App;
use super::super::app::bill::{BillPicker, BillStage};
use super::super::theme::Theme;
use crate::assets::{t, tf};
use crate::domain::bill_facts::mask_method;
use crate::domain::duplicates::Candidate;
use crate::domain::sanitize::clean_line;
use crate::lang::Lang;

/// Payments shown side by side; a longer run says how many more there are.
const MAX_COLUMNS: usize = 3;

pub fn draw(frame: &mut Frame, area: Rect, app: &App, theme: &Theme) {
    let Some(b) = &app.bill else {
        return;
    };
    match b.stage {
        BillStage::Path => draw_path(frame, area, app.lang, b, theme),
        BillStage::Password => draw_password(frame, area, app.lang, b, theme),
        BillStage::Reading => draw_reading(frame, area, app, theme),
        BillStage::Pick => draw_pick(frame, area, app.lang, b, theme),
    }
}

/// The footer's key hints for this screen.
pub fn hints(app: &App) -> Vec<(&'static str, &'static str)> {
    let lang = app.lang;
    match app.bill.as_ref().map(|b| b.stage) {
        Some(BillStage::Pick) => vec![
            ("↑↓", t(lang, "bill.hint.choose")),
            ("Enter", t(lang, "bill.hint.fill")),
            ("Esc", t(lang, "bill.hint.other_file")),
        ],
        Some(BillStage::Password) => vec![
            ("Enter", t(lang, "bill.hint.open")),
            ("Esc", t(lang, "bill.hint.back")),
        ],
        Some(BillStage::Reading) => vec![("Esc", t(lang, "bill.hint.stop"))],
        _ => vec![
            ("Tab", t(lang, "bill.hint.complete")),
            ("Enter", t(lang, "bill.hint.read")),
            ("Esc", t(lang, "bill.hint.back")),
        ],
    }
}

fn boxed<'a>(title: String, theme: &Theme) -> Block<'a> {
    Block::default()
        .borders(Borders::ALL)
        .border_style(theme.focus_border)
        .title(Span::styled(format!(" {title} "), theme.title))
}

fn draw_path(frame: &mut Frame, area: Rect, lang: Lang, b: &BillPicker, theme: &Theme) {
    let block = boxed(t(lang, "bill.title").to_string(), theme);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let label = t(lang, "bill.path");
    let before: String = b.path.text().chars().take(b.path.cursor()).collect();
    let cursor_x = 1 + label.width() + 2 + clean_line(&before).width();
    let mut lines = vec![Line::from(vec![
        Span::styled(format!(">{label}  "), theme.heading),
        Span::styled(clean_line(b.path.text()).into_owned(), theme.selected),
    ])];
    if let Some(e) = &b.error {
        lines.push(Line::from(Span::styled(
            format!("! {}", clean_line(e)),
            theme.error,
        )));
    }
    lines.push(Line::default());
    for key in ["bill.path_help", "bill.how_wechat", "bill.how_alipay"] {
        lines.push(Line::from(Span::styled(t(lang, key), theme.dim)));
    }
    for c in &b.completions {
        lines.push(Line::from(format!("  {}", clean_line(c))));
    }
    frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), inner);
    if (cursor_x as u16) < inner.width && inner.height > 0 {
        frame.set_cursor_position(Position::new(inner.x + cursor_x as u16, inner.y));
    }
}

/// The zip's password: one `•` a character, never the characters.
fn draw_password(frame: &mut Frame, area: Rect, lang: Lang, b: &BillPicker, theme: &Theme) {
    let block = boxed(t(lang, "bill.password_title").to_string(), theme);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let label = t(lang, "bill.password_title");
    let dots = "•".repeat(b.password.text().chars().count());
    let mut lines = vec![Line::from(vec![
        Span::styled(format!(">{label}  "), theme.heading),
        Span::styled(dots.clone(), theme.selected),
    ])];
    if let Some(e) = &b.error {
        lines.push(Line::from(Span::styled(
            format!("! {}", clean_line(e)),
            theme.error,
        )));
    }
    lines.push(Line::default());
    lines.push(Line::from(Span::styled(
        clean_line(b.path.text()).into_owned(),
        theme.dim,
    )));
    lines.push(Line::from(Span::styled(
        t(lang, "bill.password_help"),
        theme.dim,
    )));
    frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), inner);
    let cursor_x = 1 + label.width() + 2 + dots.width();
    if (cursor_x as u16) < inner.width && inner.height > 0 {
        frame.set_cursor_position(Position::new(inner.x + cursor_x as u16, inner.y));
    }
}

/// A read under way: how far it got, and how to stop waiting.
fn draw_reading(frame: &mut Frame, area: Rect, app: &App, theme: &Theme) {
    let lang = app.lang;
    let block = boxed(t(lang, "bill.title").to_string(), theme);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let percent = (app.bill_progress() / 10).min(100).to_string();
    let path = app.bill.as_ref().map(|b| b.path.text()).unwrap_or_default();
    let lines = vec![
        Line::from(Span::styled(
            tf(lang, "bill.reading", &[("percent", &percent)]),
            theme.heading,
        )),
        Line::from(Span::styled(clean_line(path).into_owned(), theme.dim)),
    ];
    frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), inner);
}

fn draw_pick(frame: &mut Frame, area: Rect, lang: Lang, b: &BillPicker, theme: &Theme) {
    let app_name = b.app.map(|a| t(lang, a.name_key())).unwrap_or_default();
    let title = tf(
        lang,
        "bill.pick_title",
        &[("app", app_name), ("n", &b.candidates.len().to_string())],
    );
    let block = boxed(title, theme);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let list_h = (b.candidates.len().min(6) as u16)
        .min(inner.height / 3)
        .max(1);
    let info = read_info(lang, b);
    let [list, _, detail, info_area] = Layout::vertical([
        Constraint::Length(list_h),
        Constraint::Length(1),
        Constraint::Min(0),
        Constraint::Length(wrapped_height(&info, inner.width)),
    ])
    .areas(inner);
    frame.render_widget(
        Paragraph::new(
            info.into_iter()
                .map(|l| Line::from(Span::styled(l, theme.dim)))
                .collect::<Vec<_>>(),
        )
        .wrap(Wrap { trim: true }),
        info_area,
    );
    // Keep the selected candidate in view when there are more than fit.
    let first = b.sel.saturating_sub(list_h as usize - 1);
    let lines: Vec<Line> = b
        .candidates
        .iter()
        .enumerate()
        .skip(first)
        .take(list_h as usize)
        .map(|(i, c)| summary(lang, i, c, i == b.sel, theme))
        .collect();
    frame.render_widget(Paragraph::new(lines), list);
    if let Some(c) = b.candidates.get(b.sel) {
        draw_detail(frame, detail, lang, c, theme);
    }
}

/// Rows `lines` take wrapped to `width` (a little more than needed, never less: a word
/// that does not fit moves whole to the next row).
fn wrapped_height(lines: &[String], width: u16) -> u16 {
    let w = usize::from(width.max(1));
    lines
        .iter()
        .map(|l| (l.width() + w / 4).div_ceil(w).max(1))
        .sum::<usize>()
        .min(usize::from(u16::MAX)) as u16
}

/// What was read (layout, rows, what was left out), and the repeated transfers to a person
/// told apart: they are not candidates.
fn read_info(lang: Lang, b: &BillPicker) -> Vec<String> {
    let mut out = vec![];
    if let Some(layout) = b.layout {
        out.push(tf(
            lang,
            "bill.read_as",
            &[
                ("layout", t(lang, &layout.key())),
                ("rows", &b.rows.to_string()),
            ],
        ));
    }
    if b.skipped > 0 {
        out.push(tf(lang, "bill.skipped", &[("n", &b.skipped.to_string())]));
    }
    if b.transfers > 0 {
        out.push(t(lang, "bill.transfers_advice").to_string());
    }
    out
}

fn summary(lang: Lang, i: usize, c: &Candidate, selected: bool, theme: &Theme) -> Line<'static> {
    let mut spans = vec![Span::styled(
        format!(
            "{}{:>2}. {}  {} CNY  ",
            if selected { ">" } else { " " },
            i + 1,
            clean_line(&c.merchant),
            c.amount
        ),
        if selected {
            theme.selected
        } else {
            Default::default()
        },
    )];
    spans.push(Span::styled(
        format!(
            "({})",
            t(lang, &format!("bill.confidence.{}", c.confidence.as_str()))
        ),
        theme.heading,
    ));
    if c.already_refunded {
        spans.push(Span::styled(
            format!("  [{}]", t(lang, "bill.refunded_mark")),
            theme.ok,
        ));
    }
    Line::from(spans)
}

fn draw_detail(frame: &mut Frame, area: Rect, lang: Lang, c: &Candidate, theme: &Theme) {
    let shown = &c.payments[..c.payments.len().min(MAX_COLUMNS)];
    let labels = [
        "bill.col.time",
        "bill.col.id",
        "bill.col.order",
        "bill.col.method",
    ];
    let label_w = labels.iter().map(|k| t(lang, k).width()).max().unwrap_or(8) as u16;
    let header = Row::new(
        std::iter::once(Cell::from("")).chain(shown.iter().enumerate().map(|(i, _)| {
            Cell::from(Span::styled(
                tf(lang, "bill.payment", &[("n", &(i + 1).to_string())]),
                theme.heading,
            ))
        })),
    );
    let value = |k: usize, p: &crate::domain::duplicates::BillRow| match k {
        0 => p.time.strftime("%Y-%m-%d %H:%M:%S").to_string(),
        1 => clean_line(&p.transaction_id).into_owned(),
        2 => clean_line(&p.merchant_order_id).into_owned(),
        _ => clean_line(&mask_method(&p.method)).into_owned(),
    };
    let rows: Vec<Row> = labels
        .iter()
        .enumerate()
        .map(|(k, key)| {
            Row::new(
                std::iter::once(Cell::from(Span::styled(t(lang, key), theme.dim)))
                    .chain(shown.iter().map(|p| Cell::from(value(k, p)))),
            )
        })
        .collect();
    let widths = std::iter::once(Constraint::Length(label_w))
        .chain(shown.iter().map(|_| Constraint::Fill(1)));
    let table_h = (rows.len() + 1) as u16;
    let [table_area, rest] =
        Layout::vertical([Constraint::Length(table_h), Constraint::Min(0)]).areas(area);
    frame.render_widget(Table::new(rows, widths).header(header), table_area);
    let mut lines = vec![Line::default()];
    if c.payments.len() > shown.len() {
        lines.push(Line::from(Span::styled(
            tf(
                lang,
                "bill.more_charges",
                &[("n", &(c.payments.len() - shown.len()).to_string())],
            ),
            theme.dim,
        )));
    }
    for r in &c.reasons {
        lines.push(Line::from(format!(
            "· {}",
            t(lang, &format!("bill.reason.{}", r.code()))
        )));
    }
    frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: true }), rest);
}

#[cfg(test)]
mod tests {
    use ratatui::Terminal;
    use ratatui::backend::TestBackend;
    use ratatui::crossterm::event::KeyCode;

    use crate::lang::Lang;
    use crate::tui::app::App;
    use crate::tui::app::bill::tests::{
        app_in_case, at_picker, enter_path, key, read_through, typed,
    };
    use crate::tui::theme::Theme;

    fn screen(app: &App) -> String {
        let mut term = Terminal::new(TestBackend::new(80, 24)).unwrap();
        term.draw(|f| super::super::draw(f, app, &Theme::new(false)))
            .unwrap();
        term.backend().to_string()
    }

    #[test]
    fn the_candidate_picker_in_both_languages() {
        for lang in Lang::ALL {
            let app = at_picker(lang);
            insta::assert_snapshot!(format!("bill_picker_{}", lang.code()), screen(&app));
        }
    }

    #[test]
    fn the_path_field_with_completions_in_both_languages() {
        for lang in Lang::ALL {
            let mut app = app_in_case(lang);
            app.handle_key(key(KeyCode::Char('b')));
            typed(&mut app, "/dl/");
            app.handle_key(key(KeyCode::Tab));
            insta::assert_snapshot!(format!("bill_path_{}", lang.code()), screen(&app));
        }
    }

    #[test]
    fn the_password_is_shown_as_dots_and_the_read_as_progress() {
        for lang in Lang::ALL {
            let mut app = enter_path(lang, "/dl/locked.zip");
            typed(&mut app, "s3cret");
            let s = screen(&app);
            assert!(s.contains("••••••") && !s.contains("s3cret"), "{s}");
            app.handle_key(key(KeyCode::Enter));
            let s = screen(&app);
            assert!(s.contains('%') && !s.contains("s3cret"), "{s}");
        }
    }

    #[test]
    fn transfers_to_a_person_are_told_apart_under_the_candidates() {
        let mut app = enter_path(Lang::En, "/dl/wechat-2025.csv");
        read_through(&mut app);
        let b = app.bill.as_ref().unwrap();
        assert_eq!((b.candidates.len(), b.transfers), (1, 2));
        let mut term = Terminal::new(TestBackend::new(100, 30)).unwrap();
        term.draw(|f| super::super::draw(f, &app, &Theme::new(false)))
            .unwrap();
        let s = term.backend().to_string();
        assert!(s.contains("to send the extra back"), "{s}");
        assert!(!s.contains("小林"), "not listed as a candidate: {s}");
    }

    #[test]
    fn small_and_tiny_screens_do_not_panic() {
        let app = at_picker(Lang::Zh);
        for (w, h) in [(1, 1), (40, 10), (45, 12), (200, 60)] {
            let mut term = Terminal::new(TestBackend::new(w, h)).unwrap();
            term.draw(|f| super::super::draw(f, &app, &Theme::new(true)))
                .unwrap();
        }
    }
}
