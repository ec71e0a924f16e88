//! Start-up against its floor (issue 6). Run: `cargo bench --bench startup`
//! (`STARTUP_RUNS=50` for more runs; default 20 per program).
//!
//! Builds the floor (`examples/floor.rs`: ratatui enters the alternate screen and draws one
//! bordered paragraph) and paytwice, both with `cargo build --release`, then starts each in a
//! 100×30 pseudo-terminal, alternating, and measures the time from spawn until the first frame is on
//! the screen (its top marker text and its bottom row both drawn, read through `vt100`) and the
//! peak memory (`VmHWM` in /proc/<pid>/status) at that moment. paytwice runs on an empty data
//! directory, with 1 case and with 1,000 busy cases (list; resuming one case; and with no
//! summary index, as after an upgrade), all made by the library's own `Case`/`Store` API.
//! Prints medians and ratios to the floor.

#[path = "support/mod.rs"]
mod support;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

use paytwice::domain::steps::StepKey;
use paytwice::storage::{Access, State, Store};
use portable_pty::CommandBuilder;
use support::pty::{self, COLS, ROWS};

const GIVE_UP: Duration = Duration::from_secs(10);

struct Scenario {
    name: &'static str,
    program: PathBuf,
    args: Vec<String>,
    data_dir: Option<PathBuf>,
    /// Text the first frame shows at its top; with a drawn bottom row, the frame is complete.
    marker: &'static str,
    /// Run before each start (the cold case removes the summary index).
    before: fn(&Path),
    times: Vec<Duration>,
    hwm_kib: Vec<u64>,
}

fn main() {
    let runs: usize = std::env::var("STARTUP_RUNS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(20);
    let (paytwice, floor) = build_programs();

    let dirs = tempfile::tempdir().expect("temp dir");
    let empty = dirs.path().join("empty");
    let one = dirs.path().join("one");
    let many = dirs.path().join("many");
    let resume = dirs.path().join("resume");
    let cold = dirs.path().join("cold");
    support::fill(&empty, 0);
    support::fill(&one, 1);
    support::fill(&many, 1000);
    copy_dir(&many.join("cases"), &resume.join("cases"));
    copy_dir(&many.join("cases"), &cold.join("cases"));
    // The copies are newer than any index: one load writes theirs, as a first session would.
    std::thread::sleep(Duration::from_millis(50));
    for dir in [&resume, &cold] {
        let mut store = support::open(dir);
        store.load_summaries(support::base_time());
        store.save_index().expect("index");
    }
    let newest = support::busy_case(999);
    let store = Store::open(&resume, Access::Write).expect("resume dir");
    let state = State {
        last_case: Some(newest.id.clone()),
        step: Some(StepKey::ContactMerchant),
        lang: None,
    };
    store.save_state(&state).expect("state saved");
    drop(store);

    let app = |name, dir: &Path, marker| Scenario {
        name,
        program: paytwice.clone(),
        args: vec!["--lang".into(), "en".into()],
        data_dir: Some(dir.to_path_buf()),
        marker,
        before: |_| {},
        times: vec![],
        hwm_kib: vec![],
    };
    let mut all = vec![
        Scenario {
            name: "floor (ratatui, one paragraph)",
            program: floor,
            args: vec![],
            data_dir: None,
            marker: "floor",
            before: |_| {},
            times: vec![],
            hwm_kib: vec![],
        },
        app("paytwice, empty data dir", &empty, "Charged twice"),
        app("paytwice, 1 case (list)", &one, "Bench Shop 0"),
        // The list is in attention order: every bench case waits on the merchant's answer,
        // and case 0's is due first, so it heads the list.
        app("paytwice, 1,000 cases (list)", &many, "Bench Shop 0"),
        app("paytwice, 1,000 cases (resume)", &resume, "Bench Shop 999"),
        Scenario {
            before: |dir| {
                let _ = std::fs::remove_file(dir.join(paytwice::storage::index::INDEX_FILE));
            },
            ..app("paytwice, 1,000 cases (no index)", &cold, "Bench Shop 0")
        },
    ];

    println!("startup: {runs} runs each, alternating, {COLS}x{ROWS} pty");
    for _ in 0..runs {
        for s in &mut all {
            match run_once(s) {
                Ok((t, kib)) => {
                    s.times.push(t);
                    s.hwm_kib.push(kib);
                }
                Err(e) => eprintln!("{}: {e}", s.name),
            }
        }
    }
    report(&all);
}

/// paytwice as `cargo run --release` builds it, and the floor (an example of this package)
/// with the same profile. Not the binary `cargo bench` made for this bench: that one is built
/// with the bench profile, whose function names differ, so the release link's placement of
/// start-up code (`build/link.rs`) would not apply to it and the figures would not be the
/// program users run.
fn build_programs() -> (PathBuf, PathBuf) {
    // Two builds: asked for together, cargo leaves the bench profile's paytwice in place.
    for target in [["--example", "floor"], ["--bin", "paytwice"]] {
        let status = Command::new(env!("CARGO"))
            .args(["build", "--release"])
            .args(target)
            .status();
        if !matches!(status, Ok(s) if s.success()) {
            eprintln!("startup: could not build {} in release", target[1]);
            std::process::exit(1);
        }
    }
    // Beside this bench's own copy of the program: <target>/release/.
    let out = Path::new(env!("CARGO_BIN_EXE_paytwice"))
        .parent()
        .unwrap_or(Path::new("."))
        .to_path_buf();
    (out.join("paytwice"), out.join("examples").join("floor"))
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("copy target");
    for e in std::fs::read_dir(from).expect("copy source").flatten() {
        std::fs::copy(e.path(), to.join(e.file_name())).expect("copy file");
    }
}

/// One start: spawn in a fresh pty, wait for the first frame, read VmHWM, then quit with `q`.
fn run_once(s: &Scenario) -> Result<(Duration, u64), String> {
    if let Some(d) = &s.data_dir {
        (s.before)(d);
    }
    let mut cmd = CommandBuilder::new(&s.program);
    cmd.args(&s.args);
    if let Some(d) = &s.data_dir {
        cmd.env("PAYTWICE_DATA_DIR", d);
    }
    let mut p = pty::start(cmd)?;
    let pid = p.pid().ok_or("no pid")?;
    let result = p.wait_for_frame(s.marker, GIVE_UP).and_then(|()| {
        let t = p.at.elapsed();
        Ok((t, vm_hwm_kib(pid).ok_or("no VmHWM")?))
    });
    p.quit(Duration::from_secs(5));
    result
}

fn vm_hwm_kib(pid: u32) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

fn median<T: Copy + Ord>(v: &[T]) -> Option<T> {
    let mut v = v.to_vec();
    v.sort();
    v.get(v.len() / 2).copied()
}

fn report(all: &[Scenario]) {
    let Some(floor) = all.first() else { return };
    let (Some(ft), Some(fm), Some(fmin)) = (
        median(&floor.times),
        median(&floor.hwm_kib),
        floor.times.iter().min().copied(),
    ) else {
        println!("startup: the floor never drew a frame");
        return;
    };
    // The median is the figure; the fastest run shows what the machine can do when nothing
    // else competes for it (on a shared machine the two differ a lot).
    println!(
        "{:<34} {:>10} {:>8} {:>10} {:>8} {:>10} {:>8}",
        "program", "1st frame", "x floor", "fastest", "x floor", "VmHWM", "x floor"
    );
    let ms = |d: Duration| d.as_secs_f64() * 1e3;
    for s in all {
        let (Some(t), Some(m), Some(min)) = (
            median(&s.times),
            median(&s.hwm_kib),
            s.times.iter().min().copied(),
        ) else {
            println!("{:<34} no frame", s.name);
            continue;
        };
        println!(
            "{:<34} {:>8.2}ms {:>7.2}x {:>8.2}ms {:>7.2}x {:>6.2}MiB {:>7.2}x",
            s.name,
            ms(t),
            ms(t) / ms(ft),
            ms(min),
            ms(min) / ms(fmin),
            m as f64 / 1024.0,
            m as f64 / fm as f64,
        );
    }
}
