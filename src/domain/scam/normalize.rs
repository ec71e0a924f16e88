//! The text the scam rules read: every form trick a scammer uses to slip a word past a list
//! undone, with each character traced back to the original so excerpts quote what the user
//! pasted (issue 12).
//!
//! In order, per character: Unicode NFKC (full-width forms, math-bold letters, circled
//! digits); invisible characters (zero-width, soft hyphen, variation selectors) dropped; emoji
//! and other symbols made spaces; lower case; Cyrillic and Greek look-alikes → Latin. Then,
//! over the whole text: runs of spaces made one; spaces and filler punctuation between two
//! Chinese characters dropped (`验 证.码`); Traditional → Simplified (OpenCC's tables through
//! `hanconv`); letters spelled out with spaces joined (`c o d e`); digits standing for letters
//! inside a word read as letters (`c0de`, `0TP`, `V0DAF0NE`).
//!
//! Pure and total: any string gives an answer; the output is a fixed point (normalising it
//! again changes nothing); `origin[i]` is the index (in chars) of the original character that
//! `text[i]` came from, never decreasing.

use unicode_normalization::UnicodeNormalization;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Normalized {
    pub text: Vec<char>,
    pub origin: Vec<usize>,
}

impl Normalized {
    pub fn as_string(&self) -> String {
        self.text.iter().collect()
    }
}

pub fn normalize(input: &str) -> Normalized {
    let mut text = vec![];
    let mut origin = vec![];
    // Per character, so that every output character knows where it came from.
    for (i, c) in input.chars().enumerate() {
        for n in std::iter::once(c).nfkc() {
            if invisible(n) {
                continue;
            }
            text.push(if symbol(n) { ' ' } else { n });
            origin.push(i);
        }
    }
    for c in text.iter_mut() {
        *c = look_alike(lower(*c));
    }
    let (text, origin) = collapse_spaces(text, origin);
    let (mut text, origin) = squeeze(text, origin);
    // After the wedges are out, so that OpenCC sees whole phrases.
    simplify(&mut text);
    let (text, origin) = join_spelled_letters(text, origin);
    let text = letters_for_digits(text);
    Normalized { text, origin }
}

/// Characters with no look of their own, used to split a word invisibly.
fn invisible(c: char) -> bool {
    matches!(c,
        '\u{00AD}' | '\u{034F}' | '\u{061C}' | '\u{115F}' | '\u{1160}' | '\u{17B4}' | '\u{17B5}'
        | '\u{180B}'..='\u{180F}' | '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}'
        | '\u{2060}'..='\u{206F}' | '\u{3164}' | '\u{FE00}'..='\u{FE0F}' | '\u{FEFF}'
        | '\u{FFA0}' | '\u{E0000}'..='\u{E0FFF}')
}

/// Emoji, pictographs, dingbats and box drawing: decoration, or a wedge inside a word.
fn symbol(c: char) -> bool {
    matches!(c,
        '\u{2190}'..='\u{21FF}' | '\u{2300}'..='\u{23FF}' | '\u{2500}'..='\u{27BF}'
        | '\u{2B00}'..='\u{2BFF}' | '\u{1F000}'..='\u{1FAFF}')
}

/// Traditional → Simplified, one character for one so that origins stay aligned, repeated
/// until nothing changes: OpenCC's tables chain a few variants (薴 → 苧 → 苎), and the result
/// must be a fixed point.
fn simplify(text: &mut [char]) {
    for _ in 0..4 {
        let before = text.to_vec();
        simplify_once(text);
        if text == &before[..] {
            break;
        }
    }
}

/// One pass: the whole text first (OpenCC's phrase table picks the right character where one
/// Traditional character has two Simplified ones); where that changed the length, each
/// character on its own.
fn simplify_once(text: &mut [char]) {
    if !text.iter().any(|&c| is_han(c)) {
        return;
    }
    let s: String = text.iter().collect();
    let converted: Vec<char> = hanconv::t2s(&s).chars().collect();
    if converted.len() == text.len() {
        text.copy_from_slice(&converted);
        return;
    }
    for c in text.iter_mut().filter(|c| is_han(**c)) {
        let one: Vec<char> = hanconv::t2s(c.to_string()).chars().collect();
        if let [s] = one[..] {
            *c = s;
        }
    }
}

pub fn is_han(c: char) -> bool {
    matches!(c, '\u{3400}'..='\u{4DBF}' | '\u{4E00}'..='\u{9FFF}' | '\u{F900}'..='\u{FAFF}'
        | '\u{20000}'..='\u{2FA1F}')
}

/// Cyrillic and Greek letters that look like Latin ones (`аррӏе`, `ΡayΡal`).
fn look_alike(c: char) -> char {
    match c {
        'а' | 'А' | 'α' | 'Α' => 'a',
        'в' | 'В' | 'β' | 'Β' => 'b',
        'с' | 'С' | 'ϲ' | 'Ϲ' => 'c',
        'е' | 'Е' | 'ё' | 'Ё' | 'ε' | 'Ε' => 'e',
        'һ' | 'Һ' | 'Н' | 'Η' => 'h',
        'і' | 'І' | 'ι' | 'Ι' | 'ӏ' | 'Ӏ' => 'i',
        'ј' | 'Ј' => 'j',
        'к' | 'К' | 'κ' | 'Κ' => 'k',
        'М' | 'Μ' => 'm',
        'Ν' => 'n',
        'о' | 'О' | 'ο' | 'Ο' | 'σ' => 'o',
        'р' | 'Р' | 'ρ' | 'Ρ' => 'p',
        'ԛ' | 'Ԛ' => 'q',
        'ѕ' | 'Ѕ' => 's',
        'т' | 'Т' | 'τ' | 'Τ' => 't',
        'υ' | 'Υ' => 'u',
        'ν' => 'v',
        'ԝ' | 'Ԝ' => 'w',
        'х' | 'Х' | 'χ' | 'Χ' => 'x',
        'у' | 'У' | 'γ' => 'y',
        'Ζ' => 'z',
        c => c,
    }
}

fn lower(c: char) -> char {
    let mut l = c.to_lowercase();
    match (l.next(), l.next()) {
        (Some(l), None) => l,
        _ => c,
    }
}

/// Spaces and filler punctuation (`. - _ * · / \ | ~ ^ +`) standing between two Chinese
/// characters are wedges, not text: `验 证.码` is `验证码`.
fn squeeze(text: Vec<char>, origin: Vec<usize>) -> (Vec<char>, Vec<usize>) {
    let filler = |c: char| {
        c.is_whitespace() && c != '\n'
            || matches!(
                c,
                '.' | '-' | '_' | '*' | '·' | '•' | '/' | '\\' | '|' | '~' | '^' | '+' | '・'
            )
    };
    let mut keep = vec![true; text.len()];
    let mut i = 0;
    while i < text.len() {
        if filler(text[i]) {
            let start = i;
            while i < text.len() && filler(text[i]) {
                i += 1;
            }
            let before = start.checked_sub(1).map(|b| text[b]);
            let after = text.get(i).copied();
            if before.is_some_and(is_han) && after.is_some_and(is_han) && i - start <= 3 {
                keep[start..i].iter_mut().for_each(|k| *k = false);
            }
        } else {
            i += 1;
        }
    }
    retain(text, origin, &keep)
}

fn retain(text: Vec<char>, origin: Vec<usize>, keep: &[bool]) -> (Vec<char>, Vec<usize>) {
    text.into_iter()
        .zip(origin)
        .zip(keep)
        .filter(|(_, k)| **k)
        .map(|(p, _)| p)
        .unzip()
}

/// Three or more single letters each followed by one space, dot or dash (`c o d e`,
/// `O.T.P`) are one word.
fn join_spelled_letters(text: Vec<char>, origin: Vec<usize>) -> (Vec<char>, Vec<usize>) {
    let letter = |i: usize| text.get(i).is_some_and(|c| c.is_ascii_alphabetic());
    let sep = |i: usize| text.get(i).is_some_and(|&c| matches!(c, ' ' | '.' | '-'));
    let mut keep = vec![true; text.len()];
    let mut i = 0;
    while i < text.len() {
        let lone_start = letter(i) && (i == 0 || !text[i - 1].is_ascii_alphanumeric());
        if !lone_start {
            i += 1;
            continue;
        }
        // Count letters in the pattern L s L s L … where each L stands alone.
        let mut j = i;
        let mut letters = 1;
        while sep(j + 1)
            && letter(j + 2)
            && !text.get(j + 3).is_some_and(|c| c.is_ascii_alphanumeric())
        {
            j += 2;
            letters += 1;
        }
        if letters >= 3 {
            (i + 1..j).step_by(2).for_each(|s| keep[s] = false);
        }
        i = j + 1;
    }
    retain(text, origin, &keep)
}

/// Inside a word of letters and digits with at least as many letters as digits, `0 1 3 5`
/// are the letters they imitate. Numbers, amounts and codes (mostly digits) stay as they are.
fn letters_for_digits(mut text: Vec<char>) -> Vec<char> {
    let mut i = 0;
    while i < text.len() {
        if !text[i].is_ascii_alphanumeric() {
            i += 1;
            continue;
        }
        let start = i;
        while i < text.len() && text[i].is_ascii_alphanumeric() {
            i += 1;
        }
        let word = &mut text[start..i];
        let letters = word.iter().filter(|c| c.is_ascii_alphabetic()).count();
        let digits = word.len() - letters;
        if letters > 0 && digits > 0 && letters >= digits {
            for c in word.iter_mut() {
                *c = match *c {
                    '0' => 'o',
                    '1' => 'i',
                    '3' => 'e',
                    '5' => 's',
                    c => c,
                };
            }
        }
    }
    text
}

/// Every run of spaces (not newlines) becomes one space.
fn collapse_spaces(text: Vec<char>, origin: Vec<usize>) -> (Vec<char>, Vec<usize>) {
    let mut out = (vec![], vec![]);
    for (c, o) in text.into_iter().zip(origin) {
        let c = if c != '\n' && c.is_whitespace() {
            ' '
        } else {
            c
        };
        if c == ' ' && out.0.last() == Some(&' ') {
            continue;
        }
        out.0.push(c);
        out.1.push(o);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn n(s: &str) -> String {
        normalize(s).as_string()
    }

    #[test]
    fn form_tricks_are_undone() {
        assert_eq!(n("請把驗證碼發給我"), "请把验证码发给我");
        assert_eq!(n("验 证 码"), "验证码");
        assert_eq!(n("验.证-码"), "验证码");
        assert_eq!(n("验\u{200B}证\u{200D}码"), "验证码");
        assert_eq!(n("验🔥证码"), "验证码");
        assert_eq!(n("ＶＥＲＩＦＩＣＡＴＩＯＮ"), "verification");
        assert_eq!(n("𝐜𝐨𝐝𝐞"), "code");
        assert_eq!(n("раураl"), "paypal");
        assert_eq!(n("send the c0de and 0TP"), "send the code and otp");
        assert_eq!(n("c o d e please"), "code please");
        assert_eq!(n("O.T.P"), "otp");
    }

    #[test]
    fn numbers_amounts_and_plain_words_stay() {
        assert_eq!(
            n("Amount 38.50 on 2026-11-20, ref 1z999aa10123456784"),
            "amount 38.50 on 2026-11-20, ref 1z999aa10123456784"
        );
        assert_eq!(n("I am a student"), "i am a student");
        assert_eq!(n("第2笔 38.50元"), "第2笔 38.50元");
        assert_eq!(n("line one\nline two"), "line one\nline two");
    }

    #[test]
    fn origins_point_at_the_original_characters() {
        let src = "驗 證\u{200B}碼 ｃ0de";
        let out = normalize(src);
        let chars: Vec<char> = src.chars().collect();
        assert_eq!(out.as_string(), "验证码 code");
        assert_eq!(chars[out.origin[0]], '驗');
        assert_eq!(chars[out.origin[2]], '碼');
        assert_eq!(chars[out.origin[4]], 'ｃ');
        assert_eq!(chars[out.origin[5]], '0');
    }
}
