//! Entering and leaving the terminal's program mode. `restore` is safe to call twice and is
//! called on quit, on error, on signals and from the panic hook, so the user's shell is
//! never left in raw mode.

use std::io::{self, Write};

use ratatui::crossterm::{
    cursor::Show,
    event::{DisableBracketedPaste, DisableMouseCapture, EnableBracketedPaste, EnableMouseCapture},
    execute,
    terminal::{EnterAlternateScreen, LeaveAlternateScreen, disable_raw_mode, enable_raw_mode},
};

/// Whether there is a terminal to draw on and read keys from: standard output is one, and so
/// is standard input or the process's own terminal, which crossterm reads keys from
/// (`platform::KEYBOARD`). Under cron, in a pipe or with output redirected there is none.
pub fn available() -> bool {
    use std::io::IsTerminal;
    io::stdout().is_terminal()
        && (io::stdin().is_terminal() || std::fs::File::open(crate::platform::KEYBOARD).is_ok())
}

pub fn enter() -> io::Result<()> {
    enable_raw_mode()?;
    execute!(io::stdout(), EnterAlternateScreen, EnableBracketedPaste)?;
    if mouse_wanted(std::env::var_os(NO_MOUSE).as_deref()) {
        execute!(io::stdout(), EnableMouseCapture)?;
    }
    Ok(())
}

/// Set to anything but empty or `0`, paytwice leaves the mouse to the terminal, so its own
/// selection works for copying text by hand (clicks then do nothing in paytwice).
pub const NO_MOUSE: &str = "PAYTWICE_NO_MOUSE";

/// Whether to capture the mouse, given the value of [`NO_MOUSE`].
pub fn mouse_wanted(no_mouse: Option<&std::ffi::OsStr>) -> bool {
    no_mouse.is_none_or(|v| v.is_empty() || v == "0")
}

pub fn restore() {
    let _ = disable_raw_mode();
    let mut out = io::stdout();
    let _ = execute!(
        out,
        DisableBracketedPaste,
        DisableMouseCapture,
        LeaveAlternateScreen,
        Show
    );
    let _ = out.flush();
}

/// Restore the terminal before the panic message is printed, so it is readable.
pub fn install_panic_hook() {
    let default = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        restore();
        default(info);
    }));
}

#[cfg(test)]
mod tests {
    use std::ffi::OsStr;

    use super::mouse_wanted;

    #[test]
    fn paytwice_no_mouse_leaves_the_mouse_to_the_terminal() {
        assert!(mouse_wanted(None));
        assert!(mouse_wanted(Some(OsStr::new(""))));
        assert!(mouse_wanted(Some(OsStr::new("0"))));
        assert!(!mouse_wanted(Some(OsStr::new("1"))));
        assert!(!mouse_wanted(Some(OsStr::new("yes"))));
    }
}
