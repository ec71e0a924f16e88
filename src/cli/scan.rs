//! `paytwice scan BILL [--json] [--window MIN]`: candidate duplicate charges in a bill.

use std::path::Path;
use std::process::ExitCode;

use serde_json::json;

use super::context::{CliResult, Context, Failure, print_clean};
use crate::bill::{self, Bill};
use crate::domain::bill_facts::{china_standard_time, mask_method};
use crate::domain::duplicates::{self, Candidate};
use crate::domain::time::rfc3339_in;

/// Read and scan the bill the user named: the one file read outside the data directory.
pub fn load(ctx: &Context, path: &Path, window: u32) -> Result<(Bill, Vec<Candidate>), Failure> {
    let file = path.display().to_string();
    let fail =
        |why: &str| Failure::error(ctx.tf("bill.cannot_read", &[("file", &file), ("why", why)]));
    let bytes = std::fs::read(path).map_err(|e| fail(&e.to_string()))?;
    let bill = bill::read(&bytes).map_err(|e| fail(ctx.t(e.key())))?;
    let candidates = duplicates::find(&bill.rows, window);
    Ok((bill, candidates))
}

pub fn run(ctx: &mut Context, path: &Path, json: bool, window: u32) -> CliResult {
    let (bill, candidates) = load(ctx, path, window)?;
    if json {
        let list: Vec<_> = candidates.iter().map(to_json).collect();
        let text =
            serde_json::to_string_pretty(&list).map_err(|e| Failure::error(e.to_string()))?;
        print_clean(&text)?;
        return Ok(ExitCode::SUCCESS);
    }
    print_clean(&text(ctx, &bill, &candidates, path))?;
    Ok(ExitCode::SUCCESS)
}

fn to_json(c: &Candidate) -> serde_json::Value {
    let cst = china_standard_time();
    json!({
        "merchant": c.merchant,
        "amount": c.amount,
        "currency": "CNY",
        "confidence": c.confidence.as_str(),
        "reasons": c.reasons.iter().map(|r| r.code()).collect::<Vec<_>>(),
        "already_refunded": c.already_refunded,
        "payments": c.payments.iter().map(|p| json!({
            "time": p.time.to_zoned(cst.clone()).map(|z| rfc3339_in(z.timestamp(), &cst)).ok(),
            "transaction_id": p.transaction_id,
            "merchant_order_id": p.merchant_order_id,
            "method": mask_method(&p.method),
        })).collect::<Vec<_>>(),
    })
}

/// Numbered candidates, each charge on its own aligned line under it.
fn text(ctx: &Context, bill: &Bill, candidates: &[Candidate], path: &Path) -> String {
    let app = ctx.t(bill.layout.app().name_key());
    let rows = bill.rows.len().to_string();
    let mut out = String::new();
    if candidates.is_empty() {
        out.push_str(&ctx.tf("bill.none", &[("app", app), ("rows", &rows)]));
        out.push('\n');
    } else {
        let n = candidates.len().to_string();
        out.push_str(&ctx.tf("bill.summary", &[("app", app), ("rows", &rows), ("n", &n)]));
        out.push_str("\n\n");
    }
    for (i, c) in candidates.iter().enumerate() {
        let refunded = if c.already_refunded {
            format!("  [{}]", ctx.t("bill.refunded_mark"))
        } else {
            String::new()
        };
        out.push_str(&format!(
            "{:>2}. {}  {} CNY  ({}){refunded}\n",
            i + 1,
            c.merchant,
            c.amount,
            ctx.t(&format!("bill.confidence.{}", c.confidence.as_str())),
        ));
        for p in &c.payments {
            let mut line = format!(
                "      {}  {}",
                p.time.strftime("%Y-%m-%d %H:%M:%S"),
                p.transaction_id
            );
            if !p.method.is_empty() {
                line.push_str(&format!("  {}", mask_method(&p.method)));
            }
            if !p.merchant_order_id.is_empty() {
                line.push_str(&format!(
                    "  {} {}",
                    ctx.t("bill.col.order"),
                    p.merchant_order_id
                ));
            }
            out.push_str(&line);
            out.push('\n');
        }
        let reasons: Vec<&str> = c
            .reasons
            .iter()
            .map(|r| ctx.t(&format!("bill.reason.{}", r.code())))
            .collect();
        out.push_str(&format!("      {}\n\n", reasons.join(" · ")));
    }
    if bill.skipped > 0 {
        out.push_str(&ctx.tf("bill.skipped", &[("n", &bill.skipped.to_string())]));
        out.push('\n');
    }
    if !candidates.is_empty() {
        let file = shell_word(&path.display().to_string());
        out.push_str(&ctx.tf("bill.pick_hint", &[("file", &file)]));
        out.push('\n');
    }
    out
}

/// The path as one shell word, so the suggested command can be pasted as it is: bills are
/// named like `微信支付账单(20261101-20261121).csv`, and parentheses mean something to a shell.
fn shell_word(s: &str) -> String {
    let plain = s
        .chars()
        .all(|c| !c.is_ascii() || c.is_ascii_alphanumeric() || "/._-~+,=@:".contains(c));
    if plain && !s.is_empty() {
        s.to_string()
    } else {
        format!("'{}'", s.replace('\'', r"'\''"))
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn paths_become_one_shell_word() {
        use super::shell_word;
        assert_eq!(shell_word("~/bills/a.csv"), "~/bills/a.csv");
        assert_eq!(shell_word("账单.csv"), "账单.csv");
        assert_eq!(shell_word("账单(1).csv"), "'账单(1).csv'");
        assert_eq!(shell_word("it's.csv"), r"'it'\''s.csv'");
    }
}
