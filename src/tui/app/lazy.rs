//! Cases read in full only when needed. Start-up gives the app the list's summaries; a case is
//! read from disk when it is opened. The app itself never touches the disk: opening a case that
//! is not in memory leaves a request that the event loop answers with `case_loaded`.

use std::borrow::Cow;

use super::App;
use crate::domain::case::Case;
use crate::domain::summary::CaseSummary;
use crate::storage::Problem;

impl App {
    /// A case read in full (start-up's resumed case, or one the user opened).
    pub fn add_loaded(&mut self, case: Case, read_only: bool) {
        if read_only {
            self.read_only.insert(case.id.clone());
        }
        self.cases.retain(|c| c.id != case.id);
        self.cases.push(case);
    }

    /// A case made here (facts form, bill import): it joins the list and the cases in
    /// memory, is marked for saving, and opens (the list selects it for when the user leaves).
    pub(super) fn add_new_case(&mut self, case: Case) {
        let id = case.id.clone();
        self.fresh.insert(id.clone());
        self.list.insert(0, CaseSummary::of(&case));
        self.cases.insert(0, case);
        self.dirty.insert(id.clone());
        self.select_in_list(&id);
        self.open_case(0);
    }

    /// Cases made since the last save that have not been written yet (taken once): the edge
    /// checks each against the open cases on disk before writing it.
    pub fn take_fresh(&mut self) -> std::collections::BTreeSet<String> {
        std::mem::take(&mut self.fresh)
    }

    /// The edge found the new case's two charges already in an open case (`held`): the new
    /// one is dropped unsaved and the one that holds them opens, and the status line says so.
    pub fn already_held(&mut self, new_id: &str, held: Case, read_only: bool) {
        self.cases.retain(|c| c.id != new_id);
        self.list.retain(|c| c.id != new_id);
        self.dirty.remove(new_id);
        self.forget_undo(new_id);
        let title = crate::domain::sanitize::clean_line(&held.display_title()).into_owned();
        let id = held.id.clone();
        if !self.list.iter().any(|s| s.id == id) {
            self.list.insert(0, CaseSummary::of(&held));
        }
        self.add_loaded(held, read_only);
        self.select_in_list(&id);
        if let Some(i) = self.list.iter().position(|s| s.id == id) {
            self.open_case(i);
        }
        self.status = Some(super::Status {
            text: crate::assets::tf(self.lang, "status.pair_already_open", &[("title", &title)]),
            error: false,
        });
    }

    /// The case the user asked to open that has yet to be read (taken once).
    pub fn take_load_request(&mut self) -> Option<String> {
        self.load_request.take()
    }

    /// The answer to a load request: open the case, or drop it from the list and say why
    /// (the problem shows on the list like those found at start-up).
    pub fn case_loaded(&mut self, id: &str, result: Result<(Case, bool), Problem>) {
        match result {
            Ok((case, read_only)) => {
                self.add_loaded(case, read_only);
                if let Some(i) = self.list.iter().position(|s| s.id == id) {
                    self.open_case(i);
                }
            }
            Err(problem) => {
                self.problems.push(problem);
                self.list.retain(|s| s.id != id);
                self.list_sel = self.list_sel.min(self.list_len().saturating_sub(1));
            }
        }
    }

    /// The list checked against every case file (after a first frame drawn from the index):
    /// take it, keep the selection on the same case, and add any new problems. When the first
    /// frame had only the list's first rows, the launch reminder looks again over them all.
    pub fn list_verified(&mut self, list: Vec<CaseSummary>, problems: Vec<Problem>) {
        let selected = self.selected_case().map(|i| self.list[i].id.clone());
        self.list = list;
        match selected {
            Some(id) => self.select_in_list(&id),
            None => self.list_sel = self.list_sel.min(self.list_len().saturating_sub(1)),
        }
        for p in problems {
            if !self.problems.contains(&p) {
                self.problems.push(p);
            }
        }
        if std::mem::take(&mut self.list_partial) {
            self.remind_overdue();
        }
    }

    /// Row `i` of the list as it is now: a case in memory may have changed since its summary
    /// was taken, so it is summarised afresh.
    pub fn list_row(&self, i: usize) -> Option<Cow<'_, CaseSummary>> {
        let s = self.list.get(i)?;
        Some(match self.cases.iter().find(|c| c.id == s.id) {
            Some(c) => Cow::Owned(CaseSummary::of(c)),
            None => Cow::Borrowed(s),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lang::Lang;
    use crate::tui::app::Screen;
    use jiff::{Timestamp, tz::TimeZone};
    use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

    fn case(id: &str) -> Case {
        let now: Timestamp = "2026-11-25T10:00:00Z".parse().unwrap();
        Case::new(id.into(), Default::default(), now)
    }

    fn enter(app: &mut App) {
        app.handle_key(KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE));
    }

    fn list_only(ids: &[&str]) -> App {
        let now: Timestamp = "2026-11-25T10:00:00Z".parse().unwrap();
        let mut app = App::new(Lang::En, now, TimeZone::UTC, vec![]);
        app.list = ids.iter().map(|id| CaseSummary::of(&case(id))).collect();
        app
    }

    #[test]
    fn opening_a_case_not_in_memory_asks_for_it_then_opens_it() {
        let mut app = list_only(&["a", "b"]);
        enter(&mut app);
        assert_eq!(
            app.screen,
            Screen::List,
            "nothing opens before the case is read"
        );
        assert_eq!(app.take_load_request().as_deref(), Some("a"));
        assert_eq!(app.take_load_request(), None);
        app.case_loaded("a", Ok((case("a"), false)));
        assert_eq!(app.screen, Screen::Case);
        assert_eq!(app.open.as_deref(), Some("a"));
    }

    #[test]
    fn a_case_that_fails_to_load_leaves_the_list_with_its_problem_shown() {
        let mut app = list_only(&["a", "b"]);
        enter(&mut app);
        let id = app.take_load_request().unwrap();
        let problem = Problem::Unreadable {
            file: "a.json".into(),
            error: "gone".into(),
        };
        app.case_loaded(&id, Err(problem.clone()));
        assert_eq!(app.screen, Screen::List);
        assert_eq!(app.problems, vec![problem]);
        assert_eq!(app.list.len(), 1);
    }

    #[test]
    fn a_verified_list_keeps_the_selected_case_and_adds_only_new_problems() {
        let mut app = list_only(&["a", "b", "c"]);
        app.list_sel = 2;
        let seen = Problem::NewerSchema {
            id: "b".into(),
            schema: 2,
        };
        app.problems = vec![seen.clone()];
        let found = Problem::Unreadable {
            file: "a.json".into(),
            error: "gone".into(),
        };
        let list = app.list[1..].to_vec();
        app.list_verified(list, vec![seen.clone(), found.clone()]);
        assert_eq!(app.list[app.selected_case().unwrap()].id, "c");
        assert_eq!(app.problems, vec![seen, found]);
    }

    #[test]
    fn the_list_shows_a_case_in_memory_as_it_is_now() {
        let mut app = list_only(&["a"]);
        let mut c = case("a");
        c.title = "Renamed".into();
        app.add_loaded(c, false);
        assert_eq!(app.list_row(0).unwrap().title, "Renamed");
        assert_eq!(app.list[0].title, "", "the stored summary is untouched");
    }

    #[test]
    fn a_long_list_draws_only_a_window_that_holds_the_selected_row() {
        let ids: Vec<String> = (0..60).map(|i| format!("case-{i:02}")).collect();
        let ids: Vec<&str> = ids.iter().map(String::as_str).collect();
        let mut app = list_only(&ids);
        for (i, s) in app.list.iter_mut().enumerate() {
            s.title = format!("Shop {i:02}");
        }
        let theme = crate::tui::theme::Theme::new(false);
        let screen = |app: &App| {
            let backend = ratatui::backend::TestBackend::new(80, 24);
            let mut term = ratatui::Terminal::new(backend).unwrap();
            term.draw(|f| crate::tui::view::draw(f, app, &theme))
                .unwrap();
            format!("{:?}", term.backend().buffer())
        };
        assert!(screen(&app).contains("> Shop 00"));
        for _ in 0..45 {
            app.handle_key(KeyEvent::new(KeyCode::Down, KeyModifiers::NONE));
        }
        let shown = screen(&app);
        assert!(shown.contains("> Shop 45"), "{shown}");
        assert!(shown.contains("Shop 44") && !shown.contains("Shop 00"));
    }
}
