#!/bin/sh
# SUMMARY: several disks carry the data label: the pick follows the
# documented rule, every candidate is on the console, and only the chosen
# disk's bootsync.sh runs; a removable disk with the format-me magic is not
# formatted (a fixed blank one is); a chosen file system that e2fsck -p
# cannot repair, or that the kernel will not mount, gives a loud RAM mode
# with nothing mounted and no boot hook from any disk.
set -eu
. "$TOP/tests/lib.sh"
[ -f "$B2P_KERNEL" ] || fail "no kernel at $B2P_KERNEL (run make iso)"
d="$TEST_TMP"
join_initrds "$d/initrd.gz"

# labelled DISK LABEL [MKFS OPTIONS]: a whole-disk ext4 with the label and
# a bootsync.sh that records which disk it came from.
labelled() {
	rm -rf "$d/tree" && mkdir -p "$d/tree/var/lib/boot2podman"
	echo "echo $1 >>/run/bootsync.ran" >"$d/tree/var/lib/boot2podman/bootsync.sh"
	rm -f "$d/$1.img" && truncate -s 64M "$d/$1.img"
	disk=$1 label=$2
	shift 2
	mkfs.ext4 -q -F -L "$label" -E root_owner=0:0 -d "$d/tree" "$@" "$d/$disk.img" \
		|| fail "mkfs.ext4 $label on $disk.img"
}
labelled vda boot2docker-data
labelled vdb boot2podman-data
labelled vdc boot2podman-data
labelled sda boot2podman-data

con() { tr -d '\r' <"$QEMU_DIR/console.log"; }
# boot NAME VIRTIO_DISKS... -- REMOVABLE_SCSI_DISK: -kernel is quicker
# than the ISO's boot loader and runs the same init.
boot() {
	name=$1 args=
	shift
	while [ $# -gt 0 ] && [ "$1" != -- ]; do
		args="$args -drive file=$d/$1.img,format=raw,if=virtio"
		shift
	done
	[ "${1:-}" = -- ] && shift
	if [ $# -gt 0 ]; then
		args="$args -device virtio-scsi-pci,id=scsi0 -drive file=$d/$1.img,format=raw,if=none,id=rm0"
		args="$args -device scsi-hd,drive=rm0,bus=scsi0.0,removable=on"
	fi
	# shellcheck disable=SC2086 # args is a list of options without spaces
	qemu_start "$name" -kernel "$B2P_KERNEL" -initrd "$d/initrd.gz" \
		-append "console=ttyS0 loglevel=3" $args
	wait_ready 240 >/dev/null || fail "no ready line ($name)"
	con | grep -a 'b2p: .*\(candidate\|data partition\|skipping\|format\|e2fsck\|RAM mode\|persistent\|running\|not running\)' \
		| sed "s/^/    $name: /" || true
}
mounted() { guest "awk '\$1 == \"$1\" { f = 1 } END { exit !f }' /proc/mounts"; }
off() {
	guest 'poweroff' 10 >/dev/null 2>&1 || true
	wait_exit 60 || fail "poweroff did not stop the VM"
}

# 1. Four labelled disks: vda has boot2docker's label, vdb and vdc ours,
# sda is removable.  Rule: fixed before removable, ours before
# boot2docker's, then the name: vdb.
boot several vda vdb vdc -- sda
guest "grep -q sda /proc/partitions" || fail "the removable SCSI disk is not visible"
[ "$(guest 'cat /sys/block/sda/removable' | tr -d '\r')" = 1 ] || fail "sda is not removable in the guest"
for c in vda vdb vdc sda; do
	con | grep -a -q "b2p: data label candidate /dev/$c: ext label" || fail "candidate $c is not on the console"
done
con | grep -a -q 'b2p: data partition /dev/vdb (label boot2podman-data), chosen by the rule' \
	|| fail "vdb was not the one chosen"
mounted /dev/vdb || fail "vdb is not mounted"
for c in vda vdc sda; do
	if mounted "/dev/$c"; then fail "$c is mounted too"; fi
done
[ "$(guest 'cat /run/bootsync.ran' | tr -d '\r')" = vdb ] \
	|| fail "bootsync.sh ran from other disks than vdb: $(guest 'cat /run/bootsync.ran')"
off
log "four labelled disks: vdb chosen by the rule, every candidate logged, only its bootsync.sh ran"

# 2. A removable disk with the format-me magic beside a fixed blank disk:
# the blank disk is formatted, the removable one left as it was.
ssh-keygen -q -t ed25519 -N '' -f "$d/key"
"$TOP/scripts/b2p-mkdisk.sh" -s 256M "$d/key.pub" "$d/magic.img" >/dev/null
truncate -s 256M "$d/blank.img"
before=$(sha256sum "$d/magic.img" | cut -d' ' -f1)
boot removable blank -- magic
con | grep -a -q 'b2p: skipping /dev/sda: removable disk, never formatted unless b2p.disk=/dev/sda' \
	|| fail "the console does not say the removable disk was skipped"
mounted /dev/vda1 || fail "the fixed blank disk was not formatted and mounted"
off
[ "$(sha256sum "$d/magic.img" | cut -d' ' -f1)" = "$before" ] || fail "the removable disk was written to"
log "removable format-me disk unchanged (sha256 $before); the fixed blank disk was formatted"

# 3. The chosen file system is damaged beyond what e2fsck -p may repair.
for req in 'clri <2>' 'ssv state 0'; do
	debugfs -w -R "$req" "$d/vdb.img" >/dev/null 2>&1 || fail "debugfs $req on vdb.img"
done
boot broken vda vdb vdc -- sda
con | grep -a -q 'b2p: data partition /dev/vdb (label boot2podman-data), chosen by the rule' \
	|| fail "another disk than vdb was chosen this time"
con | grep -a -q 'b2p: .*e2fsck -p /dev/vdb: exit 4, errors left uncorrected' || fail "e2fsck's verdict is not on the console"
con | grep -a -q "RAM mode: WARNING: the data disk /dev/vdb is NOT in use: .*run 'e2fsck -f /dev/vdb'" \
	|| fail "the RAM-mode fallback is not said, or not what to do"
if con | grep -a -q 'b2p: persistent storage on'; then fail "persistent storage was claimed"; fi
for c in vda vdb vdc sda; do
	if mounted "/dev/$c"; then fail "$c is mounted in RAM mode"; fi
done
if guest 'test -e /run/bootsync.ran'; then fail "a bootsync.sh ran in RAM mode: $(guest 'cat /run/bootsync.ran')"; fi
off
log "damaged chosen file system: not mounted, RAM mode said with the remedy, no boot hook ran"

# 4. The chosen file system passes e2fsck but the kernel cannot mount it
# (casefold needs CONFIG_UNICODE, which this kernel lacks).
# The kernel names virtio disks in the order they are attached: keep it.
labelled vdb boot2podman-data -O casefold
boot unmountable vda vdb vdc
con | grep -a -q 'b2p: e2fsck -p /dev/vdb: exit 0, clean' || fail "e2fsck did not pass the casefold file system"
con | grep -a -q 'b2p: mount /dev/vdb on /mnt/vdb:' || fail "the mount failure is not on the console"
con | grep -a -q 'RAM mode: WARNING: the data disk /dev/vdb is NOT in use: it could not be mounted' \
	|| fail "the RAM-mode fallback after a failed mount is not said"
if con | grep -a -q 'b2p: persistent storage on'; then fail "persistent storage was claimed after a failed mount"; fi
for c in vda vdb vdc; do
	if mounted "/dev/$c"; then fail "$c is mounted after the failed mount"; fi
done
if guest 'test -e /run/bootsync.ran'; then fail "a bootsync.sh ran after the failed mount: $(guest 'cat /run/bootsync.ran')"; fi
guest "! awk '\$2 == \"/var/lib/boot2podman\" { f = 1 } END { exit !f }' /proc/mounts" \
	|| fail "/var/lib/boot2podman is a mount in RAM mode"
off
log "unmountable chosen file system: RAM mode said, no other disk used, no boot hook ran"
