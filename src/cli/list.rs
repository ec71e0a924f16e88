use std::process::ExitCode;

use serde_json::json;

use super::context::{CliResult, Context, Failure, print_clean};
use crate::domain::case::Case;
use crate::storage::Access;

/// One row's fields, shared by the text and JSON forms.
fn row(ctx: &Context, n: usize, c: &Case) -> serde_json::Value {
    json!({
        "number": n,
        "id": c.id,
        "title": c.display_title(),
        "status": c.status.as_str(),
        "step": c.current_step().as_str(),
        "progress": c.progress(),
        "amount": c.facts.amount,
        "currency": c.facts.currency,
        "updated_at": crate::domain::time::rfc3339_in(c.updated_at, &ctx.tz),
        "next_deadline": next_deadline(ctx, c),
    })
}

/// The case list's badge: the deadline that needs attention first, or null.
fn next_deadline(ctx: &Context, c: &Case) -> serde_json::Value {
    let rules = crate::assets::deadline_rules();
    match crate::domain::deadlines::nearest(c, rules, ctx.now, &ctx.tz) {
        Some(d) => json!({
            "kind": d.kind,
            "due": crate::domain::time::rfc3339_in(d.due, &ctx.tz),
            "days_left": d.days_left,
        }),
        None => serde_json::Value::Null,
    }
}

pub fn run(ctx: &mut Context, json: bool) -> CliResult {
    let mut store = ctx.store(Access::ReadOnly)?;
    let cases = ctx.cases(&mut store);
    if json {
        let rows: Vec<_> = cases
            .iter()
            .enumerate()
            .map(|(i, l)| row(ctx, i + 1, &l.case))
            .collect();
        let text =
            serde_json::to_string_pretty(&rows).map_err(|e| Failure::error(e.to_string()))?;
        print_clean(&text)?;
        return Ok(ExitCode::SUCCESS);
    }
    if cases.is_empty() {
        print_clean(ctx.t("cli.no_cases"))?;
        return Ok(ExitCode::SUCCESS);
    }
    let mut out = String::new();
    for (i, l) in cases.iter().enumerate() {
        let c = &l.case;
        let amount = c
            .facts
            .amount
            .as_deref()
            .map(|a| format!("{a} {}", c.facts.currency))
            .unwrap_or_else(|| "-".into());
        out.push_str(&format!(
            "{:>3}  {}  {:<12}  {}/6  {:<14}  {}\n",
            i + 1,
            c.id,
            ctx.t(&format!("status.{}", c.status.as_str())),
            c.progress(),
            amount,
            crate::domain::sanitize::clean_line(&c.display_title()),
        ));
    }
    print_clean(&out)?;
    Ok(ExitCode::SUCCESS)
}
