#!/usr/bin/env bash
# Builds needle's release archives into dist/ (see docs/release.md):
#
#   dist/needle-<version>-x86_64-unknown-linux-musl.tar.gz   static Linux binary
#   dist/needle-<version>-x86_64-pc-windows-gnu.zip          Windows binary
#   dist/SHA256SUMS
#
# Each archive holds the binary (the checker's WebAssembly module embedded),
# checker.html built with the default config, the blank template.xlsx,
# docs/, a README that starts from the download, and the licences. The
# bytes depend only on the commit: SOURCE_DATE_EPOCH is the commit's date,
# build paths are remapped, and archives list their files in a fixed order
# with fixed times, owners and modes.
#
# Settings (environment):
#   TARGETS="x86_64-unknown-linux-musl x86_64-pc-windows-gnu"   what to build
#   PACK_ONLY=1    pack binaries already built (CI packs twice to compare)
#   OUT=dist       where the archives go
#
# Needs: rustup targets wasm32-unknown-unknown and each of TARGETS; Debian's
# musl-tools (for mimalloc's C code) and gcc-mingw-w64-x86-64 (the Windows
# linker); python3 (zip with fixed times). It installs the rustup targets
# and, with apt-get, the Debian packages when they are missing.
set -euo pipefail
cd "$(dirname "$0")/.."

TARGETS=${TARGETS:-"x86_64-unknown-linux-musl x86_64-pc-windows-gnu"}
OUT=${OUT:-dist}
VERSION=$(sed -n 's/^version = "\(.*\)"/\1/p' Cargo.toml | head -1)
export SOURCE_DATE_EPOCH=${SOURCE_DATE_EPOCH:-$(git log -1 --format=%ct HEAD)}
export NEEDLE_COMMIT=${NEEDLE_COMMIT:-$(git rev-parse --short=12 HEAD)}
MODULE=target/wasm32-unknown-unknown/release/needle_checker.wasm
. scripts/release/need-deb.sh

bin_of() { case "$1" in *windows*) echo "target/$1/dist/needle.exe" ;; *) echo "target/$1/dist/needle" ;; esac; }

# No build path in what is shipped: the sources of needle, of the crates
# from the registry and of the standard library are named from fixed roots.
REMAP="--remap-path-prefix=$PWD=/needle --remap-path-prefix=${CARGO_HOME:-$HOME/.cargo}=/cargo --remap-path-prefix=$(rustc --print sysroot)=/rust"

if [ -z "${PACK_ONLY:-}" ]; then
  echo "== the checker's WebAssembly module"
  rustup target add wasm32-unknown-unknown >/dev/null
  RUSTFLAGS="$REMAP" cargo build --release --locked --quiet -p needle-checker --target wasm32-unknown-unknown
  for t in $TARGETS; do
    echo "== needle for $t"
    rustup target add "$t" >/dev/null
    case "$t" in
      *linux-musl) need_deb musl-gcc musl-tools
        export CC_x86_64_unknown_linux_musl=musl-gcc ;;
      *windows-gnu) need_deb x86_64-w64-mingw32-gcc gcc-mingw-w64-x86-64 ;;
    esac
    # Static, with no build path in the binary. RUSTFLAGS with --target
    # reach the target's crates only, not build scripts.
    RUSTFLAGS="-C target-feature=+crt-static $REMAP" \
      NEEDLE_EMBED_CHECKER="$MODULE" \
      cargo build --profile dist --locked --quiet --bin needle --target "$t"
  done
fi

# What every archive holds besides the binary, made by a binary that runs
# here (the Linux one when built, else the host's).
HOST_BIN=$(bin_of x86_64-unknown-linux-musl)
[ -x "$HOST_BIN" ] || HOST_BIN=target/dist/needle
STAGE=$(mktemp -d)
trap 'rm -rf "$STAGE"' EXIT
mkdir -p "$STAGE/common/docs" "$OUT"
"$HOST_BIN" checker --out "$STAGE/common/checker.html" >/dev/null
"$HOST_BIN" template --out "$STAGE/common/template.xlsx" >/dev/null
cp -r docs/. "$STAGE/common/docs/"
cp scripts/release/README.md "$STAGE/common/README.md"
cp LICENSE-MIT LICENSE-APACHE "$STAGE/common/"

for t in $TARGETS; do
  name="needle-$VERSION-$t"
  dir="$STAGE/$name"
  mkdir -p "$dir"
  cp -r "$STAGE/common/." "$dir/"
  cp "$(bin_of "$t")" "$dir/"
  chmod -R u=rwX,go=rX "$dir"
  case "$t" in
    *windows*)
      python3 scripts/release/zip.py "$OUT/$name.zip" "$STAGE" "$name" "$SOURCE_DATE_EPOCH" ;;
    *)
      tar --sort=name --mtime="@$SOURCE_DATE_EPOCH" --owner=0 --group=0 --numeric-owner \
        --pax-option=exthdr.name=%d/PaxHeaders/%f,delete=atime,delete=ctime \
        -C "$STAGE" -cf - "$name" | gzip -n -9 > "$OUT/$name.tar.gz" ;;
  esac
  echo "wrote $OUT/$name.* ($(du -k "$OUT/$name".* | cut -f1 | head -1) KB)"
done
(cd "$OUT" && sha256sum needle-"$VERSION"-* > SHA256SUMS && cat SHA256SUMS)
