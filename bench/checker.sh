#!/usr/bin/env bash
# checker.html against `needle validate` on the same files (BENCHMARKS.md,
# "The browser checker"). Needs what .ci/browser-check needs (Debian's
# chromium, node, `npm ci --prefix .ci/browser`) and the wasm32 target;
# it builds needle in the shipped profile (dist) with the checker embedded.
# Each file is checked RUNS times in the page (one page, files one after
# another) and by the command line; the page's time is from picking
# the file to its result shown, the command line's a whole process.
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS="${RUNS:-3}"
OUT="bench/out/checker"
rm -rf "$OUT" && mkdir -p "$OUT"
# The checker's module, embedded as scripts/release.sh embeds it.
cargo build --release --locked --quiet -p needle-checker --target wasm32-unknown-unknown
NEEDLE_EMBED_CHECKER=target/wasm32-unknown-unknown/release/needle_checker.wasm \
  cargo build --profile dist --locked --quiet --bin needle
NEEDLE=target/dist/needle
$NEEDLE checker --out "$OUT/checker.html" >/dev/null
# A typical return: one project of a few hundred rows (synth at the
# benchmark's 120-130 people), and the largest return of fixtures/returns.
$NEEDLE synth --projects 1 --quarters 1 --seed 7 --people 120-130 --out "$OUT/typical" >/dev/null
typical="$(find "$OUT/typical" -name '*.xlsx' | head -1)"
largest="fixtures/returns/2026-27-Q2/$(ls -S fixtures/returns/2026-27-Q2 | grep -E '\.xlsx$' | head -1)"
files=()
for _ in $(seq "$RUNS"); do files+=("$typical" "$largest" fixtures/returns/2026-27-Q2/PP-MAN-07); done
node .ci/browser/checker.mjs "$OUT/checker.html" "$NEEDLE" "$OUT" "${files[@]}" | grep -v "needs review"
python3 - "$OUT/checker-timings.json" <<'PY'
import json, sys, statistics
rows = json.load(open(sys.argv[1]))
by = {}
for r in rows:
    by.setdefault(r["file"], []).append((r["page_ms"], r["validate_ms"]))
print("| file | page (ms), median | needle validate (ms), median | ratio |")
print("|---|---|---|---|")
for f, v in by.items():
    p = statistics.median(x[0] for x in v); c = statistics.median(x[1] for x in v)
    print(f"| {f} | {p:.0f} | {c:.0f} | {p / c:.1f}× |")
PY
