#!/bin/sh
# Makes a kernel .config: allnoconfig plus our fragments (merged by the
# kernel's own merge_config.sh), olddefconfig, then two checks that fail the
# build: every fragment option survived, and every container need is met.
# Usage: configure.sh KERNEL_SRC OBJ_DIR FRAGMENT...
set -eu
here=$(cd "$(dirname "$0")" && pwd)
src=$1 obj=$2
shift 2
mkdir -p "$obj"
quiet=-s
[ "${V:-0}" = 1 ] && quiet=

(cd "$src" && ARCH=x86_64 ./scripts/kconfig/merge_config.sh -n -O "$obj" "$@") \
	>"$obj/merge.log" 2>&1 || { cat "$obj/merge.log" >&2; exit 1; }
make -C "$src" O="$obj" ARCH=x86_64 $quiet olddefconfig >/dev/null
"$here/kconfig-verify.sh" "$obj/.config" "$@"
"$here/check-kernel-config.sh" "$obj/.config" >"$obj/check-config.txt" \
	|| { cat "$obj/check-config.txt" >&2; exit 1; }
