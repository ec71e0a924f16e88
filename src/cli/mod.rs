//! The command line (SPEC §6): argument parsing and one module per subcommand. Each
//! subcommand calls the domain and storage; none draws on the terminal.

mod completions;
mod context;
mod export;
mod list;
mod new;
mod quick;
mod scam_check;
mod scan;
mod show;
mod template;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand, ValueEnum};

pub use context::{Context, Failure};

#[derive(Debug, Parser)]
#[command(
    name = "paytwice",
    version,
    about = "Charged twice for one purchase? Get the second charge back, step by step."
)]
pub struct Cli {
    /// Use this data directory instead of the default (also: PAYTWICE_DATA_DIR).
    #[arg(long, global = true, value_name = "DIR")]
    pub data_dir: Option<PathBuf>,
    /// Language: zh or en (default: the one last chosen, else the locale).
    #[arg(long, global = true, value_name = "zh|en", value_parser = parse_lang)]
    pub lang: Option<crate::lang::Lang>,
    #[command(subcommand)]
    pub command: Option<Command>,
}

fn parse_lang(s: &str) -> Result<crate::lang::Lang, String> {
    crate::lang::Lang::parse(s).ok_or_else(|| format!("unknown language {s:?}: use zh or en"))
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Cases, one a line, numbered: the number is how CASE can name a case.
    List {
        /// Print a JSON array (number, id, title, status, step, progress, amount, currency,
        /// last change, next deadline) instead of lines.
        #[arg(long)]
        json: bool,
    },
    /// One case: facts, steps, log.
    Show {
        #[arg(help = CASE_HELP)]
        case: String,
        /// Print the case file's content with its computed deadlines as JSON.
        #[arg(long)]
        json: bool,
    },
    /// A message to send, filled from the case (in the language of the global --lang).
    Template {
        #[arg(help = CASE_HELP)]
        case: String,
        /// Who the message is for: the merchant, the app's customer service, a complaint to a
        /// consumer body, the follow-up on the refund, or the bank that issued the card.
        #[arg(long, value_enum)]
        to: Recipient,
        /// The short message to paste into a chat instead of the full letter.
        #[arg(long)]
        short: bool,
        // `--lang` here is the global one (a second `--lang` made clap panic on building the
        // command, e.g. for `completions`).
    },
    /// The case report (Markdown), the case file (JSON), or a bundle with messages and evidence.
    Export(ExportArgs),
    /// Red flags in a message you received (stdin when no FILE).
    ScamCheck {
        /// A file holding the message (SMS, chat, e-mail text); without it the message is read
        /// from standard input.
        #[arg(value_name = "FILE")]
        file: Option<PathBuf>,
        /// Print the flags as JSON: [{"kind", "excerpt", "why"}].
        #[arg(long)]
        json: bool,
    },
    /// Candidate duplicate charges in a WeChat Pay or Alipay bill export.
    Scan {
        /// The bill as the app exported it: csv, xlsx, or the zip it came in.
        #[arg(value_name = "BILL")]
        bill: PathBuf,
        /// Print the candidates as JSON, most likely first.
        #[arg(long)]
        json: bool,
        /// Largest gap between two charges, in minutes.
        #[arg(long, default_value_t = 30, value_name = "MIN")]
        window: u32,
    },
    /// A new case, filled from candidate N of a bill.
    New {
        /// The bill to read the two charges from (as for `scan`).
        #[arg(long, value_name = "BILL", requires = "pick")]
        from: Option<PathBuf>,
        /// Which candidate of `paytwice scan BILL` to use (its number, from 1).
        #[arg(long, value_name = "N")]
        pick: Option<usize>,
        /// Largest gap between two charges, in minutes (as for `scan`).
        #[arg(long, default_value_t = 30, value_name = "MIN")]
        window: u32,
    },
    /// The manual page (roff), written from these same definitions: `paytwice man | man -l -`,
    /// or save it as paytwice.1 in a man directory.
    Man,
    /// Shell completions.
    Completions {
        /// The shell to write completions for.
        #[arg(value_name = "SHELL")]
        shell: clap_complete::Shell,
    },
}

/// How every subcommand that takes a case names it.
const CASE_HELP: &str = "The case: its number in `paytwice list`, its id, or the start of its id \
     (unique, with the dash; a bare number is always a list number)";

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Recipient {
    Merchant,
    Service,
    Complaint,
    Followup,
    CardIssuer,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, Default)]
pub enum ExportFormat {
    #[default]
    Md,
    Json,
}

#[derive(Debug, Args)]
pub struct ExportArgs {
    #[arg(help = CASE_HELP)]
    pub case: String,
    /// md: the case report in Markdown (through the privacy guard); json: the case file.
    #[arg(long, value_enum, default_value_t)]
    pub format: ExportFormat,
    /// Write to FILE instead of standard output.
    #[arg(
        short = 'o',
        long = "output",
        value_name = "FILE",
        conflicts_with = "bundle"
    )]
    pub output: Option<PathBuf>,
    /// Write a folder DIR with the report, every message and copies of the evidence files.
    #[arg(long, value_name = "DIR")]
    pub bundle: Option<PathBuf>,
}

/// The command line as clap knows it, its long help (`--help`) ending with where the data
/// and the configuration live: `files` names them (this machine's paths, or for the man page
/// the rules that find them).
pub fn command_with(files: &str) -> clap::Command {
    use clap::CommandFactory;
    Cli::command().after_long_help(format!(
        "Files:\n{files}\n\nLanguage: --lang, else the one chosen with L in the program, else \
         LC_ALL, LC_MESSAGES or LANG (zh* is Chinese, anything else English)."
    ))
}

/// This machine's data and config directories, for `--help`.
fn files_here() -> String {
    let shown = |p: Option<std::path::PathBuf>| {
        p.map(|p| p.display().to_string())
            .unwrap_or_else(|| "(none found: give --data-dir)".into())
    };
    format!(
        "  Data (cases/, state.json, exports/): {}\n    \
         another with --data-dir DIR or PAYTWICE_DATA_DIR\n  \
         Config (templates/ to override messages, holiday files): {}",
        shown(crate::storage::resolve_data_dir(None)),
        shown(crate::storage::config_dir()),
    )
}

/// The same for the man page: the rules, not one machine's paths.
pub const FILES_IN_GENERAL: &str = "  Data (cases/, state.json, exports/): $XDG_DATA_HOME/paytwice \
     (~/.local/share/paytwice) on Linux, ~/Library/Application Support/paytwice on macOS, \
     %APPDATA%\\paytwice\\data on Windows; another with --data-dir DIR or PAYTWICE_DATA_DIR.\n  \
     Config (templates/ to override messages, holiday files): $XDG_CONFIG_HOME/paytwice \
     (~/.config/paytwice) on Linux and macOS, %APPDATA%\\paytwice\\config on Windows.";

/// Parse the process's arguments (with this machine's paths in `--help`).
pub fn parse_args() -> Cli {
    use clap::FromArgMatches;
    let matches = command_with(&files_here()).get_matches();
    Cli::from_arg_matches(&matches).unwrap_or_else(|e| e.exit())
}

/// Run a subcommand. Errors are one line on stderr; usage errors exit 2.
pub fn run(cli: Cli, command: Command) -> ExitCode {
    let mut ctx = Context::new(&cli);
    let result = match command {
        Command::List { json } => list::run(&mut ctx, json),
        Command::Show { case, json } => show::run(&mut ctx, &case, json),
        Command::Template { case, to, short } => template::run(&mut ctx, &case, to, short),
        Command::Export(args) => export::run(&mut ctx, args),
        Command::ScamCheck { file, json } => {
            use std::io::IsTerminal;
            // Typing into a terminal with no prompt looks like a hang: say what is expected.
            if file.is_none() && std::io::stdin().is_terminal() {
                eprintln!("{}", ctx.t("cli.scam_reading_stdin"));
            }
            scam_check::run(&mut ctx, file.as_deref(), json)
        }
        Command::Scan { bill, json, window } => scan::run(&mut ctx, &bill, json, window),
        Command::New { from, pick, window } => new::run(&mut ctx, from.as_deref(), pick, window),
        Command::Completions { shell } => completions::run(shell),
        Command::Man => completions::man(),
    };
    match result {
        Ok(code) => code,
        Err(f) => f.report(),
    }
}
