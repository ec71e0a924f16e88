//! The case report (`export`, SPEC §6): facts, step states, notes, timeline and evidence as
//! Markdown, and the case file as JSON — both through the privacy guard. Which evidence files
//! exist is asked of the caller, who can see the disk.

use jiff::{Timestamp, tz::TimeZone};

use crate::assets::{content, t, tf};
use crate::domain::case::Case;
use crate::domain::privacy;
use crate::domain::sanitize::{clean, clean_line};
use crate::domain::time::short_local;
use crate::lang::Lang;

/// The Markdown report, guarded. `exists` says whether an evidence path is on disk.
pub fn markdown(
    case: &Case,
    lang: Lang,
    now: Timestamp,
    tz: &TimeZone,
    exists: &dyn Fn(&str) -> bool,
) -> String {
    let tr = |k: &str| t(lang, k).to_string();
    let none = tr("report.none");
    let or_none = |s: &str| {
        if s.trim().is_empty() {
            none.to_string()
        } else {
            clean_line(s.trim()).into_owned()
        }
    };
    let time = |ts: Option<Timestamp>| ts.map(|t| short_local(t, tz)).unwrap_or_default();
    // `状态：处理中` / `Status: open`: the colon of the report's language.
    let kv = |label: &str, value: &str| {
        tf(
            lang,
            "fmt.label_value",
            &[("label", label), ("value", value)],
        )
    };
    let f = &case.facts;
    let mut out = String::new();
    let title = clean_line(&case.display_title()).into_owned();
    out.push_str(&format!(
        "# {}\n\n",
        tf(lang, "report.title", &[("title", &title)])
    ));
    out.push_str(&format!("- {}\n", kv(&tr("report.case"), &case.id)));
    out.push_str(&format!(
        "- {} · {}\n",
        kv(
            &tr("show.status"),
            &tr(&format!("status.{}", case.status.as_str()))
        ),
        kv(&tr("show.progress"), &format!("{}/6", case.progress()))
    ));
    out.push_str(&format!(
        "- {} · {}\n\n",
        kv(&tr("report.created"), &short_local(case.created_at, tz)),
        kv(&tr("report.updated"), &short_local(case.updated_at, tz))
    ));

    out.push_str(&format!("## {}\n\n", tr("report.facts")));
    let amount = f
        .amount
        .as_deref()
        .map(|a| crate::messages::amount_words(lang, a, &f.currency))
        .unwrap_or_default();
    let cause = f
        .cause
        .and_then(|c| content(lang).knowledge.causes.get(&c))
        .map(|e| e.title.clone())
        .unwrap_or_default();
    let mut rows: Vec<(String, String)> = vec![
        (tr("facts.app"), f.app.clone()),
        (tr("facts.merchant"), f.merchant.clone()),
        (tr("facts.merchant_contact"), f.merchant_contact.clone()),
        (tr("facts.order_id"), f.order_id.clone()),
        (tr("facts.amount"), amount),
    ];
    for (i, p) in f.payments.iter().enumerate() {
        let when = p
            .time
            .map(|t| crate::domain::bill_facts::payment_time_text(t, &f.app, tz))
            .unwrap_or_default();
        let both = format!("{when}  {}", p.transaction_id.trim());
        rows.push((format!("{} {}", tr("facts.payment"), i + 1), both));
    }
    rows.extend([
        (tr("facts.payment_method"), f.payment_method.clone()),
        (tr("form.cause"), cause),
        (tr("form.your_name"), f.your_name.clone()),
        (tr("form.your_contact"), f.your_contact.clone()),
    ]);
    for (label, value) in rows {
        out.push_str(&format!("- {}\n", kv(&label, &or_none(&value))));
    }

    out.push_str(&format!("\n## {}\n\n", tr("report.steps")));
    let c = content(lang);
    for (i, s) in case.steps.iter().enumerate() {
        out.push_str(&format!(
            "{}. [{}] {}",
            i + 1,
            tr(&format!("step_status.{}", s.status.as_str())),
            c.steps[&s.key].title
        ));
        if let Some(d) = s.decision {
            out.push_str(&format!(
                " · {}",
                kv(
                    &tr("report.answer"),
                    &tr(&format!("report.answer.{}", d.as_str()))
                )
            ));
        }
        out.push('\n');
        if !s.notes.trim().is_empty() {
            for line in clean(s.notes.trim()).lines() {
                out.push_str(&format!("   > {line}\n"));
            }
        }
    }

    out.push_str(&format!("\n## {}\n\n", tr("report.refund")));
    for (key, ts) in [
        ("report.refund.requested", case.refund.requested_at),
        ("report.refund.due", case.refund.due_by),
        ("report.refund.received", case.refund.received_at),
    ] {
        out.push_str(&format!("- {}\n", kv(&tr(key), &or_none(&time(ts)))));
    }

    out.push_str(&format!("\n## {}\n\n", tr("report.timeline")));
    if case.log.is_empty() {
        out.push_str(&format!("- {none}\n"));
    }
    for e in case.timeline() {
        out.push_str(&format!(
            "- {}  {}\n",
            short_local(e.at, tz),
            crate::describe::log_line(lang, e)
        ));
    }

    out.push_str(&format!("\n## {}\n\n", tr("report.evidence")));
    if case.evidence.is_empty() {
        out.push_str(&format!("- {none}\n"));
    }
    for e in &case.evidence {
        let flag = if exists(&e.path) {
            String::new()
        } else {
            format!(" — **{}**", tr("report.evidence_missing"))
        };
        let path = format!("`{}`", clean_line(&e.path));
        out.push_str(&format!("- {}{flag}\n", kv(&or_none(&e.label), &path)));
    }
    let date: String = short_local(now, tz).chars().take(10).collect();
    out.push_str(&format!(
        "\n---\n{}\n",
        tf(lang, "report.footer", &[("date", &date)])
    ));
    privacy::guard(&out, &f.your_contact).text
}

/// The case file's content, guarded string by string (still valid JSON).
pub fn json(case: &Case) -> serde_json::Value {
    let mut v = serde_json::to_value(case).unwrap_or_default();
    privacy::guard_json(&mut v, &case.facts.your_contact);
    v
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::messages::testing::{full_case, now};

    #[test]
    fn the_report_has_every_section_and_flags_missing_evidence() {
        let mut case = full_case();
        case.steps[0].notes = "Both in the bill. 验证码 482913 was asked for".into();
        case.facts.payment_method = "4111 1111 1111 1111".into();
        let md = markdown(&case, Lang::En, now(), &TimeZone::UTC, &|_| false);
        for want in [
            "# Case report: Corner Coffee 38.50 CNY",
            "## Facts",
            "- Merchant: Corner Coffee",
            "## Steps",
            "   > Both in the bill.",
            "## Refund",
            "## Timeline (newest first)",
            "#M-7781",
            "## Evidence",
            "`/home/li/pics/both-charges.png` — **file not found**",
            "**** **** **** 1111",
        ] {
            assert!(md.contains(want), "{want} not in\n{md}");
        }
        assert!(!md.contains("482913"));
        assert!(!md.contains("4111 1111 1111 1111"));
        let found = markdown(&case, Lang::Zh, now(), &TimeZone::UTC, &|_| true);
        assert!(!found.contains("文件不存在"));
        assert!(found.contains("# 事项报告"));
        // The Chinese report joins labels and values with a full-width colon, and gives the
        // amount as people write it.
        let problems: Vec<String> = crate::glossary::typography_problems(&found)
            .into_iter()
            .filter(|p| p.starts_with("half-width"))
            .collect();
        assert!(problems.is_empty(), "{problems:?}\n{found}");
        assert!(found.contains("- 金额：38.50 元"), "{found}");
        assert!(md.contains("- Amount: CNY 38.50"), "{md}");
    }

    #[test]
    fn json_export_is_the_case_file_guarded() {
        let mut case = full_case();
        case.steps[2].notes = "password: hunter2".into();
        let v = json(&case);
        assert_eq!(v["steps"][2]["notes"], "password: ******");
        assert_eq!(v["facts"]["merchant"], "Corner Coffee");
        assert_eq!(v["schema"], 1);
    }
}
