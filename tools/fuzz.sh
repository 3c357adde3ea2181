#!/bin/sh
#
# Fuzz the routing table engine with libFuzzer, time-boxed ("make fuzz").
#
# Copyright 2026 the rtm.dll authors
#
# This library is free software; you can redistribute it and/or
# modify it under the terms of the GNU Lesser General Public
# License as published by the Free Software Foundation; either
# version 2.1 of the License, or (at your option) any later version.
#
# This library is distributed in the hope that it will be useful,
# but WITHOUT ANY WARRANTY; without even the implied warranty of
# MERCHANTABILITY or FITNESS FOR A PARTICULAR PURPOSE.  See the GNU
# Lesser General Public License for more details.
#
# You should have received a copy of the GNU Lesser General Public
# License along with this library; if not, write to the Free Software
# Foundation, Inc., 51 Franklin St, Fifth Floor, Boston, MA 02110-1301, USA
#
# Usage: tools/fuzz.sh [libFuzzer options...]
#
#   FUZZ_SECONDS  run time in seconds (default 60)
#   FUZZ_OUT      work folder (default ./fuzz-out): the binary, a copy of the
#                 corpus that the run grows, crashes/ and fuzz.log
#   CLANG         the compiler (default clang; Debian: apt-get install clang
#                 libclang-rt-14-dev)
#
# Builds tests/fuzz/engine_fuzz.c with -fsanitize=fuzzer,address,undefined,
# runs it on a copy of tests/fuzz/corpus and tests/fuzz/regressions, prints
# the number of executions and the coverage, and exits 1 if it crashed; the
# crashing input is then in $FUZZ_OUT/crashes/.  To turn it into a regression
# test: minimise it (fuzz-out/engine_fuzz -minimize_crash=1 -runs=10000 FILE),
# copy it to tests/fuzz/regressions/ under a name that says what it caught,
# and check that the plain driver (make check) fails on it until the fix.

set -u

srcdir=$(cd "$(dirname "$0")/.." && pwd)
seconds=${FUZZ_SECONDS:-60}
out=${FUZZ_OUT:-fuzz-out}
clang=${CLANG:-clang}
engine="aging.c dhash.c engine.c intern.c lpm4.c radix.c slab.c"

if ! command -v "$clang" >/dev/null 2>&1; then
    echo "fuzz.sh: $clang not found; on Debian: apt-get install clang libclang-rt-14-dev" >&2
    exit 2
fi

# the winetest-style line by which tools/runtest.sh counts this run
summary()
{
    printf '%04x:engine_libfuzzer: 1 tests executed (0 marked as todo, 0 as flaky, %d failures), 0 skipped.\n' $$ "$1"
}

mkdir -p "$out/corpus" "$out/crashes" || exit 2
# inputs only: a README would make libFuzzer start with long inputs
cp "$srcdir"/tests/fuzz/corpus/*.bin "$srcdir"/tests/fuzz/regressions/*.bin "$out/corpus/" 2>/dev/null

sources=""
for f in $engine; do sources="$sources $srcdir/dlls/rtm/$f"; done
# No comparison tracing: the input format has no magic values to guess, and
# tracing every compare in lpm4's fill loops made the target six times slower.
# shellcheck disable=SC2086
if ! "$clang" -std=c99 -g -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize-coverage=trace-cmp \
        -fno-sanitize-recover=all \
        -fno-omit-frame-pointer -DDHASH_MIN_BITS=1 -I"$srcdir/dlls/rtm" -I"$srcdir/tests/fuzz" \
        -o "$out/engine_fuzz" $sources "$srcdir/tests/fuzz/engine_fuzz.c" "$srcdir/tests/fuzz/bigalloc.c" \
        -Wl,--wrap=calloc,--wrap=free -lpthread; then
    echo "fuzz.sh: build failed (libFuzzer missing? apt-get install libclang-rt-14-dev)" >&2
    exit 2
fi

echo "fuzz.sh: fuzzing the engine for ${seconds}s (log: $out/fuzz.log)"
"$out/engine_fuzz" -max_total_time="$seconds" -max_len=2048 -timeout=30 -rss_limit_mb=4096 \
    -print_final_stats=1 -artifact_prefix="$out/crashes/" "$@" "$out/corpus" >"$out/fuzz.log" 2>&1
rc=$?

grep -E '^#[0-9]+[[:space:]]+DONE' "$out/fuzz.log" | tail -n 1
grep -E '^stat::(number_of_executed_units|average_exec_per_sec|peak_rss_mb)' "$out/fuzz.log"
echo "fuzz.sh: corpus now $(ls "$out/corpus" | wc -l) inputs"

crashes=$(ls "$out/crashes" 2>/dev/null)
if [ "$rc" -ne 0 ] || [ -n "$crashes" ]; then
    grep -E 'Test failed|ERROR: |runtime error|SUMMARY' "$out/fuzz.log" | head -n 20
    echo "fuzz.sh: FAILED (libFuzzer exit code $rc); inputs in $out/crashes/:"
    for f in $crashes; do echo "  $out/crashes/$f"; done
    summary 1
    exit 1
fi
echo "fuzz.sh: no crash"
summary 0
exit 0
