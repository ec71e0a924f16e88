//! Copy a message to the clipboard two ways at once: OSC 52 asks the terminal to do it (works
//! over SSH, but GNOME Terminal, other VTE-based terminals and macOS Terminal drop it
//! silently), and the system clipboard is set directly where there is one (X11, macOS,
//! Windows, through `arboard`). The caller is told which arrived for sure, so the screen can
//! say what was done. Called only by the event loop, never while drawing.

use std::cell::RefCell;
use std::io::Write;

const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/// Standard base64 with padding (RFC 4648), which OSC 52 expects.
pub fn base64(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            *chunk.get(1).unwrap_or(&0),
            *chunk.get(2).unwrap_or(&0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(ALPHABET[((n >> (18 - 6 * i)) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// The escape sequence that asks the terminal to put `text` on the clipboard.
pub fn osc52(text: &str) -> String {
    format!("\x1b]52;c;{}\x07", base64(text.as_bytes()))
}

/// What a copy achieved.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Copied {
    /// The system clipboard holds the text (and the terminal was asked too).
    System,
    /// Only the terminal was asked: it may or may not have done it.
    TerminalAsked,
    /// Neither worked (no system clipboard, and the terminal could not be written to).
    Failed,
}

/// A clipboard the program can set directly.
pub trait SystemClipboard {
    fn set_text(&mut self, text: &str) -> Result<(), String>;
}

impl SystemClipboard for arboard::Clipboard {
    fn set_text(&mut self, text: &str) -> Result<(), String> {
        arboard::Clipboard::set_text(self, text).map_err(|e| e.to_string())
    }
}

/// Ask the terminal (OSC 52) and set `system` when there is one.
pub fn copy_with(
    out: &mut impl Write,
    text: &str,
    system: Option<&mut dyn SystemClipboard>,
) -> Copied {
    let asked = out
        .write_all(osc52(text).as_bytes())
        .and_then(|()| out.flush())
        .is_ok();
    match system.map(|s| s.set_text(text)) {
        Some(Ok(())) => Copied::System,
        _ if asked => Copied::TerminalAsked,
        _ => Copied::Failed,
    }
}

thread_local! {
    /// The system clipboard, opened on the first copy and kept: on X11 what was copied stays
    /// available only while its owner lives. `None` inside when there is none (no display).
    static SYSTEM: RefCell<Option<Option<arboard::Clipboard>>> = const { RefCell::new(None) };
}

/// Copy `text` both ways (see the module).
pub fn copy(out: &mut impl Write, text: &str) -> Copied {
    SYSTEM.with(|cell| {
        let mut slot = cell.borrow_mut();
        let system = slot.get_or_insert_with(|| arboard::Clipboard::new().ok());
        copy_with(
            out,
            text,
            system.as_mut().map(|c| c as &mut dyn SystemClipboard),
        )
    })
}

#[cfg(test)]
mod tests {
    use std::io;

    use super::*;

    #[test]
    fn base64_matches_the_rfc_vectors() {
        for (input, want) in [
            ("", ""),
            ("f", "Zg=="),
            ("fo", "Zm8="),
            ("foo", "Zm9v"),
            ("foob", "Zm9vYg=="),
            ("fooba", "Zm9vYmE="),
            ("foobar", "Zm9vYmFy"),
        ] {
            assert_eq!(base64(input.as_bytes()), want);
        }
        assert_eq!(base64("退款".as_bytes()), "6YCA5qy+");
    }

    #[test]
    fn the_sequence_carries_no_raw_text() {
        let mut buf = vec![];
        copy_with(&mut buf, "a\x1b]0;evil\x07b", None);
        let s = String::from_utf8(buf).unwrap();
        assert!(s.starts_with("\x1b]52;c;") && s.ends_with('\x07'));
        assert_eq!(s.matches('\x1b').count(), 1, "the payload is encoded");
    }

    struct Fake(Result<(), String>, Vec<String>);

    impl SystemClipboard for Fake {
        fn set_text(&mut self, text: &str) -> Result<(), String> {
            self.1.push(text.to_string());
            self.0.clone()
        }
    }

    struct Closed;

    impl Write for Closed {
        fn write(&mut self, _: &[u8]) -> io::Result<usize> {
            Err(io::Error::from(io::ErrorKind::BrokenPipe))
        }
        fn flush(&mut self) -> io::Result<()> {
            Ok(())
        }
    }

    #[test]
    fn both_ways_are_tried_and_the_result_says_which_arrived() {
        let mut buf = vec![];
        let mut ok = Fake(Ok(()), vec![]);
        assert_eq!(copy_with(&mut buf, "退款", Some(&mut ok)), Copied::System);
        assert_eq!(ok.1, ["退款"]);
        assert!(String::from_utf8(buf).unwrap().starts_with("\x1b]52;c;"));
        let mut broken = Fake(Err("no display".into()), vec![]);
        let mut buf = vec![];
        assert_eq!(
            copy_with(&mut buf, "x", Some(&mut broken)),
            Copied::TerminalAsked
        );
        assert_eq!(copy_with(&mut vec![], "x", None), Copied::TerminalAsked);
        assert_eq!(copy_with(&mut Closed, "x", None), Copied::Failed);
        let mut ok = Fake(Ok(()), vec![]);
        assert_eq!(copy_with(&mut Closed, "x", Some(&mut ok)), Copied::System);
    }
}
