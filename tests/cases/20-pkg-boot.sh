#!/bin/sh
# SUMMARY: the packages load at boot: every tool runs and prints its
# version, the images are mounted as squashfs (not unpacked), and the load
# time is reported.
set -eu
. "$TOP/tests/lib.sh"
need_iso
onboot="$B2P_PKG_SET/tce/onboot.lst"
[ -s "$onboot" ] || fail "no package set: $onboot is missing or empty (configs/packages.list emptied, or make iso not run)"

qemu_start pkgs -cdrom "$B2P_ISO" -boot d
wait_ready 180 >/dev/null || fail "no ready line"
loaded=$(tr -d '\r' <"$QEMU_DIR/console.log" | grep -a -m1 'b2p: loaded [0-9]* packages') \
	|| fail "no package load summary on the console"
log "$loaded"
echo "$loaded" | grep -q '(0 failed)' || fail "some packages failed to load"

for cmd in 'podman version' 'buildah version' 'skopeo --version' 'runc --version' \
	'conmon --version' 'ssh -V' 'iptables --version' 'mkfs.ext4 -V'; do
	out=$(guest "$cmd 2>&1" 60) || fail "'$cmd' failed: $out"
	log "$cmd: $(echo "$out" | grep -i -m1 'version\|OpenSSH\|mke2fs\|iptables' | tr -d '\r')"
done

want=$(grep -c . "$onboot")
got=$(guest "awk '\$3 == \"squashfs\" && \$2 ~ /^\\/tmp\\/tcloop\\// { n++ } END { print n + 0 }' /proc/mounts" | tr -d '\r ')
[ "$got" = "$want" ] || fail "$got squashfs mounts under /tmp/tcloop, want $want"
# Compressed in memory: no package file may be a copy on the tmpfs root.
guest '[ -L /usr/bin/podman ] && readlink /usr/bin/podman | grep -q "^/tmp/tcloop/"' \
	|| fail "/usr/bin/podman is not a link into its mounted image"
