//! The case list (home): every case with status, step, nearest deadline, amount and last
//! change, in the order and filter `App::list_rows` gives.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Wrap};

use super::super::app::App;
use super::super::theme::Theme;
use super::columns::{Table, Width};
use crate::assets::{content, t, tf};
use crate::describe::deadline::badge;
use crate::domain::sanitize::clean_line;
use crate::domain::summary::CaseSummary;
use crate::storage::Problem;

pub fn draw(frame: &mut Frame, area: Rect, app: &App, theme: &Theme) {
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(theme.border)
        .title(Span::styled(
            format!(" {} ", t(app.lang, "list.title")),
            theme.title,
        ))
        .title(Line::from(format!(" {} ", app.filter_label())).right_aligned());
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
    let rows_idx = app.list_rows();
    if rows_idx.is_empty() {
        frame.render_widget(
            Paragraph::new(t(app.lang, "list.no_match")).wrap(Wrap { trim: true }),
            table_area,
        );
        return;
    }
    // Below 100 columns the amount column goes: the title already carries the amount unless
    // the user renamed the case, and the case and step need the room more.
    let with_amount = table_area.width >= 100;
    let header = [
        "list.col.case",
        "list.col.status",
        "list.col.step",
        "list.col.due",
        "list.col.amount",
        "list.col.changed",
    ]
    .into_iter()
    .filter(|k| with_amount || *k != "list.col.amount")
    .map(|k| Line::from(t(app.lang, k)))
    .collect();
    let mut columns = vec![
        Width::Share(3),
        Width::Fixed(8),
        Width::Share(2),
        Width::Fixed(13),
    ];
    if with_amount {
        columns.push(Width::Fixed(12));
    }
    columns.push(Width::Fixed(11));
    // The case column's width: a title too long for it is shortened keeping its amount.
    let title_w = super::columns::widths(table_area.width.saturating_sub(2), &columns)
        .first()
        .map_or(0, |&(_, w)| usize::from(w));
    let steps = &content(app.lang).steps;
    // Only the rows that fit are built (a thousand cases must not cost a thousand rows per
    // frame). The window scrolls exactly as ratatui's would from a fresh state: the selected
    // row is the last one shown once it is past the first screenful.
    let visible = (table_area.height as usize).saturating_sub(1).max(1);
    let first = (app.list_sel + 1).saturating_sub(visible);
    let rows: Vec<Vec<Line>> = rows_idx
        [first.min(rows_idx.len())..rows_idx.len().min(first + visible)]
        .iter()
        .filter_map(|&i| app.list_row(i))
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
                let amount = c.amount.as_deref().map(|a| format!(" {a} {}", c.currency));
                let room = title_w
                    .saturating_sub(unicode_width::UnicodeWidthStr::width(read_only.as_str()));
                fit_title(&title, amount.as_deref(), room)
            };
            let step = if c.status.is_open() {
                format!("{}/6 {}", c.progress, steps[&c.current_step].short)
            } else {
                format!("{}/6", c.progress)
            };
            let mut cells = vec![
                Line::from(format!("{title}{read_only}")),
                Line::from(t(app.lang, &format!("status.{}", c.status.as_str()))),
                Line::from(step),
                due_cell(app, &c, theme),
            ];
            if with_amount {
                cells.push(Line::from(
                    c.amount
                        .as_deref()
                        .map(|a| format!("{a} {}", c.currency))
                        .unwrap_or_else(|| "-".into()),
                ));
            }
            cells.push(Line::from(short_date(c.updated_at, &app.tz)));
            cells
        })
        .collect();
    let table = Table {
        columns: &columns,
        header,
        header_style: theme.heading,
        rows,
        selected: Some(app.list_sel.saturating_sub(first)),
        selected_style: theme.selected,
    };
    table.render(table_area, frame.buffer_mut());
}

/// Up to this many load problems stand above the list; past it, the first ones and a line
/// that counts the rest and names the key that shows them all (`!`, a scrollable box), so a
/// folder of damaged files can never push the cases off the screen.
const PROBLEMS_SHOWN: usize = 3;

fn problem_lines(app: &App) -> Vec<Line<'static>> {
    let texts = problem_texts(app);
    let shown = if texts.len() <= PROBLEMS_SHOWN {
        texts.len()
    } else {
        PROBLEMS_SHOWN - 1
    };
    let mut lines: Vec<Line<'static>> = texts[..shown]
        .iter()
        .map(|t| Line::from(format!("! {t}")))
        .collect();
    if shown < texts.len() {
        let more = (texts.len() - shown).to_string();
        lines.push(Line::from(format!(
            "! {}",
            tf(app.lang, "list.problems_more", &[("n", &more)])
        )));
    }
    lines
}

/// Each load problem in words, made safe for the screen.
pub(super) fn problem_texts(app: &App) -> Vec<String> {
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
                Problem::TooNew { file, schema } => tf(
                    app.lang,
                    "list.problem.too_new",
                    &[("file", file), ("schema", &schema.to_string())],
                ),
                Problem::Unreadable { file, error } => tf(
                    app.lang,
                    "list.problem.unreadable",
                    &[("file", file), ("error", error)],
                ),
            };
            clean_line(&text).into_owned()
        })
        .collect()
}

/// The nearest deadline as a badge. Overdue and due-today badges start with `!` (the words
/// carry the meaning; colour only adds to it).
fn due_cell(app: &App, c: &CaseSummary, theme: &Theme) -> Line<'static> {
    match app.nearest_deadline_of(c) {
        Some(d) => {
            let style = match d.days_left {
                _ if d.past => theme.error,
                0 => theme.warn,
                _ => ratatui::style::Style::new(),
            };
            Line::from(Span::styled(badge(app.lang, &d), style))
        }
        None => Line::from("-"),
    }
}

/// A title in `width` columns. Too long, it is cut with `…`; when it ends with the amount
/// (`罗森便利店(漕溪北路店) 38.50 CNY`) the name is cut and the amount kept whole, so a cut
/// never leaves part of a number that reads as another one (`… 3`).
fn fit_title(title: &str, amount: Option<&str>, width: usize) -> String {
    use unicode_width::UnicodeWidthStr;
    if title.width() <= width {
        return title.to_string();
    }
    let cut = |s: &str, room: usize| -> String {
        let mut used = 0;
        s.chars()
            .take_while(|ch| {
                used += unicode_width::UnicodeWidthChar::width(*ch).unwrap_or(0);
                used <= room
            })
            .collect()
    };
    // The amount, or just its number when the currency does not fit too.
    let keep = amount.filter(|a| title.ends_with(a)).and_then(|a| {
        let number = a.rsplit_once(' ').map_or(a, |(n, _)| n);
        [a, number]
            .into_iter()
            .find(|k| k.width() + 2 <= width)
            .map(|k| (a, k))
    });
    match keep {
        Some((whole, kept)) => {
            let name = &title[..title.len() - whole.len()];
            let room = width - kept.width() - 1;
            format!("{}…{kept}", cut(name, room))
        }
        None => format!("{}…", cut(title, width.saturating_sub(1))),
    }
}

/// `2026-11-25`: the list has no room for the time of the last change.
fn short_date(ts: jiff::Timestamp, tz: &jiff::tz::TimeZone) -> String {
    ts.to_zoned_datetime(tz.clone())
        .strftime("%Y-%m-%d")
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use unicode_width::UnicodeWidthStr;

    use crate::lang::Lang;
    use crate::storage::Problem;
    use crate::tui::app::{Overlay, Screen};
    use ratatui::Terminal;
    use ratatui::backend::TestBackend;
    use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

    fn key(c: KeyCode) -> KeyEvent {
        KeyEvent::new(c, KeyModifiers::NONE)
    }

    fn screen(app: &mut App, w: u16, h: u16) -> String {
        app.size = Rect::new(0, 0, w, h);
        let mut term = Terminal::new(TestBackend::new(w, h)).expect("terminal");
        term.draw(|f| super::super::draw(f, app, &Theme::new(false)))
            .expect("draw");
        term.backend()
            .buffer()
            .content()
            .iter()
            .map(|c| c.symbol())
            .collect()
    }

    /// Issue 16: a folder of damaged files once pushed the cases off the list, and only the
    /// problems that fitted were named. Now the first few stand above the cases, a line counts
    /// the rest, and `!` shows every one in a box that scrolls to the last.
    #[test]
    fn every_load_problem_is_reachable_and_the_cases_stay_on_screen() {
        let now = "2026-11-25T10:00:00Z".parse().unwrap();
        let facts = crate::domain::facts::Facts {
            merchant: "Corner Coffee".into(),
            ..Default::default()
        };
        let case = crate::domain::case::Case::new("20261125-100000".into(), facts, now);
        let mut app = App::new(Lang::En, now, jiff::tz::TimeZone::UTC, vec![case]);
        app.screen = Screen::List;
        app.problems = (1..=12)
            .map(|i| Problem::Unreadable {
                file: format!("broken-{i:02}.json"),
                error: "not JSON".into(),
            })
            .collect();
        let text = screen(&mut app, 80, 24);
        assert!(text.contains("broken-01.json"), "{text}");
        assert!(text.contains("10 more files"), "{text}");
        assert!(
            text.contains("Corner Coffee"),
            "the cases stay on screen: {text}"
        );
        assert!(!text.contains("broken-12.json"));

        app.handle_key(key(KeyCode::Char('!')));
        assert!(matches!(app.overlay, Some(Overlay::Problems { .. })));
        let mut seen: Vec<String> = vec![];
        for _ in 0..10 {
            let text = screen(&mut app, 80, 24);
            seen.extend(
                (1..=12)
                    .map(|i| format!("broken-{i:02}.json"))
                    .filter(|f| text.contains(f.as_str())),
            );
            app.handle_key(key(KeyCode::PageDown));
        }
        for i in 1..=12 {
            let f = format!("broken-{i:02}.json");
            assert!(seen.contains(&f), "{f} never came on screen");
        }
        app.handle_key(key(KeyCode::Esc));
        assert!(app.overlay.is_none());

        // Three or fewer: all of them above the list, no counting line, `!` not needed.
        app.problems.truncate(3);
        let text = screen(&mut app, 80, 24);
        assert!(
            text.contains("broken-03.json") && !text.contains("more files"),
            "{text}"
        );
    }

    #[test]
    fn a_long_title_keeps_its_amount_whole() {
        let t = "罗森便利店(漕溪北路店) 38.50 CNY";
        let a = Some(" 38.50 CNY");
        assert_eq!(fit_title(t, a, 40), t);
        for w in 10..t.width() {
            let shown = fit_title(t, a, w);
            assert!(shown.width() <= w, "{shown} in {w}");
            assert!(
                shown.ends_with("38.50 CNY") || shown.ends_with("38.50"),
                "{shown}"
            );
        }
        assert_eq!(fit_title(t, a, 20), "罗森便利… 38.50 CNY");
        // A title the user named: cut at the end, marked.
        let named = "Lunch at the station, charged twice";
        assert_eq!(fit_title(named, a, 12), "Lunch at th…");
        assert_eq!(fit_title("星巴克", None, 3), "星…");
    }
}
