#!/bin/sh
# SUMMARY: the same ISO boots as a raw hard disk (isohybrid MBR).
# Deliberately the shape of 01-boot-cdrom.sh (duplicates pairs them): the
# same first checks, the other boot medium.
set -eu
. "$TOP/tests/lib.sh"
need_iso

qemu_start rawdisk -drive "file=$B2P_ISO,format=raw,if=ide,snapshot=on" -boot c
line=$(wait_ready 120) || fail "no ready line when booted as a disk"
log "$line"
guest 'true' 20 || fail "no shell on the serial console"
