//! User template overrides: `<config dir>/templates/<recipient>.<lang>.j2` replaces the
//! built-in template of the same name (SPEC §4). Only reading happens here; whether the text
//! works is the domain's business (`domain::template::render`).

use std::collections::BTreeMap;
use std::path::Path;

use crate::domain::template::{Override, Recipient};
use crate::lang::Lang;

/// The override for one template in `config`, if the file exists. A file that exists but
/// cannot be read is an error naming it (the built-in is used).
pub fn read(config: &Path, to: Recipient, lang: Lang) -> Result<Option<Override>, String> {
    let path = config.join("templates").join(to.file_name(lang));
    // Only a regular file of a sane size: a FIFO there would block, `/dev/zero` fill memory.
    match super::regular::read(&path, super::regular::MAX_OVERRIDE) {
        Ok(bytes) => Ok(Some(Override {
            file: path.display().to_string(),
            source: String::from_utf8_lossy(&bytes).into_owned(),
        })),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(format!("{}: {e}", path.display())),
    }
}

/// Every override present, by file name (`merchant.zh.j2`), for the interactive program,
/// which reads them once at start. Unreadable ones are left out and listed.
pub fn read_all(config: &Path) -> (BTreeMap<String, Override>, Vec<String>) {
    let mut found = BTreeMap::new();
    let mut errors = vec![];
    for to in Recipient::ALL {
        for lang in Lang::ALL {
            match read(config, to, lang) {
                Ok(Some(o)) => {
                    found.insert(to.file_name(lang), o);
                }
                Ok(None) => {}
                Err(e) => errors.push(e),
            }
        }
    }
    (found, errors)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_only_files_that_exist() {
        let dir = tempfile::tempdir().unwrap();
        assert_eq!(read(dir.path(), Recipient::Merchant, Lang::En), Ok(None));
        std::fs::create_dir(dir.path().join("templates")).unwrap();
        std::fs::write(
            dir.path().join("templates/service.zh.j2"),
            "您好 {{ merchant }}",
        )
        .unwrap();
        let o = read(dir.path(), Recipient::Service, Lang::Zh)
            .unwrap()
            .unwrap();
        assert!(o.file.ends_with("templates/service.zh.j2"));
        assert_eq!(o.source, "您好 {{ merchant }}");
        let (all, errors) = read_all(dir.path());
        assert_eq!(all.keys().collect::<Vec<_>>(), ["service.zh.j2"]);
        assert!(errors.is_empty());
    }

    #[cfg(unix)] // FIFOs and /dev/zero are Unix's
    #[test]
    fn a_fifo_or_device_as_an_override_is_named_not_read() {
        let dir = tempfile::tempdir().unwrap();
        let t = dir.path().join("templates");
        std::fs::create_dir(&t).unwrap();
        std::os::unix::fs::symlink("/dev/zero", t.join("merchant.en.j2")).unwrap();
        let fifo =
            std::ffi::CString::new(t.join("service.en.j2").as_os_str().as_encoded_bytes()).unwrap();
        assert_eq!(unsafe { libc::mkfifo(fifo.as_ptr(), 0o600) }, 0);
        let (all, errors) = read_all(dir.path());
        assert!(all.is_empty());
        assert_eq!(errors.len(), 2, "{errors:?}");
        assert!(errors[0].contains("merchant.en.j2"), "{errors:?}");
        assert!(errors[1].contains("service.en.j2"), "{errors:?}");
    }
}
