use std::process::ExitCode;

fn main() -> ExitCode {
    // `--version --verbose` is read before clap: clap's own `--version` takes no companions.
    let args: Vec<std::ffi::OsString> = std::env::args_os().skip(1).collect();
    if paytwice::diag::wants_verbose_version(&args) {
        let data = paytwice::storage::resolve_data_dir(None);
        let config = paytwice::storage::config_dir();
        print!(
            "{}",
            paytwice::diag::verbose_version(data.as_deref(), config.as_deref())
        );
        return ExitCode::SUCCESS;
    }
    paytwice::diag::init_from_env();
    let mut cli = paytwice::cli::Cli::from_env();
    match cli.command.take() {
        Some(command) => paytwice::cli::run(cli, command),
        None => paytwice::tui::run(&cli),
    }
}
