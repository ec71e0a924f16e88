//! The interactive program: terminal events → actions (one key table, `keys.rs`) →
//! `App::update` → state → `view::draw`. Drawing is pure; disk work happens here, at the edge.

pub mod action;
pub mod app;
pub mod clipboard;
pub mod evidence_form;
pub mod form;
pub mod input;
pub mod keys;
pub mod log_form;
pub mod probe;
pub mod terminal;
pub mod theme;
pub mod view;
pub mod wrap;
pub mod zone;

use std::io::{self, Write};
use std::process::ExitCode;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use jiff::Timestamp;
use ratatui::crossterm::event;
use ratatui::{DefaultTerminal, Terminal, backend::CrosstermBackend};

use crate::assets::tf;
use crate::cli::Cli;
use crate::domain::case::Case;
use crate::domain::summary::CaseSummary;
use crate::lang::Lang;
use crate::storage::{self, Access, SaveError, Store};
use app::App;

/// Save once typing pauses this long (SPEC §5: within 1 s of the last keystroke).
const SAVE_AFTER_IDLE: Duration = Duration::from_millis(300);
/// How long the first frame has the machine to itself (see `after_first_frame`).
const SETTLE: Duration = Duration::from_millis(2);
/// How often the loop wakes with no input: to save, to notice signals, to tick the clock.
const TICK: Duration = Duration::from_millis(250);

pub fn run(cli: &Cli) -> ExitCode {
    let locale = Lang::from_locale(|k| std::env::var(k).ok());
    // Before anything is created or locked: without a terminal, say so and point to the
    // subcommands that need none (exit 2, a usage error).
    if !terminal::available() {
        let lang = cli.lang.unwrap_or(locale);
        let _ = writeln!(
            io::stderr(),
            "paytwice: {}",
            crate::assets::t(lang, "cli.no_terminal")
        );
        return ExitCode::from(2);
    }
    let Some(dir) = storage::resolve_data_dir(cli.data_dir.as_deref()) else {
        let lang = cli.lang.unwrap_or(locale);
        eprintln!("paytwice: {}", crate::assets::t(lang, "cli.no_data_dir"));
        return ExitCode::from(1);
    };
    let mut store = match Store::open(&dir, Access::Write) {
        Ok(s) => s,
        Err(e) => {
            let msg = crate::describe::open_error(cli.lang.unwrap_or(locale), &e);
            eprintln!("paytwice: {}", crate::domain::sanitize::clean_line(&msg));
            return ExitCode::from(1);
        }
    };
    let state = store.load_state();
    let lang = cli.lang.or(state.lang).unwrap_or(locale);
    let now = Timestamp::now();
    let tz = zone::local();
    if let Some(order) = app::list_order(&tz) {
        store.set_list_order(order);
    }
    // Only what the first frame needs: the first screenful of the list's summaries (it shows
    // fewer rows than the terminal has), and the one case to resume.
    let rows =
        ratatui::crossterm::terminal::size().map_or(usize::MAX, |(_, h)| usize::from(h).max(1));
    let start = store.load_list(now, rows);
    let mut app = App::new(lang, now, tz, vec![]);
    app.chosen_lang = state.lang;
    mark_read_only(&mut app, &store, &start.summaries);
    app.list = start.summaries;
    app.list_partial = !start.complete;
    app.problems = start.problems;
    read_last_case(&mut app, &mut store, state.last_case.as_deref());
    app.resume(&state);

    let stop = Arc::new(AtomicBool::new(false));
    // SIGINT too: in raw mode Ctrl-C is a key, but `kill -INT` (a supervisor, `timeout`)
    // must still save and give the terminal back rather than die mid-screen.
    for &sig in crate::platform::STOP_SIGNALS {
        let _ = signal_hook::flag::register(sig, Arc::clone(&stop));
    }
    terminal::install_panic_hook();
    if let Err(e) = terminal::enter() {
        terminal::restore();
        eprintln!("paytwice: {e}");
        return ExitCode::from(1);
    }
    let mut unsaved = None;
    let result = match Terminal::new(CrosstermBackend::new(io::stdout())) {
        Ok(mut term) => {
            let r = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                event_loop(&mut term, &mut app, &mut store, &stop)
            }));
            // Whatever happened, what the user typed goes to disk before we leave.
            app.flush = true;
            unsaved = persist(&mut app, &mut store);
            let _ = store.save_index();
            // ratatui's Drop shows the cursor and `eprintln!`s if it cannot, which panics when
            // the terminal is gone (exit 101 after a hangup). `restore` below does that job
            // and ignores errors, so the terminal is not dropped.
            std::mem::forget(term);
            match r {
                Ok(r) => r,
                Err(_) => Err(io::Error::other("internal error")),
            }
        }
        Err(e) => Err(e),
    };
    terminal::restore();
    // The last save failed (disk full, directory gone): the screen that said so is gone, so
    // say it where the user will see it after we leave, and exit non-zero.
    if let Some(error) = unsaved {
        let msg = tf(app.lang, "exit.unsaved", &[("error", &error)]);
        let _ = writeln!(
            io::stderr(),
            "paytwice: {}",
            crate::domain::sanitize::clean_line(&msg)
        );
        return ExitCode::from(1);
    }
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            // Not `eprintln!`: it panics when stderr is a terminal that has hung up.
            let _ = writeln!(io::stderr(), "paytwice: {e}");
            ExitCode::from(1)
        }
    }
}

fn event_loop(
    term: &mut DefaultTerminal,
    app: &mut App,
    store: &mut Store,
    stop: &AtomicBool,
) -> io::Result<()> {
    let theme = theme::Theme::from_env();
    let panic_key = panic_key();
    if let Ok(size) = term.size() {
        app.size = ratatui::layout::Rect::new(0, 0, size.width, size.height);
    }
    let mut last_input = Instant::now();
    let mut redraw = true;
    let mut first_frame = true;
    while !app.quit {
        // A terminal lost without a SIGHUP reaching us makes `event::poll` fail (crossterm's
        // `use-dev-tty` source, see Cargo.toml), which ends the loop through `?` below.
        if stop.load(Ordering::Relaxed) {
            app.update(action::Action::Quit);
            break;
        }
        if redraw {
            term.draw(|f| view::draw(f, app, &theme))?;
            redraw = false;
            if std::mem::take(&mut first_frame) {
                after_first_frame(term, app, store, &theme)?;
            }
        }
        if event::poll(TICK)? {
            let ev = event::read()?;
            if panic_key.as_ref() == Some(&ev) {
                panic!("PAYTWICE_TEST_PANIC: panic on request");
            }
            app.now = Timestamp::now();
            redraw = app.handle_event(&ev);
            if let Some(id) = app.take_load_request() {
                let result = read_case(store, &id, app.now);
                app.case_loaded(&id, result);
            }
            last_input = Instant::now();
        } else if app.editor.is_some() {
            app.sync_editor();
        }
        // A bill being read on its own thread: its answer, or how far it got.
        redraw |= app.poll_bill();
        if app.flush || (app.is_dirty() && last_input.elapsed() >= SAVE_AFTER_IDLE) {
            let _ = persist(app, store);
            redraw = true;
        }
    }
    Ok(())
}

/// The first frame may have come from the summary index alone: check every case file now,
/// before any key is handled (redrawing if that changed the list), then keep the index current.
/// The user's template overrides are read here too: no key can reach a template before this.
fn after_first_frame(
    term: &mut DefaultTerminal,
    app: &mut App,
    store: &mut Store,
    theme: &theme::Theme,
) -> io::Result<()> {
    // Let the terminal show the frame before the check below takes the CPU: on a two-core
    // machine the terminal's side of the pty otherwise waited behind it (with 1,000 cases,
    // ~0.3–0.5 ms in the median, `cargo bench --bench startup`). A key ends the wait at once;
    // it is handled after the check, as always.
    event::poll(SETTLE)?;
    if let Some((list, problems)) = store.verify_summaries(app.now) {
        let changed = list != app.list || !problems.is_empty();
        mark_read_only(app, store, &list);
        app.list_verified(list, problems);
        if changed {
            term.draw(|f| view::draw(f, app, theme))?;
        }
    }
    let _ = store.save_index();
    if let Some(config) = storage::config_dir() {
        app.templates.overrides = storage::overrides::read_all(&config).0;
    }
    Ok(())
}

/// The listed cases the store will not write (a newer paytwice's) are shown read-only.
fn mark_read_only(app: &mut App, store: &Store, list: &[CaseSummary]) {
    let read_only = list.iter().filter(|s| store.is_read_only(&s.id));
    app.read_only.extend(read_only.map(|s| s.id.clone()));
}

/// Read the case the user was last in, if it is still open, for `App::resume` to open. When the
/// list holds only its first rows and the case is not among them, its file is read anyway and
/// its summary joins the list (the whole list replaces it after the first frame).
fn read_last_case(app: &mut App, store: &mut Store, id: Option<&str>) {
    let Some(id) = id else { return };
    let listed = app
        .list
        .iter()
        .find(|s| s.id == id)
        .map(|s| s.status.is_open());
    let unlisted = listed.is_none() && app.list_partial && store.has_case(id);
    if listed != Some(true) && !unlisted {
        return;
    }
    match read_case(store, id, app.now) {
        Ok((case, _)) if unlisted && !case.status.is_open() => {}
        Ok((case, read_only)) => {
            if unlisted {
                app.list.push(CaseSummary::of(&case));
            }
            app.add_loaded(case, read_only);
        }
        Err(problem) => app.case_loaded(id, Err(problem)),
    }
}

/// Read one case in full (to open it); a file that went bad since start-up is quarantined and
/// reported like any other.
fn read_case(
    store: &mut Store,
    id: &str,
    now: Timestamp,
) -> Result<(crate::domain::case::Case, bool), storage::Problem> {
    store.load(id, now).map(|l| (l.case, l.read_only))
}

/// `PAYTWICE_TEST_PANIC=1` makes F12 panic inside the event loop, so the end-to-end tests can
/// prove a panic still saves the last edit and gives the terminal back. Unset (always, for
/// users) it does nothing; F12 is bound to nothing else.
fn panic_key() -> Option<event::Event> {
    (std::env::var_os("PAYTWICE_TEST_PANIC").is_some_and(|v| v == "1")).then(|| {
        event::Event::Key(event::KeyEvent::new(
            event::KeyCode::F(12),
            event::KeyModifiers::NONE,
        ))
    })
}

/// Carry out the app's pending disk work. A failed save leaves the case dirty in memory (the
/// app says why) and is tried again at the next pause; its error is returned.
/// An open case on disk that already holds `new`'s two charges (a bill imported twice, or
/// the same transaction IDs typed again). Only looked for when both IDs are known.
fn holding_pair(store: &mut Store, new: &Case, now: Timestamp) -> Option<storage::Loaded> {
    if new
        .facts
        .payments
        .iter()
        .any(|p| p.transaction_id.trim().is_empty())
    {
        return None;
    }
    let (cases, _) = store.load_all(now);
    cases.into_iter().find(|l| {
        l.case.id != new.id && l.case.status.is_open() && l.case.facts.same_pair(&new.facts)
    })
}

fn persist(app: &mut App, store: &mut Store) -> Option<String> {
    if !app.is_dirty() && !app.flush {
        return None;
    }
    let mut failed = None;
    let effects = app.take_effects();
    let deleted = !effects.deletes.is_empty();
    for id in effects.deletes {
        if let Err(e) = store.delete(&id) {
            app.saved(&id, Err(e.to_string()));
        }
    }
    if deleted {
        // A deleted case's title must not linger in the index.
        let _ = store.save_index();
    }
    let fresh = app.take_fresh();
    for case in effects.saves {
        if fresh.contains(&case.id)
            && let Some(held) = holding_pair(store, &case, app.now)
        {
            app.already_held(&case.id, held.case, held.read_only);
            continue;
        }
        let result = match store.save(&case) {
            Ok(()) => Ok(()),
            Err(SaveError::ChangedOnDisk { kept_as }) => {
                app.status = Some(app::Status {
                    text: tf(
                        app.lang,
                        "status.changed_on_disk",
                        &[("file", &kept_as.display().to_string())],
                    ),
                    error: true,
                });
                Ok(())
            }
            Err(e) => Err(e.to_string()),
        };
        if let Err(e) = &result {
            failed = Some(e.clone());
        }
        app.saved(&case.id, result);
    }
    if let Some(state) = effects.state {
        let _ = store.save_state(&state);
    }
    for (name, text) in effects.exports {
        app.exported(write_export(store, &name, &text));
    }
    for r in effects.reports {
        app.report_exported(&r.case_id, write_export(store, &r.file, &r.text), r.refresh);
    }
    if let Some(text) = effects.clipboard {
        app.copied(clipboard::copy(&mut io::stdout(), &text));
    }
    failed
}

/// Write a file under the data directory's `exports/` (private); its path, or why not.
fn write_export(store: &Store, name: &str, text: &str) -> Result<String, String> {
    store
        .exports_dir()
        .and_then(|d| {
            let path = d.join(name);
            storage::exports::write_private(&path, text.as_bytes()).map(|_| path)
        })
        .map(|p| p.display().to_string())
        .map_err(|e| e.to_string())
}

#[cfg(test)]
mod persist_tests;
