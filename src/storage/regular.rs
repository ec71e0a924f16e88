//! Opening files that may have been planted: every file paytwice reads must turn out to be a
//! regular file of a sane size (a FIFO would block the open or the read forever, `/dev/zero`
//! would fill memory), and every file it writes in place (the lock) is opened without
//! following a symlink, so nothing outside the data directory is ever written.

use std::fs::File;
use std::io::{self, Read};
use std::path::Path;

/// The largest case file read (a real one is a few kilobytes).
pub const MAX_CASE: u64 = 16 << 20;
/// The largest `state.json` read.
pub const MAX_STATE: u64 = 1 << 20;
/// The largest template override read.
pub const MAX_OVERRIDE: u64 = 256 << 10;
/// The largest `index.json` read.
pub const MAX_INDEX: u64 = 256 << 20;

fn not_regular() -> io::Error {
    io::Error::new(io::ErrorKind::InvalidInput, "not a regular file")
}

fn too_large(max: u64) -> io::Error {
    io::Error::new(
        io::ErrorKind::InvalidData,
        format!("larger than {} KiB", max >> 10),
    )
}

/// Open `path` for reading (symlinks followed) only if it is a regular file: the open never
/// blocks (`O_NONBLOCK`, which means nothing to a regular file) and anything else is refused.
pub fn open(path: &Path) -> io::Result<File> {
    let file = crate::platform::reading().open(path)?;
    if !file.metadata()?.is_file() {
        return Err(not_regular());
    }
    Ok(file)
}

/// The whole of a regular file no longer than `max` bytes (a file that grows while read is
/// cut at `max + 1` and refused).
pub fn read(path: &Path, max: u64) -> io::Result<Vec<u8>> {
    let file = open(path)?;
    let len = file.metadata()?.len();
    if len > max {
        return Err(too_large(max));
    }
    let mut bytes = Vec::with_capacity(len as usize);
    file.take(max + 1).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > max {
        return Err(too_large(max));
    }
    Ok(bytes)
}

/// Open (or create, `0600`) a file paytwice writes in place, never through a symlink, and only
/// if it is a regular file.
pub fn open_own(path: &Path) -> io::Result<File> {
    let file = crate::platform::in_place().open(path)?;
    if !file.metadata()?.is_file() {
        return Err(not_regular());
    }
    Ok(file)
}

/// Make a regular file at `path` `0600` (by its descriptor, never through a symlink); anything
/// else is left as it is.
pub fn make_private(path: &Path) -> io::Result<()> {
    let file = crate::platform::no_follow_reading().open(path)?;
    if !file.metadata()?.is_file() {
        return Err(not_regular());
    }
    crate::platform::make_private(&file)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_regular_files_of_a_sane_size_are_read() {
        let d = tempfile::tempdir().unwrap();
        let ok = d.path().join("ok");
        std::fs::write(&ok, b"12345").unwrap();
        assert_eq!(read(&ok, 5).unwrap(), b"12345");
        assert!(read(&ok, 4).is_err());
        assert!(open(d.path()).is_err(), "a directory");
        assert!(open_own(d.path()).is_err(), "a directory");
        assert!(open_own(&d.path().join("new")).is_ok());
    }

    #[cfg(unix)]
    #[test]
    fn a_device_is_refused_not_read() {
        let d = tempfile::tempdir().unwrap();
        let zero = d.path().join("zero");
        std::os::unix::fs::symlink("/dev/zero", &zero).unwrap();
        assert_eq!(
            read(&zero, 1 << 30).unwrap_err().kind(),
            io::ErrorKind::InvalidInput
        );
    }

    // Windows lets only an administrator (or developer mode) make a symbolic link, so this
    // runs where one can always be made; `platform::in_place` says what Windows does instead.
    #[cfg(unix)]
    #[test]
    fn a_file_written_in_place_is_never_reached_through_a_symlink() {
        let d = tempfile::tempdir().unwrap();
        let outside = d.path().join("outside");
        std::fs::write(&outside, b"keep").unwrap();
        let link = d.path().join("link");
        std::os::unix::fs::symlink(&outside, &link).unwrap();
        assert!(open_own(&link).is_err());
        assert!(make_private(&link).is_err());
        assert_eq!(std::fs::read(&outside).unwrap(), b"keep");
    }
}
