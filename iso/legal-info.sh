#!/bin/sh
# Gathers what the licences of the shipped binaries ask for: the Debian
# copyright file of every locked .deb, the licences of the kernel and
# busybox (built from Debian's sources) and of musl (linked statically from
# the host), and for each input the exact Debian source package and version
# it was built from.  The tree goes on the ISO as /legal and, with the
# manifest, into out/legal-info (`make legal-info`).
# Usage: legal-info.sh OUTDIR
# Environment: LOCK, DL_DIR, KERNEL_SRC, BUSYBOX_SRC (extracted trees),
#   USES "name=where ..." (where each locked input ends up; every input
#   must have one), VERSION, SOURCE_DATE_EPOCH
set -eu
out=$1
: "${LOCK:?}" "${DL_DIR:?}" "${KERNEL_SRC:?}" "${BUSYBOX_SRC:?}" "${USES:?}" "${SOURCE_DATE_EPOCH:?}"

die() { echo "legal-info: $*" >&2; exit 1; }

tmp=$(mktemp -d "${TMPDIR:-/tmp}/b2p-legal.XXXXXX")
trap 'rm -rf "$tmp"' EXIT INT TERM
rm -rf "$out" && mkdir -p "$out/copyright" "$out/common-licenses" "$out/linux" "$out/busybox" "$tmp/root"

uses() { # uses NAME -> where NAME ends up
	for u in $USES; do
		case $u in "$1="*) echo "${u#*=}" && return 0 ;; esac
	done
	die "$1 is in the lock but USES does not say where it ends up (iso/iso.mk, LEGAL_USES)"
}

# inroot PATH: PATH under $tmp/root with symbolic links followed inside
# that tree (a doc dir may link to another package's: libgcc-s1 -> gcc-12-base).
inroot() {
	p=$tmp/root$1 n=0
	while [ -L "$p" ]; do
		n=$((n + 1))
		[ $n -lt 10 ] || die "too many links at $1"
		t=$(readlink "$p")
		case $t in /*) p=$tmp/root$t ;; *) p=$(dirname "$p")/$t ;; esac
	done
	echo "$p"
}

# Every locked .deb's /usr/share/doc, into one tree, so links between
# packages resolve.
awk '$1 == "deb" { print $4 }' "$LOCK" >"$tmp/debs"
while read -r f; do
	extra=
	case $f in base-files_*) extra=./usr/share/common-licenses ;; esac
	dpkg-deb --fsys-tarfile "$DL_DIR/$f" | tar -x -C "$tmp/root" --wildcards './usr/share/doc/*' ${extra:+"$extra"} \
		2>"$tmp/err" || die "$f: no /usr/share/doc in the package ($(head -n 1 "$tmp/err"))"
done <"$tmp/debs"

{
	echo "# Every input of boot2podman ${VERSION:-} and the Debian source package it comes from."
	echo "# Get a source with: apt-get source SOURCE=VERSION (deb-src lines for Debian 12), or"
	echo "# from https://snapshot.debian.org/package/SOURCE/VERSION/ (epoch dropped from the URL)."
	echo "# binary version source source-version used-in"
} >"$out/sources.txt"

awk '$1 !~ /^#/ && NF >= 5 { print $1, $2, $3, $4 }' "$LOCK" | while read -r kind name version file; do
	where=$(uses "$name")
	case $kind in
	deb)
		deb=$DL_DIR/$file
		# shellcheck disable=SC2016 # dpkg's format, not the shell's
		fields=$(dpkg-deb --show --showformat='${Package} ${Version} ${source:Package} ${source:Version}' "$deb")
		# shellcheck disable=SC2086 # four fields
		set -- $fields
		if [ "$1" != "$name" ] || [ "$2" != "$version" ]; then die "$file is $1 $2, the lock says $name $version"; fi
		echo "$1 $2 $3 $4 $where" >>"$out/sources.txt"
		d=$(inroot "/usr/share/doc/$name")
		c=$(inroot "${d#"$tmp/root"}/copyright")
		[ -f "$c" ] || die "$name: no copyright file in its package; if its doc dir is a link to another package's (${d#"$tmp/root"}), add that package to LEGAL_DEBS (iso/iso.mk) and run make update-lock"
		cp "$c" "$out/copyright/$name"
		;;
	src | srcdebian)
		# The upstream tarball of this Debian source version and its
		# debian/ tarball, whose patch series the build applies.
		echo "$file - $name $version $where" >>"$out/sources.txt"
		;;
	*) die "unknown kind '$kind' in the lock" ;;
	esac
done

# The licence texts Debian's copyright files point to (from base-files):
# this image is not a Debian system with /usr/share/common-licenses.
[ -d "$tmp/root/usr/share/common-licenses" ] || die "no common-licenses: base-files must be in the lock (LEGAL_DEBS)"
cp -R "$tmp/root/usr/share/common-licenses/." "$out/common-licenses/"

# Licences of what is built from source here.
for f in COPYING LICENSES/preferred/GPL-2.0 LICENSES/exceptions/Linux-syscall-note; do
	[ -f "$KERNEL_SRC/$f" ] || die "no $f in the kernel source $KERNEL_SRC"
	cp "$KERNEL_SRC/$f" "$out/linux/${f##*/}"
done
[ -f "$BUSYBOX_SRC/LICENSE" ] || die "no LICENSE in the busybox source $BUSYBOX_SRC"
cp "$BUSYBOX_SRC/LICENSE" "$out/busybox/LICENSE"

# musl: the host's, linked statically into busybox and the init.
# shellcheck disable=SC2016 # dpkg's format, not the shell's
musl=$(dpkg-query -W -f='${Package} ${Version} ${source:Package} ${source:Version}' musl-dev 2>/dev/null) \
	|| die "musl-dev is not installed (configs/host-packages: musl-tools)"
echo "$musl boot/core.gz:static-in-busybox,init(host-package)" >>"$out/sources.txt"
[ -f /usr/share/doc/musl-dev/copyright ] || die "no /usr/share/doc/musl-dev/copyright on the host"
cp /usr/share/doc/musl-dev/copyright "$out/copyright/musl-dev"

cat >"$out/README.txt" <<EOF
Licences and sources of boot2podman ${VERSION:-}

This image is built from Debian packages and sources pinned by version and
sha256 (configs/sources.lock and configs/flavors/FLAVOR/sources.lock in the
boot2podman repository).

  sources.txt      every input: binary package and version, the Debian
                   source package and version it was built from, and
                   where it ends up in the image
  copyright/NAME   the Debian copyright file of binary package NAME
  common-licenses/ the licence texts those files refer to as
                   /usr/share/common-licenses/* (GPL-2, LGPL-2.1, ...)
  linux/           the kernel's COPYING and the licence texts it names
  busybox/LICENSE  busybox's licence (built from the upstream tarball and
                   Debian's patch series, both listed in sources.txt)

The corresponding sources are those of the listed Debian source versions
(apt-get source SOURCE=VERSION, or https://snapshot.debian.org/); the
kernel and busybox configurations are in the boot2podman repository at the
commit of this build.
EOF

# Identical texts (one copyright file for the four krb5 libraries, the same
# GPL in several places) are kept once, the others are symbolic links to
# it: Rock Ridge keeps them, and every file costs at least a 2 KiB sector.
(cd "$out" && find copyright common-licenses linux busybox -type f | LC_ALL=C sort | xargs sha256sum) |
	awk 'seen[$1] { print $2, seen[$1]; next } { seen[$1] = $2 }' |
	while read -r dup first; do
		ln -sf "../$first" "$out/$dup"
	done

find "$out" -exec touch -h -d "@$SOURCE_DATE_EPOCH" {} +
