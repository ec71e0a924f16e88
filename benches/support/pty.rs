//! A program started in a fresh 100×30 pseudo-terminal, its screen read through `vt100`:
//! the start-up bench times the first frame this way, and `examples/startup_order.rs` traces
//! it.

use std::io::{Read, Write};
use std::num::NonZeroU16;
use std::sync::mpsc;
use std::time::{Duration, Instant};

use portable_pty::{Child, CommandBuilder, PtySize, native_pty_system};

pub const ROWS: u16 = 30;
pub const COLS: u16 = 100;

pub struct Started {
    child: Box<dyn Child + Send + Sync>,
    writer: Box<dyn Write + Send>,
    output: mpsc::Receiver<Vec<u8>>,
    screen: vt100::Parser,
    /// Taken just before the spawn.
    pub at: Instant,
}

/// Spawn `cmd` (with `TERM` set) in a new pseudo-terminal; a thread forwards what it writes.
pub fn start(mut cmd: CommandBuilder) -> Result<Started, String> {
    let pty = native_pty_system()
        .openpty(PtySize {
            rows: ROWS,
            cols: COLS,
            pixel_width: 0,
            pixel_height: 0,
        })
        .map_err(|e| e.to_string())?;
    cmd.env("TERM", "xterm-256color");
    let mut reader = pty.master.try_clone_reader().map_err(|e| e.to_string())?;
    let writer = pty.master.take_writer().map_err(|e| e.to_string())?;
    let (tx, output) = mpsc::channel::<Vec<u8>>();
    std::thread::spawn(move || {
        let mut buf = [0u8; 16 * 1024];
        while let Ok(n) = reader.read(&mut buf) {
            if n == 0 || tx.send(buf[..n].to_vec()).is_err() {
                break;
            }
        }
    });
    let at = Instant::now();
    let child = pty.slave.spawn_command(cmd).map_err(|e| e.to_string())?;
    drop(pty.slave);
    Ok(Started {
        child,
        writer,
        output,
        screen: vt100::Parser::new(
            NonZeroU16::new(ROWS).unwrap(),
            NonZeroU16::new(COLS).unwrap(),
            0,
        ),
        at,
    })
}

impl Started {
    pub fn pid(&self) -> Option<u32> {
        self.child.process_id()
    }

    /// Wait until the first complete frame is on the screen: `marker` shown and the bottom row
    /// drawn. Gives up `give_up` after the spawn, with the screen as it was.
    pub fn wait_for_frame(&mut self, marker: &str, give_up: Duration) -> Result<(), String> {
        loop {
            let left = give_up.saturating_sub(self.at.elapsed());
            let Ok(bytes) = self.output.recv_timeout(left) else {
                return Err(format!(
                    "no first frame showing {marker:?} within {give_up:?}; screen:\n{}",
                    self.screen.screen().contents()
                ));
            };
            self.screen.process(&bytes);
            let s = self.screen.screen();
            let bottom = s.rows(0, COLS).last().is_some_and(|r| !r.trim().is_empty());
            if bottom && s.contents().contains(marker) {
                return Ok(());
            }
        }
    }

    /// Press `q` and wait for the program to end, killing it after `patience`.
    pub fn quit(mut self, patience: Duration) {
        let _ = self.writer.write_all(b"q");
        let _ = self.writer.flush();
        let quit_by = Instant::now() + patience;
        loop {
            match self.child.try_wait() {
                Ok(Some(_)) => return,
                Ok(None) if Instant::now() < quit_by => {
                    std::thread::sleep(Duration::from_millis(2))
                }
                _ => {
                    let _ = self.child.kill();
                    let _ = self.child.wait();
                    return;
                }
            }
        }
    }
}
