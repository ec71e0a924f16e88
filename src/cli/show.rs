use std::process::ExitCode;

use super::context::{CliResult, Context, Failure, print_clean};
use crate::assets::content;
use crate::domain::case::Case;
use crate::domain::time::short_local;
use crate::storage::{Access, Problem, Store};

/// Why no case matched `query`, when its file is there but damaged (or was moved aside as
/// damaged by an earlier start): said instead of "no case matches".
fn damaged(ctx: &Context, store: &mut Store, query: &str) -> Option<Failure> {
    let q = query.trim();
    if q.is_empty() {
        return None;
    }
    let (_, problems) = store.load_all(ctx.now);
    for p in &problems {
        if let Problem::Unreadable { file, .. } | Problem::TooNew { file, .. } = p
            && file.starts_with(q)
        {
            return Some(Failure::error(super::list::problem_text(ctx, p)));
        }
    }
    let mut aside: Vec<String> = std::fs::read_dir(store.cases_dir())
        .ok()?
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(q) && n.contains(".json.corrupt-"))
        .collect();
    aside.sort();
    let moved_to = aside.pop()?;
    let case = moved_to.split(".json.corrupt-").next().unwrap_or(q);
    Some(Failure::error(ctx.tf(
        "cli.case_moved_aside",
        &[("case", case), ("moved_to", &moved_to)],
    )))
}

/// `Context::find_case`, and when nothing matches because the case's file is damaged, says so.
pub fn find(ctx: &Context, store: &mut Store, query: &str) -> Result<Case, Failure> {
    ctx.find_case(store, query)
        .map_err(|e| damaged(ctx, store, query).unwrap_or(e))
}

pub fn run(ctx: &mut Context, query: &str, json: bool) -> CliResult {
    let mut store = ctx.store(Access::ReadOnly)?;
    let case = find(ctx, &mut store, query)?;
    let deadlines =
        crate::domain::deadlines::compute(&case, crate::assets::deadline_rules(), ctx.now, &ctx.tz);
    if json {
        let mut value = serde_json::to_value(&case).map_err(|e| Failure::error(e.to_string()))?;
        crate::domain::privacy::guard_json(&mut value, &case.facts.your_contact);
        value["deadlines"] = deadlines_json(&deadlines, &ctx.tz);
        let text =
            serde_json::to_string_pretty(&value).map_err(|e| Failure::error(e.to_string()))?;
        print_clean(&text)?;
        return Ok(ExitCode::SUCCESS);
    }
    let c = content(ctx.lang);
    let f = &case.facts;
    let mut out = String::new();
    out.push_str(&format!("{}  ({})\n", case.display_title(), case.id));
    out.push_str(&format!(
        "{}: {}   {}: {}/6\n\n",
        ctx.t("show.status"),
        ctx.t(&format!("status.{}", case.status.as_str())),
        ctx.t("show.progress"),
        case.progress()
    ));
    let missing = ctx.t("show.missing");
    let or_missing = |s: &str| {
        if s.trim().is_empty() {
            missing.to_string()
        } else {
            s.to_string()
        }
    };
    for (label, value) in [
        ("facts.app", f.app.clone()),
        ("facts.merchant", f.merchant.clone()),
        ("facts.merchant_contact", f.merchant_contact.clone()),
        ("facts.order_id", f.order_id.clone()),
        (
            "facts.amount",
            f.amount
                .as_deref()
                .map(|a| format!("{a} {}", f.currency))
                .unwrap_or_default(),
        ),
        ("facts.payment_method", f.payment_method.clone()),
    ] {
        out.push_str(&format!("  {}: {}\n", ctx.t(label), or_missing(&value)));
    }
    for (i, p) in f.payments.iter().enumerate() {
        let time = p
            .time
            .map(|t| crate::domain::bill_facts::payment_time_text(t, &f.app, &ctx.tz))
            .unwrap_or_default();
        out.push_str(&format!(
            "  {} {}: {}  {}\n",
            ctx.t("facts.payment"),
            i + 1,
            or_missing(&time),
            or_missing(&p.transaction_id)
        ));
    }
    out.push('\n');
    for s in &case.steps {
        out.push_str(&format!(
            "[{}] {}\n",
            ctx.t(&format!("step_status.{}", s.status.as_str())),
            c.steps[&s.key].title
        ));
        if !s.notes.trim().is_empty() {
            for line in s.notes.lines() {
                out.push_str(&format!("      {line}\n"));
            }
        }
    }
    if !deadlines.is_empty() {
        out.push_str(&format!("\n{}\n", ctx.t("show.deadlines")));
        for d in &deadlines {
            use crate::describe::deadline::{label, when};
            let (label, when) = (label(ctx.lang, d), when(ctx.lang, d));
            let due = short_local(d.due, &ctx.tz);
            out.push_str(&format!("  {due}  {label} ({when})\n"));
        }
    }
    if !case.log.is_empty() {
        out.push_str(&format!("\n{}\n", ctx.t("show.log")));
        for e in case.timeline() {
            out.push_str(&format!(
                "  {}  {}\n",
                short_local(e.at, &ctx.tz),
                crate::describe::log_line(ctx.lang, e)
            ));
        }
    }
    print_clean(&crate::domain::privacy::guard(&out, &f.your_contact).text)?;
    Ok(ExitCode::SUCCESS)
}

/// SPEC §6: `[{"kind", "due", "days_left"}]`, `due` in the user's zone, negative days when
/// overdue; `overdue` once the due time has passed (also on the due day), `holidays_unknown`
/// the year whose Chinese holidays a business-day count needed but does not know (or null);
/// `source` says where the rule comes from.
fn deadlines_json(
    deadlines: &[crate::domain::deadlines::Deadline],
    tz: &jiff::tz::TimeZone,
) -> serde_json::Value {
    deadlines
        .iter()
        .map(|d| {
            serde_json::json!({
                "kind": d.kind,
                "due": crate::domain::time::rfc3339_in(d.due, tz),
                "days_left": d.days_left,
                "overdue": d.overdue(),
                "holidays_unknown": d.holidays_unknown,
                "source": d.source,
            })
        })
        .collect()
}
