//! What helps a bug report (issue 17), and nothing that would expose the user:
//!
//! - `PAYTWICE_LOG=FILE`: a plain log of what paytwice did — data directory opened, load
//!   problems, saves and their retries, lock contention — one line each, appended to FILE.
//!   It never holds case content, names, amounts, messages or notes: callers pass only kinds
//!   of events, counts, case ids (random) and paths with the home directory written `~`.
//! - `paytwice --version --verbose`: versions, the data and config paths, the terminal and the
//!   locale, to paste into a report.
//!
//! With the variable unset, `event` costs one atomic load.

use std::fmt;
use std::fs::{File, OpenOptions};
use std::io::Write;
use std::path::Path;
use std::sync::{Mutex, OnceLock};

pub const ENV_LOG: &str = "PAYTWICE_LOG";

static LOG: OnceLock<Option<Mutex<File>>> = OnceLock::new();

/// Opens the log named by `PAYTWICE_LOG`, once. A log that cannot be opened is said on
/// stderr and otherwise ignored: diagnostics never stop the program.
pub fn init_from_env() {
    LOG.get_or_init(|| {
        let path = std::env::var_os(ENV_LOG).filter(|p| !p.is_empty())?;
        match open(Path::new(&path)) {
            Ok(f) => Some(Mutex::new(f)),
            Err(e) => {
                eprintln!(
                    "paytwice: cannot write the log {}: {e}",
                    Path::new(&path).display()
                );
                None
            }
        }
    });
}

fn open(path: &Path) -> std::io::Result<File> {
    OpenOptions::new().create(true).append(true).open(path)
}

/// Writes one line to the log, if there is one: `2026-12-01T23:40:00Z <what>`.
pub fn event(what: fmt::Arguments<'_>) {
    let Some(Some(log)) = LOG.get() else { return };
    let Ok(mut f) = log.lock() else { return };
    let _ = writeln!(
        f,
        "{} {what}",
        jiff::Timestamp::now().strftime("%Y-%m-%dT%H:%M:%SZ")
    );
}

/// `diag!("saved case {id}")`: a line in the log when `PAYTWICE_LOG` is set.
#[macro_export]
macro_rules! diag {
    ($($arg:tt)*) => {
        $crate::diag::event(format_args!($($arg)*))
    };
}

/// A path as the log writes it: the home directory as `~`, so a user name does not leak.
pub fn shown(path: &Path) -> String {
    let home = std::env::home_dir();
    match home.as_deref().and_then(|h| path.strip_prefix(h).ok()) {
        Some(rest) => Path::new("~").join(rest).display().to_string(),
        None => path.display().to_string(),
    }
}

/// Whether the arguments ask for `--version --verbose` (in either order, `-V` too).
pub fn wants_verbose_version(args: &[std::ffi::OsString]) -> bool {
    let has = |names: &[&str]| args.iter().any(|a| names.iter().any(|n| a == n));
    has(&["--version", "-V"]) && has(&["--verbose"])
}

/// The report `paytwice --version --verbose` prints.
pub fn verbose_version(data_dir: Option<&Path>, config_dir: Option<&Path>) -> String {
    let var = |k: &str| std::env::var(k).unwrap_or_else(|_| "(unset)".into());
    let path = |p: Option<&Path>| p.map_or("(none: no home directory)".into(), shown);
    let tty = |fd_is: bool| {
        if fd_is {
            "a terminal"
        } else {
            "not a terminal"
        }
    };
    use std::io::IsTerminal;
    let lines = [
        format!("paytwice {}", env!("CARGO_PKG_VERSION")),
        format!("target: {}", env!("PAYTWICE_TARGET")),
        format!("built with: {}", env!("PAYTWICE_RUSTC")),
        format!("os: {} {}", std::env::consts::OS, std::env::consts::ARCH),
        format!("data directory: {}", path(data_dir)),
        format!("config directory: {}", path(config_dir)),
        format!(
            "log: {}",
            std::env::var_os(ENV_LOG).map_or("off (set PAYTWICE_LOG=FILE)".into(), |p| shown(
                Path::new(&p)
            ))
        ),
        format!(
            "terminal: TERM={} COLORTERM={} NO_COLOR={}; stdin {}, stdout {}",
            var("TERM"),
            var("COLORTERM"),
            var("NO_COLOR"),
            tty(std::io::stdin().is_terminal()),
            tty(std::io::stdout().is_terminal())
        ),
        format!(
            "locale: LANG={} LC_ALL={} LC_MESSAGES={}",
            var("LANG"),
            var("LC_ALL"),
            var("LC_MESSAGES")
        ),
    ];
    let mut out = lines.join("\n");
    out.push('\n');
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::ffi::OsString;

    #[test]
    fn verbose_version_is_asked_for_by_both_flags_in_any_order() {
        let os = |a: &[&str]| a.iter().map(OsString::from).collect::<Vec<_>>();
        assert!(wants_verbose_version(&os(&["--version", "--verbose"])));
        assert!(wants_verbose_version(&os(&["--verbose", "-V"])));
        assert!(!wants_verbose_version(&os(&["--version"])));
        assert!(!wants_verbose_version(&os(&["list", "--verbose"])));
    }

    #[test]
    fn the_report_names_versions_paths_terminal_and_locale() {
        let r = verbose_version(Some(Path::new("/data/x")), None);
        for want in [
            "paytwice ",
            "target: ",
            "built with: ",
            "data directory: /data/x",
            "config directory: (none",
            "terminal: TERM=",
            "locale: LANG=",
        ] {
            assert!(r.contains(want), "{want} missing in\n{r}");
        }
    }
}
