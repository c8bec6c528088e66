#!/usr/bin/env python3
"""An exact attack on a published edition of needle, written apart from it.

    disclosure_attack.py REPORT_DIR [--config config/] [--json OUT.json]

Reads REPORT_DIR/tables/*.csv as any reader of the published edition
would, and models what that reader knows: each count of people printed as
a multiple of 5 is within 2 of it and at least 8; 0 is 0; "*" is 1 or more
(or any non-zero number, for a reduction that may be a rise). It adds what
the tables' documentation tells a reader (docs/methods.md, SUBMISSION.md):
rows adding up to totals, the same people counted in linked tables, counts
bounded by others of their row, a reduction as baseline less numerator,
projects adding up to their areas, means of whole-number scores (and the
ends of their bootstrap intervals) admitting only some numbers of people,
WELLBYs as a sum of whole changes in life satisfaction, and any share or
money per head that does not follow from the published counts (as if
worked out from the true ones).

Then, for every hidden count, it asks an integer programme (scipy's
milp, HiGHS) for the smallest and the largest value consistent with all of
it. A published count is disclosed when the two are equal; a withheld
count when fewer than MIN_CANDIDATES values remain. This is exact over the
relations modelled (no propagation shortcut), so it checks that needle's
own audit (src/audit, interval propagation) misses nothing a solver would
find. Exit status 1 when anything is disclosed.
"""

import argparse
import csv
import json
import math
import os
import sys
import time
import tomllib

import numpy as np
from scipy.optimize import Bounds, LinearConstraint, milp
from scipy.sparse import lil_matrix

ROUND, SMALL, MIN_CANDIDATES = 5, 7, 3
BIG = 10**6

# Count columns of each table (people, or events people are).
COUNTS = {
    "vfm": ["participants", "outcomes"],
    "vfm_efficiency": ["participants", "attendances"],
    "vfm_effectiveness": ["n_people_paired", "outcomes", "recoveries", "n_clinical",
                          "n_caseness_baseline", "reliable_recoveries", "n_reliable_improvement",
                          "n_reliable_deterioration", "wellby_people"],
    "vfm_fiscal": ["reduction"],
    "vfm_equity": ["n_recorded", "n_participants", "n_paired_recorded", "n_paired"],
    "vfm_uncertainty": ["n"],
    "vfm_suppliers": ["participants", "n_people_paired", "outcomes", "recoveries", "n_clinical",
                      "n_caseness_baseline", "reliable_recoveries", "n_reliable_improvement",
                      "n_reliable_deterioration"],
    "org_types": ["participants", "n_people_paired", "outcomes", "recoveries", "n_clinical",
                  "n_caseness_baseline", "reliable_recoveries", "n_reliable_improvement",
                  "n_reliable_deterioration"],
    "org_type_objectives": ["n_people", "n_improved", "n_deteriorated", "count_outcomes"],
    "pbr": ["people", "people_paid", "n_baseline"],
    "menu_prices": ["units"],
    "menu_offers": ["n_people", "n_improved"],
    "measures": ["n_paired", "n_improved", "n_meaningful_improvement", "n_reliable_improvement",
                 "n_reliable_deterioration", "n_caseness_baseline", "n_recovered", "n_reliable_recovery"],
    "bands": ["n_paired", "n_in_band_baseline", "n_left_band", "n_entered_band"],
    "objectives": ["n_people", "n_improved", "count_outcomes"],
    "trends": ["n_people", "n_improved", "n_deteriorated", "count_outcomes"],
    "activity_types": ["n_people", "n_improved", "n_deteriorated", "count_outcomes"],
    "indicators": ["numerator", "denominator", "baseline", "reduction"],
    "followup": ["n_baseline", "n_followup", "n_ended_early"],
    "funnels": ["n_people", "n_improved"],
}
SIGNED = {("vfm_fiscal", "reduction"), ("indicators", "reduction")}

# (table, group-by columns, the column naming the total, its text, columns
# (None: every count), whether each level of `by` adds up on its own, and
# levels whose parts only bound the total: a person may be in several).
SUMS = [
    ("vfm", [], "project_id", "TOTAL", None, False, ()),
    ("vfm_efficiency", [], "level", "total", None, True, ()),
    ("vfm_effectiveness", [], "level", "total", None, True, ("activity_type", "supplier")),
    ("vfm_fiscal", ["indicator"], "level", "total", None, True, ()),
    ("vfm_equity", ["group"], "project_id", "TOTAL", None, False, ()),
    ("vfm_suppliers", ["quarter"], "supplier", "All activities", ["participants"], False, ()),
    ("org_types", ["quarter"], "organisation_type", "All organisation types", ["participants"], False, ()),
    ("org_type_objectives", ["quarter", "objective"], "organisation_type", "All organisation types", None, False, ()),
    ("pbr", ["outcome"], "project_id", "TOTAL", ["people", "people_paid"], False, ()),
    ("bands", ["measure", "band"], "project_id", "ALL", None, False, ()),
    ("objectives", ["quarter", "objective"], "area", "All areas", None, False, ()),
    ("trends", ["quarter", "objective"], "area", "All areas", None, False, ()),
    ("indicators", ["indicator", "area"], "project_id", "ALL", None, False, ()),
    ("indicators", ["indicator", "project_id"], "area", "All areas", None, False, ()),
    ("followup", [], "project_id", "TOTAL", None, False, ()),
    ("funnels", ["quarter", "objective"], "project_id", "ALL", None, False, ()),
]

CLINICAL_LE = [("outcomes", "n_people_paired"), ("n_clinical", "n_people_paired"),
               ("n_caseness_baseline", "n_clinical"), ("recoveries", "n_caseness_baseline"),
               ("reliable_recoveries", "recoveries"), ("reliable_recoveries", "n_reliable_improvement"),
               ("n_reliable_improvement", "n_clinical"), ("n_reliable_deterioration", "n_clinical")]
LE = {
    "vfm_effectiveness": CLINICAL_LE, "vfm_suppliers": CLINICAL_LE, "org_types": CLINICAL_LE,
    "vfm_equity": [("n_participants", "n_recorded"), ("n_paired", "n_paired_recorded"),
                   ("n_paired", "n_participants"), ("n_paired_recorded", "n_recorded")],
    "pbr": [("people_paid", "people")],
    "measures": [("n_improved", "n_paired"), ("n_meaningful_improvement", "n_improved"),
                 ("n_reliable_improvement", "n_paired"), ("n_reliable_deterioration", "n_paired"),
                 ("n_caseness_baseline", "n_paired"), ("n_recovered", "n_caseness_baseline"),
                 ("n_reliable_recovery", "n_recovered")],
    "bands": [("n_in_band_baseline", "n_paired"), ("n_left_band", "n_in_band_baseline"),
              ("n_entered_band", "n_paired")],
    "objectives": [("n_improved", "n_people")], "trends": [("n_improved", "n_people")],
    "activity_types": [("n_improved", "n_people")], "org_type_objectives": [("n_improved", "n_people")],
    "indicators": [("numerator", "denominator")], "followup": [("n_followup", "n_baseline")],
    "funnels": [("n_improved", "n_people")], "menu_offers": [("n_improved", "n_people")],
}

# (table a, filter a, keys a, table b, filter b, keys b, [(col a, col b)]):
# a count of a is at most b's in rows whose keys match ignoring case, spaces
# and punctuation (some of the same people: an offer's of its supplier's).
BOUNDS = [
    ("menu_offers", {}, ["supplier"], "vfm_suppliers", {"supplier": "!All activities"}, ["supplier"],
     [("n_people", "n_people_paired"), ("n_improved", "outcomes")]),
]


def key_of(s):
    """A name ignoring case, spaces and punctuation ("&" is "and")."""
    return "".join(c.lower() for c in s.replace("&", "and") if c.isalnum())

UNIT = ["n_people_paired", "outcomes", "recoveries", "n_clinical", "n_caseness_baseline",
        "reliable_recoveries", "n_reliable_improvement", "n_reliable_deterioration"]
# (table a, filter a, keys a, table b, filter b, keys b, [(col a, col b)]);
# a filter value starting with "!" excludes that text.
LINKS = [
    ("objectives", {}, ["quarter", "area", "objective"], "trends", {}, ["quarter", "area", "objective"],
     [("n_people", "n_people"), ("n_improved", "n_improved"), ("count_outcomes", "count_outcomes")]),
    ("objectives", {"area": "All areas"}, ["quarter", "objective"], "funnels", {"project_id": "ALL"},
     ["quarter", "objective"], [("n_people", "n_people"), ("n_improved", "n_improved")]),
    ("trends", {"area": "All areas"}, ["quarter", "objective"], "org_type_objectives",
     {"organisation_type": "All organisation types"}, ["quarter", "objective"],
     [("n_people", "n_people"), ("n_improved", "n_improved"), ("n_deteriorated", "n_deteriorated")]),
    ("vfm", {}, ["project_id"], "vfm_efficiency", {"level": "project"}, ["key"], [("participants", "participants")]),
    ("vfm", {}, ["project_id"], "vfm_effectiveness", {"level": "project"}, ["key"], [("outcomes", "outcomes")]),
    ("vfm", {"project_id": "TOTAL"}, [], "vfm_efficiency", {"level": "total"}, [], [("participants", "participants")]),
    ("vfm", {"project_id": "TOTAL"}, [], "vfm_effectiveness", {"level": "total"}, [], [("outcomes", "outcomes")]),
    ("vfm_suppliers", {"supplier": "!All activities"}, ["supplier"], "vfm_effectiveness", {"level": "supplier"},
     ["key"], [(c, c) for c in UNIT]),
    ("vfm_suppliers", {"supplier": "!All activities"}, ["supplier"], "vfm_efficiency", {"level": "supplier"},
     ["key"], [("participants", "participants")]),
    ("vfm_suppliers", {"supplier": "All activities"}, [], "vfm_effectiveness", {"level": "total"}, [],
     [(c, c) for c in UNIT]),
    ("org_types", {"organisation_type": "!All organisation types"}, ["organisation_type"], "vfm_effectiveness",
     {"level": "organisation_type"}, ["key"], [(c, c) for c in UNIT]),
    ("org_types", {"organisation_type": "!All organisation types"}, ["organisation_type"], "vfm_efficiency",
     {"level": "organisation_type"}, ["key"], [("participants", "participants")]),
    ("org_types", {"organisation_type": "All organisation types"}, [], "vfm_effectiveness", {"level": "total"},
     [], [(c, c) for c in UNIT]),
    ("org_types", {"organisation_type": "All organisation types"}, [], "vfm_efficiency", {"level": "total"},
     [], [("participants", "participants")]),
    ("vfm_effectiveness", {"level": "project"}, ["key"], "measures", {"measure": "ONS4-LS"}, ["project_id"],
     [("wellby_people", "n_paired")]),
    ("measures", {}, ["project_id", "measure"], "vfm_uncertainty", {"statistic": "mean_change"},
     ["project_id", "measure"], [("n_paired", "n")]),
    ("measures", {}, ["project_id", "measure"], "bands", {"project_id": "!ALL"}, ["project_id", "measure"],
     [("n_paired", "n_paired")]),
    ("vfm_effectiveness", {"level": "project"}, ["key"], "vfm_uncertainty", {"statistic": "cost_per_outcome"},
     ["project_id"], [("n_people_paired", "n")]),
    ("vfm_fiscal", {"level": "project"}, ["key", "indicator"], "indicators", {"project_id": "!ALL"},
     ["project_id", "indicator"], [("reduction", "reduction")]),
    ("vfm_fiscal", {"level": "area"}, ["key", "indicator"], "indicators", {"project_id": "ALL"},
     ["area", "indicator"], [("reduction", "reduction")]),
    ("vfm_fiscal", {"level": "total"}, ["indicator"], "indicators", {"project_id": "ALL", "area": "All areas"},
     ["indicator"], [("reduction", "reduction")]),
    ("pbr", {"outcome": "meaningful_improvement"}, ["project_id"], "vfm", {}, ["project_id"],
     [("people", "outcomes")]),
    ("pbr", {"outcome": "all outcomes"}, ["project_id"], "followup", {}, ["project_id"],
     [("n_baseline", "n_baseline")]),
]


def read(folder):
    tables = {}
    tdir = os.path.join(folder, "tables")
    for f in sorted(os.listdir(tdir)):
        if f.endswith(".csv"):
            with open(os.path.join(tdir, f), newline="", encoding="utf-8") as fh:
                tables[f[:-4]] = list(csv.DictReader(fh))
    return tables


def number(s):
    try:
        return float(s)
    except ValueError:
        return None


def decimals(s):
    return len(s.split(".")[1]) if "." in s else 0


def matches(row, flt):
    for k, v in flt.items():
        if v.startswith("!"):
            if row.get(k) == v[1:]:
                return False
        elif row.get(k) != v:
            return False
    return True


class Model:
    def __init__(self):
        self.cells = {}      # (table, row, col) -> cell id
        self.names = []      # cell id -> (table, row, col, printed)
        self.parent = []
        self.lo, self.hi, self.nonzero = [], [], []
        self.eq, self.le = [], []   # rows: ({var: coef}, rhs)
        self.allowed = {}    # var -> set of values
        self.relations = {}

    def count(self, kind):
        self.relations[kind] = self.relations.get(kind, 0) + 1

    def cell(self, table, r, col, printed, signed):
        i = len(self.names)
        self.cells[(table, r, col)] = i
        self.names.append((table, r, col, printed))
        self.parent.append(i)
        v = number(printed)
        if printed == "*":
            lo, hi, nz = (-BIG if signed else 1), BIG, True
        elif v == 0:
            lo, hi, nz = 0, 0, False
        elif v is not None and v == round(v) and round(v) % ROUND == 0:
            x = int(round(v))
            lo, hi, nz = (max(x - 2, SMALL + 1), x + 2, True) if x > 0 else (x - 2, min(x + 2, -SMALL - 1), True)
        else:
            lo = hi = int(round(v))
            nz = False
        self.lo.append(lo)
        self.hi.append(hi)
        self.nonzero.append(nz)

    def find(self, i):
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def union(self, a, b):
        a, b = self.find(a), self.find(b)
        if a != b:
            self.parent[a] = b


def build(t, config_dir):
    m = Model()
    for name, rows in t.items():
        for col in COUNTS.get(name, []):
            for r, row in enumerate(rows):
                p = row.get(col, "")
                if p == "":
                    continue
                m.cell(name, r, col, p, (name, col) in SIGNED)
    cid = lambda table, r, col: m.cells.get((table, r, col))

    def side(table, flt, keys):
        return [(tuple(row[k] for k in keys), r) for r, row in enumerate(t.get(table, [])) if matches(row, flt)]

    for ta, fa, ka, tb, fb, kb, cols in LINKS:
        b = dict(side(tb, fb, kb))
        for key, ra in side(ta, fa, ka):
            if key not in b:
                continue
            for ca, cb in cols:
                x, y = cid(ta, ra, ca), cid(tb, b[key], cb)
                if x is not None and y is not None:
                    m.union(x, y)
                    m.count("link")
    # Variables: one per linked set of cells.
    roots = sorted({m.find(i) for i in range(len(m.names))})
    var_of_root = {r: k for k, r in enumerate(roots)}
    var = [var_of_root[m.find(i)] for i in range(len(m.names))]
    n = len(roots)
    lo, hi = [-BIG] * n, [BIG] * n
    nonzero = [False] * n
    for i, v in enumerate(var):
        lo[v], hi[v] = max(lo[v], m.lo[i]), min(hi[v], m.hi[i])
        nonzero[v] = nonzero[v] or (m.lo[i] < 0 < m.hi[i] and m.nonzero[i])
    V = lambda table, r, col: (lambda c: None if c is None else var[c])(cid(table, r, col))

    for table, within, by, total, cols, each, overlapping in SUMS:
        rows = t.get(table, [])
        cols = cols or COUNTS[table]
        groups = {}
        for r, row in enumerate(rows):
            g = groups.setdefault(tuple(row[k] for k in within), ([], {}))
            if row[by] == total:
                g[0].append(r)
            else:
                level = row[by] if each else ""
                g[1].setdefault(level, []).append(r)
        for totals, levels in groups.values():
            if not totals:
                continue
            for level, parts in levels.items():
                for c in cols:
                    tv = V(table, totals[0], c)
                    pv = [V(table, p, c) for p in parts]
                    if tv is None or any(p is None for p in pv):
                        continue
                    if level in overlapping:
                        for p in pv:
                            m.le.append(({p: 1, tv: -1} if p != tv else {}, 0))
                            m.count("part at most total")
                    else:
                        coefs = {tv: -1}
                        for p in pv:
                            coefs[p] = coefs.get(p, 0) + 1
                        m.eq.append((coefs, 0))
                        m.count("sum")
    for ta, fa, ka, tb, fb, kb, cols in BOUNDS:
        b = {tuple(key_of(k) for k in key): r for key, r in side(tb, fb, kb)}
        for key, ra in side(ta, fa, ka):
            rb = b.get(tuple(key_of(k) for k in key))
            if rb is None:
                continue
            for ca, cb in cols:
                x, y = V(ta, ra, ca), V(tb, rb, cb)
                if x is not None and y is not None and x != y:
                    m.le.append(({x: 1, y: -1}, 0))
                    m.count("bound across tables")
    for table, pairs in LE.items():
        for r in range(len(t.get(table, []))):
            for a, b in pairs:
                x, y = V(table, r, a), V(table, r, b)
                if x is not None and y is not None and x != y:
                    m.le.append(({x: 1, y: -1}, 0))
                    m.count("row bound")
    for r in range(len(t.get("indicators", []))):
        a, b, c = (V("indicators", r, k) for k in ("reduction", "baseline", "numerator"))
        if None not in (a, b, c):
            coefs = {}
            for v, k in ((a, 1), (b, -1), (c, 1)):
                coefs[v] = coefs.get(v, 0) + k
            m.eq.append((coefs, 0))
            m.count("difference")
    # Projects to their areas: an area's count is the sum of its projects'.
    def projects_to_area(tv, pv):
        if tv is None or None in pv:
            return
        coefs = {tv: -1}
        for p in pv:
            coefs[p] = coefs.get(p, 0) + 1
        m.eq.append((coefs, 0))
        m.count("projects to area")

    area_of = {row["project_id"]: row["area"] for row in t.get("vfm", [])}
    for table, cols in (("vfm_effectiveness", UNIT + ["wellby_people"]),
                        ("vfm_efficiency", ["participants", "attendances"])):
        rows = t.get(table, [])
        for ra, row in enumerate(rows):
            if row["level"] != "area":
                continue
            parts = [r for r, x in enumerate(rows) if x["level"] == "project" and x["area"] == row["key"]]
            if not parts:
                continue
            for c in cols:
                projects_to_area(V(table, ra, c), [V(table, p, c) for p in parts])
    f = t.get("funnels", [])
    for ra, row in enumerate(t.get("objectives", [])):
        if row["area"] == "All areas":
            continue
        parts = [r for r, x in enumerate(f) if x["project_id"] != "ALL" and x["quarter"] == row["quarter"]
                 and x["objective"] == row["objective"] and area_of.get(x["project_id"]) == row["area"]]
        if not parts:
            continue
        for c in ("n_people", "n_improved"):
            projects_to_area(V("objectives", ra, c), [V("funnels", p, c) for p in parts])
    meas = t.get("measures", [])

    # Means of whole-number scores.
    with open(os.path.join(config_dir, "measures.toml"), "rb") as fh:
        mt = tomllib.load(fh)
    scale = {}
    for x in mt.get("measures", []):
        if x.get("conversion"):
            scale[x["id"]] = 100
        elif x.get("integer"):
            scale[x["id"]] = 1

    def fit(nn, sc, vals):
        # Whole sums S (in 1/sc) with S/n within each printed mean ± half.
        if nn <= 0:
            return False
        n_ = nn * sc
        rng = {}
        for k, (v, h) in vals.items():
            a, b = math.ceil((v - h) * n_ - 1e-7), math.floor((v + h) * n_ + 1e-7)
            if a > b:
                return False
            rng[k] = (a, b)
        if "b" in rng and "f" in rng and "c" in rng:
            lo_, hi_ = rng["f"][0] - rng["b"][1], rng["f"][1] - rng["b"][0]
            return max(lo_, rng["c"][0]) <= min(hi_, rng["c"][1])
        return True

    def restrict(v, test):
        m.allowed.setdefault(v, []).append(test)

    unc = t.get("vfm_uncertainty", [])
    for table in ("measures", "measures_pooled"):
        for r, row in enumerate(t.get(table, [])):
            v = V(table, r, "n_paired")
            sc = scale.get(row["measure"])
            if v is None or sc is None:
                continue
            vals = {}
            for k, c in (("b", "mean_baseline"), ("f", "mean_followup"), ("c", "mean_change")):
                x = number(row.get(c, ""))
                if x is not None:
                    vals[k] = (x, 0.5 * 10 ** -decimals(row[c]))
            if vals:
                restrict(v, lambda nn, sc=sc, vals=vals: fit(nn, sc, vals))
                m.count("means")
            if table != "measures":
                continue
            for u in unc:
                if u["statistic"] == "mean_change" and u["project_id"] == row["project_id"] and u["measure"] == row["measure"]:
                    for c in ("estimate", "ci_low", "ci_high"):
                        x = number(u.get(c, ""))
                        if x is not None:
                            vv = {"c": (x, 0.5 * 10 ** -decimals(u[c]))}
                            restrict(v, lambda nn, sc=sc, vv=vv: fit(nn, sc, vv))
                            m.count("bootstrap ends")
    # WELLBYs: a sum of whole changes in life satisfaction × persistence.
    with open(os.path.join(config_dir, "valuation.toml"), "rb") as fh:
        vt = tomllib.load(fh)
    add = vt["additionality"]
    years = int(add["duration_years"]["value"])
    q = (1 - add["drop_off"]["value"]) / (1 + vt["wellby_discount_rate"]["value"])
    persistence = sum(q ** k for k in range(years))
    for r, row in enumerate(t.get("vfm_effectiveness", [])):
        if row["level"] != "project":
            continue
        v, w = V("vfm_effectiveness", r, "wellby_people"), number(row.get("wellbys_life_satisfaction", ""))
        if v is None or w is None:
            continue
        h = 0.5 * 10 ** -decimals(row["wellbys_life_satisfaction"])
        slo, shi = math.ceil((w - h) / persistence - 1e-9), math.floor((w + h) / persistence + 1e-9)
        mean = next((x for x in meas if x["project_id"] == row["key"] and x["measure"] == "ONS4-LS"), None)
        mc = number(mean["mean_change"]) if mean else None
        if mc is not None:
            mh = 0.5 * 10 ** -decimals(mean["mean_change"])
            restrict(v, lambda nn, slo=slo, shi=shi, mc=mc, mh=mh: nn > 0 and any(
                abs(s / nn - mc) <= mh + 1e-9 for s in range(slo, shi + 1)) and min(abs(slo), abs(shi)) <= 10 * nn)
        else:
            restrict(v, lambda nn, slo=slo, shi=shi: min(abs(slo), abs(shi)) <= 10 * max(nn, 0))
        m.count("wellbys")
    # A share or money per head that is not what the published counts give:
    # as if worked out from the true counts.
    shares = [("funnels", "rate_improved", "n_improved", "n_people"), ("objectives", "rate_improved", "n_improved", "n_people"),
              ("trends", "rate_improved", "n_improved", "n_people"), ("followup", "rate_followup", "n_followup", "n_baseline"),
              ("activity_types", "rate_improved", "n_improved", "n_people"),
              ("org_type_objectives", "rate_improved", "n_improved", "n_people"),
              ("vfm_suppliers", "rate_outcome", "outcomes", "n_people_paired"),
              ("org_types", "rate_outcome", "outcomes", "n_people_paired"),
              ("vfm_equity", "share_participants", "n_participants", "n_recorded"),
              ("vfm_equity", "share_paired", "n_paired", "n_paired_recorded"),
              ("indicators", "proportion", "numerator", "denominator"),
              ("vfm_effectiveness", "recovery_rate", "recoveries", "n_caseness_baseline")]
    mismatches = []
    for table, col, kc, nc in shares:
        for r, row in enumerate(t.get(table, [])):
            p, k, nn = number(row.get(col, "")), number(row.get(kc, "")), number(row.get(nc, ""))
            if p is None or k is None or not nn:
                continue
            h = 0.5 * 10 ** -decimals(row[col])
            if abs(k / nn - p) <= h + 1e-9:
                continue
            kv, nv = V(table, r, kc), V(table, r, nc)
            mismatches.append(f"{table} row {r + 1} {col}")
            m.le.append(({kv: 1, nv: -(p + h)}, 0))
            m.le.append(({kv: -1, nv: (p - h)}, 0))
            m.count("share from true counts")
    for table, col, money, nc in (("vfm", "cost_per_participant", "cost_gbp", "participants"),
                                  ("vfm", "cost_per_outcome", "cost_gbp", "outcomes")):
        for r, row in enumerate(t.get(table, [])):
            p, cost, nn = number(row.get(col, "")), number(row.get(money, "")), number(row.get(nc, ""))
            if p is None or cost is None or not nn or abs(cost / nn - p) <= 0.005 + 1e-9:
                continue
            v = V(table, r, nc)
            mismatches.append(f"{table} row {r + 1} {col}")
            restrict(v, lambda x, cost=cost, p=p: x > 0 and abs(cost / x - p) <= 0.005 + 1e-9)
            m.count("money per head from true count")
    return m, var, n, lo, hi, nonzero, mismatches


def solve(m, var, n, lo, hi, nonzero):
    """Every hidden count's smallest and largest value, by integer
    programming: one programme per set of counts the relations connect."""
    parent = list(range(n))

    def find(x):
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for coefs, _ in m.eq + m.le:
        vs = list(coefs)
        for v in vs[1:]:
            a, b = find(vs[0]), find(v)
            if a != b:
                parent[a] = b
    comps = {}
    for v in range(n):
        comps.setdefault(find(v), []).append(v)
    by_comp = {}
    for k, (coefs, rhs) in enumerate(m.eq):
        by_comp.setdefault(find(next(iter(coefs))), ([], []))[0].append(k) if coefs else None
    for k, (coefs, rhs) in enumerate(m.le):
        by_comp.setdefault(find(next(iter(coefs))), ([], []))[1].append(k) if coefs else None
    out = [None] * n
    for root, vs in comps.items():
        eqs, les = by_comp.get(root, ([], []))
        if not eqs and not les and not any(v in m.allowed or nonzero[v] for v in vs):
            for v in vs:
                out[v] = (lo[v], hi[v])
            continue
        res = solve_part(m, vs, [m.eq[k] for k in eqs], [m.le[k] for k in les], lo, hi, nonzero)
        if res is None:
            return None, vs[0]
        for v, r in res.items():
            out[v] = r
    return out, None


def solve_part(m, vs, eqs, les, lo, hi, nonzero):
    local = {v: k for k, v in enumerate(vs)}
    n = len(vs)
    extra = []
    for v in vs:
        tests = m.allowed.get(v)
        if tests and hi[v] - lo[v] <= 5000:
            extra.append((local[v], [x for x in range(lo[v], hi[v] + 1) if all(t(x) for t in tests)]))
    nz = [local[v] for v in vs if nonzero[v]]
    nb = sum(len(vals) for _, vals in extra) + len(nz)
    N = n + nb
    rows = len(eqs) + len(les) + 2 * len(extra) + 2 * len(nz)
    A = lil_matrix((max(rows, 1), N))
    cl, cu = np.full(max(rows, 1), -np.inf), np.full(max(rows, 1), np.inf)
    i = 0
    for coefs, rhs in eqs:
        for v, c in coefs.items():
            A[i, local[v]] = c
        cl[i] = cu[i] = rhs
        i += 1
    for coefs, rhs in les:
        for v, c in coefs.items():
            A[i, local[v]] = c
        cu[i] = rhs
        i += 1
    col = n
    for v, vals in extra:
        # v = Σ a·z_a with Σ z_a = 1.
        A[i, v] = 1
        for a in vals:
            A[i, col] = -a
            A[i + 1, col] = 1
            col += 1
        cl[i] = cu[i] = 0
        cl[i + 1] = cu[i + 1] = 1
        i += 2
    for v in nz:
        # A withheld reduction is not 0: v ≥ 1 − BIG·z, v ≤ −1 + BIG·(1 − z).
        A[i, v] = 1
        A[i, col] = BIG
        cl[i] = 1
        A[i + 1, v] = 1
        A[i + 1, col] = BIG
        cu[i + 1] = BIG - 1
        col += 1
        i += 2
    bl = np.array([lo[v] for v in vs] + [0] * nb, dtype=float)
    bu = np.array([hi[v] for v in vs] + [1] * nb, dtype=float)
    cons = LinearConstraint(A.tocsr(), cl, cu)
    integrality = np.ones(N)
    out = {}
    for v in vs:
        res = []
        for sign in (1, -1):
            c = np.zeros(N)
            c[local[v]] = sign
            r = milp(c, constraints=cons, integrality=integrality, bounds=Bounds(bl, bu))
            if r.status != 0:
                return None
            res.append(round(r.x[local[v]]))
        out[v] = (res[0], res[1])
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("folder")
    ap.add_argument("--config", default="config")
    ap.add_argument("--json")
    a = ap.parse_args()
    start = time.time()
    t = read(a.folder)
    m, var, n, lo, hi, nonzero, mismatches = build(t, a.config)
    ranges, bad = solve(m, var, n, lo, hi, nonzero)
    if ranges is None:
        print(f"the published figures are contradictory (count {bad})")
        sys.exit(2)
    disclosed = []
    for i, (table, r, col, printed) in enumerate(m.names):
        v = var[i]
        if printed == "0" or (printed != "*" and number(printed) is not None and round(number(printed)) % ROUND != 0):
            continue
        mn, mx = ranges[v]
        shown = [m.names[j][3] for j in range(len(m.names)) if var[j] == v]
        if any(p != "*" for p in shown):
            if mn == mx:
                disclosed.append(f"{table} row {r + 1} {col}: published {printed}, is {mn}")
        elif mx - mn + 1 < MIN_CANDIDATES:
            disclosed.append(f"{table} row {r + 1} {col}: withheld, is {mn}–{mx}")
    result = {
        "folder": a.folder,
        "counts": n,
        "cells": len(m.names),
        "relations": m.relations,
        "integer_programmes": 2 * n,
        "seconds": round(time.time() - start, 1),
        "not_from_published_counts": mismatches,
        "disclosed": disclosed,
    }
    if a.json:
        with open(a.json, "w") as fh:
            json.dump(result, fh, indent=1)
    print(f"{a.folder}: {n} hidden counts ({len(m.names)} cells), {2 * n} integer programmes, "
          f"{result['seconds']} s: {len(disclosed)} disclosed")
    for d in disclosed[:20]:
        print("  " + d)
    sys.exit(1 if disclosed else 0)


if __name__ == "__main__":
    main()
