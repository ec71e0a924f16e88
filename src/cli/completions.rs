use std::process::ExitCode;

use clap::CommandFactory;

use super::Cli;
use super::context::CliResult;

pub fn run(shell: clap_complete::Shell) -> CliResult {
    clap_complete::generate(
        shell,
        &mut Cli::command(),
        "paytwice",
        &mut std::io::stdout(),
    );
    Ok(ExitCode::SUCCESS)
}
