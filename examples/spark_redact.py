#!/usr/bin/env python3
"""Redact a table of telehealth messages with Spark, using each row's patient name.

    pip install pyspark==4.3.0 "pandas<3" pyarrow ./bindings/python
    PYSPARK_PYTHON=$(which python) python examples/spark_redact.py [--rows 2000] [--out DIR]

Runs on `local[2]`; on a cluster, drop `.master(...)` and submit it with spark-submit
(the executors need the phiredact wheel installed). It makes a small table, redacts the
`body` column in place with the `patient_name` column as known names, adds a `findings`
column from the original text (offsets and labels only), checks every row against
`Redactor.redact` on the driver, and writes Parquet when `--out` is given.
"""

from __future__ import annotations

import argparse
import random

from pyspark.sql import SparkSession

import phiredact
from phiredact.spark import find_column, redact_columns

PATIENTS = ["Maria Lopez", "Tomasz Wrzesniewski", "Aiyana Tsosie", "Ngozi Okonkwo"]


def sample(n: int) -> list[tuple[int, str | None, str | None]]:
    rng = random.Random(1)
    rows = []
    for i in range(n):
        name = rng.choice(PATIENTS)
        last = name.split()[-1]
        body = (
            f"{last.upper()} called about her refill; call back at "
            f"(555) {rng.randint(200, 999)}-{rng.randint(1000, 9999)}. "
            f"DOB {rng.randint(1, 12):02d}/{rng.randint(1, 28):02d}/19{rng.randint(30, 99)}. "
            "BP 128/82, continue lisinopril."
        )
        rows.append((i, None if i % 10 == 9 else body, None if i % 7 == 6 else name))
    return rows


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--rows", type=int, default=2000)
    ap.add_argument("--out", help="write the redacted table here as Parquet")
    args = ap.parse_args(argv)

    spark = SparkSession.builder.master("local[2]").appName("phiredact-example").getOrCreate()
    rows = sample(args.rows)
    df = spark.createDataFrame(rows, "id long, body string, patient_name string")

    redactor = phiredact.Redactor()  # or phiredact.Redactor(pathlib.Path("policy.toml"))
    scanned = find_column(df, redactor, "body", known_names_col="patient_name")
    redacted = redact_columns(scanned, redactor, "body", known_names_col="patient_name")

    out = redacted.collect()
    for (i, body, name), row in zip(rows, out):
        assert row["id"] == i
        names = [name] if name else None
        want = None if body is None else redactor.redact(body, known_names=names)
        assert row["body"] == want, f"row {i} differs"
        if body is not None:
            want_labels = [f.label for f in redactor.find(body, known_names=names)]
            assert [f["label"] for f in row["findings"]] == want_labels, f"row {i} findings"
    print(f"checked {len(out)} rows; first: {out[0]['body']}")
    if args.out:
        redacted.write.mode("overwrite").parquet(args.out)
        print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
    SparkSession.builder.getOrCreate().stop()
