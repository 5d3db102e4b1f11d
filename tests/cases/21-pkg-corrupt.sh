#!/bin/sh
# SUMMARY: a package with a bad checksum and one whose image is corrupt (but
# checksum right) are reported with their names and reasons, their
# dependents are skipped, and the boot still reaches the ready line with the
# other packages working.  Uses a test initrd layered over the real ones.
set -eu
. "$TOP/tests/lib.sh"
stage="$B2P_PKG_SET/tce"
[ -s "$stage/onboot.lst" ] || fail "no package set: $stage/onboot.lst is missing or empty"
grep -qx skopeo "$stage/onboot.lst" || fail "skopeo is not in onboot.lst"

t="$TEST_TMP/overlay"
mkdir -p "$t/tce/optional" "$TEST_TMP/dep/usr/share/b2p-test"
# 1. skopeo with one byte changed: md5 mismatch.
cp "$stage/optional/skopeo.tcz" "$t/tce/optional/"
printf 'X' | dd of="$t/tce/optional/skopeo.tcz" bs=1 seek=200000 conv=notrunc status=none
cp "$stage/optional/skopeo.tcz.md5.txt" "$t/tce/optional/"
# 2. an image of garbage whose md5 is right: the mount fails.
head -c 65536 /dev/urandom >"$t/tce/optional/b2pbroken.tcz"
(cd "$t/tce/optional" && md5sum b2pbroken.tcz >b2pbroken.tcz.md5.txt)
# 3. a good image that depends on the broken one: skipped with a reason.
echo hi >"$TEST_TMP/dep/usr/share/b2p-test/hello"
mksquashfs "$TEST_TMP/dep" "$t/tce/optional/b2pdependent.tcz" -all-root -quiet -no-progress >/dev/null
(cd "$t/tce/optional" && md5sum b2pdependent.tcz >b2pdependent.tcz.md5.txt)
echo b2pbroken >"$t/tce/optional/b2pdependent.tcz.dep"
{ cat "$stage/onboot.lst"; echo b2pbroken; echo b2pdependent; } >"$t/tce/onboot.lst"
(cd "$t" && find . -mindepth 1 | LC_ALL=C sort | cpio --quiet -o -H newc -R 0:0) | gzip -1 >"$TEST_TMP/overlay.gz"
join_initrds "$TEST_TMP/initrd.gz" && cat "$TEST_TMP/overlay.gz" >>"$TEST_TMP/initrd.gz"

qemu_start corrupt -kernel "$B2P_KERNEL" -initrd "$TEST_TMP/initrd.gz" \
	-append "console=ttyS0 loglevel=3"
wait_ready 180 >/dev/null || fail "the boot did not reach the ready line"
con() { tr -d '\r' <"$QEMU_DIR/console.log"; }
con | grep -a -i 'package skopeo.*md5' >/dev/null || fail "no md5 error for skopeo on the console"
con | grep -a -i 'package b2pbroken' >/dev/null || fail "no error for the corrupt image"
con | grep -a -i 'package b2pdependent.*b2pbroken' >/dev/null || fail "the dependent was not skipped naming its dependency"
con | grep -a -i 'package \(skopeo\|b2pbroken\|b2pdependent\)' | sed 's/^/    console: /'
guest 'podman version >/dev/null' 60 || fail "podman does not work after a neighbour failed"
if guest 'command -v skopeo' 20 >/dev/null; then fail "the corrupt skopeo was linked in"; fi
