#!/usr/bin/env bash
# Runs every check of the project, installing what it needs, and ends with one
# summary line, `ci: N passed, M failed`. Exit status is non-zero on any failure.
#
# Each step's full output goes to target/ci-logs/<step>.log; a failing step's
# tail is printed. Counts: every Rust and Python test, every C check, every
# benchmark smoke check, and each lint step (fmt, clippy, doc) as one check.
set -uo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
logs="$root/target/ci-logs"
mkdir -p "$logs"
passed=0
failed=0
failed_steps=()

# Adds the counts from a log: cargo's `test result:` lines, or the closing
# `<suite>: N passed, M failed` line of a sub-script.
count() {
    local log=$1 kind=$2
    if [ "$kind" = cargo ]; then
        # test result: ok. 33 passed; 0 failed; 0 ignored; ...
        awk '/^test result:/ { for (i = 2; i <= NF; i++) {
                 if ($i == "passed;") p += $(i - 1); if ($i == "failed;") f += $(i - 1) } }
             END { print p + 0, f + 0 }' "$log"
    else
        awk '/^[a-z]+: [0-9]+ passed, [0-9]+ failed$/ { p = $2; f = $4 }
             END { print p + 0, f + 0 }' "$log"
    fi
}

# step NAME KIND COMMAND...: KIND is `check` (counts as one), `cargo` or `suite`.
step() {
    local name=$1 kind=$2
    shift 2
    local log="$logs/$name.log" start=$SECONDS status p f
    "$@" >"$log" 2>&1
    status=$?
    if [ "$kind" = check ]; then
        if [ $status -eq 0 ]; then p=1 f=0; else p=0 f=1; fi
    else
        read -r p f < <(count "$log" "$kind")
        # A command that failed without reporting a failed test (a build
        # error, a crash) still counts as a failure.
        if [ $status -ne 0 ] && [ "$f" -eq 0 ]; then f=1; fi
        if [ $status -eq 0 ] && [ "$p" -eq 0 ]; then
            echo "$name: ran no test" >>"$log"
            f=1
        fi
    fi
    passed=$((passed + p))
    failed=$((failed + f))
    printf '%-14s %4d passed, %d failed  (%ds)\n' "$name" "$p" "$f" $((SECONDS - start))
    if [ "$f" -ne 0 ]; then
        failed_steps+=("$name")
        tail -n 40 "$log" | sed 's/^/    | /'
    fi
}

for component in rustfmt clippy; do
    rustup component list --installed 2>/dev/null | grep -q "^$component" ||
        rustup component add "$component" >/dev/null 2>&1 || true
done

step fmt check cargo fmt --all -- --check
step clippy check cargo clippy --workspace --all-targets --locked -- -D warnings
step doc check env RUSTDOCFLAGS=-Dwarnings cargo doc --workspace --no-deps --locked
step cargo-test cargo cargo test --workspace --locked
for suite in c:tests/c/run.sh python:tests/python/run.sh scale:tests/scale/run.sh bench:benches/run_smoke.sh fuzz:fuzz/run.sh; do
    if [ -e "${suite#*:}" ]; then
        step "${suite%%:*}" suite bash "${suite#*:}"
    fi
done

if [ ${#failed_steps[@]} -ne 0 ]; then
    echo "failed steps: ${failed_steps[*]} (logs in target/ci-logs/)"
fi
echo "ci: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
