#!/bin/sh
# Fails when an option a fragment asks for is not in the final .config as
# asked: olddefconfig silently drops options whose dependencies are unmet.
# Usage: kconfig-verify.sh DOTCONFIG FRAGMENT...
set -eu
config=$1
shift
bad=$(awk '
	FNR == NR { val[$0] = 1; next }            # first file: the final .config
	/^CONFIG_[A-Za-z0-9_]+=/ {
		if (!($0 in val)) {
			split($0, kv, "=")
			printf "  %s: wanted %s, got %s\n", FILENAME, $0, have(kv[1])
		}
		next
	}
	/^# CONFIG_[A-Za-z0-9_]+ is not set/ {
		if (have($2) != "not set") printf "  %s: wanted %s unset, got %s\n", FILENAME, $2, have($2)
	}
	function have(sym,   k) {
		for (k in val) if (index(k, sym "=") == 1) return k
		return "not set"
	}
' "$config" "$@" | sed "s|$(dirname "$1")/||")
if [ -n "$bad" ]; then
	echo "kernel config: these fragment options did not survive olddefconfig" >&2
	echo "(a dependency is missing; add it to a fragment in configs/kernel/):" >&2
	printf '%s\n' "$bad" >&2
	exit 1
fi
