#!/bin/sh
# ELF closure check: every ELF file of a package must find its program
# interpreter (PT_INTERP) and each NEEDED library in the package itself or
# in a package it depends on (transitively, via NAME.tcz.dep).  Nothing may
# rely on the build host's libraries.
# Usage: elf-closure.sh OPTDIR NAME...
#   OPTDIR/NAME.tcz       the image (unpacked here: the check reads what ships)
#   OPTDIR/NAME.tcz.list  files of each package (leading /)
#   OPTDIR/NAME.tcz.dep   its dependencies, one a line
# Libraries are looked up the way Debian's ld.so does without a cache: in
# the ELF file's RUNPATH/RPATH ($ORIGIN expanded), then /lib/x86_64-linux-gnu
# and /usr/lib/x86_64-linux-gnu, then /lib and /usr/lib.
# Prints "elf-closure: PKG: FILE: needs SONAME (not in PKG or its deps)".
set -eu
opt=$1
shift
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM

# closure NAME: NAME and all its dependencies, one a line
closure() {
	todo=" $1 " visited=' '
	while :; do
		n=$(echo "$todo" | tr -s ' ' | sed 's/^ //' | cut -d' ' -f1)
		[ -n "$n" ] || break
		todo=$(echo "$todo" | tr -s ' ' | sed 's/^ //' | cut -s -d' ' -f2-)
		case $visited in *" $n "*) continue ;; esac
		visited="$visited$n "
		echo "$n"
		if [ -f "$opt/$n.tcz.dep" ]; then
			todo="$todo $(tr '\n' ' ' <"$opt/$n.tcz.dep")"
		else
			echo "elf-closure: dependency '$n' has no $opt/$n.tcz.dep" >&2
			return 1
		fi
	done
}

# undelta PKG ROOT: puts back in ROOT the programs PKG ships as patches
# (tcz-build.sh, DELTA), from its base package's image, so what is checked
# is the program undelta will run.
undelta() {
	for m in "$2"/usr/lib/boot2podman/delta/*; do
		case $m in *.zst) continue ;; esac
		[ -f "$m" ] || continue
		t=$(sed -n 's/^target //p' "$m") b=$(sed -n 's/^base //p' "$m")
		bp=$(sed -n 's/^basepkg //p' "$m") sum=$(sed -n 's/^sha256 //p' "$m")
		if ! unsquashfs -cat "$opt/$bp.tcz" "${b#/}" >"$tmp/base" 2>/dev/null \
			|| ! zstd -q -d -f --long=27 --patch-from="$tmp/base" -o "$2$t" "$m.zst" \
			|| [ "$(sha256sum <"$2$t" | cut -d' ' -f1)" != "$sum" ]; then
			echo "elf-closure: $1: $t does not rebuild from ${m#"$2"}.zst against $bp:$b" >&2
			return 1
		fi
	done
}

err=0
for pkg in "$@"; do
	root=$tmp/root
	rm -rf "$root"
	unsquashfs -q -n -d "$root" "$opt/$pkg.tcz" >/dev/null 2>"$tmp/unsquashfs.err" \
		|| { echo "elf-closure: $pkg: cannot unpack $opt/$pkg.tcz: $(cat "$tmp/unsquashfs.err")" >&2; err=1; continue; }
	undelta "$pkg" "$root" || { err=1; continue; }
	closure "$pkg" >"$tmp/deps" || { err=1; continue; }
	while IFS= read -r n; do
		cat "$opt/$n.tcz.list" || echo x >>"$tmp/bad"
	done <"$tmp/deps" | LC_ALL=C sort -u >"$tmp/have"
	# ELF regular files only (symlinks are checked through their targets).
	(cd "$root" && find . -type f -perm /111 -o -type f -name '*.so*') | sed 's|^\.||' | LC_ALL=C sort -u |
		while IFS= read -r f; do
			[ "$(head -c 4 "$root$f" | od -An -c | tr -d ' ')" = '177ELF' ] || continue
			hdr=$(readelf -ldW "$root$f" 2>/dev/null) || { echo "elf-closure: $pkg: $f: readelf failed" >&2; echo x >>"$tmp/bad"; continue; }
			interp=$(echo "$hdr" | sed -n 's/.*\[Requesting program interpreter: \(.*\)\]/\1/p')
			if [ -n "$interp" ] && ! grep -qxF "$interp" "$tmp/have"; then
				echo "elf-closure: $pkg: $f: needs interpreter $interp (not in $pkg or its deps)" >&2
				echo x >>"$tmp/bad"
			fi
			dirs=$(echo "$hdr" | sed -n 's/.*(R[UN]*PATH).*\[\(.*\)\]/\1/p' | tr ':' ' ' | sed "s|\\\$ORIGIN|${f%/*}|g; s|\\\${ORIGIN}|${f%/*}|g")
			for so in $(echo "$hdr" | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p'); do
				ok=
				for d in $dirs /lib/x86_64-linux-gnu /usr/lib/x86_64-linux-gnu /lib /usr/lib; do
					if grep -qxF "$d/$so" "$tmp/have"; then ok=1; break; fi
				done
				if [ -z "$ok" ]; then
					echo "elf-closure: $pkg: $f: needs $so (not in $pkg or its deps)" >&2
					echo x >>"$tmp/bad"
				fi
			done
		done
	[ ! -s "$tmp/bad" ] || err=1
	rm -f "$tmp/bad"
done
exit $err
