use std::process::ExitCode;

use serde_json::json;

use super::context::{CliResult, Context, Failure, print_clean};
use crate::domain::case::Case;
use crate::domain::privacy::{guard, guard_json};
use crate::storage::{Access, Problem};

/// One row's fields, shared by the text and JSON forms, through the privacy guard (a title
/// may hold a card or phone number typed into it).
fn row(ctx: &Context, n: usize, c: &Case) -> serde_json::Value {
    let mut row = json!({
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
    });
    guard_json(&mut row, &c.facts.your_contact);
    row
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

/// One line for a case file that could not be shown as it is (the TUI's words).
pub fn problem_text(ctx: &Context, p: &Problem) -> String {
    match p {
        Problem::Quarantined { file, moved_to, .. } => ctx.tf(
            "list.problem.quarantined",
            &[("file", file), ("moved_to", moved_to)],
        ),
        Problem::NewerSchema { id, .. } => ctx.tf("list.problem.newer", &[("id", id)]),
        Problem::TooNew { file, schema } => ctx.tf(
            "list.problem.too_new",
            &[("file", file), ("schema", &schema.to_string())],
        ),
        Problem::Unreadable { file, error } => ctx.tf(
            "list.problem.unreadable",
            &[("file", file), ("error", error)],
        ),
    }
}

/// Every case, and on stderr every case file that could not be read (the list itself still
/// succeeds). A `cases/` directory that exists but cannot be read is a failure, not "no cases".
pub fn run(ctx: &mut Context, json: bool) -> CliResult {
    let mut store = ctx.store(Access::ReadOnly)?;
    let dir = store.cases_dir();
    if let Err(e) = std::fs::read_dir(&dir)
        && e.kind() != std::io::ErrorKind::NotFound
    {
        return Err(Failure::error(ctx.tf(
            "cli.cases_unreadable",
            &[
                ("dir", &dir.display().to_string()),
                ("error", &e.to_string()),
            ],
        )));
    }
    let (cases, problems) = store.load_all(ctx.now);
    for p in &problems {
        super::template::warn(ctx, &problem_text(ctx, p));
    }
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
        let none = if problems.is_empty() {
            "cli.no_cases"
        } else {
            "cli.no_readable_cases"
        };
        print_clean(ctx.t(none))?;
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
        let line = format!(
            "{:>3}  {}  {:<12}  {}/6  {:<14}  {}\n",
            i + 1,
            c.id,
            ctx.t(&format!("status.{}", c.status.as_str())),
            c.progress(),
            amount,
            crate::domain::sanitize::clean_line(&c.display_title()),
        );
        out.push_str(&guard(&line, &c.facts.your_contact).text);
    }
    print_clean(&out)?;
    Ok(ExitCode::SUCCESS)
}
