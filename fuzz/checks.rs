// The properties both fuzz targets check, shared with tests/fuzz_corpus.rs (which includes
// this file) so the committed corpus is replayed against exactly the same rules.

/// Any bytes: the loader answers with a case or an error, never a panic; a case it accepts
/// writes out and reads back as the same case.
#[allow(dead_code)]
pub fn check_case_loader(data: &[u8]) {
    if let Ok((case, _newer)) = paytwice::storage::parse_case(data) {
        let bytes = serde_json::to_vec_pretty(&case).expect("a loaded case serializes");
        let (again, _) = paytwice::storage::parse_case(&bytes).expect("and parses back");
        assert_eq!(again, case, "round trip");
    }
}

/// Any text: the sanitizer's output holds no control character but newline, no bidi
/// override, and `clean_line` no newline either.
#[allow(dead_code)]
pub fn check_sanitize(data: &[u8]) {
    let Ok(s) = std::str::from_utf8(data) else {
        return;
    };
    let bad = |c: char, newline_ok: bool| {
        (c.is_control() && !(newline_ok && c == '\n'))
            || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200E}' | '\u{200F}' | '\u{061C}')
    };
    let out = paytwice::domain::sanitize::clean(s);
    assert!(!out.chars().any(|c| bad(c, true)), "clean: {out:?}");
    let line = paytwice::domain::sanitize::clean_line(s);
    assert!(!line.chars().any(|c| bad(c, false)), "clean_line: {line:?}");
}
