#!/bin/sh
# Applies a Debian source package's patch series to its unpacked tree, in
# quilt's order, and stops at the first patch that does not apply cleanly:
# the lock pins a Debian version, so the tree built must be that version.
# Usage: debian-patches.sh SRC_DIR   (with SRC_DIR/debian/patches/series)
set -eu
src=${1:?usage: debian-patches.sh SRC_DIR}
dir=$src/debian/patches
series=$dir/series
[ -f "$series" ] || { echo "debian-patches: no $series" >&2; exit 1; }

# A series line is "NAME [-pN]"; '#' starts a comment (quilt's format).
while read -r name opt _; do
	case $name in '' | '#'*) continue ;; esac
	case ${opt:-} in '' | '#'*) opt=-p1 ;; -p[0-9]) ;; *)
		echo "debian-patches: $series: unsupported option '$opt' for $name" >&2
		exit 1
		;;
	esac
	[ -f "$dir/$name" ] || { echo "debian-patches: $name is in the series but not in $dir" >&2; exit 1; }
	# --forward: a patch already applied is an error, not a silent revert.
	if ! out=$(patch -d "$src" "$opt" --forward --batch --no-backup-if-mismatch -r - -s <"$dir/$name" 2>&1); then
		printf '%s\n' "$out" >&2
		echo "debian-patches: $name does not apply to $src" >&2
		exit 1
	fi
done <"$series"
