#!/usr/bin/env bash
# Checks a Linux release archive as a new user would meet it: unpacked into
# an empty folder and run with no Rust toolchain on PATH. Then the tables it
# writes for fixtures/returns must be those of the cargo-built binary
# (target/release/needle or target/debug/needle, whichever is given).
#
#   scripts/release/check.sh dist/needle-<version>-x86_64-unknown-linux-musl.tar.gz [CARGO_BUILT_NEEDLE]
set -euo pipefail
cd "$(dirname "$0")/../.."
. scripts/release/need-deb.sh
need_deb file file
ARCHIVE=$(realpath "$1")
REFERENCE=$(realpath "${2:-target/debug/needle}")
FIXTURES=$(realpath fixtures)
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
name=$(basename "$ARCHIVE" .tar.gz)

# No cargo, rustc or rustup: only the system's own folders on PATH.
export PATH=/usr/bin:/bin
for tool in cargo rustc rustup; do
  if command -v "$tool" >/dev/null; then echo "FAILED: $tool is on PATH"; exit 1; fi
done
mkdir "$WORK/user"
cd "$WORK/user"
tar xzf "$ARCHIVE"
cd "$name"
echo "== in $(pwd), with PATH=$PATH"
file needle | tee "$WORK/file.txt"
grep -q "statically linked\|static-pie linked" "$WORK/file.txt" || { echo "FAILED: not a static binary"; exit 1; }
./needle --version
# In an empty root (as root: chroot), where there is no libc, no loader and
# nothing else: only a static binary runs.
CHROOT=$(PATH=/usr/sbin:/sbin:$PATH command -v chroot || true)
if [ "$(id -u)" = 0 ] && [ -n "$CHROOT" ]; then
  mkdir -p "$WORK/root"
  cp needle "$WORK/root/"
  "$CHROOT" "$WORK/root" /needle --version
  echo "ok: runs in an empty root holding only the binary"
fi
./needle demo | tail -2
test -s needle-demo/report/report.html
./needle validate "$FIXTURES/small/SML-A" | tail -1
./needle template --out mine.xlsx >/dev/null && test -s mine.xlsx
./needle checker --out mine-checker.html | tail -1
cmp mine-checker.html checker.html || { echo "FAILED: checker.html differs from the archive's"; exit 1; }
echo "== the archive's binary and the cargo-built one on fixtures/returns"
./needle report "$FIXTURES/returns" --no-store --out "$WORK/archive" | tail -1
"$REFERENCE" report "$FIXTURES/returns" --no-store --out "$WORK/cargo" | tail -1
diff -r "$WORK/archive/tables" "$WORK/cargo/tables"
echo "release archive check passed: $name"
