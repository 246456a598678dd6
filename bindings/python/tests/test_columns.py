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


def test_spark_ships_only_what_unpickles(monkeypatch: pytest.MonkeyPatch) -> None:
    import pickle

    from phiredact.spark import _redactor, _ship

    policy = {"labels": {"NAME": {"action": "pseudonym"}}}
    # An inline key is kept out of the pickle: refused on the driver, key not echoed.
    with pytest.raises(phiredact.PolicyError, match="key_env") as info:
        _ship(phiredact.Redactor({**policy, "key": "k3y-" * 8}))
    assert "k3y" not in str(info.value)
    with pytest.raises(phiredact.InputError, match="must be a phiredact.Redactor"):
        _ship("not a redactor")  # type: ignore[arg-type]
    # key_env travels as the variable's name; the worker side builds it once per process.
    monkeypatch.setenv("PHIREDACT_TEST_KEY", "k3y-" * 8)
    r = phiredact.Redactor({**policy, "key_env": "PHIREDACT_TEST_KEY"})
    blob = _ship(r)
    assert b"k3y" not in blob
    built = _redactor(blob)
    assert _redactor(pickle.dumps(r)) is built
    assert built.redact("Maria Lopez called") == r.redact("Maria Lopez called") != "Maria Lopez called"
