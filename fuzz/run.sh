#!/usr/bin/env bash
# Runs every fuzz target for a short, bounded time (default 20 s each, 80 s for the four;
# FUZZ_SECONDS to change it) and ends with `fuzz: N passed, M failed`. Longer runs: see fuzz/README.md.
set -uo pipefail
cd "$(dirname "$0")"
seconds=${FUZZ_SECONDS:-20}
command -v cargo-fuzz >/dev/null || cargo install --locked cargo-fuzz >/dev/null 2>&1
passed=0
failed=0
for target in redact stream policy ffi; do
    mkdir -p "corpus/$target"
    # `-s none`: no sanitizer, so it runs on the stable toolchain; the targets assert
    # the invariants themselves and Rust code has no memory errors to sanitize.
    if cargo fuzz run -s none "$target" "corpus/$target" seeds -- \
        -max_total_time="$seconds" -max_len=65536 >"target-$target.log" 2>&1; then
        echo "fuzz $target: ok ($(grep -oE 'Done [0-9]+ runs' "target-$target.log"))"
        passed=$((passed + 1))
    else
        echo "fuzz $target: FAILED"
        tail -n 30 "target-$target.log"
        failed=$((failed + 1))
    fi
done
echo "fuzz: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
