#!/bin/sh
# SUMMARY: a driver-prepared disk (docker-machine's tar at offset 0) is
# partitioned and formatted on first boot, the keys land in ~tc/.ssh and
# root's authorized_keys, and the second boot reuses the disk as it is.
# The kernel's link/FIFO protections are on; a FIFO and a hard link to
# root's userdata.tar left in ~tc/.ssh neither hang the next boot nor give
# root's file to the user.
set -eu
. "$TOP/tests/lib.sh"
need_iso
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

# The protections systemd turns on by default (issue 10, item 6).
want="1 1 1 1 1 1"
# (guest commands go to an interactive shell: one line, no tab)
sysctls="fs/protected_hardlinks fs/protected_symlinks fs/protected_fifos fs/protected_regular"
sysctls="$sysctls kernel/kptr_restrict kernel/dmesg_restrict"
got=$(guest "cd /proc/sys && cat $sysctls" | tr -d '\r' | tr '\n' ' ' | sed 's/ $//')
[ "$got" = "$want" ] || fail "protected_{hardlinks,symlinks,fifos,regular}, kptr/dmesg_restrict are '$got', want '$want'"
# userdata.tar and the home share a file system under /mnt/vda1: the user
# may not link root's file into the home any more...
ud=/mnt/vda1/var/lib/boot2podman/userdata.tar
if guest "setuidgid tc ln $ud /mnt/vda1/home/tc/.ssh/stolen" >/dev/null 2>&1; then
	fail "tc could hard-link root's userdata.tar (fs.protected_hardlinks off?)"
fi
# ...and one made anyway (an older boot, a disk prepared elsewhere) or a
# FIFO where the keys go must not matter to PID 1 on the next boot.
sum=$(guest "sha256sum $ud" | tr -d '\r' | cut -d' ' -f1)
guest "ln -f $ud /mnt/vda1/home/tc/.ssh/authorized_keys2" || fail "cannot link userdata.tar into ~tc/.ssh"
k=/home/tc/.ssh/authorized_keys
guest "rm $k && mkfifo $k && chown -h tc $k" || fail "cannot put a FIFO at $k"
guest 'sync; poweroff' 10 >/dev/null 2>&1 || true
wait_exit 60 || fail "poweroff did not stop the VM within 60 s"

# On the host: one MBR partition, ext4 labelled boot2podman-data, at 1 MiB.
label=$(dd if="$disk" bs=1 skip=$((1048576 + 1024 + 120)) count=16 status=none | tr -d '\0')
[ "$label" = boot2podman-data ] || fail "partition 1 label is '$label', want boot2podman-data"
log "formatted: label $label"

boot second
guest 'grep -q kept /var/lib/boot2podman/persist-check' || fail "the second boot lost the data (reformatted?)"
# The ready line came, so the FIFO did not hang PID 1 (issue 10, item 5).
guest "[ -f /home/tc/.ssh/authorized_keys ] && grep -q '$key' /home/tc/.ssh/authorized_keys" \
	|| fail "the FIFO at ~tc/.ssh/authorized_keys was not replaced by the keys"
got=$(guest "stat -c '%U %a %h' $ud" | tr -d '\r')
[ "$got" = "root 600 1" ] || fail "userdata.tar is '$got' (owner, mode, links), want 'root 600 1'"
[ "$(guest "sha256sum $ud" | tr -d '\r' | cut -d' ' -f1)" = "$sum" ] || fail "userdata.tar was written to"
got=$(guest "stat -c '%U %h' /home/tc/.ssh/authorized_keys2" | tr -d '\r')
[ "$got" = "tc 1" ] || fail "authorized_keys2 is '$got' (owner, links), want 'tc 1'"
log "hostile home: FIFO replaced, root's userdata.tar untouched ($sum)"
tr -d '\r' <"$QEMU_DIR/console.log" | grep -a -i 'format' | sed 's/^/    console: /' || true
if tr -d '\r' <"$QEMU_DIR/console.log" | grep -a -q -i 'formatting'; then
	fail "the second boot formatted the disk again"
fi
