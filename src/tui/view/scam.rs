//! Step 5's scam check: the paste area, and each red flag with why it is dangerous. Side by
//! side when the terminal is wide, the flags below the message otherwise.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};

use super::super::app::App;
use super::super::app::scam::ScamCheck;
use super::super::theme::Theme;
use super::super::wrap::wrap;
use crate::assets::{t, tf};
use crate::lang::Lang;

/// From this width the message and its flags sit side by side.
const SIDE_BY_SIDE: u16 = 100;

pub fn draw(frame: &mut Frame, area: Rect, app: &App, theme: &Theme) {
    let Some(check) = &app.scam else {
        return;
    };
    let [paste, flags] = split(area, check);
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(theme.focus_border)
        .title(Span::styled(
            format!(" {} ", t(app.lang, "scam.title")),
            theme.title,
        ));
    let inner = block.inner(paste);
    frame.render_widget(block, paste);
    frame.render_widget(&check.editor, inner);

    let title = if check.flags.is_empty() {
        format!(" {} ", t(app.lang, "scam.flags_title"))
    } else {
        format!(
            " {} ({}) ",
            t(app.lang, "scam.flags_title"),
            check.flags.len()
        )
    };
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(theme.border)
        .title(Span::styled(title, theme.title));
    let inner = block.inner(flags);
    frame.render_widget(block, flags);
    let lines = flag_lines(check, app.lang, inner.width as usize, theme);
    frame.render_widget(Paragraph::new(lines).scroll((check.scroll, 0)), inner);
}

/// The line in step 5 that says which key opens the check (from the key table).
pub fn step_hint(lang: Lang) -> String {
    let key = super::super::keys::BINDINGS
        .iter()
        .find(|b| b.action == super::super::action::Action::ScamCheck)
        .map(super::super::keys::keys_label)
        .unwrap_or_default();
    tf(lang, "scam.open_hint", &[("key", &key)])
}

/// The paste box takes the rows its text needs (at least 3, at most 2/5 of the screen), so
/// the flags get the rest.
fn split(area: Rect, check: &ScamCheck) -> [Rect; 2] {
    if area.width >= SIDE_BY_SIDE {
        return Layout::horizontal([Constraint::Percentage(50), Constraint::Percentage(50)])
            .areas(area);
    }
    let inner_width = area.width.saturating_sub(2) as usize;
    let rows = wrap(&check.text(), inner_width).len() as u16;
    let most = (area.height * 2 / 5).max(5);
    let paste = (rows + 2).clamp(5, most);
    Layout::vertical([Constraint::Length(paste), Constraint::Min(0)]).areas(area)
}

fn flag_lines(check: &ScamCheck, lang: Lang, width: usize, theme: &Theme) -> Vec<Line<'static>> {
    let indented = |text: &str, style| -> Vec<Line<'static>> {
        wrap(text, width.saturating_sub(2))
            .into_iter()
            .map(|l| Line::from(Span::styled(format!("  {l}"), style)))
            .collect()
    };
    let plain = |text: &str, style| -> Vec<Line<'static>> {
        wrap(text, width)
            .into_iter()
            .map(|l| Line::from(Span::styled(l, style)))
            .collect()
    };
    if check.text().trim().is_empty() {
        return plain(t(lang, "scam.empty"), theme.dim);
    }
    if check.flags.is_empty() {
        let mut out = plain(t(lang, "scam.none"), theme.ok);
        out.extend(plain(
            t(lang, "scam.reminder"),
            ratatui::style::Style::new(),
        ));
        return out;
    }
    // The count is in the pane's title; the flags start at the top.
    let mut out: Vec<Line<'static>> = vec![];
    for f in &check.flags {
        if !out.is_empty() {
            out.push(Line::default());
        }
        let kind = t(lang, &format!("scam.kind.{}", f.kind.as_str()));
        out.extend(plain(&format!("! {kind}"), theme.warn));
        out.extend(indented(&format!("“{}”", f.excerpt), theme.dim));
        out.extend(indented(
            t(lang, &format!("scam.why.{}", f.kind.as_str())),
            ratatui::style::Style::new(),
        ));
    }
    // Flags alone leave a frightened reader with nothing to do: what to do comes next.
    out.push(Line::default());
    out.extend(plain(t(lang, "scam.act_title"), theme.warn));
    for step in t(lang, "scam.act_now").lines() {
        out.extend(indented(&format!("• {step}"), ratatui::style::Style::new()));
    }
    out
}

#[cfg(test)]
mod tests {
    use ratatui::Terminal;
    use ratatui::backend::TestBackend;
    use ratatui::crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};

    use super::super::super::app::Screen;
    use super::super::super::theme::Theme;
    use super::*;

    const SCAM_ZH: &str =
        "您好，您的重复扣款已冻结，\n请下载腾讯会议开启屏幕共享，并把收到的验证码告诉我。";
    const SCAM_EN: &str = "Hello, this is the refund team. Your duplicate payment is on hold.\nPlease send me the 6-digit code we texted you, then move the money to a safe account.";

    fn key(c: KeyCode) -> KeyEvent {
        KeyEvent::new(c, KeyModifiers::NONE)
    }

    /// From the case list to the scam check with real key events, then a bracketed paste.
    fn app_with_paste(lang: Lang, text: &str) -> App {
        let mut app = crate::tui::app::scam::tests::app_in_a_case(lang);
        app.handle_key(key(KeyCode::Char('s')));
        app.handle_event(&Event::Paste(text.into()));
        assert_eq!(app.screen, Screen::Scam);
        app
    }

    fn render(app: &App, w: u16, h: u16) -> Terminal<TestBackend> {
        let mut term = Terminal::new(TestBackend::new(w, h)).expect("terminal");
        term.draw(|f| super::super::draw(f, app, &Theme::new(false)))
            .expect("draw");
        term
    }

    fn screen_text(term: &Terminal<TestBackend>) -> String {
        let buf = term.backend().buffer();
        buf.content().iter().map(|c| c.symbol()).collect()
    }

    #[test]
    fn scam_check_zh_80x24() {
        let app = app_with_paste(Lang::Zh, SCAM_ZH);
        insta::assert_snapshot!(render(&app, 80, 24).backend());
    }

    #[test]
    fn scam_check_en_80x24() {
        let app = app_with_paste(Lang::En, SCAM_EN);
        insta::assert_snapshot!(render(&app, 80, 24).backend());
    }

    #[test]
    fn a_harmless_message_gets_the_calm_answer_and_a_wide_screen_shows_both_panes() {
        let app = app_with_paste(
            Lang::En,
            "Your refund of ¥38.50 has been issued to your original payment method.",
        );
        let text = screen_text(&render(&app, 120, 30));
        assert!(text.contains(t(Lang::En, "scam.none")), "{text}");
        assert!(text.contains(t(Lang::En, "scam.flags_title")));
    }

    #[test]
    fn what_to_do_now_follows_the_flags_and_scrolling_reaches_it() {
        let mut app = app_with_paste(Lang::En, SCAM_EN);
        let title = t(Lang::En, "scam.act_title");
        let mut seen = false;
        for _ in 0..12 {
            let text = screen_text(&render(&app, 80, 24));
            if text.contains(title) && text.contains("96110") {
                seen = true;
                break;
            }
            app.handle_key(key(KeyCode::PageDown));
        }
        assert!(seen, "paging down never showed {title}");
        let calm = app_with_paste(Lang::En, "Your refund has been issued.");
        let text = screen_text(&render(&calm, 120, 30));
        assert!(!text.contains(title), "{text}");
    }

    #[test]
    fn an_empty_check_explains_itself_and_no_size_panics() {
        let app = app_with_paste(Lang::Zh, "");
        let text = screen_text(&render(&app, 80, 24));
        assert!(text.replace(' ', "").contains("危险信号"), "{text}");
        let app = app_with_paste(Lang::En, SCAM_EN);
        for (w, h) in [(1, 1), (40, 10), (41, 11), (200, 60)] {
            render(&app, w, h);
        }
    }

    #[test]
    fn step_5_says_which_key_opens_the_check() {
        let mut app = app_with_paste(Lang::En, "");
        app.handle_key(key(KeyCode::Esc));
        assert_eq!(app.screen, Screen::Case);
        // Esc returns to the step `s` was pressed on (step 1); step 5 is four steps down.
        for _ in 0..4 {
            app.handle_key(key(KeyCode::Down));
        }
        let text = screen_text(&render(&app, 80, 24));
        let hint = step_hint(Lang::En);
        assert!(hint.contains("Press s "), "{hint}");
        assert!(text.contains("Press s to check"), "{text}");
    }

    #[test]
    fn page_down_scrolls_to_flags_below_the_fold() {
        let long = "我是退款专员。您的账户已冻结。请下载腾讯会议共享屏幕。把验证码告诉我。再转入安全账户。";
        let mut app = app_with_paste(Lang::Zh, long);
        let last = t(Lang::Zh, "scam.kind.safe_account");
        let before = screen_text(&render(&app, 80, 24)).replace(' ', "");
        assert!(!before.contains(last), "starts at the top");
        for _ in 0..3 {
            app.handle_key(key(KeyCode::PageDown));
        }
        let after = screen_text(&render(&app, 80, 24)).replace(' ', "");
        assert!(after.contains(last), "{after}");
    }
}
