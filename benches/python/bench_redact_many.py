#!/usr/bin/env python3
"""Throughput of the Python binding against the Rust core on the same data.

    python benches/python/bench_redact_many.py [--messages 100000] [--repeat 5]

Needs the wheel installed (tests/python/run.sh leaves one in target/py-venv). A seeded
generator makes short telehealth messages, a fifth of them without identifiers. Every
run checks that the planted identifiers were all redacted and nothing else changed, then
prints messages/s and MB/s (UTF-8 input) for:

  core            Redactor::redact in Rust over the same strings (no binding at all)
  redact loop     a Python `for` loop calling Redactor.redact
  redact_many     one call for the whole batch, threads=1 and threads=2

and the binding's overhead over the core (single-threaded) and the 2-thread speed-up.
Each figure is the best of --repeat timed runs after one warm-up run.
"""

from __future__ import annotations

import argparse
import os
import random
import time

import phiredact
from phiredact import _native

FIRST = ["Maria", "James", "Aisha", "Wei", "José", "Olga", "Liam", "Fatima", "Noah", "Chloé"]
LAST = ["Lopez", "Smith", "Khan", "Zhang", "García", "Ivanova", "Murphy", "Haddad", "Brown"]
CLEAN = [
    "Pt reports feeling better today, no new symptoms.",
    "Reminder: take metformin with food, twice daily.",
    "BP stable, continue current plan. Follow up in 2 weeks.",
    "Thanks, I'll upload the photo of the rash tonight 🙂",
    "Lab results are normal; nothing to worry about.",
]


def planted(rng: random.Random) -> tuple[str, str]:
    """A message with one identifier, and the identifier's text."""
    kind = rng.randrange(5)
    if kind == 0:
        v = f"{rng.randint(100, 899)}-{rng.randint(10, 99)}-{rng.randint(1000, 9999)}"
        return f"My SSN is {v}, please update my chart.", v
    if kind == 1:
        v = f"({rng.randint(201, 989)}) {rng.randint(200, 999)}-{rng.randint(1000, 9999)}"
        return f"Call me back at {v} after 5pm.", v
    if kind == 2:
        v = f"{rng.randint(0, 99999999):08d}"
        return f"MRN: {v} — refill request for lisinopril.", v
    if kind == 3:
        # ASCII only: the core's e-mail recognizer does not yet match non-ASCII local
        # parts such as "josé.garcía@example.org" (reported with issue 6).
        name = f"{rng.choice(FIRST)}.{rng.choice(LAST)}".lower()
        v = name.encode("ascii", "ignore").decode() + "@example.org"
        return f"Send the results to {v} please.", v
    v = f"{rng.randint(1, 12):02d}/{rng.randint(1, 28):02d}/{rng.randint(1930, 2005)}"
    return f"DOB {v}, checking in for my appointment.", v


def corpus(n: int, seed: int = 6) -> tuple[list[str], list[str | None]]:
    rng = random.Random(seed)
    texts: list[str] = []
    secrets: list[str | None] = []
    for _ in range(n):
        if rng.random() < 0.2:
            texts.append(rng.choice(CLEAN))
            secrets.append(None)
        else:
            t, v = planted(rng)
            texts.append(t)
            secrets.append(v)
    return texts, secrets


def verify(texts: list[str], secrets: list[str | None], out: list[str]) -> None:
    assert len(out) == len(texts)
    for t, s, o in zip(texts, secrets, out):
        if s is None:
            assert o == t, "a clean message changed"
        else:
            assert s not in o and o != t, "a planted identifier was not redacted"


def cpu() -> float:
    t = os.times()
    return t.user + t.system


def best(fn, repeat: int) -> tuple[float, float]:
    """The least wall-clock time and the least process CPU time over `repeat` runs.

    On a shared machine wall time includes waiting for a core; CPU time (summed over
    threads) does not, so it is the steadier measure of the work done.
    """
    fn()  # warm-up
    walls, cpus = [], []
    for _ in range(repeat):
        c, t = cpu(), time.perf_counter()
        fn()
        walls.append(time.perf_counter() - t)
        cpus.append(cpu() - c)
    return min(walls), min(cpus)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--messages", type=int, default=100_000)
    ap.add_argument("--repeat", type=int, default=5)
    args = ap.parse_args()

    texts, secrets = corpus(args.messages)
    mb = sum(len(t.encode()) for t in texts) / 1e6
    r = phiredact.Redactor()
    verify(texts, secrets, r.redact_many(texts, threads=1))
    verify(texts, secrets, r.redact_many(texts, threads=2))
    verify(texts, secrets, [r.redact(t) for t in texts])

    rows: list[tuple[str, float, float]] = []

    def measure(name: str, fn) -> tuple[float, float]:
        wall, cpu_s = best(fn, args.repeat)
        rows.append((name, wall, cpu_s))
        return wall, cpu_s

    core1 = measure("core (Rust), 1 thread", lambda: _native._bench_core(r, texts, threads=1))
    core2 = measure("core (Rust), 2 threads", lambda: _native._bench_core(r, texts, threads=2))
    measure("redact, Python loop", lambda: [r.redact(t) for t in texts])
    many1 = measure("redact_many, threads=1", lambda: r.redact_many(texts, threads=1))
    many2 = measure("redact_many, threads=2", lambda: r.redact_many(texts, threads=2))

    # _bench_core times only the Rust loop; the others include the whole call.
    print(
        f"phiredact {phiredact.__version__}: {len(texts)} messages, {mb:.2f} MB, "
        f"{os.cpu_count()} CPUs, load {os.getloadavg()[0]:.2f}, best of {args.repeat}"
    )
    print(f"{'':24} {'wall s':>7} {'msg/s':>10} {'MB/s':>6} {'CPU s':>7}")
    for name, wall, cpu_s in rows:
        print(f"{name:24} {wall:7.3f} {len(texts) / wall:10,.0f} {mb / wall:6.1f} {cpu_s:7.3f}")
    print(
        f"binding overhead, 1 thread: {100 * (many1[0] / core1[0] - 1):+.1f}% wall, "
        f"{100 * (many1[1] / core1[1] - 1):+.1f}% CPU (target < 30%)"
    )
    print(
        f"2 threads vs 1: redact_many {many1[0] / many2[0]:.2f}x, core {core1[0] / core2[0]:.2f}x "
        f"(target >= 1.7x); CPU cost of 2 threads vs 1: {many2[1] / many1[1]:.2f}x"
    )


if __name__ == "__main__":
    main()
