//! Remakes `build/startup.order`, the functions start-up runs, which the release link places
//! together (see `build/link.rs`). Run it after changing what happens before the first frame:
//!
//!     cargo run --release --example startup_order    # needs valgrind
//!
//! It links the release program with a linker map (the program itself keeps no symbol names),
//! starts it under callgrind in a 100×30 pseudo-terminal on the start-up benchmark's data —
//! an empty data directory, one case in both languages, 1,000 cases on the list, resuming a
//! case — quits once the first frame is drawn, and writes every function of the program that
//! ran, by the name the map gives its address. Then `cargo build --release` links with it.

#[path = "../benches/support/mod.rs"]
mod support;

use std::collections::BTreeSet;
use std::path::Path;
use std::process::Command;
use std::time::Duration;

use paytwice::domain::steps::StepKey;
use paytwice::storage::{Access, State, Store};
use portable_pty::CommandBuilder;
use support::pty;

/// Under callgrind a start takes seconds, not milliseconds.
const GIVE_UP: Duration = Duration::from_secs(120);

fn main() {
    if let Err(e) = run() {
        eprintln!("startup_order: {e}");
        std::process::exit(1);
    }
}

fn run() -> Result<(), String> {
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    // This example runs from <target>/release/examples/.
    let exe = std::env::current_exe().map_err(|e| e.to_string())?;
    let release = exe
        .parent()
        .and_then(Path::parent)
        .ok_or("cannot find the release directory")?;
    let program = release.join("paytwice");
    let map = release.join("paytwice.map");
    let status = Command::new(env!("CARGO"))
        .args(["build", "--release", "--bin", "paytwice"])
        .env("PAYTWICE_LINK_MAP", &map)
        .status()
        .map_err(|e| e.to_string())?;
    if !status.success() {
        return Err("cargo build --release failed".into());
    }
    let sections = text_sections(&std::fs::read_to_string(&map).map_err(|e| e.to_string())?);

    let dirs = tempfile::tempdir().map_err(|e| e.to_string())?;
    let data = |name: &str, n: usize| {
        let d = dirs.path().join(name);
        support::fill(&d, n);
        d
    };
    let empty = data("empty", 0);
    let one = data("one", 1);
    let many = data("many", 1000);
    let resume = data("resume", 20);
    let state = State {
        last_case: Some(support::busy_case(19).id),
        step: Some(StepKey::ContactMerchant),
        lang: None,
    };
    let store = Store::open(&resume, Access::Write).map_err(|e| e.to_string())?;
    store.save_state(&state).map_err(|e| e.to_string())?;
    drop(store);

    let mut ran = BTreeSet::new();
    let mut order = vec![];
    for (name, dir, lang, marker) in [
        ("empty", &empty, "en", "Charged twice"),
        ("one", &one, "en", "Bench Shop 0"),
        ("one-zh", &one, "zh", "Bench Shop 0"),
        ("many", &many, "en", "Bench Shop 0"),
        ("resume", &resume, "en", "Bench Shop 19"),
    ] {
        let out = dirs.path().join(format!("callgrind.{name}"));
        start_once(&program, dir, lang, marker, &out)?;
        let text = std::fs::read_to_string(&out).map_err(|e| e.to_string())?;
        for address in program_functions(&text, "/paytwice") {
            if let Some(symbol) = symbol_at(&sections, address)
                && ran.insert(symbol.to_string())
            {
                order.push(symbol.to_string());
            }
        }
        eprintln!("startup_order: {name}: {} functions so far", order.len());
    }
    let dest = manifest.join("build").join("startup.order");
    std::fs::write(&dest, order.join("\n") + "\n").map_err(|e| e.to_string())?;
    let bytes: u64 = sections
        .iter()
        .filter(|s| ran.contains(&s.symbol))
        .map(|s| s.size)
        .sum();
    println!(
        "wrote {} ({} functions, {} KB of code); now `cargo build --release`",
        dest.display(),
        order.len(),
        bytes / 1024
    );
    Ok(())
}

/// One start under callgrind, quit with `q` once the first frame is on the screen.
fn start_once(
    program: &Path,
    data: &Path,
    lang: &str,
    marker: &str,
    out: &Path,
) -> Result<(), String> {
    let mut cmd = CommandBuilder::new("valgrind");
    cmd.args(["--tool=callgrind", "--quiet"]);
    cmd.arg(format!("--callgrind-out-file={}", out.display()));
    cmd.arg(program);
    cmd.args(["--lang", lang]);
    cmd.env("PAYTWICE_DATA_DIR", data);
    let mut p = pty::start(cmd).map_err(|e| format!("valgrind: {e} (is it installed?)"))?;
    p.wait_for_frame(marker, GIVE_UP)?;
    // Callgrind writes its file as the program ends.
    p.quit(GIVE_UP);
    Ok(())
}

struct Section {
    address: u64,
    size: u64,
    symbol: String,
}

/// Every `.text.<symbol>` (or `.text.unlikely.<symbol>`) input section of a linker map (lld's layout: address, load address,
/// size, alignment, then `file:(.text.<symbol>)`), by address.
fn text_sections(map: &str) -> Vec<Section> {
    let mut out: Vec<Section> = map
        .lines()
        .filter_map(|line| {
            let mut f = line.split_whitespace();
            let address = u64::from_str_radix(f.next()?, 16).ok()?;
            let _load = f.next()?;
            let size = u64::from_str_radix(f.next()?, 16).ok()?;
            let _align = f.next()?;
            let input = f.next()?;
            let section = input.split_once(":(.text.")?.1.strip_suffix(')')?;
            // Cold code sits in `.text.unlikely.<symbol>`; the order file wants the symbol.
            let symbol = section.strip_prefix("unlikely.").unwrap_or(section);
            Some(Section {
                address,
                size,
                symbol: symbol.to_string(),
            })
        })
        .collect();
    out.sort_by_key(|s| s.address);
    out
}

fn symbol_at(sections: &[Section], address: u64) -> Option<&str> {
    let i = sections
        .partition_point(|s| s.address <= address)
        .checked_sub(1)?;
    let s = &sections[i];
    (address < s.address + s.size).then_some(s.symbol.as_str())
}

/// The addresses of the functions callgrind saw run in the object whose path ends with
/// `object` (without symbols it names each by its address, `0x…`). In its format `ob=` gives
/// the object of the `fn=` lines after it, and `cob=` that of the next `cfn=` (else the
/// caller's); a name is spelled out once, then referred to by its `(id)`.
fn program_functions(callgrind: &str, object: &str) -> Vec<u64> {
    use std::collections::HashMap;
    let mut objects: HashMap<&str, &str> = HashMap::new();
    let mut names: HashMap<&str, &str> = HashMap::new();
    let mut in_program: BTreeSet<&str> = BTreeSet::new();
    let (mut ob, mut cob): (Option<&str>, Option<&str>) = (None, None);
    for line in callgrind.lines() {
        let Some((key, rest)) = line.split_once('=') else {
            continue;
        };
        let Some((id, name)) = rest.strip_prefix('(').and_then(|r| r.split_once(')')) else {
            continue;
        };
        let name = name.trim();
        match key {
            "ob" | "cob" => {
                if !name.is_empty() {
                    objects.insert(id, name);
                }
                let o = objects.get(id).copied();
                if key == "ob" {
                    ob = o;
                } else {
                    cob = o;
                }
            }
            "fn" | "cfn" => {
                if !name.is_empty() {
                    names.insert(id, name);
                }
                let o = if key == "fn" { ob } else { cob.take().or(ob) };
                if o.is_some_and(|o| o.ends_with(object)) {
                    in_program.insert(id);
                }
            }
            _ => {}
        }
    }
    in_program
        .into_iter()
        .filter_map(|id| names.get(id)?.strip_prefix("0x"))
        .filter_map(|hex| u64::from_str_radix(hex, 16).ok())
        .collect()
}
