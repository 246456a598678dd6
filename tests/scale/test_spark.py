"""phiredact.spark on a local[2] Spark session, row by row against Redactor.redact."""

from __future__ import annotations

import importlib.util
import pathlib
from collections.abc import Iterator

import pytest
from pyspark.sql import DataFrame, SparkSession
from pyspark.sql import functions as F

import phiredact
from phiredact.spark import find_column, findings_type, redact_columns
from conftest import check_rows, oracle_names

SCHEMA = "id long, body string, subject string, patient string, names array<string>"


@pytest.fixture(scope="module")
def spark() -> Iterator[SparkSession]:
    s = (
        SparkSession.builder.master("local[2]")
        .appName("phiredact-scale-test")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", "4")
        # Small Arrow batches, so that each task sees several of them.
        .config("spark.sql.execution.arrow.maxRecordsPerBatch", "700")
        .getOrCreate()
    )
    s.sparkContext.setLogLevel("ERROR")
    yield s
    s.stop()


@pytest.fixture(scope="module")
def frame(spark: SparkSession, rows: list[dict[str, object]]) -> DataFrame:
    data = [(r["id"], r["body"], r["subject"], r["patient"], r["names"]) for r in rows]
    # Three partitions from a local list: deterministic, so each row's partition can be
    # compared before and after.
    df = spark.createDataFrame(spark.sparkContext.parallelize(data, 3), SCHEMA)
    return df.withColumn("part", F.spark_partition_id())


def test_redact_in_place_keeps_order_and_partitions(
    redactor: phiredact.Redactor, rows, frame: DataFrame
) -> None:
    out = redact_columns(frame, redactor, ["body", "subject"], known_names_col="patient")
    assert out.columns == frame.columns
    assert out.schema == frame.schema
    assert out.rdd.getNumPartitions() == frame.rdd.getNumPartitions() == 3
    got = out.withColumn("part_after", F.spark_partition_id()).collect()
    assert [r["id"] for r in got] == [r["id"] for r in rows]  # row order, across partitions
    assert all(r["part"] == r["part_after"] for r in got)
    assert {r["part"] for r in got} == {0, 1, 2}
    check_rows(redactor, rows, [r["body"] for r in got], "body", "patient")
    check_rows(redactor, rows, [r["subject"] for r in got], "subject", "patient")
    # Untouched columns are untouched.
    assert [r["names"] for r in got] == [r["names"] for r in rows]


def test_redact_with_suffix_and_name_lists(redactor: phiredact.Redactor, rows, frame: DataFrame) -> None:
    out = redact_columns(frame, redactor, "body", known_names_col="names", suffix="_redacted")
    assert out.columns == [*frame.columns, "body_redacted"]
    got = out.collect()
    assert [r["body"] for r in got] == [r["body"] for r in rows]
    check_rows(redactor, rows, [r["body_redacted"] for r in got], "body", "names")


def test_policy_travels_to_the_executors(rows, frame: DataFrame) -> None:
    # A non-default policy and constructor names: the workers must use them, not defaults.
    r = phiredact.Redactor(
        {"labels": {"SSN": {"action": "keep_last", "digits": 4}}},
        known_names=["Kierkegaard"],
        labels=["SSN", "NAME", "PHONE"],
    )
    got = redact_columns(frame, r, "body").collect()
    check_rows(r, rows, [x["body"] for x in got], "body", None)
    assert any("***-**-" in (x["body"] or "") for x in got)


def test_find_column(redactor: phiredact.Redactor, rows, frame: DataFrame) -> None:
    out = find_column(frame, redactor, "body", known_names_col="patient", out_col="phi")
    assert out.schema["phi"].dataType == findings_type()
    got = out.collect()
    total = 0
    for row, r in zip(rows, got):
        if row["body"] is None:
            assert r["phi"] is None
            continue
        want = redactor.find(row["body"], known_names=oracle_names(row["patient"]))  # type: ignore[arg-type]
        assert [(f.start, f.end, f.label, f.rule) for f in r["phi"]] == [
            (f.start, f.end, f.label, f.rule) for f in want
        ]
        total += len(want)
    assert total > len(rows)


def test_large_var_types(spark: SparkSession, redactor: phiredact.Redactor, rows, frame: DataFrame) -> None:
    # Spark may send large_string columns; outputs (findings strings too) must follow.
    spark.conf.set("spark.sql.execution.arrow.useLargeVarTypes", "true")
    try:
        part = frame.limit(300)
        got = find_column(redact_columns(part, redactor, "body", suffix="_r"), redactor, "body").collect()
    finally:
        spark.conf.unset("spark.sql.execution.arrow.useLargeVarTypes")
    by_id = {r["id"]: r for r in rows}
    for g in got:
        body = by_id[g["id"]]["body"]
        assert g["body_r"] == (None if body is None else redactor.redact(body))
        if body is not None:
            assert [f["label"] for f in g["findings"]] == [f.label for f in redactor.find(body)]


def test_example_script_runs(spark: SparkSession, capsys: pytest.CaptureFixture[str]) -> None:
    # examples/spark_redact.py end to end; its getOrCreate() picks up this test's session
    # (a second JVM would cost the suite ~20 s), and only its __main__ block stops it.
    path = pathlib.Path(__file__).resolve().parents[2] / "examples" / "spark_redact.py"
    spec = importlib.util.spec_from_file_location("spark_redact_example", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    module.main(["--rows", "500"])
    assert "checked 500 rows" in capsys.readouterr().out
    assert not spark.sparkContext._jsc.sc().isStopped()


def test_argument_errors(redactor: phiredact.Redactor, frame: DataFrame) -> None:
    with pytest.raises(phiredact.InputError, match="'id' must be a string column"):
        redact_columns(frame, redactor, "id")
    with pytest.raises(phiredact.InputError, match="no column 'nope'"):
        redact_columns(frame, redactor, ["body", "nope"])
    with pytest.raises(phiredact.InputError, match="must be string or array<string>"):
        find_column(frame, redactor, "body", known_names_col="id")
    with pytest.raises(phiredact.InputError, match="already exists"):
        find_column(frame, redactor, "body", out_col="subject")
    with pytest.raises(phiredact.InputError, match="already exists"):
        redact_columns(frame.withColumn("body_r", F.lit("x")), redactor, "body", suffix="_r")
    with pytest.raises(phiredact.InputError, match="threads"):
        redact_columns(frame, redactor, "body", threads=0)
