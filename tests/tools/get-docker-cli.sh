#!/bin/sh
# Prints the path of a docker CLI taken from Debian's docker.io package,
# unpacked (never installed, so no daemon starts) under the cache.
set -eu
here=$(cd "$(dirname "$0")/../.." && pwd)
dir=${CACHE_DIR:-$HOME/.cache/boot2podman}/tools/docker
if [ ! -x "$dir/usr/bin/docker" ]; then
	mkdir -p "$dir"
	tmp=$(mktemp -d)
	trap 'rm -rf "$tmp"' EXIT INT TERM
	(cd "$tmp" && "$here/scripts/apt.sh" get -qq download docker.io) >&2
	dpkg-deb -x "$tmp"/docker.io_*.deb "$tmp/x"
	install -m 0755 "$tmp/x/usr/bin/docker" "$dir/usr/bin/docker" 2>/dev/null \
		|| { mkdir -p "$dir/usr/bin" && install -m 0755 "$tmp/x/usr/bin/docker" "$dir/usr/bin/docker"; }
fi
echo "$dir/usr/bin/docker"
