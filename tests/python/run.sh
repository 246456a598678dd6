#!/usr/bin/env bash
# Builds the phiredact wheel, installs it into a virtual environment and runs the pytest
# suite of bindings/python (which includes mypy's stubtest and the README examples), then
# imports the one abi3 wheel on every other CPython 3.10+ found on PATH.
#
# Self-sufficient on a fresh machine with Rust and python3 (3.10+): the venv is created in
# target/py-venv and kept between runs (delete it to start over). The last line is always
#     python: N passed, M failed
# and the exit status is non-zero when anything failed.
set -uo pipefail

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
VENV=${PHIREDACT_PY_VENV:-$ROOT/target/py-venv}
PYTHON=${PYTHON:-python3}
WHEELS=$ROOT/target/py-wheels
REQS="maturin==1.16.0 pytest==9.2.0 pytest-timeout==2.4.0 mypy==2.4.1"
LOG=$(mktemp)
trap 'rm -f "$LOG"' EXIT

SUITE=python
# shellcheck source=../lib/pysuite.sh
. "$ROOT/tests/lib/pysuite.sh"

# 1. The venv and the tools, reinstalled only when the pinned list changes.
ensure_venv "$VENV" "$PYTHON" "$REQS"

# 2. The wheel, built by maturin into the workspace's target dir (incremental), installed
#    over whatever was there (including a `maturin develop` editable install).
start=$(date +%s)
rm -rf "$WHEELS"
(cd "$ROOT/bindings/python" &&
    "$VENV/bin/maturin" build --release --quiet --interpreter "$VENV/bin/python" --out "$WHEELS") ||
    die "maturin build failed"
wheel=$(ls "$WHEELS"/phiredact-*-abi3-*.whl 2>/dev/null | head -n 1)
[ -n "$wheel" ] || die "no abi3 wheel in $WHEELS"
echo "built $(basename "$wheel") in $(($(date +%s) - start)) s"
"$VENV/bin/python" -m pip install -q --disable-pip-version-check --force-reinstall --no-deps "$wheel" ||
    die "pip install of the wheel failed"

# 3. pytest, from the tests directory so that `import phiredact` is the installed wheel.
(cd "$ROOT/bindings/python" && "$VENV/bin/python" -m pytest -p no:cacheprovider tests) 2>&1 | tee "$LOG"
count_pytest "$LOG" "${PIPESTATUS[0]}"

# 4. The abi3 wheel imports and works on the other interpreters (3.10 and later).
unpacked=$ROOT/target/py-wheel-unpacked
rm -rf "$unpacked"
"$VENV/bin/python" -m zipfile -e "$wheel" "$unpacked"
interpreters=()
for v in 10 11 12 13 14; do
    # pyenv installs (its shims refuse versions that are not selected), then PATH.
    for py in "${PYENV_ROOT:-$HOME/.pyenv}"/versions/3.$v.*/bin/python3 "$(command -v "python3.$v")"; do
        if [ -x "$py" ] && "$py" -c pass 2>/dev/null; then
            interpreters+=("$py")
            break
        fi
    done
done
for py in "${interpreters[@]}"; do
    v=$("$py" -c 'import platform; print(platform.python_version())')
    if PYTHONPATH=$unpacked "$py" -c '
import phiredact
assert phiredact.Redactor().redact("SSN 123-45-6789") == "SSN [SSN]"
'; then
        echo "abi3 wheel on CPython $v: ok"
        passed=$((passed + 1))
    else
        echo "abi3 wheel on CPython $v: FAILED"
        failed=$((failed + 1))
    fi
done

finish
