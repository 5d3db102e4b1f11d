#!/bin/sh
# SUMMARY: the same ISO boots as a raw hard disk (isohybrid MBR).
set -eu
. "$TOP/tests/lib.sh"
[ -f "$B2P_ISO" ] || fail "no ISO at $B2P_ISO (run make iso)"

qemu_start rawdisk -drive "file=$B2P_ISO,format=raw,if=ide,snapshot=on" -boot c
line=$(wait_ready 120) || fail "no ready line when booted as a disk"
log "$line"
guest 'true' 20 || fail "no shell on the serial console"
