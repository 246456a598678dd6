#!/usr/bin/env bash
# Instructions per MB of the CLI, per detector family: the repeatable figure on a noisy
# machine (README.md, "Where the time goes").
#
#   benches/instructions.sh [BINARY...]
#
# For every binary (default: target/release/phiredact, built if missing) and every
# configuration below, runs `valgrind --tool=callgrind BINARY redact --quiet [--policy P]`
# on 1 MB and on 2 MB of the same text and prints the difference in millions: start-up,
# dictionary loading and regex compilation drop out, what is left is the cost of one MB.
#
# Texts: `g`, the generated corpus (`phiredact-corpus --seed 42`, its first 1 and 2 MB);
# and `c`, clinical notes, when CLINICAL names a JSON-lines file with a "text" field per
# line (for example the PhysioNet development split; its texts are joined by blank lines,
# so each note is a segment, and repeated to 2 MB). Needs valgrind. Takes about a minute
# per binary and configuration on the development machine.
set -euo pipefail
cd "$(dirname "$0")/.."
command -v valgrind >/dev/null || { echo "instructions.sh: valgrind is not installed" >&2; exit 1; }
cargo build --locked --release -q -p phiredact-bench -p phiredact-cli
bins=("$@")
[ ${#bins[@]} -gt 0 ] || bins=(target/release/phiredact)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

target/release/phiredact-corpus --mb 2 --seed 42 --out "$work/g" 2>/dev/null
texts=(g)
if [ -n "${CLINICAL:-}" ]; then
    python3 - "$CLINICAL" "$work/c" <<'EOF'
import json, sys
notes = [json.loads(line)["text"] for line in open(sys.argv[1], encoding="utf-8") if line.strip()]
block = "\n\n".join(notes) + "\n\n"
with open(sys.argv[2], "w", encoding="utf-8") as out:
    written = 0
    while written < 2_000_000:
        out.write(block)
        written += len(block.encode())
EOF
    texts+=(c)
fi
for t in "${texts[@]}"; do
    head -c 1000000 "$work/$t" >"$work/$t.1"
    head -c 2000000 "$work/$t" >"$work/$t.2"
done

# A policy with only the given labels on (none: the engine's floor).
labels="NAME DATE DOB AGE PHONE SSN MRN ID EMAIL URL IP ADDRESS ZIP LOCATION"
only() {
    local f="$work/only-$1.toml"
    shift
    : >"$f"
    for l in $labels; do
        local on=false
        for k in "$@"; do [ "$k" = "$l" ] && on=true; done
        printf '[labels.%s]\nenabled = %s\n' "$l" "$on" >>"$f"
    done
    echo "$f"
}
configs=(
    "every detector|"
    "every detector but NAME|$(only noname DATE DOB AGE PHONE SSN MRN ID EMAIL URL IP ADDRESS ZIP LOCATION)"
    "only NAME|$(only name NAME)"
    "only LOCATION|$(only location LOCATION)"
    "only DATE, DOB|$(only date DATE DOB)"
    "only MRN, ID|$(only id MRN ID)"
    "only PHONE|$(only phone PHONE)"
    "only SSN|$(only ssn SSN)"
    "only ADDRESS, ZIP|$(only address ADDRESS ZIP)"
    "only AGE|$(only age AGE)"
    "only EMAIL, URL, IP|$(only net EMAIL URL IP)"
    "nothing (floor)|$(only none)"
)

count() { # binary policy file -> instructions
    local args=(redact --quiet)
    [ -n "$2" ] && args+=(--policy "$2")
    valgrind --tool=callgrind --callgrind-out-file="$work/cg" "$1" "${args[@]}" "$3" \
        >/dev/null 2>&1
    awk '/^summary:/ {print $2}' "$work/cg"
}

printf '| configuration |'
for b in "${bins[@]}"; do for t in "${texts[@]}"; do printf ' %s `%s` |' "$(basename "$b")" "$t"; done; done
printf '\n|---|'
for b in "${bins[@]}"; do for t in "${texts[@]}"; do printf -- '---:|'; done; done
printf '\n'
for c in "${configs[@]}"; do
    name=${c%%|*}
    policy=${c#*|}
    printf '| %s |' "$name"
    for b in "${bins[@]}"; do
        for t in "${texts[@]}"; do
            one=$(count "$b" "$policy" "$work/$t.1")
            two=$(count "$b" "$policy" "$work/$t.2")
            printf ' %d M |' $(((two - one) / 1000000))
        done
    done
    printf '\n'
done
