#!/bin/sh
# SUMMARY: with -m ${B2P_SMALL_MEM:-128} the ISO boots from CD with a data
# disk, reaches the ready line and runs a container; prints how much memory
# is left.
set -eu
. "$TOP/tests/lib.sh"
need_iso
mem=${B2P_SMALL_MEM:-128}

test_key
disk="$TEST_TMP/data.img"
data_disk "$disk" 2G

B2P_MEM=$mem qemu_start "mem$mem" -cdrom "$B2P_ISO" -boot d -drive "file=$disk,format=raw,if=virtio" \
	-nic "user,model=virtio-net-pci,hostfwd=tcp:127.0.0.1:$SSH_PORT-:22"
line=$(wait_ready 300) || fail "-m $mem: no ready line"
test_image "$TEST_TMP/img.tar"
ssh_guest root podman import - localhost/b2p-mem:test <"$TEST_TMP/img.tar" >"$TEST_TMP/import" 2>&1 \
	|| fail "-m $mem: podman import: $(tail -n 3 "$TEST_TMP/import")"
out=$(ssh_guest root podman run --rm localhost/b2p-mem:test echo container-ran) || fail "-m $mem: podman run"
[ "$out" = container-ran ] || fail "-m $mem: the container printed '$out'"
avail=$(ssh_guest root "awk '/^MemAvailable/ { print int(\$2 / 1024) }' /proc/meminfo")
log "-m $mem: ready at uptime ${line##*uptime=}, a container ran, ${avail} MiB still available"
qmp '{"execute":"system_powerdown"}' || fail "QMP system_powerdown"
wait_exit 60 || fail "no power-off within 60 s"
