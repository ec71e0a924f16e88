#!/usr/bin/env bash
# Type-checks paytwice for Windows and macOS on a Debian machine that cannot download their
# standard libraries (rustup's targets are out of reach here). It borrows Debian's own Rust
# (rustc-web 1.85) and that compiler's standard-library source, builds std for the target with
# `-Zbuild-std` (RUSTC_BOOTSTRAP), and runs `cargo check` on a copy of the project:
#
#   bash packaging/check-other-platforms.sh                    # Windows (MSVC; GNU with the
#                                                              # tests), macOS
#   bash packaging/check-other-platforms.sh TARGET [ARGS...]   # one target; ARGS for cargo
#                                                              # check (default: --lib --bins)
#
# .ci/run runs it for x86_64-pc-windows-gnu with every target (about 4 minutes from nothing).
#
# What it proves: every `cfg(unix)` / `cfg(windows)` branch names real APIs and the Unix-only
# code is gated (platform.rs). What it does not: linking, or running anything on those systems;
# the release workflow (.github/workflows/release.yml) and ci.yml do that on real runners.
#
# The older compiler needs help with code written for a newer one, all confined to the copy:
# unstable-then feature gates are switched on per crate (rustc-wrap below), `aes` is type-checked
# with its portable backend, `time` is held at the last release rustc 1.85 can build, and the
# pre-1.89 shape of `File::try_lock` is shimmed. When a dependency upgrade needs another gate,
# the error names it ("add `#![feature(...)]`"): add it to the wrapper.
# Its warnings that std::env::home_dir is deprecated are 1.85's: 1.86 fixed it on Windows and
# lifted the deprecation, and paytwice needs 1.89.
# Needs root or sudo for apt the first time (rustc-web, cargo-web, rust-web-src, mingw-w64).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
work="$root/target/other-platforms"
copy="$work/project"

if [ ! -x /usr/bin/rustc ] || [ ! -d /usr/lib/rustlib/src/rust/library ] ||
  ! command -v x86_64-w64-mingw32-gcc >/dev/null; then
  pkgs="rustc-web cargo-web rust-web-src gcc-mingw-w64-x86-64 binutils-mingw-w64-x86-64"
  apt=(env DEBIAN_FRONTEND=noninteractive apt-get)
  [ "$(id -u)" = 0 ] || apt=(sudo env DEBIAN_FRONTEND=noninteractive apt-get)
  # shellcheck disable=SC2086 # a list of package names
  "${apt[@]}" install -y -q $pkgs >/dev/null ||
    { "${apt[@]}" update -q >/dev/null && "${apt[@]}" install -y -q $pkgs >/dev/null; }
fi

mkdir -p "$copy"
for d in src assets tests examples benches build fuzz build.rs Cargo.toml README.md LICENSE; do
  rm -rf "${copy:?}/$d"
  cp -r "$root/$d" "$copy/"
done
if [ ! -f "$copy/Cargo.lock" ] || [ "$root/Cargo.lock" -nt "$copy/Cargo.lock" ]; then
  cp "$root/Cargo.lock" "$copy/"
  (cd "$copy" && /usr/bin/cargo update -q -p time --precise 0.3.47)
fi
# rustc 1.85's (then unstable) File::try_lock returned io::Result<bool>.
sed -i 's/^use std::fs::{File, TryLockError};/use std::fs::File;/; s/file\.try_lock()/shim_try_lock(\&file)/' \
  "$copy/src/storage/lock.rs"
cat >>"$copy/src/storage/lock.rs" <<'SHIM'
enum TryLockError { WouldBlock, Error(io::Error) }
fn shim_try_lock(f: &File) -> Result<(), TryLockError> {
    match f.try_lock() {
        Ok(true) => Ok(()),
        Ok(false) => Err(TryLockError::WouldBlock),
        Err(e) => Err(TryLockError::Error(e)),
    }
}
SHIM

cat >"$work/rustc-wrap" <<'WRAP'
#!/bin/sh
# Feature gates for what rustc 1.85 still called unstable; never for std's own crates.
rustc="$1"; shift
case "$*" in
  *"/usr/lib/rustlib/"*|*"/usr/src/rustc-"*|*"-vV"*|*"___"*) exec "$rustc" "$@";;
esac
extra=""
case "$*" in *"--crate-name ratatui_"*) extra="-Zcrate-attr=feature(const_vec_string_slice)";; esac
case "$*" in *"--crate-name quick_xml"*) extra="-Zcrate-attr=feature(const_str_split_at)";; esac
case "$*" in *"--crate-name paytwice"*) extra="-Zcrate-attr=feature(file_lock)";; esac
# aes's hardware backends use intrinsics that were not safe yet; its portable one is the same API.
case "$*" in *"--crate-name aes "*) extra="--cfg aes_backend=\"soft\"";; esac
exec "$rustc" "$@" $extra -Zcrate-attr='feature(let_chains)' \
  -Zcrate-attr='feature(integer_sign_cast)' -Zcrate-attr='feature(slice_as_chunks)' \
  -Zcrate-attr='feature(unsigned_is_multiple_of)' -Zcrate-attr='feature(float_next_up_down)' \
  -Zcrate-attr='feature(const_black_box)'
WRAP
chmod +x "$work/rustc-wrap"

check() {
  echo "== cargo check --target $*" >&2
  (cd "$copy" && RUSTC_BOOTSTRAP=1 RUSTC=/usr/bin/rustc RUSTC_WRAPPER="$work/rustc-wrap" \
    CARGO_TARGET_DIR="$work/target" /usr/bin/cargo check -q --ignore-rust-version \
    -Zbuild-std=std,panic_abort --target "$@")
}

if [ $# -gt 0 ]; then
  target=$1
  shift
  [ $# -gt 0 ] || set -- --lib --bins
  check "$target" "$@"
  exit
fi
check x86_64-pc-windows-msvc --bins --lib
# The GNU target has a C compiler here, which the benches' criterion needs for its build script.
check x86_64-pc-windows-gnu --bins --lib --tests --examples --benches
check aarch64-apple-darwin --bins --lib
echo "other platforms: Windows (program, tests, examples, benches) and macOS (program) check clean" >&2
