#!/bin/sh
# SUMMARY: an input whose sha256 differs from the lock stops the build with a
# message naming the file, the expected and the actual hash.
set -eu
. "$TOP/tests/lib.sh"
lock="$TOP/configs/sources.lock"
line=$(awk '$1 == "src" && $2 == "busybox"' "$lock")
file=$(echo "$line" | cut -d' ' -f4)
real=$(echo "$line" | cut -d' ' -f5)
[ -f "${DL_DIR:-$HOME/.cache/boot2podman/dl}/$file" ] || fail "busybox source not in the download cache"
bad=0000000000000000000000000000000000000000000000000000000000000000
sed "s/$real/$bad/" "$lock" >"$TEST_TMP/bad.lock"

if make -C "$TOP" --no-print-directory O="$TEST_TMP/out" LOCK="$TEST_TMP/bad.lock" fetch \
	>"$TEST_TMP/log" 2>&1; then
	fail "make fetch succeeded with a wrong hash in the lock"
fi
grep -q "sha256 mismatch for $file" "$TEST_TMP/log" || fail "no mismatch message: $(cat "$TEST_TMP/log")"
grep -q "expected $bad" "$TEST_TMP/log" || fail "expected hash not shown"
grep -q "actual   $real" "$TEST_TMP/log" || fail "actual hash not shown"
log "$(grep -A2 'sha256 mismatch' "$TEST_TMP/log" | tr '\n' ' ')"

make -C "$TOP" --no-print-directory O="$TEST_TMP/out" fetch >"$TEST_TMP/log" 2>&1 \
	|| fail "make fetch fails with the real lock: $(tail -n 5 "$TEST_TMP/log")"
