"""The README's Dask recipe (map_partitions with a pickled redactor), run on processes."""

from __future__ import annotations

import dask
import dask.dataframe as dd
import pandas as pd

import phiredact
from conftest import check_rows


# The recipe, as in the README's "Scaling out" section.
def redact_partition(pdf: pd.DataFrame, redactor: phiredact.Redactor) -> pd.DataFrame:
    body = pdf["body"]
    present = body.notna()
    names = [[n] if isinstance(n, str) and n.strip() else None for n in pdf.loc[present, "patient"]]
    out = body.copy()
    out[present] = redactor.redact_many(body[present].tolist(), known_names=names, threads=1)
    return pdf.assign(body=out)


def test_dask_map_partitions(redactor: phiredact.Redactor, rows) -> None:
    pdf = pd.DataFrame(rows)[["id", "body", "patient"]]
    ddf = dd.from_pandas(pdf, npartitions=4)
    out = ddf.map_partitions(redact_partition, redactor, meta=ddf._meta)
    # Worker processes: the redactor crosses a process boundary by pickle.
    with dask.config.set(scheduler="processes", num_workers=2):
        got = out.compute()
    assert got["id"].tolist() == pdf["id"].tolist()
    body = [None if pd.isna(v) else v for v in got["body"]]
    check_rows(redactor, rows, body, "body", "patient")
