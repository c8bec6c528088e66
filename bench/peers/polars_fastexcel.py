"""Peer (c): the fastest Python path. fastexcel (calamine underneath) reads
each workbook straight into polars (CSV folders through the csv module, as
their sheets are ragged), then tables/measures.csv and tables/vfm.csv for
the latest quarter are computed with polars expressions.

usage: polars_fastexcel.py RETURNS_DIR OUT_DIR
"""

import csv
import sys

import fastexcel
import polars as pl

from common import (
    EPS, Config, fixed, header_key, norm,
    project_row, quarter_key, return_paths, vfm_row, write_tables,
)

SHEETS = ["About", "Activities", "Outcomes", "Counts"]


def read_sheets(path):
    """Raw sheets (every cell as text, no header) of one return, by name."""
    out = {}
    if path.is_dir():
        for s in SHEETS:
            f = path / f"{s}.csv"
            if f.exists():
                with open(f, newline="", encoding="utf-8") as h:
                    rows = list(csv.reader(h))
                width = max(len(r) for r in rows)
                rows = [r + [None] * (width - len(r)) for r in rows]
                out[s] = pl.DataFrame(rows, schema=[f"c{i}" for i in range(width)],
                                      orient="row")
        return out
    reader = fastexcel.read_excel(str(path))
    for s in SHEETS:
        if s in reader.sheet_names:
            out[s] = reader.load_sheet(s, header_row=None, dtypes="string").to_polars()
    return out


def table(raw, key):
    """The table under the first row holding heading `key`."""
    for i, row in enumerate(raw.iter_rows()):
        heads = [header_key(v) if v is not None else f"_{j}" for j, v in enumerate(row)]
        if key in heads:
            t = raw.slice(i + 1)
            seen, keep = set(), []
            for j, h in enumerate(heads):
                if h not in seen:
                    seen.add(h)
                    keep.append(pl.col(t.columns[j]).alias(h))
            return t.select(keep)
    raise ValueError(f"no '{key}' heading")


def about(raw):
    a, b = raw.columns[0], raw.columns[1]
    return {norm(k): v for k, v in zip(raw[a], raw[b]) if k is not None}


def num(t, c):
    if c not in t.columns:
        return pl.lit(None, dtype=pl.Float64).alias(c)
    return pl.col(c).str.replace_all(",", "").cast(pl.Float64, strict=False).alias(c)


def read_all(root):
    projects, acts, outs, cnts = [], [], [], []
    for p in return_paths(root):
        sh = read_sheets(p)
        project = project_row(about(sh["About"]))
        q, pid = project[0], project[1]
        projects.append(project)
        tag = [pl.lit(q).alias("quarter"), pl.lit(pid).alias("project_id")]
        t = table(sh["Activities"], "activityid")
        acts.append(t.select(tag + [
            num(t, "cost").fill_null(0.0), num(t, "inkindvalue").fill_null(0.0).alias("in_kind"),
            num(t, "participants").fill_null(0.0),
        ]))
        t = table(sh["Outcomes"], "participantref")
        outs.append(t.select(tag + [
            pl.col("participantref").str.strip_chars().str.to_lowercase().alias("ref"),
            pl.col("measure").str.strip_chars(),
            num(t, "baselinescore").alias("b_raw"), num(t, "followupscore").alias("f_raw"),
        ]))
        if "Counts" in sh:
            t = table(sh["Counts"], "indicator")
            cnts.append(t.select(tag + [
                pl.col("indicator").str.strip_chars(), num(t, "numerator"), num(t, "baseline"),
            ]))
    return (pl.DataFrame(projects, schema=["quarter", "project_id", "name", "area"], orient="row"),
            pl.concat(acts), pl.concat(outs), pl.concat(cnts))


def score(o, cfg):
    names = pl.DataFrame({"key": list(cfg.measure_names), "mid": list(cfg.measure_names.values())})
    o = o.with_columns(pl.col("measure").map_elements(norm, return_dtype=pl.String).alias("key"))
    o = o.join(names, on="key", how="left")
    conv = pl.DataFrame(
        [(mid, float(m["range"][0] + i), float(v)) for mid, m in cfg.measures.items()
         for i, v in enumerate(m.get("conversion") or [])],
        schema=["mid", "raw", "scored"], orient="row",
    )
    for side in ("b", "f"):
        o = o.join(conv.rename({"raw": f"{side}_raw", "scored": f"{side}_conv"}),
                   on=["mid", f"{side}_raw"], how="left")
        o = o.with_columns(pl.coalesce(f"{side}_conv", f"{side}_raw").alias(side))
    params = pl.DataFrame([
        {
            "mid": mid,
            "sign": 1.0 if m["better"] == "higher" else -1.0,
            "mc": float(m["meaningful_change"]["value"]),
            "rc": float(m["reliable_change"]["value"]) if "reliable_change" in m else None,
            "rule": m.get("caseness", {}).get("rule", ""),
            "thr": float(m["caseness"]["threshold"]) if "caseness" in m else None,
        }
        for mid, m in cfg.measures.items()
    ])
    o = o.join(params, on="mid", how="left")
    p = pl.col("f").is_not_null()
    better = pl.col("sign") * (pl.col("f") - pl.col("b"))

    def case(x):
        r, t = pl.col("rule"), pl.col("thr")
        return (((r == "at_or_above") & (x >= t)) | ((r == "above") & (x > t))
                | ((r == "at_or_below") & (x <= t)) | ((r == "below") & (x < t))).fill_null(False)

    o = o.with_columns(
        p.alias("paired"),
        (pl.col("f") - pl.col("b")).alias("change"),
        (p & (better > EPS)).fill_null(False).alias("improved"),
        (p & (better >= pl.col("mc") - EPS)).fill_null(False).alias("meaningful"),
        (p & (better >= pl.col("rc") - EPS)).fill_null(False).alias("rel_imp"),
        (p & (-better >= pl.col("rc") - EPS)).fill_null(False).alias("rel_det"),
        (p & case(pl.col("b"))).alias("case_b"),
        (p & case(pl.col("f"))).alias("case_f"),
    )
    return o.with_columns(
        (pl.col("case_b") & ~pl.col("case_f")).alias("recovered"),
    ).with_columns(
        (pl.col("recovered") & pl.col("rel_imp")).alias("rel_rec"),
    )


FLAGS = ["improved", "meaningful", "rel_imp", "rel_det", "case_b", "recovered", "rel_rec"]


def measures_table(o, q, cfg):
    g = (o.group_by("project_id", "mid")
         .agg(pl.col("paired").sum().alias("n"),
              pl.col("b").filter("paired").mean().alias("mb"),
              pl.col("f").filter("paired").mean().alias("mf"),
              pl.col("change").filter("paired").mean().alias("mc"),
              *[pl.col(f).sum() for f in FLAGS]))
    rows = []
    for r in g.iter_rows(named=True):
        m = cfg.measures[r["mid"]]
        rc, case = "reliable_change" in m, "caseness" in m
        k = r["n"]
        rows.append([
            q, r["project_id"], r["mid"], str(k),
            fixed(r["mb"] if k else None, 2), fixed(r["mf"] if k else None, 2),
            fixed(r["mc"] if k else None, 2),
            str(r["improved"]), str(r["meaningful"]),
            str(r["rel_imp"]) if rc else "", str(r["rel_det"]) if rc else "",
            str(r["case_b"]) if case else "", str(r["recovered"]) if case else "",
            str(r["rel_rec"]) if case and rc else "",
        ])
    # PHQ-9 + GAD-7 for people with both paired (NHS Talking Therapies).
    cols = ["project_id", "ref", "case_b", "case_f", "rel_imp", "rel_det", "change"]
    pr = o.filter("paired")
    c = (pr.filter(pl.col("mid") == "PHQ-9").select(cols)
         .join(pr.filter(pl.col("mid") == "GAD-7").select(cols),
               on=["project_id", "ref"], suffix="_g"))
    any_ri = pl.col("rel_imp") | pl.col("rel_imp_g")
    any_rd = pl.col("rel_det") | pl.col("rel_det_g")
    c = c.with_columns(
        (pl.col("case_b") | pl.col("case_b_g")).alias("cb"),
        (pl.col("case_f") | pl.col("case_f_g")).alias("cf"),
        (any_ri & ~any_rd).alias("ri"),
        (any_rd & ~any_ri).alias("rd"),
        (((pl.col("change") < 0) | (pl.col("change_g") < 0)) & ~any_rd).alias("imp"),
    ).with_columns((pl.col("cb") & ~pl.col("cf")).alias("rec"))
    c = c.with_columns((pl.col("rec") & pl.col("ri")).alias("rr"))
    s = c.group_by("project_id").agg(pl.len().alias("n"),
                                     *[pl.col(x).sum() for x in ["imp", "ri", "rd", "cb", "rec", "rr"]])
    for r in s.iter_rows(named=True):
        rows.append([q, r["project_id"], "PHQ-9+GAD-7", str(r["n"]), "", "", "",
                     str(r["imp"]), str(r["ri"]), str(r["ri"]), str(r["rd"]),
                     str(r["cb"]), str(r["rec"]), str(r["rr"])])
    rows.sort(key=lambda r: (r[1], r[2]))
    return rows


def vfm_table(projects, a, o, c, q, cfg):
    money = a.group_by("project_id").agg(pl.col("cost", "in_kind", "participants").sum())
    pr = o.filter("paired")
    outcomes = (pr.group_by("project_id", "ref").agg(pl.col("meaningful").any())
                .group_by("project_id").agg(pl.col("meaningful").sum().alias("outcomes")))
    ls = (pr.filter(pl.col("mid") == "ONS4-LS").group_by("project_id")
          .agg(pl.col("change").sum().alias("ls")))
    ids = pl.DataFrame({"key": list(cfg.indicator_names), "iid": list(cfg.indicator_names.values())})
    costs = pl.DataFrame({"iid": list(cfg.unit_cost), "unit_cost": list(cfg.unit_cost.values())})
    fiscal = (c.with_columns(pl.col("indicator").map_elements(norm, return_dtype=pl.String).alias("key"))
              .join(ids, on="key").join(costs, on="iid")
              .group_by("project_id")
              .agg(((pl.col("baseline") - pl.col("numerator")) * pl.col("unit_cost")).sum().alias("fiscal")))
    u = (projects.join(money, on="project_id", how="left")
         .join(outcomes, on="project_id", how="left")
         .join(ls, on="project_id", how="left")
         .join(fiscal, on="project_id", how="left")
         .fill_null(0).sort("project_id"))
    rows = [vfm_row(cfg, q, r["project_id"], r["name"], r["area"], r["cost"], r["in_kind"],
                    r["participants"], r["outcomes"], r["ls"], r["fiscal"])
            for r in u.iter_rows(named=True)]
    rows.append(vfm_row(cfg, q, "TOTAL", "All projects", "All areas", a["cost"].sum(),
                        a["in_kind"].sum(), a["participants"].sum(), u["outcomes"].sum(),
                        u["ls"].sum(), u["fiscal"].sum()))
    return rows


def main(root, out):
    cfg = Config()
    projects, a, o, c = read_all(root)
    q = max(projects["quarter"].to_list(), key=quarter_key)
    projects = projects.filter(pl.col("quarter") == q)
    a, o, c = (d.filter(pl.col("quarter") == q) for d in (a, o, c))
    o = score(o, cfg)
    write_tables(out, measures_table(o, q, cfg), vfm_table(projects, a, o, c, q, cfg))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
