"""Shared data for the scale-out tests: seeded telehealth rows with per-row patient names."""

from __future__ import annotations

import random

import pytest

import phiredact

FIRST = ["Maria", "Tomasz", "Aiyana", "Ngozi", "Søren", "Quillon", "Wei", "Chloé"]
LAST = ["Lopez", "Wrzesniewski", "Tsosie", "Okonkwo", "Kierkegaard", "Vantablack", "Zhang"]
CLINICAL = [
    "BP 128/82, HR 74. Continue lisinopril 10 mg daily.",
    "Rash improving with hydrocortisone; no fever.",
    "A1c 7.2%, up from 6.9%. Discussed diet and metformin.",
    "Knee pain 4/10 after PT, ice and ibuprofen PRN.",
    "No new symptoms. Follow up in 2 weeks. 🙂",
]
ROWS = 4000


def _message(rng: random.Random, first: str, last: str) -> str:
    parts = [rng.choice(CLINICAL)]
    if rng.random() < 0.6:
        parts.append(rng.choice([f"Pt {first} {last} called.", f"{last.upper()}, {first.upper()} msg:"]))
    if rng.random() < 0.4:
        parts.append(f"Call back at ({rng.randint(201, 989)}) {rng.randint(200, 999)}-{rng.randint(1000, 9999)}.")
    if rng.random() < 0.3:
        parts.append(f"SSN {rng.randint(100, 665)}-{rng.randint(10, 99)}-{rng.randint(1000, 9999)}")
    if rng.random() < 0.4:
        parts.append(f"DOB {rng.randint(1, 12):02d}/{rng.randint(1, 28):02d}/{rng.randint(1930, 2010)}")
    rng.shuffle(parts)
    return " ".join(parts)


def make_rows(n: int = ROWS, seed: int = 12) -> list[dict[str, object]]:
    """Rows of id, body (10% null), subject (short, 30% null) and the patient's name: a
    str (or null, or blank) in `patient`, a list of names (or null) in `names`."""
    rng = random.Random(seed)
    rows = []
    for i in range(n):
        first, last = rng.choice(FIRST), rng.choice(LAST)
        r = rng.random()
        patient: str | None = f"{first} {last}" if r < 0.7 else (None if r < 0.9 else " ")
        names = None if rng.random() < 0.2 else [f"{first} {last}", rng.choice(FIRST) + " " + rng.choice(LAST)]
        rows.append(
            {
                "id": i,
                "body": None if rng.random() < 0.1 else _message(rng, first, last),
                "subject": None if rng.random() < 0.3 else f"Re: visit for {first} on 03/0{i % 9 + 1}/2024",
                "patient": patient,
                "names": names,
            }
        )
    return rows


def oracle_names(value: object) -> list[str] | None:
    """The known names a row's value means: blank and null names are none."""
    if value is None:
        return None
    vals = [value] if isinstance(value, str) else list(value)  # type: ignore[call-overload]
    names = [v for v in vals if v is not None and v.strip()]
    return names or None


@pytest.fixture(scope="session")
def rows() -> list[dict[str, object]]:
    return make_rows()


@pytest.fixture(scope="session")
def redactor() -> phiredact.Redactor:
    return phiredact.Redactor()


def check_rows(
    redactor: phiredact.Redactor,
    rows: list[dict[str, object]],
    got: list[str | None],
    column: str,
    names_col: str | None,
) -> None:
    """Every row's output equals Redactor.redact of that row (with its names)."""
    assert len(got) == len(rows)
    changed = 0
    for row, out in zip(rows, got):
        text = row[column]
        if text is None:
            assert out is None, row["id"]
            continue
        names = oracle_names(row[names_col]) if names_col else None
        want = redactor.redact(text, known_names=names)  # type: ignore[arg-type]
        assert out == want, row["id"]
        changed += want != text
    # The data really has identifiers: most rows change.
    assert changed > len(rows) // 2
