//! How a message is read for the scam check: folded for matching, cut into sentences and
//! clauses, searched for terms, and quoted back in short excerpts.

use unicode_width::UnicodeWidthChar;

use super::normalize::{Normalized, normalize};
use super::{EXCERPT_COLUMNS, NEGATION_REACH, Rule, Vocabulary};

/// The text prepared for matching: `norm` is the normalised text (`normalize.rs`);
/// `origin[i]` is the index in `original` of the character `norm[i]` came from.
pub(super) struct Message {
    norm: Vec<char>,
    original: Vec<char>,
    origin: Vec<usize>,
    /// Index of the sentence / clause each character belongs to.
    sentence: Vec<usize>,
    clause: Vec<usize>,
    ignored: Vec<(usize, usize)>,
    negations: Vec<(usize, usize)>,
    /// Where the message asks for something to be sent or said to the writer ("发给我").
    to_me: Vec<usize>,
    /// The web addresses, found once by `mark`: (start, end, host, bare).
    links: Vec<Link>,
}

/// A web address in the text: start, end, host, and whether it was written bare.
pub(super) type Link = (usize, usize, String, bool);

/// Letters, digits and the apostrophe ("won't" is one word, not "won").
fn is_word(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '\'' || c == '’'
}

/// Ends a sentence: CJK marks always, ASCII ones only before a space (so `38.50` and URLs
/// stay whole). A line break only ends a clause: chat messages break lines mid-sentence.
fn ends_sentence(c: char, next: Option<char>) -> bool {
    matches!(c, '。' | '！' | '？' | '；' | '…')
        || (matches!(c, '.' | '!' | '?' | ';') && next.is_none_or(char::is_whitespace))
}

fn ends_clause(c: char, prev: Option<char>, next: Option<char>) -> bool {
    let digit = |c: Option<char>| c.is_some_and(|c| c.is_ascii_digit());
    matches!(
        c,
        '\n' | '，' | '：' | '（' | '）' | '(' | ')' | '"' | '“' | '”' | '、'
    ) || (c == ',' && !(digit(prev) && digit(next)))
        || (c == ':' && next.is_none_or(char::is_whitespace))
}

impl Message {
    pub(super) fn new(text: &str) -> Message {
        let Normalized { text: norm, origin } = normalize(text);
        let original: Vec<char> = text.chars().collect();
        let (mut sentence, mut clause) = (vec![0; norm.len()], vec![0; norm.len()]);
        let (mut s, mut cl) = (0, 0);
        for i in 0..norm.len() {
            sentence[i] = s;
            clause[i] = cl;
            let prev = i.checked_sub(1).map(|p| norm[p]);
            let next = norm.get(i + 1).copied();
            if ends_sentence(norm[i], next) {
                s += 1;
                cl += 1;
            } else if ends_clause(norm[i], prev, next) {
                cl += 1;
            }
        }
        Message {
            norm,
            original,
            origin,
            sentence,
            clause,
            ignored: vec![],
            negations: vec![],
            to_me: vec![],
            links: vec![],
        }
    }

    /// Every start index of `term` (already normalised) in the text; ASCII words must stand
    /// alone ("pin" is not in "shopping").
    fn find(&self, term: &[char]) -> Vec<(usize, usize)> {
        let (Some(&first), Some(&last)) = (term.first(), term.last()) else {
            return vec![];
        };
        let n = self.norm.len();
        let mut out = vec![];
        let mut i = 0;
        while i + term.len() <= n {
            if self.norm[i] == first && self.norm[i..i + term.len()] == term[..] {
                let end = i + term.len();
                // A letter next to a digit is a boundary too: "QQ1234567", "vx888".
                let apart =
                    |a: char, b: char| !is_word(b) || a.is_ascii_digit() != b.is_ascii_digit();
                let before_ok = !is_word(first) || i == 0 || apart(first, self.norm[i - 1]);
                let after_ok = !is_word(last) || end == n || apart(last, self.norm[end]);
                if before_ok && after_ok {
                    out.push((i, end));
                }
            }
            i += 1;
        }
        out
    }

    pub(super) fn find_all(&self, terms: &[Vec<char>]) -> Vec<(usize, usize)> {
        terms.iter().flat_map(|t| self.find(t)).collect()
    }

    /// Where the vocabulary's ignored phrases, negations and "to me" words sit, found once.
    pub(super) fn mark(&mut self, vocab: &Vocabulary) {
        self.ignored = self.find_all(&vocab.ignore);
        // Words inside a web address ("qq" in weixin.qq.com) are the address, not the text.
        self.links = self.urls(vocab);
        let spans: Vec<(usize, usize)> = self.links.iter().map(|(s, e, ..)| (*s, *e)).collect();
        self.ignored.extend(spans);
        let negations: Vec<(usize, usize)> = self
            .find_all(&vocab.negations)
            .into_iter()
            .filter(|&(s, e)| !self.inside_ignored(s, e))
            .collect();
        self.negations = negations;
        self.to_me = self
            .find_all(&vocab.to_me)
            .into_iter()
            .map(|(s, _)| s)
            .collect();
    }

    fn inside_ignored(&self, start: usize, end: usize) -> bool {
        self.ignored.iter().any(|&(s, e)| s <= start && end <= e)
    }

    /// Whether a hit at `start..end` counts: not inside an ignored phrase, and not right
    /// after a negation in its clause ("请勿将验证码告诉他人", "never share your code") —
    /// unless the same clause asks for it to be sent to the writer ("别担心验证码发我就行"):
    /// a request is a request whatever warning words stand near it.
    pub(super) fn counts(&self, start: usize, end: usize) -> bool {
        let clause = self.clause[start];
        let negated = self
            .negations
            .iter()
            .any(|&(s, e)| e <= start && start - e <= NEGATION_REACH && self.clause[s] == clause);
        let asks_me = self.to_me.iter().any(|&t| self.clause[t] == clause);
        !self.inside_ignored(start, end) && (!negated || asks_me)
    }

    /// Hits of any term of `terms` that count, as (start, end).
    fn hits(&self, terms: &[Vec<char>]) -> Vec<(usize, usize)> {
        let mut out: Vec<(usize, usize)> = self
            .find_all(terms)
            .into_iter()
            .filter(|&(s, e)| self.counts(s, e))
            .collect();
        out.sort();
        out
    }

    /// Where the rule first fires, if it does.
    pub(super) fn rule_hit(&self, rule: &Rule) -> Option<usize> {
        // The sentences an `unless` term stands in, found once for the rule.
        let blocked: Vec<usize> = self
            .find_all(&rule.unless)
            .iter()
            .map(|&(s, _)| self.sentence[s])
            .collect();
        let fires = |at: usize| !blocked.contains(&self.sentence[at]);
        if let Some(&(s, _)) = self.hits(&rule.any).iter().find(|&&(s, _)| fires(s)) {
            return Some(s);
        }
        let groups: Vec<Vec<(usize, usize)>> = rule.all.iter().map(|g| self.hits(g)).collect();
        let (first, rest) = groups.split_first()?;
        let near = rule.near.unwrap_or(usize::MAX);
        let partner = |g: &[(usize, usize)], s: usize| {
            g.iter().map(|&(o, _)| o).find(|&o| {
                (rule.across_sentences || self.sentence[o] == self.sentence[s])
                    && o.abs_diff(s) <= near
            })
        };
        // The flag points at the earliest of the words that together raised it.
        first.iter().find_map(|&(s, _)| {
            rest.iter()
                .map(|g| partner(g, s))
                .try_fold(s, |lo, o| o.map(|o| lo.min(o)))
                .filter(|&at| fires(at))
        })
    }

    /// The web addresses `mark` found.
    pub(super) fn links(&self) -> &[Link] {
        &self.links
    }

    pub(super) fn text(&self) -> &[char] {
        &self.norm
    }

    pub(super) fn sentence_of(&self, at: usize) -> usize {
        self.sentence[at]
    }

    /// Starts of web addresses: a scheme (also a broken one, `http:/x`, `http:// 1.2.3.4`),
    /// `www.`, an IP address, or a bare domain with a known ending.
    /// Each is (start, end, host, bare): bare when written without a scheme, `www.` or a
    /// path, as a service writes its own address for the reader to type.
    fn urls(&self, vocab: &Vocabulary) -> Vec<Link> {
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
            let mut token: String = self.norm[start..i].iter().collect();
            // "http:// 103.208.86.96": a scheme cut from its host by a space.
            let bare_scheme = [
                "http:", "https:", "http:/", "https:/", "http://", "https://",
            ];
            if bare_scheme.contains(&token.as_str()) {
                let mut j = i;
                while j < self.norm.len() && self.norm[j] == ' ' {
                    j += 1;
                }
                let host_end = (j..self.norm.len())
                    .find(|&k| !url_char(self.norm[k]))
                    .unwrap_or(self.norm.len());
                if j > i && host_end > j {
                    token.extend(&self.norm[j..host_end]);
                    i = host_end;
                }
            }
            if let Some((host, bare)) = url_host(&token, &vocab.tlds) {
                out.push((start, i, host, bare));
            }
        }
        out
    }

    /// The sentence around `at`, cut to `EXCERPT_COLUMNS` with `…` where it was cut, quoted
    /// from the original text.
    pub(super) fn excerpt(&self, at: usize) -> String {
        if self.norm.is_empty() {
            return String::new();
        }
        let at = at.min(self.norm.len() - 1);
        let s = self.sentence[at];
        // The sentence, or its line where a line break cuts it.
        let mut lo = at;
        while lo > 0 && self.sentence[lo - 1] == s && self.norm[lo - 1] != '\n' {
            lo -= 1;
        }
        let mut hi = at;
        while hi < self.norm.len() && self.sentence[hi] == s && self.norm[hi] != '\n' {
            hi += 1;
        }
        // Widths are of the original text a range quotes (with what normalising dropped).
        let width = |r: std::ops::Range<usize>| -> usize {
            if r.is_empty() {
                return 0;
            }
            self.original[self.origin[r.start]..=self.origin[r.end - 1]]
                .iter()
                .map(|c| c.width().unwrap_or(0))
                .sum()
        };
        // Keep a little context before the hit, then as much after it as fits.
        let mut start = at;
        while start > lo && width(start - 1..at) <= EXCERPT_COLUMNS / 3 {
            start -= 1;
        }
        // The hit's own clause is the context that matters; earlier clauses only if whole.
        while start < at && self.clause[start] != self.clause[at] {
            start += 1;
        }
        let mut end = at;
        while end < hi && width(start..end + 1) <= EXCERPT_COLUMNS {
            end += 1;
        }
        // Never cut an English word in half.
        let mid_word = |i: usize| {
            i > 0 && i < self.norm.len() && is_word(self.norm[i - 1]) && is_word(self.norm[i])
        };
        while start > lo && start < at && mid_word(start) {
            start += 1;
        }
        while end < hi && end > at + 1 && mid_word(end) {
            end -= 1;
        }
        let body: String = if end > start {
            self.original[self.origin[start]..=self.origin[end - 1]]
                .iter()
                .collect()
        } else {
            String::new()
        };
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

/// The host of a token that is a web address, if it is one, and whether it was bare.
fn url_host(token: &str, tlds: &[Vec<char>]) -> Option<(String, bool)> {
    let token = token.trim_matches(|c: char| ".:-_?=&%#~+".contains(c));
    if token.contains('@') && !token.contains('/') {
        return None;
    }
    let after_scheme = ["https:", "http:", "hxxp:", "hxxps:"]
        .iter()
        .find_map(|s| token.strip_prefix(s))
        .map(|r| r.trim_start_matches('/'));
    let rest = after_scheme.unwrap_or(token);
    let host = rest.split(['/', '?', '#']).next().unwrap_or("");
    let has_path = rest.len() > host.len();
    let host = host.rsplit('@').next().unwrap_or(host);
    let host = host.split(':').next().unwrap_or(host).trim_end_matches('.');
    let labels: Vec<&str> = host.split('.').collect();
    let is_ip = labels.len() == 4
        && labels
            .iter()
            .all(|l| !l.is_empty() && l.len() <= 3 && l.chars().all(|c| c.is_ascii_digit()));
    let marked = after_scheme.is_some() || token.starts_with("www.");
    if is_ip {
        return Some((host.to_string(), false));
    }
    let (tld, names) = labels.split_last()?;
    let well_formed = !names.is_empty()
        && names
            .iter()
            .all(|l| !l.is_empty() && l.chars().all(|c| c.is_ascii_alphanumeric() || c == '-'))
        && !tld.is_empty()
        && tld.chars().all(|c| c.is_ascii_alphabetic());
    if !well_formed {
        return None;
    }
    // With a scheme or `www.` any ending is a link (even one cut short, `.c om`); bare, only
    // known endings are (so "e.g" and "file.txt" are not).
    let known = tld.len() >= 2 && tlds.iter().any(|t| t.iter().copied().eq(tld.chars()));
    (marked || known).then(|| (host.to_string(), !marked && !has_path))
}
