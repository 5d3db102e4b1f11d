#!/bin/sh
# SUMMARY: power is cut (QEMU killed) at several instants while a
# driver-prepared disk is being formatted; every next boot ends with the
# disk formatted and the user's key installed.
set -eu
. "$TOP/tests/lib.sh"
need_iso
ssh-keygen -q -t ed25519 -N '' -f "$TEST_TMP/key"
key=$(cut -d' ' -f2 "$TEST_TMP/key.pub")

# Delays after the console says "formatting": from before mkfs starts to
# the label switch and cleanup.
for delay in 0 0.3 0.8 1.5 3 6; do
	disk="$TEST_TMP/data-$delay.img"
	"$TOP/scripts/b2p-mkdisk.sh" -s 1G "$TEST_TMP/key.pub" "$disk" >/dev/null
	qemu_start "cut-$delay" -cdrom "$B2P_ISO" -boot d -drive "file=$disk,format=raw,if=virtio,cache=writethrough"
	wait_console 'b2p: formatting /dev/vda' 180 || fail "formatting never started"
	sleep "$delay"
	kill -9 "$QEMU_PID"
	wait_exit 10 || true
	state=$(dd if="$disk" bs=1 count=29 status=none | tr -d '\0')
	qemu_start "after-$delay" -cdrom "$B2P_ISO" -boot d -drive "file=$disk,format=raw,if=virtio"
	wait_ready 240 >/dev/null || fail "cut at +${delay}s: the next boot did not become ready"
	guest "grep -q '$key' /home/tc/.ssh/authorized_keys" \
		|| fail "cut at +${delay}s: the key was lost (first bytes then: '$state')"
	guest "awk '\$1 == \"/dev/vda1\" && \$3 == \"ext4\" { f = 1 } END { exit !f }' /proc/mounts" \
		|| fail "cut at +${delay}s: the disk is not formatted and mounted"
	log "cut at +${delay}s (first bytes '${state:-<none>}'): $(tr -d '\r' <"$QEMU_DIR/console.log" | grep -a -m1 'b2p: .*\(resum\|format\|data partition\)')"
	qemu_cleanup
done
