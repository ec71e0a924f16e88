//! The built `paytwice` binary in a real pseudo-terminal: a reader thread feeds every byte
//! to a `vt100::Parser` (the screen a user would see) and keeps the raw bytes (to check the
//! escape sequences the program wrote). Waits poll the screen for text; their timeouts are
//! hang guards, not timed assertions.

use std::io::{Read, Write};
use std::num::NonZeroU16;
use std::os::fd::BorrowedFd;
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use portable_pty::{Child, CommandBuilder, MasterPty, PtySize, native_pty_system};

/// Generous: a loaded 2-core CI machine can be slow, and a pass never waits this long.
pub const TIMEOUT: Duration = Duration::from_secs(20);

struct Shared {
    parser: vt100::Parser,
    raw: Vec<u8>,
    /// Set by `close_master`: the reader lets go of its end at its next read.
    stop: bool,
}

pub struct Pty {
    child: Box<dyn Child + Send + Sync>,
    master: Option<Box<dyn MasterPty + Send>>,
    writer: Option<Box<dyn Write + Send>>,
    shared: Arc<Mutex<Shared>>,
    reader: Option<JoinHandle<()>>,
}

/// How to start the program.
pub struct Launch<'a> {
    pub data_dir: &'a Path,
    pub cols: u16,
    pub rows: u16,
    pub lang: &'a str,
    pub env: Vec<(&'a str, &'a str)>,
    pub args: Vec<&'a str>,
    /// Run paytwice through this program (`setsid -w`), which gets the binary as argument.
    pub wrapper: Vec<&'a str>,
}

impl<'a> Launch<'a> {
    pub fn new(data_dir: &'a Path) -> Launch<'a> {
        Launch {
            data_dir,
            cols: 100,
            rows: 30,
            lang: "en_US.UTF-8",
            env: vec![],
            args: vec![],
            wrapper: vec![],
        }
    }

    pub fn lang(mut self, lang: &'a str) -> Self {
        self.lang = lang;
        self
    }

    pub fn size(mut self, cols: u16, rows: u16) -> Self {
        self.cols = cols;
        self.rows = rows;
        self
    }

    pub fn env(mut self, k: &'a str, v: &'a str) -> Self {
        self.env.push((k, v));
        self
    }

    pub fn wrapped(mut self, wrapper: &[&'a str]) -> Self {
        self.wrapper = wrapper.to_vec();
        self
    }

    pub fn spawn(self) -> Pty {
        Pty::spawn(self)
    }
}

impl Pty {
    pub fn spawn(l: Launch) -> Pty {
        let pair = native_pty_system()
            .openpty(PtySize {
                rows: l.rows,
                cols: l.cols,
                pixel_width: 0,
                pixel_height: 0,
            })
            .expect("openpty");
        let bin = env!("CARGO_BIN_EXE_paytwice");
        let mut cmd = match l.wrapper.split_first() {
            Some((w, rest)) => {
                let mut c = CommandBuilder::new(w);
                c.args(rest);
                c.arg(bin);
                c
            }
            None => CommandBuilder::new(bin),
        };
        cmd.args(&l.args);
        cmd.env("PAYTWICE_DATA_DIR", l.data_dir);
        // Template overrides and anything else under the config dir stay in the temp dir too.
        cmd.env("XDG_CONFIG_HOME", l.data_dir.join("config"));
        cmd.env("TERM", "xterm-256color");
        cmd.env("LANG", l.lang);
        cmd.env_remove("LC_ALL");
        cmd.env_remove("LC_MESSAGES");
        cmd.env("TZ", "UTC");
        for (k, v) in &l.env {
            cmd.env(k, v);
        }
        let child = pair.slave.spawn_command(cmd).expect("spawn paytwice");
        // Only the child keeps the slave open, so the reader sees EOF when it exits.
        drop(pair.slave);
        let shared = Arc::new(Mutex::new(Shared {
            parser: vt100::Parser::new(non_zero(l.rows), non_zero(l.cols), 0),
            raw: vec![],
            stop: false,
        }));
        let mut reader = pair.master.try_clone_reader().expect("pty reader");
        // Our own handle on the master rather than `take_writer`: portable-pty's writer types
        // "\n" and Ctrl-D into the terminal when dropped, which a real closing window never
        // does (and which the notes editor would take as keys).
        let fd = pair.master.as_raw_fd().expect("pty master fd");
        // SAFETY: `fd` is the open master, alive for this call; the clone is our own fd.
        let owned = unsafe { BorrowedFd::borrow_raw(fd) }
            .try_clone_to_owned()
            .expect("dup pty master");
        let writer: Box<dyn Write + Send> = Box::new(std::fs::File::from(owned));
        let sh = Arc::clone(&shared);
        let reader = std::thread::spawn(move || {
            let mut buf = [0u8; 8192];
            loop {
                match reader.read(&mut buf) {
                    Ok(0) | Err(_) => break,
                    Ok(n) => {
                        let mut s = sh.lock().unwrap();
                        s.parser.process(&buf[..n]);
                        s.raw.extend_from_slice(&buf[..n]);
                        if s.stop {
                            break;
                        }
                    }
                }
            }
        });
        Pty {
            child,
            master: Some(pair.master),
            writer: Some(writer),
            shared,
            reader: Some(reader),
        }
    }

    pub fn pid(&self) -> u32 {
        self.child.process_id().expect("child pid")
    }

    /// What the screen shows now.
    pub fn screen(&self) -> String {
        self.shared.lock().unwrap().parser.screen().contents()
    }

    /// Every byte the program wrote so far.
    pub fn raw_output(&self) -> Vec<u8> {
        self.shared.lock().unwrap().raw.clone()
    }

    /// Wait until the screen shows `text` (spaces and line breaks ignored, so wrapped text
    /// matches); panics with the screen on timeout.
    pub fn wait_for(&self, text: &str) {
        self.wait_for_within(text, TIMEOUT)
    }

    pub fn wait_for_within(&self, text: &str, timeout: Duration) {
        let start = Instant::now();
        loop {
            let screen = self.screen();
            if squash(&screen).contains(&squash(text)) {
                return;
            }
            if start.elapsed() > timeout {
                panic!("timed out waiting for {text:?}; the screen shows:\n{screen}");
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// Wait until the raw output contains `bytes` (for escape sequences).
    pub fn wait_for_raw(&self, bytes: &[u8]) {
        let start = Instant::now();
        while !contains(&self.raw_output(), bytes) {
            if start.elapsed() > TIMEOUT {
                panic!(
                    "timed out waiting for {:?} in the output",
                    String::from_utf8_lossy(bytes)
                );
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    pub fn send(&mut self, bytes: &[u8]) {
        let w = self.writer.as_mut().expect("pty writer open");
        w.write_all(bytes).expect("write to pty");
        w.flush().expect("flush pty");
    }

    pub fn send_str(&mut self, s: &str) {
        self.send(s.as_bytes())
    }

    /// Send a signal by name (`TERM`, `HUP`, `KILL`, `INT`) to the program.
    pub fn kill(&self, signal: &str) {
        let ok = std::process::Command::new("kill")
            .arg(format!("-{signal}"))
            .arg(self.pid().to_string())
            .status()
            .expect("run kill")
            .success();
        assert!(ok, "kill -{signal} failed");
    }

    /// Whether the terminal is back in line mode (canonical input and echo on), i.e. raw
    /// mode was turned off. Read from the master side, so it works after the program exits.
    pub fn line_mode(&self) -> bool {
        // Linux values of ICANON and ECHO (termios.h); nix is not ours to name.
        const ICANON: u64 = 0o2;
        const ECHO: u64 = 0o10;
        let t = self
            .master
            .as_ref()
            .and_then(|m| m.get_termios())
            .expect("termios of the pty");
        let l = u64::from(t.local_flags.bits());
        l & ICANON != 0 && l & ECHO != 0
    }

    /// Close our side of the terminal, as when a terminal window is closed. The reader
    /// thread holds a copy of the master and sits in a blocking read, so it is asked to stop
    /// and `poke` (a key that makes the program draw) wakes it; then every master copy is
    /// closed and the kernel hangs the terminal up.
    pub fn close_master(&mut self, poke: &[u8]) {
        self.shared.lock().unwrap().stop = true;
        self.send(poke);
        if let Some(r) = self.reader.take() {
            let _ = r.join();
        }
        self.writer = None;
        self.master = None;
    }

    /// Wait for the program to exit; panics if it does not within the hang guard.
    pub fn wait_exit(&mut self) -> portable_pty::ExitStatus {
        let start = Instant::now();
        loop {
            if let Some(st) = self.child.try_wait().expect("try_wait") {
                // Let the reader drain what the program wrote last.
                if let Some(r) = self.reader.take() {
                    let _ = r.join();
                }
                return st;
            }
            if start.elapsed() > TIMEOUT {
                let _ = self.child.kill();
                panic!(
                    "paytwice did not exit; the screen shows:\n{}",
                    self.screen()
                );
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

impl Drop for Pty {
    fn drop(&mut self) {
        if let Ok(None) = self.child.try_wait() {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}

pub fn contains(hay: &[u8], needle: &[u8]) -> bool {
    needle.is_empty() || hay.windows(needle.len()).any(|w| w == needle)
}

/// Whether the output ends with the terminal given back: the alternate screen left after it
/// was last entered, the cursor shown after it was last hidden, mouse capture and bracketed
/// paste turned off after they were last turned on.
pub fn restored(raw: &[u8]) -> bool {
    let after = |on: &[u8], off: &[u8]| match (rfind(raw, on), rfind(raw, off)) {
        (Some(a), Some(b)) => b > a,
        (None, Some(_)) => true,
        (_, None) => false,
    };
    after(b"\x1b[?1049h", b"\x1b[?1049l")
        && after(b"\x1b[?25l", b"\x1b[?25h")
        && after(b"\x1b[?1000h", b"\x1b[?1000l")
        && after(b"\x1b[?2004h", b"\x1b[?2004l")
}

pub fn rfind(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).rposition(|w| w == needle)
}

/// Text without whitespace, so a phrase matches however the screen wrapped it.
pub fn squash(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

/// Whether the screen shows `text` (whitespace ignored).
pub fn shows(screen: &str, text: &str) -> bool {
    squash(screen).contains(&squash(text))
}

/// vt100 wants at least one row and one column; a 0×0 pseudo-terminal is shown as 1×1.
fn non_zero(n: u16) -> NonZeroU16 {
    NonZeroU16::new(n).unwrap_or(NonZeroU16::MIN)
}
