#!/bin/sh
# SUMMARY: every built .tcz matches its metadata: the image's files are
# exactly its .tcz.list, its md5.txt verifies, every entry is owned by
# root and stamped with the build epoch, and its .dep names only packages
# loaded before it in onboot.lst.
set -eu
. "$TOP/tests/lib.sh"
opt="$B2P_PKG_SET/tce/optional"
onboot="$B2P_PKG_SET/tce/onboot.lst"
[ -s "$onboot" ] || fail "no package set: $onboot is missing or empty (configs/packages.list emptied, or make iso not run)"
command -v unsquashfs >/dev/null || fail "no unsquashfs on the host (configs/host-packages)"
t=${TEST_TMP:-$(mktemp -d)}

epochs=
seen=' '
total=0
while IFS= read -r n; do
	img="$opt/$n.tcz"
	[ -f "$img" ] || fail "$n is in onboot.lst but $img is missing"
	for x in list dep md5.txt info; do [ -f "$img.$x" ] || fail "$n: no $n.tcz.$x"; done
	(cd "$opt" && md5sum -c --status "$n.tcz.md5.txt") || fail "$n: md5.txt does not match the image"
	grep -q "  $n.tcz\$" "$img.md5.txt" || fail "$n: md5.txt does not name $n.tcz"
	while IFS= read -r d; do
		case $seen in *" $d "*) ;; *) fail "$n depends on '$d', not loaded before it" ;; esac
	done <"$img.dep"
	seen="$seen$n "

	# An incremental tree may hold images made under older epochs (each
	# commit moves SOURCE_DATE_EPOCH); each must still be one epoch.
	epoch=$(unsquashfs -mkfs-time "$img" | tr -d ' \n')
	case " $epochs " in *" $epoch "*) ;; *) epochs="$epochs $epoch" ;; esac

	rm -rf "$t/x"
	unsquashfs -q -n -d "$t/x" "$img" >/dev/null || fail "$n: unsquashfs failed"
	(cd "$t/x" && find . -mindepth 1 ! -type d | sed 's|^\.||' | LC_ALL=C sort) >"$t/files"
	diff -u "$img.list" "$t/files" >"$t/diff" || fail "$n: image content differs from $n.tcz.list: $(head -n 20 "$t/diff")"
	bad=$(find "$t/x" \( ! -user 0 -o ! -group 0 \) -printf '%P ' | head -c 300)
	[ -z "$bad" ] || fail "$n: not owned by root: $bad"
	bad=$(find "$t/x" -mindepth 1 -printf '%T@ %P\n' | awk -v e="$epoch" '$1 + 0 != e + 0 { print $2 }' | head -n 5 | tr '\n' ' ')
	[ -z "$bad" ] || fail "$n: mtime is not the epoch $epoch: $bad"
	# The loader never replaces a file of the base rootfs: such a path
	# would silently stay busybox's.
	if [ -d "$B2P_ROOTFS" ]; then
		while IFS= read -r p; do
			if [ -e "$B2P_ROOTFS$p" ] || [ -L "$B2P_ROOTFS$p" ]; then
				fail "$n: $p is shadowed by the base rootfs"
			fi
		done <"$img.list"
	fi
	total=$((total + $(grep -c . "$img.list")))
done <"$onboot"

# Each epoch must be a SOURCE_DATE_EPOCH value (the build's, or a commit
# time for the default), not the wall clock of the build.
for e in $epochs; do
	[ "$e" = "${SOURCE_DATE_EPOCH:-}" ] && continue
	git -C "$TOP" log --format=%ct 2>/dev/null | grep -qx "$e" \
		|| fail "image epoch $e is neither SOURCE_DATE_EPOCH (${SOURCE_DATE_EPOCH:-unset}) nor a commit time"
done
log "$(grep -c . "$onboot") images, $total files, all root-owned, mtimes = epoch ($epochs ), lists and md5 match"
