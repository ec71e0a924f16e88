//! The little the TUI asks of the file system outside the data directory: does an evidence
//! file exist, and what completes a typed path. Injected into the app so `update` stays free
//! of I/O and tests can answer with a fake.

use std::path::Path;

pub trait Probe {
    fn exists(&self, path: &str) -> bool;
    /// Paths that complete `prefix` (directories end with a separator), sorted, at most a
    /// screenful.
    fn complete(&self, prefix: &str) -> Vec<String>;
    /// The bytes of a file the user named (a bill to import), or why it cannot be read.
    fn read(&self, path: &str) -> Result<Vec<u8>, String> {
        Err(format!("{path}: no file access here"))
    }
}

/// The real file system.
pub struct Disk;

/// `~/x` → `$HOME/x`, as a shell would, since users type paths that way (`~\x` too on
/// Windows, where `\` separates).
pub fn expand_home(p: &str) -> String {
    match p.strip_prefix('~') {
        // `$HOME` on Unix, the profile folder on Windows; looked up only for a `~`.
        Some(rest) if rest.starts_with(std::path::is_separator) => match std::env::home_dir() {
            Some(home) => home.join(&rest[1..]).to_string_lossy().into_owned(),
            None => p.to_string(),
        },
        _ => p.to_string(),
    }
}

impl Probe for Disk {
    fn exists(&self, path: &str) -> bool {
        Path::new(&expand_home(path)).is_file()
    }

    /// Only a regular file, refused at once otherwise (a FIFO would block the open); a
    /// refusal is named by its text key.
    fn read(&self, path: &str) -> Result<Vec<u8>, String> {
        use crate::bill::FileError;
        crate::bill::read_file(Path::new(&expand_home(path))).map_err(|e| match e {
            FileError::NotRegular => "bill.error.not_regular".to_string(),
            FileError::TooLarge => "bill.error.not_a_bill".to_string(),
            FileError::Io(e) => e.to_string(),
        })
    }

    fn complete(&self, prefix: &str) -> Vec<String> {
        let expanded = expand_home(prefix);
        let (dir, stem) = match crate::platform::name_start(&expanded) {
            0 => (".", expanded.as_str()),
            i => expanded.split_at(i),
        };
        let Ok(entries) = std::fs::read_dir(dir) else {
            return vec![];
        };
        // Keep what the user typed in front (`~/`, relative) and add only the completion.
        let typed_dir = &prefix[..crate::platform::name_start(prefix)];
        let mut out: Vec<String> = entries
            .flatten()
            .filter_map(|e| {
                let name = e.file_name().to_string_lossy().into_owned();
                if !name.starts_with(stem) || (name.starts_with('.') && !stem.starts_with('.')) {
                    return None;
                }
                // A directory ends with the separator the user is already typing.
                let slash = match typed_dir.chars().last() {
                    _ if !e.path().is_dir() => String::new(),
                    Some(c) if std::path::is_separator(c) => c.to_string(),
                    _ => std::path::MAIN_SEPARATOR.to_string(),
                };
                Some(format!("{typed_dir}{name}{slash}"))
            })
            .collect();
        out.sort();
        out.truncate(50);
        out
    }
}

/// For tests: a file system holding exactly these files.
#[cfg(test)]
pub struct Listed(pub Vec<&'static str>);

#[cfg(test)]
impl Probe for Listed {
    fn exists(&self, path: &str) -> bool {
        self.0.contains(&path)
    }

    fn complete(&self, prefix: &str) -> Vec<String> {
        self.0
            .iter()
            .filter(|p| p.starts_with(prefix))
            .map(|p| p.to_string())
            .collect()
    }
}

/// The longest common prefix of the candidates: what Tab can fill in without choosing.
pub fn common_prefix(cands: &[String]) -> Option<String> {
    let first = cands.first()?;
    let mut end = first.len();
    for c in &cands[1..] {
        end = first
            .char_indices()
            .zip(c.chars())
            .take_while(|((_, a), b)| a == b)
            .last()
            .map(|((i, a), _)| i + a.len_utf8())
            .unwrap_or(0)
            .min(end);
    }
    Some(first[..end].to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn completes_files_and_dirs() {
        let d = tempfile::tempdir().unwrap();
        std::fs::write(d.path().join("bill-wechat.csv"), "x").unwrap();
        std::fs::write(d.path().join("bill-alipay.csv"), "x").unwrap();
        std::fs::create_dir(d.path().join("bills")).unwrap();
        let base = format!("{}/bi", d.path().display());
        let c = Disk.complete(&base);
        assert_eq!(c.len(), 3);
        assert!(c.iter().any(|p| p.ends_with("bills/")));
        assert_eq!(
            common_prefix(&c).unwrap(),
            format!("{}/bill", d.path().display())
        );
        assert!(Disk.exists(&format!("{}/bill-wechat.csv", d.path().display())));
        assert!(!Disk.exists(&format!("{}/bills", d.path().display())));
        assert_eq!(
            common_prefix(&["星巴克a".into(), "星巴克b".into()]).unwrap(),
            "星巴克"
        );
    }

    #[test]
    fn a_tilde_then_a_separator_is_the_home_directory() {
        let home = std::env::home_dir().unwrap();
        let sep = std::path::MAIN_SEPARATOR;
        assert_eq!(
            expand_home(&format!("~{sep}bill.csv")),
            home.join("bill.csv").to_string_lossy()
        );
        assert_eq!(
            expand_home("~bill.csv"),
            "~bill.csv",
            "another user's home is not guessed"
        );
        assert_eq!(expand_home("bill~/x"), "bill~/x");
    }
}
