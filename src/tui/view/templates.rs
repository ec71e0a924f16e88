//! The template view: recipient tabs and language on top, the filled message in the middle,
//! what is missing, the privacy warnings and where the message was saved at the bottom.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::super::app::{App, TemplateView};
use super::super::theme::Theme;
use super::super::wrap::wrap;
use crate::assets::{t, tf};
use crate::domain::sanitize::clean_line;
use crate::domain::template::Recipient;
use crate::lang::Lang;

/// The bottom box never takes more than this many lines; the message gets the rest.
const INFO_MAX: usize = 6;

pub fn draw(frame: &mut Frame, area: Rect, app: &App, theme: &Theme) {
    let (Some(case), Some(v)) = (app.case(), &app.templates.view) else {
        return;
    };
    let lang = app.lang;
    let title = tf(
        lang,
        "tpl.title",
        &[("case", &clean_line(&case.display_title()))],
    );
    let block = super::boxed(&title, theme.border, theme);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let width = inner.width.max(1) as usize;
    let info = info_lines(v, lang, width, theme);
    let info_h = info.len().min(INFO_MAX) as u16;
    let [tabs, settings, message, rule, bottom] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Min(1),
        Constraint::Length(1),
        Constraint::Length(info_h),
    ])
    .areas(inner);
    frame.render_widget(Paragraph::new(tab_line(v, lang, theme)), tabs);
    frame.render_widget(Paragraph::new(settings_line(v, lang, theme)), settings);

    let text: Vec<String> = wrap(&v.message.text, width);
    let max = text.len().saturating_sub(message.height as usize);
    let start = (v.scroll as usize).min(max);
    let lines: Vec<Line> = text
        .into_iter()
        .skip(start)
        .map(|l| Line::from(clean_line(&l).into_owned()))
        .collect();
    frame.render_widget(Paragraph::new(lines), message);
    frame.render_widget(
        Paragraph::new(Span::styled("─".repeat(width), theme.border)),
        rule,
    );
    frame.render_widget(Paragraph::new(info), bottom);
}

/// `[1 Merchant]  2 Customer service  …` — the chosen one in brackets and reversed, so it
/// shows without colour.
fn tab_line(v: &TemplateView, lang: Lang, theme: &Theme) -> Line<'static> {
    let mut spans = vec![];
    for (i, r) in Recipient::ALL.iter().enumerate() {
        let label = format!("{} {}", i + 1, t(lang, &format!("tpl.to.{}", r.as_str())));
        if *r == v.to {
            spans.push(Span::styled(format!("[{label}]"), theme.selected));
        } else {
            spans.push(Span::raw(format!(" {label} ")));
        }
    }
    Line::from(spans)
}

/// `Short message (for a chat) · Language: English`.
fn settings_line(v: &TemplateView, lang: Lang, theme: &Theme) -> Line<'static> {
    let length = t(lang, &format!("tpl.length.{}", v.length.as_str()));
    let message_lang = t(lang, &format!("tpl.lang.{}", v.lang.code()));
    let text = tf(
        lang,
        "tpl.settings",
        &[("length", length), ("lang", message_lang)],
    );
    Line::from(Span::styled(text, theme.heading))
}

/// Missing facts, privacy warnings, the safety advice and the saved path.
fn info_lines(v: &TemplateView, lang: Lang, width: usize, theme: &Theme) -> Vec<Line<'static>> {
    let lines = |text: &str, style| -> Vec<Line<'static>> {
        wrap(&clean_line(text), width)
            .into_iter()
            .map(|l| Line::from(Span::styled(l, style)))
            .collect()
    };
    let notes = &v.notes;
    let mut out = vec![];
    if v.message.confirmation {
        out.extend(lines(t(lang, "tpl.confirmation"), theme.ok));
    }
    if notes.missing.is_empty() {
        out.extend(lines(t(lang, "tpl.none_missing"), theme.ok));
    } else {
        let sep = if lang == Lang::Zh { "、" } else { ", " };
        let text = tf(lang, "tpl.missing", &[("list", &notes.missing.join(sep))]);
        out.extend(lines(&text, theme.warn));
    }
    for w in &notes.warnings {
        out.extend(lines(&format!("! {w}"), theme.error));
    }
    // The complaint's shape has a source: say which rules it follows.
    if v.to == Recipient::Complaint && !v.message.confirmation {
        out.extend(lines(t(lang, "tpl.complaint_source"), theme.dim));
    }
    let saved = match &v.saved {
        None => t(lang, "tpl.saving").to_string(),
        Some(Ok(path)) => tf(lang, "tpl.saved", &[("path", path)]),
        Some(Err(e)) => tf(lang, "tpl.save_failed", &[("error", e)]),
    };
    let saved = lines(&saved, theme.heading);
    // The step 5 advice goes wherever the user writes to someone (SPEC §1): in full when
    // there is room, else in one line.
    let advice = lines(t(lang, "msg.advice"), theme.dim);
    if out.len() + saved.len() + advice.len() <= INFO_MAX {
        out.extend(advice);
    } else {
        out.extend(lines(t(lang, "msg.advice_short"), theme.dim));
    }
    // The saved path is kept when the box is cut short.
    out.truncate(INFO_MAX.saturating_sub(saved.len()));
    out.extend(saved);
    out
}

#[cfg(test)]
mod tests {
    use jiff::tz::TimeZone;
    use ratatui::Terminal;
    use ratatui::backend::TestBackend;
    use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

    use crate::lang::Lang;
    use crate::messages::testing::{full_case, now};
    use crate::tui::app::{App, Screen};
    use crate::tui::theme::Theme;

    fn press(app: &mut App, c: KeyCode) {
        app.handle_key(KeyEvent::new(c, KeyModifiers::NONE));
    }

    /// Open the only case and its template view with real keys; the loop's save is
    /// simulated the way `tui::run` reports it.
    fn template_app(lang: Lang) -> App {
        let mut case = full_case();
        case.steps[1].notes = "caller asked for 验证码 482913".into();
        let mut app = App::new(lang, now(), TimeZone::UTC, vec![case]);
        press(&mut app, KeyCode::Enter);
        press(&mut app, KeyCode::Char('t'));
        assert_eq!(app.screen, Screen::Templates);
        app
    }

    fn render(app: &App) -> String {
        let mut term = Terminal::new(TestBackend::new(80, 24)).unwrap();
        term.draw(|f| super::super::draw(f, app, &Theme::new(false)))
            .unwrap();
        term.backend().to_string()
    }

    fn saved(app: &mut App) {
        let e = app.take_effects();
        let (name, _) = e.exports.last().cloned().expect("a message was queued");
        app.exported(Ok(format!("/data/exports/{name}")));
    }

    #[test]
    fn template_view_en() {
        let mut app = template_app(Lang::En);
        saved(&mut app);
        insta::assert_snapshot!(render(&app));
    }

    #[test]
    fn template_view_zh_complaint() {
        let mut app = template_app(Lang::Zh);
        press(&mut app, KeyCode::Char('3'));
        saved(&mut app);
        insta::assert_snapshot!(render(&app));
    }

    #[test]
    fn template_view_message_language_switch_keeps_screen_language() {
        let mut app = template_app(Lang::Zh);
        press(&mut app, KeyCode::Right);
        press(&mut app, KeyCode::Char('l'));
        saved(&mut app);
        let screen = render(&app);
        assert!(screen.contains("[2 支付客服]"), "{screen}");
        assert!(
            screen.contains("短消息（贴进聊天） · 语言：English"),
            "{screen}"
        );
        assert!(screen.contains("Hello, I was charged twice"), "{screen}");
        assert!(screen.contains("已保存：/data/exports/20261120-124527-service.short.en.txt"));
        // `s` switches to the full letter, keeping recipient and language.
        press(&mut app, KeyCode::Char('s'));
        saved(&mut app);
        let screen = render(&app);
        assert!(screen.contains("完整信件 · 语言：English"), "{screen}");
        assert!(
            screen.contains("Hello WeChat Pay customer service"),
            "{screen}"
        );
        assert!(screen.contains("已保存：/data/exports/20261120-124527-service.en.txt"));
    }

    #[test]
    fn the_fifth_message_goes_to_the_card_issuer_and_a_resolved_case_confirms() {
        let mut app = template_app(Lang::En);
        press(&mut app, KeyCode::Char('5'));
        saved(&mut app);
        let screen = render(&app);
        assert!(screen.contains("[5 Card issuer]"), "{screen}");
        assert!(
            screen.contains("Please dispute the second charge"),
            "{screen}"
        );
        let mut case = full_case();
        case.refund.received_at = Some("2026-11-24T03:00:00Z".parse().unwrap());
        let mut app = App::new(Lang::Zh, now(), TimeZone::UTC, vec![case]);
        press(&mut app, KeyCode::Enter);
        press(&mut app, KeyCode::Char('t'));
        press(&mut app, KeyCode::Char('3'));
        saved(&mut app);
        let screen = render(&app);
        assert!(
            screen.contains("退款已到账：这里不再提供催办或投诉"),
            "{screen}"
        );
        assert!(!screen.contains("市场监管"), "{screen}");
    }

    #[test]
    fn copy_is_queued_for_the_loop_and_esc_goes_back() {
        let mut app = template_app(Lang::En);
        app.take_effects();
        press(&mut app, KeyCode::Char('4'));
        press(&mut app, KeyCode::Char('c'));
        let e = app.take_effects();
        let copied = e.clipboard.expect("clipboard queued");
        // Not yet due: a polite check, never "overdue".
        assert!(copied.contains("Could you tell me how it is progressing"));
        assert!(!copied.contains("overdue"));
        assert!(!copied.contains("482913"));
        assert_eq!(e.exports.len(), 1, "the reminder was saved when shown");
        assert!(e.exports[0].0.ends_with("followup.short.en.txt"));
        // The loop says what arrived; never in the terms of the escape sequence.
        use crate::tui::clipboard::Copied;
        for (how, want) in [
            (Copied::System, "Copied to the clipboard."),
            (Copied::TerminalAsked, "PAYTWICE_NO_MOUSE=1"),
            (Copied::Failed, "Use the saved file."),
        ] {
            app.copied(how);
            let said = &app.status.as_ref().expect("a status line").text;
            assert!(said.contains(want) && !said.contains("OSC"), "{said}");
        }
        press(&mut app, KeyCode::Esc);
        assert_eq!(app.screen, Screen::Case);
    }

    #[test]
    fn help_lists_the_template_keys() {
        let mut app = template_app(Lang::En);
        press(&mut app, KeyCode::Char('?'));
        let mut term = Terminal::new(TestBackend::new(100, 120)).unwrap();
        term.draw(|f| super::super::draw(f, &app, &Theme::new(false)))
            .unwrap();
        let screen = term.backend().to_string();
        assert!(screen.contains("Messages"), "{screen}");
        assert!(
            screen.contains("copy the message to the clipboard"),
            "{screen}"
        );
        assert!(screen.contains("complaint to a consumer-protection body"));
    }

    #[test]
    fn any_size_draws_without_panic() {
        let app = template_app(Lang::Zh);
        for (w, h) in [(1, 1), (40, 10), (41, 11), (80, 24), (200, 60), (45, 30)] {
            let mut term = Terminal::new(TestBackend::new(w, h)).unwrap();
            term.draw(|f| super::super::draw(f, &app, &Theme::new(false)))
                .unwrap();
        }
    }

    #[test]
    fn every_template_key_has_words_in_both_languages() {
        use crate::tui::keys::{BINDINGS, Scope};
        for lang in [Lang::Zh, Lang::En] {
            for b in BINDINGS.iter().filter(|b| b.scope == Scope::Templates) {
                assert!(crate::assets::has(lang, b.help), "{}", b.help);
                if b.hint {
                    assert!(crate::assets::has(lang, &format!("{}.short", b.help)));
                }
            }
            assert!(crate::assets::has(lang, "help.templates"));
        }
    }
}
