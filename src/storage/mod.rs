//! The data directory and everything on disk (SPEC §5). Nothing else in the program touches
//! the file system for user data.
//!
//! Layout: `cases/<id>.json` (one file per case), `state.json` (where the user was),
//! `exports/` (messages and reports written for the user), `paytwice.lock`.

pub mod atomic;
pub mod exports;
pub mod index;
pub mod lock;
pub mod overrides;
pub mod regular;
mod state;

use std::collections::{HashMap, HashSet};
use std::fs;
use std::hash::{Hash, Hasher};
use std::io;
use std::path::{Path, PathBuf};

use jiff::Timestamp;

use crate::domain::case::{Case, SCHEMA};
pub use lock::{DataLock, LockError};
pub use state::State;

pub const ENV_DATA_DIR: &str = "PAYTWICE_DATA_DIR";

/// `--data-dir`, else `PAYTWICE_DATA_DIR`, else the platform data directory.
pub fn resolve_data_dir(flag: Option<&Path>) -> Option<PathBuf> {
    if let Some(p) = flag {
        return Some(p.to_path_buf());
    }
    if let Some(p) = std::env::var_os(ENV_DATA_DIR).filter(|p| !p.is_empty()) {
        return Some(PathBuf::from(p));
    }
    directories::ProjectDirs::from("", "", "paytwice").map(|d| d.data_dir().to_path_buf())
}

/// Where user template overrides and holiday files live: `~/.config/paytwice` (or
/// `$XDG_CONFIG_HOME/paytwice`) on Linux and macOS, as the README says; on macOS the platform's
/// own `~/Library/Application Support/paytwice` is still read when only it exists. Windows
/// keeps its platform directory (`%APPDATA%\paytwice\config`).
pub fn config_dir() -> Option<PathBuf> {
    let platform = directories::ProjectDirs::from("", "", "paytwice")?
        .config_dir()
        .to_path_buf();
    if !cfg!(target_os = "macos") {
        return Some(platform);
    }
    let home = std::env::home_dir()?;
    let xdg = std::env::var_os("XDG_CONFIG_HOME").map(PathBuf::from);
    Some(macos_config_dir(&home, xdg.as_deref(), &platform, &|p| {
        p.is_dir()
    }))
}

/// The choice `config_dir` makes on macOS, apart from the disk so it can be tested anywhere.
fn macos_config_dir(
    home: &Path,
    xdg: Option<&Path>,
    platform: &Path,
    exists: &dyn Fn(&Path) -> bool,
) -> PathBuf {
    let documented = xdg
        .filter(|x| x.is_absolute())
        .map_or_else(|| home.join(".config"), Path::to_path_buf)
        .join("paytwice");
    if !exists(&documented) && exists(platform) {
        platform.to_path_buf()
    } else {
        documented
    }
}

#[cfg(test)]
mod config_dir_tests {
    use super::*;

    #[test]
    fn macos_uses_the_documented_directory_and_still_reads_the_platform_one() {
        let home = Path::new("/Users/a");
        let platform = Path::new("/Users/a/Library/Application Support/paytwice");
        let none = |_: &Path| false;
        assert_eq!(
            macos_config_dir(home, None, platform, &none),
            Path::new("/Users/a/.config/paytwice")
        );
        assert_eq!(
            macos_config_dir(home, Some(Path::new("/x/cfg")), platform, &none),
            Path::new("/x/cfg/paytwice")
        );
        let only_platform = |p: &Path| p == platform;
        assert_eq!(
            macos_config_dir(home, None, platform, &only_platform),
            platform
        );
        let both = |_: &Path| true;
        assert_eq!(
            macos_config_dir(home, None, platform, &both),
            Path::new("/Users/a/.config/paytwice")
        );
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    /// Holds the lock; may write.
    Write,
    /// Never writes (another instance holds the lock, or the caller only reads).
    ReadOnly,
}

#[derive(Debug, thiserror::Error)]
pub enum OpenError {
    #[error("{0}")]
    Locked(LockError),
    #[error("cannot use the data directory {path}: {source}")]
    Dir { path: PathBuf, source: io::Error },
}

#[derive(Debug, thiserror::Error)]
pub enum SaveError {
    #[error("read-only")]
    ReadOnly,
    #[error("{0}")]
    Io(#[from] io::Error),
    #[error("the case file changed on disk")]
    ChangedOnDisk { kept_as: PathBuf },
}

/// Something found while loading that the user should be told about. No case is lost.
#[derive(Debug, Clone, PartialEq)]
pub enum Problem {
    /// A case file that did not parse, moved aside unchanged.
    Quarantined {
        file: String,
        moved_to: String,
        error: String,
    },
    /// A case written by a newer paytwice: shown, never rewritten.
    NewerSchema { id: String, schema: u64 },
    /// A case from a newer paytwice that this build cannot even parse: left where it is,
    /// untouched (moving it aside would hide it from the newer paytwice too).
    TooNew { file: String, schema: u64 },
    /// A file that could not be read or moved at all; left where it is.
    Unreadable { file: String, error: String },
}

/// Short facts about a case for the list, without keeping the whole case.
#[derive(Debug, Clone)]
pub struct Loaded {
    pub case: Case,
    pub read_only: bool,
}

pub struct Store {
    root: PathBuf,
    access: Access,
    _lock: Option<DataLock>,
    /// Fingerprint (length, hash) of each case file as last read or written by us, to notice
    /// outside edits before overwriting them.
    seen: HashMap<String, (u64, u64)>,
    read_only_cases: HashSet<String>,
    /// The list summaries as they will be written to `index.json` (see `index.rs`).
    index: std::collections::BTreeMap<String, index::Entry>,
    index_dirty: bool,
    /// When the index was last written (read at start-up), for its racy-clean rule.
    index_written: Option<u64>,
    /// The list came from the index alone; `verify_summaries` has yet to check the files.
    unverified: bool,
    /// The case list's order, when the caller shows one (the index is written in it).
    order: Option<index::ListOrder>,
}

/// `name` beside `path`, or `name-1`, `name-2`… if taken: a file set aside never replaces
/// another one set aside in the same second.
fn unused_name(path: &Path, name: &str) -> PathBuf {
    let mut target = path.with_file_name(name);
    let mut n = 1;
    // (`symlink_metadata`: a dangling link there is taken too, never replaced.)
    while fs::symlink_metadata(&target).is_ok() {
        target = path.with_file_name(format!("{name}-{n}"));
        n += 1;
    }
    target
}

fn fingerprint(bytes: &[u8]) -> (u64, u64) {
    let mut h = std::hash::DefaultHasher::new();
    bytes.hash(&mut h);
    (bytes.len() as u64, h.finish())
}

fn read_case(path: &Path) -> io::Result<Vec<u8>> {
    regular::read(path, regular::MAX_CASE)
}

/// A case id is also a file name: only these characters, never a path.
pub fn valid_id(id: &str) -> bool {
    !id.is_empty()
        && id.len() <= 64
        && id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

impl Store {
    pub fn open(root: &Path, access: Access) -> Result<Store, OpenError> {
        let dir_err = |source| OpenError::Dir {
            path: root.to_path_buf(),
            source,
        };
        let lock = match access {
            Access::Write => {
                crate::platform::create_private_dir(root).map_err(dir_err)?;
                crate::platform::create_private_dir(&root.join("cases")).map_err(dir_err)?;
                let lock = DataLock::acquire(root).map_err(OpenError::Locked)?;
                atomic::cleanup_temps(root, &|t| t == state::FILE || t == index::INDEX_FILE);
                // A crash leaves its temporary file behind, and creating it changed `cases/`:
                // when the directory is as the index last saw it, there is nothing to clean.
                if !index::dir_unchanged(root) {
                    atomic::cleanup_temps(&root.join("cases"), &|t| {
                        t.strip_suffix(".json").is_some_and(valid_id)
                    });
                }
                Some(lock)
            }
            Access::ReadOnly => None,
        };
        crate::diag!(
            "data directory opened {} ({})",
            crate::diag::shown(root),
            if lock.is_some() {
                "read-write"
            } else {
                "read-only"
            }
        );
        Ok(Store {
            root: root.to_path_buf(),
            access,
            _lock: lock,
            seen: HashMap::new(),
            read_only_cases: HashSet::new(),
            index: Default::default(),
            index_dirty: false,
            index_written: None,
            unverified: false,
            order: None,
        })
    }

    pub fn root(&self) -> &Path {
        &self.root
    }

    pub fn access(&self) -> Access {
        self.access
    }

    pub fn cases_dir(&self) -> PathBuf {
        self.root.join("cases")
    }

    fn case_path(&self, id: &str) -> PathBuf {
        self.cases_dir().join(format!("{id}.json"))
    }

    pub fn exports_dir(&self) -> io::Result<PathBuf> {
        let d = self.root.join("exports");
        crate::platform::create_private_dir(&d)?;
        Ok(d)
    }

    pub fn is_read_only(&self, id: &str) -> bool {
        self.access == Access::ReadOnly || self.read_only_cases.contains(id)
    }

    /// Every case, newest change first, and what went wrong on the way.
    pub fn load_all(&mut self, now: Timestamp) -> (Vec<Loaded>, Vec<Problem>) {
        let mut cases = vec![];
        let mut problems = vec![];
        let Ok(entries) = fs::read_dir(self.cases_dir()) else {
            return (cases, problems);
        };
        let mut ids: Vec<String> = entries
            .flatten()
            .filter_map(|e| {
                let name = e.file_name().to_string_lossy().into_owned();
                name.strip_suffix(".json").map(str::to_string)
            })
            .filter(|id| valid_id(id))
            .collect();
        ids.sort();
        for id in ids {
            match self.load(&id, now) {
                Ok(l) => cases.push(l),
                Err(p) => problems.push(p),
            }
        }
        for l in &cases {
            if l.read_only {
                problems.push(Problem::NewerSchema {
                    id: l.case.id.clone(),
                    schema: l.case.schema as u64,
                });
            }
        }
        cases.sort_by_key(|l| std::cmp::Reverse(l.case.updated_at));
        (cases, problems)
    }

    /// Load one case. A file that does not parse is moved aside (in write mode) and reported.
    pub fn load(&mut self, id: &str, now: Timestamp) -> Result<Loaded, Problem> {
        let path = self.case_path(id);
        let file = format!("{id}.json");
        // Only a regular file of a sane size: a FIFO here would block, `/dev/zero` fill memory.
        let bytes = read_case(&path).map_err(|e| Problem::Unreadable {
            file: file.clone(),
            error: e.to_string(),
        })?;
        match parse_case(&bytes) {
            Ok((mut case, newer)) => {
                case.normalize();
                self.seen.insert(id.to_string(), fingerprint(&bytes));
                if newer {
                    self.read_only_cases.insert(id.to_string());
                }
                // The file name is the identity; an id field that disagrees is not trusted.
                case.id = id.to_string();
                Ok(Loaded {
                    case,
                    read_only: newer || self.access == Access::ReadOnly,
                })
            }
            Err(error) => Err(match newer_schema(&bytes) {
                Some(schema) => Problem::TooNew { file, schema },
                None => self.quarantine(&path, &file, error, now),
            }),
        }
    }

    fn quarantine(&self, path: &Path, file: &str, error: String, now: Timestamp) -> Problem {
        if self.access == Access::ReadOnly {
            return Problem::Unreadable {
                file: file.to_string(),
                error,
            };
        }
        crate::diag!("case file {file} could not be read; moved aside");
        let stamp = now.strftime("%Y%m%dT%H%M%SZ").to_string();
        let target = unused_name(path, &format!("{file}.corrupt-{stamp}"));
        match crate::platform::rename(path, &target) {
            Ok(()) => {
                // The bytes stay as they were; only a too-open mode (a file restored from a
                // backup) is made private like every other file here.
                // (Through its descriptor: a symlink's target outside is never changed.)
                let _ = regular::make_private(&target);
                Problem::Quarantined {
                    file: file.to_string(),
                    moved_to: target
                        .file_name()
                        .map(|n| n.to_string_lossy().into_owned())
                        .unwrap_or_default(),
                    error,
                }
            }
            Err(e) => Problem::Unreadable {
                file: file.to_string(),
                error: format!("{error}; {e}"),
            },
        }
    }

    /// Save atomically. Refuses read-only cases; notices a file changed by someone else since
    /// we read it and keeps that version beside ours instead of overwriting it.
    pub fn save(&mut self, case: &Case) -> Result<(), SaveError> {
        self.save_with(case, &atomic::no_faults)
    }

    pub fn save_with(&mut self, case: &Case, fault: atomic::FaultHook) -> Result<(), SaveError> {
        if self.is_read_only(&case.id) || !valid_id(&case.id) {
            return Err(SaveError::ReadOnly);
        }
        let path = self.case_path(&case.id);
        let mut kept_as = None;
        if let Some(expected) = self.seen.get(&case.id)
            && let Ok(on_disk) = read_case(&path)
            && fingerprint(&on_disk) != *expected
        {
            let aside = unused_name(
                &path,
                &format!(
                    "{}.json.outside-{}",
                    case.id,
                    case.updated_at.strftime("%Y%m%dT%H%M%SZ")
                ),
            );
            crate::platform::rename(&path, &aside)?;
            kept_as = Some(aside);
        }
        let mut bytes = serde_json::to_vec_pretty(case).map_err(io::Error::other)?;
        bytes.push(b'\n');
        if let Err(e) = atomic::write_atomic_with(&path, &bytes, fault) {
            crate::diag!("save of case {} failed: {}", case.id, e.kind());
            // A failure after the rename (the directory fsync) leaves our bytes in place: they
            // are ours, not an outside edit, so the next save must not set them aside.
            if read_case(&path).is_ok_and(|b| b == bytes) {
                self.seen.insert(case.id.clone(), fingerprint(&bytes));
            }
            return Err(e.into());
        }
        self.seen.insert(case.id.clone(), fingerprint(&bytes));
        self.index_saved(case, &path);
        crate::diag!(
            "saved case {}{}",
            case.id,
            if kept_as.is_some() {
                " (an outside edit was set aside)"
            } else {
                ""
            }
        );
        match kept_as {
            Some(p) => Err(SaveError::ChangedOnDisk { kept_as: p }),
            None => Ok(()),
        }
    }

    pub fn delete(&mut self, id: &str) -> Result<(), SaveError> {
        if self.is_read_only(id) || !valid_id(id) {
            return Err(SaveError::ReadOnly);
        }
        let path = self.case_path(id);
        // The user deletes the case they saw; a version someone else wrote since is not
        // theirs to lose, so it is set aside instead.
        match (self.seen.get(id), read_case(&path)) {
            (Some(seen), Ok(bytes)) if fingerprint(&bytes) != *seen => {
                let aside = unused_name(&path, &format!("{id}.json.outside-deleted"));
                crate::platform::rename(&path, &aside)?;
            }
            _ => fs::remove_file(&path)?,
        }
        self.seen.remove(id);
        self.index_dirty |= self.index.remove(id).is_some();
        Ok(())
    }

    /// A fresh id: the creation time (so ids sort by age) plus a counter if taken.
    pub fn new_id(&self, now: Timestamp) -> String {
        let base = now.strftime("%Y%m%d-%H%M%S").to_string();
        let mut id = base.clone();
        let mut n = 2;
        while self.case_path(&id).exists() {
            id = format!("{base}-{n}");
            n += 1;
        }
        id
    }

    pub fn load_state(&self) -> State {
        state::load(&self.root)
    }

    pub fn save_state(&self, s: &State) -> io::Result<()> {
        if self.access == Access::ReadOnly {
            return Ok(());
        }
        state::save(&self.root, s)
    }
}

/// The schema number of a well-formed JSON object newer than this build's, if it is one.
fn newer_schema(bytes: &[u8]) -> Option<u64> {
    let value: serde_json::Value = serde_json::from_slice(bytes).ok()?;
    value.get("schema")?.as_u64().filter(|s| *s > SCHEMA as u64)
}

/// Parse case bytes. `Ok((case, true))` for a case this build can only show: a newer schema,
/// or a known field holding a value this build does not know (a status, step, answer, cause or
/// log kind a newer paytwice added) — shown with that value left out, never rewritten.
pub fn parse_case(bytes: &[u8]) -> Result<(Case, bool), String> {
    // One pass for a good file (start-up and every open read whole cases); the two-step parse
    // below only runs for one that is newer or bad.
    if let Ok(case) = serde_json::from_slice::<Case>(bytes) {
        let newer = case.schema > SCHEMA;
        return Ok((case, newer));
    }
    let value: serde_json::Value = serde_json::from_slice(bytes).map_err(|e| e.to_string())?;
    let schema = value
        .get("schema")
        .and_then(|s| s.as_u64())
        .ok_or_else(|| "no schema number".to_string())?;
    let error = match serde_json::from_value::<Case>(value.clone()) {
        Ok(case) => return Ok((case, schema > SCHEMA as u64)),
        Err(e) => e.to_string(),
    };
    let mut shown = value;
    if !without_unknown_values(&mut shown) {
        return Err(error);
    }
    serde_json::from_value::<Case>(shown)
        .map(|case| (case, true))
        .map_err(|_| error)
}

/// Take out of a case's JSON the values of known fields that this build does not know (the
/// file itself is left as it is). Whether any was found.
fn without_unknown_values(case: &mut serde_json::Value) -> bool {
    use crate::domain::case::{CaseStatus, Decision, LogKind, StepStatus};
    use crate::domain::steps::{Cause, StepKey};
    use serde::de::DeserializeOwned;
    use serde_json::Value;
    fn unknown<T: DeserializeOwned>(v: Option<&Value>) -> bool {
        v.is_some_and(|v| !v.is_null() && serde_json::from_value::<T>(v.clone()).is_err())
    }
    fn put(found: &mut bool, obj: &mut Value, key: &str, with: Value) {
        *found = true;
        obj[key] = with;
    }
    let mut found = false;
    if unknown::<CaseStatus>(case.get("status")) {
        put(&mut found, case, "status", "open".into());
    }
    if unknown::<StepKey>(case.get("next_step")) {
        put(&mut found, case, "next_step", Value::Null);
    }
    if let Some(facts) = case.get_mut("facts").filter(|f| f.is_object())
        && unknown::<Cause>(facts.get("cause"))
    {
        put(&mut found, facts, "cause", Value::Null);
    }
    if let Some(steps) = case.get_mut("steps").and_then(Value::as_array_mut) {
        // A step this build does not have is not shown (the six it knows are).
        let before = steps.len();
        steps.retain(|s| !unknown::<StepKey>(s.get("key")));
        found |= steps.len() != before;
        for s in steps.iter_mut().filter(|s| s.is_object()) {
            if unknown::<StepStatus>(s.get("status")) {
                put(&mut found, s, "status", "todo".into());
            }
            if unknown::<Decision>(s.get("decision")) {
                put(&mut found, s, "decision", Value::Null);
            }
        }
    }
    if let Some(log) = case.get_mut("log").and_then(Value::as_array_mut) {
        for e in log.iter_mut().filter(|e| e.is_object()) {
            if unknown::<LogKind>(e.get("kind")) {
                put(&mut found, e, "kind", "event".into());
            }
        }
    }
    found
}
