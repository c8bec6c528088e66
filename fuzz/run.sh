#!/usr/bin/env bash
# Fuzz ingest + contract: any bytes in, a validation result out, no panic,
# no abort, row accounting balanced.
#
#   fuzz/run.sh [SECONDS] [TARGET]   default 1800 s (30 minutes), return_bytes
#
# Targets (fuzz_targets/):
#   return_bytes  the bytes of one workbook (xlsx, xlsb, xls, ods, anything)
#   csv_folder    the CSV sheets of a folder return, split by the byte 0x1E
#
# Needs the nightly toolchain and cargo-fuzz (`cargo install cargo-fuzz`).
# Seeds: workbooks under fixtures/ and ../shared/corpus/calamine, or the
# fixture CSV folders joined sheet by sheet. Fork mode keeps going after a
# finding; each one is saved in fuzz/artifacts/TARGET/ (crash-*, oom-*,
# timeout-*). A single allocation over 256 MiB counts as a finding
# (-malloc_limit_mb), because a file that makes needle reserve that much is
# exactly the attack to catch.
set -euo pipefail
cd "$(dirname "$0")"
secs="${1:-1800}"
target="${2:-return_bytes}"
corpus="corpus/$target"
mkdir -p "$corpus" "artifacts/$target"
case "$target" in
return_bytes)
    find ../fixtures ../../shared/corpus/calamine -type f \
        \( -name '*.xlsx' -o -name '*.xlsm' -o -name '*.xlsb' -o -name '*.xls' -o -name '*.ods' \) \
        -size -2M -exec cp -n {} "$corpus/" \; 2>/dev/null || true
    ;;
csv_folder)
    for d in ../fixtures/small/* ../fixtures/small-q1/* ../fixtures/bad/csv-*; do
        [ -d "$d" ] || continue
        seed="$corpus/$(basename "$d")"
        : > "$seed"
        for s in About Activities Outcomes People; do
            [ -f "$d/$s.csv" ] && cat "$d/$s.csv" >> "$seed"
            printf '\036' >> "$seed"
        done
    done
    ;;
*)
    echo "unknown target $target" >&2
    exit 2
    ;;
esac
cargo +nightly fuzz build "$target" -O
exec cargo +nightly fuzz run "$target" -O "$corpus" -- \
    -fork=1 -ignore_crashes=1 -ignore_ooms=1 -ignore_timeouts=1 \
    -max_total_time="$secs" -timeout=10 -rss_limit_mb=2048 -malloc_limit_mb=256 \
    -max_len=1048576 -artifact_prefix="artifacts/$target/"
