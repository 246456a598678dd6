#!/usr/bin/env python3
"""Throughput of structured-format redaction (issue 11) through the Python binding.

    python benches/python/bench_formats.py [--copies 400] [--repeat 5]

Needs the wheel installed (tests/python/run.sh leaves one in target/py-venv). The team's
samples in examples/formats/ are repeated --copies times; every run checks the output
before timing it (HL7: byte for byte the blessed expectations, repeated; FHIR and CSV: no
identifying value of the samples left), then prints MB/s (UTF-8 input) for:

  hl7 redact_format       the three HL7 samples, field by field
  hl7 as plain text       the same bytes through Redactor.redact, for comparison
  fhir ndjson             the sample Bundle, one per line, default policy
  fhir ndjson + rules     the same with three [formats.fhir.elements] rules (path tracking)
  csv + column policy     the export sample's rows with examples/formats/export.policy.toml

Each figure is the best of --repeat timed runs after one warm-up run. The GIL is released
during each call, but one call runs on one thread.
"""

from __future__ import annotations

import argparse
import json
import pathlib
import time

import phiredact

ROOT = pathlib.Path(__file__).resolve().parents[2]
SAMPLES = ROOT / "examples" / "formats"
EXPECTED = ROOT / "crates" / "phiredact" / "tests" / "data" / "formats"
HL7 = ["adt_a01.hl7", "oru_r01.hl7", "siu_s12.hl7"]
PHI = ["Lopez", "LOPEZ", "Maria", "MARIA", "00482913", "123-45-6789", "555-0142", "1432 Oak"]


def read(path: pathlib.Path) -> str:
    with open(path, encoding="utf-8", newline="") as f:
        return f.read()


def best(f, repeat: int) -> float:  # type: ignore[no-untyped-def]
    f()
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        f()
        times.append(time.perf_counter() - t)
    return min(times)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--copies", type=int, default=400)
    ap.add_argument("--repeat", type=int, default=5)
    a = ap.parse_args()

    r = phiredact.Redactor()
    rules = phiredact.Redactor(
        {
            "formats": {
                "fhir": {
                    "elements": {
                        "Patient.maritalStatus": "keep",
                        "*.extension.valueString": "LOCATION",
                        "Observation.valueString": "text",
                    }
                }
            }
        }
    )
    columns = phiredact.Redactor(SAMPLES / "export.policy.toml")

    hl7 = "".join(read(SAMPLES / n) for n in HL7) * a.copies
    hl7_want = "".join(read(EXPECTED / f"{n}.redacted") for n in HL7) * a.copies
    bundle = json.loads(read(SAMPLES / "bundle.json"))
    # One Bundle per line: names feed the free text within one document (one line), so
    # splitting the Bundle into its resources would leave "Maria's hemoglobin" to the text
    # engine alone.
    ndjson = (json.dumps(bundle) + "\n") * a.copies
    csv_head, csv_rows = read(SAMPLES / "export.csv").split("\n", 1)
    csv = csv_head + "\n" + csv_rows * a.copies

    assert r.redact_format(hl7, "hl7") == hl7_want, "HL7 output differs from the expectations"
    for label, out in [
        ("fhir", r.redact_format(ndjson, "fhir")),
        ("fhir + rules", rules.redact_format(ndjson, "fhir")),
        ("csv", columns.redact_format(csv, "csv")),
    ]:
        left = [p for p in PHI if p in out]
        assert not left, f"{label}: {len(left)} identifying values survived"

    cases = [
        ("hl7 redact_format", hl7, lambda: r.redact_format(hl7, "hl7")),
        ("hl7 as plain text", hl7, lambda: r.redact(hl7)),
        ("fhir ndjson", ndjson, lambda: r.redact_format(ndjson, "fhir")),
        ("fhir ndjson + rules", ndjson, lambda: rules.redact_format(ndjson, "fhir")),
        ("csv + column policy", csv, lambda: columns.redact_format(csv, "csv")),
    ]
    for name, data, f in cases:
        mb = len(data.encode()) / 1e6
        secs = best(f, a.repeat)
        print(f"{name:24s} {mb:6.2f} MB  {secs * 1e3:8.1f} ms  {mb / secs:7.2f} MB/s")


if __name__ == "__main__":
    main()
