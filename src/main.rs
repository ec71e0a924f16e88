use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let mut cli = paytwice::cli::Cli::parse();
    match cli.command.take() {
        Some(command) => paytwice::cli::run(cli, command),
        None => paytwice::tui::run(&cli),
    }
}
