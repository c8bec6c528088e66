"""Turns bench/out/times/* into the results table of BENCHMARKS.md.

usage: summarise.py OUT DATA MAIN BIG "SIZES"
Each times file holds one "seconds max_rss_kb" line per run.
"""

import json
import platform
import statistics
import subprocess
import sys
from importlib import metadata
from pathlib import Path


def runs(out, name):
    lines = (Path(out) / "times" / name).read_text().split("\n")
    return [tuple(float(x) for x in line.split()) for line in lines if line.strip()]


def median_s(out, name):
    return statistics.median(s for s, _ in runs(out, name))


def peak_mib(out, name):
    return max(kb for _, kb in runs(out, name)) / 1024


def sh(*cmd):
    try:
        return subprocess.run(cmd, capture_output=True, text=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown"


def corpus(out, n):
    """Returns read and Outcomes rows accepted, from needle's validation.json."""
    v = json.loads((Path(out) / f"needle-{n}" / "validation.json").read_text())
    returns = v.get("returns", v) if isinstance(v, dict) else v
    rows = 0
    for r in returns:
        sheet = r.get("rows", {}).get("Outcomes", {})
        rows += sheet.get("accepted", 0)
    return len(returns), rows


def stage_shares(out, n):
    """Each stage's seconds in the late-return reruns (median over runs),
    from NEEDLE_TIMINGS=1's stage start times, in the order they run."""
    import re
    per = {}
    for i in range(1, n + 1):
        starts = []
        for line in (Path(out) / "times" / f"store-late.log.{i}").read_text().splitlines():
            m = re.match(r"needle timings:\s+([\d.]+) s .*\s{2}(\S.*?)(?: \(.*)?$", line)
            if m:
                starts.append((m.group(2), float(m.group(1))))
        for (stage, t0), (_, t1) in zip(starts, starts[1:]):
            per.setdefault(stage, []).append(t1 - t0)
    return {stage: statistics.median(ts) for stage, ts in per.items()}


def fit(points):
    """Least-squares line through (returns, seconds): slope, intercept, R²."""
    xs, ys = zip(*points)
    mx, my = statistics.fmean(xs), statistics.fmean(ys)
    sxx = sum((x - mx) ** 2 for x in xs)
    sxy = sum((x - mx) * (y - my) for x, y in zip(xs, ys))
    slope = sxy / sxx
    icept = my - slope * mx
    ss_tot = sum((y - my) ** 2 for y in ys)
    ss_res = sum((y - (icept + slope * x)) ** 2 for x, y in zip(xs, ys))
    return slope, icept, 1 - ss_res / ss_tot if ss_tot else 1.0


def main(out, data, main_n, big, sizes):
    sizes = [int(s) for s in sizes.split()]
    n_returns, n_rows = corpus(out, main_n)
    cpu = sh("sh", "-c", "lscpu | sed -n 's/^Model name: *//p' | head -1")
    mem = sh("sh", "-c", "awk '/MemTotal/ {printf \"%.1f GiB\", $2/1048576}' /proc/meminfo")
    rows = [
        ("needle report (release)", "needle"),
        ("pandas + openpyxl", "pandas"),
        ("polars + fastexcel", "polars"),
        ("floor: calamine read-only, parallel", "floor"),
    ]
    t_needle = median_s(out, "needle")
    t_floor = median_s(out, "floor")
    print(f"## Results ({main_n} returns, {n_rows:,} outcome rows)\n")
    print(f"- machine: {cpu}, {sh('nproc')} cores, {mem}; {platform.system()} {platform.release()}")
    print(f"- needle {sh('git', 'rev-parse', '--short', 'HEAD')}, {sh('rustc', '--version')}")
    py = ", ".join(
        f"{p} {metadata.version(p)}"
        for p in ["pandas", "openpyxl", "odfpy", "polars", "fastexcel", "numpy"]
    )
    print(f"- Python {platform.python_version()}: {py}")
    print(f"- corpus: `needle synth --quarters 1 --seed 7 --people 40-130`, {n_returns} returns read")
    n_runs = len(runs(out, "needle"))
    print(f"- median of {n_runs} timed runs each, page cache warm, contestants in turn\n")
    print("| contestant | median s | needle is N× faster | peak RSS MiB |")
    print("|---|---:|---:|---:|")
    for label, name in rows:
        t = median_s(out, name)
        ratio = "1.00" if name == "needle" else f"{t / t_needle:.2f}"
        print(f"| {label} | {t:.2f} | {ratio} | {peak_mib(out, name):.0f} |")
    t_pandas = median_s(out, "pandas")
    t_polars = median_s(out, "polars")

    print("\n### The store (needle, median s)\n")
    t_cold = median_s(out, "store-cold")
    t_again = median_s(out, "store-again")
    t_late = median_s(out, "store-late")
    print("| run | median s | ÷ cold run without a store | peak RSS MiB |")
    print("|---|---:|---:|---:|")
    for label, name, t in [
        (f"empty store, {int(main_n) - 1} returns (reads and keeps all)", "store-cold", t_cold),
        ("rerun, nothing new (all from the store)", "store-again", t_again),
        ("rerun with one late return added (one read)", "store-late", t_late),
    ]:
        print(f"| {label} | {t:.2f} | {t / t_needle:.2f} | {peak_mib(out, name):.0f} |")
    print("\nThe report from the store is byte-identical to a run without one on the same files (checked by run.sh).\n")
    shares = stage_shares(out, len(runs(out, "store-late")))
    print("Where the late return's rerun goes (NEEDLE_TIMINGS=1, median over runs of each stage's seconds):\n")
    print("| stage | s | share of the rerun |")
    print("|---|---:|---:|")
    total = sum(shares.values())
    for stage, t in shares.items():
        print(f"| {stage} | {t:.2f} | {t / total:.0%} |")
    t_big_cold = median_s(out, "store-big-cold")
    t_big_late = median_s(out, "store-big-late")
    print(f"\nAt {big} returns (one run each): empty store {t_big_cold:.2f} s "
          f"({peak_mib(out, 'store-big-cold'):.0f} MiB), the late return added "
          f"{t_big_late:.2f} s ({peak_mib(out, 'store-big-late'):.0f} MiB).\n")

    print("### Scaling (needle, median s)\n")
    print("| returns | median s | s per 1,000 returns | peak RSS MiB |")
    print("|---:|---:|---:|---:|")
    points = []
    for n in sizes:
        t = median_s(out, f"needle-n{n}")
        points.append((n, t))
        print(f"| {n} | {t:.2f} | {t / n * 1000:.2f} | {peak_mib(out, f'needle-n{n}'):.0f} |")
    if len(points) > 1:
        slope, icept, r2 = fit(points)
        print(f"\nleast-squares line: {slope * 1000:.2f} s per 1,000 returns + {icept:.2f} s, R² = {r2:.4f}\n")

    big_returns, big_rows = corpus(out, big)
    t_big = median_s(out, "needle-big")
    print(f"### Memory ({big} returns, {big_rows:,} outcome rows)\n")
    print("| | s | peak RSS MiB |")
    print("|---|---:|---:|")
    print(f"| needle report | {t_big:.2f} | {peak_mib(out, 'needle-big'):.0f} |")
    print(f"| floor | {median_s(out, 'floor-big'):.2f} | {peak_mib(out, 'floor-big'):.0f} |")

    rss_big = peak_mib(out, "needle-big")
    r2 = fit(points)[2] if len(points) > 1 else float("nan")
    print("\n### Targets (issue 30)\n")
    print("| target | measured | |")
    print("|---|---:|---|")
    targets = [
        ("≥ 2× faster than polars + fastexcel", f"{t_polars / t_needle:.2f}×", t_polars / t_needle >= 2),
        ("within 2× of the floor, cold", f"{t_needle / t_floor:.2f}× the floor", t_needle / t_floor <= 2),
        (f"peak RSS ≤ 1 GiB at {big} returns, cold", f"{rss_big:.0f} MiB", rss_big <= 1024),
        ("one late return: rerun ≤ 10 % of the cold run", f"{t_late / t_needle:.0%}", t_late / t_needle <= 0.10),
        (f"the same at {big} returns (not a target of its own)", f"{t_big_late / t_big:.0%}", t_big_late / t_big <= 0.10),
        ("time linear in returns (issue 21)", f"R² = {r2:.4f}", r2 >= 0.99),
        ("≥ 50× faster than pandas + openpyxl (issue 21)", f"{t_pandas / t_needle:.1f}×", t_pandas / t_needle >= 50),
    ]
    for label, got, ok in targets:
        print(f"| {label} | {got} | {'met' if ok else 'MISSED'} |")


if __name__ == "__main__":
    main(*sys.argv[1:6])
