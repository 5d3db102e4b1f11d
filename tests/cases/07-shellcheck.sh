#!/bin/sh
# SUMMARY: every shell script of the build, the tests and the image is
# POSIX sh and shellcheck-clean.
set -eu
. "$TOP/tests/lib.sh"
command -v shellcheck >/dev/null || fail "shellcheck missing (configs/host-packages)"
cd "$TOP"
files=$(git ls-files | while read -r f; do
	case "$f" in out/*) continue ;; esac
	if [ -f "$f" ] && head -n 1 "$f" | grep -q '^#!/bin/sh'; then echo "$f"; fi
done)
[ -n "$files" ] || fail "no shell scripts found"
# shellcheck disable=SC2086 # one path a word, none has spaces
shellcheck -s sh -e SC1091 $files >"$TEST_TMP/out" 2>&1 || fail "shellcheck: $(head -n 40 "$TEST_TMP/out")"
bash=$(git ls-files | xargs grep -l '^#!.*bash' 2>/dev/null | grep -v '^out/' || true)
[ -z "$bash" ] || fail "bash scripts: $bash"
log "$(echo "$files" | wc -l) scripts clean"
