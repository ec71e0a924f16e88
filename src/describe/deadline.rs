//! A deadline in words: its name, "in N days" / "due today" / "overdue by N days", and the
//! short badge of the case list. Shared by the CLI and the TUI.

use crate::assets::{t, tf};
use crate::domain::deadlines::Deadline;
use crate::lang::Lang;

/// What the deadline is ("Refund due"); an unknown kind shows as its code.
pub fn label(lang: Lang, d: &Deadline) -> &'static str {
    t(lang, &format!("deadline.kind.{}", d.kind))
}

/// Where the rule comes from, in the user's language. `assets/deadlines.json` keeps the
/// citation itself (what `show --json` prints); the words for the screen are in the text
/// files, falling back to the citation for a rule that has none.
pub fn source(lang: Lang, d: &Deadline) -> String {
    let key = format!("deadline.source.{}", d.kind);
    if crate::assets::has(lang, &key) {
        t(lang, &key).to_string()
    } else {
        d.source.clone()
    }
}

/// "in 3 days", "due today", "overdue since earlier today", "overdue by 2 days": past the due
/// time it is overdue, also on the due day. A count that needed a year's Chinese holidays the
/// data does not have says so.
pub fn when(lang: Lang, d: &Deadline) -> String {
    let mut s = days(lang, d);
    if let Some(year) = d.holidays_unknown {
        let year = year.to_string();
        s.push_str(&tf(lang, "deadline.holidays_unknown", &[("year", &year)]));
        if let Some(problem) = crate::assets::user_holidays_problem() {
            s.push_str(&tf(
                lang,
                "deadline.holidays_file_bad",
                &[("problem", problem)],
            ));
        }
    }
    s
}

fn days(lang: Lang, d: &Deadline) -> String {
    let n = d.days_left.unsigned_abs().to_string();
    match d.days_left {
        0 if d.past => t(lang, "deadline.overdue_today").to_string(),
        0 => t(lang, "deadline.due_today").to_string(),
        1 => t(lang, "deadline.in_day").to_string(),
        -1 => t(lang, "deadline.overdue_day").to_string(),
        x if x > 0 => tf(lang, "deadline.in_days", &[("n", &n)]),
        _ => tf(lang, "deadline.overdue_days", &[("n", &n)]),
    }
}

/// The list badge: "! overdue 3d", "! overdue today", "! due today", "due in 2d". Overdue and
/// today start with `!`, so they read without colour.
pub fn badge(lang: Lang, d: &Deadline) -> String {
    let n = d.days_left.unsigned_abs().to_string();
    match d.days_left {
        0 if d.past => t(lang, "deadline.badge.overdue_today").to_string(),
        0 => t(lang, "deadline.badge.today").to_string(),
        x if x > 0 => tf(lang, "deadline.badge.in", &[("n", &n)]),
        _ => tf(lang, "deadline.badge.overdue", &[("n", &n)]),
    }
}

/// The badge with what is due, for a case header too narrow for the label and `when`:
/// "Refund due in 4d", "! Refund overdue 2d".
pub fn headline(lang: Lang, d: &Deadline) -> String {
    let what = t(lang, &format!("deadline.short.{}", d.kind));
    let n = d.days_left.unsigned_abs().to_string();
    let args = [("what", what), ("n", n.as_str())];
    match d.days_left {
        0 if d.past => tf(lang, "deadline.head.overdue_today", &args),
        0 => tf(lang, "deadline.head.today", &args),
        x if x > 0 => tf(lang, "deadline.head.in", &args),
        _ => tf(lang, "deadline.head.overdue", &args),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(days_left: i64) -> Deadline {
        Deadline {
            kind: "refund_due".into(),
            due: jiff::Timestamp::UNIX_EPOCH,
            days_left,
            past: days_left < 0,
            holidays_unknown: None,
            background: false,
            source: String::new(),
        }
    }

    #[test]
    fn every_rule_names_its_source_in_both_languages() {
        for rule in &crate::assets::deadline_rules().rules {
            for lang in [Lang::Zh, Lang::En] {
                let key = format!("deadline.source.{}", rule.kind);
                assert!(crate::assets::has(lang, &key), "{key} in {lang:?}");
            }
        }
        let mut x = d(1);
        x.kind = "no_such_rule".into();
        x.source = "a citation".into();
        assert_eq!(source(Lang::Zh, &x), "a citation");
        assert!(source(Lang::Zh, &d(1)).contains("3 到 5 个工作日"));
        // paytwice's own advice says it is; the article is named by its plain title.
        let mut m = d(1);
        m.kind = "merchant_answer".into();
        assert!(source(Lang::En, &m).starts_with("paytwice's own suggestion"));
        assert!(source(Lang::Zh, &m).starts_with("这是 paytwice 自己的建议"));
        for lang in [Lang::Zh, Lang::En] {
            let s = source(lang, &d(1));
            assert!(s.contains("如何处理IM付款二次问题？解决方案与步骤"), "{s}");
            assert!(!s.contains("jiaoti"), "{s}");
        }
    }

    #[test]
    fn words_for_each_side_of_today() {
        let en = Lang::En;
        assert_eq!(when(en, &d(3)), "in 3 days");
        assert_eq!(when(en, &d(1)), "in 1 day");
        assert_eq!(when(en, &d(0)), "due today");
        assert_eq!(when(en, &d(-1)), "overdue by 1 day");
        assert_eq!(when(en, &d(-4)), "overdue by 4 days");
        assert_eq!(badge(en, &d(-3)), "! overdue 3d");
        assert_eq!(badge(en, &d(0)), "! due today");
        assert_eq!(badge(en, &d(2)), "due in 2d");
        assert_eq!(label(en, &d(2)), "Refund due");
        assert_eq!(when(Lang::Zh, &d(-4)), "已逾期 4 天");
        assert_eq!(when(Lang::Zh, &d(1)), "还有 1 天");
    }

    #[test]
    fn past_the_due_time_is_overdue_on_the_due_day_too() {
        let mut x = d(0);
        x.past = true;
        assert_eq!(when(Lang::En, &x), "overdue since earlier today");
        assert_eq!(badge(Lang::En, &x), "! overdue today");
        assert_eq!(when(Lang::Zh, &x), "今天已逾期");
        assert_eq!(headline(Lang::En, &x), "! Refund overdue today");
        assert_eq!(headline(Lang::En, &d(4)), "Refund due in 4d");
        assert_eq!(headline(Lang::En, &d(-2)), "! Refund overdue 2d");
        assert_eq!(headline(Lang::Zh, &d(4)), "退款 4 天后到期");
    }

    #[test]
    fn every_rule_has_a_short_name_in_both_languages() {
        for rule in &crate::assets::deadline_rules().rules {
            for lang in [Lang::Zh, Lang::En] {
                let key = format!("deadline.short.{}", rule.kind);
                assert!(crate::assets::has(lang, &key), "{key} in {lang:?}");
            }
        }
    }

    #[test]
    fn a_year_without_holidays_is_said() {
        let mut x = d(3);
        x.holidays_unknown = Some(2027);
        assert_eq!(
            when(Lang::En, &x),
            "in 3 days (holidays of 2027 not known yet)"
        );
        assert_eq!(
            when(Lang::Zh, &x),
            "还有 3 天（尚不知道 2027 年的节假日安排）"
        );
    }
}
