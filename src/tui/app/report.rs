//! Exporting the case report from the case view (`X`, SPEC §1 step 6): the same guarded
//! Markdown as `paytwice export`, queued as an effect; the event loop writes it under
//! `exports/` and reports the path, which the status line shows.

use super::{App, Status};
use crate::assets::{deadline_rules, tf};
use crate::domain::sanitize::clean;
use crate::domain::steps::StepKey;
use crate::storage::exports::safe_name;

/// A report waiting to be written: for which case, the file name under `exports/`, the text.
#[derive(Debug, Clone)]
pub struct ReportExport {
    pub case_id: String,
    pub file: String,
    pub text: String,
    /// Written again because the case's outcome changed after it was exported: the status
    /// line keeps saying what the answer did, and says this only if it fails.
    pub refresh: bool,
}

/// Step 6's checklist item that exporting fulfils.
const EXPORT_ITEM: &str = "export_report";

impl App {
    /// Build the report of the open case (already through the privacy guard) and queue it.
    /// A read-only case can still be exported: nothing in it changes.
    pub(super) fn export_report(&mut self) {
        self.queue_report(false);
    }

    /// After an answer that ended or reopened the case: a report already exported is written
    /// again, so the file on disk never shows a progress or status the case no longer has.
    pub(super) fn refresh_report(&mut self) {
        if self
            .case()
            .is_some_and(|c| c.step(StepKey::Review).is_checked(EXPORT_ITEM))
        {
            self.queue_report(true);
        }
    }

    fn queue_report(&mut self, refresh: bool) {
        let Some(case) = self.case() else {
            return;
        };
        let probe = &self.probe;
        let exists = |p: &str| probe.exists(p);
        let md = crate::report::markdown(case, self.lang, self.now, &self.tz, &exists);
        let export = ReportExport {
            case_id: case.id.clone(),
            file: safe_name(&format!("{}-report.{}.md", case.id, self.lang.code())),
            text: clean(&md).into_owned(),
            refresh,
        };
        self.reports.push(export);
        self.flush = true;
    }

    /// The event loop reports where the report was written (or why it was not). A written
    /// report ticks step 6's "export the case report".
    pub fn report_exported(
        &mut self,
        case_id: &str,
        result: Result<String, String>,
        refresh: bool,
    ) {
        if refresh && result.is_ok() {
            return;
        }
        let (key, arg, error) = match &result {
            Ok(path) => ("status.report_exported", ("path", path.as_str()), false),
            Err(e) => ("status.report_failed", ("error", e.as_str()), true),
        };
        self.status = Some(Status {
            text: tf(self.lang, key, &[arg]),
            error,
        });
        if result.is_err() || self.read_only.contains(case_id) {
            return;
        }
        let (now, tz) = (self.now, self.tz.clone());
        if let Some(c) = self.cases.iter_mut().find(|c| c.id == case_id)
            && !c.step(StepKey::Review).is_checked(EXPORT_ITEM)
        {
            c.toggle_check(StepKey::Review, EXPORT_ITEM, now, &tz, deadline_rules());
            self.dirty.insert(case_id.to_string());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::Screen;
    use super::*;
    use crate::domain::case::Case;
    use crate::domain::facts::Facts;
    use crate::lang::Lang;
    use jiff::{Timestamp, tz::TimeZone};
    use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

    const CARD: &str = "4111 1111 1111 1111";

    fn app() -> App {
        let now: Timestamp = "2026-11-25T10:00:00Z".parse().unwrap();
        let mut case = Case::new("c-report".into(), Facts::default(), now);
        case.title = "Corner Coffee twice".into();
        case.set_notes(StepKey::ConfirmRecords, format!("paid with {CARD}"), now);
        let mut app = App::new(Lang::En, now, TimeZone::UTC, vec![case]);
        app.handle_key(KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE));
        assert_eq!(app.screen, Screen::Case);
        app.take_effects();
        app
    }

    fn press_x(app: &mut App) {
        app.handle_key(KeyEvent::new(KeyCode::Char('X'), KeyModifiers::SHIFT));
    }

    #[test]
    fn shift_x_queues_the_guarded_report() {
        let mut app = app();
        press_x(&mut app);
        assert!(app.flush, "written at once, not after a pause");
        let e = app.take_effects();
        assert_eq!(e.reports.len(), 1);
        let r = &e.reports[0];
        assert_eq!(r.case_id, "c-report");
        assert_eq!(r.file, "c-report-report.en.md");
        assert!(r.text.contains("Corner Coffee twice"), "{}", r.text);
        assert!(r.text.contains("paid with"), "the notes are in it");
        assert!(!r.text.contains(CARD), "card number masked: {}", r.text);
        assert!(!r.text.contains("4111111111111111"));
        assert!(app.take_effects().reports.is_empty(), "queued once");
    }

    #[test]
    fn lowercase_x_still_means_not_needed() {
        let mut app = app();
        app.handle_key(KeyEvent::new(KeyCode::Char('x'), KeyModifiers::NONE));
        assert!(app.take_effects().reports.is_empty());
    }

    #[test]
    fn a_read_only_case_can_be_exported_but_is_not_changed() {
        let mut app = app();
        app.read_only.insert("c-report".into());
        press_x(&mut app);
        assert_eq!(app.take_effects().reports.len(), 1);
        app.report_exported("c-report", Ok("/d/exports/x.md".into()), false);
        assert!(app.take_effects().saves.is_empty());
    }

    #[test]
    fn the_status_line_shows_the_path_and_step_6_is_ticked() {
        let mut app = app();
        press_x(&mut app);
        app.take_effects();
        app.report_exported(
            "c-report",
            Ok("/d/exports/c-report-report.en.md".into()),
            false,
        );
        let s = app.status.clone().unwrap();
        assert!(!s.error);
        assert!(
            s.text.contains("/d/exports/c-report-report.en.md"),
            "{}",
            s.text
        );
        let saves = app.take_effects().saves;
        assert_eq!(saves.len(), 1);
        assert!(saves[0].step(StepKey::Review).is_checked(EXPORT_ITEM));
        app.report_exported("c-report", Err("disk full".into()), false);
        let s = app.status.clone().unwrap();
        assert!(s.error && s.text.contains("disk full"));
    }

    #[test]
    fn help_lists_the_report_key() {
        use ratatui::{Terminal, backend::TestBackend};
        let mut app = app();
        app.handle_key(KeyEvent::new(KeyCode::Char('?'), KeyModifiers::NONE));
        let mut term = Terminal::new(TestBackend::new(100, 120)).unwrap();
        let theme = crate::tui::theme::Theme::new(false);
        term.draw(|f| crate::tui::view::draw(f, &app, &theme))
            .unwrap();
        let screen = term.backend().to_string();
        assert!(screen.contains("export the case report"), "{screen}");
    }
}
