//! One writer per data directory: `paytwice.lock`, held with `File::try_lock` for the whole
//! run. The holder writes its pid into it so a second instance can say who holds it. The
//! kernel frees the lock when the holder dies, even by `kill -9`.
//!
//! On Windows the lock (`LockFileEx`) also keeps other handles from reading the locked bytes,
//! so a second instance is refused the same way but cannot read the pid: it says "pid ?".

use std::fs::{File, TryLockError};
use std::io::{self, Read, Seek, SeekFrom, Write};
use std::path::Path;
use std::time::Duration;

pub const LOCK_FILE: &str = "paytwice.lock";

#[derive(Debug)]
pub struct DataLock {
    _file: File,
}

#[derive(Debug, thiserror::Error)]
pub enum LockError {
    /// Another paytwice holds the lock; its pid if it wrote one.
    #[error("held by another paytwice (pid {})", .0.map(|p| p.to_string()).unwrap_or_else(|| "?".into()))]
    Held(Option<u32>),
    #[error(transparent)]
    Io(#[from] io::Error),
}

impl DataLock {
    pub fn acquire(dir: &Path) -> Result<DataLock, LockError> {
        // Never through a symlink, and only a regular file: a planted link would otherwise
        // have the pid written into (and the file cut down to) whatever it points to.
        let mut file = super::regular::open_own(&dir.join(LOCK_FILE))?;
        // A contender tries again for a moment before giving up: the holder may be a paytwice
        // that is just exiting, or, briefly, a forked child that has not yet exec'd (it shares
        // the lock until then: multi-threaded test harnesses do this). The holder writes its
        // pid just after it locks, so the pid read is only trusted once the window has passed,
        // and only if that process is alive.
        let mut attempt = 0;
        loop {
            match file.try_lock() {
                Ok(()) => break,
                Err(TryLockError::WouldBlock) => {
                    if attempt >= RETRY_ATTEMPTS {
                        let pid = read_pid(&mut file).filter(|p| alive(*p));
                        crate::diag!("data directory locked by another paytwice ({pid:?})");
                        return Err(LockError::Held(pid));
                    }
                    attempt += 1;
                    std::thread::sleep(Duration::from_millis(2));
                }
                Err(TryLockError::Error(e)) => return Err(e.into()),
            }
        }
        // The pid is written over the old one at a fixed width instead of truncating first:
        // on a busy ext4 a truncate waits on the journal for milliseconds at every start.
        let pid = format!("{:<10}\n", std::process::id());
        file.seek(SeekFrom::Start(0))?;
        file.write_all(pid.as_bytes())?;
        if file.metadata()?.len() > pid.len() as u64 {
            file.set_len(pid.len() as u64)?;
        }
        Ok(DataLock { _file: file })
    }
}

/// How many times (2 ms apart, so about a tenth of a second) a contender tries the lock again
/// before it names the holder and gives up.
const RETRY_ATTEMPTS: u32 = 50;

fn read_pid(file: &mut File) -> Option<u32> {
    let mut s = String::new();
    file.seek(SeekFrom::Start(0)).ok()?;
    file.take(64).read_to_string(&mut s).ok()?;
    s.trim().parse().ok()
}

/// Whether a process lives (Linux: `/proc/<pid>`). Without `/proc` every pid counts as alive.
fn alive(pid: u32) -> bool {
    let proc = Path::new("/proc");
    !proc.join("self").exists() || proc.join(pid.to_string()).exists()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_lock_let_go_within_the_moment_is_taken() {
        let d = tempfile::tempdir().unwrap();
        let first = DataLock::acquire(d.path()).unwrap();
        let letting_go = std::thread::spawn(move || {
            std::thread::sleep(Duration::from_millis(20));
            drop(first);
        });
        assert!(DataLock::acquire(d.path()).is_ok());
        letting_go.join().unwrap();
    }

    #[test]
    fn second_lock_is_refused_and_names_the_holder() {
        let d = tempfile::tempdir().unwrap();
        let first = DataLock::acquire(d.path()).unwrap();
        match DataLock::acquire(d.path()) {
            Err(LockError::Held(pid)) if cfg!(windows) => assert_eq!(pid, None),
            Err(LockError::Held(Some(pid))) => assert_eq!(pid, std::process::id()),
            other => panic!("expected Held, got {other:?}"),
        }
        drop(first);
        assert!(DataLock::acquire(d.path()).is_ok());
    }

    #[cfg(unix)] // reads or writes the file while it is locked, or plants a link
    #[test]
    fn a_longer_old_lock_file_is_overwritten_whole() {
        let d = tempfile::tempdir().unwrap();
        std::fs::write(d.path().join(LOCK_FILE), "12345678901234567890 junk").unwrap();
        let _held = DataLock::acquire(d.path()).unwrap();
        let s = std::fs::read_to_string(d.path().join(LOCK_FILE)).unwrap();
        assert_eq!(s.trim().parse::<u32>().ok(), Some(std::process::id()));
    }

    #[cfg(unix)] // reads or writes the file while it is locked, or plants a link
    #[test]
    fn a_symlink_or_fifo_planted_as_the_lock_is_refused_and_its_target_untouched() {
        let d = tempfile::tempdir().unwrap();
        let outside = d.path().join("outside.txt");
        std::fs::write(&outside, "precious contents, longer than a pid").unwrap();
        let data = d.path().join("data");
        std::fs::create_dir(&data).unwrap();
        std::os::unix::fs::symlink(&outside, data.join(LOCK_FILE)).unwrap();
        assert!(matches!(DataLock::acquire(&data), Err(LockError::Io(_))));
        assert_eq!(
            std::fs::read_to_string(&outside).unwrap(),
            "precious contents, longer than a pid"
        );
        // A link to a file not there yet creates nothing outside either.
        let absent = d.path().join("absent");
        let data2 = d.path().join("data2");
        std::fs::create_dir(&data2).unwrap();
        std::os::unix::fs::symlink(&absent, data2.join(LOCK_FILE)).unwrap();
        assert!(DataLock::acquire(&data2).is_err());
        assert!(!absent.exists());
        // A FIFO is not waited on.
        let data3 = d.path().join("data3");
        std::fs::create_dir(&data3).unwrap();
        let fifo =
            std::ffi::CString::new(data3.join(LOCK_FILE).as_os_str().as_encoded_bytes()).unwrap();
        assert_eq!(unsafe { libc::mkfifo(fifo.as_ptr(), 0o600) }, 0);
        assert!(DataLock::acquire(&data3).is_err());
    }

    #[cfg(unix)] // reads or writes the file while it is locked, or plants a link
    #[test]
    fn a_stale_pid_is_never_named() {
        let d = tempfile::tempdir().unwrap();
        let _first = DataLock::acquire(d.path()).unwrap();
        // As if a killed holder's pid were still in the file when the next one locked.
        std::fs::write(d.path().join(LOCK_FILE), "4294967295").unwrap();
        assert!(matches!(
            DataLock::acquire(d.path()),
            Err(LockError::Held(None))
        ));
    }
}
