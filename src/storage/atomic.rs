//! Atomic replace (SPEC §5): a temporary file created `0600` with `O_EXCL` beside the target,
//! written, fsynced, renamed over the target, then the directory fsynced. A crash at any
//! moment leaves the old file or the new one, never a torn one. (On Windows the directory fsync
//! is not possible and not needed, and the rename is tried again while a scanner holds the
//! file: `platform::rename`, `platform::sync_dir`.)

use std::fs::{self, File};
use std::io::{self, Write};
use std::path::{Path, PathBuf};

/// The stages a save goes through; a test seam can fail any of them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stage {
    Create,
    Write,
    Fsync,
    Rename,
    DirFsync,
}

/// Called before each stage; returning an error fails the save there. Production passes
/// `no_faults`.
pub type FaultHook<'a> = &'a dyn Fn(Stage) -> io::Result<()>;

pub fn no_faults(_: Stage) -> io::Result<()> {
    Ok(())
}

pub const TMP_MARKER: &str = ".tmp-";

/// Temporary files left by a crash are named `.<name>.tmp-<pid>-<n>`; `cleanup_temps` removes them.
fn temp_path(target: &Path, attempt: u32) -> PathBuf {
    let name = target
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    target.with_file_name(format!(
        ".{name}{TMP_MARKER}{}-{attempt}",
        std::process::id()
    ))
}

pub fn write_atomic(target: &Path, bytes: &[u8]) -> io::Result<()> {
    write_atomic_with(target, bytes, &no_faults)
}

pub fn write_atomic_with(target: &Path, bytes: &[u8], fault: FaultHook) -> io::Result<()> {
    write_atomic_from(target, fault, |file| file.write_all(bytes))
}

/// The directory a file is in: `.` for a bare file name (`out.md`), whose parent is empty.
pub fn dir_of(target: &Path) -> &Path {
    match target.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    }
}

/// `write_atomic_with`, the bytes written by `write` into the temporary file (a copy streamed
/// from another file, say). If `write` fails the temporary file is removed.
pub fn write_atomic_from(
    target: &Path,
    fault: FaultHook,
    write: impl FnOnce(&mut File) -> io::Result<()>,
) -> io::Result<()> {
    let dir = dir_of(target);
    let (tmp, mut file) = create_temp(target, fault)?;
    let result = (|| {
        fault(Stage::Write)?;
        write(&mut file)?;
        fault(Stage::Fsync)?;
        file.sync_all()?;
        drop(file);
        fault(Stage::Rename)?;
        crate::platform::rename(&tmp, target)
    })();
    if let Err(e) = result {
        let _ = fs::remove_file(&tmp);
        return Err(e);
    }
    fault(Stage::DirFsync)?;
    crate::platform::sync_dir(dir)
}

fn create_temp(target: &Path, fault: FaultHook) -> io::Result<(PathBuf, File)> {
    fault(Stage::Create)?;
    let mut attempt = 0;
    loop {
        let tmp = temp_path(target, attempt);
        match crate::platform::new_private().open(&tmp) {
            Ok(f) => return Ok((tmp, f)),
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists && attempt < 100 => attempt += 1,
            Err(e) => return Err(e),
        }
    }
}

/// The file a temporary file of ours stands for: `x.json` for `.x.json.tmp-<pid>-<n>`;
/// `None` for any other name.
pub fn temp_target(name: &str) -> Option<&str> {
    let (target, tail) = name.strip_prefix('.')?.rsplit_once(TMP_MARKER)?;
    let (pid, n) = tail.split_once('-')?;
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    (digits(pid) && digits(n) && !target.is_empty()).then_some(target)
}

/// Remove temporary files a crashed save left in `dir`: only ours, that is a regular file named
/// as `temp_path` names them for a file `ours` recognises (`.state.json.tmp-12-0`, not any
/// `.*.tmp-*` a user or another program keeps there).
pub fn cleanup_temps(dir: &Path, ours: &dyn Fn(&str) -> bool) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let name = e.file_name();
        let name = name.to_string_lossy();
        if temp_target(&name).is_some_and(ours)
            && fs::symlink_metadata(e.path()).is_ok_and(|m| m.is_file())
        {
            let _ = fs::remove_file(e.path());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replaces_with_private_file() {
        let d = tempfile::tempdir().unwrap();
        let p = d.path().join("a.json");
        write_atomic(&p, b"one").unwrap();
        write_atomic(&p, b"two").unwrap();
        assert_eq!(fs::read(&p).unwrap(), b"two");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = fs::metadata(&p).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o600);
        }
        assert_eq!(fs::read_dir(d.path()).unwrap().count(), 1);
    }

    #[test]
    fn a_failure_at_any_stage_before_rename_keeps_the_old_file() {
        for stage in [Stage::Create, Stage::Write, Stage::Fsync, Stage::Rename] {
            let d = tempfile::tempdir().unwrap();
            let p = d.path().join("a.json");
            write_atomic(&p, b"old").unwrap();
            let hook = |s: Stage| {
                if s == stage {
                    Err(io::Error::other("injected"))
                } else {
                    Ok(())
                }
            };
            assert!(write_atomic_with(&p, b"new", &hook).is_err(), "{stage:?}");
            assert_eq!(fs::read(&p).unwrap(), b"old", "{stage:?}");
            assert_eq!(fs::read_dir(d.path()).unwrap().count(), 1, "{stage:?}");
        }
    }

    #[test]
    fn a_bare_file_name_is_written_in_the_current_directory() {
        assert_eq!(dir_of(Path::new("out.md")), Path::new("."));
        assert_eq!(dir_of(Path::new("a/out.md")), Path::new("a"));
        let d = tempfile::tempdir().unwrap();
        let p = d.path().join("x");
        let failing = |_: &mut File| -> io::Result<()> { Err(io::Error::other("stopped")) };
        assert!(write_atomic_from(&p, &no_faults, failing).is_err());
        assert_eq!(fs::read_dir(d.path()).unwrap().count(), 0, "no temp left");
    }

    #[cfg(unix)] // plants a symbolic link, which Windows allows only an administrator
    #[test]
    fn cleanup_removes_only_our_temps() {
        let d = tempfile::tempdir().unwrap();
        let ours = temp_path(&d.path().join("x.json"), 3);
        fs::write(&ours, b"").unwrap();
        fs::write(d.path().join("x.json"), b"").unwrap();
        // Someone else's files that only look alike stay.
        for other in [".notes.txt.tmp-1-0", ".x.json.tmp-backup", ".vim.tmp-x"] {
            fs::write(d.path().join(other), b"keep").unwrap();
        }
        std::os::unix::fs::symlink(d.path().join("x.json"), d.path().join(".x.json.tmp-9-9"))
            .unwrap();
        fs::create_dir(d.path().join(".x.json.tmp-8-8")).unwrap();
        cleanup_temps(d.path(), &|t| t == "x.json");
        let mut names: Vec<_> = fs::read_dir(d.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        assert_eq!(
            names,
            [
                ".notes.txt.tmp-1-0",
                ".vim.tmp-x",
                ".x.json.tmp-8-8",
                ".x.json.tmp-9-9",
                ".x.json.tmp-backup",
                "x.json"
            ]
        );
        assert_eq!(temp_target(".x.json.tmp-12-0"), Some("x.json"));
    }
}
