#!/bin/sh
# SUMMARY: the initrds, the init, busybox and every .tcz come out byte for
# byte the same from two builds in other directories with other umasks (the
# cheap half of `make check-repro`, which also builds the kernel and ISO).
set -eu
. "$TOP/tests/lib.sh"
REPRO_DIR="$TEST_TMP" "$TOP/tests/check-repro.sh" initrd >"$TEST_TMP/log" 2>&1 \
	|| { cat "$TEST_TMP/log"; fail "two builds differ"; }
sed 's/^/  /' "$TEST_TMP/log"
