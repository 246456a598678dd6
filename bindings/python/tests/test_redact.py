import io
import json
import pathlib

import pytest

import phiredact
from conftest import CLEAN_TEXTS, PHI_TEXTS


def test_version() -> None:
    assert isinstance(phiredact.__version__, str)
    assert phiredact.__version__.count(".") == 2


def test_default_redacts_structured_identifiers(redactor: phiredact.Redactor) -> None:
    text = "SSN 123-45-6789, call back at (555) 123-4567. DOB 03/04/1961."
    assert redactor.redact(text) == "SSN [SSN], call back at [PHONE]. DOB [DOB]."


@pytest.mark.parametrize("text", PHI_TEXTS)
def test_positive_texts_change(redactor: phiredact.Redactor, text: str) -> None:
    out = redactor.redact(text)
    assert out != text
    assert redactor.find(text)
    # Idempotent, as the core promises.
    assert redactor.redact(out) == out


@pytest.mark.parametrize("text", CLEAN_TEXTS)
def test_negative_texts_pass_through(redactor: phiredact.Redactor, text: str) -> None:
    assert redactor.redact(text) == text
    assert redactor.find(text) == []


def test_find_fields(redactor: phiredact.Redactor) -> None:
    text = "SSN 123-45-6789"
    (f,) = redactor.find(text)
    assert (f.start, f.end, f.label, f.rule) == (4, 15, "SSN", "ssn.cue")
    assert text[f.start : f.end] == "123-45-6789"
    assert isinstance(f, phiredact.Finding)
    assert f == redactor.find(text)[0]
    assert hash(f) == hash(redactor.find(text)[0])
    with pytest.raises(AttributeError):
        f.start = 0  # type: ignore[misc]


def test_finding_repr_has_no_text(redactor: phiredact.Redactor) -> None:
    text = "Patient Maria Lopez, SSN 123-45-6789"
    for f in redactor.find(text, known_names=["Maria Lopez"]):
        r = repr(f)
        assert r.startswith("Finding(label='")
        assert text[f.start : f.end] not in r
        assert "Maria" not in r and "Lopez" not in r and "6789" not in r


def test_known_names_per_call(redactor: phiredact.Redactor) -> None:
    text = "LOPEZ, MARIA called"
    assert redactor.redact(text, known_names=["Maria Lopez"]) == "[NAME] called"
    assert redactor.redact(text, known_names=("Maria Lopez",)) == "[NAME] called"
    assert redactor.redact(text, known_names=iter(["Maria Lopez"])) == "[NAME] called"
    (f,) = redactor.find(text, known_names=["Maria Lopez"])
    assert f.label == "NAME" and text[f.start : f.end] == "LOPEZ, MARIA"
    # Per call only: the next call does not remember them (a name the free-text
    # recognizer cannot know without being told).
    assert redactor.redact("qwertz called", known_names=["Anna Qwertz"]) == "[NAME] called"
    assert redactor.redact("qwertz called") == "qwertz called"


def test_known_names_in_constructor() -> None:
    r = phiredact.Redactor(known_names=["Maria Lopez"])
    assert r.redact("Maria Lopez called") == "[NAME] called"
    assert "Maria Lopez" in json.loads(r.policy_json())["known_names"]
    assert "Maria" not in repr(r)


def test_known_names_bytes(redactor: phiredact.Redactor) -> None:
    assert redactor.redact(b"Maria Lopez called", known_names=["Maria Lopez"]) == "[NAME] called"


@pytest.mark.parametrize("text", PHI_TEXTS + CLEAN_TEXTS)
def test_bytes_equal_str(redactor: phiredact.Redactor, text: str) -> None:
    data = text.encode()
    assert redactor.redact(data) == redactor.redact(text)
    assert redactor.redact(bytearray(data)) == redactor.redact(text)
    assert redactor.find(data) == redactor.find(text)


def test_invalid_utf8_is_replaced_not_passed(redactor: phiredact.Redactor) -> None:
    assert redactor.redact(b"SSN 123-45-6789 \xff\xfe ok") == "SSN [SSN] \ufffd\ufffd ok"
    data = b"\xffSSN 123-45-6789"
    text = data.decode("utf-8", "replace")
    (f,) = redactor.find(data)
    assert text[f.start : f.end] == "123-45-6789"


def test_labels_selects_exactly() -> None:
    r = phiredact.Redactor(labels=["ssn"])
    assert r.labels == ["SSN"]
    assert r.redact("SSN 123-45-6789, call (555) 123-4567") == "SSN [SSN], call (555) 123-4567"


POLICY_DICT = {"labels": {"SSN": {"action": "keep_last", "digits": 4}}}


@pytest.mark.parametrize(
    "policy",
    [
        POLICY_DICT,
        json.dumps(POLICY_DICT),
        '[labels.SSN]\naction = "keep_last"\ndigits = 4\n',
    ],
    ids=["dict", "json", "toml"],
)
def test_policy_forms(policy: object) -> None:
    r = phiredact.Redactor(policy)  # type: ignore[arg-type]
    assert r.redact("SSN 123-45-6789") == "SSN ***-**-6789"


def test_policy_path(tmp_path: pathlib.Path) -> None:
    p = tmp_path / "policy.toml"
    p.write_text('[labels.DATE]\nenabled = false\n[labels.DOB]\nenabled = false\n')
    r = phiredact.Redactor(policy=p)
    assert "DATE" not in r.labels and "DOB" not in r.labels
    assert r.redact("seen 03/04/2021") == "seen 03/04/2021"
    with pytest.raises(FileNotFoundError):
        phiredact.Redactor(tmp_path / "missing.toml")


@pytest.mark.parametrize(
    ("policy", "names"),
    [
        # The document's own keys are never quoted (they could be PHI): `…` stands in.
        ({"lables": {}}, "unknown field `…`, expected one of"),
        ({"labels": {"SSN": {"acton": "mask"}}}, "unknown field `…`"),
        ({"labels": {"SSNN": {}}}, "a key is not a label name"),
        ('[labels.SSN]\nacton = "mask"\n', "unknown field `…`"),
        ({"recognizers": [{"name": "x", "label": "MRN", "pattern": "("}]}, "recognizers[0].pattern"),
        ("{not json", "JSON"),
    ],
)
def test_policy_errors(policy: object, names: str) -> None:
    with pytest.raises(phiredact.PolicyError) as info:
        phiredact.Redactor(policy)  # type: ignore[arg-type]
    assert names in str(info.value)
    assert isinstance(info.value, ValueError)
    assert isinstance(info.value, phiredact.PhiredactError)


def test_policy_str_is_a_document_not_a_path(tmp_path: pathlib.Path) -> None:
    p = tmp_path / "policy.toml"
    p.write_text("[labels.SSN]\naction = \"mask\"\n")
    with pytest.raises(phiredact.PolicyError, match="pathlib.Path"):
        phiredact.Redactor(str(p))
    assert phiredact.Redactor(p).redact("SSN 123-45-6789") == "SSN ***-**-****"


def test_policy_error_for_labels_and_dict_values() -> None:
    with pytest.raises(phiredact.PolicyError, match=r"labels\[1\]: unknown label"):
        phiredact.Redactor(labels=["SSN", "SOCIAL"])
    with pytest.raises(phiredact.PolicyError):
        phiredact.Redactor({"labels": {"SSN": object()}})


def test_input_errors(redactor: phiredact.Redactor) -> None:
    with pytest.raises(phiredact.InputError, match="text must be str or bytes, not int"):
        redactor.redact(12345)  # type: ignore[arg-type]
    with pytest.raises(phiredact.InputError, match="single str"):
        redactor.redact("x", known_names="Maria Lopez")
    with pytest.raises(phiredact.InputError, match=r"known_names\[0\]: empty name"):
        redactor.redact("x", known_names=[" "])
    with pytest.raises(phiredact.InputError, match="single str"):
        redactor.redact_many("SSN 123-45-6789")
    with pytest.raises(phiredact.InputError, match="threads"):
        redactor.redact_many(["x"], threads=0)
    with pytest.raises(phiredact.InputError):
        phiredact.Redactor(policy=3.5)  # type: ignore[arg-type]


SECRET = "Maria Lopez 123-45-6789"


def _all_messages(exc: BaseException) -> str:
    parts = [str(exc), repr(exc), repr(exc.args)]
    for attr in ("object", "__cause__", "__context__"):
        v = getattr(exc, attr, None)
        if v is not None:
            parts.append(repr(v))
    return " ".join(parts)


def test_error_messages_never_contain_input(redactor: phiredact.Redactor) -> None:
    lone = SECRET + "\ud800"
    errors: list[BaseException] = []
    for call in [
        lambda: redactor.redact(lone),
        lambda: redactor.find(lone),
        lambda: redactor.redact_many([SECRET, lone]),
        lambda: redactor.redact(SECRET, known_names=[SECRET + "\udfff"]),
        lambda: redactor.redact_many([SECRET, 7]),  # type: ignore[list-item]
    ]:
        with pytest.raises(phiredact.InputError) as info:
            call()
        errors.append(info.value)
    s = redactor.stream()
    s.finish()
    with pytest.raises(phiredact.StreamError) as sinfo:
        s.write(SECRET)
    errors.append(sinfo.value)
    # A policy with PHI in its known names, broken elsewhere.
    with pytest.raises(phiredact.PolicyError) as pinfo:
        phiredact.Redactor({"known_names": [SECRET], "labels": {"XX": {}}})
    errors.append(pinfo.value)
    for e in errors:
        msg = _all_messages(e)
        assert "Maria" not in msg and "6789" not in msg, msg


def test_lone_surrogate_error_names_the_problem(redactor: phiredact.Redactor) -> None:
    with pytest.raises(phiredact.InputError, match="lone surrogate"):
        redactor.redact("abc\ud800")


def test_redactor_repr(redactor: phiredact.Redactor) -> None:
    assert repr(redactor).startswith("Redactor(labels=['NAME'")


def test_redact_many_keeps_order(redactor: phiredact.Redactor) -> None:
    texts = [f"msg {i} SSN 123-45-{i:04d} ok" if i % 3 else f"clean {i}" for i in range(5000)]
    want = [redactor.redact(t) for t in texts]
    for threads in (None, 1, 2, 3, 16):
        assert redactor.redact_many(texts, threads=threads) == want
    assert redactor.redact_many(iter(texts[:10])) == want[:10]
    assert redactor.redact_many(t.encode() for t in texts[:10]) == want[:10]
    assert redactor.redact_many([]) == []


def test_redact_stream_file_objects(redactor: phiredact.Redactor) -> None:
    text = "\n\n".join(PHI_TEXTS * 50)
    want = redactor.redact(text)
    out_b = io.BytesIO()
    stats = redactor.redact_stream(io.BytesIO(text.encode()), out_b, chunk_size=7)
    assert out_b.getvalue().decode() == want
    assert stats.bytes_in == len(text.encode()) and stats.bytes_out == len(want.encode())
    assert stats.findings == len(redactor.find(text))
    out_t = io.StringIO()
    redactor.redact_stream(io.StringIO(text), out_t, chunk_size=5)
    assert out_t.getvalue() == want
    with pytest.raises(phiredact.InputError):
        redactor.redact_stream(io.BytesIO(b"x"), io.BytesIO(), chunk_size=0)


def test_redact_file(redactor: phiredact.Redactor, tmp_path: pathlib.Path) -> None:
    text = "\n\n".join(PHI_TEXTS * 200)
    src, dst = tmp_path / "in.txt", tmp_path / "out.txt"
    src.write_text(text, encoding="utf-8")
    stats = redactor.redact_file(src, str(dst))
    assert dst.read_text(encoding="utf-8") == redactor.redact(text)
    assert stats == redactor.redact_file(str(src), dst)
    assert "findings=" in repr(stats)
    # Over a megabyte, so that two threads find blocks in parallel: the same output and
    # counts as one thread.
    big = tmp_path / "big.txt"
    big.write_text(text * (1_200_000 // len(text) + 1), encoding="utf-8")
    one, two = tmp_path / "one.txt", tmp_path / "two.txt"
    s1 = redactor.redact_file(big, one, threads=1)
    s2 = redactor.redact_file(big, two, threads=2)
    assert one.read_bytes() == two.read_bytes() and s1 == s2
    assert s1.bytes_in == big.stat().st_size and s1.findings > 0
    with pytest.raises(phiredact.InputError, match="threads"):
        redactor.redact_file(big, two, threads=0)
    with pytest.raises(FileNotFoundError):
        redactor.redact_file(tmp_path / "nope.txt", dst)
    with pytest.raises(phiredact.InputError, match="same file"):
        redactor.redact_file(src, src)
    assert src.read_text(encoding="utf-8") == text
