//! The terminal is always given back and the screen never panics.
//!
//! - Rendering: every size from 0×0 to 200×60 for the empty list and the typical case view
//!   (the language alternating between neighbouring sizes); the other screens on a coarser grid (every 7th width, every 3rd
//!   height, plus the edges around 40×10 and 80×24) and 1,000 cases coarser still, to keep
//!   the file well under a minute on a 2-core CI machine.
//! - In a real pseudo-terminal: SIGTERM, SIGHUP, SIGINT, Ctrl-C, a forced panic and a closed
//!   terminal each leave the alternate screen, show the cursor, exit, and keep the note being
//!   typed (the editor is never left before the signal).

mod common;

use common::press;

use jiff::tz::TimeZone;
use paytwice::lang::Lang;
use paytwice::tui::app::App;
use paytwice::tui::theme::Theme;
use ratatui::Terminal;
use ratatui::backend::TestBackend;

fn app(cases: usize, lang: Lang) -> App {
    let cases = (0..cases)
        .map(|i| common::typical_case(&format!("20261125-{i:06}")))
        .collect();
    App::new(lang, common::now(), TimeZone::UTC, cases)
}

/// Key scripts that reach each screen from the case list: the list, the case view (steps
/// pane, then step 4's detail), overlays and the editors.
const OTHERS: &[&str] = &["\rjjj\t", "?", "i", "n", "\rf", "\re", "\rl", "\rE", "\rD"];

/// Draw each script's screen at every width × height. With `alternate`, the language
/// alternates from one size to the next (half the work, both languages near every size).
fn render_grid(cases: usize, scripts: &[&str], widths: &[u16], heights: &[u16], alternate: bool) {
    let theme = Theme::new(true);
    for script in scripts {
        let mut apps = [app(cases, Lang::En), app(cases, Lang::Zh)];
        for a in &mut apps {
            press(a, script);
        }
        for &w in widths {
            for &h in heights {
                let langs: &[usize] = match (alternate, (w + h) % 2) {
                    (false, _) => &[0, 1],
                    (true, 0) => &[0],
                    (true, _) => &[1],
                };
                for &l in langs {
                    let a = &mut apps[l];
                    a.size = ratatui::layout::Rect::new(0, 0, w, h);
                    let mut t = Terminal::new(TestBackend::new(w, h)).unwrap();
                    t.draw(|f| paytwice::tui::view::draw(f, a, &theme))
                        .unwrap_or_else(|e| panic!("{w}×{h} {script:?}: {e}"));
                }
            }
        }
    }
}

fn every(max: u16) -> Vec<u16> {
    (0..=max).collect()
}

fn coarse(max: u16, step: usize) -> Vec<u16> {
    let mut v: Vec<u16> = (0..=max).step_by(step).collect();
    v.extend([1, 2, 39, 40, 41, 79, 80, 81, max]);
    v.sort();
    v.dedup();
    v
}

// Every size, 0×0 to 200×60 (12,261 sizes); English at even w+h, Chinese at odd.

#[test]
fn every_size_empty_list() {
    render_grid(0, &[""], &every(200), &every(60), true);
}

#[test]
fn every_size_typical_case() {
    render_grid(1, &["\r"], &every(200), &every(60), true);
}

// Coarser, both languages at each size: every 7th width and 3rd height, plus the edges
// around 40×10 and 80×24.

#[test]
fn other_screens_on_a_coarse_grid() {
    let (w, h) = (coarse(200, 7), coarse(60, 3));
    render_grid(1, OTHERS, &w, &h, false);
}

/// Each draw of a 1,000-row list costs more, so a coarser grid still: every 25th width and
/// 10th height, plus the edges.
#[test]
fn a_thousand_cases_on_a_coarse_grid() {
    let (w, h) = (coarse(200, 25), coarse(60, 10));
    render_grid(1000, &["", "\r", "?", "n"], &w, &h, false);
}

// ---- in a pseudo-terminal ----

// The rest drives the program in a Unix pseudo-terminal (tests/common/pty.rs).
#[cfg(unix)]
mod in_a_pty {
    use super::*;
    use common::pty::{Launch, Pty, restored};

    /// Start paytwice, create a case, open the notes editor and type `note`; return while the
    /// editor is still open and the note is on screen (so the program has it in memory).
    fn typing_a_note(data: &std::path::Path, note: &str, panic_key: bool) -> Pty {
        let mut l = Launch::new(data);
        if panic_key {
            l = l.env("PAYTWICE_TEST_PANIC", "1");
        }
        typing_a_note_in(l.spawn(), note)
    }

    fn typing_a_note_in(mut p: Pty, note: &str) -> Pty {
        p.wait_for("Press n to start a case");
        p.send_str("n");
        p.wait_for("Amount (one charge)");
        p.send_str("Corner Coffee\r");
        p.wait_for("Facts saved.");
        p.send_str("e");
        p.send_str(note);
        p.wait_for(note);
        assert!(
            !p.line_mode(),
            "raw mode while running (so the check below means something)"
        );
        p
    }

    fn assert_kept(p: &mut Pty, data: &std::path::Path, note: &str, how: &str) {
        p.wait_exit();
        assert!(
            restored(&p.raw_output()),
            "{how}: the terminal was not given back"
        );
        assert!(p.line_mode(), "{how}: raw mode left on");
        let case = common::only_case(data);
        assert_eq!(case["steps"][0]["notes"], note, "{how}: the note was lost");
    }

    fn signal_keeps_the_note(sig: &str) {
        let dir = tempfile::tempdir().unwrap();
        let note = format!("typed before SIG{sig}");
        let mut p = typing_a_note(dir.path(), &note, false);
        p.kill(sig);
        assert_kept(&mut p, dir.path(), &note, sig);
    }

    #[test]
    fn sigterm_saves_and_restores() {
        signal_keeps_the_note("TERM");
    }

    #[test]
    fn sighup_saves_and_restores() {
        signal_keeps_the_note("HUP");
    }

    #[test]
    fn sigint_saves_and_restores() {
        signal_keeps_the_note("INT");
    }

    #[test]
    fn ctrl_c_in_the_editor_saves_and_restores() {
        let dir = tempfile::tempdir().unwrap();
        let note = "typed before Ctrl-C";
        let mut p = typing_a_note(dir.path(), note, false);
        p.send(b"\x03");
        assert_kept(&mut p, dir.path(), note, "Ctrl-C");
    }

    #[test]
    fn a_panic_saves_and_restores() {
        let dir = tempfile::tempdir().unwrap();
        let note = "typed before a panic";
        let mut p = typing_a_note(dir.path(), note, true);
        p.send(b"\x1b[24~"); // F12, the test panic key
        assert_kept(&mut p, dir.path(), note, "panic");
        let out = String::from_utf8_lossy(&p.raw_output()).into_owned();
        // The hook restores first, then the message; the loop's exit restores once more.
        let entered = out.rfind("\x1b[?1049h").unwrap_or(0);
        let left = entered + out[entered..].find("\x1b[?1049l").unwrap_or(0);
        let tail = &out[left..];
        assert!(
            tail.contains("panic on request"),
            "the panic message is printed after the screen is restored, readable"
        );
    }

    #[test]
    fn a_closed_terminal_ends_the_program_and_keeps_the_note() {
        let dir = tempfile::tempdir().unwrap();
        let note = "typed before the window closed";
        let mut p = typing_a_note(dir.path(), note, false);
        // Left arrow: moves the cursor (the program draws) without changing the text.
        p.close_master(b"\x1b[D");
        let st = p.wait_exit();
        assert_ne!(st.exit_code(), 101, "no panic on the way out");
        let case = common::only_case(dir.path());
        assert_eq!(case["steps"][0]["notes"], note);
    }

    /// The same with no SIGHUP: `setsid` puts paytwice in a session of its own, so the kernel's
    /// hangup signal goes to the wrapper, not to it (as under a parent that swallows SIGHUP).
    /// paytwice must notice the dead terminal by itself, save and exit rather than spin.
    #[test]
    fn a_closed_terminal_ends_the_program_even_without_sighup() {
        let dir = tempfile::tempdir().unwrap();
        let note = "typed before the window closed, no SIGHUP";
        let l = Launch::new(dir.path()).wrapped(&["setsid", "-w"]);
        let mut p = typing_a_note_in(l.spawn(), note);
        let children = format!("/proc/{0}/task/{0}/children", p.pid());
        let pid: u32 = std::fs::read_to_string(&children)
            .expect("children of setsid")
            .split_whitespace()
            .next()
            .and_then(|s| s.parse().ok())
            .expect("paytwice pid");
        p.close_master(b"\x1b[D");
        let start = std::time::Instant::now();
        loop {
            let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap_or_default();
            // Gone, or a zombie: it has exited.
            if stat.is_empty() || stat.split(") ").nth(1).is_some_and(|r| r.starts_with('Z')) {
                break;
            }
            assert!(
                start.elapsed() < common::pty::TIMEOUT,
                "paytwice still running after its terminal closed: {stat}"
            );
            std::thread::sleep(std::time::Duration::from_millis(20));
        }
        let case = common::only_case(dir.path());
        assert_eq!(case["steps"][0]["notes"], note);
    }

    /// A save that keeps failing: the status line says why while the program runs, and on quit
    /// the user is told on the normal screen that the last changes were lost (exit status 1).
    #[test]
    fn a_failing_save_is_reported_in_the_program_and_at_exit() {
        let dir = tempfile::tempdir().unwrap();
        let mut p = Launch::new(dir.path()).spawn();
        p.wait_for("Press n to start a case");
        p.send_str("n");
        p.wait_for("Amount (one charge)");
        p.send_str("Corner Coffee\r");
        p.wait_for("Facts saved.");
        // The cases directory becomes a plain file: every save now fails (even for root).
        let cases = dir.path().join("cases");
        std::fs::rename(&cases, dir.path().join("cases.moved")).unwrap();
        std::fs::write(&cases, b"").unwrap();
        p.send_str("enote that cannot be saved");
        p.wait_for("note that cannot be saved");
        p.send_str("\x1b");
        p.wait_for("Could not save");
        p.send_str("q");
        let st = p.wait_exit();
        assert_eq!(st.exit_code(), 1);
        assert!(restored(&p.raw_output()));
        p.wait_for("Your last changes could not be saved");
    }
}

// ---- without a terminal ----

/// Under cron or in a pipe: one clear line naming the subcommands that work, exit 2, and
/// nothing created (not even the data directory).
#[test]
fn without_a_terminal_one_line_exit_2_and_nothing_created() {
    let d = tempfile::tempdir().unwrap();
    let data = d.path().join("data");
    for (lang, words) in [
        ("en_US.UTF-8", "needs a terminal"),
        ("zh_CN.UTF-8", "需要在终端里运行"),
    ] {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_paytwice"))
            .env("PAYTWICE_DATA_DIR", &data)
            .env("LANG", lang)
            .env_remove("LC_ALL")
            .env_remove("LC_MESSAGES")
            .stdin(std::process::Stdio::null())
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "{lang}");
        assert!(out.stdout.is_empty(), "no escape codes: {:?}", out.stdout);
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(err.lines().count(), 1, "{err}");
        assert!(
            err.contains(words) && err.contains("paytwice list"),
            "{err}"
        );
        assert!(!data.exists(), "nothing created");
    }
}
