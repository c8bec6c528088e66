"""Checks that two editions of a table agree: same columns, same rows (in
any order), text equal, whole numbers equal, and decimals within one unit
of their last printed place (0.01), which allows for a sum taken in another
order landing on the other side of a rounding boundary.

usage: compare.py EXPECTED.csv ACTUAL.csv KEY_COLUMNS...
exit 0 when they agree, 1 with the differences listed when not.
"""

import csv
import sys


def read(path):
    with open(path, newline="", encoding="utf-8") as f:
        rows = list(csv.reader(f))
    return rows[0], rows[1:]


def same(a, b):
    if a == b:
        return True
    try:
        x, y = float(a), float(b)
    except ValueError:
        return False
    if "." not in a and "." not in b:
        return False  # whole numbers (counts) must match exactly
    return abs(x - y) <= 0.0100001


def main(expected, actual, keys):
    h1, r1 = read(expected)
    h2, r2 = read(actual)
    if h1 != h2:
        print(f"{actual}: columns differ:\n  {h1}\n  {h2}")
        return 1
    ix = [h1.index(k) for k in keys]
    index = lambda rows: {tuple(r[i] for i in ix): r for r in rows}
    a, b = index(r1), index(r2)
    problems = []
    for k in sorted(set(a) | set(b)):
        if k not in a or k not in b:
            problems.append(f"row {k} only in {expected if k in a else actual}")
            continue
        for col, x, y in zip(h1, a[k], b[k]):
            if not same(x, y):
                problems.append(f"row {k} {col}: {x!r} vs {y!r}")
    if len(a) != len(r1) or len(b) != len(r2):
        problems.append("duplicate keys")
    for p in problems[:20]:
        print(f"  {p}")
    if problems:
        print(f"{actual}: {len(problems)} difference(s) from {expected}")
        return 1
    print(f"{actual}: {len(r1)} rows agree with {expected}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2], sys.argv[3:]))
