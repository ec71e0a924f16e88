//! What Unix (Linux, macOS) and Windows do differently, in one place. The rest of the program
//! says what it wants — a private directory, a file opened without following a link, a save
//! that survives a crash, the signals that mean "stop" — and this file says how each platform
//! does it. Everything here is written out for both; the Windows side is checked by building
//! for `x86_64-pc-windows-msvc` (CONTRIBUTING.md, "Other platforms").

use std::fs::{File, FileType, OpenOptions};
use std::io;
use std::path::Path;

/// Options to open a file that may have been planted, for reading: on Unix the open never
/// blocks on a FIFO (`O_NONBLOCK`) and never makes a terminal ours (`O_NOCTTY`). Windows has no
/// FIFOs in a directory, so a plain open is the same thing; the caller still refuses anything
/// that is not a regular file.
pub fn reading() -> OpenOptions {
    let mut o = OpenOptions::new();
    o.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        o.custom_flags(libc::O_NONBLOCK | libc::O_NOCTTY);
    }
    o
}

/// Options to open a file paytwice writes in place (the lock), created private if missing, and
/// never through a symbolic link: Unix refuses the link (`O_NOFOLLOW`); Windows opens the link
/// itself (`FILE_FLAG_OPEN_REPARSE_POINT`), which is then not a regular file and is refused by
/// the caller. Either way nothing the link points to is written.
pub fn in_place() -> OpenOptions {
    let mut o = OpenOptions::new();
    o.read(true).write(true).create(true).truncate(false);
    no_follow(&mut o);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        o.mode(0o600);
    }
    o
}

/// Options to open an existing file without following a symbolic link (see `in_place`).
pub fn no_follow_reading() -> OpenOptions {
    let mut o = OpenOptions::new();
    o.read(true);
    no_follow(&mut o);
    o
}

#[cfg(unix)]
fn no_follow(o: &mut OpenOptions) {
    use std::os::unix::fs::OpenOptionsExt;
    o.custom_flags(libc::O_NOFOLLOW | libc::O_NONBLOCK | libc::O_NOCTTY);
}

#[cfg(windows)]
fn no_follow(o: &mut OpenOptions) {
    use std::os::windows::fs::OpenOptionsExt;
    /// `FILE_FLAG_OPEN_REPARSE_POINT` (winbase.h): open a symbolic link or junction itself.
    const FILE_FLAG_OPEN_REPARSE_POINT: u32 = 0x0020_0000;
    o.custom_flags(FILE_FLAG_OPEN_REPARSE_POINT);
}

/// Options to create a new file (failing if the name is taken), readable only by the user: mode
/// `0600` on Unix. On Windows a new file takes the access list of its folder, which under the
/// user's profile (where the data directory is) is the user's alone.
pub fn new_private() -> OpenOptions {
    let mut o = OpenOptions::new();
    o.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        o.mode(0o600);
    }
    o
}

/// Make an open regular file readable only by the user: `0600` on Unix; on Windows the file
/// keeps the access list it inherited (see `new_private`).
pub fn make_private(file: &File) -> io::Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        file.set_permissions(std::fs::Permissions::from_mode(0o600))
    }
    #[cfg(not(unix))]
    {
        let _ = file;
        Ok(())
    }
}

/// Create `path` and its missing parents, private: `0700` on Unix; on Windows the folders
/// inherit the access list of the user's profile. A directory already there is left as it is:
/// it is the user's (a shared `1777` directory keeps its sticky bit, the target of a symlinked
/// `cases/` is not touched).
pub fn create_private_dir(path: &Path) -> io::Result<()> {
    let mut b = std::fs::DirBuilder::new();
    b.recursive(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::DirBuilderExt;
        b.mode(0o700);
    }
    b.create(path)
}

/// Move `from` to `to`, replacing a file there in one step: `rename` on both platforms (on
/// Windows std asks for replacement, `MOVEFILE_REPLACE_EXISTING` or its POSIX-semantics
/// successor). Windows refuses while another program — a virus scanner or the search indexer,
/// which open new files for a moment — holds `to` or `from` open without sharing deletion, so
/// there the rename is tried again for about half a second before the error is given.
pub fn rename(from: &Path, to: &Path) -> io::Result<()> {
    let mut tries = 0;
    loop {
        match std::fs::rename(from, to) {
            Err(e) if cfg!(windows) && held_by_another(&e) && tries < RENAME_TRIES => {
                tries += 1;
                crate::diag!("rename refused ({e}); trying again");
                std::thread::sleep(std::time::Duration::from_millis(20));
            }
            other => return other,
        }
    }
}

const RENAME_TRIES: u32 = 25;

/// Whether an error is Windows saying another program has the file open (access denied or a
/// sharing violation, `ERROR_SHARING_VIOLATION` = 32).
fn held_by_another(e: &io::Error) -> bool {
    e.kind() == io::ErrorKind::PermissionDenied || e.raw_os_error() == Some(32)
}

/// Make a rename in `dir` durable: on Unix by fsyncing the directory. Windows has no directory
/// fsync (a directory cannot be opened as a file, and `FlushFileBuffers` refuses one); NTFS
/// journals the rename itself, so there is nothing to do.
pub fn sync_dir(dir: &Path) -> io::Result<()> {
    #[cfg(unix)]
    {
        File::open(dir)?.sync_all()
    }
    #[cfg(not(unix))]
    {
        let _ = dir;
        Ok(())
    }
}

/// A file the user names for output that is written to as it is rather than replaced: a FIFO
/// or a character device (`/dev/stdout`, a terminal) on Unix. Windows names its devices
/// differently (`CON`, `NUL`), and they are not files `metadata` describes, so none.
pub fn is_stream(t: &FileType) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        t.is_fifo() || t.is_char_device()
    }
    #[cfg(not(unix))]
    {
        let _ = t;
        false
    }
}

/// A file the user names for output that can be neither written to nor replaced: a block
/// device or a socket (Unix only).
pub fn is_device(t: &FileType) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        t.is_block_device() || t.is_socket()
    }
    #[cfg(not(unix))]
    {
        let _ = t;
        false
    }
}

/// The signals that ask paytwice to save and stop. On Unix: interrupt, terminate, and hang-up
/// (the terminal window was closed). Windows has no hang-up; closing the console window ends
/// the process, so what was typed is saved as it goes (each change is saved at once).
#[cfg(unix)]
pub const STOP_SIGNALS: &[i32] = &[
    signal_hook::consts::SIGINT,
    signal_hook::consts::SIGTERM,
    signal_hook::consts::SIGHUP,
];
#[cfg(not(unix))]
pub const STOP_SIGNALS: &[i32] = &[signal_hook::consts::SIGINT, signal_hook::consts::SIGTERM];

/// Where keys come from when standard input is not the terminal (`paytwice < file`): the
/// controlling terminal on Unix, the console's input buffer on Windows.
#[cfg(unix)]
pub const KEYBOARD: &str = "/dev/tty";
#[cfg(windows)]
pub const KEYBOARD: &str = "CONIN$";

/// Where the file name starts in a path as the user typed it: after the last separator (`/`
/// on Unix; `/` or `\` on Windows, where both are).
pub fn name_start(path: &str) -> usize {
    path.rfind(std::path::is_separator).map_or(0, |i| i + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_new_private_file_refuses_a_taken_name() {
        let d = tempfile::tempdir().unwrap();
        let p = d.path().join("x");
        new_private().open(&p).unwrap();
        let e = new_private().open(&p).unwrap_err();
        assert_eq!(e.kind(), io::ErrorKind::AlreadyExists);
    }

    #[test]
    fn a_rename_replaces_the_target() {
        let d = tempfile::tempdir().unwrap();
        let (a, b) = (d.path().join("a"), d.path().join("b"));
        std::fs::write(&a, "new").unwrap();
        std::fs::write(&b, "old").unwrap();
        rename(&a, &b).unwrap();
        assert_eq!(std::fs::read_to_string(&b).unwrap(), "new");
        assert!(!a.exists());
        // A rename that cannot happen is an error at once (not retried on Unix).
        assert!(rename(&a, &b).is_err());
    }

    #[test]
    fn the_name_starts_after_the_last_separator() {
        assert_eq!(name_start("bill.csv"), 0);
        assert_eq!(name_start("a/b/bill.csv"), 4);
        assert_eq!(name_start("dir/"), 4);
        #[cfg(windows)]
        assert_eq!(name_start(r"C:\Users\me\bill.csv"), 12);
        #[cfg(unix)]
        assert_eq!(
            name_start(r"a\b"),
            0,
            "a backslash is part of a Unix file name"
        );
    }

    #[cfg(unix)]
    #[test]
    fn private_means_the_user_alone_on_unix() {
        use std::os::unix::fs::PermissionsExt;
        let d = tempfile::tempdir().unwrap();
        let dir = d.path().join("a/b");
        create_private_dir(&dir).unwrap();
        let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode(&dir), 0o700);
        let f = d.path().join("f");
        std::fs::write(&f, "").unwrap();
        make_private(&File::open(&f).unwrap()).unwrap();
        assert_eq!(mode(&f), 0o600);
    }

    #[cfg(unix)]
    #[test]
    fn hang_up_stops_only_where_there_is_one() {
        assert!(STOP_SIGNALS.contains(&signal_hook::consts::SIGHUP));
    }
}
