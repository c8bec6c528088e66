"""Runs docs/dataset.md's DuckDB SQL and polars Python on a dataset written
by `needle report --dataset` and checks both give the n_paired and
mean_change of the same run's internal-edition tables/measures.csv.

    python dataset_check.py DOCS_MD DATASET_DIR MEASURES_CSV

.ci/dataset-check runs it in a venv with duckdb and polars from PyPI
(tests/reference/requirements.txt). Exits non-zero, saying why, on any
difference.
"""

import csv
import re
import sys

import duckdb
import polars as pl


def blocks(markdown, lang):
    return re.findall(r"```" + lang + r"\n(.*?)```", markdown, re.S)


def main(docs, dataset, measures_csv):
    text = open(docs, encoding="utf-8").read()
    sql = blocks(text, "sql")[0].replace("'dataset/", "'" + dataset.rstrip("/") + "/")
    code = blocks(text, "python")[0].replace('"dataset/', '"' + dataset.rstrip("/") + "/")

    # needle's figures, per project x measure of the report quarter. The
    # PHQ-9+… rows are clinical results (one per person), not measure rows.
    expected = {}
    with open(measures_csv, newline="", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            if row["quarter"] != "2026/27 Q2" or "+" in row["measure"]:
                continue
            expected[(row["project_id"], row["measure"])] = (
                int(row["n_paired"]),
                row["mean_change"],
            )
    if not expected:
        sys.exit("measures.csv has no 2026/27 Q2 rows")

    got_duckdb = {(p, m): (n, c) for p, m, n, c in duckdb.sql(sql).fetchall()}
    scope = {}
    exec(code, scope)
    got_polars = {
        (r["project_id"], r["measure"]): (r["n_paired"], r["mean_change"])
        for r in scope["measures"].iter_rows(named=True)
    }

    failures = []
    for engine, got in (("DuckDB", got_duckdb), ("polars", got_polars)):
        if set(got) != set(expected):
            failures.append(
                f"{engine}: rows {sorted(set(got) ^ set(expected))[:5]} differ"
            )
            continue
        for key, (n, mean) in expected.items():
            gn, gmean = got[key]
            # measures.csv prints two decimals and leaves mean_change empty
            # when nobody is paired (the engines' average of nothing is null).
            if mean == "":
                same = gmean is None
            else:
                same = gmean is not None and abs(gmean - float(mean)) <= 0.005 + 1e-9
            if gn != n or not same:
                failures.append(f"{engine}: {key}: {gn}, {gmean} but measures.csv has {n}, {mean!r}")
    if failures:
        sys.exit("\n".join(failures))
    print(
        f"dataset check: DuckDB {duckdb.__version__} and polars {pl.__version__} give "
        f"measures.csv's n_paired and mean_change for all {len(expected)} project x measure rows"
    )


if __name__ == "__main__":
    main(*sys.argv[1:])
