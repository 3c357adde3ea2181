#!/bin/sh
#
# Compile-only ABI checks of include/{rtm,rtmv2,mgm}.h
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
# 1. tests/abi_layout.h's C_ASSERTs against our headers and against
#    mingw-w64's, for x86_64 and i686;
# 2. each header standalone after <windows.h> with both mingw-w64 compilers
#    and with winegcc (Wine's own windows + msvcrt headers).
# Exits non-zero on the first failure.  Override the tools with
# MINGW64_CC, MINGW32_CC and WINEGCC.

srcdir=$(cd "$(dirname "$0")/.." && pwd)
MINGW64_CC=${MINGW64_CC:-x86_64-w64-mingw32-gcc}
MINGW32_CC=${MINGW32_CC:-i686-w64-mingw32-gcc}
WINEGCC=${WINEGCC:-/usr/lib/wine/winegcc}
CFLAGS="-Wall -Werror -fsyntax-only"
tmpdir=$(mktemp -d) || exit 1
trap 'rm -rf "$tmpdir"' EXIT
status=0
checks=0
failures=0

run()
{
    desc=$1; shift
    checks=$((checks + 1))
    if "$@" >"$tmpdir/log" 2>&1; then
        echo "PASS: $desc"
    else
        echo "FAIL: $desc"
        sed 's/^/    /' "$tmpdir/log"
        status=1
        failures=$((failures + 1))
    fi
}

for cc in "$MINGW64_CC" "$MINGW32_CC"; do
    run "$cc: layout of include/" \
        $cc $CFLAGS -I"$srcdir/include" -DABI_LAYOUT_STANDALONE -x c "$srcdir/tests/abi_layout.h"
    run "$cc: layout of mingw-w64 headers" \
        $cc $CFLAGS -DABI_USE_SYSTEM_HEADERS -DABI_LAYOUT_STANDALONE -x c "$srcdir/tests/abi_layout.h"
done

for hdr in rtm.h rtmv2.h mgm.h; do
    printf '#include <windows.h>\n#include <%s>\n#include <%s>\n' "$hdr" "$hdr" >"$tmpdir/$hdr.c"
    for cc in "$MINGW64_CC" "$MINGW32_CC"; do
        run "$cc: $hdr standalone" \
            $cc $CFLAGS -pedantic -I"$srcdir/include" "$tmpdir/$hdr.c"
    done
    run "$MINGW64_CC: $hdr standalone as C++" \
        $MINGW64_CC -x c++ -Wall -Werror -fsyntax-only -I"$srcdir/include" -include windows.h \
            -include "$hdr" /dev/null
    run "winegcc: $hdr standalone" \
        $WINEGCC -b x86_64-w64-mingw32 -D__WINESRC__ -Wall -Werror -I"$srcdir/include" \
            -c "$tmpdir/$hdr.c" -o "$tmpdir/$hdr.o"
done

printf '%04x:abi_headers: %d tests executed (0 marked as todo, 0 as flaky, %d failures), 0 skipped.\n' \
    $$ $checks $failures
exit $status
