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
use unicode_width::UnicodeWidthChar;

use super::sanitize::clean_line;

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

/// The text prepared for matching: `norm` is lower-case, half-width, with runs of spaces
/// as one; `orig[i]` is the original character shown for `norm[i]`.
struct Message {
    norm: Vec<char>,
    orig: Vec<char>,
    /// Index of the sentence / clause each character belongs to.
    sentence: Vec<usize>,
    clause: Vec<usize>,
    ignored: Vec<(usize, usize)>,
    /// Clauses holding a warning word.
    warned: Vec<usize>,
    negations: Vec<(usize, usize)>,
}

/// Full-width letters, digits and `．／＠` (ｗｗｗ．, ＱＱ) are folded so they cannot slip past the
/// vocabulary. Full-width punctuation (`，：！？`) stays: it separates clauses.
fn fold(c: char) -> char {
    let c = match c {
        '０'..='９' | 'Ａ'..='Ｚ' | 'ａ'..='ｚ' | '．' | '／' | '＠' => {
            char::from_u32(c as u32 - 0xFEE0).unwrap_or(c)
        }
        '\u{3000}' => ' ',
        c => c,
    };
    let mut lower = c.to_lowercase();
    match (lower.next(), lower.next()) {
        (Some(l), None) => l,
        _ => c,
    }
}

fn is_word(c: char) -> bool {
    c.is_ascii_alphanumeric()
}

/// Ends a sentence: CJK marks always, ASCII ones only before a space (so `38.50` and URLs
/// stay whole).
fn ends_sentence(c: char, next: Option<char>) -> bool {
    matches!(c, '\n' | '。' | '！' | '？' | '；' | '…')
        || (matches!(c, '.' | '!' | '?' | ';') && next.is_none_or(char::is_whitespace))
}

fn ends_clause(c: char, next: Option<char>) -> bool {
    matches!(c, '，' | '：' | '（' | '）' | '(' | ')' | '"' | '“' | '”')
        || (matches!(c, ',' | ':') && next.is_none_or(char::is_whitespace))
}

impl Message {
    fn new(text: &str) -> Message {
        let mut norm = vec![];
        let mut orig = vec![];
        for c in text.chars() {
            let n = fold(c);
            if n != '\n' && n.is_whitespace() {
                if norm.last().is_some_and(|l: &char| l.is_whitespace()) {
                    continue;
                }
                norm.push(' ');
            } else {
                norm.push(n);
            }
            orig.push(c);
        }
        let (mut sentence, mut clause) = (vec![0; norm.len()], vec![0; norm.len()]);
        let (mut s, mut cl) = (0, 0);
        for i in 0..norm.len() {
            sentence[i] = s;
            clause[i] = cl;
            let next = norm.get(i + 1).copied();
            if ends_sentence(norm[i], next) {
                s += 1;
                cl += 1;
            } else if ends_clause(norm[i], next) {
                cl += 1;
            }
        }
        Message {
            norm,
            orig,
            sentence,
            clause,
            ignored: vec![],
            warned: vec![],
            negations: vec![],
        }
    }

    /// Every start index of `term` (already lower-case) in the text; ASCII words must stand
    /// alone ("pin" is not in "shopping").
    fn find(&self, term: &str) -> Vec<(usize, usize)> {
        let t: Vec<char> = term.chars().map(fold).collect();
        let (Some(&first), Some(&last)) = (t.first(), t.last()) else {
            return vec![];
        };
        let n = self.norm.len();
        let mut out = vec![];
        let mut i = 0;
        while i + t.len() <= n {
            if self.norm[i] == first && self.norm[i..i + t.len()] == t[..] {
                let end = i + t.len();
                let before_ok = !is_word(first) || i == 0 || !is_word(self.norm[i - 1]);
                let after_ok = !is_word(last) || end == n || !is_word(self.norm[end]);
                if before_ok && after_ok {
                    out.push((i, end));
                }
            }
            i += 1;
        }
        out
    }

    /// Where the vocabulary's ignored phrases, warnings and negations sit, found once.
    fn mark(&mut self, vocab: &Vocabulary) {
        self.ignored = vocab.ignore.iter().flat_map(|p| self.find(p)).collect();
        let warned: Vec<usize> = vocab
            .warnings
            .iter()
            .flat_map(|w| self.find(w))
            .map(|(s, _)| self.clause[s])
            .collect();
        self.warned = warned;
        let negations: Vec<(usize, usize)> = vocab
            .negations
            .iter()
            .flat_map(|n| self.find(n))
            .filter(|&(s, e)| !self.inside_ignored(s, e))
            .collect();
        self.negations = negations;
    }

    fn inside_ignored(&self, start: usize, end: usize) -> bool {
        self.ignored.iter().any(|&(s, e)| s <= start && end <= e)
    }

    /// Whether a hit at `start..end` counts: not inside an ignored phrase, no warning word in
    /// its clause, no negation closing shortly before it in its clause.
    fn counts(&self, start: usize, end: usize) -> bool {
        let clause = self.clause[start];
        !self.inside_ignored(start, end)
            && !self.warned.contains(&clause)
            && !self.negations.iter().any(|&(s, e)| {
                e <= start && start - e <= NEGATION_REACH && self.clause[s] == clause
            })
    }

    /// Hits of any term of `terms` that count, as (start, end).
    fn hits(&self, terms: &[String]) -> Vec<(usize, usize)> {
        let mut out: Vec<(usize, usize)> = terms
            .iter()
            .flat_map(|t| self.find(t))
            .filter(|&(s, e)| self.counts(s, e))
            .collect();
        out.sort();
        out
    }

    /// Where the rule first fires, if it does.
    fn rule_hit(&self, rule: &Rule) -> Option<usize> {
        if !rule.any.is_empty()
            && let Some(&(s, _)) = self.hits(&rule.any).first()
        {
            return Some(s);
        }
        let groups: Vec<Vec<(usize, usize)>> = rule.all.iter().map(|g| self.hits(g)).collect();
        let (first, rest) = groups.split_first()?;
        let near = rule.near.unwrap_or(usize::MAX);
        let partner = |g: &[(usize, usize)], s: usize| {
            g.iter()
                .map(|&(o, _)| o)
                .find(|&o| self.sentence[o] == self.sentence[s] && o.abs_diff(s) <= near)
        };
        // The flag points at the earliest of the words that together raised it.
        first.iter().find_map(|&(s, _)| {
            rest.iter()
                .map(|g| partner(g, s))
                .try_fold(s, |lo, o| o.map(|o| lo.min(o)))
        })
    }

    /// Starts of web addresses: a scheme, `www.`, or a bare domain with a known ending.
    fn urls(&self, vocab: &Vocabulary) -> Vec<usize> {
        let url_char = |c: char| c.is_ascii_alphanumeric() || "./:-_?=&%#~+@".contains(c);
        let mut out = vec![];
        let mut i = 0;
        while i < self.norm.len() {
            if !url_char(self.norm[i]) {
                i += 1;
                continue;
            }
            let start = i;
            while i < self.norm.len() && url_char(self.norm[i]) {
                i += 1;
            }
            let token: String = self.norm[start..i].iter().collect();
            if looks_like_url(&token, &vocab.tlds) {
                out.push(start);
            }
        }
        out
    }

    /// The sentence around `at`, cut to `EXCERPT_COLUMNS` with `…` where it was cut.
    fn excerpt(&self, at: usize) -> String {
        let s = self.sentence.get(at).copied().unwrap_or(0);
        let mut lo = at;
        while lo > 0 && self.sentence[lo - 1] == s {
            lo -= 1;
        }
        let mut hi = at;
        while hi < self.orig.len() && self.sentence[hi] == s {
            hi += 1;
        }
        let width = |r: std::ops::Range<usize>| -> usize {
            self.orig[r].iter().map(|c| c.width().unwrap_or(0)).sum()
        };
        // Keep a little context before the hit, then as much after it as fits.
        let mut start = at;
        while start > lo && width(start - 1..at) <= EXCERPT_COLUMNS / 3 {
            start -= 1;
        }
        let mut end = at;
        while end < hi && width(start..end + 1) <= EXCERPT_COLUMNS {
            end += 1;
        }
        // The hit's own clause is the context that matters; earlier clauses only if whole.
        while start < at && self.clause[start] != self.clause[at] {
            start += 1;
        }
        // Never cut an English word in half.
        let mid_word = |i: usize| {
            i > 0 && i < self.orig.len() && is_word(self.orig[i - 1]) && is_word(self.orig[i])
        };
        while start > lo && start < at && mid_word(start) {
            start += 1;
        }
        while end < hi && end > at + 1 && mid_word(end) {
            end -= 1;
        }
        let body: String = self.orig[start..end].iter().collect();
        let body = body.trim();
        let mut out = String::new();
        if start > lo {
            out.push('…');
        }
        out.push_str(body);
        if end < hi && !body.is_empty() {
            out.push('…');
        }
        out
    }
}

fn looks_like_url(token: &str, tlds: &[String]) -> bool {
    let token = token.trim_matches(|c: char| ".:-_?=&%#~+".contains(c));
    if token.contains('@') {
        return false;
    }
    if token.contains("://") || token.starts_with("www.") {
        return true;
    }
    let host = token.split(['/', '?', '#', ':']).next().unwrap_or("");
    let labels: Vec<&str> = host.split('.').collect();
    let Some((tld, names)) = labels.split_last() else {
        return false;
    };
    !names.is_empty()
        && names
            .iter()
            .all(|l| !l.is_empty() && l.chars().all(|c| c.is_ascii_alphanumeric() || c == '-'))
        && names
            .iter()
            .any(|l| l.chars().any(|c| c.is_ascii_alphabetic()))
        && tlds.iter().any(|t| t == tld)
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
        let w: usize = e.chars().map(|c| c.width().unwrap_or(0)).sum();
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
