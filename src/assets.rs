//! The words. Everything a user reads is in `assets/`, one file per language and topic,
//! embedded at build time; the content files are parsed once on first use (never per frame).
//!
//! - `content.<lang>.json`: the six steps' guidance, checklists and decisions, and the
//!   knowledge panel (causes, misconceptions, prevention tips, legal notes, FAQ);
//! - `text/<topic>.<lang>.json`: flat `key → text` maps for screens, messages and errors,
//!   merged by `build.rs` into one sorted static table per language (nothing to parse at
//!   start-up). `{name}` marks a value filled in by `tf`.

use std::collections::{BTreeMap, HashMap};
use std::sync::OnceLock;

use serde::Deserialize;

use crate::domain::steps::{Cause, Misconception, StepKey, Tip};
use crate::lang::Lang;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Content {
    pub steps: BTreeMap<StepKey, StepText>,
    pub knowledge: Knowledge,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StepText {
    /// Full title: "Confirm the payment records".
    pub title: String,
    /// Short label for the step list (fits 80 columns beside the step pane).
    pub short: String,
    /// What to do and why, in a few short paragraphs (blank line between them).
    pub guidance: String,
    /// Checklist item key → label. Keys are `StepKey::checklist()`.
    pub checklist: BTreeMap<String, String>,
    pub decision: Option<DecisionText>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DecisionText {
    pub question: String,
    pub yes: String,
    pub no: String,
    /// Shown once the question is answered yes / no: where the path goes and what to do.
    pub after_yes: String,
    pub after_no: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Entry {
    pub title: String,
    pub text: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct KeyedEntry {
    pub key: String,
    pub title: String,
    pub text: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Knowledge {
    pub causes: BTreeMap<Cause, Entry>,
    pub misconceptions: BTreeMap<Misconception, Entry>,
    pub prevention: BTreeMap<Tip, Entry>,
    /// The article's legal section, in order.
    pub legal: Vec<KeyedEntry>,
    /// The article's six questions and answers, in order.
    pub faq: Vec<KeyedEntry>,
}

const CONTENT: [(Lang, &str); 2] = [
    (Lang::Zh, include_str!("../assets/content.zh.json")),
    (Lang::En, include_str!("../assets/content.en.json")),
];

// The word tables, sorted by key, and their sources (for the tests), made by `build.rs` from
// every `text/<topic>.<lang>.json` pair: a new topic is a new pair of files.
include!(concat!(env!("OUT_DIR"), "/text_tables.rs"));

pub fn content(lang: Lang) -> &'static Content {
    static CELLS: [OnceLock<Content>; 2] = [OnceLock::new(), OnceLock::new()];
    CELLS[lang as usize].get_or_init(|| {
        let src = CONTENT.iter().find(|(l, _)| *l == lang).map(|(_, s)| *s);
        // The embedded files are checked by tests; a broken build is a developer error.
        serde_json::from_str(src.unwrap_or_default()).expect("embedded content parses")
    })
}

/// The deadline rules (one file for both languages: the words are in `text/deadlines.*`).
pub const DEADLINES_JSON: &str = include_str!("../assets/deadlines.json");

/// Where a user can turn, per app and country, each with its source.
pub const ROUTES_JSON: &str = include_str!("../assets/routes.json");

pub fn routes() -> &'static crate::domain::routes::Routes {
    static CELL: OnceLock<crate::domain::routes::Routes> = OnceLock::new();
    // Checked by the route tests; a broken build is a developer error.
    CELL.get_or_init(|| crate::domain::routes::Routes::parse(ROUTES_JSON).expect("routes parse"))
}

/// Mainland China's holidays and make-up working days, one year per State Council notice.
pub const HOLIDAYS_CN_JSON: &str = include_str!("../assets/holidays.cn.json");

/// The file in the config directory where a user adds a year of Chinese holidays.
pub const USER_HOLIDAYS_FILE: &str = "holidays.cn.json";

/// The deadline rules with mainland China's holidays: the embedded years, then any year a
/// user's `holidays.cn.json` in the config directory adds.
pub fn deadline_rules() -> &'static crate::domain::deadlines::Rules {
    static CELL: OnceLock<crate::domain::deadlines::Rules> = OnceLock::new();
    // Checked by the deadline tests; a broken build is a developer error.
    CELL.get_or_init(|| {
        let mut rules =
            crate::domain::deadlines::Rules::parse(DEADLINES_JSON).expect("embedded rules parse");
        rules.holidays = crate::domain::calendar::Holidays::parse(HOLIDAYS_CN_JSON)
            .expect("embedded holidays parse");
        let dir = crate::storage::config_dir();
        let (user, problem) = read_user_holidays(dir.as_deref());
        if let Some(user) = user {
            rules.holidays.add(user);
        }
        let _ = USER_HOLIDAYS_PROBLEM.set(problem);
        rules
    })
}

static USER_HOLIDAYS_PROBLEM: OnceLock<Option<String>> = OnceLock::new();

/// Why the user's holidays file was not used, if it exists and could not be (shown where a
/// year's holidays are not known).
pub fn user_holidays_problem() -> Option<&'static str> {
    deadline_rules();
    USER_HOLIDAYS_PROBLEM.get().and_then(|p| p.as_deref())
}

/// The user's holidays from `dir`, or why they could not be read. No file is no problem.
fn read_user_holidays(
    dir: Option<&std::path::Path>,
) -> (Option<crate::domain::calendar::Holidays>, Option<String>) {
    let Some(path) = dir.map(|d| d.join(USER_HOLIDAYS_FILE)) else {
        return (None, None);
    };
    let text = match std::fs::read_to_string(&path) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return (None, None),
        Err(e) => return (None, Some(format!("{}: {e}", path.display()))),
    };
    match crate::domain::calendar::Holidays::parse(&text) {
        Ok(h) => (Some(h), None),
        Err(e) => (None, Some(format!("{}: {e}", path.display()))),
    }
}

fn table(lang: Lang) -> &'static [(&'static str, &'static str)] {
    match lang {
        Lang::Zh => ZH,
        Lang::En => EN,
    }
}

fn lookup(lang: Lang, key: &str) -> Option<&'static str> {
    let table = table(lang);
    let i = table.binary_search_by(|(k, _)| (*k).cmp(key)).ok()?;
    Some(table[i].1)
}

/// The text for `key`. A missing key shows as itself (visible, never a panic); the
/// `assets_used_keys_exist` test keeps that from shipping.
pub fn t(lang: Lang, key: &str) -> &'static str {
    lookup(lang, key).unwrap_or_else(|| leak_key(key))
}

fn leak_key(key: &str) -> &'static str {
    static MISSING: OnceLock<std::sync::Mutex<HashMap<String, &'static str>>> = OnceLock::new();
    let m = MISSING.get_or_init(Default::default);
    let mut m = m.lock().unwrap_or_else(|e| e.into_inner());
    if let Some(s) = m.get(key) {
        return s;
    }
    let s: &'static str = Box::leak(key.to_string().into_boxed_str());
    m.insert(key.to_string(), s);
    s
}

/// `t` with `{name}` placeholders filled.
pub fn tf(lang: Lang, key: &str, args: &[(&str, &str)]) -> String {
    let mut s = t(lang, key).to_string();
    for (name, value) in args {
        s = s.replace(&format!("{{{name}}}"), value);
    }
    s
}

/// Whether a key exists (for optional texts such as per-code log events).
pub fn has(lang: Lang, key: &str) -> bool {
    lookup(lang, key).is_some()
}

/// Raw JSON of the text tables, for the parity test.
pub fn text_sources() -> impl Iterator<Item = (&'static str, &'static str, &'static str)> {
    SOURCES.iter().copied()
}

pub fn content_sources() -> impl Iterator<Item = (Lang, &'static str)> {
    CONTENT.iter().copied()
}
