//! `index.json`: a cache of each case file's list summary, so the first frame needs one small
//! file instead of every full case. It is only ever a cache — never the truth:
//!
//! - an entry stands for its case file only while the file has the size and modification time
//!   recorded with it, AND that time is strictly older than the index file itself (git's
//!   "racy clean" rule: a file changed in the same clock tick as the index was written could
//!   look unchanged, so it is read again);
//! - any other case file is read and parsed in full, exactly as `Store::load` does (a corrupt
//!   one is quarantined and reported);
//! - an index that is missing, unreadable or from another version counts as empty.
//!
//! Start-up: when the `cases/` directory itself is unchanged since the index was written (no
//! file added, removed or replaced — every save renames), the first frame is drawn from the
//! index alone; `verify_summaries` then checks every file as above right after that frame,
//! before any key is handled. Otherwise the check runs before the first frame.
//!
//! Rows are kept in the list's attention order when the program that wrote them said what that
//! order is (`ListOrder`), and the header names it; a start with the same order (same time
//! zone, same deadline rules) then reads only the first screenful of rows before the first
//! frame — a thousand cases start as fast as a few. The order is a hint like the rest: a
//! start that orders otherwise reads every row and sorts them itself.

use std::collections::BTreeMap;
use std::fs::{self, Metadata};
use std::io;
use std::path::Path;
use std::time::UNIX_EPOCH;

use jiff::Timestamp;

use super::{Problem, Store, valid_id};
use crate::domain::case::{Case, CaseStatus, SCHEMA};
use crate::domain::steps::StepKey;
use crate::domain::summary::{Attention, CaseSummary};

pub const INDEX_FILE: &str = "index.json";

/// What was on disk when the summary was taken: length and modification time (ns).
pub type Stamp = (u64, u64);

#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    pub size: u64,
    pub mtime_ns: u64,
    pub summary: CaseSummary,
}

/// The first line: format name, version, `cases/`'s own modification time when the index was
/// written, and the stamp of the order its rows are in (`-`: newest change first). Then one
/// line per case, tab-separated (text fields escaped), so that reading a thousand of them
/// stays a fraction of a millisecond:
/// `id size mtime_ns status progress step updated_s updated_ns schema =amount|- currency title`
/// followed by the deadline facts (`deadline_row.rs`).
const MAGIC: &str = "paytwice-index";

/// The order the case list shows cases in, given by the program that shows it (storage knows
/// nothing of time zones or deadline rules): rows are written in this order so that a start
/// can read only the first few.
pub struct ListOrder {
    /// Names everything the order depends on; rows written under another stamp are never
    /// taken to be in this order.
    pub stamp: u64,
    pub key: Box<dyn Fn(&CaseSummary) -> Attention>,
}

/// What start-up gets for the list (`Store::load_list`).
#[derive(Debug, Default)]
pub struct ListStart {
    /// Newest change first.
    pub summaries: Vec<CaseSummary>,
    pub problems: Vec<Problem>,
    /// Every case is in `summaries`. When not, they are the first rows of the list's order
    /// (enough for a first frame) and `verify_summaries` gives them all.
    pub complete: bool,
}

/// The index as read: its entries, when it was written, and the directory time it recorded.
#[derive(Debug, Default)]
pub struct Snapshot {
    pub entries: BTreeMap<String, Entry>,
    pub written: Option<u64>,
    pub dir_mtime_ns: Option<u64>,
}

pub fn stamp(meta: &Metadata) -> Option<Stamp> {
    let mtime = meta.modified().ok()?.duration_since(UNIX_EPOCH).ok()?;
    Some((meta.len(), u64::try_from(mtime.as_nanos()).ok()?))
}

fn mtime_of(path: &Path) -> Option<u64> {
    fs::metadata(path)
        .ok()
        .as_ref()
        .and_then(stamp)
        .map(|s| s.1)
}

/// The index in `root`; empty when there is no usable one.
pub fn read(root: &Path) -> Snapshot {
    let Some(file) = IndexFile::open(root) else {
        return Snapshot::default();
    };
    let (written, dir_mtime_ns) = (file.written, file.dir_mtime_ns);
    match file.rows(entry, usize::MAX) {
        Some((entries, _)) => Snapshot {
            entries: by_id(entries),
            written: Some(written),
            dir_mtime_ns: Some(dir_mtime_ns),
        },
        None => Snapshot::default(),
    }
}

fn entry((size, mtime_ns): Stamp, summary: CaseSummary) -> Entry {
    Entry {
        size,
        mtime_ns,
        summary,
    }
}

/// The index file opened and its header checked, its rows not yet read: whether the fast path
/// applies is known from the header alone. The rows are then read a line at a time into what
/// the caller keeps (never the whole file in memory besides them).
struct IndexFile {
    written: u64,
    dir_mtime_ns: u64,
    /// The stamp of the order the rows are in (`ListOrder::stamp`), if any.
    order: Option<u64>,
    /// The file's length. A row paytwice writes is over 64 bytes (its two nanosecond times
    /// alone take 29 digits), so `len / 64` rows is room enough: a hint, never a limit.
    len: u64,
    reader: io::BufReader<fs::File>,
}

impl IndexFile {
    fn open(root: &Path) -> Option<IndexFile> {
        use std::io::BufRead;
        // Only a regular file of a sane size (a FIFO would block, `/dev/zero` never end a line).
        let file = super::regular::open(&root.join(INDEX_FILE)).ok()?;
        let (len, written) = file.metadata().ok().as_ref().and_then(stamp)?;
        if len > super::regular::MAX_INDEX {
            return None;
        }
        let mut reader = io::BufReader::with_capacity(32 * 1024, file);
        let mut first = String::new();
        reader.read_line(&mut first).ok()?;
        let (dir_mtime_ns, order) = header(&first)?;
        Some(IndexFile {
            written,
            dir_mtime_ns,
            order,
            len,
            reader,
        })
    }

    /// Whether `cases/`, with modification time `dir_now`, is as the index saw it: the same time,
    /// strictly older than the index (the racy-clean rule, as for each file).
    fn vouches_for(&self, dir_now: Option<u64>) -> bool {
        dir_now.is_some_and(|now| now == self.dir_mtime_ns && now < self.written)
    }

    /// The first `limit` rows, in file order, made into what the caller keeps, and whether
    /// they are all there are; `None` if any row read is malformed or unreadable (the whole
    /// index is then distrusted). Rows past the limit are not looked at.
    fn rows<T>(
        mut self,
        keep: impl Fn(Stamp, CaseSummary) -> T,
        limit: usize,
    ) -> Option<(Vec<T>, bool)> {
        use std::io::BufRead;
        // Reserved, not touched: the pages a shorter index leaves unused are never mapped.
        let room = usize::try_from(self.len / 64).unwrap_or(0);
        let mut rows = Vec::with_capacity(room.min(limit));
        let mut line = String::new();
        loop {
            line.clear();
            if self.reader.read_line(&mut line).ok()? == 0 {
                return Some((rows, true));
            }
            let row = line.strip_suffix('\n').unwrap_or(&line);
            if row.is_empty() {
                continue;
            }
            if rows.len() == limit {
                return Some((rows, false));
            }
            let (stamp, summary) = parse_row(row)?;
            rows.push(keep(stamp, summary));
        }
    }
}

fn by_id(entries: impl IntoIterator<Item = Entry>) -> BTreeMap<String, Entry> {
    entries
        .into_iter()
        .map(|e| (e.summary.id.clone(), e))
        .collect()
}

/// Only the header: whether `cases/` is unchanged since the index was written (then no file
/// can have been added, removed or replaced there since, temporary files included).
pub fn dir_unchanged(root: &Path) -> bool {
    IndexFile::open(root).is_some_and(|f| f.vouches_for(mtime_of(&root.join("cases"))))
}

/// `cases/`'s time and the order stamp, from the first line.
fn header(line: &str) -> Option<(u64, Option<u64>)> {
    let mut f = line.trim_end().split(' ');
    (f.next() == Some(MAGIC) && f.next() == Some(VERSION_STR)).then_some(())?;
    let dir = f.next()?.parse().ok()?;
    let order = match f.next()? {
        "-" => None,
        hex => Some(u64::from_str_radix(hex, 16).ok()?),
    };
    f.next().is_none().then_some((dir, order))
}

// 2: rows carry the deadline facts (the list sorts and badges by deadline).
// 3: the header names the order the rows are in.
const VERSION_STR: &str = "4";

fn parse_row(line: &str) -> Option<(Stamp, CaseSummary)> {
    let mut f = Fields(Some(line));
    let mut next = || f.next();
    let id = next()?.to_string();
    let size = next()?.parse().ok()?;
    let mtime_ns = next()?.parse().ok()?;
    let status = next()?;
    let status = CaseStatus::parse(status)?;
    let progress = next()?.parse().ok()?;
    let current_step = StepKey::parse(next()?)?;
    let secs = next()?.parse().ok()?;
    let nanos = next()?.parse().ok()?;
    let schema = next()?.parse().ok()?;
    let amount = match next()? {
        "-" => None,
        a => Some(unescape(a.strip_prefix('=')?)),
    };
    let currency = unescape(next()?);
    let title = unescape(next()?);
    let deadline = deadline_row::parse(&mut next, status.is_open())?;
    if next().is_some() || !valid_id(&id) {
        return None;
    }
    let summary = CaseSummary {
        id,
        title,
        status,
        progress,
        current_step,
        amount,
        currency,
        updated_at: Timestamp::new(secs, nanos).ok()?,
        schema,
        deadline,
    };
    Some(((size, mtime_ns), summary))
}

/// A row's tab-separated fields, as `split('\t')` gives them, by a plain byte scan: a row is
/// two dozen short fields, too short for the general pattern search to pay off.
struct Fields<'a>(Option<&'a str>);

impl<'a> Iterator for Fields<'a> {
    type Item = &'a str;

    fn next(&mut self) -> Option<&'a str> {
        let s = self.0?;
        match s.bytes().position(|b| b == b'\t') {
            Some(i) => {
                self.0 = Some(&s[i + 1..]);
                Some(&s[..i])
            }
            None => {
                self.0 = None;
                Some(s)
            }
        }
    }
}

fn escape(s: &str, out: &mut String) {
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\t' => out.push_str("\\t"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            c => out.push(c),
        }
    }
}

fn unescape(s: &str) -> String {
    if !s.bytes().any(|b| b == b'\\') {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('t') => out.push('\t'),
            Some('n') => out.push('\n'),
            Some('r') => out.push('\r'),
            Some(other) => out.push(other),
            None => {}
        }
    }
    out
}

/// Whether `entry` may stand for the file as it is now (see the module note).
pub fn trusted(entry: &Entry, now_on_disk: Option<Stamp>, index_written: Option<u64>) -> bool {
    match (now_on_disk, index_written) {
        (Some((size, mtime)), Some(written)) => {
            size == entry.size && mtime == entry.mtime_ns && mtime < written
        }
        _ => false,
    }
}

/// Write the index: rows in the list's order when it is known, else newest change first.
pub fn write(
    root: &Path,
    entries: &BTreeMap<String, Entry>,
    order: Option<&ListOrder>,
) -> io::Result<()> {
    use std::fmt::Write;
    let dir_mtime_ns = mtime_of(&root.join("cases")).unwrap_or(0);
    let mut out = format!("{MAGIC} {VERSION_STR} {dir_mtime_ns} ");
    let mut rows: Vec<&Entry> = entries.values().collect();
    match order {
        Some(order) => {
            let _ = writeln!(out, "{:016x}", order.stamp);
            rows.sort_by_cached_key(|e| (order.key)(&e.summary));
        }
        None => {
            out.push_str("-\n");
            rows.sort_by_key(|e| std::cmp::Reverse(e.summary.updated_at));
        }
    }
    for e in rows {
        let s = &e.summary;
        let _ = write!(
            out,
            "{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t",
            s.id,
            e.size,
            e.mtime_ns,
            s.status.as_str(),
            s.progress,
            s.current_step.as_str(),
            s.updated_at.as_second(),
            s.updated_at.subsec_nanosecond(),
            s.schema,
        );
        match &s.amount {
            Some(a) => {
                out.push('=');
                escape(a, &mut out);
            }
            None => out.push('-'),
        }
        out.push('\t');
        escape(&s.currency, &mut out);
        out.push('\t');
        escape(&s.title, &mut out);
        deadline_row::write(&s.deadline, &mut out);
        out.push('\n');
    }
    super::atomic::write_atomic(&root.join(INDEX_FILE), out.as_bytes())
}

impl Store {
    /// Say how the list orders cases, so the index is written in that order and `load_list`
    /// can stop after the first rows of an index written so.
    pub fn set_list_order(&mut self, order: ListOrder) {
        self.order = Some(order);
    }

    /// Every case's summary, newest change first, and what went wrong (`load_list` with no
    /// limit).
    pub fn load_summaries(&mut self, now: Timestamp) -> (Vec<CaseSummary>, Vec<Problem>) {
        let start = self.load_list(now, usize::MAX);
        (start.summaries, start.problems)
    }

    /// What start-up needs for the list. From the index alone when `cases/` is unchanged since
    /// it was written (then call `verify_summaries` once the first frame is drawn) — only its
    /// first `first` rows when they are in this store's list order; otherwise every case file
    /// is `stat`ed and those that changed are read in full through `load` (so a corrupt file
    /// is quarantined and reported just as `load_all` does). Open a case with `load` before
    /// changing it.
    pub fn load_list(&mut self, now: Timestamp, first: usize) -> ListStart {
        let file = IndexFile::open(self.root());
        self.index_written = file.as_ref().map(|f| f.written);
        let dir_now = mtime_of(&self.cases_dir());
        let ours = self.order.as_ref().map(|o| o.stamp);
        if file.as_ref().is_some_and(|f| f.order != ours) {
            // Rewritten once this start is over, in this order.
            self.index_dirty = true;
        }
        let (fresh, stale) = match file {
            Some(f) if f.vouches_for(dir_now) => (Some(f), None),
            other => (None, other),
        };
        let limit = match &fresh {
            Some(f) if f.order.is_some() && f.order == ours => first,
            _ => usize::MAX,
        };
        let Some((mut summaries, complete)) = fresh.and_then(|f| f.rows(|_, s| s, limit)) else {
            // Rewritten once this start is over, so that the next start can take the fast
            // path. A changed directory still trusts the entries of unchanged files; a
            // malformed index trusts none.
            self.index_dirty = true;
            let old = stale
                .and_then(|f| f.rows(entry, usize::MAX))
                .map(|(e, _)| by_id(e));
            let (summaries, problems) = self.scan(now, old.unwrap_or_default());
            return ListStart {
                summaries,
                problems,
                complete: true,
            };
        };
        // The summaries go to the caller as they are; `verify_summaries` reads the index
        // again after the first frame rather than keeping a copy now.
        self.unverified = true;
        let problems = self.newer_schema(&summaries);
        summaries.sort_by_key(|s| std::cmp::Reverse(s.updated_at));
        ListStart {
            summaries,
            problems,
            complete,
        }
    }

    /// Whether `id` names a case file here (to resume a case the first rows did not hold).
    pub fn has_case(&self, id: &str) -> bool {
        valid_id(id) && self.case_path(id).is_file()
    }

    /// After a first frame drawn from the index alone: check every case file as
    /// `load_summaries` otherwise does. `None` when there is nothing left to check.
    pub fn verify_summaries(&mut self, now: Timestamp) -> Option<(Vec<CaseSummary>, Vec<Problem>)> {
        if !std::mem::take(&mut self.unverified) {
            return None;
        }
        let snap = read(self.root());
        self.index_written = snap.written;
        Some(self.scan(now, snap.entries))
    }

    fn scan(
        &mut self,
        now: Timestamp,
        mut old: BTreeMap<String, Entry>,
    ) -> (Vec<CaseSummary>, Vec<Problem>) {
        let mut summaries = vec![];
        let mut problems = vec![];
        let mut kept = BTreeMap::new();
        let Ok(entries) = fs::read_dir(self.cases_dir()) else {
            return (summaries, problems);
        };
        let mut files: Vec<(String, Option<Stamp>)> = entries
            .flatten()
            .filter_map(|e| {
                let name = e.file_name().to_string_lossy().into_owned();
                let id = name.strip_suffix(".json").filter(|id| valid_id(id))?;
                Some((id.to_string(), e.metadata().ok().as_ref().and_then(stamp)))
            })
            .collect();
        files.sort();
        for (id, on_disk) in files {
            let written = self.index_written;
            if let Some(entry) = old.remove(&id).filter(|e| trusted(e, on_disk, written)) {
                summaries.push(entry.summary.clone());
                kept.insert(id, entry);
                continue;
            }
            self.index_dirty = true;
            match self.load(&id, now) {
                Ok(l) => {
                    let mut summary = CaseSummary::of(&l.case);
                    if self.read_only_cases.contains(&id) {
                        // Read-only because it holds what only a newer paytwice knows: the
                        // index says so, so that a start from the index alone says so too.
                        summary.schema = summary.schema.max(SCHEMA + 1);
                    }
                    if let Some((size, mtime_ns)) = on_disk {
                        let entry = Entry {
                            size,
                            mtime_ns,
                            summary: summary.clone(),
                        };
                        kept.insert(id, entry);
                    }
                    summaries.push(summary);
                }
                Err(p) => problems.push(p),
            }
        }
        self.index_dirty |= !old.is_empty();
        self.index = kept;
        problems.extend(self.newer_schema(&summaries));
        summaries.sort_by_key(|s| std::cmp::Reverse(s.updated_at));
        (summaries, problems)
    }

    /// Cases written by a newer paytwice: shown read-only and reported, as `load_all` does.
    fn newer_schema(&mut self, summaries: &[CaseSummary]) -> Vec<Problem> {
        let mut problems = vec![];
        for s in summaries.iter().filter(|s| s.schema > SCHEMA) {
            self.read_only_cases.insert(s.id.clone());
            problems.push(Problem::NewerSchema {
                id: s.id.clone(),
                schema: s.schema as u64,
            });
        }
        problems
    }

    /// A saved case's new summary, stamped with the file just written.
    pub(super) fn index_saved(&mut self, case: &Case, path: &Path) {
        if let Some((size, mtime_ns)) = fs::metadata(path).ok().as_ref().and_then(stamp) {
            let summary = CaseSummary::of(case);
            self.index.insert(
                case.id.clone(),
                Entry {
                    size,
                    mtime_ns,
                    summary,
                },
            );
            self.index_dirty = true;
        }
    }

    /// Write `index.json` if it changed (a cache: losing it only makes the next start slower).
    pub fn save_index(&mut self) -> io::Result<()> {
        if !self.index_dirty || self.unverified || self.access() == super::Access::ReadOnly {
            return Ok(());
        }
        write(self.root(), &self.index, self.order.as_ref())?;
        self.index_dirty = false;
        Ok(())
    }
}

mod deadline_row;
#[cfg(test)]
mod order_tests;
#[cfg(test)]
mod tests;
