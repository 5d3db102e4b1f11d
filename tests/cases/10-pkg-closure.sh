#!/bin/sh
# SUMMARY: the package checks catch what would break at boot: an ELF file
# needing a library (or interpreter) its package does not depend on fails
# naming the file and the soname; a path owned by two packages fails naming
# both; and the real package stage passes the ELF closure check.
set -eu
. "$TOP/tests/lib.sh"
opt="$B2P_PKG_SET/tce/optional"
onboot="$B2P_PKG_SET/tce/onboot.lst"
[ -s "$onboot" ] || fail "no package set: $onboot is missing or empty (configs/packages.list emptied, or make iso not run)"
[ -f "$opt/glibc.tcz.list" ] || fail "no glibc package in $opt"
CC=${HOST_CC:-cc}
command -v "$CC" >/dev/null || fail "no host C compiler ($CC; configs/host-packages)"
t=${TEST_TMP:-$(mktemp -d)}
mkdir -p "$t/opt" "$t/roots/libfoo/root/usr/lib/x86_64-linux-gnu" "$t/roots/app/root/usr/bin" \
	"$t/roots/badinterp/root/usr/bin" "$t/build"

# A fixture stage: the real glibc metadata, a libfoo package and an app
# package linked against libfoo whose .dep forgets libfoo.
cp "$opt/glibc.tcz.list" "$opt/glibc.tcz.dep" "$t/opt/"
echo 'int foo(void) { return 42; }' >"$t/build/foo.c"
echo 'int foo(void); int main(void) { return foo() != 42; }' >"$t/build/app.c"
"$CC" -shared -fPIC -Wl,-soname,libfoo.so.1 -o "$t/roots/libfoo/root/usr/lib/x86_64-linux-gnu/libfoo.so.1" "$t/build/foo.c"
"$CC" -o "$t/roots/app/root/usr/bin/app" "$t/build/app.c" -L"$t/roots/libfoo/root/usr/lib/x86_64-linux-gnu" -l:libfoo.so.1
"$CC" -o "$t/roots/badinterp/root/usr/bin/badinterp" "$t/build/app.c" "$t/build/foo.c" \
	-Wl,--dynamic-linker=/lib/ld-b2p-missing.so.1
echo /usr/lib/x86_64-linux-gnu/libfoo.so.1 >"$t/opt/libfoo.tcz.list"
echo glibc >"$t/opt/libfoo.tcz.dep"
echo /usr/bin/app >"$t/opt/app.tcz.list"
echo glibc >"$t/opt/app.tcz.dep"
echo /usr/bin/badinterp >"$t/opt/badinterp.tcz.list"
echo glibc >"$t/opt/badinterp.tcz.dep"

# The check reads the images, as they ship.
for n in libfoo app badinterp; do
	mksquashfs "$t/roots/$n/root" "$t/opt/$n.tcz" -noappend -quiet -no-progress >/dev/null \
		|| fail "mksquashfs of the $n fixture failed"
done
check() { "$TOP/packages/elf-closure.sh" "$t/opt" "$@" >"$t/out" 2>&1; }
if check libfoo app; then fail "closure check passed an app missing libfoo.so.1"; fi
grep -q 'app: /usr/bin/app: needs libfoo.so.1' "$t/out" || fail "the error does not name the file and soname: $(cat "$t/out")"
log "broken recipe: $(cat "$t/out")"
if check badinterp; then fail "closure check passed a missing PT_INTERP"; fi
grep -q '/usr/bin/badinterp: needs interpreter /lib/ld-b2p-missing.so.1' "$t/out" \
	|| fail "the error does not name the interpreter: $(cat "$t/out")"
# The same app with its dependency declared (directly or transitively) passes.
printf 'glibc\nlibfoo\n' >"$t/opt/app.tcz.dep"
check libfoo app || fail "closure check rejects a correct recipe: $(cat "$t/out")"
printf 'libfoo\n' >"$t/opt/app.tcz.dep"
check libfoo app || fail "closure check does not follow dependencies transitively: $(cat "$t/out")"

# Conflicts and order.
cp "$t/opt/libfoo.tcz.list" "$t/opt/app.tcz.list"
for n in glibc libfoo app; do for x in tcz tcz.md5.txt tcz.info; do : >>"$t/opt/$n.$x"; done; done
rm -f "$t/opt/badinterp."*
if "$TOP/packages/tcz-check.sh" "$t/opt" glibc libfoo app >"$t/out" 2>&1; then fail "a path in two packages passed"; fi
grep -q '/usr/lib/x86_64-linux-gnu/libfoo.so.1 is in both \(app and libfoo\|libfoo and app\)' "$t/out" \
	|| fail "the conflict error does not name the path and both packages: $(cat "$t/out")"
echo /usr/bin/app >"$t/opt/app.tcz.list"
if "$TOP/packages/tcz-check.sh" "$t/opt" glibc app libfoo >"$t/out" 2>&1; then fail "a dependency loaded after its dependent passed"; fi
grep -q "app depends on 'libfoo'" "$t/out" || fail "the order error does not name the packages: $(cat "$t/out")"

# The real stage.
# shellcheck disable=SC2046 # one package name per line
"$TOP/packages/elf-closure.sh" "$opt" $(cat "$onboot") >"$t/out" 2>&1 \
	|| fail "the real package stage fails the closure check: $(cat "$t/out")"
log "real stage: $(grep -c . "$onboot") packages, closure complete"

# A check changes nothing: an image of a package not in the set is
# reported, not removed.
: >"$t/opt/stray.tcz"
if "$TOP/packages/tcz-check.sh" "$t/opt" glibc libfoo app >"$t/out" 2>&1; then fail "an image outside the set passed"; fi
grep -q 'stray.tcz is not of a package in the set' "$t/out" || fail "the stray image is not named: $(cat "$t/out")"
[ -f "$t/opt/stray.tcz" ] || fail "tcz-check removed a file"
