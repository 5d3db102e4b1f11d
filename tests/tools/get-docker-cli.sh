#!/bin/sh
# Prints the path of a docker CLI taken from Debian's docker.io package as
# pinned in configs/sources.lock (fetched and checked by scripts/fetch.sh),
# unpacked (never installed, so no daemon starts) under the cache, in a
# directory named by the lock's sha256, so a new pin gets a new copy.
set -eu
top=$(cd "$(dirname "$0")/../.." && pwd)
LOCK=${LOCK:-$top/configs/sources.lock}
CACHE_DIR=${CACHE_DIR:-$HOME/.cache/boot2podman}
DL_DIR=${DL_DIR:-$CACHE_DIR/dl}
export LOCK DL_DIR
# shellcheck disable=SC2046 # two words: file and sha256
set -- $(awk '$1 == "deb" && $2 == "docker.io" { print $4, $5; exit }' "$LOCK")
[ $# = 2 ] || { echo "get-docker-cli: docker.io is not in $LOCK (make update-lock)" >&2; exit 1; }
file=$1 sha=$2
dir=$CACHE_DIR/tools/docker-$sha
if [ ! -x "$dir/usr/bin/docker" ]; then
	"$top/scripts/fetch.sh" "$file" >&2
	tmp=$(mktemp -d "${TMPDIR:-/tmp}/b2p-docker.XXXXXX")
	trap 'rm -rf "$tmp"' EXIT INT TERM
	dpkg-deb -x "$DL_DIR/$file" "$tmp/x"
	mkdir -p "$dir/usr/bin"
	install -m 0755 "$tmp/x/usr/bin/docker" "$dir/usr/bin/docker"
fi
echo "$dir/usr/bin/docker"
