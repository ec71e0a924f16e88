//! The words in `assets/` are data the program trusts at run time (`content()` panics on a
//! broken file), so every promise the code makes about them is checked here, in both
//! languages: shape, completeness, parity between `zh` and `en`, and what fits on screen.

use std::collections::{BTreeMap, BTreeSet};

use paytwice::assets::{Content, content, content_sources, text_sources};
use paytwice::domain::steps::{Cause, Misconception, StepKey, Tip};
use paytwice::lang::Lang;
use serde_json::Value;
use unicode_width::UnicodeWidthStr;

/// The build script's reader of the word tables, to test what it refuses (its `generate` runs
/// only in the build).
#[allow(dead_code)]
#[path = "../build/text_tables.rs"]
mod text_tables;

const LEGAL_KEYS: [&str; 4] = [
    "recovery_terms",
    "consumer_rights",
    "keep_records",
    "dispute_mechanisms",
];

const FAQ_KEYS: [&str; 6] = [
    "refund_time",
    "prevent_repeat",
    "support_ignores",
    "credit_impact",
    "unfinished_payment",
    "safety_features",
];

/// The step list is narrow: a short title may take this many terminal columns.
const SHORT_MAX_COLUMNS: usize = 14;

fn source(lang: Lang) -> &'static str {
    content_sources()
        .find(|(l, _)| *l == lang)
        .map(|(_, s)| s)
        .unwrap_or_else(|| panic!("no content file for {}", lang.code()))
}

fn parsed(lang: Lang) -> Content {
    serde_json::from_str(source(lang))
        .unwrap_or_else(|e| panic!("content.{}.json does not parse: {e}", lang.code()))
}

fn value(src: &str, name: &str) -> Value {
    serde_json::from_str(src).unwrap_or_else(|e| panic!("{name} is not JSON: {e}"))
}

/// The snake_case key an enum has in the JSON files.
fn key_of(k: impl serde::Serialize) -> String {
    match serde_json::to_value(k) {
        Ok(Value::String(s)) => s,
        other => panic!("not a string key: {other:?}"),
    }
}

fn fail_if_any(problems: Vec<String>) {
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// Every string in `v` that is empty or only whitespace, by its key path.
fn blank_strings(v: &Value, path: &str, out: &mut Vec<String>) {
    match v {
        Value::String(s) if s.trim().is_empty() => out.push(format!("{path} is empty")),
        Value::Object(m) => {
            for (k, child) in m {
                blank_strings(child, &format!("{path}.{k}"), out);
            }
        }
        Value::Array(a) => {
            for (i, child) in a.iter().enumerate() {
                blank_strings(child, &format!("{path}[{i}]"), out);
            }
        }
        _ => {}
    }
}

/// Every node of `v` as "path: kind", arrays by index, so two files with the same key
/// structure give the same set.
fn shape(v: &Value, path: &str, out: &mut BTreeSet<String>) {
    let kind = match v {
        Value::Null => "null",
        Value::Bool(_) => "bool",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    };
    out.insert(format!("{path}: {kind}"));
    match v {
        Value::Object(m) => {
            for (k, child) in m {
                shape(child, &format!("{path}.{k}"), out);
            }
        }
        Value::Array(a) => {
            for (i, child) in a.iter().enumerate() {
                shape(child, &format!("{path}[{i}]"), out);
            }
        }
        _ => {}
    }
}

/// What one side has and the other lacks, named by path.
fn shape_differences(zh: &Value, en: &Value) -> Vec<String> {
    let (mut a, mut b) = (BTreeSet::new(), BTreeSet::new());
    shape(zh, "$", &mut a);
    shape(en, "$", &mut b);
    let only_zh = a.difference(&b).map(|p| format!("only in zh: {p}"));
    let only_en = b.difference(&a).map(|p| format!("only in en: {p}"));
    only_zh.chain(only_en).collect()
}

/// Key and value problems of one flat text table pair.
fn table_differences(topic: &str, zh: &Value, en: &Value) -> Vec<String> {
    let mut out = vec![];
    let (Some(zh), Some(en)) = (zh.as_object(), en.as_object()) else {
        return vec![format!("text/{topic}: both files must be JSON objects")];
    };
    for (lang, this, other) in [("zh", zh, en), ("en", en, zh)] {
        for (k, v) in this {
            if !other.contains_key(k) {
                out.push(format!("text/{topic}: key {k} only in {lang}"));
            }
            match v.as_str() {
                Some(s) if !s.trim().is_empty() => {}
                _ => out.push(format!("text/{topic}.{lang}: {k} is empty or not text")),
            }
        }
    }
    out
}

#[test]
fn both_languages_are_embedded_and_parse() {
    let langs: Vec<Lang> = content_sources().map(|(l, _)| l).collect();
    assert_eq!(langs.len(), 2, "expected a zh and an en content file");
    for lang in Lang::ALL {
        parsed(lang);
        // The run-time path, which panics instead of reporting.
        assert_eq!(content(lang).steps.len(), StepKey::ALL.len());
    }
}

#[test]
fn every_step_has_its_texts_checklist_and_decision() {
    for lang in Lang::ALL {
        let c = parsed(lang);
        let code = lang.code();
        let mut problems = vec![];
        for key in StepKey::ALL {
            let step = key.as_str();
            let Some(s) = c.steps.get(&key) else {
                problems.push(format!("{code}: step {step} is missing"));
                continue;
            };
            let expected: BTreeSet<&str> = key.checklist().iter().copied().collect();
            let actual: BTreeSet<&str> = s.checklist.keys().map(String::as_str).collect();
            for k in expected.difference(&actual) {
                problems.push(format!("{code}: {step}.checklist.{k} is missing"));
            }
            for k in actual.difference(&expected) {
                problems.push(format!(
                    "{code}: {step}.checklist.{k} is not a checklist key"
                ));
            }
            for (k, label) in &s.checklist {
                if label.trim().is_empty() {
                    problems.push(format!("{code}: {step}.checklist.{k} is empty"));
                }
            }
            if s.decision.is_some() != key.has_decision() {
                problems.push(format!(
                    "{code}: {step}.decision must be {}",
                    if key.has_decision() {
                        "present"
                    } else {
                        "null"
                    }
                ));
            }
        }
        fail_if_any(problems);
    }
}

#[test]
fn guidance_is_a_few_short_paragraphs() {
    for lang in Lang::ALL {
        let c = parsed(lang);
        let mut problems = vec![];
        for (key, s) in &c.steps {
            let paragraphs: Vec<&str> = s.guidance.split("\n\n").collect();
            let where_ = format!("{}: {}.guidance", lang.code(), key.as_str());
            if !(2..=4).contains(&paragraphs.len()) {
                problems.push(format!("{where_} has {} paragraphs", paragraphs.len()));
            }
            for (i, p) in paragraphs.iter().enumerate() {
                if p.trim().is_empty() || p.contains('\n') || p.trim() != *p {
                    problems.push(format!(
                        "{where_} paragraph {i} is blank or has stray breaks"
                    ));
                }
            }
        }
        fail_if_any(problems);
    }
}

#[test]
fn knowledge_is_complete_and_in_the_same_order() {
    let mut orders = vec![];
    for lang in Lang::ALL {
        let k = parsed(lang).knowledge;
        let code = lang.code();
        let mut problems = vec![];
        for c in Cause::ALL {
            if !k.causes.contains_key(&c) {
                problems.push(format!(
                    "{code}: knowledge.causes.{} is missing",
                    c.as_str()
                ));
            }
        }
        for m in Misconception::ALL {
            if !k.misconceptions.contains_key(&m) {
                problems.push(format!(
                    "{code}: knowledge.misconceptions.{} is missing",
                    key_of(m)
                ));
            }
        }
        for t in Tip::ALL {
            if !k.prevention.contains_key(&t) {
                problems.push(format!(
                    "{code}: knowledge.prevention.{} is missing",
                    key_of(t)
                ));
            }
        }
        let legal: Vec<&str> = k.legal.iter().map(|e| e.key.as_str()).collect();
        if legal != LEGAL_KEYS {
            problems.push(format!("{code}: knowledge.legal keys are {legal:?}"));
        }
        let faq: Vec<&str> = k.faq.iter().map(|e| e.key.as_str()).collect();
        if faq != FAQ_KEYS {
            problems.push(format!("{code}: knowledge.faq keys are {faq:?}"));
        }
        fail_if_any(problems);
        let keys = |v: &[paytwice::assets::KeyedEntry]| -> Vec<String> {
            v.iter().map(|e| e.key.clone()).collect()
        };
        orders.push((keys(&k.legal), keys(&k.faq)));
    }
    assert_eq!(
        orders[0], orders[1],
        "zh and en list legal/faq in different orders"
    );
}

#[test]
fn no_text_is_empty() {
    for lang in Lang::ALL {
        let mut problems = vec![];
        let name = format!("content.{}.json", lang.code());
        blank_strings(&value(source(lang), &name), &name, &mut problems);
        fail_if_any(problems);
    }
}

#[test]
fn zh_and_en_content_have_the_same_keys() {
    let zh = value(source(Lang::Zh), "content.zh.json");
    let en = value(source(Lang::En), "content.en.json");
    fail_if_any(shape_differences(&zh, &en));
}

#[test]
fn text_tables_have_the_same_keys_and_no_empty_values() {
    let mut problems = vec![];
    let mut topics = 0;
    for (topic, zh, en) in text_sources() {
        topics += 1;
        let zh = value(zh, &format!("text/{topic}.zh.json"));
        let en = value(en, &format!("text/{topic}.en.json"));
        problems.extend(table_differences(topic, &zh, &en));
    }
    assert!(topics > 0, "no text tables are embedded");
    fail_if_any(problems);
}

/// The build reads each word table entry by entry: a key written twice in one file stops it
/// (a JSON map would silently keep only the later text), as does anything but flat texts.
#[test]
fn the_build_refuses_a_key_written_twice_or_a_nested_table() {
    let twice = text_tables::parse_table(r#"{"a": "one", "b": "two", "a": "three"}"#);
    assert!(twice.unwrap_err().contains("\"a\" is written twice"));
    assert!(text_tables::parse_table(r#"{"a": {"b": "c"}}"#).is_err());
    assert!(text_tables::parse_table(r#"{"a": "one"} {"#).is_err());
    let table = text_tables::parse_table(r#"{"b": "two", "a": "one"}"#).unwrap();
    assert_eq!(
        table.into_iter().collect::<Vec<_>>(),
        [
            ("a".to_string(), "one".to_string()),
            ("b".to_string(), "two".to_string())
        ]
    );
    for (topic, zh, en) in text_sources() {
        for (lang, src) in [("zh", zh), ("en", en)] {
            let parsed = text_tables::parse_table(src);
            assert!(parsed.is_ok(), "{topic}.{lang}.json: {parsed:?}");
        }
    }
}

/// The tables `build.rs` generates answer every key of every source file with its text (they
/// are searched by binary search, so this also proves them sorted).
#[test]
fn every_text_is_found_by_its_key() {
    let mut problems = vec![];
    for (topic, zh, en) in text_sources() {
        for (lang, src) in [(Lang::Zh, zh), (Lang::En, en)] {
            let table: BTreeMap<String, String> = serde_json::from_str(src).expect("flat table");
            for (key, text) in table {
                if !paytwice::assets::has(lang, &key) || paytwice::assets::t(lang, &key) != text {
                    problems.push(format!("{topic}.{}.json: {key} not found", lang.code()));
                }
            }
        }
    }
    assert!(!paytwice::assets::has(Lang::En, "no.such.key"));
    fail_if_any(problems);
}

#[test]
fn short_titles_fit_the_step_list() {
    for lang in Lang::ALL {
        let c = parsed(lang);
        let mut problems = vec![];
        for (key, s) in &c.steps {
            let cols = s.short.width();
            if cols > SHORT_MAX_COLUMNS {
                problems.push(format!(
                    "{}: {}.short \"{}\" is {cols} columns (max {SHORT_MAX_COLUMNS})",
                    lang.code(),
                    key.as_str(),
                    s.short
                ));
            }
        }
        fail_if_any(problems);
    }
}

/// The article's "IM" is only the default app name; the words stay generic.
#[test]
fn texts_name_the_app_generically() {
    for lang in Lang::ALL {
        let name = format!("content.{}.json", lang.code());
        let mut strings = vec![];
        collect_strings(&value(source(lang), &name), &name, &mut strings);
        let problems: Vec<String> = strings
            .into_iter()
            .filter(|(_, s)| mentions_im(s))
            .map(|(path, _)| format!("{path} calls the app \"IM\""))
            .collect();
        fail_if_any(problems);
    }
}

fn collect_strings(v: &Value, path: &str, out: &mut Vec<(String, String)>) {
    match v {
        Value::String(s) => out.push((path.to_string(), s.clone())),
        Value::Object(m) => {
            for (k, child) in m {
                collect_strings(child, &format!("{path}.{k}"), out);
            }
        }
        Value::Array(a) => {
            for (i, child) in a.iter().enumerate() {
                collect_strings(child, &format!("{path}[{i}]"), out);
            }
        }
        _ => {}
    }
}

fn mentions_im(s: &str) -> bool {
    // Citing the article by its title is naming a source, not calling the app "IM".
    let s = &s.replace("如何处理IM付款二次问题？解决方案与步骤", "");
    let b = s.as_bytes();
    s.match_indices("IM").any(|(i, _)| {
        let before = i.checked_sub(1).map(|j| b[j]);
        let after = b.get(i + 2).copied();
        !before.is_some_and(|c| c.is_ascii_alphanumeric())
            && !after.is_some_and(|c| c.is_ascii_alphanumeric())
    })
}

/// The checks above must be able to fail: feed them broken data.
#[test]
fn the_checks_catch_broken_words() {
    let zh: Value = serde_json::json!({"a": {"b": " ", "c": ["x", ""]}, "d": null});
    let en: Value = serde_json::json!({"a": {"b": "x", "c": ["x"]}, "d": {"e": "x"}});
    let mut blanks = vec![];
    blank_strings(&zh, "$", &mut blanks);
    assert_eq!(blanks, ["$.a.b is empty", "$.a.c[1] is empty"]);
    let diffs = shape_differences(&zh, &en).join("\n");
    assert!(diffs.contains("only in zh: $.a.c[1]"), "{diffs}");
    assert!(diffs.contains("only in zh: $.d: null"), "{diffs}");
    assert!(diffs.contains("only in en: $.d.e"), "{diffs}");
    let t = table_differences(
        "ui",
        &serde_json::json!({"k": "", "z": "z"}),
        &serde_json::json!({"k": "k"}),
    );
    assert!(
        t.contains(&"text/ui: key z only in zh".to_string()),
        "{t:?}"
    );
    assert!(
        t.contains(&"text/ui.zh: k is empty or not text".to_string()),
        "{t:?}"
    );
    assert!(mentions_im("在IM里付款") && mentions_im("the IM app"));
    assert!(!mentions_im("IMPORTANT TIME"));
}
