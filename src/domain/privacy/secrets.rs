//! The secret rule of the guard: a password, PIN or verification code after its keyword
//! (`验证码 482913`, `password: hunter2`) is replaced by `******` and reported. The keyword
//! stays, so the reader still sees that something was left out on purpose.

use super::{Finding, FindingKind, SECRET_MASK};

/// Keywords whose value is any token (after an explicit `:`/`是`/`is`, or containing a digit).
const PASSWORD_WORDS: &[&str] = &[
    "支付密码",
    "登录密码",
    "密码",
    "password",
    "passcode",
    "passwd",
];
/// Keywords whose value must be 3–8 digits.
const CODE_WORDS: &[&str] = &[
    "短信验证码",
    "验证码",
    "校验码",
    "动态码",
    "安全码",
    "verification code",
    "security code",
    "cvv2",
    "cvv",
    "otp",
    "pin",
    "code",
];

fn starts_with_ci(chars: &[char], at: usize, word: &str) -> bool {
    let mut i = at;
    for w in word.chars() {
        match chars.get(i) {
            Some(c) if c.to_lowercase().eq(w.to_lowercase()) => i += 1,
            _ => return false,
        }
    }
    true
}

/// After a keyword: skip separators; returns (value start, whether an explicit separator
/// such as `:` or `是` was seen).
fn skip_separator(chars: &[char], mut i: usize) -> (usize, bool) {
    let mut explicit = false;
    loop {
        match chars.get(i) {
            Some(' ' | '\u{3000}') => i += 1,
            Some(':' | '：' | '=' | '是' | '为' | '為') => {
                explicit = true;
                i += 1;
            }
            Some('i' | 'I') if starts_with_ci(chars, i, "is ") && i > 0 && chars[i - 1] == ' ' => {
                explicit = true;
                i += 2;
            }
            _ => return (i, explicit),
        }
    }
}

pub(super) fn mask_secrets(text: &str, findings: &mut Vec<Finding>) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < chars.len() {
        let ascii_boundary = i == 0 || !chars[i - 1].is_ascii_alphanumeric();
        let hit = PASSWORD_WORDS
            .iter()
            .map(|w| (w, true))
            .chain(CODE_WORDS.iter().map(|w| (w, false)))
            .find(|(w, _)| {
                let ascii = w.is_ascii();
                let n = w.chars().count();
                starts_with_ci(&chars, i, w)
                    && (!ascii
                        || (ascii_boundary
                            && !chars.get(i + n).is_some_and(char::is_ascii_alphabetic)))
            });
        let Some((word, password)) = hit else {
            out.push(chars[i]);
            i += 1;
            continue;
        };
        let kw_end = i + word.chars().count();
        let (vstart, explicit) = skip_separator(&chars, kw_end);
        let mut vend = vstart;
        if password {
            while vend < chars.len()
                && !chars[vend].is_whitespace()
                && !matches!(chars[vend], '，' | '。' | '；' | ',' | ';' | '）' | ')')
                && vend - vstart < 64
            {
                vend += 1;
            }
            // "my password is hunter2." — a sentence's full stop is not part of it.
            while vend > vstart && matches!(chars[vend - 1], '.' | '!' | '?') {
                vend -= 1;
            }
            let has_digit = chars[vstart..vend].iter().any(char::is_ascii_digit);
            if !(explicit || has_digit) {
                vend = vstart;
            }
        } else {
            while vend < chars.len() && chars[vend].is_ascii_digit() {
                vend += 1;
            }
            let n = vend - vstart;
            let glued = chars.get(vend).is_some_and(char::is_ascii_alphanumeric);
            if !(3..=8).contains(&n) || glued {
                vend = vstart;
            }
        }
        out.extend(&chars[i..vstart]);
        if vend > vstart {
            out.push_str(SECRET_MASK);
            findings.push(Finding {
                kind: FindingKind::Secret,
                masked: SECRET_MASK.to_string(),
            });
        }
        i = vend.max(vstart);
    }
    out
}
