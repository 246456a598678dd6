"""Structured formats (issue 11): HL7 v2, FHIR JSON, CSV and JSON lines from Python.

The samples are the team's (examples/formats/), and the expectations are the ones the core's
tests bless (crates/phiredact/tests/data/formats/): Python must give the same answer as
Rust, the CLI and C.
"""

import csv
import io
import json
import pathlib
import threading
import time

import pytest

import phiredact

ROOT = pathlib.Path(__file__).resolve().parents[3]
SAMPLES = ROOT / "examples" / "formats"
EXPECTED = ROOT / "crates" / "phiredact" / "tests" / "data" / "formats"
HL7_SAMPLES = ["adt_a01.hl7", "oru_r01.hl7", "siu_s12.hl7"]
BAD_FHIR = '{"resourceType": "Patient", "name": [{"family": "Quell"'


def sample(name: str) -> str:
    # newline="" keeps HL7's CR segment terminators and CSV's line ends as they are.
    with open(SAMPLES / name, encoding="utf-8", newline="") as f:
        return f.read()


def expected(name: str) -> str:
    with open(EXPECTED / f"{name}.redacted", encoding="utf-8", newline="") as f:
        return f.read()


@pytest.fixture(scope="module")
def columns() -> phiredact.Redactor:
    """The sample export's column policy, read from its file."""
    return phiredact.Redactor(SAMPLES / "export.policy.toml")


def hl7_shape(msg: str) -> list[tuple[str, list[list[int]]]]:
    """Segments -> fields -> repetitions -> component counts: what redaction must keep."""
    out = []
    for seg in msg.replace("\n", "\r").split("\r"):
        if seg:
            sid, *fields = seg.split("|")
            out.append((sid, [[len(r.split("^")) for r in f.split("~")] for f in fields]))
    return out


# ---- HL7 v2 ----


@pytest.mark.parametrize("name", HL7_SAMPLES)
def test_hl7_samples_match_the_core(redactor: phiredact.Redactor, name: str) -> None:
    msg = sample(name)
    out = redactor.redact_format(msg, "hl7")
    assert out == expected(name)
    assert hl7_shape(out) == hl7_shape(msg)
    # Bytes and detection give the same answer.
    assert redactor.redact_format(msg.encode(), "hl7") == out
    assert redactor.redact_format(msg, "auto") == out


def test_hl7_identifying_fields_go_clinical_values_stay(redactor: phiredact.Redactor) -> None:
    msg = sample("adt_a01.hl7")
    out = redactor.redact_format(msg, "hl7")
    for phi in ["00482913", "LOPEZ", "MARIA", "19610304", "1432 Oak", "555-0142", "123-45-6789"]:
        assert phi in msg and phi not in out, phi
    for kept in ["ADT^A01^ADT_A01", "Penicillin^RXNORM", "I50.9^Heart failure, unspecified^I10"]:
        assert kept in out, kept


def test_hl7_names_feed_free_text(redactor: phiredact.Redactor) -> None:
    msg = (
        "MSH|^~\\&|A|B|||20240101||ADT^A08|1|P|2.5\r"
        "PID|1||1^^^H^MR||QUINTERO^ISADORA\r"
        "NTE|1||isadora called; Quintero's pain 3/10\r"
    )
    out = redactor.redact_format(msg, "hl7")
    assert out.endswith("NTE|1||[NAME] called; [NAME]'s pain 3/10\r")


# ---- FHIR ----


def test_fhir_bundle_matches_the_core(redactor: phiredact.Redactor) -> None:
    doc = sample("bundle.json")
    out = redactor.redact_format(doc, "fhir")
    # Compared as JSON, as the core's test does: key order depends on serde_json features.
    assert json.loads(out) == json.loads(expected("bundle.json"))
    for phi in ["Maria", "Lopez", "00482913", "123-45-6789", "555-0142", "1432 Oak"]:
        assert phi in doc and phi not in out, phi
    assert redactor.redact_format(doc, "auto") == out


def test_malformed_fhir_raises_without_input(redactor: phiredact.Redactor) -> None:
    with pytest.raises(phiredact.FormatError) as e:
        redactor.redact_format(BAD_FHIR, "fhir")
    assert "FHIR" in str(e.value)
    assert "Quell" not in str(e.value)
    assert isinstance(e.value, phiredact.PhiredactError)
    assert isinstance(e.value, ValueError)
    with pytest.raises(phiredact.FormatError):
        redactor.redact_format('["Quell"]', "fhir")


def test_fhir_element_rules_from_a_policy_dict() -> None:
    doc = json.dumps(
        {
            "resourceType": "Patient",
            "name": [{"family": "Quell", "prefix": ["Mrs."]}],
            "maritalStatus": {"text": "Married 2019-05-04"},
            "extension": [{"url": "x", "valueString": "Mercy West"}],
        }
    )
    default = json.loads(phiredact.Redactor().redact_format(doc, "fhir"))
    assert default["name"][0]["prefix"] == ["[NAME]"]
    assert default["maritalStatus"]["text"] == "Married [DATE]"
    r = phiredact.Redactor(
        {
            "formats": {
                "fhir": {
                    "elements": {
                        "Patient.name.prefix": "keep",
                        "Patient.maritalStatus": "keep",
                        "*.extension.valueString": "LOCATION",
                    }
                }
            }
        }
    )
    v = json.loads(r.redact_format(doc, "fhir"))
    assert v["name"][0] == {"family": "[NAME]", "prefix": ["Mrs."]}
    assert v["maritalStatus"]["text"] == "Married 2019-05-04"
    assert v["extension"][0] == {"url": "x", "valueString": "[LOCATION]"}
    with pytest.raises(phiredact.PolicyError) as e:
        phiredact.Redactor({"formats": {"fhir": {"elements": {"name": "keep"}}}})
    assert "formats.fhir.elements" in str(e.value)


# ---- CSV and JSON lines ----


def test_csv_export_matches_the_core(columns: phiredact.Redactor) -> None:
    data = sample("export.csv")
    out = columns.redact_format(data, "csv")
    assert out == expected("export.csv")
    assert columns.redact_format(data.encode(), "csv") == out


def test_csv_default_policy_keeps_the_table(redactor: phiredact.Redactor) -> None:
    data = sample("export.csv")
    out = redactor.redact_format(data, "csv")
    a = list(csv.reader(io.StringIO(data, newline="")))
    b = list(csv.reader(io.StringIO(out, newline="")))
    assert len(a) == len(b) == 4
    assert a[0] == b[0], "the header is kept"
    assert [len(r) for r in a] == [len(r) for r in b]
    for phi in ["123-45-6789", "555-0142", "217-555-0199"]:
        assert phi in data and phi not in out, phi
    with pytest.raises(phiredact.FormatError):
        redactor.redact_format('a,b\n"open,1\n', "csv")


def test_jsonl_fields(columns: phiredact.Redactor) -> None:
    data = (
        '{"mrn":"00482913","patient_name":"Lopez, Maria J","result":11.2,'
        '"unit":"g/dL","note":"Maria reports fatigue","extra":{"contact":"call 217-555-0142"}}\n'
    )
    v = json.loads(columns.redact_format(data, "jsonl"))
    assert v == {
        "mrn": "[MRN]",
        "patient_name": "[NAME]",
        "result": 11.2,
        "unit": "g/dL",
        "note": "[NAME] reports fatigue",
        "extra": {"contact": "call [PHONE]"},
    }
    with pytest.raises(phiredact.FormatError) as e:
        columns.redact_format('{"a": 1}\n["Maria"]\n', "jsonl")
    assert "line 2" in str(e.value) and "Maria" not in str(e.value)


# ---- Choosing the format ----


def test_text_equals_redact(redactor: phiredact.Redactor) -> None:
    text = "SSN 123-45-6789, call (555) 201-4477"
    assert redactor.redact_format(text, "text") == redactor.redact(text)
    raw = b"SSN 123-45-6789 \xff"
    assert redactor.redact_format(raw, "text") == redactor.redact(raw)


def test_auto_refuses_what_it_cannot_tell(redactor: phiredact.Redactor) -> None:
    for data in [sample("export.csv"), '{"mrn": 1}\n', "SSN 123-45-6789", ""]:
        with pytest.raises(phiredact.FormatError) as e:
            redactor.redact_format(data, "auto")
        assert "123-45" not in str(e.value)


def test_bad_arguments(redactor: phiredact.Redactor) -> None:
    for fmt in ["xml", "HL7", "", "ndjson"]:
        with pytest.raises(phiredact.InputError):
            redactor.redact_format("x", fmt)  # type: ignore[arg-type]
    with pytest.raises(phiredact.InputError):
        redactor.redact_format(123, "text")  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        redactor.redact_format("x")  # type: ignore[call-arg]
    # Keyword use works.
    assert redactor.redact_format(data="x", format="text") == "x"


# ---- Files ----


def test_redact_format_file(redactor: phiredact.Redactor, tmp_path: pathlib.Path) -> None:
    dst = tmp_path / "out.hl7"
    for fmt in ["hl7", "auto"]:
        stats = redactor.redact_format_file(SAMPLES / "adt_a01.hl7", dst, fmt)
        assert dst.read_bytes() == (EXPECTED / "adt_a01.hl7.redacted").read_bytes()
        assert stats.bytes_in == (SAMPLES / "adt_a01.hl7").stat().st_size
        assert stats.bytes_out == dst.stat().st_size
    # A file of many messages, as str paths, streamed.
    many = tmp_path / "many.hl7"
    many.write_bytes(b"".join((SAMPLES / n).read_bytes() for n in HL7_SAMPLES))
    redactor.redact_format_file(str(many), str(dst), "hl7")
    assert dst.read_bytes() == b"".join((EXPECTED / f"{n}.redacted").read_bytes() for n in HL7_SAMPLES)


def test_redact_format_file_errors(redactor: phiredact.Redactor, tmp_path: pathlib.Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text(BAD_FHIR)
    dst = tmp_path / "out.json"
    with pytest.raises(phiredact.FormatError) as e:
        redactor.redact_format_file(bad, dst, "fhir")
    assert "Quell" not in str(e.value)
    assert not dst.exists(), "a partial output is removed"
    # CSV: good records are written before the bad one is met; the file goes all the same.
    bad_csv = tmp_path / "bad.csv"
    bad_csv.write_text('note\nSSN 123-45-6789\n"open\n')
    with pytest.raises(phiredact.FormatError):
        redactor.redact_format_file(bad_csv, dst, "csv")
    assert not dst.exists()
    with pytest.raises(phiredact.FormatError):
        redactor.redact_format_file(bad_csv, dst, "auto")
    with pytest.raises(FileNotFoundError):
        redactor.redact_format_file(tmp_path / "missing.hl7", dst, "hl7")
    with pytest.raises(phiredact.InputError):
        redactor.redact_format_file(bad, bad, "fhir")
    assert bad.read_text() == BAD_FHIR
    with pytest.raises(phiredact.InputError):
        redactor.redact_format_file(bad, dst, "xml")  # type: ignore[arg-type]


def test_redact_format_releases_the_gil(redactor: phiredact.Redactor) -> None:
    """As test_threads.test_long_calls_release_the_gil, for a long HL7 batch."""
    big = sample("adt_a01.hl7") * 1500  # ~1.6 MB of messages
    span: list[float] = []

    def work() -> None:
        span.append(time.perf_counter())
        redactor.redact_format(big, "hl7")
        span.append(time.perf_counter())

    ran: set[int] = set()
    t = threading.Thread(target=work)
    t.start()
    while t.is_alive():
        ran.add(int(time.perf_counter() / 0.05))
    t.join()
    t0, t1 = span
    inside = set(range(int(t0 / 0.05) + 1, int(t1 / 0.05)))
    assert len(ran & inside) >= len(inside) // 2, (len(ran & inside), len(inside))
