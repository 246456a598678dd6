#!/usr/bin/env bash
# A quick version (a few MB) of every benchmark, to check that they build, run, and pass
# their own correctness checks. Figures from this run are not meaningful; see README.md
# for the real runs. Last line: `bench: N passed, M failed`.
set -u
cd "$(dirname "$0")/.."
passed=0
failed=0
run() {
    local name=$1
    shift
    if "$@" >"/tmp/phiredact-smoke-$name.log" 2>&1; then
        passed=$((passed + 1))
        echo "ok   $name"
    else
        failed=$((failed + 1))
        echo "FAIL $name (log: /tmp/phiredact-smoke-$name.log)"
        tail -5 "/tmp/phiredact-smoke-$name.log"
    fi
}
if ! cargo build --locked --release -p phiredact-bench -p phiredact-cli; then
    echo "bench: 0 passed, 1 failed"
    exit 1
fi
bin=target/release
corpus_ok() {
    "$bin/phiredact-corpus" --mb 2 --seed 7 --out /tmp/phiredact-smoke.txt &&
        [ "$(wc -c </tmp/phiredact-smoke.txt)" -ge 2000000 ] &&
        "$bin/phiredact-corpus" --mb 2 --seed 7 | cmp -s - /tmp/phiredact-smoke.txt
}
run corpus corpus_ok
run throughput "$bin/phiredact-bench" --mb 2 --reps 1
run memory-lines "$bin/phiredact-memory" --mb 8 --mode lines
run memory-one-line "$bin/phiredact-memory" --mb 8 --mode one-line
run memory-cli "$bin/phiredact-memory" --mb 8 --mode lines --cli "$bin/phiredact" --max-mib 64
run long-line-tests cargo test --locked --release -p phiredact --test stream_equivalence -- --ignored
rm -f /tmp/phiredact-smoke.txt
echo "bench: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
