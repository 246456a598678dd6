"""Offsets are str indices (code points), checked against Python slicing."""

import pytest

import phiredact

PREFIXES = ["", "é", "😀", "中文", "e\u0301", "👩‍⚕️ ", "Ünïcödé ", "🏳️‍🌈中é😀 "]
CORES = [
    ("SSN 123-45-6789", "123-45-6789", "SSN"),
    ("call (555) 123-4567", "(555) 123-4567", "PHONE"),
    ("mail maria.lopez@example.org", "maria.lopez@example.org", "EMAIL"),
]


@pytest.mark.parametrize("prefix", PREFIXES)
@pytest.mark.parametrize(("core", "span", "label"), CORES)
def test_offsets_match_slicing(
    redactor: phiredact.Redactor, prefix: str, core: str, span: str, label: str
) -> None:
    text = f"{prefix}{core} {prefix}"
    (f,) = redactor.find(text)
    assert text[f.start : f.end] == span
    assert f.label == label


def test_many_findings_after_non_ascii(redactor: phiredact.Redactor) -> None:
    parts = []
    for i in range(40):
        parts.append(f"{'😀é中' * (i % 4)} SSN 123-45-{6000 + i} ")
    text = "\n".join(parts)
    found = redactor.find(text)
    assert len(found) == 40
    for i, f in enumerate(found):
        assert text[f.start : f.end] == f"123-45-{6000 + i}"
    # Replacing the spans from the back, in Python, gives the native redaction.
    out = text
    for f in reversed(found):
        out = out[: f.start] + f"[{f.label}]" + out[f.end :]
    assert out == redactor.redact(text)


def test_known_name_offsets_with_accents(redactor: phiredact.Redactor) -> None:
    text = "😀 José Álvarez was seen; ÁLVAREZ, JOSÉ signed"
    found = redactor.find(text, known_names=["José Álvarez"])
    spans = [text[f.start : f.end] for f in found]
    assert spans[0] == "José Álvarez"
    assert all(f.label == "NAME" for f in found)
