"""phiredact.polars over a few thousand rows, row by row against Redactor.redact."""

from __future__ import annotations

import polars as pl
import pytest

import phiredact
from phiredact import polars as prp
from conftest import check_rows, oracle_names


@pytest.fixture(scope="module")
def frame(rows: list[dict[str, object]]) -> pl.DataFrame:
    return pl.DataFrame(
        rows,
        schema={
            "id": pl.Int64,
            "body": pl.String,
            "subject": pl.String,
            "patient": pl.String,
            "names": pl.List(pl.String),
        },
    )


def test_redact_column(redactor: phiredact.Redactor, rows, frame: pl.DataFrame) -> None:
    out = frame.with_columns(prp.redact("body", redactor))
    assert out.columns == frame.columns and out["id"].to_list() == frame["id"].to_list()
    check_rows(redactor, rows, out["body"].to_list(), "body", None)


@pytest.mark.parametrize("names_col", ["patient", "names"])
def test_redact_with_known_names(redactor: phiredact.Redactor, rows, frame: pl.DataFrame, names_col: str) -> None:
    out = frame.lazy().with_columns(
        prp.redact(pl.col("body"), redactor, known_names=pl.col(names_col), threads=2).alias("red")
    ).collect()
    check_rows(redactor, rows, out["red"].to_list(), "body", names_col)
    # The names matter on this data: some rows differ from a redaction without them.
    plain = frame.select(prp.redact("body", redactor))["body"].to_list()
    assert plain != out["red"].to_list()


def test_streaming_engine_slices(redactor: phiredact.Redactor, rows, frame: pl.DataFrame) -> None:
    out = frame.lazy().select(prp.redact("subject", redactor, known_names="patient")).collect(engine="streaming")
    check_rows(redactor, rows, out["subject"].to_list(), "subject", "patient")


def test_find(redactor: phiredact.Redactor, rows, frame: pl.DataFrame) -> None:
    out = frame.select(prp.find("body", redactor, known_names="names").alias("f"))
    assert out.schema["f"] == prp.findings_dtype()
    for row, got in zip(rows, out["f"].to_list()):
        if row["body"] is None:
            assert got is None
            continue
        want = redactor.find(row["body"], known_names=oracle_names(row["names"]))  # type: ignore[arg-type]
        assert [(g["start"], g["end"], g["label"], g["rule"]) for g in got] == [
            (f.start, f.end, f.label, f.rule) for f in want
        ]


def test_bad_names_column_fails_without_values(redactor: phiredact.Redactor) -> None:
    df = pl.DataFrame({"body": ["Maria Lopez SSN 123-45-6789"], "n": [7]})
    with pytest.raises(Exception) as info:
        df.select(prp.redact("body", redactor, known_names="n"))
    assert "Maria" not in str(info.value) and "6789" not in str(info.value)
