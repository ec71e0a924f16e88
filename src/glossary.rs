//! How Chinese text must read, checked on every Chinese word the program owns (assets and the
//! messages it writes): no ASCII space between two Chinese characters, and no half-width
//! `,:;?!` right after a Chinese character (full-width `，：；？！` there). The glossary of
//! recurring terms (`assets/glossary.json`) is held to the assets by `tests/glossary.rs`.

/// A Chinese character (CJK ideographs, extension A included).
pub fn is_han(c: char) -> bool {
    matches!(c, '\u{3400}'..='\u{4dbf}' | '\u{4e00}'..='\u{9fff}' | '\u{f900}'..='\u{faff}')
}

/// Chinese text around a space: an ideograph or full-width punctuation (`。`, `（`, `：`).
fn is_cjk(c: char) -> bool {
    is_han(c) || matches!(c, '\u{3000}'..='\u{303f}' | '\u{ff01}'..='\u{ff60}')
}

/// Where `text` breaks the rules, each with a few characters around it; empty when it reads
/// as Chinese should.
pub fn typography_problems(text: &str) -> Vec<String> {
    let chars: Vec<char> = text.chars().collect();
    let around = |i: usize| -> String {
        let from = i.saturating_sub(6);
        chars[from..(i + 6).min(chars.len())].iter().collect()
    };
    let mut out = vec![];
    for i in 0..chars.len() {
        let c = chars[i];
        if c == ' ' && i > 0 && is_cjk(chars[i - 1]) {
            let next = chars[i..].iter().find(|c| **c != ' ');
            let one_side_han = is_han(chars[i - 1]) || next.is_some_and(|n| is_han(*n));
            if one_side_han && next.is_some_and(|n| is_cjk(*n)) {
                out.push(format!("space between Chinese characters: «{}»", around(i)));
            }
        }
        if matches!(c, ',' | ':' | ';' | '?' | '!') && i > 0 && is_han(chars[i - 1]) {
            out.push(format!("half-width `{c}` after Chinese: «{}»", around(i)));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::typography_problems as p;

    #[test]
    fn spaces_and_half_width_punctuation_in_chinese_are_found() {
        assert_eq!(p("通过 微信支付 被扣款两次").len(), 2);
        assert_eq!(p("微信支付 客服您好").len(), 1);
        assert_eq!(p("商家：（编号 M-1）。 请回复").len(), 1);
        assert_eq!(p("金额:38.50 元").len(), 1);
        for bad in ["你好,", "为什么?", "注意!", "如下;"] {
            assert_eq!(p(bad).len(), 1, "{bad}");
        }
        // Fine: spaces next to Latin letters and digits, full-width punctuation, English.
        for good in [
            "通过微信支付被扣了两次款",
            "38.50 元，交易单号 4200001234",
            "Corner Coffee 客服您好：",
            "按 y 删除",
            "Hello, world: fine; ok? yes!",
            "  - 2026-11-21，商家",
            "",
        ] {
            assert!(p(good).is_empty(), "{good}: {:?}", p(good));
        }
    }
}
