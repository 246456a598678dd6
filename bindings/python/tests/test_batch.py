"""The batch API with per-text known names: redact_many and find_many (issue 12)."""

import pytest

import phiredact
from conftest import CLEAN_TEXTS, PHI_TEXTS

FIRST = ["Maria", "Tomasz", "Aiyana", "Ngozi", "Søren", "Quillon"]
LAST = ["Lopez", "Wrzesniewski", "Tsosie", "Okonkwo", "Kierkegaard", "Vantablack"]


def batch(n: int) -> tuple[list[str], list[list[str] | None]]:
    """Texts mentioning a patient, and each text's known names (None for every fifth)."""
    texts: list[str] = []
    names: list[list[str] | None] = []
    for i in range(n):
        first, last = FIRST[i % len(FIRST)], LAST[(i // 2) % len(LAST)]
        body = PHI_TEXTS[i % len(PHI_TEXTS)] if i % 3 else CLEAN_TEXTS[i % len(CLEAN_TEXTS)]
        texts.append(f"{last.upper()}, {first} #{i}: {body}")
        names.append(None if i % 5 == 0 else [f"{first} {last}"])
    return texts, names


def test_redact_many_known_names_matches_redact(redactor: phiredact.Redactor) -> None:
    texts, names = batch(3000)  # ~250 KB: split over threads
    want = [redactor.redact(t, known_names=n) for t, n in zip(texts, names)]
    # The names matter: with them, rarer surnames are redacted that are not without them.
    assert want != [redactor.redact(t) for t in texts]
    for threads in (None, 1, 2, 5):
        assert redactor.redact_many(texts, known_names=names, threads=threads) == want
    # Any iterable of names per item; any iterable for the whole.
    tuples = [tuple(n) if n is not None else None for n in names]
    assert redactor.redact_many(texts, known_names=iter(tuples)) == want
    assert redactor.redact_many([t.encode() for t in texts[:50]], known_names=names[:50]) == want[:50]
    # None, or all items None, is the same as no names.
    plain = redactor.redact_many(texts)
    assert redactor.redact_many(texts, known_names=None) == plain
    assert redactor.redact_many(texts, known_names=[None] * len(texts)) == plain


def test_names_are_per_text(redactor: phiredact.Redactor) -> None:
    texts = ["Quillon Vantablack called", "Quillon Vantablack called"]
    out = redactor.redact_many(texts, known_names=[["Quillon Vantablack"], None])
    assert out[0] == "[NAME] called"
    assert out[1] == redactor.redact(texts[1])


def test_find_many_matches_find(redactor: phiredact.Redactor) -> None:
    texts, names = batch(3000)
    want = [redactor.find(t, known_names=n) for t, n in zip(texts, names)]
    assert sum(map(len, want)) > len(texts)
    for threads in (None, 1, 2):
        assert redactor.find_many(texts, known_names=names, threads=threads) == want
    assert redactor.find_many(texts) == [redactor.find(t) for t in texts]
    assert redactor.find_many([]) == []
    # bytes: offsets into the lossy decoding, as find() gives
    data = [b"SSN 123-45-6789 \xff", "Pt José SSN 123-45-6789".encode()]
    assert redactor.find_many(data) == [redactor.find(d) for d in data]


def test_length_mismatch_is_an_input_error(redactor: phiredact.Redactor) -> None:
    for method in (redactor.redact_many, redactor.find_many):
        with pytest.raises(phiredact.InputError, match="known_names has 1 items but texts has 2"):
            method(["a", "b"], known_names=[["Maria Lopez"]])
        with pytest.raises(ValueError, match="known_names has 3 items but texts has 2"):
            method(["a", "b"], known_names=iter([None, None, ["Maria Lopez"]]))


def test_bad_known_names_never_echo_values(redactor: phiredact.Redactor) -> None:
    secret = "Maria Lopez"
    cases = [
        (secret, "known_names must be a sequence"),
        ([secret, None], r"known_names\[0\] must be an iterable of str, not a single str"),
        ([None, [secret, 7]], r"known_names\[1\]\[1\] must be str, not int"),
        ([None, [" "]], r"known_names\[1\]\[0\]: empty name"),
        ([[secret + "\ud800"], None], r"known_names\[0\]\[0\] is not valid Unicode"),
        (5, "known_names must be a sequence"),
    ]
    for bad, message in cases:
        for method in (redactor.redact_many, redactor.find_many):
            with pytest.raises(phiredact.InputError, match=message) as info:
                method([secret, secret], known_names=bad)  # type: ignore[arg-type]
            text = f"{info.value} {info.value!r}"
            assert "Maria" not in text and "Lopez" not in text, text
