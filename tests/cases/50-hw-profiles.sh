#!/bin/sh
# SUMMARY: the ISO works on the virtual hardware users bring: virtio
# (with a second NIC), VirtualBox-class SATA/AHCI + e1000, IDE/PIIX + e1000,
# and q35 with an NVMe data disk and a virtio-scsi CD.  Each boot reaches
# the ready line, puts the data partition on the disk it was given, and
# answers podman --remote info over ssh.
set -eu
. "$TOP/tests/lib.sh"
need_iso
client_env

test_key
fwd="hostfwd=tcp:127.0.0.1:$SSH_PORT-:22"
iso="file=$B2P_ISO,if=none,id=cd,media=cdrom,readonly=on"

# newdisk NAME: a fresh driver-made disk at $disk for the next profile.
newdisk() {
	disk="$TEST_TMP/$1.img"
	data_disk "$disk" 2G
}

# profile NAME PARTITION QEMU-ARGS...: boots with $disk attached by the
# arguments, checks where the data went and that podman answers.
profile() {
	name=$1 part=$2
	shift 2
	start=$(date +%s.%N)
	qemu_start "$name" "$@"
	line=$(wait_ready 300) || fail "$name: no ready line"
	took=$(echo "$(date +%s.%N) - $start" | bc | cut -c1-5)
	rm -f "$TEST_TMP/known_hosts"
	q="awk '\$2 == \"/var/lib/containers\" { print \$1 }' /proc/mounts"
	src=$(ssh_guest tc "$q") || fail "$name: the first ssh after the ready line failed"
	[ "$src" = "/dev/$part" ] || fail "$name: /var/lib/containers is on '$src', not /dev/$part"
	hostkeys "$TEST_TMP/hostkeys"
	cp "$TEST_TMP/hostkeys" "$HOME/.ssh/known_hosts"
	url="ssh://tc@127.0.0.1:$SSH_PORT/run/podman/podman.sock"
	os=$(podman --remote --url "$url" --identity "$SSH_KEY" info --format '{{.Host.OS}} {{.Host.Kernel}}' 2>"$TEST_TMP/err") \
		|| fail "$name: podman --remote info: $(tail -n 3 "$TEST_TMP/err")"
	log "$name: ready ${took}s after qemu start (uptime ${line##*uptime=}), data on $src, podman: $os"
}

stop_vm() {
	qmp '{"execute":"system_powerdown"}' || fail "$1: QMP system_powerdown"
	wait_exit 60 || fail "$1: did not power off within 60 s of the ACPI power button"
}

newdisk virtio
profile virtio vda1 -M pc -drive "$iso" -device ide-cd,drive=cd,bootindex=0 \
	-drive "file=$disk,format=raw,if=virtio" \
	-nic "user,model=virtio-net-pci,$fwd" -nic "user,model=virtio-net-pci,net=192.168.77.0/24"
# Two NICs (NAT + a second network, as VirtualBox drivers add host-only):
# both leased, exactly one default route, resolv.conf has a server.
addrs=$(ssh_guest root "ip -4 -o addr show | awk '\$2 != \"lo\" { print \$2, \$4 }'" | tr '\n' ' ')
case "$addrs" in
*"eth0 10.0.2.15/24"*"eth1 192.168.77.15/24"*) ;;
*) fail "two NICs: expected eth0 10.0.2.15 and eth1 192.168.77.15, got: $addrs" ;;
esac
routes=$(ssh_guest root "ip route show | grep -c '^default '")
[ "$routes" = 1 ] || fail "two NICs: $routes default routes"
ssh_guest tc "grep -q '^nameserver ' /etc/resolv.conf" || fail "two NICs: resolv.conf has no nameserver"
log "virtio: two NICs: $addrs; one default route; resolv.conf ok"
stop_vm virtio

newdisk vbox-sata
profile vbox-sata sda1 -M pc -device ahci,id=sata \
	-drive "$iso" -device ide-cd,drive=cd,bus=sata.0,bootindex=0 \
	-drive "file=$disk,format=raw,if=none,id=hd" -device ide-hd,drive=hd,bus=sata.1 \
	-nic "user,model=e1000,$fwd"
stop_vm vbox-sata

newdisk vbox-ide
profile vbox-ide sda1 -M pc -drive "file=$disk,format=raw,if=ide,index=0" \
	-drive "file=$B2P_ISO,media=cdrom,if=ide,index=2" -boot d \
	-nic "user,model=e1000,$fwd"
stop_vm vbox-ide

newdisk q35-nvme
profile q35-nvme nvme0n1p1 -M q35 -device virtio-scsi-pci,id=scsi \
	-drive "$iso" -device scsi-cd,drive=cd,bus=scsi.0,bootindex=0 \
	-drive "file=$disk,format=raw,if=none,id=nv" -device nvme,serial=b2p0001,drive=nv \
	-nic "user,model=virtio-net-pci,$fwd"
stop_vm q35-nvme
