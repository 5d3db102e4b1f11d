#!/bin/sh
# SUMMARY: the fuzz targets for outside input (driver tar, disk signatures)
# replay their committed corpus and fuzz briefly without a finding.
set -eu
. "$TOP/tests/lib.sh"
command -v clang >/dev/null || fail "clang missing (configs/host-packages)"
make -C "$TOP" --no-print-directory O="$O" fuzz-smoke >"$TEST_TMP/log" 2>&1 \
	|| fail "fuzz-smoke: $(tail -n 30 "$TEST_TMP/log")"
grep -a -E 'Done|PASS|#[0-9]+' "$TEST_TMP/log" | tail -n 4 | sed 's/^/    /'
