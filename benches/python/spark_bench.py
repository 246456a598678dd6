#!/usr/bin/env python3
"""Throughput of phiredact.spark on local[N] against redact_many in one process.

    bash tests/scale/run.sh            # once: makes target/scale-venv with the wheel
    PYSPARK_PYTHON=target/scale-venv/bin/python \\
        target/scale-venv/bin/python benches/python/spark_bench.py [--rows 200000] [--repeat 3]

A seeded generator (the one of tests/scale) makes telehealth messages with names, phones,
SSNs and dates among clinical text, 10 % null, most rows with the patient's name; they
are written once to Parquet, which Spark reads. Measured, each the best of --repeat runs
after a warm-up, on the same rows:

  redact_many            one call over all rows in this process, threads=1 and threads=N
  spark identity         read Parquet + mapInArrow that returns its batches (the floor)
  spark redact_columns   read Parquet + phiredact.spark.redact_columns, known names per row
  spark find_column      read Parquet + phiredact.spark.find_column

Spark jobs end in the `noop` sink, so every row is computed and nothing is written. One
extra run writes the Spark redaction to Parquet and checks it row by row against the
in-process redact_many output (a wrong answer fails the benchmark). MB are UTF-8 bytes
of the non-null `body` texts.
"""

from __future__ import annotations

import argparse
import os
import pathlib
import sys
import tempfile
import time

import pyarrow as pa
import pyarrow.parquet as pq
from pyspark.sql import SparkSession

import phiredact
from phiredact.spark import find_column, redact_columns

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[2] / "tests" / "scale"))
from conftest import make_rows, oracle_names  # noqa: E402


def best(fn, repeat: int) -> float:
    fn()  # warm-up
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return min(times)


def identity(batches):
    yield from batches


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rows", type=int, default=200_000)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--cores", type=int, default=2, help="local[N] and threads=N")
    args = ap.parse_args()

    rows = make_rows(args.rows, seed=7)
    bodies = [r["body"] for r in rows]
    texts = [b for b in bodies if b is not None]
    names = [oracle_names(r["patient"]) for r in rows if r["body"] is not None]
    mb = sum(len(t.encode()) for t in texts) / 1e6
    r = phiredact.Redactor()

    tmp = pathlib.Path(tempfile.mkdtemp(prefix="phiredact-spark-bench-"))
    src = tmp / "in.parquet"
    pq.write_table(
        pa.table(
            {
                "id": [x["id"] for x in rows],
                "body": bodies,
                "patient": [x["patient"] for x in rows],
            }
        ),
        src,
        row_group_size=50_000,
    )

    results: list[tuple[str, float]] = []

    def measure(name: str, fn) -> None:
        results.append((name, best(fn, args.repeat)))
        print(f"{name}: {results[-1][1]:.2f} s", file=sys.stderr, flush=True)

    want = r.redact_many(texts, known_names=names, threads=1)
    measure("redact_many, threads=1", lambda: r.redact_many(texts, known_names=names, threads=1))
    measure(
        f"redact_many, threads={args.cores}",
        lambda: r.redact_many(texts, known_names=names, threads=args.cores),
    )

    spark = (
        SparkSession.builder.master(f"local[{args.cores}]")
        .appName("phiredact-spark-bench")
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.sql.files.maxPartitionBytes", str(max(1, src.stat().st_size // (4 * args.cores))))
        .getOrCreate()
    )
    spark.sparkContext.setLogLevel("ERROR")
    df = spark.read.parquet(str(src))
    parts = df.rdd.getNumPartitions()

    def noop(frame) -> None:
        frame.write.mode("overwrite").format("noop").save()

    measure("spark identity mapInArrow", lambda: noop(df.mapInArrow(identity, df.schema)))
    measure(
        "spark redact_columns",
        lambda: noop(redact_columns(df, r, "body", known_names_col="patient")),
    )
    measure(
        "spark find_column",
        lambda: noop(find_column(df, r, "body", known_names_col="patient")),
    )

    # The check: Spark's output, row by row, against redact_many in this process.
    out = tmp / "out.parquet"
    redact_columns(df, r, "body", known_names_col="patient").write.mode("overwrite").parquet(str(out))
    got = pq.read_table(out).sort_by("id")
    assert got.column("id").to_pylist() == list(range(len(rows)))
    spark_bodies = [b for b in got.column("body").to_pylist()]
    it = iter(want)
    for i, (b, s) in enumerate(zip(bodies, spark_bodies)):
        assert s == (None if b is None else next(it)), f"row {i} differs"
    changed = sum(w != t for w, t in zip(want, texts))
    assert changed > len(texts) // 2, "too few rows redacted: the generator changed?"
    spark.stop()

    print(
        f"phiredact {phiredact.__version__}: {len(rows):,} rows ({len(texts):,} non-null, "
        f"{changed:,} redacted), {mb:.1f} MB, local[{args.cores}] with {parts} partitions, "
        f"{os.cpu_count()} CPUs, load {os.getloadavg()[0]:.2f}, best of {args.repeat}; "
        f"Spark output checked row by row"
    )
    print(f"{'':30} {'wall s':>7} {'rows/s':>10} {'MB/s':>6}")
    for name, wall in results:
        print(f"{name:30} {wall:7.2f} {len(rows) / wall:10,.0f} {mb / wall:6.2f}")
    base = dict(results)
    spark_red = base["spark redact_columns"]
    many = base[f"redact_many, threads={args.cores}"]
    print(
        f"Spark redact_columns vs redact_many threads={args.cores}: {many / spark_red:.2f}x the "
        f"speed; per core {mb / spark_red / args.cores:.2f} MB/s = "
        f"{mb / spark_red / args.cores * 3600 / 1000:.1f} GB per core-hour"
    )


if __name__ == "__main__":
    main()
