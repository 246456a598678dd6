"""Streaming equals one-shot redaction, for every way of cutting the input."""

import io
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


class CountingSource:
    """A binary file object that serves `total` bytes of notes and checks, as it goes,
    that redacted output has already reached `dst`: the stream does not hold everything."""

    def __init__(self, total: int, dst: "io.BytesIO") -> None:
        unit = "Pt called from (555) 123-4567 about refills.\n\n"
        self.ratio = len(unit.replace("(555) 123-4567", "[PHONE]")) / len(unit)
        self.block = (unit * 200).encode()
        self.left = total
        self.served = 0
        self.dst = dst
        self.max_behind = 0

    def read(self, n: int) -> bytes:
        if self.served > 2 * 1024 * 1024:
            # Output lags input by at most about one segment.
            behind = self.served - self.dst.tell() / self.ratio  # in input bytes
            self.max_behind = max(self.max_behind, int(behind))
        chunk = self.block[: min(n, self.left, len(self.block))]
        self.left -= len(chunk)
        self.served += len(chunk)
        return chunk


def test_redact_stream_is_incremental(redactor: phiredact.Redactor) -> None:
    dst = io.BytesIO()
    src = CountingSource(8 * 1024 * 1024, dst)
    stats = redactor.redact_stream(src, dst)
    assert stats.bytes_in == 8 * 1024 * 1024
    assert 0 < src.max_behind < 512 * 1024
    assert b"123-4567" not in dst.getvalue()
