#!/usr/bin/env bash
# Builds what a release ships for the machine this runs on (Linux x86_64 here), then proves the
# Debian package installs, runs and removes cleanly (issue 17). The other targets are built by
# .github/workflows/release.yml on their own runners, with the same steps.
#
#   bash packaging/build.sh            # archive + checksum + .deb in target/dist, then dpkg test
#   bash packaging/build.sh --no-dpkg  # without installing (no root, or not Debian)
#
# Needs: the Rust toolchain, a C linker; cargo-deb is installed if missing; dpkg and man for the
# install test.
set -euo pipefail
cd "$(dirname "$0")/.."
test_dpkg=1
[ "${1:-}" = "--no-dpkg" ] && test_dpkg=0

version=$(cargo metadata --format-version 1 --no-deps --locked |
  python3 -c 'import json,sys; print(json.load(sys.stdin)["packages"][0]["version"])')
target=$(rustc -vV | sed -n 's/^host: //p')
dist=target/dist
gen=target/package-assets
rm -rf "$dist" "$gen"
mkdir -p "$dist" "$gen/completions"

cargo build --release --locked
bin=target/release/paytwice

# The man page and completions come from the program's own clap definition.
"$bin" completions bash >"$gen/completions/paytwice.bash"
"$bin" completions zsh >"$gen/completions/_paytwice"
"$bin" completions fish >"$gen/completions/paytwice.fish"
if "$bin" man >"$gen/paytwice.1" 2>/dev/null; then
  gzip -9n -f "$gen/paytwice.1"
else
  echo "packaging: this build has no 'paytwice man' yet; the package ships without a man page" >&2
  rm -f "$gen/paytwice.1"
fi

# The archive: what a user unpacks anywhere.
name="paytwice-$version-$target"
stage="$gen/$name"
mkdir -p "$stage"
cp "$bin" README.md LICENSE THIRD_PARTY_LICENSES.md CHANGELOG.md "$stage/"
cp -r "$gen/completions" "$stage/"
[ -f "$gen/paytwice.1.gz" ] && cp "$gen/paytwice.1.gz" "$stage/"
tar -C "$gen" -czf "$dist/$name.tar.gz" "$name"

# The Debian package ([package.metadata.deb] in Cargo.toml).
command -v cargo-deb >/dev/null 2>&1 || cargo install --locked cargo-deb
cargo deb --locked --no-build --output "$dist/"

(cd "$dist" && sha256sum -- * >SHA256SUMS)
echo "packaging: built"
ls -l "$dist"

[ "$test_dpkg" = 1 ] || exit 0
deb=$(ls "$dist"/*.deb)
dpkg -i "$deb"
trap 'dpkg -r paytwice >/dev/null 2>&1 || true' EXIT
/usr/bin/paytwice --version
[ -f /usr/share/doc/paytwice/copyright ] && echo "licence installed"
[ -f /usr/share/doc/paytwice/THIRD_PARTY_LICENSES.md ] && echo "third-party notices installed"
[ -f /usr/share/bash-completion/completions/paytwice ] && echo "bash completion installed"
if [ -f /usr/share/man/man1/paytwice.1.gz ]; then
  MANPAGER=cat man paytwice | head -5
fi
dpkg -r paytwice
trap - EXIT
! command -v paytwice >/dev/null 2>&1 || [ "$(command -v paytwice)" != /usr/bin/paytwice ]
echo "packaging: installed, ran and removed $deb"
