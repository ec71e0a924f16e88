//! Every template in every language: filled when the facts are there, visible placeholders
//! when they are not, no secret in clear, no template syntax left.

use jiff::tz::TimeZone;

use super::testing::{full_case, now};
use super::*;
use crate::domain::case::{Case, LogEntry};
use crate::domain::facts::Facts;

fn all() -> impl Iterator<Item = (Recipient, Lang)> {
    Recipient::ALL
        .into_iter()
        .flat_map(|r| Lang::ALL.into_iter().map(move |l| (r, l)))
}

fn compose_utc(case: &Case, to: Recipient, lang: Lang) -> Message {
    compose(case, to, lang, now(), &TimeZone::UTC, None)
}

fn placeholders(lang: Lang) -> Vec<&'static str> {
    NEEDED
        .iter()
        .chain(REFUND.iter())
        .map(|k| t(lang, &format!("msg.ph.{k}")))
        .collect()
}

#[test]
fn every_template_fills_every_fact() {
    let case = full_case();
    for (to, lang) in all() {
        let m = compose_utc(&case, to, lang);
        let where_ = format!("{} {}", to.as_str(), lang.code());
        assert!(m.missing.is_empty(), "{where_}: {:?}", m.missing);
        assert!(m.override_error.is_none(), "{where_}");
        for ph in placeholders(lang) {
            assert!(!m.text.contains(ph), "{where_}: {ph} left in\n{}", m.text);
        }
        let amount = if lang == Lang::Zh {
            "38.50 元"
        } else {
            "CNY 38.50"
        };
        let card = if lang == Lang::Zh {
            "bank card 尾号 1111"
        } else {
            "bank card ending 1111"
        };
        for fact in [
            "Corner Coffee",
            "CC20261120-0042",
            amount,
            card,
            "Li Ming",
            "13800001111",
        ] {
            assert!(
                m.text.contains(fact),
                "{where_}: {fact} missing\n{}",
                m.text
            );
        }
        // The second charge is the one to refund; every template names it with its time.
        assert!(m.text.contains("4200001234202611201234567891"), "{where_}");
        // A WeChat Pay charge: its time as the app shows it (China time), the zone named
        // because the user's clock (UTC here) differs.
        assert!(m.text.contains("2026-11-20 12:46:03 (UTC+8)"), "{where_}");
        if to != Recipient::Followup {
            assert!(m.text.contains("4200001234202611201234567890"), "{where_}");
            let evidence = match lang {
                Lang::Zh => "Both charges（both-charges.png）",
                Lang::En => "Both charges (both-charges.png)",
            };
            assert!(m.text.contains(evidence), "{where_}");
            assert!(!m.text.contains("/home/li"), "{where_}: full path leaked");
        }
        assert!(
            m.text.contains("M-7781"),
            "{where_}: what was tried is missing"
        );
    }
}

#[test]
fn followup_names_request_and_due_dates() {
    let case = full_case();
    for lang in Lang::ALL {
        let m = compose_utc(&case, Recipient::Followup, lang);
        // Requested Sat 2026-11-21 → counted from Monday, due 5 business days later.
        assert!(m.text.contains("2026-11-21"), "{}", m.text);
        assert!(m.text.contains("2026-11-30"), "{}", m.text);
    }
    let late = compose(
        &case,
        Recipient::Followup,
        Lang::En,
        "2026-12-03T10:00:00Z".parse().unwrap(),
        &TimeZone::UTC,
        None,
    );
    assert!(late.text.contains("3 days overdue"), "{}", late.text);
}

#[test]
fn complaint_carries_the_timeline() {
    let case = full_case();
    let m = compose_utc(&case, Recipient::Complaint, Lang::En);
    assert!(m.text.contains("Refund requested"), "{}", m.text);
    assert!(m.text.contains("2026-11-21 02:00"), "{}", m.text);
}

#[test]
fn missing_facts_show_placeholders_and_are_listed() {
    let case = Case::new("c1".into(), Facts::default(), now());
    for (to, lang) in all() {
        let m = compose_utc(&case, to, lang);
        let where_ = format!("{} {}", to.as_str(), lang.code());
        assert!(
            m.text.contains(t(lang, "msg.ph.amount")),
            "{where_}\n{}",
            m.text
        );
        assert!(m.text.contains(t(lang, "msg.ph.p2_id")), "{where_}");
        assert!(
            m.missing.contains(&t(lang, "form.amount").to_string()),
            "{where_}"
        );
        assert_eq!(
            m.missing.len(),
            match to {
                Recipient::Followup | Recipient::Complaint => 12,
                _ => 10,
            },
            "{where_}: {:?}",
            m.missing
        );
    }
    assert!(
        compose_utc(&case, Recipient::Merchant, Lang::Zh)
            .text
            .contains("[金额]")
    );
    assert!(
        compose_utc(&case, Recipient::Merchant, Lang::En)
            .text
            .contains("[amount]")
    );
}

#[test]
fn no_secret_reaches_a_message_in_clear() {
    let mut case = full_case();
    case.facts.payment_method = "Visa 4111 1111 1111 1111".into();
    case.steps[1].notes = "客服让我报验证码 482913，我没给".into();
    case.log.push(LogEntry {
        text: "agent asked for code 557213 and my password: hunter2, card 6222021234567890128"
            .into(),
        ..case.log[0].clone()
    });
    for (to, lang) in all() {
        let m = compose_utc(&case, to, lang);
        let where_ = format!("{} {}", to.as_str(), lang.code());
        for secret in [
            "4111 1111 1111 1111",
            "482913",
            "557213",
            "hunter2",
            "6222021234567890128",
        ] {
            assert!(
                !m.text.contains(secret),
                "{where_}: {secret} in clear\n{}",
                m.text
            );
        }
        let card = if lang == Lang::Zh {
            "Visa 尾号 1111"
        } else {
            "Visa card ending 1111"
        };
        assert!(m.text.contains(card), "{where_}\n{}", m.text);
        // The note with a code is warned about even though it is never copied.
        let step = &crate::assets::content(lang).steps[&StepKey::ContactMerchant].title;
        assert!(
            m.warnings.iter().any(|w| w.contains(step.as_str())),
            "{where_}"
        );
        assert!(
            m.findings.iter().any(|f| f.kind == FindingKind::CardNumber),
            "{where_}"
        );
        if to != Recipient::Followup {
            assert!(
                m.findings.iter().any(|f| f.kind == FindingKind::Secret),
                "{where_}"
            );
        }
    }
}

#[test]
fn no_template_syntax_is_left_unrendered() {
    for case in [full_case(), Case::new("c".into(), Facts::default(), now())] {
        for (to, lang) in all() {
            let m = compose_utc(&case, to, lang);
            for syntax in ["{{", "}}", "{%", "%}", "{#"] {
                assert!(
                    !m.text.contains(syntax),
                    "{} {}: {syntax}\n{}",
                    to.as_str(),
                    lang.code(),
                    m.text
                );
            }
            assert!(!m.text.contains("\n\n\n"));
        }
    }
}

#[test]
fn the_users_own_contact_stays_but_other_phones_are_masked() {
    let mut case = full_case();
    case.log[0].text = "they said call 13912345678".into();
    let m = compose_utc(&case, Recipient::Merchant, Lang::En);
    assert!(m.text.contains("13800001111"));
    assert!(m.text.contains("*******5678"));
    assert!(!m.text.contains("13912345678"));
}

#[test]
fn a_user_override_is_used_and_a_broken_one_is_reported() {
    let case = full_case();
    let good = Override {
        file: "/cfg/paytwice/templates/merchant.en.j2".into(),
        source: "Refund {{ amount }} for {{ order_id }} please.".into(),
    };
    let m = compose(
        &case,
        Recipient::Merchant,
        Lang::En,
        now(),
        &TimeZone::UTC,
        Some(&good),
    );
    assert_eq!(m.text, "Refund CNY 38.50 for CC20261120-0042 please.\n");
    let bad = Override {
        source: "Hello\n{{ amount }\n".into(),
        ..good
    };
    let m = compose(
        &case,
        Recipient::Merchant,
        Lang::En,
        now(),
        &TimeZone::UTC,
        Some(&bad),
    );
    assert!(m.text.contains("Corner Coffee"), "built-in used");
    let e = m.override_error.clone().expect("reported");
    assert_eq!(e.line, Some(2));
    assert!(
        m.warnings[0].contains("/cfg/paytwice/templates/merchant.en.j2:2"),
        "{:?}",
        m.warnings
    );
}

#[test]
fn every_word_these_messages_use_exists_in_both_languages() {
    let mut keys: Vec<String> = NEEDED
        .iter()
        .chain(REFUND.iter())
        .map(|k| format!("msg.ph.{k}"))
        .collect();
    keys.extend(NEEDED.iter().map(|k| format!("form.{k}")));
    keys.extend(REFUND.iter().map(|k| format!("msg.missing.{k}")));
    for kind in [
        FindingKind::Secret,
        FindingKind::CardNumber,
        FindingKind::IdNumber,
        FindingKind::Phone,
    ] {
        keys.push(format!("msg.warn.{}", kind.as_str()));
    }
    keys.extend(
        Recipient::ALL
            .iter()
            .map(|r| format!("tpl.to.{}", r.as_str())),
    );
    keys.extend(Lang::ALL.iter().map(|l| format!("tpl.lang.{}", l.code())));
    for who in ["merchant", "service", "other"] {
        keys.push(format!("logform.who.{who}"));
    }
    for lang in Lang::ALL {
        for k in &keys {
            assert!(crate::assets::has(lang, k), "{} lacks {k}", lang.code());
        }
    }
}

#[test]
fn chinese_messages_read_as_chinese() {
    use super::testing::full_case_zh;
    let mut other = full_case_zh();
    other.log[0].with = "other".into();
    other.log[0].channel = "微信支付".into();
    let late = "2026-12-03T10:00:00Z".parse().unwrap();
    for case in [
        full_case_zh(),
        other,
        Case::new("c".into(), Facts::default(), now()),
    ] {
        for to in Recipient::ALL {
            for now in [now(), late] {
                let m = compose(&case, to, Lang::Zh, now, &TimeZone::UTC, None);
                let problems = crate::glossary::typography_problems(&m.text);
                assert!(
                    problems.is_empty(),
                    "{}: {problems:?}\n{}",
                    to.as_str(),
                    m.text
                );
                for leak in ["CNY", "WeChat", "其他（", "#M-", "****", "主题：主题"] {
                    assert!(
                        !m.text.contains(leak),
                        "{}: {leak}\n{}",
                        to.as_str(),
                        m.text
                    );
                }
            }
        }
    }
    let m = compose_utc(&full_case_zh(), Recipient::Merchant, Lang::Zh);
    for want in [
        "38.50 元",
        "通过微信支付",
        "街角咖啡客服您好",
        "储蓄卡尾号 0128",
    ] {
        assert!(m.text.contains(want), "{want}\n{}", m.text);
    }
    // A reminder says "overdue" only once the refund is.
    let on_time = compose_utc(&full_case_zh(), Recipient::Followup, Lang::Zh);
    assert!(!on_time.text.contains("逾期"), "{}", on_time.text);
    let m = compose(
        &full_case_zh(),
        Recipient::Followup,
        Lang::Zh,
        late,
        &TimeZone::UTC,
        None,
    );
    assert!(m.text.contains("逾期3天"), "{}", m.text);
}

/// The case in each state a message follows, with the time to write at.
fn in_state(base: &Case, state: State) -> (Case, Timestamp) {
    use crate::domain::case::{Decision, Refund};
    let mut c = base.clone();
    let late = "2026-12-03T10:00:00Z".parse().unwrap();
    match state {
        State::Open => c.refund = Refund::default(),
        State::Confirmed => {
            c.refund = Refund::default();
            let i = c
                .steps
                .iter()
                .position(|s| s.key == StepKey::ContactMerchant);
            c.steps[i.unwrap()].decision = Some(Decision::Yes);
        }
        State::Promised => {}
        State::Overdue => return (c, late),
        State::Resolved => c.refund.received_at = Some("2026-11-24T03:00:00Z".parse().unwrap()),
    }
    (c, now())
}

const STATES: [State; 5] = [
    State::Open,
    State::Confirmed,
    State::Promised,
    State::Overdue,
    State::Resolved,
];

/// The case in every state, in each language (the Chinese one as a Chinese user writes it).
fn cases_in_every_state() -> Vec<(State, Lang, Case, Timestamp)> {
    let mut out = vec![];
    for state in STATES {
        for lang in Lang::ALL {
            let base = match lang {
                Lang::Zh => super::testing::full_case_zh(),
                Lang::En => full_case(),
            };
            let (case, at) = in_state(&base, state);
            out.push((state, lang, case, at));
        }
    }
    out
}

fn han_count(s: &str) -> usize {
    s.chars().filter(|c| crate::glossary::is_han(*c)).count()
}

#[test]
fn messages_follow_the_case_in_both_lengths() {
    for (state, lang, case, at) in cases_in_every_state() {
        assert_eq!(State::of(&case, at), state);
        for to in Recipient::ALL {
            for length in Length::ALL {
                let m = compose_at(&case, to, length, lang, at, &TimeZone::UTC, None);
                let w = format!("{state:?} {} {lang:?} {length:?}", to.as_str());
                let text = &m.text;
                assert_eq!(m.confirmation, state == State::Resolved, "{w}");
                if length == Length::Short {
                    assert!(!text.contains("主题") && !text.contains("Subject"), "{w}");
                    match lang {
                        Lang::Zh => assert!(han_count(text) <= 200, "{w}: {}", han_count(text)),
                        Lang::En => {
                            let words = text.split_whitespace().count();
                            assert!(words <= 80, "{w}: {words} words\n{text}");
                        }
                    }
                }
                let overdue = ["逾期", "overdue"];
                let says_overdue = overdue.iter().any(|o| text.contains(o));
                // "Overdue" only once it is; the follow-up says so then.
                assert!(!says_overdue || state == State::Overdue, "{w}\n{text}");
                if state == State::Overdue && to == Recipient::Followup {
                    assert!(says_overdue, "{w}\n{text}");
                }
                if state == State::Resolved {
                    for not in [
                        "请求市场监管",
                        "Please take up",
                        "Please dispute",
                        "refund the second",
                        "退回第二笔",
                    ] {
                        assert!(!text.contains(not), "{w}: {not}\n{text}");
                    }
                    assert!(text.contains("2026-11-24"), "{w}: the date it arrived");
                }
                if state == State::Confirmed && to == Recipient::Merchant {
                    assert!(
                        text.contains("感谢您确认")
                            || text.to_lowercase().contains("thank you for confirming"),
                        "{w}"
                    );
                }
            }
        }
    }
}

#[test]
fn the_chinese_complaint_carries_what_12315_asks_for() {
    use super::testing::full_case_zh;
    let m = compose_utc(&full_case_zh(), Recipient::Complaint, Lang::Zh);
    for field in [
        "投诉人：李明",
        "联系电话：13800001111",
        "通讯地址：上海市徐汇区花园路12号",
        "被投诉人：街角咖啡",
        "地址：上海市静安区南京西路88号",
        "投诉事实：",
        "投诉请求：",
        "组织调解，督促商家",
        "证据：",
        "两笔扣款截图",
    ] {
        assert!(m.text.contains(field), "{field}\n{}", m.text);
    }
    // It asks the regulator to press the merchant, not to pay the money back itself.
    assert!(!m.text.contains("恳请贵方"), "{}", m.text);
    // Without addresses: placeholders, and both are listed as missing.
    let mut bare = full_case_zh();
    bare.facts.extra.clear();
    let m = compose_utc(&bare, Recipient::Complaint, Lang::Zh);
    assert!(m.text.contains("通讯地址：[你的通讯地址]"), "{}", m.text);
    assert!(m.text.contains("地址：[商家地址]"), "{}", m.text);
    assert_eq!(m.missing.len(), 2, "{:?}", m.missing);
    // Nothing logged yet: no "after the contact above".
    let mut quiet = Case::new("q".into(), full_case_zh().facts, now());
    quiet.log.clear();
    let m = compose_utc(&quiet, Recipient::Complaint, Lang::Zh);
    assert!(
        !m.text.contains("处理经过") && !m.text.contains("经过上述"),
        "{}",
        m.text
    );
}

#[test]
fn every_message_snapshot() {
    for (state, lang, case, at) in cases_in_every_state() {
        for length in Length::ALL {
            let mut all = String::new();
            for to in Recipient::ALL {
                let m = compose_at(&case, to, length, lang, at, &TimeZone::UTC, None);
                all.push_str(&format!("===== {} =====\n{}\n", to.as_str(), m.text));
            }
            let name = format!("{}_{}_{}", state.as_str(), lang.code(), length.as_str());
            insta::assert_snapshot!(name, all);
        }
    }
}

#[test]
fn a_users_override_is_their_message_at_both_lengths_until_the_refund_arrives() {
    let o = Override {
        file: "followup.en.j2".into(),
        source: "My own reminder about {{ merchant }}.".into(),
    };
    let mut case = full_case();
    for length in Length::ALL {
        let m = compose_at(
            &case,
            Recipient::Followup,
            length,
            Lang::En,
            now(),
            &TimeZone::UTC,
            Some(&o),
        );
        assert_eq!(
            m.text, "My own reminder about Corner Coffee.\n",
            "{length:?}"
        );
    }
    case.refund.received_at = Some(now());
    let m = compose_at(
        &case,
        Recipient::Followup,
        Length::Short,
        Lang::En,
        now(),
        &TimeZone::UTC,
        Some(&o),
    );
    assert!(m.confirmation && !m.text.contains("My own"), "{}", m.text);
}

#[test]
fn the_form_stores_the_addresses_where_the_complaint_reads_them() {
    use crate::tui::form::{ADDRESS_MERCHANT, ADDRESS_YOURS};
    assert_eq!(ADDRESSES, [ADDRESS_YOURS, ADDRESS_MERCHANT]);
    let mut case = full_case();
    case.facts.extra.clear();
    let m = compose_utc(&case, Recipient::Complaint, Lang::En);
    for label in ["form.your_address", "form.merchant_address"] {
        assert!(
            m.missing.contains(&t(Lang::En, label).to_string()),
            "{:?}",
            m.missing
        );
    }
}
