#!/bin/sh
#
# Checks that every built rtm.dll exports exactly the names in the spec, and
# imports only system DLLs: one that needs a compiler runtime DLL (mingw's
# libgcc_s_dw2-1.dll for 64-bit division on i686) does not load without it
#
# Copyright 2026 the rtm.dll authors
# LGPL-2.1-or-later, see COPYING.LIB.
#
# Usage: tools/check-exports.sh SPEC DLL...
# Prints one line per DLL and a winetest-style summary line; exits with the
# number of DLLs whose exports differ from the spec or that import another DLL.

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
    others=$($objdump -p "$dll" | sed -n 's/^[ \t]*DLL Name: //p' | tr 'A-Z' 'a-z' | \
        grep -v -x -e advapi32.dll -e kernel32.dll -e ntdll.dll -e msvcrt.dll -e ucrtbase.dll | tr '\n' ' ')
    if ! cmp -s "$tmp.spec" "$tmp.dll"; then
        echo "$dll: Test failed: exports differ from the spec ($got exported, $want in the spec):"
        diff "$tmp.spec" "$tmp.dll" | sed -n 's/^</  missing:/p; s/^>/  extra:/p'
        failures=$((failures + 1))
    elif [ -n "$others" ]; then
        echo "$dll: Test failed: imports DLLs that are not part of the system: $others"
        failures=$((failures + 1))
    else
        echo "$dll: $got exports, exactly the $want names of the spec; system imports only"
    fi
done
printf '%04x:exports: %d tests executed (0 marked as todo, 0 as flaky, %d failures), 0 skipped.\n' \
    $$ $# $failures
exit $failures
