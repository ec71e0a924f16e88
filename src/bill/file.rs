//! Reading the bill file the user named: the one file paytwice reads from outside its data
//! directory, so nothing about it is assumed. A folder, a device or a pipe is refused before
//! it is opened (opening a FIFO waits for a writer forever; `/dev/zero` never ends), and no
//! more than `MAX_FILE` bytes are read.

use std::fs::File;
use std::io::Read;
use std::path::Path;

/// Larger than any bill: a million-row csv is about 200 MB.
pub const MAX_FILE: u64 = 512 << 20;

#[derive(Debug)]
pub enum FileError {
    /// A folder, a device, a FIFO or a socket.
    NotRegular,
    /// Larger than `MAX_FILE`.
    TooLarge,
    /// Missing, not permitted, a read error: the system's words.
    Io(std::io::Error),
}

/// The whole of the regular file at `path`.
pub fn read_file(path: &Path) -> Result<Vec<u8>, FileError> {
    let meta = std::fs::metadata(path).map_err(FileError::Io)?;
    if !meta.is_file() {
        return Err(FileError::NotRegular);
    }
    if meta.len() > MAX_FILE {
        return Err(FileError::TooLarge);
    }
    let file = File::open(path).map_err(FileError::Io)?;
    // Checked again on what was opened, in case the path changed in between.
    let meta = file.metadata().map_err(FileError::Io)?;
    if !meta.is_file() {
        return Err(FileError::NotRegular);
    }
    let mut out = Vec::with_capacity(meta.len().min(MAX_FILE) as usize);
    file.take(MAX_FILE + 1)
        .read_to_end(&mut out)
        .map_err(FileError::Io)?;
    if out.len() as u64 > MAX_FILE {
        return Err(FileError::TooLarge);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folders_devices_and_pipes_are_refused_without_waiting() {
        let d = tempfile::tempdir().unwrap();
        assert!(matches!(read_file(d.path()), Err(FileError::NotRegular)));
        #[cfg(unix)]
        assert!(matches!(
            read_file(Path::new("/dev/zero")),
            Err(FileError::NotRegular)
        ));
        let fifo = d.path().join("fifo");
        let made = std::process::Command::new("mkfifo").arg(&fifo).status();
        if made.is_ok_and(|s| s.success()) {
            // Opening it would block until a writer came: refused before that.
            assert!(matches!(read_file(&fifo), Err(FileError::NotRegular)));
        }
        let f = d.path().join("bill.csv");
        std::fs::write(&f, b"abc").unwrap();
        assert_eq!(read_file(&f).unwrap(), b"abc");
        assert!(matches!(
            read_file(&d.path().join("missing")),
            Err(FileError::Io(_))
        ));
    }
}
