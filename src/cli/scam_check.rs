//! `paytwice scam-check [FILE] [--json]`: the step 5 scam check on a message from a file or
//! stdin. Exit 0 whether or not flags are found (the answer is the output, not the code);
//! exit 1 only when the message cannot be read.

use std::io::Read;
use std::path::Path;
use std::process::ExitCode;

use serde::Serialize;

use super::context::{CliResult, Context, Failure, print_clean};
use crate::domain::scam::{self, Flag};

pub fn run(ctx: &mut Context, file: Option<&Path>, json: bool) -> CliResult {
    let bytes = read(file).map_err(|e| {
        let path = file.map_or("-".into(), |p| p.display().to_string());
        Failure::error(ctx.tf(
            "scam.read_error",
            &[("path", &path), ("error", &e.to_string())],
        ))
    })?;
    // A message saved in another encoding still gets checked; odd bytes become U+FFFD.
    let text = String::from_utf8_lossy(&bytes);
    let flags = scam::check(&text);
    let out = if json {
        as_json(ctx, &flags)?
    } else {
        as_text(ctx, &flags)
    };
    print_clean(&out)?;
    Ok(ExitCode::SUCCESS)
}

fn read(file: Option<&Path>) -> std::io::Result<Vec<u8>> {
    match file {
        Some(p) if p.as_os_str() != "-" => std::fs::read(p),
        _ => {
            let mut buf = vec![];
            std::io::stdin().lock().read_to_end(&mut buf)?;
            Ok(buf)
        }
    }
}

fn why(ctx: &Context, f: &Flag) -> &'static str {
    ctx.t(&format!("scam.why.{}", f.kind.as_str()))
}

/// One flag of `--json`, fields in the order SPEC §6 lists them.
#[derive(Serialize)]
struct Row<'a> {
    kind: &'static str,
    excerpt: &'a str,
    why: &'static str,
}

fn as_json(ctx: &Context, flags: &[Flag]) -> Result<String, Failure> {
    let rows: Vec<Row> = flags
        .iter()
        .map(|f| Row {
            kind: f.kind.as_str(),
            excerpt: &f.excerpt,
            why: why(ctx, f),
        })
        .collect();
    serde_json::to_string_pretty(&rows).map_err(|e| Failure::error(e.to_string()))
}

fn as_text(ctx: &Context, flags: &[Flag]) -> String {
    if flags.is_empty() {
        return format!("{}\n{}\n", ctx.t("scam.none"), ctx.t("scam.reminder"));
    }
    let n = flags.len().to_string();
    let head = if flags.len() == 1 {
        ctx.t("scam.found_one").to_string()
    } else {
        ctx.tf("scam.found", &[("n", &n)])
    };
    let mut out = format!("{head}\n");
    for (i, f) in flags.iter().enumerate() {
        out.push_str(&format!(
            "\n{}. {}\n   “{}”\n   {}\n",
            i + 1,
            ctx.t(&format!("scam.kind.{}", f.kind.as_str())),
            f.excerpt,
            ctx.tf("scam.why_line", &[("why", why(ctx, f))])
        ));
    }
    out.push_str(&format!("\n{}\n", ctx.t("scam.act_title")));
    for step in ctx.t("scam.act_now").lines() {
        out.push_str(&format!("- {step}\n"));
    }
    out
}
