#!/bin/sh
# SUMMARY: disks with anything on them are never touched (a foreign ext4,
# an MBR with a partition, a GPT), a blank disk is formatted, no disk means
# RAM mode; each decision is said on the console.
set -eu
. "$TOP/tests/lib.sh"
need_iso
d="$TEST_TMP"
truncate -s 512M "$d/foreign.img" && mkfs.ext4 -q -F -L family-photos "$d/foreign.img"
truncate -s 512M "$d/mbr.img" && printf 'label: dos\nstart=2048, type=83\n' | sfdisk -q "$d/mbr.img"
truncate -s 512M "$d/gpt.img" && printf 'label: gpt\nstart=2048, type=linux\n' | sfdisk -q "$d/gpt.img"
truncate -s 1G "$d/blank.img"
for f in foreign mbr gpt; do sha256sum "$d/$f.img" | cut -d' ' -f1 >"$d/$f.sum"; done

qemu_start protect -cdrom "$B2P_ISO" -boot d \
	-drive "file=$d/foreign.img,format=raw,if=virtio" \
	-drive "file=$d/mbr.img,format=raw,if=virtio" \
	-drive "file=$d/gpt.img,format=raw,if=virtio" \
	-drive "file=$d/blank.img,format=raw,if=virtio"
wait_ready 240 >/dev/null || fail "no ready line"
con() { tr -d '\r' <"$QEMU_DIR/console.log"; }
con | grep -a -i 'skip\|format\|disk' | sed 's/^/    console: /' || true
for dev in vda vdb vdc; do
	con | grep -a -q -i "$dev.*skip\|skip.*$dev" || fail "the console does not say $dev was skipped"
done
guest "awk '\$1 == \"/dev/vdd1\" && \$3 == \"ext4\" { f = 1 } END { exit !f }' /proc/mounts" \
	|| fail "the blank disk was not formatted and mounted"
guest 'poweroff' 10 >/dev/null 2>&1 || true
wait_exit 60 || qemu_cleanup
for f in foreign mbr gpt; do
	[ "$(sha256sum "$d/$f.img" | cut -d' ' -f1)" = "$(cat "$d/$f.sum")" ] || fail "$f.img was modified"
done
log "foreign ext4, MBR and GPT disks unchanged; blank disk formatted"

qemu_start nodisk -cdrom "$B2P_ISO" -boot d
wait_ready 180 >/dev/null || fail "no ready line without a disk"
con | grep -a -q -i 'RAM' || fail "RAM mode not said on the console"
