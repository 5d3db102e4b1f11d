#!/bin/sh
# SUMMARY: the machine's state on the data disk is used on the next boot:
# hostname, bootsync.sh (before the daemons) and bootlocal.sh (after), logs
# under /var/lib/boot2podman/log; b2p.swap= adds a swap partition; a key
# the user added to ~/.ssh/authorized_keys is kept beside the driver's.
set -eu
. "$TOP/tests/lib.sh"
[ -f "$B2P_KERNEL" ] || fail "no kernel at $B2P_KERNEL (run make iso)"
ssh-keygen -q -t ed25519 -N '' -f "$TEST_TMP/key"
disk="$TEST_TMP/data.img"
"$TOP/scripts/b2p-mkdisk.sh" -s 2G "$TEST_TMP/key.pub" "$disk" >/dev/null
join_initrds "$TEST_TMP/initrd.gz"

boot() {
	qemu_start "$1" -kernel "$B2P_KERNEL" -initrd "$TEST_TMP/initrd.gz" \
		-append "console=ttyS0 loglevel=3 $2" -drive "file=$disk,format=raw,if=virtio"
	wait_ready 240 >/dev/null || fail "no ready line ($1)"
}
boot first b2p.swap=256M
guest "awk '\$1 == \"/dev/vda2\" && \$2 == \"partition\" { f = 1 } END { exit !f }' /proc/swaps" \
	|| fail "b2p.swap=256M: no swap partition in use: $(guest 'cat /proc/swaps')"
guest 'echo b2p-renamed >/var/lib/boot2podman/etc/hostname' || fail "cannot write the hostname file"
# shellcheck disable=SC2016 # expanded by the guest's shell
guest 'printf "echo sync-\$(hostname) >/run/bootsync.ran\n" >/var/lib/boot2podman/bootsync.sh' || fail "bootsync.sh"
guest 'printf "pidof sshd >/run/bootlocal.ran\n" >/var/lib/boot2podman/bootlocal.sh' || fail "bootlocal.sh"
own="ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIB2pUsersOwnKeyLine tc@elsewhere"
guest "setuidgid tc sh -c 'echo \"$own\" >>/home/tc/.ssh/authorized_keys'" || fail "tc cannot add a key"
guest 'poweroff' 10 >/dev/null 2>&1 || true
wait_exit 60 || fail "poweroff did not stop the VM"

boot second ""
[ "$(guest hostname | tr -d '\r')" = b2p-renamed ] || fail "the hostname from the state dir was not set"
[ "$(guest 'cat /run/bootsync.ran' | tr -d '\r')" = sync-b2p-renamed ] || fail "bootsync.sh did not run (after the hostname)"
i=0
until guest 'test -s /run/bootlocal.ran' >/dev/null 2>&1; do
	i=$((i + 1))
	[ $i -lt 20 ] || fail "bootlocal.sh did not run after sshd started"
	sleep 1
done
guest 'grep -q "" /var/lib/boot2podman/log/sshd.log || test -f /var/lib/boot2podman/log/sshd.log' \
	|| fail "no sshd log on the data disk"
guest "awk '\$2 == \"/var/log\" { f = 1 } END { exit !f }' /proc/mounts" || fail "/var/log is not on the data disk"
guest "awk '\$1 == \"/dev/vda2\" { f = 1 } END { exit !f }' /proc/swaps" || fail "the swap partition is not used on the second boot"
key=$(cut -d' ' -f2 "$TEST_TMP/key.pub")
# issue 10, item 7: the user's line used to be wiped by the next boot
guest "grep -q -x -F '$own' /home/tc/.ssh/authorized_keys" || fail "the key tc added was wiped by the reboot"
[ "$(guest "grep -c '$key' /home/tc/.ssh/authorized_keys" | tr -d '\r')" = 1 ] \
	|| fail "the driver's key is not in ~tc/.ssh/authorized_keys exactly once"
guest "! grep -q B2pUsersOwnKeyLine /root/.ssh/authorized_keys" || fail "the user's own key reached root's keys"
log "hostname, bootsync.sh, bootlocal.sh, logs, swap and the user's own key all persisted"
