#!/bin/sh
# Compares the speed of two revisions of rtm.dll, interleaved and in several
# code layouts (docs/performance.md, "Measuring a change").
#
# usage: tools/ab-layouts.sh [-p PAIRS] [-l LAYOUTS] REV_A REV_B [DRIVER_ARGS...]
#
# REV_A, REV_B  git revisions of this repository (commit them first)
# PAIRS         rounds over all layouts (default 3)
# LAYOUTS       code layouts per revision (default 8): the DLL as it is, then
#               relinked with a dummy function of 16, 32, ... bytes at the end
#               of its first object, which moves all the code after it
# DRIVER_ARGS   for bench/abdriver.exe (default: load 10000 50), built from
#               this checkout and run against both DLLs: only the DLL differs
#
# Each run's "best" figure goes to ab-layouts.log in the current directory;
# the summary pairs REV_B's runs with REV_A's of the same round and layout.
#
# Copyright 2026 the rtm.dll authors
# LGPL-2.1-or-later, see COPYING.LIB.

set -e

pairs=3
layouts=8
while getopts p:l: opt; do
    case $opt in
        p) pairs=$OPTARG ;;
        l) layouts=$OPTARG ;;
        *) sed -n '4,15p' "$0" >&2; exit 2 ;;
    esac
done
shift $((OPTIND - 1))
if [ $# -lt 2 ]; then sed -n '4,15p' "$0" >&2; exit 2; fi
rev_a=$1
rev_b=$2
shift 2
[ $# -gt 0 ] || set -- load 10000 50

src=$(cd "$(dirname "$0")/.." && pwd)
wine=${WINE:-/usr/lib/wine/wine64}
[ -x "$wine" ] || wine=$(command -v wine64)
work=$(mktemp -d /tmp/ab-layouts.XXXXXX)
log=$PWD/ab-layouts.log
: > "$log"

cleanup()
{
    for side in a b; do
        if [ -d "$work/src-$side" ]; then git -C "$src" worktree remove --force "$work/src-$side"; fi
    done
    rm -rf "$work"
}
trap cleanup EXIT

# one revision's tree, configured and built in $work/build-<side>
build_tree()
{
    git -C "$src" worktree add -q --detach "$work/src-$1" "$2"
    (cd "$work/src-$1" && autoconf)
    mkdir "$work/build-$1"
    (cd "$work/build-$1" && "$work/src-$1/configure" > /dev/null && make -s lib/x86_64/librtm.a > /dev/null)
}

# its DLL in every layout, with the driver, in $work/run-<side>-<pad>/
build_layouts()
{
    first="$work/src-$1/dlls/rtm/aging.c"       # first in the link
    cp "$first" "$work/first.c"
    i=0
    while [ $i -lt "$layouts" ]; do
        pad=$((i * 16))
        cp "$work/first.c" "$first"
        if [ $pad -gt 0 ]; then
            echo "void rtm_layout_pad(void) { __asm__ volatile(\".skip $pad, 0x90\"); }" >> "$first"
        fi
        (cd "$work/build-$1" && make -s dlls/rtm/mingw64/rtm.dll > /dev/null)
        mkdir "$work/run-$1-$pad"
        cp "$work/build-$1/dlls/rtm/mingw64/rtm.dll" "$work/abdriver.exe" "$work/run-$1-$pad/"
        i=$((i + 1))
    done
}

echo "building $rev_a and $rev_b in $layouts layouts each..."
build_tree a "$rev_a"
build_tree b "$rev_b"
${CROSSCC64:-x86_64-w64-mingw32-gcc} -O2 -Wall -I"$src/include" -I"$src/bench" -o "$work/abdriver.exe" \
    "$src/bench/abdriver.c" "$src/bench/tablegen.c" -L"$work/build-a/lib/x86_64" -lrtm -lws2_32
build_layouts a
build_layouts b

export WINEPREFIX="$work/wineprefix" WINEDEBUG=-all WINEDLLOVERRIDES="rtm=n;mscoree,mshtml=" DISPLAY=
"$wine" wineboot -i > /dev/null 2>&1 || true

echo "running abdriver.exe $* ($pairs rounds x $layouts layouts x 2)..."
round=1
while [ $round -le "$pairs" ]; do
    i=0
    while [ $i -lt "$layouts" ]; do
        pad=$((i * 16))
        for side in a b; do
            best=$(cd "$work/run-$side-$pad" && "$wine" abdriver.exe "$@" | sed -n 's/.*best \([0-9.]*\).*/\1/p')
            [ -n "$best" ] || { echo "abdriver.exe failed ($side, layout $pad)" >&2; exit 1; }
            echo "$side $round $pad $best" >> "$log"
        done
        i=$((i + 1))
    done
    round=$((round + 1))
done

median()
{
    sort -n | awk '{ v[NR] = $1 } END { print NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

ma=$(awk '$1 == "a" { print $4 }' "$log" | median)
mb=$(awk '$1 == "b" { print $4 }' "$log" | median)
awk '$1 == "a" { a[$2 " " $3] = $4 } $1 == "b" { b[$2 " " $3] = $4 }
     END { for (k in a) if (k in b) print b[k] / a[k] }' "$log" > "$work/ratios"
echo "abdriver.exe $*: best per run, $(wc -l < "$work/ratios") pairs"
echo "  $rev_a: median $ma"
echo "  $rev_b: median $mb"
echo "  $rev_b / $rev_a, paired: median $(median < "$work/ratios"), faster in $(awk '$1 < 1' "$work/ratios" | wc -l)"
