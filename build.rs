//! Build-time work, so that start-up has less to do (issue 6): the word tables become static
//! arrays (`build/text_tables.rs`), and the program is linked to load fast (`build/link.rs`).

#[path = "build/link.rs"]
mod link;
#[path = "build/text_tables.rs"]
mod text_tables;

fn main() {
    // For `paytwice --version --verbose` (src/diag.rs).
    println!(
        "cargo:rustc-env=PAYTWICE_TARGET={}",
        std::env::var("TARGET").unwrap_or_default()
    );
    let rustc = std::env::var("RUSTC").unwrap_or_else(|_| "rustc".into());
    let version = std::process::Command::new(rustc)
        .arg("--version")
        .output()
        .ok()
        .and_then(|o| String::from_utf8(o.stdout).ok())
        .unwrap_or_default();
    println!("cargo:rustc-env=PAYTWICE_RUSTC={}", version.trim());
    link::pack_relocations();
    link::order_startup_code();
    text_tables::generate();
}
