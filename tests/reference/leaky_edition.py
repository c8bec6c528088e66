#!/usr/bin/env python3
"""Writes a deliberately leaky published edition from an internal one:

    leaky_edition.py INTERNAL_REPORT_DIR OUT_DIR

Counts of people are disclosed by the letter of the old rule (0 stays 0,
1-7 become *, others are rounded to the nearest 5), but every share, mean
and money per head is left as the exact edition printed it: what needle
published before issue 26. Both needle's audit and the exact attack
(disclosure_attack.py) must find counts it gives away.
"""

import csv
import os
import sys

sys.path.insert(0, os.path.dirname(__file__))
from disclosure_attack import COUNTS  # noqa: E402

src, out = sys.argv[1], sys.argv[2]
os.makedirs(os.path.join(out, "tables"), exist_ok=True)
for f in sorted(os.listdir(os.path.join(src, "tables"))):
    if not f.endswith(".csv"):
        continue
    name = f[:-4]
    with open(os.path.join(src, "tables", f), newline="", encoding="utf-8") as fh:
        rows = list(csv.reader(fh))
    header = rows[0]
    cols = [header.index(c) for c in COUNTS.get(name, []) if c in header]
    for row in rows[1:]:
        for c in cols:
            try:
                v = float(row[c])
            except ValueError:
                continue
            if v == 0:
                row[c] = "0"
            elif abs(v) <= 7:
                row[c] = "*"
            else:
                r = int(abs(v) / 5 + 0.5) * 5
                row[c] = str(r if v > 0 else -r)
    with open(os.path.join(out, "tables", f), "w", newline="", encoding="utf-8") as fh:
        csv.writer(fh, lineterminator="\r\n").writerows(rows)
