#!/bin/sh
# SUMMARY: the one hybrid ISO boots under UEFI (OVMF, q35): from CD with a
# data disk (ready line, data partition made, ssh works), and as a raw disk
# (GRUB from the EFI system partition finds the ISO file system; the
# guest leaves that disk alone).
set -eu
. "$TOP/tests/lib.sh"
need_iso
code=/usr/share/OVMF/OVMF_CODE_4M.fd vars=/usr/share/OVMF/OVMF_VARS_4M.fd
{ [ -f "$code" ] && [ -f "$vars" ]; } || fail "no OVMF firmware in /usr/share/OVMF (apt-get install ovmf)"

test_key

# uefi NAME QEMU-ARGS...: q35 with OVMF and its own copy of the variables.
uefi() {
	name=$1
	shift
	cp "$vars" "$TEST_TMP/$name.vars"
	start=$(date +%s.%N)
	qemu_start "$name" -M q35 \
		-drive "if=pflash,format=raw,readonly=on,file=$code" \
		-drive "if=pflash,format=raw,file=$TEST_TMP/$name.vars" \
		-nic "user,model=virtio-net-pci,hostfwd=tcp:127.0.0.1:$SSH_PORT-:22" "$@"
	line=$(wait_ready 300) || fail "$name: no ready line under OVMF"
	log "$name: ready $(echo "$(date +%s.%N) - $start" | bc | cut -c1-5)s after qemu start (uptime ${line##*uptime=})"
}

disk="$TEST_TMP/data.img"
data_disk "$disk" 2G
uefi uefi-cd -cdrom "$B2P_ISO" -drive "file=$disk,format=raw,if=virtio"
efi=$(ssh_guest root "test -d /sys/firmware/efi && echo efi; awk '\$2 == \"/var/lib/containers\" { print \$1 }' /proc/mounts" | tr '\n' ' ') \
	|| fail "uefi-cd: ssh failed"
[ "$efi" = "efi /dev/vda1 " ] || fail "uefi-cd: expected an EFI boot with data on /dev/vda1, got '$efi'"
qmp '{"execute":"system_powerdown"}' || fail "QMP system_powerdown"
wait_exit 60 || fail "uefi-cd: no power-off within 60 s"

raw="$TEST_TMP/iso-as-disk.img"
cp "$B2P_ISO" "$raw"
uefi uefi-disk -drive "file=$raw,format=raw,if=virtio"
cmp -s "$B2P_ISO" "$raw" || fail "uefi-disk: the guest wrote to the disk it booted from"
grep -a -q 'skipping /dev/vda' "$QEMU_DIR/console.log" || fail "uefi-disk: no word that /dev/vda was left alone"
qmp '{"execute":"system_powerdown"}' || fail "QMP system_powerdown"
wait_exit 60 || fail "uefi-disk: no power-off within 60 s"
cmp -s "$B2P_ISO" "$raw" || fail "uefi-disk: the boot disk changed"
