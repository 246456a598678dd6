"""Redact or scan a string column of a Polars DataFrame or LazyFrame (issue 12).

>>> import polars as pl, phiredact                                  # doctest: +SKIP
>>> from phiredact import polars as prp                            # doctest: +SKIP
>>> df.with_columns(prp.redact("body", r, known_names="patient_name"))  # doctest: +SKIP

Both helpers return a ``pl.Expr`` built on ``map_batches`` and marked element-wise, so
Polars may run it on slices of the column (streaming engine, parallel chunks): each slice
is one native ``redact_many`` / ``find_many`` call with the GIL released. Nulls stay null.

`known_names` is a column name or an expression giving, per row, a name (String), a list
of names (List(String)) or null; blank names are ignored. The result keeps the name of
the text expression. Polars is imported when a helper is called.
"""

from __future__ import annotations

import importlib
from typing import Any

from phiredact._batch import find_values, redact_values
from phiredact._native import Redactor

# Polars is optional, so its types are spelled Any here: `_Expr` is a polars.Expr.
_Expr = Any

__all__ = ["find", "findings_dtype", "redact"]

_NAMES_FIELD = "__phiredact_known_names"


def _pl() -> Any:
    try:
        return importlib.import_module("polars")
    except ImportError as e:
        raise ImportError("phiredact.polars needs polars (pip install polars)") from e


def _expr(e: str | _Expr) -> _Expr:
    return _pl().col(e) if isinstance(e, str) else e


def findings_dtype() -> Any:
    """``List(Struct(start: Int32, end: Int32, label: String, rule: String))``: code point
    offsets into the text, never the text itself."""
    pl = _pl()
    return pl.List(
        pl.Struct({"start": pl.Int32, "end": pl.Int32, "label": pl.String, "rule": pl.String})
    )


def _apply(
    text: str | _Expr,
    known_names: str | _Expr | None,
    column_fn: Any,
    return_dtype: Any,
) -> _Expr:
    pl = _pl()
    expr = _expr(text)
    if known_names is None:

        def one(s: Any) -> Any:
            return pl.Series(s.name, column_fn(s.to_list(), None), dtype=return_dtype)

        return expr.map_batches(one, return_dtype=return_dtype, is_elementwise=True)

    def two(s: Any) -> Any:
        texts, names = s.struct.field(s.struct.fields[0]), s.struct.field(_NAMES_FIELD)
        return pl.Series(s.name, column_fn(texts.to_list(), names.to_list()), dtype=return_dtype)

    # A struct of (text, names) keeps the text's name: the first field names the struct.
    both = pl.struct(expr, _expr(known_names).alias(_NAMES_FIELD))
    return both.map_batches(two, return_dtype=return_dtype, is_elementwise=True)


def redact(
    text: str | _Expr,
    redactor: Redactor,
    *,
    known_names: str | _Expr | None = None,
    threads: int | None = None,
) -> _Expr:
    """An expression: `text` (a String column name or expression) redacted by `redactor`,
    with each row's `known_names` when given; nulls stay null. `threads` per call
    defaults to every core."""

    def column(values: list[str | None], names: list[Any] | None) -> list[str | None]:
        return redact_values(redactor, values, names, threads)

    return _apply(text, known_names, column, _pl().String)


def find(
    text: str | _Expr,
    redactor: Redactor,
    *,
    known_names: str | _Expr | None = None,
    threads: int | None = None,
) -> _Expr:
    """An expression: the findings of `text` as ``findings_dtype()`` (null for a null text)."""

    def column(values: list[str | None], names: list[Any] | None) -> list[Any]:
        found = find_values(redactor, values, names, threads)
        return [
            None
            if fs is None
            else [{"start": f.start, "end": f.end, "label": f.label, "rule": f.rule} for f in fs]
            for fs in found
        ]

    return _apply(text, known_names, column, findings_dtype())
