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
    /// Cases, one a line.
    List {
        #[arg(long)]
        json: bool,
    },
    /// One case: facts, steps, log.
    Show {
        case: String,
        #[arg(long)]
        json: bool,
    },
    /// A message to send, filled from the case (in the language of the global --lang).
    Template {
        case: String,
        #[arg(long, value_enum)]
        to: Recipient,
        // `--lang` here is the global one (a second `--lang` made clap panic on building the
        // command, e.g. for `completions`).
    },
    /// The case report (Markdown), the case file (JSON), or a bundle with messages and evidence.
    Export(ExportArgs),
    /// Red flags in a message you received (stdin when no FILE).
    ScamCheck {
        file: Option<PathBuf>,
        #[arg(long)]
        json: bool,
    },
    /// Candidate duplicate charges in a WeChat Pay or Alipay bill export.
    Scan {
        bill: PathBuf,
        #[arg(long)]
        json: bool,
        /// Largest gap between two charges, in minutes.
        #[arg(long, default_value_t = 30, value_name = "MIN")]
        window: u32,
    },
    /// A new case, filled from candidate N of a bill.
    New {
        #[arg(long, value_name = "BILL", requires = "pick")]
        from: Option<PathBuf>,
        #[arg(long, value_name = "N")]
        pick: Option<usize>,
        #[arg(long, default_value_t = 30, value_name = "MIN")]
        window: u32,
    },
    /// Shell completions.
    Completions { shell: clap_complete::Shell },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Recipient {
    Merchant,
    Service,
    Complaint,
    Followup,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, Default)]
pub enum ExportFormat {
    #[default]
    Md,
    Json,
}

#[derive(Debug, Args)]
pub struct ExportArgs {
    pub case: String,
    #[arg(long, value_enum, default_value_t)]
    pub format: ExportFormat,
    #[arg(
        short = 'o',
        long = "output",
        value_name = "FILE",
        conflicts_with = "bundle"
    )]
    pub output: Option<PathBuf>,
    #[arg(long, value_name = "DIR")]
    pub bundle: Option<PathBuf>,
}

/// Run a subcommand. Errors are one line on stderr; usage errors exit 2.
pub fn run(cli: Cli, command: Command) -> ExitCode {
    let mut ctx = Context::new(&cli);
    let result = match command {
        Command::List { json } => list::run(&mut ctx, json),
        Command::Show { case, json } => show::run(&mut ctx, &case, json),
        Command::Template { case, to } => template::run(&mut ctx, &case, to),
        Command::Export(args) => export::run(&mut ctx, args),
        Command::ScamCheck { file, json } => scam_check::run(&mut ctx, file.as_deref(), json),
        Command::Scan { bill, json, window } => scan::run(&mut ctx, &bill, json, window),
        Command::New { from, pick, window } => new::run(&mut ctx, from.as_deref(), pick, window),
        Command::Completions { shell } => completions::run(shell),
    };
    match result {
        Ok(code) => code,
        Err(f) => f.report(),
    }
}
