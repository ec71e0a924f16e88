//! What every subcommand needs: the language, the data directory, case lookup by id, prefix
//! or list number, and one-line errors with the right exit code.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use jiff::Timestamp;

use crate::assets::{t, tf};
use crate::domain::case::Case;
use crate::lang::Lang;
use crate::storage::{self, Access, Loaded, Store};

use super::Cli;

/// A subcommand's failure: one line for stderr and an exit code (2 for usage).
#[derive(Debug)]
pub struct Failure {
    pub message: String,
    pub code: u8,
}

impl Failure {
    pub fn usage(message: impl Into<String>) -> Failure {
        Failure {
            message: message.into(),
            code: 2,
        }
    }

    pub fn error(message: impl Into<String>) -> Failure {
        Failure {
            message: message.into(),
            code: 1,
        }
    }

    pub fn report(&self) -> ExitCode {
        let line = crate::domain::sanitize::clean_line(&self.message);
        let _ = writeln!(std::io::stderr(), "paytwice: {line}");
        ExitCode::from(self.code)
    }
}

pub type CliResult = Result<ExitCode, Failure>;

pub struct Context {
    pub lang: Lang,
    pub data_dir: Option<PathBuf>,
    pub now: Timestamp,
    pub tz: jiff::tz::TimeZone,
}

impl Context {
    pub fn new(cli: &Cli) -> Context {
        let data_dir = storage::resolve_data_dir(cli.data_dir.as_deref());
        let lang = cli.lang.unwrap_or_else(|| {
            data_dir
                .as_deref()
                .and_then(|d| Store::open(d, Access::ReadOnly).ok())
                .and_then(|s| s.load_state().lang)
                .unwrap_or_else(|| Lang::from_locale(|k| std::env::var(k).ok()))
        });
        Context {
            lang,
            data_dir,
            now: Timestamp::now(),
            tz: jiff::tz::TimeZone::system(),
        }
    }

    pub fn t(&self, key: &str) -> &'static str {
        t(self.lang, key)
    }

    pub fn tf(&self, key: &str, args: &[(&str, &str)]) -> String {
        tf(self.lang, key, args)
    }

    fn dir(&self) -> Result<PathBuf, Failure> {
        self.data_dir
            .clone()
            .ok_or_else(|| Failure::error(self.t("cli.no_data_dir")))
    }

    /// Open the store: `Write` takes the lock (and fails, naming the holder, if another
    /// paytwice has it).
    pub fn store(&self, access: Access) -> Result<Store, Failure> {
        let dir = self.dir()?;
        Store::open(&dir, access)
            .map_err(|e| Failure::error(crate::describe::open_error(self.lang, &e)))
    }

    /// All cases in list order (the order `paytwice list` numbers them).
    pub fn cases(&self, store: &mut Store) -> Vec<Loaded> {
        let (cases, _problems) = store.load_all(self.now);
        cases
    }

    /// `CASE`: an id, its row number in `paytwice list` (a bare number is always a row,
    /// never the start of an id), or a unique prefix of an id. Empty is a usage error.
    pub fn find_case(&self, store: &mut Store, query: &str) -> Result<Case, Failure> {
        let q = query.trim();
        if q.is_empty() {
            return Err(Failure::usage(self.t("cli.empty_case")));
        }
        let cases = self.cases(store);
        let ids: Vec<&str> = cases.iter().map(|l| l.case.id.as_str()).collect();
        match pick_case(&ids, q) {
            Pick::Found(i) => Ok(cases[i].case.clone()),
            Pick::NoRow => Err(Failure::error(self.tf(
                "cli.no_such_row",
                &[("case", q), ("n", &cases.len().to_string())],
            ))),
            Pick::Unknown => Err(Failure::error(self.tf("cli.unknown_case", &[("case", q)]))),
            Pick::Ambiguous(n) => Err(Failure::error(
                self.tf("cli.ambiguous_case", &[("case", q), ("n", &n.to_string())]),
            )),
        }
    }
}

/// What a `CASE` argument picks among the ids in list order.
#[derive(Debug, PartialEq, Eq)]
enum Pick {
    Found(usize),
    /// A bare number that is not a row of the list.
    NoRow,
    Unknown,
    Ambiguous(usize),
}

fn pick_case(ids: &[&str], q: &str) -> Pick {
    if let Some(i) = ids.iter().position(|id| *id == q) {
        return Pick::Found(i);
    }
    if q.bytes().all(|b| b.is_ascii_digit()) {
        return match q.parse::<usize>() {
            Ok(n) if (1..=ids.len()).contains(&n) => Pick::Found(n - 1),
            _ => Pick::NoRow,
        };
    }
    let matches: Vec<usize> = (0..ids.len()).filter(|&i| ids[i].starts_with(q)).collect();
    match matches.as_slice() {
        [i] => Pick::Found(*i),
        [] => Pick::Unknown,
        many => Pick::Ambiguous(many.len()),
    }
}

/// Print text made safe: no control characters or escape sequences from user data.
pub fn print_clean(text: &str) -> Result<(), Failure> {
    let clean = crate::domain::sanitize::clean(text);
    let mut out = std::io::stdout().lock();
    out.write_all(clean.as_bytes())
        .and_then(|_| {
            if clean.ends_with('\n') {
                Ok(())
            } else {
                out.write_all(b"\n")
            }
        })
        .map_err(|e| Failure::error(e.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_bare_number_is_a_row_never_a_prefix_and_prefixes_must_be_unique() {
        let one = ["20261125-100000"];
        assert_eq!(pick_case(&one, "1"), Pick::Found(0));
        assert_eq!(
            pick_case(&one, "2"),
            Pick::NoRow,
            "not the id starting with 2"
        );
        assert_eq!(pick_case(&one, "2026"), Pick::NoRow);
        assert_eq!(pick_case(&one, "20261125-1"), Pick::Found(0));
        assert_eq!(pick_case(&one, "20261125-100000"), Pick::Found(0));
        assert_eq!(pick_case(&one, "x"), Pick::Unknown);
        let two = ["20261125-100000", "20261125-100000-2"];
        assert_eq!(
            pick_case(&two, "20261125-100000"),
            Pick::Found(0),
            "exact wins"
        );
        assert_eq!(pick_case(&two, "20261125-"), Pick::Ambiguous(2));
        assert_eq!(pick_case(&two, "2"), Pick::Found(1));
        assert_eq!(pick_case(&two, "0"), Pick::NoRow);
    }
}
