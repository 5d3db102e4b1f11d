#!/bin/sh
# SUMMARY: a second make iso has nothing to do and takes under 3 s; a changed
# kernel fragment rebuilds the kernel and the ISO but not busybox.
set -eu
. "$TOP/tests/lib.sh"
mk() { make -C "$TOP" --no-print-directory O="$O" "$@"; }

start=$(date +%s.%N)
mk -q iso || fail "make -q iso: the tree is not up to date after make iso ($(mk -n iso 2>&1 | head -n 5))"
out=$(mk iso | grep -v "Nothing to be done" || true)
secs=$(printf "%.2f" "$(echo "$(date +%s.%N) - $start" | bc)")
[ -z "$out" ] || fail "a no-op make iso printed work: $out"
log "no-op make iso: ${secs}s"
[ "$(echo "$secs < 3" | bc)" = 1 ] || fail "no-op rebuild took ${secs}s (limit 3 s)"

# The download cache is shared by every tree: a newer date on a cached file
# (another clone fetched or re-checked it) must not rebuild this one.
touch "${DL_DIR:-$HOME/.cache/boot2podman/dl}/$(awk '$1 == "src" && $2 == "busybox" { print $4 }' "$TOP/configs/sources.lock")"
mk -q iso || fail "a touched file in the shared download cache makes the tree out of date"

# -W pretends the fragment changed without touching it.
plan=$(mk -n -W "$TOP/configs/kernel/network.config" iso V=1)
echo "$plan" | grep -q 'configure.sh' || fail "a changed fragment does not reconfigure the kernel"
echo "$plan" | grep -q ' bzImage' || fail "a changed fragment does not rebuild bzImage"
echo "$plan" | grep -q 'xorriso' || fail "a changed fragment does not rebuild the ISO"
if echo "$plan" | grep -q 'busybox-src.* busybox'; then fail "a changed fragment rebuilds busybox"; fi

