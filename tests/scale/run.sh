#!/usr/bin/env bash
# Scale-out tests (issue 12): phiredact.spark on a local[2] PySpark session, phiredact.polars,
# and the README's Dask recipe, each checked row by row against Redactor.redact.
#
# Self-sufficient on a fresh machine with Rust, python3 (3.10+) and Java 17: the venv is
# created in target/scale-venv and kept between runs (delete it to start over; PySpark is
# a ~450 MB download the first time). The wheel is the one tests/python/run.sh built in
# target/py-wheels when it is there, else it is built here the same way. The last line is
#     scale: N passed, M failed
# and the exit status is non-zero when anything failed.
set -uo pipefail

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
VENV=${PHIREDACT_SCALE_VENV:-$ROOT/target/scale-venv}
PYTHON=${PYTHON:-python3}
WHEELS=$ROOT/target/py-wheels
# pandas stays below 3 for PySpark 4.3's Arrow conversions.
REQS="pyspark==4.3.0 pandas==2.3.3 pyarrow==26.0.1 polars==2.1.0 dask[dataframe]==2026.8.0 pytest==9.2.0 pytest-timeout==2.4.0"
LOG=$(mktemp)
trap 'rm -f "$LOG"' EXIT

SUITE=scale
# shellcheck source=../lib/pysuite.sh
. "$ROOT/tests/lib/pysuite.sh"

# 1. Java for Spark: JAVA_HOME if set, else the java on PATH.
if [ -z "${JAVA_HOME:-}" ]; then
    java=$(command -v java) || die "Spark needs Java 17 (apt-get install openjdk-17-jre-headless)"
    JAVA_HOME=$(dirname "$(dirname "$(readlink -f "$java")")")
    export JAVA_HOME
fi

# 2. The venv and its packages, reinstalled only when the pinned list changes.
ensure_venv "$VENV" "$PYTHON" "$REQS"

# 3. The wheel: tests/python/run.sh's if present and newer than every source file of the
#    package and the core, else one built here with maturin.
wheel=$(ls "$WHEELS"/phiredact-*-abi3-*.whl 2>/dev/null | head -n 1)
if [ -n "$wheel" ] && [ -n "$(find "$ROOT/bindings/python/src" "$ROOT/bindings/python/python" \
    "$ROOT/crates/phiredact/src" "$ROOT/crates/phiredact/data" -type f -newer "$wheel" \
    ! -name '*.so' ! -path '*__pycache__*' 2>/dev/null | head -n 1)" ]; then
    echo "$(basename "$wheel") is older than the sources: rebuilding it"
    wheel=
fi
if [ -z "$wheel" ]; then
    rm -rf "$WHEELS"
    "$VENV/bin/python" -m pip install -q --disable-pip-version-check maturin==1.16.0 ||
        die "pip install maturin failed"
    (cd "$ROOT/bindings/python" &&
        "$VENV/bin/maturin" build --release --quiet --interpreter "$VENV/bin/python" --out "$WHEELS") ||
        die "maturin build failed"
    wheel=$(ls "$WHEELS"/phiredact-*-abi3-*.whl 2>/dev/null | head -n 1)
    [ -n "$wheel" ] || die "no abi3 wheel in $WHEELS"
fi
# Uninstall first: a reinstall leaves behind files that the old install did not record.
"$VENV/bin/python" -m pip uninstall -q -y phiredact >/dev/null 2>&1
"$VENV/bin/python" -m pip install -q --disable-pip-version-check --no-deps "$wheel" ||
    die "pip install of the wheel failed"

# 4. pytest; Spark's Python workers run the venv's interpreter.
export PYSPARK_PYTHON=$VENV/bin/python PYSPARK_DRIVER_PYTHON=$VENV/bin/python
export SPARK_LOCAL_IP=${SPARK_LOCAL_IP:-127.0.0.1}
(cd "$ROOT/tests/scale" &&
    "$VENV/bin/python" -m pytest -p no:cacheprovider -ra --timeout=170 \
        -W error -W 'ignore::DeprecationWarning' -W 'ignore::ResourceWarning' .) 2>&1 | tee "$LOG"
count_pytest "$LOG" "${PIPESTATUS[0]}"
finish
