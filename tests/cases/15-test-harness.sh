#!/bin/sh
# SUMMARY: the harness cannot go green by not testing: `make test` counts
# unit tests that fail to build as a failure, and the package cases fail
# (not skip) when the package set is empty.  Runs make test with a broken
# compiler flag in a private unit directory, and the package cases against
# a stage whose onboot.lst is empty; no boot, no rebuild of the ISO.
set -eu
. "$TOP/tests/lib.sh"

# 1. Unit tests that do not compile.  -o iso: the ISO is not this check's
# business (and not rebuilt); the one case run passes.
printf '#!/bin/sh\nexit 0\n' >"$TEST_TMP/ok.sh"
rc=0
make -C "$TOP" --no-print-directory O="$O" -o iso test TESTS="$TEST_TMP/ok.sh" \
	UNIT_DIR="$TEST_TMP/unit" UNIT_CFLAGS=-fb2p-no-such-flag >"$TEST_TMP/log" 2>&1 || rc=$?
[ "$rc" != 0 ] || fail "make test passed with unit tests that do not build: $(tail -n 3 "$TEST_TMP/log")"
grep -q '^1 passed, 1 failed, 0 skipped$' "$TEST_TMP/log" \
	|| fail "the unit build failure is not counted: $(tail -n 3 "$TEST_TMP/log")"
grep -q '^failed: unit-tests(did not build' "$TEST_TMP/log" \
	|| fail "the failure is not named: $(tail -n 3 "$TEST_TMP/log")"
log "broken unit build: $(grep -E "^failed:|passed," "$TEST_TMP/log" | tr "\n" " ")"

# 2. An empty package set (a regression that empties configs/packages.list).
fake="$TEST_TMP/fake"
mkdir -p "$fake/pkgset/tce/optional"
: >"$fake/pkgset/tce/onboot.lst"
: >"$fake/boot2podman.iso"
cases=
for c in 10-pkg-closure 11-pkg-list 12-pkg-incremental 20-pkg-boot 21-pkg-corrupt; do
	cases="$cases $TOP/tests/cases/$c.sh"
done
rc=0
# shellcheck disable=SC2086 # one path a word
O="$fake" B2P_ISO="$fake/boot2podman.iso" B2P_PKG_SET="$fake/pkgset" timeout 120 "$TOP/tests/run.sh" $cases >"$TEST_TMP/log2" 2>&1 || rc=$?
[ "$rc" != 0 ] || fail "the package cases pass on an empty package set: $(tail -n 3 "$TEST_TMP/log2")"
grep -q '^0 passed, 5 failed, 0 skipped$' "$TEST_TMP/log2" \
	|| fail "not all five package cases fail on an empty package set: $(grep -E '^  (PASS|FAIL|SKIP)|passed' "$TEST_TMP/log2")"
n=$(grep -c 'FAIL: .*onboot.lst' "$TEST_TMP/log2" || true)
[ "$n" = 5 ] || fail "$n of 5 cases name onboot.lst in their failure: $(grep 'FAIL:' "$TEST_TMP/log2")"
log "empty onboot.lst: 5 package cases fail"
