#!/bin/sh
# deb-file.sh DEB PATH NAME: prints the path of one program of a .deb pinned
# in tests/tools/tools.lock (fetched and checked by scripts/fetch.sh),
# unpacked (never installed) under the cache as tools/deb-SHA256/NAME: a new
# pin gets a new copy, and concurrent cases keep the first one unpacked.
set -eu
deb=$1 path=$2 name=$3
top=$(cd "$(dirname "$0")/../.." && pwd)
LOCK=${B2P_TOOLS_LOCK:-$top/tests/tools/tools.lock}
CACHE_DIR=${CACHE_DIR:-$HOME/.cache/boot2podman}
DL_DIR=${DL_DIR:-$CACHE_DIR/dl}
export LOCK DL_DIR
# shellcheck disable=SC2046 # two words: file and sha256
set -- $(awk -v d="$deb" '$1 == "deb" && $2 == d { print $4, $5; exit }' "$LOCK")
[ $# = 2 ] || { echo "deb-file: $deb is not in $LOCK (make update-tools-lock)" >&2; exit 1; }
file=$1 dir=$CACHE_DIR/tools/deb-$2
if [ ! -x "$dir/$name" ]; then
	"$top/scripts/fetch.sh" "$file" >&2
	mkdir -p "$CACHE_DIR/tools"
	tmp=$(mktemp -d "$CACHE_DIR/tools/.deb.XXXXXX")
	trap 'rm -rf "$tmp"' EXIT INT TERM
	dpkg-deb -x "$DL_DIR/$file" "$tmp/x"
	[ -x "$tmp/x/$path" ] || { echo "deb-file: $file has no $path" >&2; exit 1; }
	install -m 0755 "$tmp/x/$path" "$tmp/$name"
	chmod 0755 "$tmp"
	rm -rf "$tmp/x"
	mv -T "$tmp" "$dir" 2>/dev/null || [ -x "$dir/$name" ] \
		|| { echo "deb-file: could not move $name into $dir" >&2; exit 1; }
fi
echo "$dir/$name"
