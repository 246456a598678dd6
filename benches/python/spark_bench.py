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


def tree_cpu() -> float:
    """CPU seconds used so far by this process and every descendant (the JVM, Spark's
    Python workers), reaped children included, from /proc (Linux).

    On a shared machine wall time includes waiting for a core; CPU time does not, so it
    is the steadier measure of the work done, and the one to size a cluster by.
    """
    children: dict[int, list[int]] = {}
    stats: dict[int, list[str]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        pid = int(entry)
        stats[pid] = fields
        children.setdefault(int(fields[1]), []).append(pid)
    tick = os.sysconf("SC_CLK_TCK")
    total, todo = 0.0, [os.getpid()]
    while todo:
        pid = todo.pop()
        f = stats.get(pid)
        if f is not None:
            # utime, stime, cutime, cstime: fields 14-17 of stat, 12-15 after the name.
            total += sum(int(x) for x in f[11:15]) / tick
        todo.extend(children.get(pid, []))
    return total


def best(fn, repeat: int) -> tuple[float, float]:
    """The least wall time and the least CPU time (this process tree) of `repeat` runs."""
    fn()  # warm-up
    walls, cpus = [], []
    for _ in range(repeat):
        c, t = tree_cpu(), time.perf_counter()
        fn()
        walls.append(time.perf_counter() - t)
        cpus.append(tree_cpu() - c)
    return min(walls), min(cpus)


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

    results: list[tuple[str, float, float]] = []

    def measure(name: str, fn) -> None:
        wall, cpu = best(fn, args.repeat)
        results.append((name, wall, cpu))
        print(f"{name}: {wall:.2f} s wall, {cpu:.2f} s CPU", file=sys.stderr, flush=True)

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
    print(f"{'':30} {'wall s':>7} {'rows/s':>10} {'MB/s':>6} {'CPU s':>7} {'MB/CPU-s':>8}")
    for name, wall, cpu in results:
        print(
            f"{name:30} {wall:7.2f} {len(rows) / wall:10,.0f} {mb / wall:6.2f} "
            f"{cpu:7.2f} {mb / cpu:8.2f}"
        )
    by = {name: (wall, cpu) for name, wall, cpu in results}
    spark_wall, spark_cpu = by["spark redact_columns"]
    many_wall, many_cpu = by[f"redact_many, threads={args.cores}"]
    one_wall, one_cpu = by["redact_many, threads=1"]
    print(
        f"Spark redact_columns vs redact_many threads={args.cores}: {many_wall / spark_wall:.2f}x "
        f"the speed (wall), {many_cpu / spark_cpu:.2f}x the work per CPU-second"
    )
    print(
        f"sizing: {mb / spark_cpu * 3.6:.1f} GB per core-hour through Spark "
        f"({mb / one_cpu * 3.6:.1f} with redact_many on one thread), from CPU time"
    )


if __name__ == "__main__":
    main()
