"""One redactor shared by threads, pickled to processes, used after fork."""

import multiprocessing
import os
import pickle
import sys
import threading
import time

import pytest

import phiredact
from conftest import PHI_TEXTS


def test_threads_share_one_redactor(redactor: phiredact.Redactor) -> None:
    texts = [f"{t} #{i}" for i in range(200) for t in PHI_TEXTS]
    want = [redactor.redact(t) for t in texts]
    errors: list[BaseException] = []
    barrier = threading.Barrier(8)

    def work() -> None:
        try:
            barrier.wait()
            for _ in range(3):
                assert [redactor.redact(t) for t in texts[:200]] == want[:200]
                assert redactor.redact_many(texts, threads=2) == want
                assert len(redactor.find(texts[0])) == len(redactor.find(texts[0]))
        except BaseException as e:  # noqa: BLE001
            errors.append(e)

    threads = [threading.Thread(target=work) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []


def test_pickle_round_trip() -> None:
    r = phiredact.Redactor(
        {"labels": {"SSN": {"action": "mask"}}}, known_names=["Maria Lopez"], labels=["SSN", "NAME"]
    )
    r2 = pickle.loads(pickle.dumps(r))
    assert type(r2) is phiredact.Redactor
    assert r2.labels == r.labels
    assert r2.policy_json() == r.policy_json()
    text = "Maria Lopez SSN 123-45-6789 (555) 123-4567"
    assert r2.redact(text) == r.redact(text) == "[NAME] SSN ***-**-**** (555) 123-4567"


def _redact_in_child(args: tuple[phiredact.Redactor, list[str]]) -> list[str]:
    r, texts = args
    return r.redact_many(texts, threads=2)


@pytest.mark.parametrize("method", ["spawn", "fork"])
def test_multiprocessing(redactor: phiredact.Redactor, method: str) -> None:
    if method == "fork" and sys.platform != "linux":
        pytest.skip("fork is only the default on Linux")
    texts = PHI_TEXTS * 2000  # large enough to run on two threads in the child
    # Run a parallel batch in the parent first: a global thread pool would be left without
    # its workers in a forked child and hang there.
    want = redactor.redact_many(texts, threads=2)
    ctx = multiprocessing.get_context(method)
    with ctx.Pool(2) as pool:
        got = pool.map(_redact_in_child, [(redactor, texts)] * 2, chunksize=1)
    assert got == [want, want]


@pytest.mark.skipif(not hasattr(os, "fork"), reason="needs os.fork")
def test_bare_fork_after_parallel_batch(redactor: phiredact.Redactor) -> None:
    texts = PHI_TEXTS * 2000
    want = redactor.redact_many(texts, threads=2)
    r, w = os.pipe()
    pid = os.fork()
    if pid == 0:  # child
        ok = redactor.redact_many(texts, threads=2) == want
        os.write(w, b"1" if ok else b"0")
        os._exit(0)
    os.close(w)
    assert os.read(r, 1) == b"1"
    os.waitpid(pid, 0)
    os.close(r)



def test_long_calls_release_the_gil(redactor: phiredact.Redactor) -> None:
    """While a long native call runs in one thread, Python keeps running in another.

    The main thread spins and notes which 50 ms buckets of the call it ran in. Were the
    GIL held, it could run in at most the one switch interval before the call starts.
    """
    big = "\n".join(PHI_TEXTS * 8000)  # ~1.5 MB: calls of a second or so
    for name, call in (
        ("redact", lambda: redactor.redact(big)),
        ("find", lambda: redactor.find(big)),
        ("redact_many", lambda: redactor.redact_many([big[:2000]] * 800, threads=1)),
    ):
        span: list[float] = []

        def work(call=call) -> None:  # type: ignore[no-untyped-def]
            span.append(time.perf_counter())
            call()
            span.append(time.perf_counter())

        ran: set[int] = set()
        t = threading.Thread(target=work)
        t.start()
        while t.is_alive():
            ran.add(int(time.perf_counter() / 0.05))
        t.join()
        t0, t1 = span
        inside = set(range(int(t0 / 0.05) + 1, int(t1 / 0.05)))
        assert len(ran & inside) >= len(inside) // 2, (name, len(ran & inside), len(inside))
