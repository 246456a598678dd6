"""The stubs match the runtime, and the README's examples run."""

import ast
import importlib.util
import pathlib
import re
import subprocess
import sys

import pytest

import phiredact
import phiredact._native as native

PKG = pathlib.Path(phiredact.__file__).parent
HERE = pathlib.Path(__file__).parent


def stub_names() -> dict[str, set[str]]:
    """Top-level names of _native.pyi, and the members of each class."""
    tree = ast.parse((PKG / "_native.pyi").read_text())
    out: dict[str, set[str]] = {}
    for node in tree.body:
        if isinstance(node, ast.ClassDef):
            out[node.name] = {
                n.name for n in node.body if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef))
            }
        elif isinstance(node, ast.FunctionDef):
            out[node.name] = set()
        elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
            out[node.target.id] = set()
    return out


def test_every_stub_name_exists_at_runtime() -> None:
    for name, members in stub_names().items():
        if name.startswith("_") and not name.startswith("__"):
            # Private aliases in the stub (_Text, _Policy) are types, not runtime names;
            # private functions must exist.
            if name[1].isupper():
                continue
        assert hasattr(native, name), name
        for m in members:
            assert hasattr(getattr(native, name), m), f"{name}.{m}"


def test_every_public_runtime_name_is_stubbed() -> None:
    stubs = stub_names()
    for name in dir(native):
        if name.startswith("_"):
            continue
        assert name in stubs, name
        obj = getattr(native, name)
        if isinstance(obj, type):
            for m in vars(obj):
                if not m.startswith("_"):
                    assert m in stubs[name], f"{name}.{m}"


def test_all_is_complete() -> None:
    for name in phiredact.__all__:
        assert hasattr(phiredact, name), name
    public = {n for n in dir(phiredact) if not n.startswith("_")}
    assert public <= set(phiredact.__all__) | {"annotations"}


def test_py_typed_is_shipped() -> None:
    assert (PKG / "py.typed").exists()


@pytest.mark.skipif(importlib.util.find_spec("mypy") is None, reason="mypy is not installed")
def test_stubtest() -> None:
    # No allow-list needed so far; add one with a comment per entry if it ever is.
    proc = subprocess.run(
        [sys.executable, "-m", "mypy.stubtest", "phiredact", "--ignore-missing-stub"],
        capture_output=True,
        text=True,
        cwd=HERE,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr


def readme_blocks() -> list[str]:
    readme = (HERE.parent / "README.md").read_text()
    return re.findall(r"```python\n(.*?)```", readme, flags=re.S)


def test_readme_examples_run(tmp_path: pathlib.Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocks = readme_blocks()
    assert len(blocks) >= 3
    monkeypatch.chdir(tmp_path)
    (tmp_path / "notes.txt").write_text("SSN 123-45-6789\n")
    env: dict[str, object] = {}
    for block in blocks:
        exec(compile(block, "README.md", "exec"), env)
    assert (tmp_path / "notes.redacted.txt").read_text() == "SSN [SSN]\n"
