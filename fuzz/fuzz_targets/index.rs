#![no_main]

include!("../checks.rs");

static DIR: std::sync::OnceLock<std::path::PathBuf> = std::sync::OnceLock::new();

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let root = DIR.get_or_init(|| {
        let root = std::env::temp_dir().join(format!("paytwice-fuzz-index-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&root);
        prepare_index_dir(&root);
        root
    });
    check_index(root, data);
});
