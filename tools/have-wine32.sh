#!/bin/sh
#
# Tells whether this Wine can run 32-bit (i686) programs
#
# Copyright 2026 the rtm.dll authors
# LGPL-2.1-or-later, see COPYING.LIB.
#
# Usage: tools/have-wine32.sh WINE I686_TEST_EXE
# Exits 0 when WINE runs the i686 winetest executable, i.e. "EXE --list"
# prints the names of its tests.  A 64-bit-only Wine starts an i686 program,
# prints nothing useful and exits 0, so the exit code alone proves nothing.

wine=$1 exe=$2
out=$(timeout -k 5 60 "$wine" "$exe" --list 2>/dev/null | tr -d '\r')
[ -n "$out" ]
