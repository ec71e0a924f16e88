//! Text from files and pastes is shown, never executed. Control characters, escape sequences
//! (CSI, OSC, C1) and bidirectional overrides become harmless before anything is drawn or
//! printed. Newlines survive where the caller keeps lines; tabs become spaces.

use std::borrow::Cow;

/// Characters that reorder text on screen (Trojan Source) and so can disguise what is shown.
fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200E}' | '\u{200F}' | '\u{061C}')
}

fn is_harmful(c: char) -> bool {
    (c.is_control() && c != '\n') || is_bidi_control(c)
}

/// Make `s` safe to draw or print, keeping newlines. ESC and the other C0/C1 controls show as
/// `�` (so a pasted escape sequence is visibly odd, not silently altered); tabs become a space;
/// `\r\n` and lone `\r` become `\n`.
pub fn clean(s: &str) -> Cow<'_, str> {
    if !s.chars().any(is_harmful) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\r' => {
                if chars.peek() != Some(&'\n') {
                    out.push('\n');
                }
            }
            '\t' => out.push(' '),
            c if is_harmful(c) => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

/// `clean`, and newlines become spaces too: for one-line fields and list rows.
pub fn clean_line(s: &str) -> Cow<'_, str> {
    match clean(s) {
        Cow::Borrowed(b) if !b.contains('\n') => Cow::Borrowed(b),
        other => Cow::Owned(other.replace('\n', " ")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_are_defused() {
        let evil = "a\x1b]52;c;aGk=\x07b\x1b[2Jc\u{9b}31md\u{202E}e\r\nf\tg";
        let out = clean(evil);
        assert!(!out.chars().any(|c| c.is_control() && c != '\n'));
        assert!(!out.contains('\u{202E}'));
        assert!(out.contains("a\u{FFFD}]52;c;aGk=\u{FFFD}b"));
        assert!(out.ends_with("e\nf g"));
        assert_eq!(clean_line("x\ny"), "x y");
    }

    #[test]
    fn plain_text_is_borrowed() {
        assert!(matches!(clean("你好, world\nline"), Cow::Borrowed(_)));
    }
}
