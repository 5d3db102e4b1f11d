#!/bin/sh
# SUMMARY: the disk wait ends on what is there, never on a fixed clock.
# 1) No disk at all, default options: RAM mode with a disk wait well under
#    a second (the timeline's diskwait step), not b2p.waitdisk's 5 s.
# 2) A driver-made disk (format-me magic) hot-plugged through QMP a few
#    seconds into the wait (kept open with b2p.disksettle, as a slow bus
#    would) is found at once, formatted and used: the data partition is
#    mounted, the driver's key logs in, and the wait ended within seconds
#    of the plug, far from its bound.
set -eu
. "$TOP/tests/lib.sh"
need_iso
[ -f "$B2P_KERNEL" ] || fail "no kernel at $B2P_KERNEL (run make iso)"
test_key
d="$TEST_TMP"
join_initrds "$d/initrd.img" || fail "cannot join the initrds (run make iso)"

# diskwait duration (ms) from the guest's timeline
diskwait_ms() {
	ssh_guest root "awk '\$3 == \"diskwait\" { print \$2 }' /run/boot2podman/timeline" | tr -d '\r'
}

nic() {
	echo "user,model=virtio-net-pci,hostfwd=tcp:127.0.0.1:$SSH_PORT-:22"
}

# 1) RAM mode: no disk, no fixed wait.
qemu_start ram -kernel "$B2P_KERNEL" -initrd "$d/initrd.img" -append "console=ttyS0 loglevel=3" \
	-nic "$(nic)"
wait_ready 300 >/dev/null || fail "RAM mode: no ready line"
tr -d '\r' <"$QEMU_DIR/console.log" | grep -q 'RAM mode: no usable disk' || fail "RAM mode: no 'RAM mode' line"
tr -d '\r' <"$QEMU_DIR/console.log" | grep -q '^b2p: timeline .*diskwait=' || fail "no timeline summary line"
# no key on a RAM-mode machine: read the timeline on the console instead
w=$(tr -d '\r' <"$QEMU_DIR/console.log" | sed -n 's/^b2p: timeline .*diskwait=\([0-9]*\).*/\1/p' | head -n 1)
[ -n "$w" ] || fail "RAM mode: no diskwait step in the summary"
[ "$w" -lt 1000 ] || fail "RAM mode: the disk wait took $w ms (a fixed wait?)"
log "RAM mode: disk wait $w ms"
qmp '{"execute":"system_powerdown"}' || fail "QMP system_powerdown"
wait_exit 60 || fail "RAM mode: no power-off within 60 s"

# 2) Hot-plug during the wait.
data_disk "$d/late.img" 2G
qemu_start hotplug -kernel "$B2P_KERNEL" -initrd "$d/initrd.img" \
	-append "console=ttyS0 loglevel=3 b2p.waitdisk=120 b2p.disksettle=100000" \
	-device virtio-scsi-pci,id=scsi0 -nic "$(nic)"
wait_console 'no data disk yet: waiting' 300 || fail "the init never waited for a disk"
sleep 3
qmp "{\"execute\":\"blockdev-add\",\"arguments\":{\"driver\":\"raw\",\"node-name\":\"late\",\"file\":{\"driver\":\"file\",\"filename\":\"$d/late.img\"}}}" \
	|| fail "QMP blockdev-add"
qmp '{"execute":"device_add","arguments":{"driver":"scsi-hd","bus":"scsi0.0","drive":"late","id":"latedisk"}}' \
	|| fail "QMP device_add"
wait_ready 300 >/dev/null || fail "no ready line after the hot-plug"
tr -d '\r' <"$QEMU_DIR/console.log" | grep -q 'persistent storage on /dev/sda1' \
	|| fail "the hot-plugged disk was not used"
ssh_guest root "awk '\$1 == \"/dev/sda1\" && \$3 == \"ext4\" { f = 1 } END { exit !f }' /proc/mounts" \
	|| fail "the driver's key does not log in, or /dev/sda1 is not mounted"
ssh_guest root "awk '\$2 == \"/var/lib/containers\" { f = 1 } END { exit !f }' /proc/mounts" \
	|| fail "/var/lib/containers is not on the disk"
w=$(diskwait_ms)
[ -n "$w" ] || fail "no diskwait step in /run/boot2podman/timeline"
[ "$w" -lt 60000 ] || fail "the wait ran $w ms: it did not end when the disk came"
ssh_guest root "[ -s /var/log/timeline ]" || fail "the timeline was not copied into the persistent log"
log "hot-plugged disk found and used; the disk wait lasted $w ms (plugged ~3 s in)"
qmp '{"execute":"system_powerdown"}' || fail "QMP system_powerdown"
wait_exit 60 || fail "no power-off within 60 s"
