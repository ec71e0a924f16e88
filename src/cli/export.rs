//! `paytwice export CASE`: the case report (Markdown) or the case file (JSON), guarded, to
//! stdout or `-o FILE`; `--bundle DIR`: the report, the four messages and copies of the
//! evidence files that exist.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use super::context::{CliResult, Context, Failure, print_clean};
use super::template::{user_override, warn};
use super::{ExportArgs, ExportFormat};
use crate::domain::case::Case;
use crate::domain::sanitize::clean;
use crate::domain::template::Recipient;
use crate::storage::{Access, exports};
use crate::tui::probe::expand_home;

fn exists(path: &str) -> bool {
    Path::new(&expand_home(path)).is_file()
}

fn report(ctx: &Context, case: &Case, format: ExportFormat) -> Result<String, Failure> {
    Ok(match format {
        ExportFormat::Md => {
            crate::report::markdown(case, ctx.lang, ctx.now, &ctx.tz, &exists).to_string()
        }
        ExportFormat::Json => {
            let v = crate::report::json(case);
            let mut s =
                serde_json::to_string_pretty(&v).map_err(|e| Failure::error(e.to_string()))?;
            s.push('\n');
            s
        }
    })
}

fn write(ctx: &Context, path: &Path, text: &str) -> Result<(), Failure> {
    exports::write_private(path, clean(text).as_bytes()).map_err(|e| {
        Failure::error(ctx.tf(
            "cli.cannot_write",
            &[
                ("path", &path.display().to_string()),
                ("error", &e.to_string()),
            ],
        ))
    })
}

pub fn run(ctx: &mut Context, args: ExportArgs) -> CliResult {
    let mut store = ctx.store(Access::ReadOnly)?;
    let case = ctx.find_case(&mut store, &args.case)?;
    if let Some(dir) = &args.bundle {
        return bundle(ctx, &case, dir);
    }
    let text = report(ctx, &case, args.format)?;
    match &args.output {
        Some(path) => {
            write(ctx, path, &text)?;
            let done = ctx.tf("cli.written", &[("path", &path.display().to_string())]);
            eprintln!("{}", crate::domain::sanitize::clean_line(&done));
        }
        None => print_clean(&text)?,
    }
    Ok(ExitCode::SUCCESS)
}

fn bundle(ctx: &Context, case: &Case, dir: &Path) -> CliResult {
    let cannot = |p: &Path, e: std::io::Error| {
        Failure::error(ctx.tf(
            "cli.cannot_write",
            &[
                ("path", &p.display().to_string()),
                ("error", &e.to_string()),
            ],
        ))
    };
    exports::private_dir(dir).map_err(|e| cannot(dir, e))?;
    let mut written: Vec<PathBuf> = vec![];
    let md = dir.join("report.md");
    write(ctx, &md, &report(ctx, case, ExportFormat::Md)?)?;
    written.push(md);
    let json = dir.join("case.json");
    write(ctx, &json, &report(ctx, case, ExportFormat::Json)?)?;
    written.push(json);
    for to in Recipient::ALL {
        let user = user_override(ctx, to, ctx.lang);
        let m = crate::messages::compose(case, to, ctx.lang, ctx.now, &ctx.tz, user.as_ref());
        let path = dir.join(format!("message-{}.{}.txt", to.as_str(), ctx.lang.code()));
        write(ctx, &path, &m.text)?;
        written.push(path);
    }
    let evidence_dir = dir.join("evidence");
    for e in &case.evidence {
        let src = PathBuf::from(expand_home(&e.path));
        if !src.is_file() {
            warn(
                ctx,
                &ctx.tf("cli.evidence_not_copied", &[("path", &e.path)]),
            );
            continue;
        }
        exports::private_dir(&evidence_dir).map_err(|e| cannot(&evidence_dir, e))?;
        let copied = exports::copy_private(&src, &evidence_dir).map_err(|e| cannot(&src, e))?;
        written.push(copied);
    }
    let done = ctx.tf(
        "cli.bundle_written",
        &[
            ("dir", &dir.display().to_string()),
            ("n", &written.len().to_string()),
        ],
    );
    print_clean(&done)?;
    Ok(ExitCode::SUCCESS)
}
