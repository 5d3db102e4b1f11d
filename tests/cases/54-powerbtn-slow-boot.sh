#!/bin/sh
# SUMMARY: the ACPI power button works while the boot is still busy: a data
# disk whose bootsync.sh takes minutes, the button pressed while it runs,
# and the machine powers off by the clean path (the unfinished boot
# stopped, services, processes, file systems) within a bound, leaving the
# data file system cleanly unmounted.  PID 1 must serve its loop during
# the boot's slow steps for this to pass.
set -eu
. "$TOP/tests/lib.sh"
[ -f "$B2P_KERNEL" ] || fail "no kernel at $B2P_KERNEL (run make iso)"
d="$TEST_TMP"
join_initrds "$d/initrd.gz" || fail "cannot join the initrds (run make iso)"

# A labelled data disk (used as it is, no format) whose boot hook sleeps
# far past the bound below, and past its own 60 s limit.
mkdir -p "$d/tree/var/lib/boot2podman"
printf 'echo slow hook started\nsleep 600\n' >"$d/tree/var/lib/boot2podman/bootsync.sh"
truncate -s 256M "$d/data.img"
mkfs.ext4 -q -F -L boot2podman-data -E root_owner=0:0 -d "$d/tree" "$d/data.img" \
	|| fail "mkfs.ext4 on data.img"

qemu_start slow -kernel "$B2P_KERNEL" -initrd "$d/initrd.gz" \
	-append "console=ttyS0 loglevel=3" -drive "file=$d/data.img,format=raw,if=virtio"
con() { tr -d '\r' <"$QEMU_DIR/console.log"; }
wait_console '^b2p: running /var/lib/boot2podman/bootsync.sh' 300 \
	|| fail "the boot did not reach bootsync.sh"
sleep 2
pressed=$(date +%s)
qmp '{"execute":"system_powerdown"}' || fail "QMP system_powerdown"
bound=30
wait_exit "$bound" || fail "still running ${bound} s after the power button (during bootsync.sh)"
took=$(($(date +%s) - pressed))

if con | grep -a -q '^boot2podman: ready'; then
	fail "the boot finished first: the button was not pressed during it"
fi
# The clean path, in order.
last=0
for step in 'b2p: power button pressed' 'b2p: stopping the unfinished boot' \
	'b2p: power off: stopping services' 'b2p: sending SIGTERM to all processes' \
	'b2p: unmounting file systems' 'b2p: power off now'; do
	at=$(con | grep -a -n -m1 -F -- "$step" | cut -d: -f1)
	[ -n "$at" ] || fail "no '$step' on the console"
	[ "$at" -gt "$last" ] || fail "'$step' is out of order"
	last=$at
done
if con | grep -a -q 'remounted read-only\|umount .*: '; then
	fail "a file system was not unmounted: $(con | grep -a 'remounted read-only\|umount ' | head -n 3)"
fi
state=$(dumpe2fs -h "$d/data.img" 2>/dev/null | sed -n 's/^Filesystem state: *//p')
[ "$state" = clean ] || fail "the data file system is '$state' after the power-off, not clean"
if dumpe2fs -h "$d/data.img" 2>/dev/null | grep -q '^Filesystem features:.*needs_recovery'; then
	fail "the data file system's journal needs recovery: it was not unmounted"
fi
log "power button during bootsync.sh: off in ${took} s (bound ${bound} s) by the clean path; data file system clean"
