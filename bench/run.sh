#!/usr/bin/env bash
# needle's benchmark: a national roll-up timed against what an analyst would
# otherwise use, side by side in one run on this machine (see BENCHMARKS.md).
#
#   (a) needle report              the shipped profile (dist), exact edition (--no-suppression),
#                                  cold: --no-store, every return read
#   (b) pandas + openpyxl          bench/peers/pandas_openpyxl.py
#   (c) polars + fastexcel         bench/peers/polars_fastexcel.py
#   (d) the floor                  bench/floor: calamine opens every file and
#                                  touches every cell, in parallel, nothing else
#
# Then the published edition (needle report, disclosure control on): the
# share of its run the audit takes (src/audit, every pass), from
# NEEDLE_TIMINGS=1's stage times, against the exact edition's run.
#
# Then the store (src/store): needle on the main corpus less one return with
# an empty store (cold, keeping every return), the same again from the store
# (nothing new), and with the one return added (the late return), whose
# stages' shares NEEDLE_TIMINGS=1 gives; then the same at BIG returns
# (cold with a store, then the late return; one run each).
#
# Before any time is reported, (a), (b) and (c) must produce the same
# tables/measures.csv and tables/vfm.csv from the same files
# (bench/compare.py); the script stops if they do not.
#
# Settings (environment):
#   RUNS=3            timed runs per contestant (the median is reported)
#   MAIN=2000         returns in the side-by-side corpus
#   SIZES="500 1000 2000 4000"   needle's scaling runs
#   BIG=10000         returns in the memory check
#   PEOPLE=40-130     people per project (about 200 outcome rows a return)
#
# Needs: cargo, python3 (3.11+) with venv, PyPI, GNU time (/usr/bin/time).
# Writes bench/data/ (corpora), bench/out/ (outputs, timings, results.md).
set -euo pipefail
cd "$(dirname "$0")/.."

RUNS=${RUNS:-3}
MAIN=${MAIN:-2000}
SIZES=${SIZES:-"500 1000 2000 4000"}
BIG=${BIG:-10000}
PEOPLE=${PEOPLE:-40-130}
SEED=7
DATA=bench/data
OUT=bench/out
NEEDLE=target/dist/needle
FLOOR=bench/floor/target/release/needle-bench-floor
PY=bench/.venv/bin/python

if [ ! -x /usr/bin/time ]; then
  echo "bench/run.sh needs GNU time (/usr/bin/time): apt-get install time" >&2
  exit 2
fi

echo "== builds (release)"
cargo build --profile dist --locked --bin needle
cargo build --release --locked --manifest-path bench/floor/Cargo.toml

echo "== Python peers: bench/.venv from PyPI (bench/requirements.txt)"
[ -x "$PY" ] || python3 -m venv bench/.venv
"$PY" -m pip install --quiet --disable-pip-version-check -r bench/requirements.txt

echo "== corpora: needle synth --quarters 1 --people $PEOPLE --seed $SEED"
for n in $(printf '%s\n' $SIZES $MAIN $BIG | sort -nu); do
  if [ ! -f "$DATA/$n/.done" ]; then
    rm -rf "${DATA:?}/$n"
    "$NEEDLE" synth --projects "$n" --quarters 1 --seed "$SEED" --people "$PEOPLE" --out "$DATA/$n"
    touch "$DATA/$n/.done"
  fi
done

rm -rf "$OUT"
mkdir -p "$OUT/times"

# run NAME DIR CMD...: runs CMD once under GNU time, appending
# "seconds max_rss_kb" to $OUT/times/NAME.
run() {
  local name=$1
  shift
  /usr/bin/time -f '%e %M' -o "$OUT/times/$name.last" "$@" >"$OUT/times/$name.log" 2>&1 || {
    echo "$name failed:" >&2
    tail -20 "$OUT/times/$name.log" >&2
    exit 1
  }
  cat "$OUT/times/$name.last" >>"$OUT/times/$name"
}

needle_cmd() { echo "$NEEDLE" report "$DATA/$1" --no-suppression --no-store --out "$OUT/needle-$1"; }
pandas_cmd() { echo "$PY" bench/peers/pandas_openpyxl.py "$DATA/$1" "$OUT/pandas-$1"; }
polars_cmd() { echo "$PY" bench/peers/polars_fastexcel.py "$DATA/$1" "$OUT/polars-$1"; }
floor_cmd() { echo "$FLOOR" "$DATA/$1"; }

echo "== the same figures: needle vs pandas vs polars on $MAIN returns"
# These first runs also warm the page cache for the timed runs.
run warm-needle $(needle_cmd "$MAIN")
run warm-pandas $(pandas_cmd "$MAIN")
run warm-polars $(polars_cmd "$MAIN")
run warm-floor $(floor_cmd "$MAIN")
for peer in pandas polars; do
  "$PY" bench/compare.py "$OUT/needle-$MAIN/tables/measures.csv" \
    "$OUT/$peer-$MAIN/tables/measures.csv" quarter project_id measure
  "$PY" bench/compare.py "$OUT/needle-$MAIN/tables/vfm.csv" \
    "$OUT/$peer-$MAIN/tables/vfm.csv" quarter project_id
done

echo "== timing: $RUNS runs each on $MAIN returns, in turn"
for i in $(seq "$RUNS"); do
  echo "   round $i of $RUNS"
  run needle $(needle_cmd "$MAIN")
  run pandas $(pandas_cmd "$MAIN")
  run polars $(polars_cmd "$MAIN")
  run floor $(floor_cmd "$MAIN")
done

echo "== scaling: needle at $SIZES returns"
for n in $SIZES; do
  for i in $(seq "$RUNS"); do
    run "needle-n$n" $(needle_cmd "$n")
  done
done

echo "== the store: $MAIN returns less one, then the late one added"
LATE_DIR="$OUT/store-corpus"
rm -rf "$LATE_DIR"
mkdir -p "$LATE_DIR"
cp -al "$DATA/$MAIN/." "$LATE_DIR/"
LATE=$(find "$LATE_DIR" -name '*.xlsx' | sort | tail -1)
store_cmd() { echo "$NEEDLE" report "$LATE_DIR" --no-suppression --store "$OUT/store" --out "$OUT/needle-store-$1"; }
for i in $(seq "$RUNS"); do
  rm -rf "$OUT/store"
  mv "$LATE" "$OUT/late.xlsx"
  run store-cold $(store_cmd cold)
  run store-again $(store_cmd again)
  mv "$OUT/late.xlsx" "$LATE"
  # NEEDLE_TIMINGS=1: each stage's start, for its share of the rerun.
  NEEDLE_TIMINGS=1 run store-late $(store_cmd late)
  cp "$OUT/times/store-late.log" "$OUT/times/store-late.log.$i"
  grep -q "1 read and kept" "$OUT/times/store-late.log" || {
    echo "the late return was not the only one read:" >&2
    cat "$OUT/times/store-late.log" >&2
    exit 1
  }
done
# The report from the store is a cold run's on the same files, byte for byte.
"$NEEDLE" report "$LATE_DIR" --no-suppression --no-store --out "$OUT/needle-store-nostore" >/dev/null
diff -r "$OUT/needle-store-late" "$OUT/needle-store-nostore" >/dev/null || {
  echo "the report from the store differs from the cold run's" >&2
  exit 1
}

echo "== the store at $BIG returns: less one, then the late one added (one run each)"
BIG_DIR="$OUT/store-big-corpus"
rm -rf "$BIG_DIR" "$OUT/store-big"
mkdir -p "$BIG_DIR"
cp -al "$DATA/$BIG/." "$BIG_DIR/"
BIG_LATE=$(find "$BIG_DIR" -name '*.xlsx' | sort | tail -1)
mv "$BIG_LATE" "$OUT/late-big.xlsx"
run store-big-cold "$NEEDLE" report "$BIG_DIR" --no-suppression --store "$OUT/store-big" --out "$OUT/needle-store-big-cold"
mv "$OUT/late-big.xlsx" "$BIG_LATE"
NEEDLE_TIMINGS=1 run store-big-late "$NEEDLE" report "$BIG_DIR" --no-suppression --store "$OUT/store-big" --out "$OUT/needle-store-big-late"
grep -q "1 read and kept" "$OUT/times/store-big-late.log" || {
  echo "the late return was not the only one read at $BIG returns:" >&2
  cat "$OUT/times/store-big-late.log" >&2
  exit 1
}

echo "== the published edition: the audit's share of a run on $MAIN returns"
# needle report without --no-suppression: disclosure control, the audit
# (src/audit) and its passes, then the files. NEEDLE_TIMINGS=1 prints when
# each stage starts; the audit is "auditing the published edition" up to
# "writing".
for i in $(seq "$RUNS"); do
  NEEDLE_TIMINGS=1 run published "$NEEDLE" report "$DATA/$MAIN" --no-store --out "$OUT/published-$MAIN"
  cp "$OUT/times/published.log" "$OUT/times/published.log.$i"
done
"$PY" - "$OUT" "$RUNS" "$MAIN" <<'PY' | tee "$OUT/audit.md"
import json, re, statistics, sys
out, runs, main = sys.argv[1], int(sys.argv[2]), sys.argv[3]
def stage(log, name):
    for line in open(log):
        m = re.match(r"needle timings:\s+([\d.]+) s .*  " + re.escape(name) + r"$", line.rstrip())
        if m:
            return float(m.group(1))
    raise SystemExit(f"{log}: no stage {name!r}")
shares, audits, totals = [], [], []
for i in range(1, runs + 1):
    log = f"{out}/times/published.log.{i}"
    a = stage(log, "writing") - stage(log, "auditing the published edition")
    t = stage(log, "done")
    audits.append(a); totals.append(t); shares.append(a / t)
exact = statistics.median(float(l.split()[0]) for l in open(f"{out}/times/needle"))
audit = json.load(open(f"{out}/published-{main}/disclosure_audit.json"))
print(f"### The published edition on {main} returns (median of {runs})\n")
print(f"- whole run {statistics.median(totals):.1f} s, of which the audit and its passes "
      f"{statistics.median(audits):.1f} s ({100 * statistics.median(shares):.0f} %)")
print(f"- the exact edition (--no-suppression) in the same session: {exact:.1f} s; "
      f"published ÷ exact = {statistics.median(totals) / exact:.2f}")
print(f"- passes: {len(audit['passes']) + 1} "
      f"({', '.join(str(p['withheld']) + ' withheld + ' + str(p['coarsened']) + ' coarsened' for p in audit['passes'])}); "
      f"result: {audit['result']}; {audit['counts_checked']} hidden counts checked")
PY

echo "== memory: needle and the floor at $BIG returns"
run "needle-big" $(needle_cmd "$BIG")
run "floor-big" $(floor_cmd "$BIG")

"$PY" bench/summarise.py "$OUT" "$DATA" "$MAIN" "$BIG" "$SIZES" | tee "$OUT/results.md"
cat "$OUT/audit.md" >> "$OUT/results.md"
