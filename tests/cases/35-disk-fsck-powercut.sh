#!/bin/sh
# SUMMARY: power is cut (QEMU killed) while a container writes into a named
# volume; the next boot runs e2fsck -p, which replays the journal (the
# console and the persistent fsck.log say so), then mounts the data
# partition and podman works with the volume's data.
set -eu
. "$TOP/tests/lib.sh"
[ -f "$B2P_KERNEL" ] || fail "no kernel at $B2P_KERNEL (run make iso)"
test_key
disk="$TEST_TMP/data.img"
data_disk "$disk" 2G
join_initrds "$TEST_TMP/initrd.gz"
con() { tr -d '\r' <"$QEMU_DIR/console.log"; }

boot() {
	qemu_start "$1" -kernel "$B2P_KERNEL" -initrd "$TEST_TMP/initrd.gz" \
		-append "console=ttyS0 loglevel=3" -drive "file=$disk,format=raw,if=virtio" \
		-netdev "user,id=n0,hostfwd=tcp:127.0.0.1:$SSH_PORT-:22" -device virtio-net-pci,netdev=n0
	wait_ready 300 >/dev/null || fail "no ready line ($1)"
}
boot first
test_image "$TEST_TMP/img.tar"
ssh_guest root 'cat >/tmp/img.tar' <"$TEST_TMP/img.tar" || fail "copying the image over ssh"
ssh_guest root "podman import --change 'CMD [\"/bin/sh\"]' /tmp/img.tar localhost/b2p-busybox:test" \
	>"$TEST_TMP/import" 2>&1 || fail "podman import: $(tail -n 3 "$TEST_TMP/import")"
ssh_guest root 'podman volume create pcvol' >/dev/null || fail "podman volume create"
ssh_guest root "podman run --rm -v pcvol:/data localhost/b2p-busybox:test sh -c 'echo kept >/data/before' && sync" \
	|| fail "writing the first file into the volume"
# shellcheck disable=SC2016 # expanded by the container's shell
ssh_guest root 'podman run -d --name writer -v pcvol:/data localhost/b2p-busybox:test sh -c "i=0; while :; do echo line \$i >>/data/log; i=\$((i + 1)); done"' \
	>/dev/null || fail "starting the writer container"
vol=/var/lib/containers/storage/volumes/pcvol/_data
i=0 size=0
while [ "$size" -lt 100000 ]; do
	i=$((i + 1))
	[ $i -le 30 ] || fail "the writer did not write 100 kB in 30 s (size $size)"
	sleep 1
	size=$(ssh_guest root "wc -c <$vol/log 2>/dev/null || echo 0" | tr -d ' \r')
done
# past ext4's 5 s commit interval: the journal holds committed transactions
# of the running writer and the file system is marked as needing recovery
sleep 6
ssh_guest root 'podman ps --format "{{.Names}} {{.Status}}"' | grep -q '^writer Up' || fail "the writer is not running"
kill -9 "$QEMU_PID"
wait_exit 10 || fail "QEMU did not die"
log "power cut with the writer running (its log had $size bytes a few seconds earlier)"

boot second
con | grep -a 'b2p: .*\(e2fsck\|persistent\|RAM\)' | sed 's/^/    console: /'
con | grep -a -q 'b2p: e2fsck: boot2podman-data: recovering journal' || fail "e2fsck did not replay the journal"
con | grep -a -q 'b2p: e2fsck -p /dev/vda1: exit [0-3], .*: the file system was repaired' \
	|| fail "the console does not say the file system was repaired"
con | grep -a -q 'b2p: persistent storage on /dev/vda1 at /mnt/vda1' || fail "the data partition is not in use"
ssh_guest root "awk '\$1 == \"/dev/vda1\" && \$2 == \"/mnt/vda1\" && \$3 == \"ext4\" && \$4 ~ /^rw/ { f = 1 } END { exit !f }' /proc/mounts" \
	|| fail "/dev/vda1 is not mounted read-write at /mnt/vda1"
ssh_guest root 'grep -q "recovering journal" /var/lib/boot2podman/log/fsck.log' \
	|| fail "the persistent log has no record of the repair"
if ssh_guest root dmesg | grep -a 'EXT4-fs (vda1).*recover'; then
	fail "the kernel had to recover the journal itself: the file system was mounted unrepaired"
fi
# podman may warn on stderr that it recreates layer links after the cut
out=$(ssh_guest root 'podman run --rm -v pcvol:/data localhost/b2p-busybox:test cat /data/before' 2>"$TEST_TMP/run") \
	|| fail "podman run after the repair: $(tail -n 3 "$TEST_TMP/run")"
[ "$out" = kept ] || fail "the volume's data is not readable through podman (got '$out')"
lines=$(ssh_guest root "wc -l <$vol/log" | tr -d ' \r')
ssh_guest root 'podman rm -f writer' >/dev/null || fail "podman rm of the interrupted container"
ssh_guest root "podman run --rm -v pcvol:/data localhost/b2p-busybox:test sh -c 'echo after >/data/after'" \
	|| fail "podman cannot write to the volume after the repair"
log "repaired on the next boot: $(con | grep -a -m1 'b2p: e2fsck -p /dev/vda1' | sed 's/^b2p: //'); the writer's log kept $lines lines"
