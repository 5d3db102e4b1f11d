#!/bin/sh
# SUMMARY: when the packages came in the package initrd (a direct kernel
# boot: -kernel with core.gz and podman.gz), after the ready line the
# images leave RAM for the data disk (every loop device reads a copy in
# /var/lib/boot2podman/pkgcache, the RAM images are links to them, the
# root tmpfs is freed); the power cut
# while a copy is being written leaves the next boot whole: it is ready,
# sweeps the half copy and moves every image again; a container runs.
set -eu
. "$TOP/tests/lib.sh"
need_iso
test_key
disk="$TEST_TMP/data.img"
data_disk "$disk" 2G
cache=/var/lib/boot2podman/pkgcache
join_initrds "$TEST_TMP/initrd.img" || fail "cannot join the initrds (run make iso)"

start() {
	qemu_start "$1" -kernel "$B2P_KERNEL" -initrd "$TEST_TMP/initrd.img" -append "console=ttyS0 loglevel=3" \
		-drive "file=$disk,format=raw,if=virtio" \
		-nic "user,model=virtio-net-pci,hostfwd=tcp:127.0.0.1:$SSH_PORT-:22"
	wait_ready 300 >/dev/null || fail "$1: no ready line"
}

start cut
# The cut: as soon as one copy is finished and the next one is being
# written (polled from the guest's own shell, 20 s at most), the power goes.
guest "i=0; while [ \$i -lt 400 ]; do ls -a $cache 2>/dev/null | grep -q '\\.tmp\$' && ls $cache | grep -q '\\.tcz\$' && exit 0; sleep 0.05; i=\$((i + 1)); done; exit 1" 60 \
	>/dev/null || fail "no copy in progress next to a finished one in $cache within 20 s of ready"
kill -9 "$QEMU_PID"
wait_exit 10 || fail "QEMU did not die"
log "power cut while a package image was being copied"

start again
wait_console 'b2p: package images on the data disk' 120 || fail "second boot: the images were not moved"
summary=$(tr -d '\r' <"$QEMU_DIR/console.log" | grep -a -m1 -o 'b2p: package images on the data disk.*')
case $summary in
*" 0 failed, 0 left in RAM"*) ;;
*) fail "second boot: $summary" ;;
esac
# The copies finished before the cut are used again, not rewritten.
counts=$(echo "$summary" | sed -n 's/.*disk: \([0-9]*\) moved (\([0-9]*\) copied).*/\1 \2/p')
[ -n "$counts" ] || fail "no counts in: $summary"
if [ "${counts#* }" -ge "${counts% *}" ]; then fail "second boot copied every image again: $summary"; fi
n=$(ssh_guest root "ls /tmp/tcloop | wc -l") || fail "ssh"
moved=$(ssh_guest root "cat /sys/block/loop*/loop/backing_file | grep -c '^$cache/'") || fail "no loop device reads the cache"
[ "$moved" = "$n" ] || fail "$moved of $n loop devices read $cache"
ssh_guest root "ls -a $cache | grep '\\.tmp\$'" && fail "a temporary copy is left in $cache"
links=$(ssh_guest root "find /tce/optional -name '*.tcz' -type l | wc -l")
[ "$links" = "$n" ] || fail "$links of $n images in /tce/optional are links to the copies"
shmem=$(ssh_guest root "awk '/^Shmem:/ { print int(\$2 / 1024) }' /proc/meminfo")
[ "$shmem" -lt 16 ] || fail "Shmem is still $shmem MiB after the move"
# Every copy is the image its md5 names.
ssh_guest root "cd $cache && for f in *.tcz; do s=\${f%.tcz}; [ \"\$(md5sum <\$f | cut -d' ' -f1)\" = \"\${s##*-}\" ] || { echo \$f; exit 1; }; done" \
	|| fail "a copy in $cache does not match its md5"
test_image "$TEST_TMP/img.tar"
ssh_guest root podman import - localhost/b2p-move:test <"$TEST_TMP/img.tar" >/dev/null 2>&1 || fail "podman import"
out=$(ssh_guest root podman run --rm localhost/b2p-move:test echo ran) || fail "podman run"
[ "$out" = ran ] || fail "the container printed '$out'"
log "$summary; Shmem $shmem MiB; a container ran"
qmp '{"execute":"system_powerdown"}' || fail "QMP system_powerdown"
wait_exit 60 || fail "no power-off within 60 s"
