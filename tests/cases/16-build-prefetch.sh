#!/bin/sh
# SUMMARY: the missing .debs of a lock come in one apt call (fetch.sh
# --prefetch), each checked against the lock before it enters the cache: a
# file whose hash is not the locked one stays out, and the per-file fetch
# then names it; a second prefetch has nothing to do.  Works on a private
# cache and a two-line lock of small inputs.
set -eu
. "$TOP/tests/lib.sh"
lock="$TOP/configs/sources.lock"
dl="$TEST_TMP/dl"
awk '$1 == "deb" && ($2 == "isolinux" || $2 == "syslinux-common")' "$lock" >"$TEST_TMP/two.lock"
[ "$(grep -c . "$TEST_TMP/two.lock")" = 2 ] || fail "isolinux and syslinux-common are not both in $lock"
iso=$(awk '$2 == "isolinux" { print $4 }' "$TEST_TMP/two.lock")
sys=$(awk '$2 == "syslinux-common" { print $4 }' "$TEST_TMP/two.lock")
pf() { LOCK="$1" DL_DIR="$dl" "$TOP/scripts/fetch.sh" --prefetch >"$TEST_TMP/log" 2>&1; }

# 1. Both missing: one call, both in, both as locked.
pf "$TEST_TMP/two.lock" || fail "prefetch failed: $(tail -n 5 "$TEST_TMP/log")"
grep -q 'FETCH   2 .deb files in one go' "$TEST_TMP/log" || fail "not one call for both: $(cat "$TEST_TMP/log")"
for f in "$iso" "$sys"; do
	want=$(awk -v f="$f" '$4 == f { print $5 }' "$TEST_TMP/two.lock")
	[ -f "$dl/$f" ] || fail "$f is not in the cache after the prefetch"
	[ "$(sha256sum <"$dl/$f" | cut -d' ' -f1)" = "$want" ] || fail "$f in the cache is not the locked file"
done
for d in "$dl"/.prefetch.*; do
	[ ! -e "$d" ] || fail "the prefetch left its temp dir $d in the cache"
done

# 2. Nothing missing: nothing to do.
pf "$TEST_TMP/two.lock" || fail "second prefetch failed: $(tail -n 5 "$TEST_TMP/log")"
[ ! -s "$TEST_TMP/log" ] || fail "a prefetch with nothing missing did something: $(cat "$TEST_TMP/log")"

# 3. A lock whose hash for isolinux is wrong: the download stays out of
# the cache, and the per-file fetch says which file and why.
rm -f "$dl/$iso"
bad=0000000000000000000000000000000000000000000000000000000000000000
awk -v b="$bad" '$2 == "isolinux" { $5 = b } { print }' "$TEST_TMP/two.lock" >"$TEST_TMP/bad.lock"
pf "$TEST_TMP/bad.lock" || fail "prefetch with a bad hash must leave the error to the per-file fetch: $(cat "$TEST_TMP/log")"
[ ! -e "$dl/$iso" ] || fail "a file that does not match the lock entered the cache"
if LOCK="$TEST_TMP/bad.lock" DL_DIR="$dl" "$TOP/scripts/fetch.sh" "$iso" >"$TEST_TMP/log" 2>&1; then
	fail "the per-file fetch accepted a file that does not match the lock"
fi
grep -q "sha256 mismatch for $iso" "$TEST_TMP/log" || fail "the mismatch is not named: $(cat "$TEST_TMP/log")"
log "two .debs in one apt call, checked; a wrong one stays out and is named by the per-file fetch"
