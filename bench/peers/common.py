"""What both Python peers share: needle's config read with tomllib, and the
formulas of docs/methods.md in plain Python. The dataframe work (reading
every workbook, pairing, grouping) is each peer's own.

Both implement the same definitions: a pair counts only for a finished
course (People's Sessions attended at least finished_course.min_sessions,
or not recorded), caseness and recovery only on clinical cut-offs, one
clinical result per person on PHQ-9 with its paired anxiety measure, and
vfm.csv's outcomes as people improved on at least one objective (the
clinical objective on that result).

The peers trust the files: they do none of needle's checking (no cell
types, ranges, duplicates, supersession or privacy checks). That only
helps them; bench/run.sh generates returns that follow the contract, so
the figures still agree.
"""

import csv
import math
import re
import tomllib
from pathlib import Path

CONFIG = Path(__file__).resolve().parents[2] / "config"
EPS = 1e-9

MEASURES_COLUMNS = [
    "quarter", "project_id", "measure", "n_paired", "mean_baseline",
    "mean_followup", "mean_change", "n_improved", "n_meaningful_improvement",
    "n_reliable_improvement", "n_reliable_deterioration",
    "n_caseness_baseline", "n_recovered", "n_reliable_recovery",
]
VFM_COLUMNS = [
    "quarter", "project_id", "project_name", "area", "cost_gbp",
    "in_kind_gbp", "participants", "cost_per_participant", "outcomes",
    "cost_per_outcome", "wellbys", "value_low_gbp", "value_central_gbp",
    "value_high_gbp", "bcr_central",
]


def norm(s):
    """Names match ignoring case, spaces and punctuation, as needle does."""
    return re.sub(r"[^0-9a-z]", "", str(s).lower())


def header_key(s):
    """A column heading without its unit, e.g. 'Cost (£)' -> 'cost'."""
    return norm(re.sub(r"\(.*?\)", "", str(s)))


def load(path):
    with open(CONFIG / path, "rb") as f:
        return tomllib.load(f)


class Config:
    def __init__(self):
        mt = load("measures.toml")
        m = mt["measures"]
        self.measures = {x["id"]: x for x in m}
        self.order = {x["id"]: i for i, x in enumerate(m)}
        # Only a clinical cut-off gives caseness and recovery; a wellbeing
        # band (ONS4, UCLA-3) does not (docs/methods.md).
        self.caseness = {
            x["id"]: x["cutoff"] for x in m
            if x.get("cutoff", {}).get("kind") == "clinical"
        }
        # NHS Talking Therapies' pair: PHQ-9 with the anxiety measure the
        # problem descriptor names, else GAD-7, else another ADSM in the
        # descriptors' order (src/score/clinical.rs).
        p = mt["pairing"]
        self.clinical_objective = p["objective"]
        self.depression, self.anxiety = p["depression"], p["anxiety"]
        self.descriptor_names = {}
        self.descriptor_anxiety = {}
        self.adsm_rank = {}
        for d in p["descriptors"]:
            for name in [d["name"], *d.get("aliases", [])]:
                self.descriptor_names[norm(name)] = d["name"]
            if d.get("anxiety"):
                self.descriptor_anxiety[d["name"]] = d["anxiety"]
                self.adsm_rank.setdefault(d["anxiety"], len(self.adsm_rank))
        self.min_sessions = mt["finished_course"]["min_sessions"]
        self.measure_names = {}
        for x in m:
            for name in [x["id"], x["name"], *x.get("aliases", [])]:
                self.measure_names[norm(name)] = x["id"]
        ind = load("indicators.toml")["indicators"]
        self.indicators = {x["id"]: x for x in ind}
        self.indicator_names = {}
        for x in ind:
            for name in [x["id"], x["name"], *x.get("aliases", [])]:
                self.indicator_names[norm(name)] = x["id"]
        v = load("valuation.toml")
        self.v = v
        a = v["additionality"]
        self.additionality = (
            (1 - a["deadweight"]["value"])
            * (1 - a["attribution"]["value"])
            * (1 - a["displacement"]["value"])
        )
        dur = int(a["duration_years"]["value"])
        drop, rate = a["drop_off"]["value"], v["discount_rate"]["value"]
        self.persistence = sum(
            (1 - drop) ** t / (1 + rate) ** t for t in range(dur)
        )
        w = self.uprate(v["wellby"]["price_year"])
        self.wellby = tuple(v["wellby"][k] * w for k in ("low", "central", "high"))
        # Uprated unit cost per before/after indicator id.
        self.unit_cost = {}
        for iid, x in self.indicators.items():
            key = x.get("unit_cost")
            if x["kind"] == "before_after" and key in v["unit_costs"]:
                uc = v["unit_costs"][key]
                self.unit_cost[iid] = uc["value"] * self.uprate(uc["price_year"])

    def deflator(self, year):
        d = self.v["deflator"]
        if "-" in year:  # financial year: mean of April-March quarters
            y = int(year[:4])
            qs = [f"{y} Q2", f"{y} Q3", f"{y} Q4", f"{y + 1} Q1"]
            return sum(d["quarterly"][q] for q in qs) / 4
        return d["annual"][year]

    def uprate(self, year):
        return self.deflator(self.v["report_price_year"]) / self.deflator(year)

    def scored(self, mid, entered):
        conv = self.measures[mid].get("conversion")
        if conv is None:
            return float(entered)
        return conv[int(entered) - int(self.measures[mid]["range"][0])]

    def descriptor(self, text):
        """A People row's problem descriptor as config names it, or None."""
        return self.descriptor_names.get(norm(text)) if text else None

    def score(self, mid, b, f):
        """Scores one row as src/score/outcome.rs does: a dict of flags."""
        m = self.measures[mid]
        b = self.scored(mid, b)
        case = self.caseness.get(mid)

        def is_case(x):
            t = case["threshold"]
            return {
                "at_or_above": x >= t, "above": x > t,
                "at_or_below": x <= t, "below": x < t,
            }[case["rule"]]

        out = {"baseline": b, "case_b": is_case(b) if case else None}
        if f is None:
            return out
        f = self.scored(mid, f)
        better = f - b if m["better"] == "higher" else b - f
        rc = m.get("reliable_change")
        out.update(
            followup=f,
            change=f - b,
            improved=better > EPS,
            meaningful=better >= m["meaningful_change"]["value"] - EPS,
            rel_imp=(better >= rc["value"] - EPS) if rc else None,
            rel_det=(-better >= rc["value"] - EPS) if rc else None,
            case_f=is_case(f) if case else None,
        )
        out["recovered"] = (
            out["case_b"] and not out["case_f"] if case else None
        )
        out["rel_rec"] = (
            out["recovered"] and out["rel_imp"] if case and rc else None
        )
        return out


def fixed(v, decimals):
    """needle's format_fixed: round half away from zero, never -0.00."""
    if v is None or (isinstance(v, float) and math.isnan(v)):
        return ""
    s = 10 ** decimals
    r = math.copysign(math.floor(abs(v) * s + 0.5), v) / s
    if r == 0:
        r = 0.0
    return f"{r:.{decimals}f}"


def per(a, b):
    return a / b if b else None


def vfm_row(cfg, quarter, pid, name, area, cost, in_kind, participants,
            outcomes, ls_sum, fiscal):
    """One vfm.csv row from a unit's sums (src/value/mod.rs)."""
    wellbys = ls_sum * cfg.persistence
    low, central, high = (
        (wellbys * w + fiscal) * cfg.additionality for w in cfg.wellby
    )
    return [
        quarter, pid, name, area, fixed(cost, 2), fixed(in_kind, 2),
        fixed(participants, 0), fixed(per(cost, participants), 2),
        str(int(outcomes)), fixed(per(cost, outcomes), 2), fixed(wellbys, 2),
        fixed(low, 2), fixed(central, 2), fixed(high, 2),
        fixed(per(central, cost + in_kind), 2),
    ]


def write_tables(out, measures_rows, vfm_rows):
    """OUT/tables/measures.csv and vfm.csv, with needle's columns."""
    for name, columns, rows in [("measures", MEASURES_COLUMNS, measures_rows),
                                ("vfm", VFM_COLUMNS, vfm_rows)]:
        path = Path(out) / "tables" / f"{name}.csv"
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(path, "w", newline="") as f:
            w = csv.writer(f, lineterminator="\n")
            w.writerow(columns)
            w.writerows(rows)


def return_paths(root):
    """Every return under root: .xlsx and .ods files, and CSV folders."""
    return sorted(
        p for p in Path(root).rglob("*")
        if p.suffix in (".xlsx", ".ods") or (p.is_dir() and (p / "About.csv").exists())
    )


def project_row(about):
    """(quarter, project_id, name, area) from an About sheet's fields."""
    return (quarter_label(about["quarter"]), str(about["projectid"]).strip(),
            str(about["projectname"]).strip(), str(about["area"]).strip())


def quarter_label(text):
    """'2026/27 Q2' as needle prints it, from what synth writes."""
    m = re.search(r"(\d{4})\s*[-/]\s*(\d{2})\s*Q([1-4])", str(text))
    return f"{m.group(1)}/{m.group(2)} Q{m.group(3)}"


def quarter_key(label):
    return (int(label[:4]), int(label[-1]))
