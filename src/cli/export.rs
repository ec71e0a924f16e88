//! `paytwice export CASE`: the case report (Markdown) or the case file (JSON), guarded, to
//! stdout or `-o FILE`; `--bundle DIR`: the report, the four messages and copies of the
//! evidence files that exist.

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use super::context::{CliResult, Context, Failure, print_clean};
use super::template::{user_override, warn};
use super::{ExportArgs, ExportFormat};
use crate::domain::case::Case;
use crate::domain::sanitize::clean;
use crate::domain::template::Recipient;
use crate::storage::exports::BundleError;
use crate::storage::{Access, exports, regular};
use crate::tui::probe::expand_home;

/// Whether an evidence file can be read (a regular file: a FIFO is never opened to wait).
fn readable(path: &str) -> bool {
    regular::open(Path::new(&expand_home(path))).is_ok()
}

fn report(
    ctx: &Context,
    case: &Case,
    format: ExportFormat,
    exists: &dyn Fn(&str) -> bool,
) -> Result<String, Failure> {
    Ok(match format {
        ExportFormat::Md => {
            crate::report::markdown(case, ctx.lang, ctx.now, &ctx.tz, exists).to_string()
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

fn cannot(ctx: &Context, path: &Path, e: std::io::Error) -> Failure {
    Failure::error(ctx.tf(
        "cli.cannot_write",
        &[
            ("path", &path.display().to_string()),
            ("error", &e.to_string()),
        ],
    ))
}

fn write(ctx: &Context, path: &Path, text: &str) -> Result<(), Failure> {
    exports::write_private(path, clean(text).as_bytes()).map_err(|e| cannot(ctx, path, e))
}

pub fn run(ctx: &mut Context, args: ExportArgs) -> CliResult {
    let mut store = ctx.store(Access::ReadOnly)?;
    let case = super::show::find(ctx, &mut store, &args.case)?;
    if let Some(dir) = &args.bundle {
        return bundle(ctx, &case, dir);
    }
    let text = report(ctx, &case, args.format, &readable)?;
    match &args.output {
        Some(path) if !exports::is_stdout(path) => {
            exports::write_out(path, clean(&text).as_bytes()).map_err(|e| cannot(ctx, path, e))?;
            let done = ctx.tf("cli.written", &[("path", &path.display().to_string())]);
            eprintln!("{}", crate::domain::sanitize::clean_line(&done));
        }
        _ => print_clean(&text)?,
    }
    Ok(ExitCode::SUCCESS)
}

/// The stop signals (SIGINT, SIGTERM, and SIGHUP where there is one) set the flag instead of
/// ending the program at once, so that a copy under way removes its temporary file first (the
/// handlers stay for the program's short remaining life).
fn stop_on_signals() -> Arc<AtomicBool> {
    let stop = Arc::new(AtomicBool::new(false));
    for &sig in crate::platform::STOP_SIGNALS {
        let _ = signal_hook::flag::register(sig, Arc::clone(&stop));
    }
    stop
}

fn bundle(ctx: &Context, case: &Case, dir: &Path) -> CliResult {
    let stop = stop_on_signals();
    let interrupted = || Failure {
        message: ctx.t("cli.interrupted").to_string(),
        code: 130,
    };
    match exports::prepare_bundle(dir, &case.id) {
        Ok(()) => {}
        Err(BundleError::NotEmpty) => {
            let dir = dir.display().to_string();
            return Err(Failure::error(
                ctx.tf("cli.bundle_not_empty", &[("dir", &dir)]),
            ));
        }
        Err(BundleError::Io(e)) => return Err(cannot(ctx, dir, e)),
    }
    let mut written: Vec<PathBuf> = vec![];
    // The evidence first: the report then lists as missing whatever could not be copied.
    let evidence_dir = dir.join("evidence");
    let mut copied = HashSet::new();
    for e in &case.evidence {
        let src = PathBuf::from(expand_home(&e.path));
        if std::fs::symlink_metadata(&src).is_err() {
            warn(
                ctx,
                &ctx.tf("cli.evidence_not_copied", &[("path", &e.path)]),
            );
            continue;
        }
        crate::platform::create_private_dir(&evidence_dir)
            .map_err(|e| cannot(ctx, &evidence_dir, e))?;
        match exports::copy_private(&src, &evidence_dir, &stop) {
            Ok(copy) => {
                copied.insert(e.path.as_str());
                written.push(copy);
            }
            Err(_) if stop.load(Ordering::Relaxed) => return Err(interrupted()),
            Err(err) => warn(
                ctx,
                &ctx.tf(
                    "cli.evidence_unreadable",
                    &[("path", &e.path), ("error", &err.to_string())],
                ),
            ),
        }
    }
    let exists = |p: &str| copied.contains(p);
    let mut files = vec![
        (
            dir.join("report.md"),
            report(ctx, case, ExportFormat::Md, &exists)?,
        ),
        (
            dir.join("case.json"),
            report(ctx, case, ExportFormat::Json, &exists)?,
        ),
    ];
    for to in Recipient::ALL {
        let user = user_override(ctx, to, ctx.lang);
        let m = crate::messages::compose(case, to, ctx.lang, ctx.now, &ctx.tz, user.as_ref());
        let path = dir.join(format!("message-{}.{}.txt", to.as_str(), ctx.lang.code()));
        files.push((path, m.text));
    }
    for (path, text) in files {
        if stop.load(Ordering::Relaxed) {
            return Err(interrupted());
        }
        write(ctx, &path, &text)?;
        written.push(path);
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
