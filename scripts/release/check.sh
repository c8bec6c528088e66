#!/usr/bin/env bash
# Checks a release archive as a new user would meet it: unpacked into an
# empty folder and run with no Rust toolchain on PATH, then compared with a
# needle built here by cargo (REFERENCE: the debug build in CI, or the Linux
# release binary).
#
#   scripts/release/check.sh dist/needle-<version>-x86_64-unknown-linux-musl.tar.gz [REFERENCE]
#   scripts/release/check.sh dist/needle-<version>-x86_64-pc-windows-gnu.zip [REFERENCE]
#
# The Linux binary must be static (`file`) and run in an empty root
# (chroot, as root). needle.exe runs under wine (Debian's, installed when
# missing). Debian 12's wine 8.0 lacks bcryptprimitives.dll, which Rust's
# standard library needs (ProcessPrng), so the test folder, never the
# archive, gets a stand-in built from scripts/release/wine/bcryptprimitives.c.
#
# Both then run the same commands as REFERENCE: the same --version line,
# the same tables from `needle demo`, the same last line from `needle
# validate`, the same parts in `needle template`'s workbook (a zip names the
# system that wrote it, so parts are compared, not bytes), `needle checker`
# equal to the archive's checker.html, and the same tables for
# fixtures/returns (`diff -r`).
set -euo pipefail
cd "$(dirname "$0")/../.."
. scripts/release/need-deb.sh
ARCHIVE=$(realpath "$1")
REFERENCE=$(realpath "${2:-target/debug/needle}")
FIXTURES=$(realpath fixtures)
STANDIN=$(realpath scripts/release/wine/bcryptprimitives.c)
WORK=$(mktemp -d)
mkdir "$WORK/user" "$WORK/reference"
case "$ARCHIVE" in
  *.zip) name=$(basename "$ARCHIVE" .zip); exe=needle.exe
    need_deb wine wine wine64
    need_deb x86_64-w64-mingw32-gcc gcc-mingw-w64-x86-64
    export WINEPREFIX="$WORK/wineprefix" WINEDEBUG=-all
    trap 'wineserver -k >/dev/null 2>&1 || true; rm -rf "$WORK"' EXIT
    python3 -m zipfile -e "$ARCHIVE" "$WORK/user" ;;
  *.tar.gz) name=$(basename "$ARCHIVE" .tar.gz); exe=needle
    need_deb file file
    trap 'rm -rf "$WORK"' EXIT
    tar xzf "$ARCHIVE" -C "$WORK/user" ;;
  *) echo "check.sh: $ARCHIVE is neither a .tar.gz nor a .zip" >&2; exit 2 ;;
esac

# No cargo, rustc or rustup: only the system's own folders on PATH.
export PATH=/usr/bin:/bin
for tool in cargo rustc rustup; do
  if command -v "$tool" >/dev/null; then echo "FAILED: $tool is on PATH"; exit 1; fi
done
cd "$WORK/user/$name"
for f in "$exe" checker.html template.xlsx README.md LICENSE-MIT LICENSE-APACHE docs; do
  [ -e "$f" ] || { echo "FAILED: the archive has no $f"; exit 1; }
done
if [ "$exe" = needle.exe ]; then
  x86_64-w64-mingw32-gcc -O2 -shared -o bcryptprimitives.dll "$STANDIN" -ladvapi32
  echo "== in $(pwd), under $(wine --version) with the bcryptprimitives.dll stand-in, PATH=$PATH"
  run() { wine ./needle.exe "$@" | tr -d '\r'; }
else
  echo "== in $(pwd), with PATH=$PATH"
  file needle | tee "$WORK/file.txt"
  grep -q "statically linked\|static-pie linked" "$WORK/file.txt" || { echo "FAILED: not a static binary"; exit 1; }
  # In an empty root, with no libc, no loader and nothing else, only a
  # static binary runs.
  if [ "$(id -u)" = 0 ] && [ -x /usr/sbin/chroot ]; then
    mkdir -p "$WORK/root"
    cp needle "$WORK/root/"
    /usr/sbin/chroot "$WORK/root" /needle --version
    echo "ok: runs in an empty root holding only the binary"
  fi
  run() { ./needle "$@"; }
fi
ref() { (cd "$WORK/reference" && "$REFERENCE" "$@"); }
same() { # same WHAT MINE THEIRS
  [ "$2" = "$3" ] || { echo "FAILED: $1 differs: '$2' here, '$3' from $REFERENCE"; exit 1; }
}

v=$(run --version); echo "$v"
same "needle --version" "$v" "$(ref --version)"
run demo | tail -1
test -s needle-demo/report/report.html
ref demo >/dev/null
diff -r needle-demo/report/tables "$WORK/reference/needle-demo/report/tables"
echo "ok: needle demo writes the reference's tables"
line=$(run validate "$FIXTURES/small/SML-A" | tail -1); echo "$line"
same "needle validate" "$line" "$(ref validate "$FIXTURES/small/SML-A" | tail -1)"
run template --out mine.xlsx >/dev/null
ref template --out mine.xlsx >/dev/null
python3 - template.xlsx mine.xlsx "$WORK/reference/mine.xlsx" <<'PY'
import sys, zipfile
archive, *others = (zipfile.ZipFile(p) for p in sys.argv[1:])
for z in others:
    assert sorted(z.namelist()) == sorted(archive.namelist()), f"{z.filename}: parts differ"
    for n in archive.namelist():
        assert z.read(n) == archive.read(n), f"{z.filename}: part {n} differs"
PY
echo "ok: needle template writes the archive's template.xlsx, part for part"
run checker --out mine-checker.html | tail -1
cmp mine-checker.html checker.html || { echo "FAILED: checker.html differs from the archive's"; exit 1; }
echo "== the archive's binary and $REFERENCE on fixtures/returns"
run report "$FIXTURES/returns" --no-store --out "$WORK/archive-report" | tail -1
ref report "$FIXTURES/returns" --no-store --out "$WORK/reference-report" | tail -1
diff -r "$WORK/archive-report/tables" "$WORK/reference-report/tables"
echo "release archive check passed: $name"
