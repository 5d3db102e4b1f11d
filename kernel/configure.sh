#!/bin/sh
# Makes a kernel .config: allnoconfig plus our fragments, merged by the
# kernel's own merge_config.sh, then two checks that fail the build: every
# option a fragment asks for is in the final .config as asked (merge_config
# reports each one that is not, "Value requested for ... not in final
# .config", but only warns), and every container need is met.
# Usage: configure.sh KERNEL_SRC OBJ_DIR FRAGMENT...
set -eu
here=$(cd "$(dirname "$0")" && pwd)
src=$1 obj=$2
shift 2
mkdir -p "$obj"

(cd "$src" && ARCH=x86_64 ./scripts/kconfig/merge_config.sh -n -O "$obj" "$@") \
	>"$obj/merge.log" 2>&1 || { cat "$obj/merge.log" >&2; exit 1; }
# merge_config's report: three lines an option (what was asked, what came).
if grep -q '^Value requested for ' "$obj/merge.log"; then
	echo "kernel config: fragment options that did not survive allnoconfig" >&2
	echo "(a dependency is missing; add it to a fragment in configs/kernel/):" >&2
	grep -A2 '^Value requested for ' "$obj/merge.log" | grep -v '^--$' | sed 's/^/  /' >&2
	exit 1
fi
"$here/check-kernel-config.sh" "$obj/.config" >"$obj/check-config.txt" \
	|| { cat "$obj/check-config.txt" >&2; exit 1; }
