#!/bin/sh
# Checks a package stage as a set: every package named has its image and
# metadata, dependencies come before their dependents in load order, and no
# path is owned by two packages (the loader never overwrites a file, so the
# second would silently lose).
# Changes nothing.
# Usage: tcz-check.sh OPTDIR NAME...   (NAMEs in load order)
set -eu
opt=$1
shift
err=0
seen=' '
for n in "$@"; do
	for f in "$n.tcz" "$n.tcz.list" "$n.tcz.dep" "$n.tcz.md5.txt" "$n.tcz.info"; do
		[ -f "$opt/$f" ] || { echo "tcz-check: $n: missing $opt/$f" >&2; err=1; }
	done
	[ -f "$opt/$n.tcz.dep" ] || continue
	while IFS= read -r d; do
		[ -n "$d" ] || continue
		case $seen in
		*" $d "*) ;;
		*)
			echo "tcz-check: $n depends on '$d', which is not loaded before it" >&2
			err=1
			;;
		esac
	done <"$opt/$n.tcz.dep"
	seen="$seen$n "
done
# Conflicts: "path name" pairs; a path seen twice names both packages.
for n in "$@"; do
	[ -f "$opt/$n.tcz.list" ] && sed "s|\$| $n|" "$opt/$n.tcz.list"
done | LC_ALL=C sort | awk '
	$1 == last { printf "tcz-check: %s is in both %s and %s\n", $1, lastpkg, $2 > "/dev/stderr"; bad = 1 }
	{ last = $1; lastpkg = $2 }
	END { exit bad }' || err=1
# Images of packages not in the set would still be packed into podman.gz
# (packages.mk removes them before this check).
for f in "$opt"/*; do
	[ -e "$f" ] || continue
	b=${f##*/}
	n=${b%%.tcz*}
	case " $* " in *" $n "*) ;; *) echo "tcz-check: $f is not of a package in the set" >&2; err=1 ;; esac
done
exit $err
