//! Files written for the user: exported reports, messages, bundles. Each file is written
//! atomically and private (`0600`); directories paytwice creates are `0700`. A FIFO or a
//! character device the user names (`-o /dev/stdout`, a pipe) is written to, never replaced.

use std::fs;
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};

use super::{atomic, regular};

/// Write `bytes` to `path` (replacing it atomically), readable only by the user.
pub fn write_private(path: &Path, bytes: &[u8]) -> io::Result<()> {
    atomic::write_atomic(path, bytes)
}

/// The names that mean standard output.
pub fn is_stdout(path: &Path) -> bool {
    ["-", "/dev/stdout", "/dev/fd/1", "/proc/self/fd/1"]
        .iter()
        .any(|p| path == Path::new(p))
}

/// Write what the user asked for to `path` (`-o`): standard output for `-`; a FIFO or a
/// character device is opened and written to as it is; a directory or block device is refused;
/// anything else is written atomically, private.
pub fn write_out(path: &Path, bytes: &[u8]) -> io::Result<()> {
    if is_stdout(path) {
        let mut out = io::stdout().lock();
        out.write_all(bytes)?;
        return out.flush();
    }
    match fs::metadata(path).map(|m| m.file_type()) {
        Ok(t) if crate::platform::is_stream(&t) => {
            let mut f = fs::OpenOptions::new().write(true).open(path)?;
            f.write_all(bytes)?;
            f.flush()
        }
        Ok(t) if t.is_dir() => Err(io::Error::new(
            io::ErrorKind::IsADirectory,
            "is a directory",
        )),
        Ok(t) if crate::platform::is_device(&t) => Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            "not a file that can be written",
        )),
        _ => write_private(path, bytes),
    }
}

fn interrupted() -> io::Error {
    io::Error::new(io::ErrorKind::Interrupted, "interrupted")
}

/// Copy a file the user named into `dir`, private, under a name not yet taken there, a piece
/// at a time (a file of any size in constant memory). Only a regular file is copied. `stop`
/// (set by a signal) ends the copy with `Interrupted`, its temporary file removed. Returns the
/// new path.
pub fn copy_private(src: &Path, dir: &Path, stop: &AtomicBool) -> io::Result<PathBuf> {
    let mut from = regular::open(src)?;
    let name = src
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "evidence".into());
    let mut target = dir.join(&name);
    let mut n = 2;
    while fs::symlink_metadata(&target).is_ok() {
        target = dir.join(format!("{n}-{name}"));
        n += 1;
    }
    atomic::write_atomic_from(&target, &atomic::no_faults, |to| {
        let mut buf = vec![0; 256 * 1024];
        loop {
            if stop.load(Ordering::Relaxed) {
                return Err(interrupted());
            }
            match from.read(&mut buf) {
                Ok(0) => return Ok(()),
                Ok(k) => to.write_all(&buf[..k])?,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                Err(e) => return Err(e),
            }
        }
    })?;
    Ok(target)
}

/// The files a bundle holds at its top level.
fn bundle_name(name: &str) -> bool {
    matches!(name, "report.md" | "case.json" | "evidence")
        || (name.starts_with("message-") && name.ends_with(".txt"))
        || atomic::temp_target(name).is_some()
}

/// Why a bundle cannot go into a directory.
#[derive(Debug)]
pub enum BundleError {
    /// Not empty, and not a bundle of this case: nothing there is touched.
    NotEmpty,
    Io(io::Error),
}

/// Make `dir` ready for the bundle of case `id`: created if missing; an empty one is used; one
/// holding a bundle of the same case (its `case.json` says so, and it holds nothing else) is
/// emptied so the bundle is replaced whole. Anything else is refused, untouched.
pub fn prepare_bundle(dir: &Path, id: &str) -> Result<(), BundleError> {
    if fs::symlink_metadata(dir).is_err() {
        return crate::platform::create_private_dir(dir).map_err(BundleError::Io);
    }
    let entries: Vec<fs::DirEntry> = fs::read_dir(dir)
        .map_err(BundleError::Io)?
        .collect::<io::Result<_>>()
        .map_err(BundleError::Io)?;
    if entries.is_empty() {
        return Ok(());
    }
    let ours = |e: &fs::DirEntry| {
        let name = e.file_name().to_string_lossy().into_owned();
        let Ok(t) = e.file_type() else { return false };
        bundle_name(&name) && (t.is_file() || (name == "evidence" && t.is_dir()))
    };
    let same_case = regular::read(&dir.join("case.json"), regular::MAX_CASE)
        .ok()
        .and_then(|b| serde_json::from_slice::<serde_json::Value>(&b).ok())
        .is_some_and(|v| v.get("id").and_then(|i| i.as_str()) == Some(id));
    let evidence = dir.join("evidence");
    let evidence_ours = fs::read_dir(&evidence).map_or(true, |it| {
        it.flatten()
            .all(|e| e.file_type().is_ok_and(|t| t.is_file()))
    });
    if !same_case || !evidence_ours || !entries.iter().all(ours) {
        return Err(BundleError::NotEmpty);
    }
    if evidence.is_dir() {
        fs::remove_dir_all(&evidence).map_err(BundleError::Io)?;
    }
    for e in entries.iter().filter(|e| e.file_name() != "evidence") {
        fs::remove_file(e.path()).map_err(BundleError::Io)?;
    }
    Ok(())
}

/// A file name for the user's own text (a case id, a recipient): only safe characters.
pub fn safe_name(s: &str) -> String {
    s.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.') {
                c
            } else {
                '_'
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The permission bits (Unix; Windows keeps the folder's access list, see platform.rs).
    #[cfg(unix)]
    fn mode(p: &Path) -> u32 {
        use std::os::unix::fs::PermissionsExt;
        fs::metadata(p).unwrap().permissions().mode() & 0o777
    }

    #[test]
    fn files_are_private_and_copies_never_overwrite() {
        let d = tempfile::tempdir().unwrap();
        let out = d.path().join("bundle/inner");
        crate::platform::create_private_dir(&out).unwrap();
        #[cfg(unix)]
        assert_eq!(mode(&out), 0o700);
        let src = d.path().join("shot.png");
        fs::write(&src, b"png").unwrap();
        let go = AtomicBool::new(false);
        let a = copy_private(&src, &out, &go).unwrap();
        let b = copy_private(&src, &out, &go).unwrap();
        assert_ne!(a, b);
        assert_eq!(fs::read(&b).unwrap(), b"png");
        #[cfg(unix)]
        assert_eq!(mode(&a), 0o600);
        assert_eq!(safe_name("a/b c"), "a_b_c");
    }
}
