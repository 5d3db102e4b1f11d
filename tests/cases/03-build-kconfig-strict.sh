#!/bin/sh
# SUMMARY: a fragment option whose dependencies are unmet fails the kernel
# configuration, naming the option; the real fragments pass.
set -eu
. "$TOP/tests/lib.sh"
src="$B2P_KERNEL_SRC"
[ -f "$src/Makefile" ] || fail "no extracted kernel at $src (run make iso)"

# BRIDGE_VLAN_FILTERING needs VLAN_8021Q, which no fragment enables.
printf 'CONFIG_BRIDGE_VLAN_FILTERING=y\n' >"$TEST_TMP/bad.config"
if "$TOP/kernel/configure.sh" "$src" "$TEST_TMP/obj" "$TOP"/configs/kernel/*.config \
	"$TEST_TMP/bad.config" >"$TEST_TMP/out" 2>&1; then
	fail "configure accepted an option that cannot be set"
fi
grep -q 'Value requested for CONFIG_BRIDGE_VLAN_FILTERING not in final .config' "$TEST_TMP/out" \
	|| fail "the error does not name the option: $(cat "$TEST_TMP/out")"
log "rejected: $(grep BRIDGE_VLAN "$TEST_TMP/out")"

"$TOP/kernel/configure.sh" "$src" "$TEST_TMP/obj" "$TOP"/configs/kernel/*.config \
	>"$TEST_TMP/out" 2>&1 || fail "the real fragments fail: $(tail "$TEST_TMP/out")"
grep -q 'all container requirements present' "$TEST_TMP/obj/check-config.txt" \
	|| fail "container requirements not all present"
