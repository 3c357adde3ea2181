#!/bin/bash
#
# Runs winetest-style test executables and native tests, and reports a tally
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
# Usage: tools/runtest.sh [option | item] ...
#
# Arguments are handled left to right; an option applies to the items after it.
#
# Items:
#   EXE:TEST          run "wine EXE TEST"
#   EXE               run every test that "wine EXE --list" names, one by one
#   --native CMD      run CMD (a shell command line) directly, not under Wine
#   --skip "NAME: REASON"   record NAME as skipped, e.g.
#                     --skip "i686 tests: no 32-bit Wine installed"
#   --from FILE       read items from FILE, one per line ("EXE[:TEST]",
#                     "native CMD" or "skip NAME: REASON"; # starts a comment)
#
# Options:
#   --wine PATH       Wine loader (default: $WINE, else wine64 or wine from
#                     $PATH or /usr/lib/wine)
#   --timeout SECS    time limit for each item (default: $RUNTEST_TIMEOUT or 300);
#                     the item gets SIGTERM, then SIGKILL 5 s later
#   --label LABEL     prefix result names with "LABEL/", e.g. "builtin", "mingw"
#   --results FILE    also append every result line to FILE
#   --logdir DIR      keep the full output of every item in DIR
#   --verbose         print the full output of every item, not only of failures
#   --tally FILE ...  run nothing: print the result lines collected in the
#                     FILEs (by --results) and their tally
#
# A winetest item passes only if it exits with 0, does not time out, prints no
# "unhandled exception" line, and prints at least one summary line
#   PID:TEST: N tests executed (N marked as todo, [N as flaky, ]N failures), N skipped.
# for its test name, every such line reporting 0 failures (a child process the
# test starts prints its own). A native item passes under the same rules, except
# that any test name is accepted in its summary lines. A missing summary line is
# a failure: an i686 exe under a 64-bit-only Wine prints nothing and exits 0.
#
# Output: one line per item, "PASS NAME", "FAIL NAME (reason)" followed by
# the last lines of its output, or "SKIP NAME (reason)"; then, as the last
# line, "N passed, N failed, N skipped". The exit status is 1 if anything
# failed, 2 on a usage error, 0 otherwise.
#
# Environment: WINEPREFIX and WINEDLLOVERRIDES come from the caller. WINEDEBUG
# defaults to -all. DISPLAY and WAYLAND_DISPLAY are removed so that Wine runs
# headless.
#
# Aggregating several runs (as make check does):
#   rm -f results.txt
#   tools/runtest.sh --results results.txt --label builtin build/rtm_test.exe || true
#   tools/runtest.sh --results results.txt --label mingw mingw/rtm_test.exe || true
#   tools/runtest.sh --results results.txt --native tests/native/engine_test || true
#   tools/runtest.sh --results results.txt --skip "i686: no 32-bit Wine installed"
#   tools/runtest.sh --tally results.txt    # prints everything; fails if anything failed

set -u

wine=${WINE:-}
timeout_secs=${RUNTEST_TIMEOUT:-300}
label=
results=
logdir=
verbose=0
passed=0
failed=0
skipped=0
tail_lines=25

export WINEDEBUG=${WINEDEBUG:--all}
unset DISPLAY WAYLAND_DISPLAY

workdir=$(mktemp -d "${TMPDIR:-/tmp}/runtest.XXXXXX") || exit 2
trap 'rm -rf "$workdir"' EXIT
out="$workdir/out"

usage()
{
    sed -n '/^# Usage:/,/^# Environment:/p' "$0" | sed -e '$d' -e 's/^# \{0,1\}//' >&2
    exit 2
}

find_wine()
{
    local dir prog

    [ -n "$wine" ] && return 0
    for prog in wine64 wine; do
        for dir in $(echo "$PATH" | tr ':' ' ') /usr/lib/wine; do
            if [ -x "$dir/$prog" ]; then
                wine="$dir/$prog"
                return 0
            fi
        done
    done
    echo "runtest.sh: no Wine loader found; use --wine PATH" >&2
    exit 2
}

record()
{
    local line=$1

    echo "$line"
    [ -n "$results" ] && echo "$line" >> "$results"
    case $line in
        PASS*) passed=$((passed + 1)) ;;
        FAIL*) failed=$((failed + 1)) ;;
        SKIP*) skipped=$((skipped + 1)) ;;
    esac
}

show_output()
{
    if [ "$verbose" = 1 ]; then
        sed 's/^/    /' "$out"
    else
        tail -n "$tail_lines" "$out" | sed 's/^/    /'
    fi
}

keep_log()
{
    local name=$1

    [ -n "$logdir" ] || return 0
    mkdir -p "$logdir" && cp "$out" "$logdir/$(echo "$name" | tr '/: ' '___').log"
}

# run_one NAME PATTERN CMD...: PATTERN matches the test name in summary lines
run_one()
{
    local name=$1 pattern=$2 rc reason summaries bad
    shift 2

    [ -n "$label" ] && name="$label/$name"
    timeout -k 5 "$timeout_secs" "$@" < /dev/null > "$out" 2>&1
    rc=$?
    # Windows programs end their lines with \r\n
    tr -d '\r' < "$out" > "$out.tmp" && mv -f "$out.tmp" "$out"

    summaries=$(grep -E "^[0-9a-fA-F]+:$pattern:[^ ]* [0-9]+ tests executed \([0-9]+ marked as todo, ([0-9]+ as flaky, )?[0-9]+ failures?\), [0-9]+ skipped\.\$" "$out")
    bad=$(echo "$summaries" | grep -Ev ' 0 failures\), ' | grep -v '^$' | head -n 1)

    reason=
    if [ $rc -eq 124 ] || [ $rc -eq 137 ]; then
        reason="timed out after ${timeout_secs}s"
    elif grep -q ':.*: unhandled exception [0-9a-fA-F]\{8\} at ' "$out"; then
        reason="crashed: $(grep -m 1 ':.*: unhandled exception ' "$out" | sed 's/^[^ ]* //')"
    elif [ -n "$bad" ]; then
        reason=$(echo "$bad" | sed 's/.*, \([0-9]* failures\{0,1\}\)).*/\1/')
        [ $rc -ne 0 ] && reason="$reason, exit code $rc"
    elif [ $rc -ne 0 ]; then
        reason="exit code $rc"
    elif [ -z "$summaries" ]; then
        reason="no summary line"
    fi

    keep_log "$name"
    # a skip inside a passing test (a check that could not run) is worth seeing
    inner=$(echo "$summaries" | sed -n 's/.*, \([0-9]*\) skipped\.$/\1/p' | awk '{n += $1} END {print n + 0}')
    if [ -z "$reason" ]; then
        if [ "$inner" -gt 0 ]; then record "PASS $name ($inner skipped inside)"; else record "PASS $name"; fi
        [ "$verbose" = 1 ] && show_output
    else
        record "FAIL $name ($reason)"
        show_output
    fi
}

# Test names are C identifiers (START_TEST), so they are safe inside a regex.
run_wine_test()
{
    local exe=$1 test=$2

    find_wine
    run_one "$(basename "$exe"):$test" "$test" "$wine" "$exe" "$test"
}

run_wine_exe()
{
    local exe=$1 name tests rc

    find_wine
    name=$(basename "$exe")
    [ -n "$label" ] && name="$label/$name"
    timeout -k 5 "$timeout_secs" "$wine" "$exe" --list < /dev/null > "$out" 2>&1
    rc=$?
    tests=$(tr -d '\r' < "$out" | sed -n 's/^    \([A-Za-z_][A-Za-z0-9_]*\)$/\1/p')
    if [ $rc -ne 0 ] || [ -z "$tests" ]; then
        record "FAIL $name (no test list from --list, exit code $rc)"
        show_output
        return
    fi
    for test in $tests; do
        run_wine_test "$exe" "$test"
    done
}

run_native()
{
    local cmd=$1

    run_one "$cmd" '[^: ]+' sh -c "$cmd"
}

skip_item()
{
    local spec=$1 name reason

    case $spec in
        *:*) name=${spec%%:*}; reason=${spec#*:}; reason=${reason# } ;;
        *) name=$spec; reason="skipped" ;;
    esac
    [ -n "$label" ] && name="$label/$name"
    record "SKIP $name ($reason)"
}

run_item()
{
    local item=$1

    case $item in
        native\ *) run_native "${item#native }" ;;
        skip\ *) skip_item "${item#skip }" ;;
        *.exe:*|*.EXE:*) run_wine_test "${item%:*}" "${item##*:}" ;;
        *) run_wine_exe "$item" ;;
    esac
}

tally()
{
    local file

    for file in "$@"; do
        if [ ! -r "$file" ]; then
            record "FAIL $file (results file missing)"
            continue
        fi
        while IFS= read -r line; do
            case $line in
                PASS*|FAIL*|SKIP*) record "$line" ;;
            esac
        done < "$file"
    done
}

[ $# -eq 0 ] && usage
need()
{
    [ "$1" -ge 2 ] || { echo "runtest.sh: $2 needs an argument" >&2; exit 2; }
}

while [ $# -gt 0 ]; do
    case $1 in
        --wine) need $# "$1"; wine=$2; shift 2 ;;
        --timeout)
            need $# "$1"
            case $2 in ''|*[!0-9]*) echo "runtest.sh: bad timeout '$2'" >&2; exit 2 ;; esac
            timeout_secs=$2; shift 2 ;;
        --label) need $# "$1"; label=$2; shift 2 ;;
        --results) need $# "$1"; results=$2; shift 2 ;;
        --logdir) need $# "$1"; logdir=$2; shift 2 ;;
        --verbose) verbose=1; shift ;;
        --native) need $# "$1"; run_native "$2"; shift 2 ;;
        --skip) need $# "$1"; skip_item "$2"; shift 2 ;;
        --from)
            need $# "$1"
            [ -r "$2" ] || { echo "runtest.sh: cannot read $2" >&2; exit 2; }
            while IFS= read -r line <&3; do
                line=${line%%#*}
                line=$(echo "$line" | sed -e 's/^[ 	]*//' -e 's/[ 	]*$//')
                [ -n "$line" ] && run_item "$line"
            done 3< "$2"
            shift 2 ;;
        --tally) shift; [ $# -gt 0 ] || usage; tally "$@"; break ;;
        -h|--help) usage ;;
        -*) echo "runtest.sh: unknown option $1" >&2; exit 2 ;;
        *) run_item "$1"; shift ;;
    esac
done

echo "$passed passed, $failed failed, $skipped skipped"
[ $failed -eq 0 ]
