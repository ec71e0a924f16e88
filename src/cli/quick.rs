//! The interactive start's arguments without clap. Building clap's command tree (every
//! subcommand, its help and its checks) was a tenth of the time to the first frame and pulled
//! clap's code into memory for a program that then never uses it (issue 6). Plain `paytwice`,
//! with only `--lang` and `--data-dir`, is read here; anything else — a subcommand, `--help`,
//! an unknown language, a repeated or malformed option — goes to clap, which alone explains
//! errors. The tests check that whenever this accepts arguments, clap reads them the same way.

use std::ffi::OsString;
use std::path::PathBuf;

use super::Cli;
use crate::lang::Lang;

impl Cli {
    /// The arguments of this process, read by `quick` when it can, else by clap.
    pub fn from_env() -> Cli {
        quick(std::env::args_os().skip(1)).unwrap_or_else(super::parse_args)
    }
}

/// `Some` only for arguments that are nothing but the global options, each at most once, in
/// forms clap accepts with the same meaning.
pub fn quick(args: impl IntoIterator<Item = OsString>) -> Option<Cli> {
    let mut cli = Cli {
        data_dir: None,
        lang: None,
        command: None,
    };
    let mut args = args.into_iter();
    while let Some(arg) = args.next() {
        let arg = arg.into_string().ok()?;
        let (name, inline) = match arg.split_once('=') {
            Some((name, value)) => (name, Some(value.to_string())),
            None => (arg.as_str(), None),
        };
        let value = match inline {
            Some(v) => v,
            None => args.next()?.into_string().ok()?,
        };
        // clap reads a following `-x` as another option and an empty value as an error.
        if value.is_empty() || value.starts_with('-') {
            return None;
        }
        match name {
            "--lang" if cli.lang.is_none() => cli.lang = Some(Lang::parse(&value)?),
            "--data-dir" if cli.data_dir.is_none() => cli.data_dir = Some(PathBuf::from(value)),
            _ => return None,
        }
    }
    Some(cli)
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::Parser;

    fn os(args: &[&str]) -> Vec<OsString> {
        args.iter().map(OsString::from).collect()
    }

    /// What clap makes of the same arguments, in the fields the interactive start uses.
    fn by_clap(args: &[&str]) -> Option<(Option<PathBuf>, Option<Lang>, bool)> {
        let argv = std::iter::once("paytwice").chain(args.iter().copied());
        Cli::try_parse_from(argv)
            .ok()
            .map(|c| (c.data_dir, c.lang, c.command.is_some()))
    }

    #[test]
    fn reads_the_global_options_in_every_form() {
        let cli = quick(os(&["--lang", "zh", "--data-dir=/tmp/d"])).unwrap();
        assert_eq!(
            (cli.lang, cli.data_dir),
            (Some(Lang::Zh), Some("/tmp/d".into()))
        );
        let cli = quick(os(&["--data-dir", "/tmp/d e", "--lang=en"])).unwrap();
        assert_eq!(cli.lang, Some(Lang::En));
        assert_eq!(cli.data_dir, Some(PathBuf::from("/tmp/d e")));
        assert!(quick(os(&[])).is_some_and(|c| c.lang.is_none() && c.command.is_none()));
    }

    #[test]
    fn leaves_everything_else_to_clap() {
        for args in [
            &["list"][..],
            &["--help"],
            &["-V"],
            &["--lang", "fr"],
            &["--lang"],
            &["--lang", "en", "--lang", "zh"],
            &["--data-dir", "--lang", "en"],
            &["--data-dir="],
            &["--", "list"],
            &["--lang", "en", "show", "x"],
            &["--verbose"],
        ] {
            assert!(quick(os(args)).is_none(), "{args:?}");
        }
    }

    /// Every sequence of up to four of these tokens: where `quick` answers, clap agrees.
    #[test]
    fn agrees_with_clap_wherever_it_answers() {
        let tokens = [
            "--lang",
            "en",
            "zh",
            "ZH",
            "fr",
            "--lang=en",
            "--lang=",
            "--data-dir",
            "/tmp/x",
            "--data-dir=/d",
            "-x",
            "list",
            "--help",
            "",
            "--",
            "-",
            "a=b",
        ];
        let mut answered = 0;
        let n = tokens.len();
        for len in 0..=4u32 {
            for mut code in 0..n.pow(len) {
                let mut args = vec![];
                for _ in 0..len {
                    args.push(tokens[code % n]);
                    code /= n;
                }
                if let Some(cli) = quick(os(&args)) {
                    answered += 1;
                    assert_eq!(
                        by_clap(&args),
                        Some((cli.data_dir, cli.lang, false)),
                        "{args:?}"
                    );
                }
            }
        }
        assert!(
            answered > 50,
            "only {answered} argument lists were read quickly"
        );
    }
}
