#!/bin/sh
# Prints the path of a podman 5.x remote client for the tests: Debian
# trixie's podman-remote with trixie's C library, run through that
# library's own loader (ld-linux --library-path), since the Debian 12 host's
# glibc is too old for it.  The .debs are the ones pinned in
# tests/tools/tools.lock (fetched and checked by scripts/fetch.sh), unpacked
# (never installed) under the cache in a folder named by their hashes.
set -eu
here=$(cd "$(dirname "$0")/../.." && pwd)
lock=$here/tests/tools/tools.lock
CACHE_DIR=${CACHE_DIR:-$HOME/.cache/boot2podman}
export DL_DIR="${DL_DIR:-$CACHE_DIR/dl}"

debs='' key=''
for name in podman-remote libc6 libsqlite3-0; do
	line=$(awk -v n="$name" '$1 == "deb" && $2 == n { print $4, $5; exit }' "$lock")
	[ -n "$line" ] || { echo "get-podman5: no deb $name in $lock (make update-lock)" >&2; exit 1; }
	file=${line% *}
	LOCK=$lock "$here/scripts/fetch.sh" "$file" >&2
	debs="$debs $DL_DIR/$file" key="$key${line#* }"
done
key=$(printf '%s' "$key" | sha256sum | cut -c1-16)
dir=$CACHE_DIR/tools/podman5-$key
if [ ! -x "$dir/podman5" ]; then
	mkdir -p "$CACHE_DIR/tools"
	tmp=$(mktemp -d "$CACHE_DIR/tools/.podman5.XXXXXX")
	trap 'rm -rf "$tmp"' EXIT INT TERM
	for d in $debs; do dpkg-deb -x "$d" "$tmp/root"; done
	lib=$dir/root/usr/lib/x86_64-linux-gnu
	for f in "$tmp/root/usr/bin/podman-remote" "$tmp/root${lib#"$dir/root"}/ld-linux-x86-64.so.2" \
		"$tmp/root${lib#"$dir/root"}/libsqlite3.so.0"; do
		[ -e "$f" ] || { echo "get-podman5: the pinned .debs lack ${f#"$tmp/root"}" >&2; exit 1; }
	done
	# The loader is named explicitly: a PT_INTERP of /lib64/ld-linux… would
	# pick the host's older glibc, and --library-path keeps the host's libc
	# out of the search (NSS modules too, dlopen()ed from the same path).
	cat >"$tmp/podman5" <<EOF
#!/bin/sh
exec "$lib/ld-linux-x86-64.so.2" --library-path "$lib" "$dir/root/usr/bin/podman-remote" "\$@"
EOF
	chmod 0755 "$tmp/podman5"
	# Another case may have unpacked the same set meanwhile: keep the first.
	mv -T "$tmp" "$dir" 2>/dev/null || [ -x "$dir/podman5" ] \
		|| { echo "get-podman5: could not move the client into $dir" >&2; exit 1; }
fi
echo "$dir/podman5"
