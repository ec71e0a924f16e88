//! How the program is linked, for a faster start with less memory (issue 6).

/// Pointers in static data (word tables, vtables) each need a relocation at start-up in a
/// position-independent binary: about 9,000 of them, 200 KB that the loader reads before
/// `main`. Packed (DT_RELR, glibc 2.36+) they take 2 KB. The linker packs them only when the
/// C library it links against supports that, so the binary still runs where it was built.
/// The floor example gets the same flag, so the start-up benchmark compares like with like.
pub fn pack_relocations() {
    let var = |k: &str| std::env::var(k).unwrap_or_default();
    if var("CARGO_CFG_TARGET_OS") == "linux" && var("CARGO_CFG_TARGET_ENV") == "gnu" {
        for kind in ["bins", "examples"] {
            println!("cargo:rustc-link-arg-{kind}=-Wl,-z,pack-relative-relocs");
        }
    }
}

/// The functions start-up runs (about 570 of the program's 9,000; 0.6 of its 3.7 MB of code)
/// placed together at the front of the code: the kernel maps code in 64 KB pieces around each
/// first use, and spread over the whole binary those functions touched two thirds of it —
/// most of the memory counted at the first frame. `build/startup.order` names them; it is made
/// by `cargo run --release --example startup_order` (which traces starts under valgrind). A
/// name no longer in the program is skipped, so a stale list costs speed, never correctness.
///
/// Only for release builds with the linker Rust uses by default on x86-64 Linux since 1.90
/// (rust-lld, which knows `--symbol-ordering-file`): a configured linker is left alone.
pub fn order_startup_code() {
    let var = |k: &str| std::env::var(k).unwrap_or_default();
    let order = std::path::Path::new(&var("CARGO_MANIFEST_DIR")).join("build/startup.order");
    println!("cargo:rerun-if-changed={}", order.display());
    println!("cargo:rerun-if-env-changed=PAYTWICE_LINK_MAP");
    // The generator asks for a linker map: the released program has no symbol names left.
    if let Some(map) = std::env::var_os("PAYTWICE_LINK_MAP") {
        println!(
            "cargo:rustc-link-arg-bins=-Wl,-Map={}",
            map.to_string_lossy()
        );
    }
    let default_lld = var("TARGET") == "x86_64-unknown-linux-gnu"
        && std::env::var_os("RUSTC_LINKER").is_none()
        && !var("CARGO_ENCODED_RUSTFLAGS").contains("link")
        && rustc_minor().is_some_and(|m| m >= 90);
    if var("PROFILE") == "release" && default_lld && order.is_file() {
        println!(
            "cargo:rustc-link-arg-bins=-Wl,--symbol-ordering-file={}",
            order.display()
        );
        println!("cargo:rustc-link-arg-bins=-Wl,--no-warn-symbol-ordering");
    }
}

/// `95` for rustc 1.95.0.
fn rustc_minor() -> Option<u32> {
    let rustc = std::env::var_os("RUSTC")?;
    let out = std::process::Command::new(rustc).arg("-vV").output().ok()?;
    let text = String::from_utf8(out.stdout).ok()?;
    let release = text.lines().find_map(|l| l.strip_prefix("release: "))?;
    release.split('.').nth(1)?.parse().ok()
}
