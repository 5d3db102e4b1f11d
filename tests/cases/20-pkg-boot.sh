#!/bin/sh
# SUMMARY: the packages load at boot from the ISO's /cde (the boot loader
# reads only the kernel and core.gz): every tool runs and prints its
# version, the images are mounted as squashfs straight from the CD (not
# unpacked, not copied into RAM) and checked (md5) after the boot, and the
# load time is reported.
set -eu
. "$TOP/tests/lib.sh"
need_iso
onboot="$B2P_PKG_SET/tce/onboot.lst"
[ -s "$onboot" ] || fail "no package set: $onboot is missing or empty (the flavor's packages.list emptied, or make iso not run)"

qemu_start pkgs -cdrom "$B2P_ISO" -boot d
wait_ready 180 >/dev/null || fail "no ready line"
loaded=$(tr -d '\r' <"$QEMU_DIR/console.log" | grep -a -m1 'b2p: loaded [0-9]* packages') \
	|| fail "no package load summary on the console"
log "$loaded"
echo "$loaded" | grep -q '(0 failed)' || fail "some packages failed to load"
volid=$(dd if="$B2P_ISO" bs=1 skip=32808 count=32 status=none | tr -d ' ')
tr -d '\r' <"$QEMU_DIR/console.log" | grep -a -q "b2p: packages from /dev/sr0 (volume $volid) at /mnt/sr0/cde" \
	|| fail "the packages were not taken from the CD (volume $volid): $(tr -d '\r' <"$QEMU_DIR/console.log" | grep -a 'b2p: .*\(medium\|packages from\)')"
guest '[ ! -e /tce/onboot.lst ] && grep -q "^/dev/sr0 /mnt/sr0 iso9660 ro[, ]" /proc/mounts' \
	|| fail "a package set in RAM (/tce/onboot.lst), or the CD is not mounted read-only at /mnt/sr0: $(guest 'grep sr0 /proc/mounts; ls /tce')"
# shellcheck disable=SC2016 # expanded by the guest's shell
backing=$(guest 'cat /sys/block/loop*/loop/backing_file' | tr -d '\r')
echo "$backing" | grep -v -q '^/mnt/sr0/cde/optional/' && fail "a loop device reads something else than the CD: $backing"
shmem=$(guest "awk '/^Shmem:/ { print int(\$2 / 1024) }' /proc/meminfo" | tr -d '\r')
[ "$shmem" -lt 16 ] || fail "Shmem is $shmem MiB: the images should not be in RAM"
log "images read from the CD ($volid); Shmem $shmem MiB"
wait_console 'b2p: package images checked: [0-9]+ of [0-9]+ good' 120 \
	|| fail "the images on the CD were not checked (md5) after the boot"

# The tools of the flavor's set (tce/onboot.lst names it).
has() { grep -qx "$1" "$onboot"; }
set -- 'podman version' 'buildah version' 'skopeo --version' 'runc --version' \
	'conmon --version' 'ssh -V' 'mkfs.ext4 -V'
if has iptables; then set -- "$@" 'iptables --version'; fi
if has nftables; then set -- "$@" 'nft --version'; fi
if has crun; then set -- "$@" 'crun --version'; fi
if has netavark; then set -- "$@" '/usr/lib/podman/netavark --version'; fi
if has aardvark-dns; then set -- "$@" '/usr/lib/podman/aardvark-dns --version'; fi
if has passt; then set -- "$@" 'pasta --version'; fi
for cmd in "$@"; do
	out=$(guest "$cmd 2>&1" 60) || fail "'$cmd' failed: $out"
	log "$cmd: $(echo "$out" | grep -i -m1 'version\|OpenSSH\|mke2fs\|iptables\|nftables\|crun\|netavark\|aardvark\|pasta' | tr -d '\r')"
done

want=$(grep -c . "$onboot")
got=$(guest "awk '\$3 == \"squashfs\" && \$2 ~ /^\\/tmp\\/tcloop\\// { n++ } END { print n + 0 }' /proc/mounts" | tr -d '\r ')
[ "$got" = "$want" ] || fail "$got squashfs mounts under /tmp/tcloop, want $want"
# Compressed in memory: no package file may be a copy on the tmpfs root.
guest '[ -L /usr/bin/podman ] && readlink /usr/bin/podman | grep -q "^/tmp/tcloop/"' \
	|| fail "/usr/bin/podman is not a link into its mounted image"

# Programs shipped as zstd patches against podman (packages/tcz-build.sh,
# DELTA) were rebuilt by their first run above: what runs must be Debian's
# binary byte for byte, kept in the cache for the next run; a user who cannot
# write root's cache runs it too.
# shellcheck disable=SC2016 # expanded by the guest's shell
deltas=$(guest 'for f in /usr/lib/boot2podman/delta/*; do [ -e "$f" ] && echo "${f##*/}"; done' | tr -d '\r' | grep -v '\.zst$' || true)
has buildah && { echo "$deltas" | grep -qx buildah || fail "buildah is not shipped as a delta (/usr/lib/boot2podman/delta)"; }
for d in $deltas; do
	target=$(guest "sed -n 's/^target //p' /usr/lib/boot2podman/delta/$d" | tr -d '\r')
	deb=$(awk -v n="$d" '$1 == "deb" && $2 == n { print $4 }' "$B2P_LOCK")
	if [ -z "$deb" ] || [ ! -f "$B2P_DL_DIR/$deb" ]; then fail "delta $d: no .deb named $d in $B2P_LOCK / $B2P_DL_DIR"; fi
	want=$(dpkg-deb --fsys-tarfile "$B2P_DL_DIR/$deb" | tar -xOf - ".$target" | sha256sum | cut -d' ' -f1)
	got=$(guest "sha256sum /var/lib/boot2podman/cache/delta/$d/*/$d" | tr -d '\r')
	[ "${got%% *}" = "$want" ] || fail "delta $d: the rebuilt $target is '${got:-nothing}', Debian's has sha256 $want"
	out=$(guest "setuidgid tc env HOME=/home/tc $target --version 2>&1" 60) \
		|| fail "delta $d: user tc cannot run $target: $out"
	log "delta $d: $target rebuilt on first use, sha256 ${want%"${want#????????????}"}… = Debian's"
done
