"""Streaming equals one-shot redaction, for every way of cutting the input."""

import random

import pytest

import phiredact
from conftest import CLEAN_TEXTS, PHI_TEXTS

DOC = "\n\n".join(PHI_TEXTS + CLEAN_TEXTS) + "\nMRN: 00123456 😀 José\n"


def stream_bytes(r: phiredact.Redactor, data: bytes, cuts: list[int]) -> str:
    s = r.stream()
    out = []
    at = 0
    for c in cuts:
        out.append(s.write(data[at:c]))
        at = c
    out.append(s.write(data[at:]))
    out.append(s.finish())
    return "".join(out)


def test_every_two_way_cut(redactor: phiredact.Redactor) -> None:
    data = DOC.encode()
    want = redactor.redact(DOC)
    for i in range(len(data) + 1):
        # Many of these cut inside a multi-byte character.
        assert stream_bytes(redactor, data, [i]) == want, i


def test_one_byte_at_a_time(redactor: phiredact.Redactor) -> None:
    data = DOC.encode()
    assert stream_bytes(redactor, data, list(range(1, len(data)))) == redactor.redact(DOC)


@pytest.mark.parametrize("seed", range(20))
def test_random_chunkings(redactor: phiredact.Redactor, seed: int) -> None:
    rng = random.Random(seed)
    text = "\n".join(rng.choice(PHI_TEXTS + CLEAN_TEXTS) for _ in range(30))
    data = text.encode()
    cuts = sorted(rng.sample(range(len(data) + 1), k=min(len(data), rng.randint(1, 60))))
    assert stream_bytes(redactor, data, cuts) == redactor.redact(text)


@pytest.mark.parametrize("seed", range(5))
def test_random_str_chunks(redactor: phiredact.Redactor, seed: int) -> None:
    rng = random.Random(seed)
    s = redactor.stream()
    out, at = [], 0
    while at < len(DOC):
        n = rng.randint(0, 9)
        out.append(s.write(DOC[at : at + n]))
        at += n
    out.append(s.finish())
    assert "".join(out) == redactor.redact(DOC)


def test_stream_known_names_and_stats(redactor: phiredact.Redactor) -> None:
    s = redactor.stream(known_names=["Maria Lopez"])
    out = s.write("LOPEZ, MA") + s.write(b"RIA called\n") + s.finish()
    assert out == "[NAME] called\n"
    st = s.stats
    assert (st.bytes_in, st.bytes_out, st.findings) == (20, 14, 1)


def test_stream_after_finish(redactor: phiredact.Redactor) -> None:
    s = redactor.stream()
    s.write("x")
    s.finish()
    with pytest.raises(phiredact.StreamError):
        s.write("y")
    with pytest.raises(phiredact.StreamError):
        s.finish()
