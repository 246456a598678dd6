"""Column helpers shared by phiredact.spark and phiredact.polars (no third-party imports).

A column arrives as a list of values, some of them None (SQL NULL), with an optional
known-names column beside it. Only the present values go to the native batch methods, so
nulls stay null and cost nothing; the results are put back at their rows.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from phiredact._errors import InputError
from phiredact._native import Finding, Redactor

# Arrow/Spark shape of a findings value: offsets are str (code point) indices.
FINDING_FIELDS = ("start", "end", "label", "rule")


def row_names(value: Any) -> list[str] | None:
    """One row's known names: None, a single name (str), or a list of names.

    Blank names and null list items are dropped (a blank cell means "no name", not an
    error), so a row of only blanks has no names at all.
    """
    if value is None:
        return None
    if isinstance(value, str):
        return [value] if value.strip() else None
    if isinstance(value, (list, tuple)):
        if not all(n is None or isinstance(n, str) for n in value):
            # Never the value itself: it is PHI.
            raise InputError("a known-names list may hold only str (or null) items")
        return [n for n in value if n is not None and n.strip()] or None
    raise InputError(
        f"a known-names value must be a str or a list of str, not {type(value).__name__}"
    )


def _present(
    values: Sequence[str | None], names: Sequence[Any] | None
) -> tuple[list[int] | None, list[str], list[list[str] | None] | None]:
    """The rows to scan (None: all of them), their texts and their known names."""
    rows = None if all(v is not None for v in values) else [
        i for i, v in enumerate(values) if v is not None
    ]
    texts = [v for v in values if v is not None]
    if names is None:
        return rows, texts, None
    if len(names) != len(values):
        raise InputError("the known-names column and the text column differ in length")
    per_row = [row_names(n) for n in names] if rows is None else [row_names(names[i]) for i in rows]
    return rows, texts, per_row if any(n is not None for n in per_row) else None


def redact_values(
    redactor: Redactor,
    values: Sequence[str | None],
    names: Sequence[Any] | None = None,
    threads: int | None = None,
) -> list[str | None]:
    """``redactor.redact`` of every non-null value (with its row's names); nulls stay None."""
    rows, texts, per_row = _present(values, names)
    out = redactor.redact_many(texts, known_names=per_row, threads=threads)
    if rows is None:
        return list(out)
    full: list[str | None] = [None] * len(values)
    for i, o in zip(rows, out):
        full[i] = o
    return full


def find_values(
    redactor: Redactor,
    values: Sequence[str | None],
    names: Sequence[Any] | None = None,
    threads: int | None = None,
) -> list[list[Finding] | None]:
    """``redactor.find`` of every non-null value (with its row's names); nulls stay None."""
    rows, texts, per_row = _present(values, names)
    out = redactor.find_many(texts, known_names=per_row, threads=threads)
    if rows is None:
        return list(out)
    full: list[list[Finding] | None] = [None] * len(values)
    for i, o in zip(rows, out):
        full[i] = o
    return full
