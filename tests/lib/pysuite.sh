# Shared by the Python test runners (tests/python/run.sh, tests/scale/run.sh): the
# pass/fail tally and its summary line, a pinned virtual environment, and pytest's counts.
# Source it after setting SUITE (the summary's name); it defines `passed`, `failed`,
# `finish`, `die`, `ensure_venv` and `count_pytest`.

passed=0
failed=0

# Prints "SUITE: N passed, M failed" and exits, non-zero unless something passed and
# nothing failed.
finish() {
    echo "$SUITE: $passed passed, $failed failed"
    [ "$failed" -eq 0 ] && [ "$passed" -gt 0 ]
    exit $?
}

die() {
    echo "run.sh: $*" >&2
    failed=$((failed + 1))
    finish
}

# ensure_venv VENV PYTHON REQS: creates VENV with PYTHON if needed and installs the pinned
# REQS, again only when the list changes.
ensure_venv() {
    local venv=$1 python=$2 reqs=$3
    if [ ! -x "$venv/bin/python" ]; then
        "$python" -m venv "$venv" || die "could not create $venv"
    fi
    if [ "$(cat "$venv/.phiredact-reqs" 2>/dev/null)" != "$reqs" ]; then
        # shellcheck disable=SC2086 # word splitting of the list is intended
        "$venv/bin/python" -m pip install -q --disable-pip-version-check $reqs || die "pip install failed"
        echo "$reqs" >"$venv/.phiredact-reqs"
    fi
}

# count_pytest LOG RC: sets passed and failed from pytest's last summary line in LOG; a
# non-zero RC without a countable failure (a collection or usage error) counts as one.
count_pytest() {
    local summary
    summary=$(grep -E '^=+ .*(passed|failed|error|no tests ran).* =+$' "$1" | tail -n 1)
    count() { echo "$summary" | grep -oE "[0-9]+ $1" | grep -oE '^[0-9]+' || echo 0; }
    passed=$(count passed)
    failed=$(($(count failed) + $(count errors) + $(count error)))
    if [ "$2" -ne 0 ] && [ "$failed" -eq 0 ]; then
        failed=1
    fi
}
