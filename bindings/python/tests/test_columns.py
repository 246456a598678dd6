"""The column helpers under phiredact.spark and phiredact.polars, without Spark or Polars
(tests/scale runs them on the real engines)."""

import subprocess
import sys

import pytest

import phiredact
from phiredact._batch import find_values, redact_values, row_names


def test_nulls_stay_null_and_rows_keep_their_names(redactor: phiredact.Redactor) -> None:
    values = ["Quillon Vantablack SSN 123-45-6789", None, "Quillon Vantablack called", None]
    names = ["Quillon Vantablack", "Quillon Vantablack", None, ["Quillon Vantablack"]]
    got = redact_values(redactor, values, names, threads=1)
    assert got == [
        redactor.redact(values[0], known_names=["Quillon Vantablack"]),  # type: ignore[arg-type]
        None,
        redactor.redact(values[2]),  # type: ignore[arg-type]
        None,
    ]
    assert got[0] == "[NAME] SSN [SSN]"
    found = find_values(redactor, values, names)
    assert found[1] is None and found[3] is None
    assert found[0] == redactor.find(values[0], known_names=["Quillon Vantablack"])  # type: ignore[arg-type]
    # No nulls, no names: one plain batch.
    assert redact_values(redactor, ["SSN 123-45-6789"]) == ["SSN [SSN]"]
    assert redact_values(redactor, []) == [] and find_values(redactor, [None]) == [None]


def test_row_names() -> None:
    assert row_names(None) is None
    assert row_names("Maria Lopez") == ["Maria Lopez"]
    assert row_names("  ") is None  # a blank cell is no name, not an error
    assert row_names(["Maria Lopez", None, " ", "Ana Ruiz"]) == ["Maria Lopez", "Ana Ruiz"]
    assert row_names([None, ""]) is None


def test_bad_names_fail_without_the_value(redactor: phiredact.Redactor) -> None:
    for bad in (7, ["Maria Lopez", 7], {"Maria Lopez": 1}):
        with pytest.raises(phiredact.InputError) as info:
            redact_values(redactor, ["Maria Lopez SSN 123-45-6789"], [bad])
        assert "Maria" not in str(info.value), info.value
    with pytest.raises(phiredact.InputError, match="differ in length"):
        redact_values(redactor, ["a", "b"], ["Maria Lopez"])


def test_helper_modules_import_without_their_engines() -> None:
    # In a fresh interpreter: importing them must not import pyspark, pyarrow or polars.
    code = (
        "import sys, phiredact.spark, phiredact.polars\n"
        "assert not {'pyspark', 'pyarrow', 'polars'} & set(sys.modules), sorted(sys.modules)\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)
