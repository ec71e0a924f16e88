//! The privacy guard (SPEC §4), applied wherever text leaves the program: messages, exports,
//! `show`. Plain string scanning, no regex: the rules are few and each is easier to read as
//! code than as a pattern.
//!
//! One masking rule for every number: each digit but the last four becomes `*`, separators
//! stay (`4111 1111 1111 1111` → `**** **** **** 1111`, `13812345678` → `*******5678`), so
//! the reader still recognises which card or phone is meant.
//!
//! - card numbers: 13–19 digits (spaces or dashes allowed between groups) passing Luhn;
//!   a run that fails Luhn is kept (order and transaction ids are long digit runs too);
//! - PRC resident ID numbers: 17 digits + digit or `X` with a valid check character;
//! - phone numbers: Chinese mobiles (`1[3-9]` + 9 digits, with or without `+86`), landlines
//!   written `0xx-xxxxxxxx`, and any number written with a leading `+`; the user's own
//!   `your_contact` is kept (it is their signature). `400`/`800` service lines are business
//!   numbers and are kept;
//! - secrets: a password, PIN or verification code after its keyword (`验证码 482913`,
//!   `password: hunter2`) is replaced by `******` and reported, never copied.

use std::ops::Range;

mod secrets;

use secrets::mask_secrets;

/// What the guard changed, without the sensitive value itself.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    pub kind: FindingKind,
    /// The masked form as it now appears in the text (`**** 1111`, `******`).
    pub masked: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum FindingKind {
    CardNumber,
    IdNumber,
    Phone,
    Secret,
}

impl FindingKind {
    pub fn as_str(self) -> &'static str {
        match self {
            FindingKind::CardNumber => "card_number",
            FindingKind::IdNumber => "id_number",
            FindingKind::Phone => "phone",
            FindingKind::Secret => "secret",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Guarded {
    pub text: String,
    pub findings: Vec<Finding>,
}

pub const SECRET_MASK: &str = "******";

/// Apply every rule to `text`. `own_contact` is the user's `your_contact` fact: a phone
/// number equal to it is theirs to give and is kept.
pub fn guard(text: &str, own_contact: &str) -> Guarded {
    let mut findings = vec![];
    let text = mask_secrets(text, &mut findings);
    let own = own_phone_digits(own_contact);
    let text = mask_numbers(&text, own.as_deref(), true, None, &mut findings);
    Guarded { text, findings }
}

/// The guard for a message someone will read: a card number becomes `card` with `{last4}`
/// filled in (`尾号 {last4}` → `尾号 0128`, whatever the card's length and grouping).
pub fn guard_words(text: &str, own_contact: &str, card: &str) -> Guarded {
    let mut findings = vec![];
    let text = mask_secrets(text, &mut findings);
    let own = own_phone_digits(own_contact);
    let text = mask_numbers(&text, own.as_deref(), true, Some(card), &mut findings);
    Guarded { text, findings }
}

/// A payment method as a message names it: a full card number in words (see
/// [`guard_words`]), and so is a card the user already masked (`****1111`,
/// `**** **** **** ***0 128`: in this field stars before digits are a card); the rest as typed.
/// The findings name full card numbers only (a masked one was already safe).
pub fn card_in_words(s: &str, card: &str) -> Guarded {
    let mut findings = vec![];
    let text = mask_numbers(s, None, false, Some(card), &mut findings);
    let text = masked_cards_in_words(&text, card);
    Guarded { text, findings }
}

/// `card` with the last four digits, appended to `out` so it reads as one phrase: no space
/// between Chinese text and a Chinese pattern (`储蓄卡尾号 0128`), and a word already there is
/// not repeated (`Visa card` + `card ending 0128` → `Visa card ending 0128`).
fn push_card(out: &mut String, card: &str, last4: &str) -> String {
    let words = card.replace("{last4}", last4);
    let mut words = words.as_str();
    let starts_wide = words.chars().next().is_some_and(|c| !c.is_ascii());
    if starts_wide && out.ends_with(' ') {
        let before = out.trim_end_matches(' ');
        if before.chars().last().is_some_and(|c| !c.is_ascii()) {
            out.truncate(before.len());
        }
    }
    if let Some((first, rest)) = words.split_once(' ') {
        let before = out.trim_end().to_lowercase();
        if !first.is_empty() && before.ends_with(&first.to_lowercase()) {
            let at_word = before[..before.len() - first.len()]
                .chars()
                .last()
                .is_none_or(|c| !c.is_alphanumeric());
            if at_word {
                words = rest;
            }
        }
    }
    out.push_str(words);
    words.to_string()
}

/// Runs of `*` followed by the last digits (`****1111`, `**** **** **** ***0 128`) in words.
fn masked_cards_in_words(text: &str, card: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < chars.len() {
        if chars[i] != '*' {
            out.push(chars[i]);
            i += 1;
            continue;
        }
        let start = i;
        let mut end = i;
        let (mut stars, mut digits, mut star_after_digit) = (0, String::new(), false);
        let mut j = i;
        while j < chars.len() {
            let c = chars[j];
            let next_part = chars
                .get(j + 1)
                .is_some_and(|n| *n == '*' || n.is_ascii_digit());
            match c {
                '*' => {
                    stars += 1;
                    star_after_digit |= !digits.is_empty();
                }
                d if d.is_ascii_digit() => digits.push(d),
                ' ' | '-' if next_part => {}
                _ => break,
            }
            j += 1;
            if c != ' ' && c != '-' {
                end = j;
            }
        }
        let alnum_after = chars.get(end).is_some_and(|c| c.is_ascii_alphanumeric());
        let alnum_before = start > 0 && chars[start - 1].is_ascii_alphanumeric();
        let masked = stars >= 4 && digits.len() >= 4 && !star_after_digit;
        if masked && !alnum_before && !alnum_after {
            push_card(&mut out, card, &digits[digits.len() - 4..]);
        } else {
            out.extend(&chars[start..end]);
        }
        i = end;
    }
    out
}

/// The guard on every string inside a JSON value (keys stay as they are), so JSON output
/// stays valid JSON.
pub fn guard_json(v: &mut serde_json::Value, own_contact: &str) -> Vec<Finding> {
    let mut findings = vec![];
    walk_json(v, own_contact, &mut findings);
    findings
}

fn walk_json(v: &mut serde_json::Value, own: &str, findings: &mut Vec<Finding>) {
    use serde_json::Value;
    match v {
        Value::String(s) => {
            let g = guard(s, own);
            if !g.findings.is_empty() {
                *s = g.text;
                findings.extend(g.findings);
            }
        }
        Value::Array(a) => a.iter_mut().for_each(|x| walk_json(x, own, findings)),
        Value::Object(m) => m.values_mut().for_each(|x| walk_json(x, own, findings)),
        _ => {}
    }
}

/// Only the card rule: for `payment_method`, where a full card number typed by mistake is
/// masked on save and anything else is kept as typed.
pub fn mask_card_numbers(s: &str) -> String {
    mask_numbers(s, None, false, None, &mut vec![])
}

/// Whether `text` holds something the secret rule would remove (used to warn about notes,
/// which are never copied into messages).
pub fn has_secret(text: &str) -> bool {
    let mut f = vec![];
    mask_secrets(text, &mut f);
    !f.is_empty()
}

fn mask_digits(s: &str) -> String {
    let total = s.chars().filter(|c| c.is_ascii_alphanumeric()).count();
    let mut seen = 0;
    s.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                seen += 1;
                if seen + 4 <= total { '*' } else { c }
            } else {
                c
            }
        })
        .collect()
}

pub fn luhn_ok(digits: &str) -> bool {
    let mut sum = 0;
    for (i, c) in digits.chars().rev().enumerate() {
        let Some(mut d) = c.to_digit(10) else {
            return false;
        };
        if i % 2 == 1 {
            d *= 2;
            if d > 9 {
                d -= 9;
            }
        }
        sum += d;
    }
    !digits.is_empty() && sum % 10 == 0
}

/// The GB 11643 check character of an 18-character resident ID number.
pub fn prc_id_ok(id: &str) -> bool {
    const WEIGHTS: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    const CHECK: &[u8; 11] = b"10X98765432";
    let b = id.as_bytes();
    if b.len() != 18 || !b[..17].iter().all(u8::is_ascii_digit) {
        return false;
    }
    let sum: u32 = b[..17]
        .iter()
        .zip(WEIGHTS)
        .map(|(d, w)| u32::from(d - b'0') * w)
        .sum();
    b[17].to_ascii_uppercase() == CHECK[(sum % 11) as usize]
}

/// Digits of the user's own phone, without a `+86`/`0086` prefix, if `contact` holds one.
fn own_phone_digits(contact: &str) -> Option<String> {
    let digits: String = contact.chars().filter(char::is_ascii_digit).collect();
    (digits.len() >= 7).then(|| strip_cn_prefix(&digits).to_string())
}

fn strip_cn_prefix(digits: &str) -> &str {
    if digits.len() == 15 && digits.starts_with("0086") {
        &digits[4..]
    } else if digits.len() == 13 && digits.starts_with("86") {
        &digits[2..]
    } else {
        digits
    }
}

fn is_cn_mobile(d: &str) -> bool {
    let b = d.as_bytes();
    b.len() == 11 && b[0] == b'1' && (b'3'..=b'9').contains(&b[1])
}

/// A span of the text that looks like one number: digits with single spaces or dashes between
/// them, an optional leading `+`, and an `X` right after 17 digits (ID numbers).
fn number_spans(chars: &[char]) -> Vec<Range<usize>> {
    let mut spans = vec![];
    let mut i = 0;
    while i < chars.len() {
        let plus = chars[i] == '+' && chars.get(i + 1).is_some_and(char::is_ascii_digit);
        if !(plus || chars[i].is_ascii_digit()) {
            i += 1;
            continue;
        }
        let start = i;
        i += 1;
        while i < chars.len() {
            let c = chars[i];
            let joins =
                (c == ' ' || c == '-') && chars.get(i + 1).is_some_and(char::is_ascii_digit);
            if c.is_ascii_digit() || joins {
                i += 1;
            } else {
                break;
            }
        }
        if i < chars.len() && matches!(chars[i], 'X' | 'x') {
            let digits = chars[start..i]
                .iter()
                .filter(|c| c.is_ascii_digit())
                .count();
            let next_alnum = chars.get(i + 1).is_some_and(char::is_ascii_alphanumeric);
            if digits == 17 && !next_alnum {
                i += 1;
            }
        }
        spans.push(start..i);
    }
    spans
}

/// Card-like grouping: one group, or groups of 4–6 digits with a shorter last one allowed.
fn card_grouping(groups: &[&str]) -> bool {
    groups.len() == 1
        || groups[..groups.len() - 1]
            .iter()
            .all(|g| (4..=6).contains(&g.len()))
}

/// How a span (or one of its groups) is classified.
fn classify(s: &str, own: Option<&str>, phones: bool, before_alnum: bool) -> Option<FindingKind> {
    let compact: String = s
        .trim_start_matches('+')
        .chars()
        .filter(|c| !matches!(c, ' ' | '-'))
        .collect();
    let digits: String = compact.chars().filter(char::is_ascii_digit).collect();
    let groups: Vec<&str> = s
        .trim_start_matches('+')
        .split([' ', '-'])
        .filter(|g| !g.is_empty())
        .collect();
    if phones && compact.len() == 18 && prc_id_ok(&compact) {
        return Some(FindingKind::IdNumber);
    }
    if compact.len() == digits.len()
        && (13..=19).contains(&digits.len())
        && !s.starts_with('+')
        && card_grouping(&groups)
        && luhn_ok(&digits)
    {
        return Some(FindingKind::CardNumber);
    }
    if !phones || before_alnum || compact.len() != digits.len() {
        return None;
    }
    let national = strip_cn_prefix(&digits);
    if own.is_some_and(|o| o == national || o == digits) {
        return None;
    }
    let cn_prefixed = s.starts_with("+86") || s.starts_with("0086") || digits.len() == 11;
    let landline = digits.starts_with('0')
        && groups.len() == 2
        && (3..=4).contains(&groups[0].len())
        && (7..=8).contains(&groups[1].len());
    let service_line =
        digits.len() == 10 && (digits.starts_with("400") || digits.starts_with("800"));
    if (cn_prefixed && is_cn_mobile(national))
        || landline
        || (s.starts_with('+') && (7..=15).contains(&digits.len()) && !service_line)
    {
        return Some(FindingKind::Phone);
    }
    None
}

fn mask_numbers(
    text: &str,
    own: Option<&str>,
    phones: bool,
    card: Option<&str>,
    findings: &mut Vec<Finding>,
) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    let mut last = 0;
    for span in number_spans(&chars) {
        let before_alnum = span.start > 0 && chars[span.start - 1].is_ascii_alphanumeric();
        let after_alnum = chars.get(span.end).is_some_and(char::is_ascii_alphanumeric);
        let whole: String = chars[span.clone()].iter().collect();
        out.extend(&chars[last..span.start]);
        last = span.end;
        let edge = before_alnum || after_alnum;
        if let Some(kind) = classify(&whole, own, phones, edge) {
            push_masked(&mut out, kind, &whole, card, findings);
            continue;
        }
        // A run joined by separators may be several numbers: a date and a phone, say.
        if !whole.contains([' ', '-']) {
            out.push_str(&whole);
            continue;
        }
        let mut piece_start = 0;
        let pieces: Vec<&str> = whole.split_inclusive([' ', '-']).collect();
        for (n, piece) in pieces.iter().enumerate() {
            let body = piece.trim_end_matches([' ', '-']);
            let sep = &piece[body.len()..];
            let first = n == 0;
            let last_piece = n + 1 == pieces.len();
            let edge = (first && before_alnum) || (last_piece && after_alnum);
            match classify(body, own, phones, edge) {
                Some(kind) => push_masked(&mut out, kind, body, card, findings),
                None => out.push_str(body),
            }
            out.push_str(sep);
            piece_start += piece.len();
        }
        debug_assert_eq!(piece_start, whole.len());
    }
    out.extend(&chars[last..]);
    out
}

/// Mask one number into `out` and record it: digits but the last four as `*`, or a card in
/// words when `card` is given.
fn push_masked(
    out: &mut String,
    kind: FindingKind,
    number: &str,
    card: Option<&str>,
    findings: &mut Vec<Finding>,
) {
    let masked = match card.filter(|_| kind == FindingKind::CardNumber) {
        Some(card) => {
            let digits: String = number.chars().filter(char::is_ascii_digit).collect();
            push_card(out, card, &digits[digits.len().saturating_sub(4)..])
        }
        None => {
            let masked = mask_digits(number);
            out.push_str(&masked);
            masked
        }
    };
    findings.push(Finding { kind, masked });
}

#[cfg(test)]
#[path = "privacy_tests.rs"]
mod tests;
