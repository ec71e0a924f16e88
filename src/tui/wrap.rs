//! Wrapping to display columns by the Unicode line-breaking rules (UAX #14, through the
//! `unicode-linebreak` crate): Chinese may break between characters but never so that a line
//! starts with 。，、；：？！」） and friends or ends with an opening bracket; other text breaks
//! at spaces (and after hyphens); a piece longer than the line is cut. Done here rather than by
//! `Paragraph::wrap` so the case view knows which line each checklist item lands on.

use unicode_linebreak::{BreakClass, BreakOpportunity, break_property, linebreaks};
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
    let mut start = 0;
    for (end, kind) in linebreaks(line) {
        // A piece between two break opportunities, with the spaces it ends in.
        let piece = &line[start..end];
        start = end;
        let body_w = piece.trim_end().width();
        if cur_w + body_w > width && !cur.is_empty() {
            out.push(cur.trim_end().to_string());
            cur.clear();
            cur_w = 0;
        }
        if body_w > width {
            // One piece wider than the line (a long number or link): cut it by characters.
            for c in piece.chars() {
                let cw = c.width().unwrap_or(0);
                if cur_w + cw > width && !cur.is_empty() {
                    // Closing punctuation takes the character before it to the next line.
                    let carried = match cur.chars().last() {
                        Some(last) if closes(c) && cur.chars().count() > 1 => {
                            cur.pop();
                            Some(last)
                        }
                        _ => None,
                    };
                    out.push(std::mem::take(&mut cur).trim_end().to_string());
                    cur_w = 0;
                    if c == ' ' {
                        continue;
                    }
                    if let Some(last) = carried {
                        cur.push(last);
                        cur_w += last.width().unwrap_or(0);
                    }
                }
                cur.push(c);
                cur_w += cw;
            }
        } else {
            cur.push_str(piece);
            cur_w += piece.width();
        }
        if kind == BreakOpportunity::Mandatory && end < line.len() {
            out.push(std::mem::take(&mut cur).trim_end().to_string());
            cur_w = 0;
        }
    }
    if !cur.is_empty() || out.is_empty() {
        out.push(cur.trim_end().to_string());
    }
}

/// A character no line may start with: closing brackets and punctuation, `!`/`?`, and
/// Chinese stops and commas (UAX #14 classes CL, CP, EX, IS, NS).
fn closes(c: char) -> bool {
    use BreakClass::*;
    matches!(
        break_property(c as u32),
        ClosePunctuation | CloseParenthesis | Exclamation | InfixSeparator | NonStarter
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What no line may start with in Chinese text (closing punctuation).
    const NO_START: &str = "。，、；：？！」）』》〉】…%";

    #[test]
    fn wraps_words_and_cjk_within_width() {
        let lines = wrap("the quick brown fox jumps", 10);
        assert_eq!(lines, vec!["the quick", "brown fox", "jumps"]);
        let zh = wrap("先确认两笔扣款都已完成，再联系商家。", 10);
        assert!(zh.iter().all(|l| l.width() <= 10), "{zh:?}");
        assert_eq!(zh.concat(), "先确认两笔扣款都已完成，再联系商家。");
        assert_eq!(wrap("abcdefghijkl", 5), vec!["abcde", "fghij", "kl"]);
        assert_eq!(wrap("a\n\nb", 5), vec!["a", "", "b"]);
        assert_eq!(wrap("", 0), vec![""]);
        assert_eq!(wrap("  - indented item", 40), vec!["  - indented item"]);
    }

    #[test]
    fn no_line_starts_with_closing_punctuation() {
        // At width 10 the old wrapper put "，" and "。" at the start of a line.
        let text = "两笔的交易单号一样，说明是同一笔钱显示了两次。如果有一笔还没有支付成功（未完成），它可能会自动撤销。";
        for width in 1..40 {
            let lines = wrap(text, width);
            assert_eq!(lines.concat(), text, "width {width}");
            for l in &lines {
                assert!(l.width() <= width.max(2), "width {width}: {l}");
                if width < 8 {
                    // Too narrow for the rules everywhere: only fit and lose nothing.
                    continue;
                }
                let first = l.chars().next().unwrap();
                assert!(
                    !NO_START.contains(first),
                    "width {width}: «{l}» in {lines:?}"
                );
                let last = l.chars().last().unwrap();
                assert!(!"（「《【".contains(last), "width {width}: «{l}» ends open");
            }
        }
        assert_eq!(
            wrap("扣款都已完成。再联系商家", 6),
            ["扣款都", "已完", "成。再", "联系商", "家"]
        );
    }

    #[test]
    fn a_long_number_is_cut_and_mixed_text_keeps_its_spaces() {
        let lines = wrap("交易单号 4200001234202611201234567890，请核查", 12);
        assert!(lines.iter().all(|l| l.width() <= 12), "{lines:?}");
        assert_eq!(
            lines.concat().replace(' ', ""),
            "交易单号4200001234202611201234567890，请核查"
        );
        assert!(lines.iter().all(|l| !l.starts_with('，')), "{lines:?}");
    }
}
