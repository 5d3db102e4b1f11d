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
# This run's unit results (from make test) are not the cases' business: a
# case that runs the harness itself must not count them again.
unit_results=${UNIT_RESULTS:-} unit_rc=${UNIT_RC:-0}
unset UNIT_RESULTS UNIT_RC

# TEST_JOBS cases run at once (default: one per core; each boot case is
# one TCG vCPU).  Output of a case is printed when it ends, in one piece.
# A case with a line "# EXCLUSIVE" runs alone: it starts several machines
# itself, or its figures need the CPUs to itself.
JOBS=${TEST_JOBS:-$(nproc 2>/dev/null || echo 1)}
case $JOBS in '' | *[!0-9]* | 0) echo "TEST_JOBS must be a number >= 1, not '$JOBS'" >&2; exit 2 ;; esac

passed=0 failed=0 skipped=0 failures='' running='' nrunning=0
trap 'for j in $running; do kill "${j%%:*}" 2>/dev/null || true; done; rm -rf "$TMPROOT"' EXIT INT TERM

# finish NAME RC SECS: prints the verdict and counts it.
finish() {
	case $2 in
	0) passed=$((passed + 1)); printf '  %-7s %s (%ss)\n' PASS "$1" "$3" ;;
	77) skipped=$((skipped + 1)); printf '  %-7s %s\n' SKIP "$1" ;;
	*) failed=$((failed + 1)); failures="$failures $1"; printf '  %-7s %s (%ss, exit %s)\n' FAIL "$1" "$3" "$2" ;;
	esac
}

# launch CASE: starts it in the background, output to its own file.
launch() {
	name=$(basename "$1" .sh)
	mkdir -p "$TMPROOT/$name"
	date +%s >"$TMPROOT/$name.start"
	(
		rc=0
		TEST_TMP="$TMPROOT/$name" sh "$1" >"$TMPROOT/$name.out" 2>&1 </dev/null || rc=$?
		echo "$rc" >"$TMPROOT/$name.rc"
	) &
	running="$running $!:$name"
	nrunning=$((nrunning + 1))
}

# reap: reports every background case that has ended.
reap() {
	still=
	for j in $running; do
		pid=${j%%:*} name=${j#*:}
		if kill -0 "$pid" 2>/dev/null; then
			still="$still $j"
			continue
		fi
		wait "$pid" || true
		nrunning=$((nrunning - 1))
		printf '  %-7s %s\n' TEST "$name"
		cat "$TMPROOT/$name.out"
		finish "$name" "$(cat "$TMPROOT/$name.rc" 2>/dev/null || echo 1)" \
			$(($(date +%s) - $(cat "$TMPROOT/$name.start")))
	done
	running=$still
}

wait_below() {
	reap
	while [ "$nrunning" -ge "$1" ]; do
		sleep 1
		reap
	done
}

if [ $# -gt 0 ]; then cases=$*; else cases=$(ls "$TOP"/tests/cases/*.sh); fi
for c in $cases; do
	name=$(basename "$c" .sh)
	if [ "$JOBS" -eq 1 ]; then
		# One at a time: the output streams as it comes.
		mkdir -p "$TMPROOT/$name"
		start=$(date +%s)
		printf '  %-7s %s\n' TEST "$name"
		rc=0
		TEST_TMP="$TMPROOT/$name" sh "$c" || rc=$?
		finish "$name" "$rc" $(($(date +%s) - start))
	elif grep -q '^# EXCLUSIVE' "$c"; then
		wait_below 1
		launch "$c"
		wait_below 1
	else
		wait_below "$JOBS"
		launch "$c"
	fi
done
wait_below 1

# Unit tests report their own counts (tests/unit/unit.mk) when `make test`
# ran them (unit_results, unit_rc = exit status of make unit-test).  No
# results means they did not build: a failure, as is a failing make with
# no failure counted.
if [ -n "$unit_results" ]; then
	if [ -f "$unit_results" ]; then
		read -r _ up _ uf <"$unit_results"
		if [ "$unit_rc" != 0 ] && [ "$uf" = 0 ]; then uf=1; fi
		[ "$uf" = 0 ] || failures="$failures unit-tests"
	else
		up=0 uf=1
		failures="$failures unit-tests(did not build: make unit-test exit $unit_rc, no $unit_results)"
	fi
	passed=$((passed + up))
	failed=$((failed + uf))
fi

[ -z "$failures" ] || echo "failed:$failures"
echo "$passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ]
