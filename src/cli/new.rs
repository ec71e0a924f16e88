//! `paytwice new --from BILL --pick N`: a case filled from candidate N of a bill.

use std::path::Path;
use std::process::ExitCode;

use super::context::{CliResult, Context, Failure, print_clean};
use crate::domain::bill_facts;
use crate::domain::case::Case;
use crate::domain::facts::Facts;
use crate::storage::Access;

pub fn run(ctx: &mut Context, from: Option<&Path>, pick: Option<usize>, window: u32) -> CliResult {
    let (Some(path), Some(pick)) = (from, pick) else {
        return Err(Failure::usage(ctx.t("bill.new_needs_from")));
    };
    let (bill, candidates) = super::scan::load(ctx, path, window)?;
    let Some(c) = pick.checked_sub(1).and_then(|i| candidates.get(i)) else {
        return Err(Failure::usage(ctx.tf(
            "bill.pick_out_of_range",
            &[
                ("pick", &pick.to_string()),
                ("n", &candidates.len().to_string()),
            ],
        )));
    };
    let app = ctx.t(bill.layout.app().name_key());
    let facts = bill_facts::fill(Facts::default(), c, app);
    let mut store = ctx.store(Access::Write)?;
    // The same two charges already in an open case: that case, not a second one.
    let cases = ctx.cases(&mut store);
    if let Some((n, held)) = cases
        .iter()
        .enumerate()
        .find(|(_, l)| l.case.status.is_open() && l.case.facts.same_pair(&facts))
    {
        return Err(Failure::error(ctx.tf(
            "cli.pair_already_open",
            &[
                ("n", &(n + 1).to_string()),
                ("id", &held.case.id),
                ("title", &held.case.display_title()),
            ],
        )));
    }
    let case = Case::new(store.new_id(ctx.now), facts, ctx.now);
    store
        .save(&case)
        .map_err(|e| Failure::error(e.to_string()))?;
    print_clean(&ctx.tf(
        "bill.created",
        &[("id", &case.id), ("title", &case.display_title())],
    ))?;
    Ok(ExitCode::SUCCESS)
}
