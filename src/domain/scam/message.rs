//! How a message is read for the scam check: folded for matching, cut into sentences and
//! clauses, searched for terms, and quoted back in short excerpts.

use unicode_width::UnicodeWidthChar;

use super::{EXCERPT_COLUMNS, NEGATION_REACH, Rule, Vocabulary};

/// The text prepared for matching: `norm` is lower-case, half-width, with runs of spaces
/// as one; `orig[i]` is the original character shown for `norm[i]`.
pub(super) struct Message {
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
    pub(super) fn new(text: &str) -> Message {
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
    pub(super) fn mark(&mut self, vocab: &Vocabulary) {
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
    pub(super) fn counts(&self, start: usize, end: usize) -> bool {
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
    pub(super) fn rule_hit(&self, rule: &Rule) -> Option<usize> {
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
    pub(super) fn urls(&self, vocab: &Vocabulary) -> Vec<usize> {
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
    pub(super) fn excerpt(&self, at: usize) -> String {
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
