//! The interactive program: terminal events → actions (one key table) → `update` → state →
//! view. Rendering functions are pure.

use std::process::ExitCode;

use crate::cli::Cli;

pub fn run(_cli: &Cli) -> ExitCode {
    eprintln!("paytwice: the interactive program is being built");
    ExitCode::from(1)
}
