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

SHEETS = ["About", "Activities", "People", "Outcomes", "Counts"]


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


def text_col(t, c):
    if c not in t.columns:
        return pl.lit(None, dtype=pl.String).alias(c)
    return pl.col(c).str.strip_chars().alias(c)


def read_all(root, cfg):
    projects, acts, outs, cnts, people = [], [], [], [], []
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
        if "People" in sh:
            t = table(sh["People"], "participantref")
            people.append(t.select(tag + [
                pl.col("participantref").str.strip_chars().str.to_lowercase().alias("ref"),
                num(t, "sessionsattended").alias("sessions"),
                text_col(t, "problemdescriptor")
                .map_elements(cfg.descriptor, return_dtype=pl.String).alias("descriptor"),
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
    schema = {"quarter": pl.String, "project_id": pl.String, "ref": pl.String,
              "sessions": pl.Float64, "descriptor": pl.String}
    people = pl.concat(people) if people else pl.DataFrame(schema=schema)
    cnts = pl.concat(cnts) if cnts else pl.DataFrame(
        schema={"quarter": pl.String, "project_id": pl.String, "indicator": pl.String,
                "numerator": pl.Float64, "baseline": pl.Float64})
    return (pl.DataFrame(projects, schema=["quarter", "project_id", "name", "area"], orient="row"),
            pl.concat(acts), pl.concat(outs), cnts, people)


def score(o, people, cfg):
    """A pair counts ("paired") only for a finished course: Sessions
    attended at least the minimum, or not recorded."""
    o = o.join(people, on=["quarter", "project_id", "ref"], how="left")
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
            "rule": cfg.caseness.get(mid, {}).get("rule", ""),
            "thr": float(cfg.caseness[mid]["threshold"]) if mid in cfg.caseness else None,
        }
        for mid, m in cfg.measures.items()
    ])
    o = o.join(params, on="mid", how="left")
    finished = pl.col("sessions").is_null() | (pl.col("sessions") >= cfg.min_sessions)
    p = pl.col("f").is_not_null() & finished
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


def clinical(o, cfg):
    """One clinical result per person (src/score/clinical.rs): PHQ-9 with
    the anxiety measure the descriptor names, else GAD-7, else another
    ADSM; without PHQ-9, every clinical measure they have."""
    keys = ["project_id", "ref"]
    dep = cfg.depression
    c = o.filter(pl.col("paired") & pl.col("mid").is_in(list(cfg.caseness)))
    c = c.with_columns((pl.col("mid") == dep).any().over(keys).alias("has_dep"))
    want = pl.col("descriptor").replace_strict(cfg.descriptor_anxiety, default=None).fill_null(cfg.anxiety)
    adsm = pl.col("mid").replace_strict(cfg.adsm_rank, default=None, return_dtype=pl.Float64)
    c = c.with_columns(
        pl.when(pl.col("mid") == want).then(0.0)
        .when(pl.col("mid") == cfg.anxiety).then(1.0)
        .otherwise(adsm + 2).alias("rank"))
    cand = c.filter(pl.col("has_dep") & (pl.col("mid") != dep) & pl.col("rank").is_not_null())
    best = cand.filter(pl.col("rank") == pl.col("rank").min().over(keys))
    judged = pl.concat([c.filter(pl.col("has_dep") & (pl.col("mid") == dep)), best,
                        c.filter(~pl.col("has_dep"))])
    order = pl.when(pl.col("mid") == dep).then(-1).otherwise(
        pl.col("mid").replace_strict(cfg.order, default=None, return_dtype=pl.Int64))
    on_obj = {m for m, x in cfg.measures.items() if cfg.clinical_objective in x["objectives"]}
    r = (judged.with_columns(order.alias("order")).sort(keys + ["order"])
         .group_by(keys, maintain_order=True)
         .agg(pl.len().alias("n"), pl.col("mid").str.join("+").alias("kind"),
              pl.col("mid").is_in(list(on_obj)).any().alias("obj"),
              *[pl.col(x).any() for x in ["case_b", "case_f", "rel_imp", "rel_det", "improved"]]))
    return r.with_columns(
        pl.col("case_b").alias("cb"),
        (pl.col("rel_imp") & ~pl.col("rel_det")).alias("ri"),
        (pl.col("rel_det") & ~pl.col("rel_imp")).alias("rd"),
        (pl.col("improved") & ~pl.col("rel_det")).alias("imp"),
        (pl.col("case_b") & ~pl.col("case_f")).alias("rec"),
    ).with_columns((pl.col("rec") & pl.col("ri")).alias("rr"))


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
        rc, case = "reliable_change" in m, r["mid"] in cfg.caseness
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
    # One row per kind of pair judged together (NHS Talking Therapies).
    s = (clinical(o, cfg).filter(pl.col("n") > 1).group_by("project_id", "kind")
         .agg(pl.len().alias("n"), *[pl.col(x).sum() for x in ["imp", "ri", "rd", "cb", "rec", "rr"]]))
    for r in s.iter_rows(named=True):
        rows.append([q, r["project_id"], r["kind"], str(r["n"]), "", "", "",
                     str(r["imp"]), str(r["ri"]), str(r["ri"]), str(r["rd"]),
                     str(r["cb"]), str(r["rec"]), str(r["rr"])])
    rows.sort(key=lambda r: (r[1], r[2]))
    return rows


def vfm_table(projects, a, o, c, q, cfg):
    money = a.group_by("project_id").agg(pl.col("cost", "in_kind", "participants").sum())
    pr = o.filter("paired")
    # Improved on at least one objective: the clinical objective on the
    # person's clinical result, every other on a meaningful improvement.
    res = clinical(o, cfg).filter("obj").select("project_id", "ref", pl.col("ri").alias("meaningful"))
    objectives = pl.DataFrame({"mid": list(cfg.measures),
                               "objective": [m["objectives"] for m in cfg.measures.values()]})
    rows = (pr.select("project_id", "ref", "mid", "meaningful").join(objectives, on="mid")
            .explode("objective")
            .join(res.select("project_id", "ref").with_columns(pl.lit(True).alias("by_result")),
                  on=["project_id", "ref"], how="left")
            .filter(~((pl.col("objective") == cfg.clinical_objective)
                      & pl.col("by_result").fill_null(False)))
            .select("project_id", "ref", "meaningful"))
    outcomes = (pl.concat([rows, res]).group_by("project_id", "ref").agg(pl.col("meaningful").any())
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
    projects, a, o, c, people = read_all(root, cfg)
    q = max(projects["quarter"].to_list(), key=quarter_key)
    projects = projects.filter(pl.col("quarter") == q)
    a, o, c, people = (d.filter(pl.col("quarter") == q) for d in (a, o, c, people))
    o = score(o, people, cfg)
    write_tables(out, measures_table(o, q, cfg), vfm_table(projects, a, o, c, q, cfg))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
