use super::context::{CliResult, Context, Failure};

// Not built yet: the issue that owns this subcommand replaces this body.
#[allow(unused_variables)]
pub fn run(ctx: &mut Context, bill: &std::path::Path, json: bool, window: u32) -> CliResult {
    Err(Failure::error(ctx.t("cli.not_built")))
}
