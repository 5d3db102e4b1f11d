#!/bin/sh
# Packs a staged directory into a reproducible newc cpio on stdout: sorted
# names, every entry owned by root, every mtime SOURCE_DATE_EPOCH.  Entries
# in an optional extra spec (gen_init_cpio syntax, e.g. device nodes) are
# appended, so the build needs no root to make /dev/console.
# Usage: mkcpio.sh GEN_INIT_CPIO DIR [EXTRA_SPEC]
set -eu
gen=$1 dir=$2 extra=${3:-}
epoch=${SOURCE_DATE_EPOCH:?SOURCE_DATE_EPOCH must be set}

# gen_init_cpio takes a file's own mtime: clamp them in a copy, since the
# staged files may be make targets whose dates must not move back.
tmp=$(mktemp -d "${TMPDIR:-/tmp}/mkcpio.XXXXXX")
trap 'rm -rf "$tmp"' EXIT INT TERM
cp -a "$dir/." "$tmp/tree"
dir="$tmp/tree"
find "$dir" -exec touch -h -d "@$epoch" {} +
spec="$tmp/spec"
(cd "$dir" && find . -mindepth 1 | LC_ALL=C sort) | while IFS= read -r p; do
	name=${p#.}
	case "$name" in *[[:space:]]*)
		echo "mkcpio: '$name' has whitespace, which newc specs cannot carry" >&2
		exit 1
		;;
	esac
	mode=$(stat -c '%a' "$dir/$p")
	if [ -L "$dir/$p" ]; then
		echo "slink $name $(readlink "$dir/$p") 777 0 0"
	elif [ -d "$dir/$p" ]; then
		echo "dir $name $mode 0 0"
	elif [ -f "$dir/$p" ]; then
		echo "file $name $dir/$p $mode 0 0"
	else
		echo "mkcpio: $name is neither file, directory nor symlink" >&2
		exit 1
	fi
done >"$spec"
[ -z "$extra" ] || cat "$extra" >>"$spec"
"$gen" -t "$epoch" "$spec"
