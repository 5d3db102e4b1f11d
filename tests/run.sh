#!/bin/sh
# Runs every tests/cases/*.sh (or those named), each with its own temp dir,
# and ends with the line "N passed, N failed".  Exit status 0 = no failure.
# A case exits 0 (pass), 77 (skip) or anything else (fail).
set -eu
TOP=$(cd "$(dirname "$0")/.." && pwd)
O=${O:-$TOP/out}
export TOP O
export B2P_ISO="${B2P_ISO:-$O/boot2podman.iso}"
export CACHE_DIR="${CACHE_DIR:-$HOME/.cache/boot2podman}"
export CONRUN="${CONRUN:-$O/build/tests/conrun}"
TMPROOT=$(mktemp -d "${TMPDIR:-/tmp}/b2p-test.XXXXXX")
trap 'rm -rf "$TMPROOT"' EXIT INT TERM

passed=0 failed=0 skipped=0 failures=
if [ $# -gt 0 ]; then cases=$*; else cases=$(ls "$TOP"/tests/cases/*.sh); fi
for c in $cases; do
	name=$(basename "$c" .sh)
	export TEST_TMP="$TMPROOT/$name"
	mkdir -p "$TEST_TMP"
	start=$(date +%s)
	printf '  %-7s %s\n' TEST "$name"
	rc=0
	sh "$c" || rc=$?
	secs=$(($(date +%s) - start))
	case $rc in
	0) passed=$((passed + 1)); printf '  %-7s %s (%ss)\n' PASS "$name" "$secs" ;;
	77) skipped=$((skipped + 1)); printf '  %-7s %s\n' SKIP "$name" ;;
	*) failed=$((failed + 1)); failures="$failures $name"; printf '  %-7s %s (%ss, exit %s)\n' FAIL "$name" "$secs" "$rc" ;;
	esac
done

# Unit tests report their own counts (tests/unit/unit.mk) when `make test`
# ran them (UNIT_RESULTS, UNIT_RC = exit status of make unit-test).  No
# results means they did not build: a failure, as is a failing make with
# no failure counted.
if [ -n "${UNIT_RESULTS:-}" ]; then
	if [ -f "$UNIT_RESULTS" ]; then
		read -r _ up _ uf <"$UNIT_RESULTS"
		if [ "${UNIT_RC:-0}" != 0 ] && [ "$uf" = 0 ]; then uf=1; fi
		[ "$uf" = 0 ] || failures="$failures unit-tests"
	else
		up=0 uf=1
		failures="$failures unit-tests(did not build: make unit-test exit ${UNIT_RC:-?}, no $UNIT_RESULTS)"
	fi
	passed=$((passed + up))
	failed=$((failed + uf))
fi

[ -z "$failures" ] || echo "failed:$failures"
echo "$passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ]
