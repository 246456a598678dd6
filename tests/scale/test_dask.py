"""The README's Dask recipe (map_partitions with a pickled redactor), run on processes.

The recipe is taken from the "Scaling out" section of the top-level README.md and
executed as written, so the documented code is the tested code.
"""

from __future__ import annotations

import pathlib
import re

import dask
import dask.dataframe as dd
import pandas as pd

import phiredact
from conftest import check_rows

README = pathlib.Path(__file__).resolve().parents[2] / "README.md"


def readme_recipe() -> str:
    text = README.read_text()
    m = re.search(r"\*\*Dask\*\*.*?```py\n(.*?)```", text, flags=re.S)
    assert m, "no Dask recipe in README.md"
    return m.group(1)


def test_dask_map_partitions(redactor: phiredact.Redactor, rows) -> None:
    pdf = pd.DataFrame(rows)[["id", "body", "patient"]].rename(columns={"patient": "patient_name"})
    ddf = dd.from_pandas(pdf, npartitions=4)
    env: dict[str, object] = {"ddf": ddf, "redactor": redactor}
    exec(compile(readme_recipe(), str(README), "exec"), env)
    clean = env["clean"]
    # Worker processes: the redactor crosses a process boundary by pickle.
    with dask.config.set(scheduler="processes", num_workers=2):
        got = clean.compute()  # type: ignore[attr-defined]
    assert got["id"].tolist() == pdf["id"].tolist()
    body = [None if pd.isna(v) else v for v in got["body"]]
    check_rows(redactor, rows, body, "body", "patient")
