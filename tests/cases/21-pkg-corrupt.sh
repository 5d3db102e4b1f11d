#!/bin/sh
# SUMMARY: a package with a bad checksum and one whose image is corrupt (but
# checksum right) are reported with their names and reasons, their
# dependents are skipped, and the boot still reaches the ready line with the
# other packages working.  Uses a test initrd layered over the real ones.
# From the ISO (images checked after the boot) a damaged image in /cde is
# reported by name with what to do.
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
qemu_cleanup

# On the ISO the images are checked after the boot instead (they are
# mounted from the read-only CD first): the same damaged skopeo in the
# ISO's /cde is named on the console with what to do about it.
xorriso -indev "$B2P_ISO" -outdev "$TEST_TMP/damaged.iso" -boot_image any replay \
	-map "$t/tce/optional/skopeo.tcz" /cde/optional/skopeo.tcz >"$TEST_TMP/xorriso.log" 2>&1 \
	|| fail "cannot make the damaged ISO: $(tail -n 3 "$TEST_TMP/xorriso.log")"
qemu_start damaged -cdrom "$TEST_TMP/damaged.iso" -boot d
wait_ready 180 >/dev/null || fail "the damaged ISO did not reach the ready line"
wait_console 'package images on /mnt/sr0/cde are damaged' 180 || fail "the damaged image on the CD was not reported"
con | grep -a -q 'package skopeo: md5 mismatch: expected' || fail "no md5 mismatch named for skopeo on the CD"
con | grep -a 'package skopeo: md5\|are damaged' | sed 's/^/    console: /'
