use super::context::{CliResult, Context, Failure};

// Not built yet: the issue that owns this subcommand replaces this body.
#[allow(unused_variables)]
pub fn run(
    ctx: &mut Context,
    query: &str,
    to: super::Recipient,
    lang: Option<crate::lang::Lang>,
) -> CliResult {
    Err(Failure::error(ctx.t("cli.not_built")))
}
