#!/bin/sh
#
# One command from a fresh Debian 12 checkout to a result
#
# Copyright 2026 the rtm.dll authors
# LGPL-2.1-or-later, see COPYING.LIB.
#
# Usage: sh tools/bootstrap.sh [TARGET...]
#   demo    install what is missing, build everything, run the demo under Wine
#   check   install what is missing, build everything, run every test
#   bench   install what is missing, build, run the benchmark
# Builds in ./build (override with BUILDDIR).  Installing needs root and
# Debian's apt-get; when every tool is already there nothing is installed.

set -e
srcdir=$(cd "$(dirname "$0")/.." && pwd)
builddir=${BUILDDIR:-$srcdir/build}
[ $# -gt 0 ] || set -- demo

# Debian packages this project needs, and one file each provides
need="wine64:/usr/lib/wine/wine64 wine64-tools:/usr/lib/wine/winegcc libwine-dev:/usr/include/wine/wine/windows/windef.h
gcc-mingw-w64-x86-64:/usr/bin/x86_64-w64-mingw32-gcc gcc-mingw-w64-i686:/usr/bin/i686-w64-mingw32-gcc
binutils-mingw-w64-x86-64:/usr/bin/x86_64-w64-mingw32-objdump autoconf:/usr/bin/autoconf make:/usr/bin/make
gcc:/usr/bin/gcc libc6-dev:/usr/include/stdio.h gcc-multilib:/usr/lib/gcc/x86_64-linux-gnu/*/32/libasan.so
clang:/usr/bin/clang
libclang-rt-14-dev:/usr/lib/llvm-14/lib/clang/*/lib/linux/libclang_rt.fuzzer-x86_64.a"
missing=
for item in $need; do
    # shellcheck disable=SC2086
    ls ${item#*:} >/dev/null 2>&1 || missing="$missing ${item%%:*}"
done
if [ -n "$missing" ]; then
    echo "bootstrap: installing:$missing"
    if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null 2>&1; then
        echo "bootstrap: need root and apt-get to install:$missing" >&2
        exit 1
    fi
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    # shellcheck disable=SC2086
    apt-get install -y -qq --no-install-recommends $missing mingw-w64 >/dev/null
fi

cd "$srcdir"
if [ ! -x configure ] || [ configure.ac -nt configure ]; then autoconf; fi
mkdir -p "$builddir"
cd "$builddir"
if [ ! -f Makefile ] || [ "$srcdir/configure" -nt Makefile ] || [ "$srcdir/Makefile.in" -nt Makefile ]; then
    "$srcdir/configure" -q
fi
jobs=$(nproc 2>/dev/null || echo 2)
make -j"$jobs" all
for target in "$@"; do
    make "$target"
done
