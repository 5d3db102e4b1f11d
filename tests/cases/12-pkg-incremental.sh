#!/bin/sh
# SUMMARY: package images have real dependencies: a changed recipe rebuilds
# that .tcz, the set check and podman.gz, and no other image; the package
# stage is up to date after a build.
set -eu
. "$TOP/tests/lib.sh"
mk() { make -C "$TOP" --no-print-directory O="$O" "$@"; }
[ -s "$B2P_PKG_SET/tce/onboot.lst" ] || fail "no package set: $B2P_PKG_SET/tce/onboot.lst is missing or empty"
podman_gz="$B2P_PKG_INITRD"

mk -q "$podman_gz" || fail "podman.gz is not up to date after the build: $(mk -n "$podman_gz" V=1 2>&1 | head -n 5)"
plan=$(mk -n -W "$TOP/packages/runc/runc.mk" "$podman_gz" V=1)
built=$(echo "$plan" | grep -o 'tcz-build.sh [a-z0-9.+-]*' | sort -u | tr '\n' ' ')
[ "$built" = "tcz-build.sh runc " ] || fail "a changed runc recipe rebuilds: '$built'"
echo "$plan" | grep -q 'elf-closure.sh' || fail "a changed recipe does not rerun the closure check"
echo "$plan" | grep -q 'mkcpio.sh' || fail "a changed recipe does not repack podman.gz"
plan=$(mk -n -W "$TOP/packages/openssh/files/etc/ssh/sshd_config" "$podman_gz" V=1)
built=$(echo "$plan" | grep -o 'tcz-build.sh [a-z0-9.+-]*' | sort -u | tr '\n' ' ')
[ "$built" = "tcz-build.sh openssh " ] || fail "a changed overlay file rebuilds: '$built'"
log "runc recipe -> runc.tcz + check + podman.gz; sshd_config -> openssh.tcz only"
