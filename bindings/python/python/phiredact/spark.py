"""Redact or scan string columns of a PySpark DataFrame (issue 12).

>>> from phiredact.spark import redact_columns, find_column       # doctest: +SKIP
>>> out = redact_columns(df, phiredact.Redactor(), ["body", "subject"],
...                      known_names_col="patient_name")            # doctest: +SKIP

How it runs: each helper is one ``DataFrame.mapInArrow`` stage, a narrow transformation,
so partitioning and the order of rows within each partition are kept and nothing is
shuffled. The redactor travels inside the task closure as its pickle (its policy
document, known names included: treat the plan as PHI), and each Python worker process
builds it once and keeps it in a module-level cache keyed by those bytes; Spark reuses
Python workers between tasks (``spark.python.worker.reuse``, on by default), so a
redactor is built once per executor process, not once per task or batch. Every Arrow
batch (``spark.sql.execution.arrow.maxRecordsPerBatch`` rows, 10 000 by default) goes to
``redact_many`` / ``find_many`` in one native call with the GIL released.

Threads: Spark already runs one task per core, so each task scans on
``spark.task.cpus`` threads (1 unless configured) rather than on every core.

Nulls stay null. A failure in a task (for example a known-names value of the wrong type)
fails the task: no unscanned text is written in its place. Error messages name columns
and types, never values.

PySpark and pyarrow are imported when a helper is called, not when this module is
imported, so ``import phiredact.spark`` works without them.
"""

from __future__ import annotations

import functools
import importlib
import pickle
import threading
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from phiredact._batch import FINDING_FIELDS, find_values, redact_values
from phiredact._errors import InputError, PolicyError
from phiredact._native import Finding, Redactor

# PySpark and pyarrow are optional, so their types are spelled Any here (names for the
# reader: a pyspark.sql.DataFrame, a pyspark.sql.types.DataType, pyarrow objects).
_DataFrame = Any
_DataType = Any
_RecordBatch = Any

__all__ = ["find_column", "findings_type", "redact_columns"]

# Redactors built in this process, by their pickle: a job uses a handful of policies, so
# a full cache is simply emptied (rebuilding a redactor costs milliseconds).
_CACHE: dict[bytes, Redactor] = {}
_CACHE_MAX = 16
_CACHE_LOCK = threading.Lock()


def _import(name: str) -> Any:
    """Imports an optional dependency when a helper runs (typed Any: it may be missing)."""
    try:
        return importlib.import_module(name)
    except ImportError as e:
        raise ImportError(f"phiredact.spark needs {name} (pip install pyspark pyarrow)") from e


def _redactor(blob: bytes) -> Redactor:
    r = _CACHE.get(blob)
    if r is None:
        with _CACHE_LOCK:
            r = _CACHE.get(blob)
            if r is None:
                r = pickle.loads(blob)
                if not isinstance(r, Redactor):
                    raise InputError("the shipped redactor did not unpickle to a Redactor")
                if len(_CACHE) >= _CACHE_MAX:
                    _CACHE.clear()
                _CACHE[blob] = r
    return r


def _ship(redactor: Redactor) -> bytes:
    """The redactor's pickle, checked on the driver: a policy with an inline `key` does not
    pickle (the key is kept out of the document), and it is better to say so here than in
    every task. Use `key_env`, with the variable set on the executors too
    (``spark.executorEnv.NAME``)."""
    if not isinstance(redactor, Redactor):
        raise InputError(f"redactor must be a phiredact.Redactor, not {type(redactor).__name__}")
    blob = pickle.dumps(redactor)
    try:
        pickle.loads(blob)
    except PolicyError as e:
        raise PolicyError(
            f"this redactor cannot be sent to executors ({e}); for keyed actions use key_env "
            "and set the variable on the executors (spark.executorEnv.NAME)"
        ) from None
    return blob


def findings_type() -> _DataType:
    """The Spark type of a findings column:
    ``array<struct<start:int,end:int,label:string,rule:string>>``.

    Offsets are code point indices into the text (0-based, end exclusive), as
    ``Redactor.find`` gives them; Spark's ``substring`` counts characters from 1.
    """
    t = _import("pyspark.sql.types")
    return t.ArrayType(
        t.StructType(
            [
                t.StructField("start", t.IntegerType(), False),
                t.StructField("end", t.IntegerType(), False),
                t.StructField("label", t.StringType(), False),
                t.StructField("rule", t.StringType(), False),
            ]
        ),
        containsNull=False,
    )


def _check_columns(df: _DataFrame, columns: Sequence[str], known_names_col: str | None) -> None:
    types = _import("pyspark.sql.types")
    fields = {f.name: f.dataType for f in df.schema.fields}
    for c in columns:
        if c not in fields:
            raise InputError(f"no column {c!r} in the DataFrame")
        if not isinstance(fields[c], types.StringType):
            raise InputError(f"column {c!r} must be a string column, not {fields[c].simpleString()}")
    if known_names_col is not None:
        t = fields.get(known_names_col)
        if t is None:
            raise InputError(f"no column {known_names_col!r} in the DataFrame")
        ok = isinstance(t, types.StringType) or (
            isinstance(t, types.ArrayType) and isinstance(t.elementType, types.StringType)
        )
        if not ok:
            raise InputError(
                f"known-names column {known_names_col!r} must be string or array<string>, "
                f"not {t.simpleString()}"
            )


def _check_threads(threads: int | None) -> None:
    if threads is not None and (not isinstance(threads, int) or threads < 1):
        raise InputError("threads must be None or an int of at least 1")


def _threads(threads: int | None) -> int:
    if threads is not None:
        return threads
    ctx = _import("pyspark").TaskContext.get()
    cpus = ctx.cpus() if ctx is not None else 1
    return max(1, int(cpus or 1))


def _with_names(
    batches: Iterable[_RecordBatch], names_col: str | None
) -> Iterator[tuple[_RecordBatch, list[Any] | None]]:
    """Each batch with its rows' known names (`names_col` as a list), or None without one."""
    for batch in batches:
        names = batch.column(names_col).to_pylist() if names_col is not None else None
        yield batch, names


def _redact_batches(
    batches: Iterable[_RecordBatch],
    *,
    blob: bytes,
    columns: Sequence[str],
    outputs: Sequence[str],
    names_col: str | None,
    threads: int | None,
) -> Iterator[_RecordBatch]:
    """Runs in the Python worker: redacts `columns` of each batch into `outputs`."""
    pa = _import("pyarrow")

    redactor = _redactor(blob)
    n_threads = _threads(threads)
    for batch, names in _with_names(batches, names_col):
        arrays = list(batch.columns)
        schema_names = list(batch.schema.names)
        for col, out in zip(columns, outputs):
            src = batch.column(col)
            red = redact_values(redactor, src.to_pylist(), names, n_threads)
            arr = pa.array(red, type=src.type)
            if out in schema_names:
                arrays[schema_names.index(out)] = arr
            else:
                arrays.append(arr)
                schema_names.append(out)
        yield pa.RecordBatch.from_arrays(arrays, names=schema_names)


def _findings_array(found: list[list[Finding] | None], string_type: Any) -> Any:
    """A ``list<struct<...>>`` Arrow array built from flat columns (no per-finding dicts)."""
    pa = _import("pyarrow")

    offsets = [0]
    starts: list[int] = []
    ends: list[int] = []
    labels: list[str] = []
    rules: list[str] = []
    for fs in found:
        for f in fs or ():
            starts.append(f.start)
            ends.append(f.end)
            labels.append(f.label)
            rules.append(f.rule)
        offsets.append(len(starts))
    values = pa.StructArray.from_arrays(
        [
            pa.array(starts, pa.int32()),
            pa.array(ends, pa.int32()),
            pa.array(labels, string_type),
            pa.array(rules, string_type),
        ],
        names=list(FINDING_FIELDS),
    )
    mask = pa.array([fs is None for fs in found], pa.bool_())
    return pa.ListArray.from_arrays(pa.array(offsets, pa.int32()), values, mask=mask)


def _find_batches(
    batches: Iterable[_RecordBatch],
    *,
    blob: bytes,
    column: str,
    out_col: str,
    names_col: str | None,
    threads: int | None,
) -> Iterator[_RecordBatch]:
    """Runs in the Python worker: appends the findings of `column` as `out_col`."""
    pa = _import("pyarrow")

    redactor = _redactor(blob)
    n_threads = _threads(threads)
    for batch, names in _with_names(batches, names_col):
        src = batch.column(column)
        found = find_values(redactor, src.to_pylist(), names, n_threads)
        # Strings as Spark sends them (large_string under useLargeVarTypes).
        findings = _findings_array(found, src.type)
        yield pa.RecordBatch.from_arrays(
            [*batch.columns, findings], names=[*batch.schema.names, out_col]
        )


def redact_columns(
    df: _DataFrame,
    redactor: Redactor,
    columns: str | Sequence[str],
    *,
    known_names_col: str | None = None,
    suffix: str | None = None,
    threads: int | None = None,
) -> _DataFrame:
    """Redacts the string `columns` of `df` with `redactor`.

    Without `suffix` each column is replaced by its redaction (same name, same place);
    with one, the redactions are appended as ``column + suffix`` and the originals kept.
    `known_names_col` names a string or array<string> column holding each row's known
    names (for example the patient's name), passed to the redactor for that row only;
    null or blank names are ignored. Nulls stay null; partitioning and row order are kept.
    `threads` per task defaults to ``spark.task.cpus``.
    """
    t = _import("pyspark.sql.types")
    cols = [columns] if isinstance(columns, str) else list(columns)
    if not cols:
        raise InputError("columns must name at least one column")
    if len(set(cols)) != len(cols):
        raise InputError("columns must not repeat a column")
    _check_columns(df, cols, known_names_col)
    _check_threads(threads)
    outputs = cols if suffix is None else [c + suffix for c in cols]
    if suffix is not None:
        if not suffix:
            raise InputError("suffix must not be empty (pass None to overwrite in place)")
        clash = [o for o in outputs if o in df.columns]
        if clash:
            raise InputError(f"output column {clash[0]!r} already exists")
    fields = list(df.schema.fields)
    if suffix is not None:
        fields += [t.StructField(o, t.StringType(), True) for o in outputs]
    schema = t.StructType(fields)
    func = functools.partial(
        _redact_batches,
        blob=_ship(redactor),
        columns=cols,
        outputs=outputs,
        names_col=known_names_col,
        threads=threads,
    )
    return df.mapInArrow(func, schema)


def find_column(
    df: _DataFrame,
    redactor: Redactor,
    column: str,
    *,
    out_col: str = "findings",
    known_names_col: str | None = None,
    threads: int | None = None,
) -> _DataFrame:
    """Appends `out_col`, the findings of the string `column`, of type `findings_type()`.

    The findings hold offsets, labels and rule names, never text; a null text has null
    findings. `known_names_col` and `threads` as for `redact_columns`.
    """
    t = _import("pyspark.sql.types")
    _check_columns(df, [column], known_names_col)
    _check_threads(threads)
    if out_col in df.columns:
        raise InputError(f"output column {out_col!r} already exists")
    schema = t.StructType([*df.schema.fields, t.StructField(out_col, findings_type(), True)])
    func = functools.partial(
        _find_batches,
        blob=_ship(redactor),
        column=column,
        out_col=out_col,
        names_col=known_names_col,
        threads=threads,
    )
    return df.mapInArrow(func, schema)

