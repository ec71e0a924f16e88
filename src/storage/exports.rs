//! Files written for the user: exported reports, messages, bundles. Each file is written
//! atomically and private (`0600`); directories paytwice creates are `0700`.

use std::fs::{self, DirBuilder};
use std::io;
use std::os::unix::fs::DirBuilderExt;
use std::path::{Path, PathBuf};

use super::atomic;

/// Write `bytes` to `path` (replacing it atomically), readable only by the user.
pub fn write_private(path: &Path, bytes: &[u8]) -> io::Result<()> {
    atomic::write_atomic(path, bytes)
}

/// Create `dir` (and parents) `0700` if missing. An existing directory is left as it is:
/// it belongs to the user, who chose it.
pub fn private_dir(dir: &Path) -> io::Result<()> {
    if dir.is_dir() {
        return Ok(());
    }
    DirBuilder::new().recursive(true).mode(0o700).create(dir)
}

/// Copy a file the user named into `dir`, private, under a name not yet taken there.
/// Returns the new path.
pub fn copy_private(src: &Path, dir: &Path) -> io::Result<PathBuf> {
    let bytes = fs::read(src)?;
    let name = src
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "evidence".into());
    let mut target = dir.join(&name);
    let mut n = 2;
    while target.exists() {
        target = dir.join(format!("{n}-{name}"));
        n += 1;
    }
    write_private(&target, &bytes)?;
    Ok(target)
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
    use std::os::unix::fs::PermissionsExt;

    #[test]
    fn files_are_private_and_copies_never_overwrite() {
        let d = tempfile::tempdir().unwrap();
        let out = d.path().join("bundle/inner");
        private_dir(&out).unwrap();
        assert_eq!(
            fs::metadata(&out).unwrap().permissions().mode() & 0o777,
            0o700
        );
        let src = d.path().join("shot.png");
        fs::write(&src, b"png").unwrap();
        let a = copy_private(&src, &out).unwrap();
        let b = copy_private(&src, &out).unwrap();
        assert_ne!(a, b);
        assert_eq!(fs::read(&b).unwrap(), b"png");
        assert_eq!(
            fs::metadata(&a).unwrap().permissions().mode() & 0o777,
            0o600
        );
        assert_eq!(safe_name("a/b c"), "a_b_c");
    }
}
