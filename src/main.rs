use std::process::ExitCode;

fn main() -> ExitCode {
    let mut cli = paytwice::cli::Cli::from_env();
    match cli.command.take() {
        Some(command) => paytwice::cli::run(cli, command),
        None => paytwice::tui::run(&cli),
    }
}
