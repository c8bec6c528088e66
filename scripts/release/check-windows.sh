#!/usr/bin/env bash
# Checks the Windows release archive under wine, as scripts/release/check.sh
# checks the Linux one: unpacked into an empty folder, needle.exe runs the
# same commands as the Linux binary, and what it writes must match.
#
#   scripts/release/check-windows.sh dist/needle-<version>-x86_64-pc-windows-gnu.zip LINUX_NEEDLE
#
# Debian 12's wine 8.0 lacks bcryptprimitives.dll, which Rust's standard
# library needs (ProcessPrng); the test folder gets a stand-in built from
# scripts/release/wine/bcryptprimitives.c. The archive is not changed.
set -euo pipefail
cd "$(dirname "$0")/../.."
. scripts/release/need-deb.sh
ARCHIVE=$(realpath "$1")
LINUX=$(realpath "$2")
FIXTURES=$(realpath fixtures)
need_deb wine wine wine64
need_deb x86_64-w64-mingw32-gcc gcc-mingw-w64-x86-64
WORK=$(mktemp -d)
trap 'wineserver -k >/dev/null 2>&1 || true; rm -rf "$WORK"' EXIT
export WINEPREFIX="$WORK/wineprefix" WINEDEBUG=-all
name=$(basename "$ARCHIVE" .zip)

mkdir "$WORK/user" "$WORK/linux"
python3 -m zipfile -e "$ARCHIVE" "$WORK/user"
cd "$WORK/user/$name"
test -f needle.exe -a -f checker.html -a -f template.xlsx -a -f README.md -a -d docs
x86_64-w64-mingw32-gcc -O2 -shared -o bcryptprimitives.dll \
  "$OLDPWD/scripts/release/wine/bcryptprimitives.c" -ladvapi32
echo "== in $(pwd), under $(wine --version) with the bcryptprimitives.dll stand-in"
win() { wine ./needle.exe "$@" | tr -d '\r'; }
lin() { (cd "$WORK/linux" && "$LINUX" "$@"); }

v=$(win --version); echo "$v"
[ "$v" = "$(lin --version)" ] || { echo "FAILED: --version differs from the Linux binary's: $(lin --version)"; exit 1; }
win demo | tail -1
lin demo >/dev/null
diff -r needle-demo/report/tables "$WORK/linux/needle-demo/report/tables"
echo "ok: needle demo writes the Linux binary's tables"
w=$(win validate "$FIXTURES/small/SML-A" | tail -1); echo "$w"
[ "$w" = "$(lin validate "$FIXTURES/small/SML-A" | tail -1)" ] || { echo "FAILED: validate differs"; exit 1; }
win template --out mine.xlsx >/dev/null
lin template --out mine.xlsx >/dev/null
# The zip's "made by" field names the system that wrote it; the parts must be equal.
mkdir -p "$WORK/tw" "$WORK/tl"
python3 -m zipfile -e mine.xlsx "$WORK/tw"
python3 -m zipfile -e "$WORK/linux/mine.xlsx" "$WORK/tl"
diff -r "$WORK/tw" "$WORK/tl"
cmp -s template.xlsx mine.xlsx || python3 - template.xlsx mine.xlsx <<'PY'
import sys, zipfile
a, b = (zipfile.ZipFile(p) for p in sys.argv[1:])
assert sorted(a.namelist()) == sorted(b.namelist()), "template parts differ"
for n in a.namelist():
    assert a.read(n) == b.read(n), f"template part {n} differs"
PY
echo "ok: needle template writes the archive's template.xlsx, part for part"
win checker --out mine-checker.html | tail -1
cmp mine-checker.html checker.html || { echo "FAILED: checker.html differs from the archive's"; exit 1; }
echo "== needle.exe and the Linux binary on fixtures/returns"
win report "$FIXTURES/returns" --no-store --out "$WORK/windows-report" | tail -1
lin report "$FIXTURES/returns" --no-store --out "$WORK/linux-report" | tail -1
diff -r "$WORK/windows-report/tables" "$WORK/linux-report/tables"
echo "windows archive check passed under wine: $name"
