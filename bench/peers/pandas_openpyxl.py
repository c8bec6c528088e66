"""Peer (b): what an analyst writes today. pandas reads every return with
openpyxl (.xlsx), odfpy (.ods) or read_csv (CSV folders), one file at a
time, then computes tables/measures.csv and tables/vfm.csv for the latest
quarter with vectorised pandas (no row-by-row Python).

usage: pandas_openpyxl.py RETURNS_DIR OUT_DIR
"""

import sys

import numpy as np
import pandas as pd

from common import (
    EPS, Config, fixed, header_key, norm,
    project_row, quarter_key, return_paths, vfm_row, write_tables,
)

SHEETS = ["About", "Activities", "People", "Outcomes", "Counts"]


def read_sheets(path):
    """Raw sheets (no header) of one return, by name."""
    if path.is_dir():
        out = {}
        for s in SHEETS:
            f = path / f"{s}.csv"
            if f.exists():
                out[s] = pd.read_csv(f, header=None, dtype=str,
                                     keep_default_na=False, names=range(20),
                                     engine="python")
        return out
    engine = "odf" if path.suffix == ".ods" else "openpyxl"
    with pd.ExcelFile(path, engine=engine) as x:
        names = [s for s in SHEETS if s in x.sheet_names]
        return pd.read_excel(x, sheet_name=names, header=None)


def table(raw, key):
    """The table under the first row holding heading `key`."""
    for i in range(len(raw)):
        heads = [header_key(v) for v in raw.iloc[i]]
        if key in heads:
            t = raw.iloc[i + 1:].copy()
            t.columns = heads
            return t.loc[:, ~t.columns.duplicated()]
    raise ValueError(f"no '{key}' heading")


def about(raw):
    return {norm(k): v for k, v in zip(raw.iloc[:, 0], raw.iloc[:, 1])}


def num(s):
    return pd.to_numeric(s, errors="coerce")


def text(s):
    return s.astype(str).str.strip().replace({"nan": "", "None": ""})


def read_all(root, cfg):
    projects, acts, outs, cnts, people = [], [], [], [], []
    for p in return_paths(root):
        sh = read_sheets(p)
        project = project_row(about(sh["About"]))
        q, pid = project[0], project[1]
        projects.append(project)
        t = table(sh["Activities"], "activityid")
        acts.append(pd.DataFrame({
            "quarter": q, "project_id": pid,
            "cost": num(t["cost"]).fillna(0.0),
            "in_kind": num(t.get("inkindvalue", pd.Series(dtype=float))).fillna(0.0),
            "participants": num(t["participants"]).fillna(0.0),
        }))
        if "People" in sh:
            t = table(sh["People"], "participantref")
            people.append(pd.DataFrame({
                "quarter": q, "project_id": pid,
                "ref": text(t["participantref"]).str.lower(),
                "sessions": num(t.get("sessionsattended", pd.Series(index=t.index, dtype=float))),
                "descriptor": text(t.get("problemdescriptor", pd.Series("", index=t.index)))
                .map(cfg.descriptor),
            }))
        t = table(sh["Outcomes"], "participantref")
        outs.append(pd.DataFrame({
            "quarter": q, "project_id": pid,
            "ref": text(t["participantref"]).str.lower(),
            "measure": text(t["measure"]),
            "b_raw": num(t["baselinescore"]), "f_raw": num(t["followupscore"]),
        }))
        if "Counts" in sh:
            t = table(sh["Counts"], "indicator")
            cnts.append(pd.DataFrame({
                "quarter": q, "project_id": pid,
                "indicator": text(t["indicator"]),
                "numerator": num(t["numerator"]), "baseline": num(t["baseline"]),
            }))
    people = pd.concat(people) if people else pd.DataFrame(
        columns=["quarter", "project_id", "ref", "sessions", "descriptor"])
    return (pd.DataFrame(projects, columns=["quarter", "project_id", "name", "area"]),
            pd.concat(acts), pd.concat(outs),
            pd.concat(cnts) if cnts else pd.DataFrame(
                columns=["quarter", "project_id", "indicator", "numerator", "baseline"]),
            people)


def score(o, people, cfg):
    """Vectorised scoring: one merge with each measure's thresholds. A pair
    counts ("paired") only for a finished course: Sessions attended at
    least the minimum, or not recorded."""
    o = o.merge(people, on=["quarter", "project_id", "ref"], how="left")
    o["mid"] = o["measure"].map(lambda s: cfg.measure_names[norm(s)])
    conv = pd.DataFrame(
        [(mid, float(m["range"][0] + i), v) for mid, m in cfg.measures.items()
         for i, v in enumerate(m.get("conversion") or [])],
        columns=["mid", "raw", "scored"],
    )
    for side in ("b", "f"):
        c = conv.rename(columns={"raw": f"{side}_raw", "scored": f"{side}_conv"})
        o = o.merge(c, on=["mid", f"{side}_raw"], how="left")
        o[side] = o[f"{side}_conv"].fillna(o[f"{side}_raw"])
    params = pd.DataFrame([
        {
            "mid": mid,
            "sign": 1.0 if m["better"] == "higher" else -1.0,
            "mc": m["meaningful_change"]["value"],
            "rc": m.get("reliable_change", {}).get("value", np.nan),
            "rule": cfg.caseness.get(mid, {}).get("rule", ""),
            "thr": cfg.caseness.get(mid, {}).get("threshold", np.nan),
        }
        for mid, m in cfg.measures.items()
    ])
    o = o.merge(params, on="mid", how="left")
    o["followed"] = o["f"].notna()
    finished = o["sessions"].isna() | (o["sessions"] >= cfg.min_sessions)
    o["paired"] = o["followed"] & finished
    o["change"] = o["f"] - o["b"]
    better = o["sign"] * o["change"]
    p = o["paired"]
    o["improved"] = p & (better > EPS)
    o["meaningful"] = p & (better >= o["mc"] - EPS)
    o["rel_imp"] = p & (better >= o["rc"] - EPS)
    o["rel_det"] = p & (-better >= o["rc"] - EPS)

    def case(x):
        r, t = o["rule"], o["thr"]
        return (((r == "at_or_above") & (x >= t)) | ((r == "above") & (x > t))
                | ((r == "at_or_below") & (x <= t)) | ((r == "below") & (x < t)))

    o["case_b"] = p & case(o["b"])  # among paired people only
    o["case_f"] = p & case(o["f"])
    o["recovered"] = p & o["case_b"] & ~o["case_f"]
    o["rel_rec"] = o["recovered"] & o["rel_imp"]
    return o


def clinical(o, cfg):
    """One clinical result per person (src/score/clinical.rs): PHQ-9 with
    the anxiety measure the descriptor names, else GAD-7, else another
    ADSM; without PHQ-9, every clinical measure they have."""
    keys = ["project_id", "ref"]
    c = o[o["paired"] & o["mid"].isin(cfg.caseness)].copy()
    dep = cfg.depression
    with_dep = c.loc[c["mid"] == dep, keys].drop_duplicates().assign(has_dep=True)
    c = c.merge(with_dep, on=keys, how="left")
    c["has_dep"] = c["has_dep"].fillna(False).astype(bool)
    want = c["descriptor"].map(cfg.descriptor_anxiety).fillna(cfg.anxiety)
    c["rank"] = np.where(c["mid"] == want, 0.0,
                         np.where(c["mid"] == cfg.anxiety, 1.0,
                                  c["mid"].map(cfg.adsm_rank).astype(float) + 2))
    cand = c[c["has_dep"] & (c["mid"] != dep) & c["rank"].notna()]
    best = cand.loc[cand.groupby(keys)["rank"].idxmin()] if len(cand) else cand
    judged = pd.concat([c[c["has_dep"] & (c["mid"] == dep)], best, c[~c["has_dep"]]])
    judged["order"] = np.where(judged["mid"] == dep, -1, judged["mid"].map(cfg.order))
    judged = judged.sort_values(keys + ["order"])
    g = judged.groupby(keys)
    r = g[["case_b", "case_f", "rel_imp", "rel_det", "improved"]].any()
    r["n"] = g.size()
    r["kind"] = g["mid"].agg("+".join)
    r["obj"] = g["mid"].agg(
        lambda ms: any(cfg.clinical_objective in cfg.measures[m]["objectives"] for m in ms))
    r["cb"], r["cf"] = r["case_b"], r["case_f"]
    r["ri"] = r["rel_imp"] & ~r["rel_det"]
    r["rd"] = r["rel_det"] & ~r["rel_imp"]
    r["imp"] = r["improved"] & ~r["rel_det"]
    r["rec"] = r["cb"] & ~r["cf"]
    r["rr"] = r["rec"] & r["ri"]
    return r.reset_index()


def measures_table(o, q, cfg):
    pr = o[o["paired"]]
    g = o.groupby(["project_id", "mid"])
    n = g["paired"].sum()
    means = pr.groupby(["project_id", "mid"])[["b", "f", "change"]].mean()
    flags = g[["improved", "meaningful", "rel_imp", "rel_det", "case_b",
               "recovered", "rel_rec"]].sum()
    rows = []
    for (pid, mid), k in n.items():
        m = cfg.measures[mid]
        rc, case = "reliable_change" in m, mid in cfg.caseness
        f = flags.loc[(pid, mid)]
        mean = means.loc[(pid, mid)] if k > 0 else None
        rows.append([
            q, pid, mid, str(int(k)),
            fixed(None if mean is None else mean["b"], 2),
            fixed(None if mean is None else mean["f"], 2),
            fixed(None if mean is None else mean["change"], 2),
            str(int(f["improved"])), str(int(f["meaningful"])),
            str(int(f["rel_imp"])) if rc else "", str(int(f["rel_det"])) if rc else "",
            str(int(f["case_b"])) if case else "", str(int(f["recovered"])) if case else "",
            str(int(f["rel_rec"])) if case and rc else "",
        ])
    # One row per kind of pair judged together (NHS Talking Therapies).
    c = clinical(o, cfg)
    pairs = c[c["n"] > 1]
    s = pairs.groupby(["project_id", "kind"])[["imp", "ri", "rd", "cb", "rec", "rr"]].sum()
    k = pairs.groupby(["project_id", "kind"]).size()
    for (pid, kind), r in s.iterrows():
        ri = str(int(r["ri"]))
        rows.append([q, pid, kind, str(int(k[(pid, kind)])), "", "", "",
                     str(int(r["imp"])), ri, ri, str(int(r["rd"])),
                     str(int(r["cb"])), str(int(r["rec"])), str(int(r["rr"]))])
    rows.sort(key=lambda r: (r[1], r[2]))
    return rows


def vfm_table(projects, a, o, c, q, cfg):
    pr = o[o["paired"]]
    money = a.groupby("project_id")[["cost", "in_kind", "participants"]].sum()
    # Improved on at least one objective: the clinical objective on the
    # person's clinical result, every other on a meaningful improvement.
    res = clinical(o, cfg)
    judged = res.loc[res["obj"], ["project_id", "ref", "ri"]]
    rows = pr[["project_id", "ref", "mid", "meaningful"]].copy()
    rows["objective"] = rows["mid"].map(lambda m: cfg.measures[m]["objectives"])
    rows = rows.explode("objective").merge(judged[["project_id", "ref"]].assign(by_result=True),
                                           on=["project_id", "ref"], how="left")
    rows = rows[~((rows["objective"] == cfg.clinical_objective) & rows["by_result"].eq(True))]
    flags = pd.concat([rows[["project_id", "ref", "meaningful"]],
                       judged.rename(columns={"ri": "meaningful"})])
    people = flags.groupby(["project_id", "ref"])["meaningful"].any()
    outcomes = people.groupby("project_id").sum()
    ls = pr[pr["mid"] == "ONS4-LS"].groupby("project_id")["change"].sum()
    c = c.copy()
    c["iid"] = c["indicator"].map(lambda s: cfg.indicator_names[norm(s)])
    c["unit_cost"] = c["iid"].map(cfg.unit_cost)
    c = c[c["unit_cost"].notna()]
    c["fiscal"] = (c["baseline"] - c["numerator"]) * c["unit_cost"]
    fiscal = c.groupby("project_id")["fiscal"].sum()
    rows = []
    for _, p in projects.sort_values("project_id").iterrows():
        pid = p["project_id"]
        mo = money.loc[pid] if pid in money.index else {"cost": 0, "in_kind": 0, "participants": 0}
        rows.append(vfm_row(cfg, q, pid, p["name"], p["area"], mo["cost"],
                            mo["in_kind"], mo["participants"],
                            outcomes.get(pid, 0), ls.get(pid, 0.0), fiscal.get(pid, 0.0)))
    rows.append(vfm_row(cfg, q, "TOTAL", "All projects", "All areas",
                        a["cost"].sum(), a["in_kind"].sum(), a["participants"].sum(),
                        outcomes.sum(), ls.sum(), fiscal.sum()))
    return rows


def main(root, out):
    cfg = Config()
    projects, a, o, c, people = read_all(root, cfg)
    q = max(projects["quarter"], key=quarter_key)
    projects = projects[projects["quarter"] == q]
    a, o, c, people = (d[d["quarter"] == q] for d in (a, o, c, people))
    o = score(o, people, cfg)
    write_tables(out, measures_table(o, q, cfg), vfm_table(projects, a, o, c, q, cfg))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
