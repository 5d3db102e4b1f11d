#!/bin/sh
# Builds the same commit twice, from two copies of the source in different
# directories, with different umasks and temp dirs, and compares the
# results.  Uncommitted changes are included (git stash create), so what is
# checked is the tree as it stands, frozen before the first build starts.  Names the first artefact that
# differs and, for the ISO, the files inside it that differ.
# Usage: check-repro.sh [TARGET]   (TARGET: iso (default) or initrd)
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
target=${1:-iso}
work=${REPRO_DIR:-$(mktemp -d "${TMPDIR:-/tmp}/b2p-repro.XXXXXX")}
a="$work/a" b="$work/b"
mkdir -p "$a/tmp" "$b/tmp" "$a/src" "$b/src"
rev=$(git -C "$top" stash create)
rev=${rev:-HEAD}
SOURCE_DATE_EPOCH=${SOURCE_DATE_EPOCH:-$(git -C "$top" log -1 --format=%ct)}
export SOURCE_DATE_EPOCH
git -C "$top" archive "$rev" | tar -x -C "$a/src"
git -C "$top" archive "$rev" | tar -x -C "$b/src"

build() { # DIR UMASK
	echo "  REPRO   build $rev in $1 (umask $2)"
	(umask "$2" && cd "$1/src" && TMPDIR="$1/tmp" make --no-print-directory O="$1/out" "$target") \
		>"$1/build.log" 2>&1 || { tail -n 30 "$1/build.log"; echo "check-repro: the build into $1 failed" >&2; exit 1; }
}
build "$a" 022
sleep 1 # a different wall-clock second for anything that leaks the time
build "$b" 077

# Artefacts in build order: the first to differ is the likely cause.
list="build/kernel/arch/x86/boot/bzImage build/tools/gen_init_cpio build/busybox/busybox build/init/b2pinit build/initrd/core.gz"
for t in "$a"/out/build/pkgstage/tce/optional/*.tcz; do
	[ -f "$t" ] && list="$list build/pkgstage/tce/optional/${t##*/}"
done
list="$list build/initrd/podman.gz"
[ "$target" = iso ] && list="$list boot2podman.iso"
bad=0
for f in $list; do
	[ -f "$a/out/$f" ] || continue
	if cmp -s "$a/out/$f" "$b/out/$f"; then
		printf '  %-7s %s\n' SAME "$f"
	else
		printf '  %-7s %s\n' DIFFER "$f"
		bad=$((bad + 1))
		[ "$bad" = 1 ] && first=$f
	fi
done
if [ "$bad" -gt 0 ]; then
	echo "check-repro: $bad artefact(s) differ; the first is $first"
	case "$first" in
	*.iso)
		for d in "$a" "$b"; do
			mkdir -p "$d/isox" && xorriso -osirrox on -indev "$d/out/$first" -extract / "$d/isox" >/dev/null 2>&1
		done
		diff -r -q "$a/isox" "$b/isox" || true
		;;
	esac
	command -v diffoscope >/dev/null && echo "(diffoscope $a/out/$first $b/out/$first shows how)"
	exit 1
fi
echo "check-repro: both builds are identical ($target); outputs in $work"
[ -n "${REPRO_DIR:-}" ] || rm -rf "$work"
