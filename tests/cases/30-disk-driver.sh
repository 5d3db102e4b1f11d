#!/bin/sh
# SUMMARY: a driver-prepared disk (docker-machine's tar at offset 0) is
# partitioned and formatted on first boot, the keys land in ~tc/.ssh and
# root's authorized_keys, and the second boot reuses the disk as it is.
set -eu
. "$TOP/tests/lib.sh"
[ -f "$B2P_ISO" ] || fail "no ISO at $B2P_ISO (run make iso)"
ssh-keygen -q -t ed25519 -N '' -C b2p-test -f "$TEST_TMP/key"
disk="$TEST_TMP/data.img"
"$TOP/scripts/b2p-mkdisk.sh" -s 2G "$TEST_TMP/key.pub" "$disk" >/dev/null
key=$(cut -d' ' -f2 "$TEST_TMP/key.pub")

boot() {
	qemu_start "$1" -cdrom "$B2P_ISO" -boot d -drive "file=$disk,format=raw,if=virtio"
	wait_ready 240 >/dev/null || fail "no ready line ($1)"
}
boot first
guest "grep -q '$key' /home/tc/.ssh/authorized_keys" || fail "the key is not in ~tc/.ssh/authorized_keys"
guest "grep -q '$key' /root/.ssh/authorized_keys" || fail "the key is not in root's authorized_keys"
guest "[ \"\$(stat -c '%a %U' /home/tc/.ssh)\" = '700 tc' ]" || fail "~tc/.ssh is not 0700 tc"
guest "[ \"\$(stat -c '%a %U' /home/tc/.ssh/authorized_keys)\" = '600 tc' ]" || fail "authorized_keys is not 0600 tc"
guest "awk '\$1 ~ /^\\/dev\\/vda1\$/ && \$3 == \"ext4\" { f = 1 } END { exit !f }' /proc/mounts" \
	|| fail "/dev/vda1 is not mounted as ext4"
for d in /var/lib/containers /var/lib/boot2podman /home/tc; do
	guest "awk '\$2 == \"$d\" { f = 1 } END { exit !f }' /proc/mounts" || fail "$d is not a mount"
done
guest "[ -s /var/lib/boot2podman/userdata.tar ]" || fail "userdata.tar not saved on the disk"
guest 'echo kept >/var/lib/boot2podman/persist-check && sync' || fail "cannot write to the data disk"
guest 'poweroff' 10 >/dev/null 2>&1 || true
wait_exit 60 || fail "poweroff did not stop the VM within 60 s"

# On the host: one MBR partition, ext4 labelled boot2podman-data, at 1 MiB.
label=$(dd if="$disk" bs=1 skip=$((1048576 + 1024 + 120)) count=16 status=none | tr -d '\0')
[ "$label" = boot2podman-data ] || fail "partition 1 label is '$label', want boot2podman-data"
log "formatted: label $label"

boot second
guest 'grep -q kept /var/lib/boot2podman/persist-check' || fail "the second boot lost the data (reformatted?)"
tr -d '\r' <"$QEMU_DIR/console.log" | grep -a -i 'format' | sed 's/^/    console: /' || true
if tr -d '\r' <"$QEMU_DIR/console.log" | grep -a -q -i 'formatting'; then
	fail "the second boot formatted the disk again"
fi
