#!/bin/sh
# Builds one Tiny Core extension from locked Debian packages.
# Usage: tcz-build.sh NAME PKGDIR WORKDIR OPTDIR
#   PKGDIR   packages/NAME (optional files/ overlay, optional post-install.sh)
#   WORKDIR  scratch dir (the tree the image is made of; nobody else reads it)
#   OPTDIR   tce/optional of the stage; receives NAME.tcz{,.dep,.md5.txt,.list,.info}
# Environment (from the recipe, see packages/packages.mk):
#   DEBS     "debname=version=path ..."   the locked .debs to extract
#   DEPS     package names this one depends on (-> NAME.tcz.dep)
#   KEEP     path globs: if set, only matching files survive
#   DROP     path globs removed after KEEP
#   LINKS    "path=target ..." symlinks made after extraction (alternatives)
#   COMP     squashfs compressor options (default: xz -Xbcj x86)
#   DELTA    "path=basepkg:basepath ..."  files shipped as zstd patches against
#            basepath in OPTDIR/basepkg.tcz (built first), rebuilt on first use
#            by /usr/libexec/boot2podman/undelta (package zstd)
#   FLAVOR   the package set being built (PKGDIR/files.FLAVOR overlay)
#   SOURCE_DATE_EPOCH
set -eu
name=$1 pkgdir=$2 work=$3 opt=$4
: "${SOURCE_DATE_EPOCH:?}"
COMP=${COMP:--comp xz -Xbcj x86}
root=$work/root

die() { echo "tcz-build: $name: $*" >&2; exit 1; }

rm -rf "$work" && mkdir -p "$root" "$opt"
set -f # the globs below are patterns, not file names
for d in $DEBS; do
	path=${d#*=*=}
	dpkg-deb -x "$path" "$root" || die "cannot extract $path"
done

# Everything a VM that only hosts containers never reads.
DEFAULT_DROP='/usr/share/doc/* /usr/share/man/* /usr/share/info/* /usr/share/locale/*
/usr/share/lintian/* /usr/share/linda/* /usr/share/bash-completion/* /etc/bash_completion.d/*
/usr/share/zsh/* /usr/share/fish/* /usr/share/bug/* /usr/share/doc-base/* /usr/share/menu/*
/usr/share/apport/* /usr/share/gdb/* /usr/share/gcc/* /usr/share/debconf/* /usr/share/polkit-1/*
/lib/systemd/* /usr/lib/systemd/* /etc/systemd/* /usr/lib/tmpfiles.d/* /usr/lib/sysusers.d/*
/etc/init.d/* /etc/init/* /etc/rc?.d/* /etc/logrotate.d/* /etc/cron.*/* /etc/apparmor.d/*
/etc/ufw/* /etc/network/* /etc/default/* /usr/lib/x86_64-linux-gnu/gconv/* /usr/share/i18n/*
/etc/ld.so.conf.d/* /bin/sh /bin/dash /usr/share/runit/* /etc/runit/* /etc/sv/*'

matches() { # matches PATH GLOBS...
	p=$1
	shift
	for g in "$@"; do
		# shellcheck disable=SC2254 # $g is a pattern on purpose
		case $p in $g) return 0 ;; esac
	done
	return 1
}

# shellcheck disable=SC2086 # word-split the glob lists, no pathname expansion
(cd "$root" && find . -mindepth 1 ! -type d | sed 's|^\.||') | while IFS= read -r p; do
	if [ -n "${KEEP:-}" ] && ! matches "$p" $KEEP; then rm -f "$root$p"; continue; fi
	if matches "$p" $DEFAULT_DROP ${DROP:-}; then rm -f "$root$p"; fi
done

for l in ${LINKS:-}; do
	p=${l%%=*} t=${l#*=}
	mkdir -p "$root$(dirname "$p")"
	rm -f "$root$p" && ln -s "$t" "$root$p"
done
set +f

# files/ then the flavor's own files.<flavor>/ over it (FLAVOR from make).
for f in files ${FLAVOR:+"files.$FLAVOR"}; do
	if [ -d "$pkgdir/$f" ]; then
		cp -R --no-preserve=ownership "$pkgdir/$f/." "$root/"
	fi
done
if [ -x "$pkgdir/post-install.sh" ]; then
	(cd "$root" && ROOT=$root "$pkgdir/post-install.sh") || die "post-install.sh failed"
fi
# Dangling links to files we dropped go too (absolute targets resolve in the
# final / only, so only relative ones can be checked here).
find "$root" -type l | while IFS= read -r l; do
	t=$(readlink "$l")
	case $t in /*) continue ;; esac
	[ -e "$l" ] || rm -f "$l"
done

# Deltas.  buildah and skopeo are built from most of the same Go packages as
# podman: as zstd patches against podman's binary they take 3-4 MiB each in
# the image instead of 8-9.  The file is replaced by a stub that runs
# undelta, which rebuilds the program once (sha256-checked) into a cache
# and execs it.  The patch is checked here by a round trip.
DELTA_DIR=/usr/lib/boot2podman/delta
ZSTD_DELTA='--long=27 --single-thread'
for d in ${DELTA:-}; do
	p=${d%%=*} r=${d#*=}
	bpkg=${r%%:*} bpath=${r#*:} t=${p##*/}
	case " ${DEPS:-} " in *" $bpkg "*) ;; *) die "DELTA $p: its base package $bpkg must be in ${name}_DEPS" ;; esac
	case " ${DEPS:-} " in *" zstd "*) ;; *) die "DELTA $p: zstd (undelta) must be in ${name}_DEPS" ;; esac
	if [ ! -f "$root$p" ] || [ -L "$root$p" ]; then die "DELTA $p: not a regular file of the package"; fi
	[ ! -e "$root$DELTA_DIR/$t" ] || die "DELTA $p: a second delta named $t"
	if ! unsquashfs -cat "$opt/$bpkg.tcz" "${bpath#/}" >"$work/delta-base" 2>"$work/delta.err" || [ ! -s "$work/delta-base" ]; then
		die "DELTA $p: cannot read $bpath from $opt/$bpkg.tcz: $(cat "$work/delta.err")"
	fi
	mkdir -p "$root$DELTA_DIR"
	# shellcheck disable=SC2086 # ZSTD_DELTA is a list of options
	# (zstd prints tuning notes on stderr at this level even when all is well)
	if ! zstd -q -19 $ZSTD_DELTA --patch-from="$work/delta-base" -o "$root$DELTA_DIR/$t.zst" "$root$p" 2>"$work/delta.err" \
		|| ! zstd -q -d $ZSTD_DELTA --patch-from="$work/delta-base" -o "$work/delta-check" "$root$DELTA_DIR/$t.zst" 2>>"$work/delta.err" \
		|| ! cmp -s "$work/delta-check" "$root$p"; then
		die "DELTA $p: zstd patch against $bpkg:$bpath failed its round trip: $(cat "$work/delta.err")"
	fi
	printf 'target %s\nbase %s\nbasepkg %s\nsha256 %s\nsize %s\n' "$p" "$bpath" "$bpkg" \
		"$(sha256sum <"$root$p" | cut -d' ' -f1)" "$(stat -c %s "$root$p")" >"$root$DELTA_DIR/$t"
	rm -f "$root$p" "$work/delta-base" "$work/delta-check"
	printf '#!/bin/sh\n# %s ships as a patch against %s (%s): see undelta.\nexec /usr/libexec/boot2podman/undelta %s "$@"\n' \
		"$p" "$bpath" "$bpkg" "$t" >"$root$p"
	chmod 755 "$root$p"
done

find "$root" -mindepth 1 -type d -empty -delete
[ -n "$(ls -A "$root")" ] || die "nothing left after KEEP/DROP"
find "$root" -exec touch -h -d "@$SOURCE_DATE_EPOCH" {} +

out=$opt/$name.tcz
rm -f "$out"
# Each mounted image holds up to five of its blocks in kernel memory for as
# long as it is mounted (the xz dictionary, the read page, three fragment-
# cache entries): up to 1.3 MiB at 256K, 0.3 MiB at 64K.  Below 8 MiB
# unpacked (the libraries, ssh, e2fsprogs, nft, crun, aardvark-dns) 64K
# blocks cost about 6% in size and save more memory than that; the big Go
# and Rust binaries keep 256K blocks, where the ratio matters more.
block=256K
[ "$(du -sk --apparent-size "$root" | cut -f1)" -ge 8192 ] || block=64K
# shellcheck disable=SC2086 # COMP is a list of options
# mksquashfs 4.5 refuses SOURCE_DATE_EPOCH together with the explicit options.
env -u SOURCE_DATE_EPOCH mksquashfs "$root" "$out.tmp" -b "$block" $COMP -noappend -all-root \
	-mkfs-time "$SOURCE_DATE_EPOCH" -all-time "$SOURCE_DATE_EPOCH" -no-progress -quiet >"$work/mksquashfs.log" 2>&1 \
	|| { cat "$work/mksquashfs.log" >&2; die "mksquashfs failed"; }
mv "$out.tmp" "$out"

# .list: every non-directory (what the loader links into /), leading '/'.
(cd "$root" && find . -mindepth 1 ! -type d | sed 's|^\.||' | LC_ALL=C sort) >"$out.list"
: >"$out.dep"
for d in ${DEPS:-}; do echo "$d" >>"$out.dep"; done
(cd "$opt" && md5sum "$name.tcz" >"$name.tcz.md5.txt")
main=${DEBS%% *}
main=${main#*=}
{
	echo "Title:          $name.tcz"
	echo "Version:        ${main%%=*}"
	echo "Size:           $(du -k "$out" | cut -f1)K ($(stat -c %s "$out") bytes)"
	echo "Files:          $(wc -l <"$out.list")"
	echo "Debs:           $(for d in $DEBS; do n=${d%%=*} r=${d#*=}; printf '%s ' "$n=${r%%=*}"; done | sed 's/ $//')"
	echo "Depends:        $(printf '%s' "${DEPS:-}" | tr -s ' ')"
} >"$out.info"
