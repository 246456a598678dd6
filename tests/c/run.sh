#!/usr/bin/env bash
# C ABI checks: header freshness, C99 and C++17 builds against the committed header (static
# and shared), the tests, valgrind, AddressSanitizer, the bindings/c example. Self-sufficient on a fresh
# machine (installs cbindgen and valgrind when missing). Prints one line per check and ends
# with exactly one summary line "c: N passed, M failed"; exits non-zero on any failure.
#
#   tests/c/run.sh            (from anywhere; about 1-2 minutes with a warm target dir)
set -u

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"
CBINDGEN_VERSION="0.29.4"   # keep equal to the dev-dependency in crates/phiredact-ffi
TARGET_DIR="${CARGO_TARGET_DIR:-$ROOT/target}"
LIB_DIR="$TARGET_DIR/release"
OUT="$(mktemp -d "${TMPDIR:-/tmp}/phiredact-c.XXXXXX")"
trap 'rm -rf "$OUT"' EXIT

passed=0
failed=0
pass() { passed=$((passed + 1)); echo "ok - $1"; }
fail() { failed=$((failed + 1)); echo "FAIL - $1"; }
# check NAME CMD...: runs CMD with output in $OUT/NAME.log, shown only on failure.
check() {
    local name="$1"; shift
    local log="$OUT/$(printf '%s' "$name" | tr -c 'A-Za-z0-9_.-' '_').log"
    if "$@" >"$log" 2>&1; then
        pass "$name"
    else
        fail "$name (exit $?)"
        sed 's/^/    /' "$log" | tail -40
    fi
}
summary() {
    echo "c: $passed passed, $failed failed"
    [ "$failed" -eq 0 ]
    exit $?
}

# --- tools -----------------------------------------------------------------------------
export PATH="$HOME/.cargo/bin:$PATH"
if ! command -v cbindgen >/dev/null 2>&1 || ! cbindgen --version | grep -q " $CBINDGEN_VERSION\$"; then
    echo "# installing cbindgen $CBINDGEN_VERSION (cargo install, ~2-4 minutes)"
    check "install cbindgen $CBINDGEN_VERSION" \
        cargo install cbindgen --locked --version "$CBINDGEN_VERSION" --force
fi
if ! command -v valgrind >/dev/null 2>&1; then
    echo "# installing valgrind"
    SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
    check "install valgrind" sh -c "$SUDO apt-get update -qq && $SUDO apt-get install -y -qq valgrind"
fi
for tool in gcc g++ cargo; do
    command -v "$tool" >/dev/null 2>&1 || fail "tool $tool is missing"
done
[ "$failed" -eq 0 ] || summary

# --- header freshness ------------------------------------------------------------------
header_is_fresh() {
    cbindgen --quiet --config crates/phiredact-ffi/cbindgen.toml --crate phiredact-ffi \
        --output "$OUT/phiredact.h" || return 1
    if ! cmp -s "$OUT/phiredact.h" include/phiredact.h; then
        diff -u include/phiredact.h "$OUT/phiredact.h" | head -40
        echo "include/phiredact.h is stale; regenerate with:"
        echo "  cbindgen --config crates/phiredact-ffi/cbindgen.toml --crate phiredact-ffi --output include/phiredact.h"
        return 1
    fi
}
check "header include/phiredact.h matches cbindgen $CBINDGEN_VERSION" header_is_fresh

# --- library ---------------------------------------------------------------------------
check "cargo build -p phiredact-ffi --release" cargo build -q -p phiredact-ffi --release --locked
if [ ! -f "$LIB_DIR/libphiredact_ffi.a" ] || [ ! -f "$LIB_DIR/libphiredact_ffi.so" ]; then
    fail "libraries missing in $LIB_DIR"
    summary
fi

# --- compile ---------------------------------------------------------------------------
CFLAGS=(-std=c99 -Wall -Wextra -Werror -pedantic -O1 -g -I include -I tests/c)
CXXFLAGS=(-std=c++17 -Wall -Wextra -Werror -O1 -g -I include)
STATIC_LIBS=("$LIB_DIR/libphiredact_ffi.a" -lgcc_s -lutil -lrt -lpthread -lm -ldl -lc)
SHARED_LIBS=(-L "$LIB_DIR" -lphiredact_ffi "-Wl,-rpath,$LIB_DIR")

check "gcc -std=c99 -pedantic test_api.c (static)" \
    gcc "${CFLAGS[@]}" tests/c/test_api.c -o "$OUT/test_api_static" "${STATIC_LIBS[@]}"
check "gcc -std=c99 -pedantic test_api.c (shared)" \
    gcc "${CFLAGS[@]}" tests/c/test_api.c -o "$OUT/test_api_shared" "${SHARED_LIBS[@]}"
check "gcc -std=c99 -pedantic test_formats.c (static)" \
    gcc "${CFLAGS[@]}" tests/c/test_formats.c -o "$OUT/test_formats_static" "${STATIC_LIBS[@]}"
check "gcc -std=c99 -pedantic test_formats.c (shared)" \
    gcc "${CFLAGS[@]}" tests/c/test_formats.c -o "$OUT/test_formats_shared" "${SHARED_LIBS[@]}"
check "gcc -std=c99 -pedantic -pthread test_threads.c (static)" \
    gcc "${CFLAGS[@]}" -pthread tests/c/test_threads.c -o "$OUT/test_threads_static" "${STATIC_LIBS[@]}"
check "gcc -std=c99 -pedantic -pthread test_threads.c (shared)" \
    gcc "${CFLAGS[@]}" -pthread tests/c/test_threads.c -o "$OUT/test_threads_shared" "${SHARED_LIBS[@]}"
check "g++ -std=c++17 test_cpp.cpp (static)" \
    g++ "${CXXFLAGS[@]}" tests/c/test_cpp.cpp -o "$OUT/test_cpp_static" "${STATIC_LIBS[@]}"
check "g++ -std=c++17 test_cpp.cpp (shared)" \
    g++ "${CXXFLAGS[@]}" tests/c/test_cpp.cpp -o "$OUT/test_cpp_shared" "${SHARED_LIBS[@]}"
check "gcc -std=c99 -pedantic bindings/c/redact_stdin.c (static)" \
    gcc "${CFLAGS[@]}" bindings/c/redact_stdin.c -o "$OUT/redact_stdin" "${STATIC_LIBS[@]}"
check "gcc -std=c99 -pedantic bindings/c/redact_format.c (static)" \
    gcc "${CFLAGS[@]}" bindings/c/redact_format.c -o "$OUT/redact_format" "${STATIC_LIBS[@]}"
check "gcc -std=c99 -pedantic bench_overhead.c (static)" \
    gcc "${CFLAGS[@]}" -O2 tests/c/bench_overhead.c -o "$OUT/bench_overhead" "${STATIC_LIBS[@]}"

# --- run -------------------------------------------------------------------------------
# (From the repository root: test_formats reads examples/formats/ and the expectations.)
for t in test_api_static test_api_shared test_formats_static test_formats_shared \
         test_threads_static test_threads_shared test_cpp_static test_cpp_shared; do
    if [ -x "$OUT/$t" ]; then
        check "run $t" "$OUT/$t"
    else
        fail "run $t (not built)"
    fi
done

# --- valgrind --------------------------------------------------------------------------
# "possibly lost" blocks come from regex's process-wide caches; definite and indirect leaks,
# invalid reads/writes and uninitialised values all fail (exit 99).
VALGRIND=(valgrind -q --error-exitcode=99 --leak-check=full
          --errors-for-leak-kinds=definite,indirect --show-possibly-lost=no)
if [ -x "$OUT/test_api_static" ]; then
    check "valgrind test_api (static)" "${VALGRIND[@]}" "$OUT/test_api_static"
fi
if [ -x "$OUT/test_api_shared" ]; then
    check "valgrind test_api (shared)" "${VALGRIND[@]}" "$OUT/test_api_shared"
fi
if [ -x "$OUT/test_formats_static" ]; then
    check "valgrind test_formats (static)" "${VALGRIND[@]}" "$OUT/test_formats_static"
fi
if [ -x "$OUT/test_threads_static" ]; then
    check "valgrind test_threads (static)" "${VALGRIND[@]}" "$OUT/test_threads_static"
fi
# The gate must bite: a program that forgets phiredact_string_free has to fail valgrind.
leak_is_caught() {
    cat >"$OUT/leak.c" <<'C'
#include "phiredact.h"
int main(void) {
    phiredact_redactor *r = 0;
    phiredact_string out;
    if (phiredact_redactor_new(0, &r) != PHIREDACT_STATUS_OK) return 1;
    if (phiredact_redact(r, "SSN 123-45-6789", 15, &out) != PHIREDACT_STATUS_OK) return 1;
    phiredact_redactor_free(r);
    return 0; /* out is leaked on purpose */
}
C
    gcc "${CFLAGS[@]}" "$OUT/leak.c" -o "$OUT/leak" "${STATIC_LIBS[@]}" || return 1
    "${VALGRIND[@]}" "$OUT/leak"
    [ $? -eq 99 ]
}
check "valgrind catches a deliberate leak" leak_is_caught

# --- AddressSanitizer ------------------------------------------------------------------
# The library built with rustc's ASan instrumentation (nightly flag on the stable toolchain
# through RUSTC_BOOTSTRAP, see /work/shared/TOOLCHAIN.md), the C tests built with gcc's
# -fsanitize=address, whose runtime (libasan) serves both. LeakSanitizer runs at exit.
# Valgrind above checks the release library; this checks the instrumented debug build.
# PHIREDACT_NO_ASAN=1 skips the pass (it is counted as one failure, never silently passed).
ASAN_TARGET=x86_64-unknown-linux-gnu
ASAN_LIB_DIR="$ROOT/target/asan/$ASAN_TARGET/debug"
ASAN_CFLAGS=(-fsanitize=address -fno-omit-frame-pointer)
ASAN_STATIC=("$ASAN_LIB_DIR/libphiredact_ffi.a" -lgcc_s -lutil -lrt -lpthread -lm -ldl -lc)
ASAN_SHARED=(-L "$ASAN_LIB_DIR" -lphiredact_ffi "-Wl,-rpath,$ASAN_LIB_DIR")
# Any ASan or LSan report fails the program with exit 98.
export ASAN_OPTIONS="exitcode=98:detect_leaks=1:halt_on_error=1:abort_on_error=0"
if [ "${PHIREDACT_NO_ASAN:-0}" = 1 ]; then
    fail "AddressSanitizer pass skipped (PHIREDACT_NO_ASAN=1)"
else
    check "cargo build -p phiredact-ffi -Zsanitizer=address (target/asan)" \
        env RUSTC_BOOTSTRAP=1 RUSTFLAGS=-Zsanitizer=address \
        cargo build -q --locked --target "$ASAN_TARGET" --target-dir "$ROOT/target/asan" -p phiredact-ffi
    asan_instrumented() {
        # The library itself must carry ASan checks, not only the C code around it.
        nm "$ASAN_LIB_DIR/libphiredact_ffi.a" 2>/dev/null | grep -q "U __asan_report_load"
    }
    check "ASan: the Rust library is instrumented" asan_instrumented
    check "gcc -fsanitize=address test_api.c (static)" \
        gcc "${CFLAGS[@]}" "${ASAN_CFLAGS[@]}" tests/c/test_api.c -o "$OUT/test_api_asan" "${ASAN_STATIC[@]}"
    check "gcc -fsanitize=address test_api.c (shared)" \
        gcc "${CFLAGS[@]}" "${ASAN_CFLAGS[@]}" tests/c/test_api.c -o "$OUT/test_api_asan_shared" "${ASAN_SHARED[@]}"
    check "gcc -fsanitize=address -pthread test_threads.c (static)" \
        gcc "${CFLAGS[@]}" "${ASAN_CFLAGS[@]}" -pthread tests/c/test_threads.c -o "$OUT/test_threads_asan" "${ASAN_STATIC[@]}"
    check "g++ -fsanitize=address test_cpp.cpp (static)" \
        g++ "${CXXFLAGS[@]}" "${ASAN_CFLAGS[@]}" tests/c/test_cpp.cpp -o "$OUT/test_cpp_asan" "${ASAN_STATIC[@]}"
    for t in test_api_asan test_api_asan_shared test_threads_asan test_cpp_asan; do
        if [ -x "$OUT/$t" ]; then
            check "ASan run $t" "$OUT/$t"
        else
            fail "ASan run $t (not built)"
        fi
    done
    # The gate must bite: a leaked phiredact_string and a read past the end of one must
    # both fail under ASan (exit 98).
    asan_catches() {
        local name="$1" body="$2"
        # The misuse sits in its own function, so that no dead stack slot of main still
        # points at the leaked block when LeakSanitizer scans at exit.
        cat >"$OUT/$name.c" <<C
#include <stdio.h>
#include "phiredact.h"
static __attribute__((noinline)) int misuse(const phiredact_redactor *r) {
    phiredact_string out;
    if (phiredact_redact(r, "SSN 123-45-6789", 15, &out) != PHIREDACT_STATUS_OK) return 1;
    $body
    return 0;
}
int main(void) {
    phiredact_redactor *r = 0;
    int rc;
    if (phiredact_redactor_new(0, &r) != PHIREDACT_STATUS_OK) return 1;
    rc = misuse(r);
    phiredact_redactor_free(r);
    return rc;
}
C
        gcc "${CFLAGS[@]}" "${ASAN_CFLAGS[@]}" "$OUT/$name.c" -o "$OUT/$name" "${ASAN_STATIC[@]}" || return 1
        "$OUT/$name"
        [ $? -eq 98 ]
    }
    check "ASan catches a deliberate leak" asan_catches asan_leak "/* out is leaked on purpose */"
    check "ASan catches a read past a phiredact_string" asan_catches asan_overflow \
        "printf(\"%d\\n\", out.data[out.len + 1]); phiredact_string_free(&out);"
fi
unset ASAN_OPTIONS

# --- example ---------------------------------------------------------------------------
example_redacts() {
    local out="$OUT/example.out"
    "$OUT/redact_stdin" <examples/messages.txt >"$out" || return 1
    [ "$(wc -l <"$out")" -eq "$(wc -l <examples/messages.txt)" ] || { echo "line count differs"; return 1; }
    for phi in "123-45-6789" "(555) 201-4477" "555.219.8830" "00482913" "jobrien77@example.com" \
               "03/04/1961" "1428 Oak Street"; do
        if grep -qF "$phi" "$out"; then echo "PHI left in output: $phi"; return 1; fi
    done
    grep -qF "[SSN]" "$out" && grep -qF "[PHONE]" "$out" || { echo "tags missing"; return 1; }
    # With the shipped policy (SSN keep_last 4, Okafor a known name) and per-run names.
    "$OUT/redact_stdin" --policy examples/policy.toml --name "Maria Lopez" --name "Ana Lopez" \
        <examples/messages.txt >"$out" || return 1
    grep -qF "***-**-6789" "$out" || { echo "policy not applied"; return 1; }
    if grep -qiE "lopez|maria|okafor" "$out"; then echo "known name left in output"; return 1; fi
    # Invalid UTF-8 is redacted as U+FFFD, never copied through.
    printf 'SSN 123-45-6789 \377\n' | "$OUT/redact_stdin" >"$out" || return 1
    [ "$(cat "$out")" = "$(printf 'SSN [SSN] \357\277\275')" ] || { od -c "$out"; return 1; }
    # A bad policy is reported with a status and a PHI-free message.
    echo 'colour = 1' >"$OUT/bad.toml"
    if "$OUT/redact_stdin" --policy "$OUT/bad.toml" </dev/null 2>"$OUT/err"; then return 1; fi
    grep -q "INVALID_POLICY" "$OUT/err" || { cat "$OUT/err"; return 1; }
}
if [ -x "$OUT/redact_stdin" ]; then
    check "bindings/c/redact_stdin on examples/messages.txt" example_redacts
else
    fail "bindings/c/redact_stdin (not built)"
fi

format_example_redacts() {
    local out="$OUT/format.out" want=crates/phiredact/tests/data/formats
    # auto detects HL7; the output is the core's expectation byte for byte.
    "$OUT/redact_format" <examples/formats/adt_a01.hl7 >"$out" || return 1
    cmp "$out" "$want/adt_a01.hl7.redacted" || return 1
    "$OUT/redact_format" --format hl7 <examples/formats/oru_r01.hl7 >"$out" || return 1
    cmp "$out" "$want/oru_r01.hl7.redacted" || return 1
    "$OUT/redact_format" --format csv --policy examples/formats/export.policy.toml \
        <examples/formats/export.csv >"$out" || return 1
    cmp "$out" "$want/export.csv.redacted" || return 1
    # Malformed FHIR: status named on stderr, which does not quote the input; no output.
    printf '{"resourceType": "Patient", "name": [{"family": "Quell"' |
        "$OUT/redact_format" --format fhir >"$out" 2>"$OUT/err"
    [ $? -eq 1 ] || return 1
    [ ! -s "$out" ] || { echo "output on failure"; return 1; }
    grep -q "INVALID_FORMAT" "$OUT/err" || { cat "$OUT/err"; return 1; }
    if grep -q "Quell" "$OUT/err"; then echo "error quotes input"; return 1; fi
}
if [ -x "$OUT/redact_format" ]; then
    check "bindings/c/redact_format on examples/formats" format_example_redacts
else
    fail "bindings/c/redact_format (not built)"
fi

# --- per-call cost (informational: printed, never fails on speed) ----------------------
if [ -x "$OUT/bench_overhead" ]; then
    check "bench_overhead runs" "$OUT/bench_overhead" 20000
    sed 's/^/#   /' "$OUT/bench_overhead_runs.log"
fi

summary
