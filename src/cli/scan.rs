//! `paytwice scan BILL [--json] [--window MIN]`: candidate duplicate charges in a bill.

use std::io::{BufRead, IsTerminal, Write};
use std::path::Path;
use std::process::ExitCode;

use serde_json::json;

use super::context::{CliResult, Context, Failure};
use crate::bill::{self, Bill, BillError, FileError};
use crate::domain::bill_facts::{china_standard_time, mask_method};
use crate::domain::duplicates::{self, Candidate};
use crate::domain::time::rfc3339_in;

/// A bill read, and what was found in it.
pub struct Scanned {
    pub bill: Bill,
    /// Candidate double charges from merchants, most likely first (`--pick N` counts these).
    pub candidates: Vec<Candidate>,
    /// The same money sent to a person more than once: listed apart.
    pub transfers: Vec<Candidate>,
}

/// The bill and its merchant candidates (what `new --from … --pick N` picks from).
pub fn load(ctx: &Context, path: &Path, window: u32) -> Result<(Bill, Vec<Candidate>), Failure> {
    let s = scan(ctx, path, window)?;
    Ok((s.bill, s.candidates))
}

/// Read and scan the bill the user named: the one file read outside the data directory. A
/// zip locked with a password asks for it (never from the command line, never echoed).
pub fn scan(ctx: &Context, path: &Path, window: u32) -> Result<Scanned, Failure> {
    let file = path.display().to_string();
    let fail =
        |why: &str| Failure::error(ctx.tf("bill.cannot_read", &[("file", &file), ("why", why)]));
    let bytes = bill::read_file(path).map_err(|e| match e {
        FileError::NotRegular => fail(ctx.t("bill.error.not_regular")),
        FileError::TooLarge => fail(ctx.t("bill.error.not_a_bill")),
        FileError::Io(e) => fail(&e.to_string()),
    })?;
    let mut password: Option<String> = None;
    let bill = loop {
        match bill::read_locked(&bytes, password.as_deref()) {
            Ok(bill) => break bill,
            Err(e @ (BillError::Locked | BillError::WrongPassword)) => {
                if e == BillError::WrongPassword {
                    eprintln!("{}", ctx.t("bill.password_again"));
                }
                match ask_password(ctx) {
                    Some(p) => password = Some(p),
                    None => return Err(fail(ctx.t(e.key()))),
                }
            }
            Err(e) => return Err(fail(ctx.t(e.key()))),
        }
    };
    drop(password);
    // The rows hold what is needed: the file's bytes go before the search needs its room.
    drop(bytes);
    let candidates = duplicates::find(&bill.rows, window);
    let transfers = duplicates::find_transfers(&bill.rows, window);
    Ok(Scanned {
        bill,
        candidates,
        transfers,
    })
}

/// The zip's password: typed at the terminal without echo, or one line of standard input
/// when that is not a terminal. `None` when nothing (or an empty line) was given.
fn ask_password(ctx: &Context) -> Option<String> {
    let line = if std::io::stdin().is_terminal() {
        rpassword::prompt_password(ctx.t("bill.password_prompt")).ok()?
    } else {
        let mut line = String::new();
        std::io::stdin().lock().read_line(&mut line).ok()?;
        line
    };
    let p = line.trim_end_matches(['\r', '\n']).to_string();
    (!p.is_empty()).then_some(p)
}

pub fn run(ctx: &mut Context, path: &Path, json: bool, window: u32) -> CliResult {
    let s = scan(ctx, path, window)?;
    let out = if json {
        serde_json::to_string_pretty(&to_json(&s)).map_err(|e| Failure::error(e.to_string()))?
    } else {
        text(ctx, &s, path)
    };
    print_quietly(&out)?;
    // The process ends now: freeing a million rows one by one would only delay it.
    std::mem::forget(s);
    Ok(ExitCode::SUCCESS)
}

/// Print, and end quietly when the reader has gone (`scan … | head`): the output is no
/// longer wanted, which is not an error.
fn print_quietly(text: &str) -> Result<(), Failure> {
    let clean = crate::domain::sanitize::clean(text);
    let mut out = std::io::stdout().lock();
    let written = out
        .write_all(clean.as_bytes())
        .and_then(|_| {
            if clean.ends_with('\n') {
                Ok(())
            } else {
                out.write_all(b"\n")
            }
        })
        .and_then(|_| out.flush());
    match written {
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        r => r.map_err(|e| Failure::error(e.to_string())),
    }
}

/// `{"bill": {…what was read…}, "candidates": [...], "transfers_to_person": [...]}`.
fn to_json(s: &Scanned) -> serde_json::Value {
    let b = &s.bill;
    json!({
        "bill": {
            "app": match b.layout.app() {
                bill::BillApp::WeChat => "wechat_pay",
                bill::BillApp::Alipay => "alipay",
            },
            "layout": b.layout.code(),
            "rows": b.rows.len(),
            "skipped_rows": b.skipped,
            "ignored_lines": b.ignored,
            "time_zone": "+08:00",
        },
        "candidates": s.candidates.iter().map(candidate_json).collect::<Vec<_>>(),
        "transfers_to_person": s.transfers.iter().map(candidate_json).collect::<Vec<_>>(),
    })
}

fn candidate_json(c: &Candidate) -> serde_json::Value {
    let cst = china_standard_time();
    json!({
        "merchant": c.merchant,
        "amount": c.amount,
        "currency": "CNY",
        "confidence": c.confidence.as_str(),
        "reasons": c.reasons.iter().map(|r| r.code()).collect::<Vec<_>>(),
        "already_refunded": c.already_refunded,
        "payments": c.payments.iter().map(|p| json!({
            "time": p.time.to_zoned_datetime(cst.clone()).map(|z| rfc3339_in(z.timestamp(), &cst)).ok(),
            "transaction_id": p.transaction_id,
            "merchant_order_id": p.merchant_order_id,
            "method": mask_method(&p.method),
        })).collect::<Vec<_>>(),
    })
}

/// What was read, numbered candidates with each charge on its own aligned line, then the
/// repeated transfers to a person, apart and unnumbered.
fn text(ctx: &Context, s: &Scanned, path: &Path) -> String {
    let bill = &s.bill;
    let candidates = &s.candidates;
    let app = ctx.t(bill.layout.app().name_key());
    let rows = bill.rows.len().to_string();
    let mut out = ctx.tf(
        "bill.read_as",
        &[("layout", ctx.t(&bill.layout.key())), ("rows", &rows)],
    );
    out.push('\n');
    if bill.skipped > 0 {
        out.push_str(&ctx.tf("bill.skipped", &[("n", &bill.skipped.to_string())]));
        out.push('\n');
    }
    if bill.ignored > 0 {
        out.push_str(&ctx.tf("bill.ignored", &[("n", &bill.ignored.to_string())]));
        out.push('\n');
    }
    out.push('\n');
    if candidates.is_empty() {
        out.push_str(&ctx.tf("bill.none", &[("app", app), ("rows", &rows)]));
        out.push('\n');
    } else {
        let n = candidates.len().to_string();
        out.push_str(&ctx.tf("bill.summary", &[("app", app), ("rows", &rows), ("n", &n)]));
        out.push_str("\n\n");
    }
    for (i, c) in candidates.iter().enumerate() {
        out.push_str(&format!("{:>2}. ", i + 1));
        candidate_text(ctx, c, &mut out);
    }
    if !s.transfers.is_empty() {
        out.push_str(ctx.t("bill.transfers_title"));
        out.push('\n');
        for c in &s.transfers {
            out.push_str("  - ");
            candidate_text(ctx, c, &mut out);
        }
        out.push_str(ctx.t("bill.transfers_advice"));
        out.push_str("\n\n");
    }
    if !candidates.is_empty() || !s.transfers.is_empty() {
        // Bill times are China time; say so where the reader's clock is set otherwise.
        if differs_from_china_time(ctx, bill) {
            out.push_str(ctx.t("bill.times_zone"));
            out.push('\n');
        }
    }
    if !candidates.is_empty() {
        let file = shell_word(&path.display().to_string());
        out.push_str(&ctx.tf("bill.pick_hint", &[("file", &file)]));
        out.push('\n');
    }
    out
}

fn candidate_text(ctx: &Context, c: &Candidate, out: &mut String) {
    let refunded = if c.already_refunded {
        format!("  [{}]", ctx.t("bill.refunded_mark"))
    } else {
        String::new()
    };
    out.push_str(&format!(
        "{}  {} CNY  ({}){refunded}\n",
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

/// Whether the reader's zone is not UTC+8 at some time in the bill's span.
fn differs_from_china_time(ctx: &Context, bill: &Bill) -> bool {
    let cst = china_standard_time();
    let times = [
        bill.rows.iter().map(|r| r.time).min(),
        bill.rows.iter().map(|r| r.time).max(),
    ];
    times.into_iter().flatten().any(|t| {
        t.to_zoned_datetime(cst.clone())
            .map(|z| ctx.tz.to_offset(z.timestamp()) != jiff::tz::offset(8))
            .unwrap_or(true)
    })
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
