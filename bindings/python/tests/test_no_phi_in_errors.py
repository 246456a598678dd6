"""The error paths of the Python API, fed arguments carrying distinctive PHI markers: no
exception message, ``repr`` or ``args`` quotes them, and no failing call returns unscanned
text. (The core's own sweep is ``crates/phiredact/tests/no_phi_in_errors.rs``.)"""

import io
import json
import pathlib
from collections.abc import Callable
from typing import Any

import pytest

import phiredact

SSN = "457-55-5462"
NAME = "Qwertzina Zyxwvut"
PHONE = "617-555-0142"
MARKERS = ["457-55-5462", "qwertzina", "zyxwvut", "555-0142"]


def assert_clean(text: str) -> None:
    lower = text.lower()
    for m in MARKERS:
        assert m not in lower, f"{m!r} in {text!r}"


def assert_exception_clean(exc: BaseException) -> None:
    assert_clean(str(exc))
    assert_clean(repr(exc))
    for arg in exc.args:
        assert_clean(str(arg))
    # Chained exceptions are shown in tracebacks too.
    if exc.__cause__ is not None:
        assert_exception_clean(exc.__cause__)
    if exc.__context__ is not None and exc.__context__ is not exc.__cause__:
        assert_exception_clean(exc.__context__)


BAD_POLICY_DOCS = [
    pytest.param(f'known_names = ["{NAME}"\n', id="toml_unterminated"),
    pytest.param(f'{{"known_names": ["{NAME}",]}}', id="json_trailing_comma"),
    pytest.param(f'{{"known_names": [{SSN}]}}', id="json_bare_number"),
    pytest.param(f'patient = "{NAME}"\n', id="toml_unknown_field"),
    pytest.param(f'{{"patient": "{NAME}"}}', id="json_unknown_field"),
    pytest.param(f'[labels.SSN]\ntag = "[{SSN}]"\n', id="tag_with_digits"),
    pytest.param(
        f'[[recognizers]]\nname = "x"\nlabel = "{NAME}"\npattern = "a"\n',
        id="recognizer_bad_label",
    ),
    pytest.param(
        f'[[recognizers]]\nname = "x"\nlabel = "SSN"\npattern = "{SSN}("\n',
        id="recognizer_bad_regex",
    ),
    pytest.param(f'[allow]\npatterns = ["{PHONE}["]\n', id="allow_bad_regex"),
    pytest.param(f'known_names = ["{NAME}", " "]\n', id="empty_known_name"),
    pytest.param(f'"{NAME}" = "{SSN}"\n', id="key_named_phi"),
    pytest.param(f'known_names = "{NAME}"\n', id="names_not_a_list"),
    pytest.param(f'[labels."{NAME}"]\naction = "mask"\n', id="label_named_phi"),
    pytest.param(f'[labels.SSN]\naction = "{PHONE}"\n', id="unknown_action"),
    pytest.param(
        f'known_names = ["{NAME}"]\n[labels.NAME]\naction = "pseudonym"\n',
        id="keyed_action_without_key",
    ),
]


@pytest.mark.parametrize("doc", BAD_POLICY_DOCS)
def test_bad_policy_str(doc: str) -> None:
    with pytest.raises(phiredact.PolicyError) as info:
        phiredact.Redactor(doc)
    assert_exception_clean(info.value)


@pytest.mark.parametrize("doc", BAD_POLICY_DOCS)
def test_bad_policy_file(doc: str, tmp_path: pathlib.Path) -> None:
    path = tmp_path / "policy.toml"
    path.write_text(doc, encoding="utf-8")
    with pytest.raises(phiredact.PolicyError) as info:
        phiredact.Redactor(path)
    assert_exception_clean(info.value)


BAD_POLICY_DICTS: list[Any] = [
    pytest.param({"patient": NAME}, id="unknown_field"),
    pytest.param({"labels": {"SSN": {"tag": f"[{SSN}]"}}}, id="tag_with_digits"),
    pytest.param(
        {"recognizers": [{"name": "x", "label": NAME, "pattern": "a"}]},
        id="recognizer_bad_label",
    ),
    pytest.param({"known_names": [NAME, ""]}, id="empty_known_name"),
    pytest.param({"known_names": [NAME], "max_shift_days": 0}, id="shift_days_zero"),
    pytest.param({"known_names": [NAME, object()]}, id="not_json"),
]


@pytest.mark.parametrize("doc", BAD_POLICY_DICTS)
def test_bad_policy_dict(doc: dict[str, Any]) -> None:
    with pytest.raises(phiredact.PolicyError) as info:
        phiredact.Redactor(doc)
    assert_exception_clean(info.value)


def test_policy_file_that_does_not_exist(tmp_path: pathlib.Path) -> None:
    # A file named after a patient: the OS error must not echo the path.
    with pytest.raises(OSError) as info:
        phiredact.Redactor(tmp_path / f"{NAME} {SSN}.toml")
    assert_exception_clean(info.value)


CALLS: list[Any] = [
    pytest.param(lambda r: phiredact.Redactor(labels=[NAME]), id="unknown_label"),
    pytest.param(lambda r: phiredact.Redactor(known_names=NAME), id="known_names_str"),
    pytest.param(lambda r: phiredact.Redactor(known_names=[NAME, 5]), id="known_name_int"),
    pytest.param(lambda r: r.redact({"note": NAME}), id="redact_dict"),
    pytest.param(lambda r: r.find([SSN]), id="find_list"),
    pytest.param(lambda r: r.redact(NAME, known_names=[NAME, None]), id="name_none"),
    pytest.param(lambda r: r.redact_many([NAME, 5, SSN]), id="redact_many_int"),
    pytest.param(lambda r: r.redact_many(f"{NAME} {SSN}"), id="redact_many_str"),
    pytest.param(lambda r: r.stream().write(12345), id="stream_write_int"),
]


@pytest.mark.parametrize("call", CALLS)
def test_invalid_arguments(call: Callable[[phiredact.Redactor], object]) -> None:
    r = phiredact.Redactor(known_names=[NAME])
    with pytest.raises((phiredact.PhiredactError, TypeError, ValueError)) as info:
        call(r)
    assert_exception_clean(info.value)


def test_stream_after_finish() -> None:
    r = phiredact.Redactor(known_names=[NAME])
    s = r.stream()
    out = s.write(f"Patient {NAME}, SSN {SSN}\n\n") + s.finish()
    assert_clean(out)
    with pytest.raises(phiredact.PhiredactError) as info:
        s.write(f"{NAME} {PHONE}")
    assert_exception_clean(info.value)


class FailingReader(io.RawIOBase):
    """Yields some text, then raises an OSError of its own (with no PHI in it)."""

    def __init__(self, data: bytes) -> None:
        self.data = data

    def readable(self) -> bool:
        return True

    def readinto(self, buf: Any) -> int:
        if not self.data:
            raise OSError("disk on fire")
        n = min(len(buf), len(self.data), 7)
        buf[:n] = self.data[:n]
        self.data = self.data[n:]
        return n


def test_stream_error_fails_closed() -> None:
    r = phiredact.Redactor(known_names=[NAME])
    src = FailingReader(f"Note: {NAME} called from {PHONE}.\n\nSSN {SSN} no end".encode())
    dst = io.BytesIO()
    with pytest.raises(OSError) as info:
        r.redact_stream(src, dst)
    assert_exception_clean(info.value)
    assert_clean(dst.getvalue().decode("utf-8", "replace"))


def test_invalid_utf8_is_scanned() -> None:
    r = phiredact.Redactor(known_names=[NAME])
    data = f"Patient {NAME} \udcff SSN {SSN}".encode("utf-8", "surrogateescape") + b"\xfe"
    out = r.redact(data)
    assert_clean(out)
    assert "\ufffd" in out
    s = r.stream()
    assert s.write(data[:9]) + s.write(data[9:]) + s.finish() == out


def test_reprs_hold_no_names() -> None:
    r = phiredact.Redactor({"known_names": [NAME], "facilities": [f"{NAME} Clinic"]})
    assert_clean(repr(r))
    text = f"{NAME} called, SSN {SSN}, cb {PHONE}"
    found = r.find(text, known_names=[NAME])
    assert len(found) >= 3
    assert_clean(repr(found))
    s = r.stream(known_names=[NAME])
    assert_clean(repr(s))
    s.write(text)
    assert_clean(repr(s.stats))
    assert_clean(json.dumps(r.labels))
