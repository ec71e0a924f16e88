//! Measuring the scam check on a labelled corpus (issue 12): one JSON object a line with
//! `lang`, `label` (`scam-refund`, `scam-other`, `genuine`), `text` and an `id`, the format of
//! `../shared/corpus/scam/dev.jsonl`. Used by `examples/scam_eval.rs` and by a test that runs
//! over that corpus when it is there; no file system here, the caller hands in the lines.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use serde::Deserialize;

use super::check;

#[derive(Debug, Deserialize)]
struct Item {
    #[serde(default)]
    id: String,
    lang: String,
    label: String,
    text: String,
}

/// Counts for one language: of each label, how many messages and how many were flagged.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Counts {
    pub refund: (usize, usize),
    pub other: (usize, usize),
    pub genuine: (usize, usize),
}

impl Counts {
    pub fn refund_recall(&self) -> f64 {
        ratio(self.refund)
    }
    pub fn other_recall(&self) -> f64 {
        ratio(self.other)
    }
    pub fn false_alarm_rate(&self) -> f64 {
        ratio(self.genuine)
    }
}

fn ratio((total, flagged): (usize, usize)) -> f64 {
    if total == 0 {
        0.0
    } else {
        flagged as f64 / total as f64
    }
}

/// The result of a run: counts per language, and every miss and false alarm with its id,
/// its flags and the start of its text.
#[derive(Debug, Default)]
pub struct Report {
    pub by_lang: BTreeMap<String, Counts>,
    pub misses: Vec<String>,
    pub false_alarms: Vec<String>,
    /// Lines that were not a corpus item (with their line numbers).
    pub unreadable: Vec<usize>,
}

/// Runs the check over every line of a corpus.
pub fn evaluate<'a>(lines: impl IntoIterator<Item = &'a str>) -> Report {
    evaluate_disguised(lines, |t| t.to_string())
}

/// The same, with every message first passed through `disguise` (the form tricks a scammer
/// uses: Traditional characters, invisible characters inside words): the figures should not
/// move.
pub fn evaluate_disguised<'a>(
    lines: impl IntoIterator<Item = &'a str>,
    disguise: impl Fn(&str) -> String,
) -> Report {
    let mut report = Report::default();
    for (n, line) in lines.into_iter().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let Ok(item) = serde_json::from_str::<Item>(line) else {
            report.unreadable.push(n + 1);
            continue;
        };
        let flags = check(&disguise(&item.text));
        let flagged = !flags.is_empty();
        let counts = report.by_lang.entry(item.lang.clone()).or_default();
        let slot = match item.label.as_str() {
            "scam-refund" => &mut counts.refund,
            "scam-other" => &mut counts.other,
            "genuine" => &mut counts.genuine,
            _ => {
                report.unreadable.push(n + 1);
                continue;
            }
        };
        slot.0 += 1;
        slot.1 += usize::from(flagged);
        let kinds: Vec<&str> = flags.iter().map(|f| f.kind.as_str()).collect();
        let head: String = item
            .text
            .chars()
            .take(90)
            .collect::<String>()
            .replace('\n', " ⏎ ");
        let row = format!("{} [{}] {}  {}", item.id, item.label, kinds.join(","), head);
        if item.label == "genuine" && flagged {
            report.false_alarms.push(row);
        } else if item.label != "genuine" && !flagged {
            report.misses.push(row);
        }
    }
    report
}

impl Report {
    /// The figures as the README's table shows them, then every miss and false alarm.
    pub fn render(&self) -> String {
        let mut out = String::new();
        let pct = |(total, n): (usize, usize)| {
            format!("{:5.1}% ({n}/{total})", 100.0 * ratio((total, n)))
        };
        let _ = writeln!(
            out,
            "lang  scam-refund recall   scam-other recall    false alarms (genuine)"
        );
        for (lang, c) in &self.by_lang {
            let _ = writeln!(
                out,
                "{lang:<5} {:<20} {:<20} {}",
                pct(c.refund),
                pct(c.other),
                pct(c.genuine)
            );
        }
        for (title, rows) in [
            ("misses", &self.misses),
            ("false alarms", &self.false_alarms),
        ] {
            let _ = writeln!(out, "\n{title} ({}):", rows.len());
            for r in rows {
                let _ = writeln!(out, "  {r}");
            }
        }
        if !self.unreadable.is_empty() {
            let _ = writeln!(
                out,
                "\nlines not read as corpus items: {:?}",
                self.unreadable
            );
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_each_label_per_language_and_lists_misses_and_false_alarms() {
        let lines = [
            r#"{"id":"a","lang":"zh","label":"scam-refund","text":"请把手机收到的验证码告诉我，马上给您退款"}"#,
            r#"{"id":"b","lang":"zh","label":"scam-refund","text":"您好"}"#,
            r#"{"id":"c","lang":"en","label":"genuine","text":"Your refund has been issued."}"#,
            r#"{"id":"d","lang":"en","label":"genuine","text":"Tell me the verification code we just sent you"}"#,
            "not json",
            r#"{"id":"e","lang":"en","label":"mystery","text":"x"}"#,
        ];
        let r = evaluate(lines);
        assert_eq!(r.by_lang["zh"].refund, (2, 1));
        assert_eq!(r.by_lang["en"].genuine, (2, 1));
        assert_eq!(r.misses.len(), 1);
        assert!(r.misses[0].starts_with("b [scam-refund]"));
        assert_eq!(r.false_alarms.len(), 1);
        assert!(r.false_alarms[0].starts_with("d [genuine] verification_code"));
        assert_eq!(r.unreadable, [5, 6]);
        let text = r.render();
        assert!(text.contains(" 50.0% (1/2)"), "{text}");
    }

    #[test]
    fn a_disguise_is_applied_before_the_check() {
        let lines = [r#"{"id":"a","lang":"zh","label":"genuine","text":"您好"}"#];
        let r = evaluate_disguised(lines, |_| "请把验证码发给我".to_string());
        assert_eq!(r.by_lang["zh"].genuine, (1, 1));
    }
}
