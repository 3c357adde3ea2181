#!/bin/sh
#
# Checks that every built rtm.dll exports exactly the names in the spec
#
# Copyright 2026 the rtm.dll authors
# LGPL-2.1-or-later, see COPYING.LIB.
#
# Usage: tools/check-exports.sh SPEC DLL...
# Prints one line per DLL and a winetest-style summary line; exits with the
# number of DLLs whose export names differ from the spec.

set -u
spec=$1; shift
objdump=
for o in x86_64-w64-mingw32-objdump objdump; do
    if command -v $o >/dev/null 2>&1; then objdump=$o; break; fi
done
[ -n "$objdump" ] || { echo "check-exports: no objdump (Debian package: binutils-mingw-w64)"; exit 1; }

tmp=${TMPDIR:-/tmp}/check-exports.$$
trap 'rm -f "$tmp".*' EXIT
sed -n 's/^[@0-9][0-9]*[ \t][ \t]*\(stdcall\|cdecl\|varargs\|stub\)[ \t][ \t]*\(-[^ \t]*[ \t]*\)*\([A-Za-z_][A-Za-z0-9_]*\).*/\3/p; s/^@[ \t][ \t]*\(stdcall\|cdecl\|varargs\|stub\)[ \t][ \t]*\(-[^ \t]*[ \t]*\)*\([A-Za-z_][A-Za-z0-9_]*\).*/\3/p' \
    "$spec" | sort -u > "$tmp.spec"
want=$(wc -l < "$tmp.spec")
failures=0
for dll in "$@"; do
    # the export name table: "[ordinal] Name" lines after "[Ordinal/Name Pointer] Table"
    $objdump -p "$dll" | sed -n '/Ordinal\/Name Pointer\] Table/,/^$/p' | \
        sed -n 's/^[ \t]*\[[ 0-9]*\][ \t]*\([A-Za-z_][A-Za-z0-9_@]*\)$/\1/p' | sort -u > "$tmp.dll"
    got=$(wc -l < "$tmp.dll")
    if cmp -s "$tmp.spec" "$tmp.dll"; then
        echo "$dll: $got exports, exactly the $want names of the spec"
    else
        echo "$dll: Test failed: exports differ from the spec ($got exported, $want in the spec):"
        diff "$tmp.spec" "$tmp.dll" | sed -n 's/^</  missing:/p; s/^>/  extra:/p'
        failures=$((failures + 1))
    fi
done
printf '%04x:exports: %d tests executed (0 marked as todo, 0 as flaky, %d failures), 0 skipped.\n' \
    $$ $# $failures
exit $failures
