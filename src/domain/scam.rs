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

mod message;
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
}

impl FlagKind {
    pub const ALL: [FlagKind; 9] = [
        FlagKind::VerificationCode,
        FlagKind::Password,
        FlagKind::ScreenSharing,
        FlagKind::Link,
        FlagKind::SafeAccount,
        FlagKind::FeeOrLoan,
        FlagKind::PrivateChat,
        FlagKind::Urgency,
        FlagKind::Impersonation,
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

#[derive(Debug, Default, Deserialize)]
pub struct Vocabulary {
    #[serde(default)]
    negations: Vec<String>,
    #[serde(default)]
    warnings: Vec<String>,
    #[serde(default)]
    ignore: Vec<String>,
    #[serde(default)]
    tlds: Vec<String>,
    #[serde(default)]
    rules: Vec<Rule>,
}

#[derive(Debug, Deserialize)]
struct Rule {
    kind: FlagKind,
    /// One term of this list is enough.
    #[serde(default)]
    any: Vec<String>,
    /// A term of every group, in one sentence, within `near` characters of each other.
    #[serde(default)]
    all: Vec<Vec<String>>,
    #[serde(default)]
    near: Option<usize>,
}

const SOURCES: [&str; 2] = [
    include_str!("../../assets/scam.zh.json"),
    include_str!("../../assets/scam.en.json"),
];

/// Both languages' vocabularies merged into one.
pub fn vocabulary() -> &'static Vocabulary {
    static CELL: OnceLock<Vocabulary> = OnceLock::new();
    CELL.get_or_init(|| {
        let mut all = Vocabulary::default();
        for src in SOURCES {
            // Embedded and checked by tests; a broken file is a developer error.
            let v: Vocabulary = serde_json::from_str(src).expect("embedded scam vocabulary");
            all.negations.extend(v.negations);
            all.warnings.extend(v.warnings);
            all.ignore.extend(v.ignore);
            all.tlds.extend(v.tlds);
            all.rules.extend(v.rules);
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
    if let Some(at) = msg
        .urls(vocab)
        .into_iter()
        .find(|&at| msg.counts(at, at + 1))
    {
        note(FlagKind::Link, at);
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

/// Control characters and escapes made harmless; newlines kept (they end sentences).
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
            assert!(
                v.rules.iter().any(|r| r.kind == kind) || kind == FlagKind::Link,
                "{kind:?} has no rule"
            );
        }
        assert!(!v.tlds.is_empty());
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
            ["fee_or_loan"]
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
    fn addresses_are_links_but_amounts_are_not() {
        assert_eq!(kinds("退款请登录 refund-help.top/a?id=3"), ["link"]);
        assert_eq!(kinds("go to HTTPS://x.example/r now"), ["link"]);
        assert!(kinds("Amount 38.50, e.g. twice. Mail a@b.com").is_empty());
    }

    #[test]
    fn full_width_letters_are_folded() {
        assert_eq!(kinds("请加ＱＱ 12345"), ["private_chat"]);
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
