//! `cargo run --example third_party_licenses > THIRD_PARTY_LICENSES.md`: the licence notices
//! of every crate the paytwice binary may contain (its normal dependencies, for any target),
//! read from `cargo metadata` and each crate's own LICENSE / COPYING / NOTICE files, identical
//! texts written once. `-- --check` compares with the file instead and fails when it is stale
//! (`.ci/run` does this), so a dependency change cannot ship without its notices.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::process::{Command, ExitCode};

use serde_json::Value;

fn main() -> ExitCode {
    let check = std::env::args().any(|a| a == "--check");
    let text = match render() {
        Ok(t) => t,
        Err(e) => {
            eprintln!("third_party_licenses: {e}");
            return ExitCode::FAILURE;
        }
    };
    if !check {
        print!("{text}");
        return ExitCode::SUCCESS;
    }
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("THIRD_PARTY_LICENSES.md");
    match std::fs::read_to_string(&path) {
        Ok(current) if current == text => ExitCode::SUCCESS,
        _ => {
            eprintln!(
                "THIRD_PARTY_LICENSES.md is not current: run `cargo run --example third_party_licenses > THIRD_PARTY_LICENSES.md`"
            );
            ExitCode::FAILURE
        }
    }
}

struct Crate {
    name: String,
    version: String,
    license: String,
    dir: String,
}

fn render() -> Result<String, String> {
    let out = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
        .args(["metadata", "--format-version", "1", "--locked"])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .map_err(|e| format!("cannot run cargo metadata: {e}"))?;
    if !out.status.success() {
        return Err(String::from_utf8_lossy(&out.stderr).into_owned());
    }
    let meta: Value = serde_json::from_slice(&out.stdout).map_err(|e| e.to_string())?;
    let root = meta["resolve"]["root"].as_str().ok_or("no root package")?;
    let packages: BTreeMap<&str, Crate> = meta["packages"]
        .as_array()
        .ok_or("no packages")?
        .iter()
        .filter_map(|p| {
            let manifest = p["manifest_path"].as_str()?;
            Some((
                p["id"].as_str()?,
                Crate {
                    name: p["name"].as_str()?.to_string(),
                    version: p["version"].as_str()?.to_string(),
                    license: p["license"].as_str().unwrap_or("see its files").to_string(),
                    dir: Path::new(manifest).parent()?.to_string_lossy().into_owned(),
                },
            ))
        })
        .collect();
    let nodes: BTreeMap<&str, &Value> = meta["resolve"]["nodes"]
        .as_array()
        .ok_or("no resolve graph")?
        .iter()
        .filter_map(|n| Some((n["id"].as_str()?, n)))
        .collect();
    // Normal (not dev, not build) dependencies, followed from the root.
    let mut seen: BTreeSet<&str> = BTreeSet::new();
    let mut todo = vec![root];
    while let Some(id) = todo.pop() {
        let Some(node) = nodes.get(id) else { continue };
        for dep in node["deps"].as_array().into_iter().flatten() {
            let normal = dep["dep_kinds"]
                .as_array()
                .into_iter()
                .flatten()
                .any(|k| k["kind"].is_null());
            if let Some(pkg) = dep["pkg"].as_str()
                && normal
                && seen.insert(pkg)
            {
                todo.push(pkg);
            }
        }
    }
    // Identical notice texts once, with every crate that carries them.
    let mut texts: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let mut listed = vec![];
    for id in &seen {
        let Some(c) = packages.get(id) else { continue };
        listed.push(format!("| {} | {} | {} |", c.name, c.version, c.license));
        let mut files: Vec<_> = std::fs::read_dir(&c.dir)
            .map_err(|e| format!("{}: {e}", c.dir))?
            .filter_map(|e| e.ok())
            .map(|e| e.path())
            .filter(|p| {
                let n = p
                    .file_name()
                    .map(|n| n.to_string_lossy().to_uppercase())
                    .unwrap_or_default();
                p.is_file()
                    && ["LICENSE", "LICENCE", "COPYING", "NOTICE", "COPYRIGHT"]
                        .iter()
                        .any(|k| n.starts_with(k))
            })
            .collect();
        files.sort();
        for f in files {
            let text = std::fs::read_to_string(&f).unwrap_or_default();
            let text = text.trim().to_string();
            if !text.is_empty() {
                texts
                    .entry(text)
                    .or_default()
                    .push(format!("{} {}", c.name, c.version));
            }
        }
    }
    let mut out = String::from(
        "# Third-party licences\n\n\
         The paytwice program contains code from these crates (its normal dependencies, for \
         every platform). Their licence texts follow, each written once with the crates that \
         carry it. Generated by `cargo run --example third_party_licenses`; do not edit.\n\n\
         | crate | version | licence |\n|---|---|---|\n",
    );
    out.push_str(&listed.join("\n"));
    out.push('\n');
    for (text, crates) in &texts {
        out.push_str(&format!(
            "\n## {}\n\n```text\n{text}\n```\n",
            crates.join(", ")
        ));
    }
    Ok(out)
}
