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
/// is standard input or the process's controlling terminal (`/dev/tty`, which crossterm reads
/// keys from). Under cron, in a pipe or with output redirected there is none.
pub fn available() -> bool {
    use std::io::IsTerminal;
    io::stdout().is_terminal()
        && (io::stdin().is_terminal() || std::fs::File::open("/dev/tty").is_ok())
}

pub fn enter() -> io::Result<()> {
    enable_raw_mode()?;
    execute!(
        io::stdout(),
        EnterAlternateScreen,
        EnableMouseCapture,
        EnableBracketedPaste
    )
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
