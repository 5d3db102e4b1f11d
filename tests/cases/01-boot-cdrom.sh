#!/bin/sh
# SUMMARY: the ISO boots from a CD-ROM under QEMU, prints the ready line and
# gives a root shell on the serial console.
set -eu
. "$TOP/tests/lib.sh"
need_iso

qemu_start cdrom -cdrom "$B2P_ISO" -boot d
line=$(wait_ready 120) || fail "no ready line"
log "$line"
kver=$(guest 'uname -r' 20 | tr -d '\r') || fail "no shell on the serial console"
case "$line" in *"$kver"*) ;; *) fail "ready line does not name the kernel ($kver)" ;; esac
for m in /proc:proc /sys:sysfs /dev:devtmpfs; do
	guest "awk '\$2 == \"${m%%:*}\" && \$3 == \"${m#*:}\" { f = 1 } END { exit !f }' /proc/mounts" \
		|| fail "${m%%:*} is not mounted as ${m#*:}"
done
guest 'ip -o link show lo | grep -q UP' || fail "lo is not up"
# The clock comes from the RTC (QEMU gives it the host's time).
year=$(guest 'date -u +%Y' 20 | tr -d '\r')
[ "$year" = "$(date -u +%Y)" ] || fail "guest clock says year $year"
