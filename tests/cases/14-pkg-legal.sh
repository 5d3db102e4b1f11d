#!/bin/sh
# SUMMARY: the licences ship: `make legal-info` writes out/legal-info with
# the manifest, a source line (the exact Debian source package and version,
# as dpkg-deb names them) and a copyright file for every locked input, the
# licence texts they refer to, and the kernel's and busybox's licences; the
# ISO carries the same tree as /legal (its texts gzip-compressed).  The tests' own clients (their lock,
# B2P_TOOLS_LOCK) are in neither, nor in the manifest.
set -eu
. "$TOP/tests/lib.sh"
mk() { make -C "$TOP" --no-print-directory O="$O" "$@"; }
# The lock the build reads (the shared base joined with the flavor's) and the
# download cache, as the build hands them over (tests/tests.mk).
lock="$B2P_LOCK"
dl="$B2P_DL_DIR"
li="$O/legal-info"
need_iso
mk -q iso || fail "the ISO is not up to date (run make iso first)"
mk legal-info >"$TEST_TMP/log" 2>&1 || fail "make legal-info: $(tail -n 5 "$TEST_TMP/log")"
[ -s "$lock" ] || fail "no joined lock at $lock after make legal-info"

for f in manifest.txt sources.txt README.txt linux/COPYING linux/GPL-2.0 busybox/LICENSE \
	common-licenses/GPL-2 common-licenses/LGPL-2.1 common-licenses/GPL-3 copyright/musl-dev; do
	[ -s "$li/$f" ] || fail "out/legal-info/$f is missing or empty"
done
cmp -s "$li/manifest.txt" "$O/manifest.txt" || fail "out/legal-info/manifest.txt is not out/manifest.txt"
grep -q 'GNU GENERAL PUBLIC LICENSE' "$li/linux/COPYING" "$li/linux/GPL-2.0" || fail "the kernel licence is not the GPL"
grep -q 'GNU GENERAL PUBLIC LICENSE' "$li/busybox/LICENSE" || fail "busybox's LICENSE is not the GPL"

# The tests' clients: none of their files in /legal or the manifest,
# unless the image ships that very file too.
[ -s "${B2P_TOOLS_LOCK:-}" ] || fail "no tests' lock at B2P_TOOLS_LOCK='${B2P_TOOLS_LOCK:-}'"
while read -r kind name _ file _; do
	case $kind in '#'*) continue ;; esac
	# The same file may ship as well (trixie's libc6 in glibc.tcz).
	awk -v f="$file" '$4 == f { found = 1 } END { exit !found }' "$lock" && continue
	if grep -qF "$file" "$li/sources.txt" "$O/manifest.txt"; then
		fail "$file is locked for the tests only but listed in sources.txt or the manifest"
	fi
done <"$B2P_TOOLS_LOCK"

# Every locked input: a source line; every .deb: its copyright file, and
# the source named the way dpkg-deb's control fields say (Source empty:
# the package itself; "name (version)": that version; else the binary's).
n=0
while read -r kind name version file _; do
	case $kind in '#'*) continue ;; esac
	if [ "$kind" = src ] || [ "$kind" = srcdebian ]; then
		grep -q "^$file - $name $version " "$li/sources.txt" || fail "no source line for $kind $name $version"
		continue
	fi
	src=$(dpkg-deb -f "$dl/$file" Source)
	case $src in
	'') sname=$name sver=$version ;;
	*'('*) sname=${src%% *} sver=${src#*(} sver=${sver%)} ;;
	*) sname=$src sver=$version ;;
	esac
	line=$(awk -v n="$name" '$1 == n' "$li/sources.txt")
	[ -n "$line" ] || fail "no source line for $name"
	[ "$(echo "$line" | cut -d' ' -f1-4)" = "$name $version $sname $sver" ] \
		|| fail "source line for $name is '$line', want '$name $version $sname $sver ...'"
	[ "$(echo "$line" | wc -w)" = 5 ] || fail "source line for $name does not say where it is used: '$line'"
	[ -s "$li/copyright/$name" ] || fail "no copyright file for $name"
	n=$((n + 1))
done <"$lock"
grep -q '^libgcc-s1 .* gcc-[0-9]* ' "$li/sources.txt" || fail "libgcc-s1 does not come from a gcc-N source"
grep -q 'GCC RUNTIME LIBRARY EXCEPTION\|Runtime Library Exception' "$li/copyright/libgcc-s1" \
	|| fail "libgcc-s1's copyright is not GCC's (its doc dir links to gcc-N-base)"

# The ISO carries the same tree, each text gzip-compressed (NAME.gz;
# iso/legal-pack.sh), sources.txt as it is and README.txt with a note on
# that at its end; nothing else.
il="$TEST_TMP/iso-legal"
xorriso -osirrox on -indev "$B2P_ISO" -extract /legal "$il" >"$TEST_TMP/x.log" 2>&1 \
	|| fail "no /legal on the ISO: $(tail -n 3 "$TEST_TMP/x.log")"
(cd "$li" && find . ! -type d ! -name manifest.txt | sed 's|^\./||' | LC_ALL=C sort) >"$TEST_TMP/li.list"
while read -r f; do
	case $f in
	sources.txt) cmp -s "$li/$f" "$il/$f" || fail "the ISO's /legal/$f differs from out/legal-info's" ;;
	README.txt)
		head -c "$(wc -c <"$li/$f")" "$il/$f" | cmp -s - "$li/$f" \
			|| fail "the ISO's /legal/README.txt does not start with out/legal-info's"
		grep -q 'gzip-compressed' "$il/$f" || fail "the ISO's /legal/README.txt does not say the texts are compressed"
		;;
	*)
		[ -e "$il/$f.gz" ] || fail "the ISO's /legal has no $f.gz"
		gzip -dc "$il/$f.gz" | cmp -s - "$li/$f" || fail "the ISO's /legal/$f.gz is not out/legal-info's $f"
		;;
	esac
done <"$TEST_TMP/li.list"
want=$(grep -c . "$TEST_TMP/li.list")
got=$(cd "$il" && find . ! -type d | grep -c .)
[ "$got" = "$want" ] || fail "the ISO's /legal has $got files, out/legal-info $want (besides the manifest)"

log "$n packages with source line and copyright file, $(du -sk "$li" | cut -f1) KiB; the ISO's /legal matches"
