//! The scam check of step 5 (SPEC §1): the red flags in a message the user received — a
//! request for a code or password, screen sharing, a link, a "safe account", a fee or loan,
//! a move to a private chat, pressure, staff who offer a payout nobody asked for.
//!
//! The words are data (`assets/scam.zh.json`, `assets/scam.en.json`); both vocabularies are
//! checked against every message, whatever the UI language, because a scammer writes in
//! either. The matching is deliberately simple and explainable: a term found in the text,
//! not cancelled by a negation just before it in the same clause ("请勿将验证码告诉他人",
//! "never share your code") or by a warning word in the clause ("…都是诈骗").

use std::sync::OnceLock;

use serde::{Deserialize, Serialize};

use super::sanitize::clean_line;

pub mod eval;
mod links;
mod message;
pub mod normalize;
pub mod official;
mod phones;
use message::Message;

/// A kind of red flag. The snake_case code is stable: it is the `kind` of `scam-check --json`
/// and the key of its "why" text (`scam.why.<kind>`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FlagKind {
    VerificationCode,
    Password,
    ScreenSharing,
    Link,
    SafeAccount,
    FeeOrLoan,
    PrivateChat,
    Urgency,
    /// Claims to be platform staff ("refund specialist") offering a payout nobody asked for.
    Impersonation,
    /// A membership, insurance or subscription "you opened" that will charge you unless you
    /// cancel it with their help.
    AutoRenewal,
    /// Compensation or a refund nobody asked for: a lost parcel, a faulty product, a tax refund.
    Compensation,
    /// Asks for a card number, CVV, expiry date, ID number, balance or account details.
    CardDetails,
    /// The account, card, credit record or a service is said to be blocked, frozen or expiring.
    AccountThreat,
    /// A "customer service" or "fraud" phone number to call that is not an official one.
    CallBack,
    /// A prize, a win or cash nobody earned.
    Prize,
    /// Poses as police, a prosecutor or a government office.
    Authority,
    /// Asks you to lend, send or transfer money to a person.
    MoneyRequest,
    /// Easy money: order brushing, tasks with rebates, sure-win investments.
    EasyMoney,
}

impl FlagKind {
    pub const ALL: [FlagKind; 18] = [
        FlagKind::VerificationCode,
        FlagKind::Password,
        FlagKind::ScreenSharing,
        FlagKind::Link,
        FlagKind::SafeAccount,
        FlagKind::FeeOrLoan,
        FlagKind::PrivateChat,
        FlagKind::Urgency,
        FlagKind::Impersonation,
        FlagKind::AutoRenewal,
        FlagKind::Compensation,
        FlagKind::CardDetails,
        FlagKind::AccountThreat,
        FlagKind::CallBack,
        FlagKind::Prize,
        FlagKind::Authority,
        FlagKind::MoneyRequest,
        FlagKind::EasyMoney,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            FlagKind::VerificationCode => "verification_code",
            FlagKind::Password => "password",
            FlagKind::ScreenSharing => "screen_sharing",
            FlagKind::Link => "link",
            FlagKind::SafeAccount => "safe_account",
            FlagKind::FeeOrLoan => "fee_or_loan",
            FlagKind::PrivateChat => "private_chat",
            FlagKind::Urgency => "urgency",
            FlagKind::Impersonation => "impersonation",
            FlagKind::AutoRenewal => "auto_renewal",
            FlagKind::Compensation => "compensation",
            FlagKind::CardDetails => "card_details",
            FlagKind::AccountThreat => "account_threat",
            FlagKind::CallBack => "call_back",
            FlagKind::Prize => "prize",
            FlagKind::Authority => "authority",
            FlagKind::MoneyRequest => "money_request",
            FlagKind::EasyMoney => "easy_money",
        }
    }
}

/// One red flag: its kind and a short, sanitized excerpt of the text that raised it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Flag {
    pub kind: FlagKind,
    pub excerpt: String,
}

/// Excerpts stay short: this many terminal columns at most (CJK counts two).
pub const EXCERPT_COLUMNS: usize = 56;
/// A negation cancels a hit that starts at most this many characters after it.
const NEGATION_REACH: usize = 16;
/// Only the start of a very long paste is checked, so a huge file cannot stall the screen.
pub const MAX_CHARS: usize = 20_000;

/// The vocabulary as the files write it.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct VocabularyFile {
    #[serde(default, rename = "_about")]
    _about: String,
    #[serde(default)]
    negations: Vec<String>,
    #[serde(default)]
    to_me: Vec<String>,
    #[serde(default)]
    ignore: Vec<String>,
    #[serde(default)]
    tlds: Vec<String>,
    #[serde(default)]
    link_actions: Vec<String>,
    #[serde(default)]
    link_lures: Vec<String>,
    #[serde(default)]
    call_words: Vec<String>,
    #[serde(default)]
    service_words: Vec<String>,
    #[serde(default)]
    rules: Vec<RuleFile>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RuleFile {
    kind: FlagKind,
    #[serde(default, rename = "_family")]
    _family: String,
    #[serde(default)]
    any: Vec<String>,
    #[serde(default)]
    all: Vec<Vec<String>>,
    #[serde(default)]
    near: Option<usize>,
    #[serde(default)]
    unless: Vec<String>,
    /// The groups of `all` may stand in different sentences of the message (still `near`).
    #[serde(default)]
    across_sentences: bool,
}

/// Both languages' vocabularies merged, every term normalised once (as the text will be).
#[derive(Debug, Default)]
pub struct Vocabulary {
    negations: Vec<Term>,
    to_me: Vec<Term>,
    ignore: Vec<Term>,
    tlds: Vec<Term>,
    link_actions: Vec<Term>,
    link_lures: Vec<Term>,
    call_words: Vec<Term>,
    service_words: Vec<Term>,
    rules: Vec<Rule>,
    official: official::Official,
}

type Term = Vec<char>;

#[derive(Debug)]
struct Rule {
    kind: FlagKind,
    /// One term of this list is enough.
    any: Vec<Term>,
    /// A term of every group, in one sentence, within `near` characters of each other.
    all: Vec<Vec<Term>>,
    near: Option<usize>,
    /// No hit where one of these stands in the same sentence.
    unless: Vec<Term>,
    across_sentences: bool,
}

fn terms(list: Vec<String>) -> Vec<Term> {
    list.iter()
        .map(|t| normalize::normalize(t).text)
        .filter(|t| !t.is_empty())
        .collect()
}

const SOURCES: [&str; 2] = [
    include_str!("../../assets/scam.zh.json"),
    include_str!("../../assets/scam.en.json"),
];

/// Both languages' vocabularies merged into one.
pub fn vocabulary() -> &'static Vocabulary {
    static CELL: OnceLock<Vocabulary> = OnceLock::new();
    CELL.get_or_init(|| {
        let mut all = Vocabulary {
            official: official::Official::embedded(),
            ..Vocabulary::default()
        };
        for src in SOURCES {
            // Embedded and checked by tests; a broken file is a developer error.
            let v: VocabularyFile = serde_json::from_str(src).expect("embedded scam vocabulary");
            all.negations.extend(terms(v.negations));
            all.to_me.extend(terms(v.to_me));
            all.ignore.extend(terms(v.ignore));
            all.tlds.extend(terms(v.tlds));
            all.link_actions.extend(terms(v.link_actions));
            all.link_lures.extend(terms(v.link_lures));
            all.call_words.extend(terms(v.call_words));
            all.service_words.extend(terms(v.service_words));
            all.rules.extend(v.rules.into_iter().map(|r| Rule {
                kind: r.kind,
                any: terms(r.any),
                all: r.all.into_iter().map(terms).collect(),
                near: r.near,
                unless: terms(r.unless),
                across_sentences: r.across_sentences,
            }));
        }
        all
    })
}

/// The red flags in `text`, one per kind, in the order they first appear.
pub fn check(text: &str) -> Vec<Flag> {
    check_with(text, vocabulary())
}

pub fn check_with(text: &str, vocab: &Vocabulary) -> Vec<Flag> {
    let cleaned = clean_line_keep_newlines(text);
    let mut msg = Message::new(&cleaned);
    msg.mark(vocab);
    let mut first: Vec<(FlagKind, usize)> = vec![];
    let mut note = |kind: FlagKind, at: usize| match first.iter_mut().find(|(k, _)| *k == kind) {
        Some((_, pos)) => *pos = (*pos).min(at),
        None => first.push((kind, at)),
    };
    for rule in &vocab.rules {
        if let Some(at) = msg.rule_hit(rule) {
            note(rule.kind, at);
        }
    }
    if let Some(at) = links::suspicious_link(&msg, vocab) {
        note(FlagKind::Link, at);
    }
    if let Some(at) = phones::call_back(&msg, vocab) {
        note(FlagKind::CallBack, at);
    }
    first.sort_by_key(|&(kind, at)| (at, kind));
    first
        .into_iter()
        .map(|(kind, at)| Flag {
            kind,
            excerpt: msg.excerpt(at),
        })
        .collect()
}

/// Control characters and escapes made harmless; newlines kept (they end clauses).
fn clean_line_keep_newlines(text: &str) -> String {
    let head: String = text.chars().take(MAX_CHARS).collect();
    head.split('\n')
        .map(|l| clean_line(l).into_owned())
        .collect::<Vec<_>>()
        .join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(text: &str) -> Vec<&'static str> {
        check(text).iter().map(|f| f.kind.as_str()).collect()
    }

    #[test]
    fn the_vocabularies_parse_and_every_kind_has_words() {
        let v = vocabulary();
        for kind in FlagKind::ALL {
            let by_code = matches!(kind, FlagKind::Link | FlagKind::CallBack);
            assert!(
                v.rules.iter().any(|r| r.kind == kind) || by_code,
                "{kind:?} has no rule"
            );
        }
        assert!(!v.tlds.is_empty() && !v.call_words.is_empty() && !v.service_words.is_empty());
    }

    #[test]
    fn words_stand_alone_in_english() {
        assert!(kinds("I went shopping, the pin of my badge fell").is_empty());
        assert_eq!(kinds("Tell me your PIN please"), ["password"]);
    }

    #[test]
    fn a_negation_right_before_cancels_but_a_far_one_does_not() {
        assert!(kinds("请勿将验证码告诉任何人").is_empty());
        assert!(kinds("We will never ask for your password or verification code.").is_empty());
        assert_eq!(
            kinds("You will never get your money back unless you pay the release fee"),
            ["fee_or_loan"]
        );
        // A condition is not a warning.
        assert_eq!(
            kinds("If you do not pay the fee, your refund stays locked"),
            ["fee_or_loan", "account_threat"]
        );
    }

    #[test]
    fn a_negation_in_an_earlier_clause_does_not_reach() {
        assert_eq!(kinds("不要担心，请把验证码发给我"), ["verification_code"]);
        assert_eq!(kinds("别急！请把验证码发给我"), ["verification_code"]);
        let flags = check("您好，您的重复扣款已冻结，请稍候");
        assert_eq!(flags[0].excerpt, "…您的重复扣款已冻结，请稍候");
    }

    #[test]
    fn a_request_is_a_request_whatever_warning_words_stand_near_it() {
        assert_eq!(
            kinds("【国家反诈中心】为防诈骗，请把收到的验证码发给我核实"),
            ["verification_code"]
        );
        assert_eq!(
            kinds("To avoid scams, please send me the verification code"),
            ["verification_code"]
        );
        assert_eq!(
            kinds("别担心，不要告诉别人，验证码直接发我就行"),
            ["verification_code"]
        );
        // A warning that only warns stays quiet.
        assert!(kinds("验证码123456，请勿告诉任何人。").is_empty());
    }

    #[test]
    fn a_line_break_or_a_tight_comma_does_not_hide_a_request() {
        assert_eq!(kinds("您收到的验证码\n请发给我"), ["verification_code"]);
        assert_eq!(kinds("验证码,发给我"), ["verification_code"]);
    }

    #[test]
    fn addresses_are_links_but_amounts_are_not() {
        assert_eq!(kinds("退款请登录 refund-help.top/a?id=3"), ["link"]);
        assert_eq!(kinds("log in at HTTPS://x.example/r now"), ["link"]);
        assert!(kinds("Amount 38.50, e.g. twice. Mail a@b.com").is_empty());
    }

    #[test]
    fn a_link_alone_is_no_flag_but_a_lure_an_ip_or_a_broken_scheme_is() {
        // Real notices carry links: to track a parcel, to the service's own site.
        assert!(kinds("Your parcel is on its way: https://track.example.com/p/1").is_empty());
        assert!(kinds("Log in at examplebank.com to see the payee.").is_empty());
        assert!(kinds("账单详情见 https://kf.weixin.qq.com/x，登录查看").is_empty());
        assert_eq!(kinds("Your order: http://203.0.113.9/o"), ["link"]);
        assert_eq!(kinds("Your refund: http:/bit.example/r"), ["link"]);
        assert_eq!(
            kinds("See http://mybank-secure-login.example.do/x"),
            ["link"]
        );
        assert_eq!(
            kinds("更新信息 http://alipay.com.pay-check.xyz/u"),
            ["link"]
        );
    }

    #[test]
    fn full_width_letters_are_folded() {
        assert_eq!(kinds("请加ＱＱ 12345"), ["private_chat"]);
    }

    #[test]
    fn form_tricks_do_not_hide_a_request() {
        for text in [
            "請把驗證碼發給我",
            "请把验 证 码发给我",
            "请把验\u{200B}证\u{200B}码发给我",
            "请把验.证.码发给我",
            "请把验🔑证码发给我",
            "Please send me the c0de",
            "Please send me the 𝐨𝐭𝐩",
            "Please send me the оtр",
            "Please send me the c o d e",
        ] {
            assert_eq!(kinds(text), ["verification_code"], "{text}");
        }
        assert_eq!(kinds("加我 V信 聊退款"), ["private_chat"]);
        assert_eq!(kinds("yanzhengma fa gei wo"), Vec::<&str>::new());
    }

    #[test]
    fn official_numbers_raise_nothing_and_others_given_as_service_do() {
        assert!(kinds("如有疑问，请拨打微信支付官方客服电话95017。").is_empty());
        assert!(kinds("详询客服热线95566").is_empty());
        assert_eq!(
            kinds("您的退款异常，请拨打客服电话 400-123-4567 处理"),
            ["account_threat", "call_back"]
        );
        assert_eq!(
            kinds("If this was not you, call our fraud team on 0330 123 4567."),
            ["call_back"]
        );
        // A courier's number with no such claim is how real delivery notices read.
        assert!(kinds("快件已放入驿站，有问题请联系派件员13900001111").is_empty());
    }

    #[test]
    fn excerpts_are_short_clean_and_point_at_the_hit() {
        let long = format!(
            "{}请把验证码发给我\x1b[2J{}",
            "你好".repeat(40),
            "谢谢".repeat(40)
        );
        let flags = check(&long);
        assert_eq!(flags[0].kind, FlagKind::VerificationCode);
        let e = &flags[0].excerpt;
        assert!(e.contains("验证码"), "{e}");
        assert!(!e.contains('\x1b'));
        let w = unicode_width::UnicodeWidthStr::width(e.as_str());
        assert!(w <= EXCERPT_COLUMNS + 2, "{w}: {e}");
        assert!(e.starts_with('…') && e.ends_with('…'));
    }

    #[test]
    fn any_text_gives_an_answer_without_panicking() {
        for s in [
            "",
            "\u{0}",
            "。。。",
            "a.",
            "http://",
            ".com",
            "\u{FF01}",
            "验",
        ] {
            let _ = check(s);
        }
    }
}
