#!/usr/bin/env bash
# Fuzz ingest + contract: any bytes in, a validation result out, no panic,
# no abort, row accounting balanced (see fuzz_targets/return_bytes.rs).
#
#   fuzz/run.sh [SECONDS]        default 1800 (30 minutes)
#
# Needs the nightly toolchain and cargo-fuzz (`cargo install cargo-fuzz`).
# Seeds: every workbook under fixtures/ and ../shared/corpus/calamine.
# Fork mode keeps going after a finding; each one is saved in
# fuzz/artifacts/return_bytes/ (crash-*, oom-*, timeout-*). A single
# allocation over 256 MiB counts as a finding (-malloc_limit_mb), because a
# file that makes needle reserve that much is exactly the attack to catch.
set -euo pipefail
cd "$(dirname "$0")"
secs="${1:-1800}"
corpus=corpus/return_bytes
mkdir -p "$corpus" artifacts/return_bytes
find ../fixtures ../../shared/corpus/calamine -type f \
    \( -name '*.xlsx' -o -name '*.xlsm' -o -name '*.xlsb' -o -name '*.xls' -o -name '*.ods' \) \
    -size -2M -exec cp -n {} "$corpus/" \; 2>/dev/null || true
cargo +nightly fuzz build return_bytes -O
exec cargo +nightly fuzz run return_bytes -O "$corpus" -- \
    -fork=1 -ignore_crashes=1 -ignore_ooms=1 -ignore_timeouts=1 \
    -max_total_time="$secs" -timeout=10 -rss_limit_mb=2048 -malloc_limit_mb=256 \
    -max_len=1048576 -artifact_prefix=artifacts/return_bytes/
