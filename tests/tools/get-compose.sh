#!/bin/sh
# Prints the path of docker compose v2 for the tests: the Go binary of
# Debian trixie's docker-compose as pinned in tests/tools/tools.lock
# (fetched and checked by scripts/fetch.sh), unpacked (never installed)
# under the cache in a directory named by the lock's sha256.  It needs only
# libc6 (>= 2.34), so it runs on the Debian 12 host as it is; Debian 12
# itself has only compose v1 (python).
set -eu
top=$(cd "$(dirname "$0")/../.." && pwd)
LOCK=${B2P_TOOLS_LOCK:-$top/tests/tools/tools.lock}
CACHE_DIR=${CACHE_DIR:-$HOME/.cache/boot2podman}
DL_DIR=${DL_DIR:-$CACHE_DIR/dl}
export LOCK DL_DIR
# shellcheck disable=SC2046 # two words: file and sha256
set -- $(awk '$1 == "deb" && $2 == "docker-compose" { print $4, $5; exit }' "$LOCK")
[ $# = 2 ] || { echo "get-compose: docker-compose is not in $LOCK (make update-lock)" >&2; exit 1; }
file=$1 sha=$2
dir=$CACHE_DIR/tools/compose-$sha
bin=usr/libexec/docker/cli-plugins/docker-compose
if [ ! -x "$dir/docker-compose" ]; then
	"$top/scripts/fetch.sh" "$file" >&2
	mkdir -p "$CACHE_DIR/tools"
	tmp=$(mktemp -d "$CACHE_DIR/tools/.compose.XXXXXX")
	trap 'rm -rf "$tmp"' EXIT INT TERM
	dpkg-deb -x "$DL_DIR/$file" "$tmp/x"
	[ -x "$tmp/x/$bin" ] || { echo "get-compose: $file has no /$bin" >&2; exit 1; }
	install -m 0755 "$tmp/x/$bin" "$tmp/docker-compose"
	chmod 0755 "$tmp"
	rm -rf "$tmp/x"
	# Another case may have unpacked it meanwhile: keep the first.
	mv -T "$tmp" "$dir" 2>/dev/null || [ -x "$dir/docker-compose" ] \
		|| { echo "get-compose: could not move the binary into $dir" >&2; exit 1; }
fi
echo "$dir/docker-compose"
