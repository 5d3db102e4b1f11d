#!/bin/sh
# SUMMARY: every build checks the cached inputs against the lock, not only
# the missing ones: a cached file changed in place (same size, mtime put
# back) or swapped for another stops the build before any stage uses it,
# with a message naming the file and the fix; an unchanged cache is not
# hashed again.  Works on a private copy of two small inputs, never on the
# shared cache.
set -eu
. "$TOP/tests/lib.sh"
lock="$TOP/configs/sources.lock"
shared="${DL_DIR:-$HOME/.cache/boot2podman/dl}"
dl="$TEST_TMP/dl" out="$TEST_TMP/out"
mkdir -p "$dl"
iso=$(awk '$1 == "deb" && $2 == "isolinux" { print $4 }' "$lock")
sys=$(awk '$1 == "deb" && $2 == "syslinux-common" { print $4 }' "$lock")
for f in "$iso" "$sys"; do
	[ -f "$shared/$f" ] || fail "$f is not in the download cache $shared (run make fetch)"
	cp "$shared/$f" "$dl/$f" # a copy: the shared file is never written
done
stage="$out/stamps/syslinux"
mk() { make -C "$TOP" --no-print-directory O="$out" DL_DIR="$dl" "$@" >"$TEST_TMP/log" 2>&1; }

mk "$stage" || fail "a good private cache does not build: $(tail -n 5 "$TEST_TMP/log")"
grep -q 'VERIFY  2 cached input' "$TEST_TMP/log" || fail "the first build did not verify the two inputs: $(cat "$TEST_TMP/log")"
mk "$stage" || fail "second build: $(tail -n 5 "$TEST_TMP/log")"
if grep -q VERIFY "$TEST_TMP/log"; then fail "an unchanged cache was hashed again"; fi

# bad WHAT: the next build (the stage removed, so it would extract the
# file) must stop before the stage, naming the file and the fix.
bad() {
	rm -f "$stage"
	if mk "$stage"; then fail "$1: the build went on with a file that is not the locked one"; fi
	grep -q "sha256 mismatch for $iso" "$TEST_TMP/log" || fail "$1: the error does not name $iso: $(cat "$TEST_TMP/log")"
	grep -q "rm '$dl/$iso'" "$TEST_TMP/log" || fail "$1: the error does not say to delete $dl/$iso"
	grep -q 'run make again' "$TEST_TMP/log" || fail "$1: the error does not say to run make again"
	[ ! -e "$stage" ] || fail "$1: the stage was built from the bad file"
	if make -C "$TOP" --no-print-directory O="$out" DL_DIR="$dl" -q "$stage" 2>/dev/null; then
		fail "$1: make -q passes"
	fi
}

# 1. One byte changed in place; size and mtime as before.
mtime=$(stat -c %Y "$dl/$iso")
printf 'X' | dd of="$dl/$iso" bs=1 seek=5000 conv=notrunc status=none
touch -d "@$mtime" "$dl/$iso"
bad "changed in place"
log "$(grep -m1 'sha256 mismatch' "$TEST_TMP/log")"

# 2. The advice works: deleted and fetched afresh (here: the good copy), it builds.
rm "$dl/$iso"
cp "$shared/$iso" "$dl/$iso"
mk "$stage" || fail "after replacing the bad file: $(tail -n 5 "$TEST_TMP/log")"

# 3. Replaced (new inode) by another file of the same size and mtime.
mtime=$(stat -c %Y "$dl/$iso")
head -c "$(stat -c %s "$dl/$iso")" "$dl/$sys" >"$dl/$iso.new"
touch -d "@$mtime" "$dl/$iso.new"
mv "$dl/$iso.new" "$dl/$iso"
bad "replaced"
log "in-place change and same-size replacement both stop the build; an unchanged cache is not rehashed"
