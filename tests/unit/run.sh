#!/bin/sh
# Runs unit-test binaries, shows their PASS/FAIL lines, writes the totals.
# usage: run.sh RESULT_DIR BINARY...
# A binary that dies (sanitizer report, crash) counts as one failure on top
# of the cases it managed to report.
dir=$1; shift
passed=0 failed=0
export PATH="$PATH:/sbin:/usr/sbin"
export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=0}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}"
mkdir -p "$dir/tmp"
for bin in "$@"; do
	name=${bin##*/}
	log=$dir/$name.log
	TMPDIR=$dir/tmp "$bin" >"$log" 2>&1
	rc=$?
	grep -E '^  (PASS|FAIL) ' "$log"
	p=$(grep -c '^  PASS ' "$log")
	f=$(grep -c '^  FAIL ' "$log")
	if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then
		printf '  %-7s %s (exit %s)\n' FAIL "$name" "$rc"
		f=1
	fi
	if [ "$f" -ne 0 ]; then
		echo "--- $name output ($log):"
		grep -vE '^  (PASS|FAIL) ' "$log" | tail -n 60
	fi
	passed=$((passed + p)) failed=$((failed + f))
done
echo "passed $passed failed $failed" >"$dir/results"
printf '  %-7s %s passed, %s failed\n' UNIT "$passed" "$failed"
[ "$failed" -eq 0 ]
