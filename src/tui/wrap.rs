//! Wrapping to display columns, CJK-aware: Chinese may break between any two characters,
//! other words break at spaces (a word longer than the line is cut). Done here rather than by
//! `Paragraph::wrap` so the case view knows which line each checklist item lands on.

use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

pub fn wrap(text: &str, width: usize) -> Vec<String> {
    let width = width.max(1);
    let mut out = vec![];
    for para in text.split('\n') {
        wrap_line(para, width, &mut out);
    }
    out
}

fn wrap_line(line: &str, width: usize, out: &mut Vec<String>) {
    if line.width() <= width {
        out.push(line.to_string());
        return;
    }
    let mut cur = String::new();
    let mut cur_w = 0;
    for token in tokens(line) {
        let w = token.width();
        if cur_w + w > width && !cur.is_empty() {
            out.push(cur.trim_end().to_string());
            cur.clear();
            cur_w = 0;
            if token == " " {
                continue;
            }
        }
        if w > width {
            // A single token wider than the line: cut it by characters.
            for c in token.chars() {
                let cw = c.width().unwrap_or(0);
                if cur_w + cw > width && !cur.is_empty() {
                    out.push(std::mem::take(&mut cur));
                    cur_w = 0;
                }
                cur.push(c);
                cur_w += cw;
            }
        } else {
            cur.push_str(token);
            cur_w += w;
        }
    }
    if !cur.is_empty() || out.is_empty() {
        out.push(cur.trim_end().to_string());
    }
}

/// Words, single spaces and single wide characters, in order.
fn tokens(line: &str) -> Vec<&str> {
    let mut v = vec![];
    let mut start = None;
    for (i, c) in line.char_indices() {
        let wide = c.width().unwrap_or(0) > 1;
        if c == ' ' || wide {
            if let Some(s) = start.take() {
                v.push(&line[s..i]);
            }
            v.push(&line[i..i + c.len_utf8()]);
        } else if start.is_none() {
            start = Some(i);
        }
    }
    if let Some(s) = start {
        v.push(&line[s..]);
    }
    v
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wraps_words_and_cjk_within_width() {
        let lines = wrap("the quick brown fox jumps", 10);
        assert_eq!(lines, vec!["the quick", "brown fox", "jumps"]);
        let zh = wrap("先确认两笔扣款都已完成，再联系商户。", 10);
        assert!(zh.iter().all(|l| l.width() <= 10), "{zh:?}");
        assert_eq!(zh.concat(), "先确认两笔扣款都已完成，再联系商户。");
        assert_eq!(wrap("abcdefghijkl", 5), vec!["abcde", "fghij", "kl"]);
        assert_eq!(wrap("a\n\nb", 5), vec!["a", "", "b"]);
        assert_eq!(wrap("", 0), vec![""]);
    }
}
