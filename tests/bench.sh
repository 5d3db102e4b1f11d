#!/bin/sh
# `make bench`: boots the ISO in QEMU BENCH_RUNS times (default 5) and prints
# min / median / max of the boot times, the guest memory after boot, the
# container start times, plus the sizes of the image and its parts.  A
# benchmark, not a test: it reports what it measured and never fails on a
# number.  Writes $O/bench.json, $O/bench.txt (the table) and $O/bench.md.
#   BENCH_RUNS=N      boots with a fresh driver-prepared disk (default 5)
#   BENCH_MEMFLOOR=1  also bisect the smallest -m (MiB) that boots and runs a
#                     container (RAM mode, 64..512)
#   BENCH_BUILD=1     also time a cold `make iso` into a fresh O= and a no-op
#   QEMU_ACCEL=kvm    hardware virtualisation (default tcg); B2P_MEM (1024)
# `bench.sh --readme` puts the last $O/bench.md into README.md (make bench-readme).
set -eu
TOP=$(cd "$(dirname "$0")/.." && pwd)
O=${O:-$TOP/out}
export TOP O

if [ "${1:-}" = --readme ]; then
	[ -f "$O/bench.md" ] || { echo "bench: no $O/bench.md; run make bench first" >&2; exit 1; }
	"$TOP/scripts/replace-block.sh" "$TOP/README.md" bench "$O/bench.md"
	echo "bench: README.md updated from $O/bench.md"
	exit 0
fi

B2P_ISO=${B2P_ISO:-$O/boot2podman.iso}
CONRUN=${CONRUN:-$O/build/tests/conrun}
RUNS=${BENCH_RUNS:-5}
BOOT_TIMEOUT=${BENCH_BOOT_TIMEOUT:-300}
export B2P_MEM="${B2P_MEM:-1024}"
BENCH_MEM=$B2P_MEM
case "$RUNS" in '' | *[!0-9]* | 0) echo "bench: BENCH_RUNS must be a positive integer" >&2; exit 2 ;; esac
[ -f "$B2P_ISO" ] || { echo "bench: no ISO at $B2P_ISO (make iso)" >&2; exit 1; }
[ -x "$CONRUN" ] || { echo "bench: no conrun at $CONRUN (make $CONRUN)" >&2; exit 1; }

TEST_TMP=$(mktemp -d "${TMPDIR:-/tmp}/b2p-bench.XXXXXX")
export TEST_TMP CONRUN
. "$TOP/tests/lib.sh"
# lib.sh's trap only stops QEMU; also remove the temp dir.
trap 'qemu_cleanup; rm -rf "$TEST_TMP"' EXIT
trap 'exit 130' INT TERM

client_env

note() { printf 'bench: %s\n' "$*" >&2; }
now() { date +%s.%N; }
# since START: seconds (2 decimals) from START to now.
since() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.2f", b - a }'; }

# Samples: one file per metric in $S, one number a line.
S="$TEST_TMP/samples"
mkdir -p "$S"
sample() { [ -z "$2" ] || echo "$2" >>"$S/$1"; }

# parts: "name path" of each part of the image, as the build publishes them.
parts() {
	printf '%s %s\n' vmlinuz "$B2P_KERNEL" core.gz "$B2P_CORE_INITRD" podman.gz "$B2P_PKG_INITRD"
	for f in "$B2P_PKG_SET"/tce/optional/*.tcz; do
		[ -f "$f" ] || continue
		printf '%s %s\n' "${f##*/}" "$f"
	done
}

SSH_KEY="$TEST_TMP/key"
ssh-keygen -q -t ed25519 -N '' -C b2p-bench -f "$SSH_KEY"
test_image "$TEST_TMP/img.tar"
IMAGE=localhost/b2p-bench:latest

# boot NAME DISK: starts QEMU on the ISO with DISK; sets T0, T_READY.
boot() {
	SSH_PORT=$(free_port)
	T0=$(now)
	qemu_start "$1" -cdrom "$B2P_ISO" -boot d -drive "file=$2,format=raw,if=virtio" \
		-netdev "user,id=n0,hostfwd=tcp:127.0.0.1:$SSH_PORT-:22" -device virtio-net-pci,netdev=n0
	T_READY=
	wait_ready "$BOOT_TIMEOUT" >/dev/null || { note "$1: no ready line within $BOOT_TIMEOUT s"; return 1; }
	T_READY=$(since "$T0")
}

# first_info: seconds from T0 to the first `podman --remote info` that
# succeeds (host keys scanned first: podman's ssh client needs them).
first_info() {
	T_INFO=
	end=$(($(date +%s) + 180))
	: >"$HOME/.ssh/known_hosts"
	rm -f "$TEST_TMP/known_hosts"
	URL="ssh://tc@127.0.0.1:$SSH_PORT/run/podman/podman.sock"
	while [ "$(date +%s)" -lt "$end" ]; do
		if ! [ -s "$HOME/.ssh/known_hosts" ]; then
			for t in ed25519 ecdsa; do
				ssh-keyscan -T 10 -t "$t" -p "$SSH_PORT" 127.0.0.1 2>/dev/null | grep -v '^#' || true
			done >"$TEST_TMP/hk"
			if [ "$(grep -c . "$TEST_TMP/hk")" -ge 2 ]; then
				cp "$TEST_TMP/hk" "$HOME/.ssh/known_hosts"
			else
				sleep 1
				continue
			fi
		fi
		if pr info >/dev/null 2>"$TEST_TMP/info.err"; then
			T_INFO=$(since "$T0")
			return 0
		fi
		sleep 1
	done
	note "no successful podman --remote info within 180 s: $(tail -n 2 "$TEST_TMP/info.err")"
	return 1
}
pr() { timeout 300 podman --remote --url "$URL" --identity "$SSH_KEY" "$@"; }

# powerdown: ACPI power button, bounded wait, then kill.
powerdown() {
	qmp '{"execute":"system_powerdown"}' || true
	wait_exit 60 || { note "no power-off within 60 s; killing QEMU"; qemu_cleanup; }
}

i=1
while [ "$i" -le "$RUNS" ]; do
	disk="$TEST_TMP/disk$i.img"
	"$TOP/scripts/b2p-mkdisk.sh" -s 4G "$SSH_KEY.pub" "$disk" >/dev/null
	if ! boot "run$i" "$disk"; then
		qemu_cleanup
		rm -f "$disk"
		i=$((i + 1))
		continue
	fi
	sample boot_ready "$T_READY"
	if first_info; then
		sample boot_info "$T_INFO"
		# Memory ~10 s after ready.
		w=$(awk -v r="$T_READY" -v e="$(since "$T0")" 'BEGIN { w = r + 10 - e; print (w > 0) ? int(w + 0.5) : 0 }')
		sleep "$w"
		if m=$(ssh_guest root "awk '/^MemTotal:/ { t = \$2 } /^MemAvailable:/ { a = \$2 } /^Cached:/ { c = \$2 } END { printf \"%.1f %.1f\", (t - a) / 1024, c / 1024 }' /proc/meminfo" 2>/dev/null); then
			sample mem_used "${m% *}"
			sample mem_cached "${m#* }"
		else
			note "run$i: could not read /proc/meminfo over ssh"
		fi
		if pr import "$TEST_TMP/img.tar" "$IMAGE" >/dev/null 2>"$TEST_TMP/imp.err"; then
			for k in cold warm; do
				t=$(now)
				if pr run --rm "$IMAGE" true >/dev/null 2>"$TEST_TMP/run.err"; then
					sample "run_$k" "$(since "$t")"
				else
					note "run$i: podman run ($k) failed: $(tail -n 2 "$TEST_TMP/run.err")"
				fi
			done
		else
			note "run$i: podman import failed: $(tail -n 2 "$TEST_TMP/imp.err")"
		fi
	fi
	# A warm boot of the same (now formatted) disk: first run only (cheap
	# enough), or every run with BENCH_WARM=all.
	if [ "$i" -eq 1 ] || [ "${BENCH_WARM:-}" = all ]; then
		powerdown
		if boot "run$i-warm" "$disk"; then
			sample warm_ready "$T_READY"
			first_info && sample warm_info "$T_INFO"
		fi
	fi
	qemu_cleanup
	rm -f "$disk"
	note "run $i/$RUNS: ready $(tail -n 1 "$S/boot_ready" 2>/dev/null || echo -) s"
	i=$((i + 1))
done

# memfloor: the smallest -m that boots to ready and runs a container, RAM
# mode (no disk), by bisection; each attempt bounded to 240 s.
memfloor_try() {
	B2P_MEM=$1
	qemu_start "mem$1" -cdrom "$B2P_ISO" -boot d
	B2P_MEM=$BENCH_MEM
	ok=1
	# A panic or the OOM killer ends the attempt early.
	if wait_console '^boot2podman: ready|Kernel panic|Out of memory' 240 \
		&& tr -d '\r' <"$QEMU_DIR/console.log" | grep -a -q '^boot2podman: ready'; then
		guest 'rm -rf /tmp/bi && mkdir -p /tmp/bi/bin && cp /bin/busybox /tmp/bi/bin/ && ln -s busybox /tmp/bi/bin/true && tar -C /tmp/bi -cf /tmp/bi.tar . && podman import /tmp/bi.tar localhost/mf >/dev/null && podman run --rm localhost/mf /bin/true && echo MEMFLOOR-OK' 200 \
			>"$TEST_TMP/mf.out" 2>&1 || true
		grep -q MEMFLOOR-OK "$TEST_TMP/mf.out" && ok=0
	fi
	qemu_cleanup
	note "memfloor: -m $1 $([ $ok = 0 ] && echo ok || echo failed)"
	return $ok
}
MEMFLOOR=
if [ "${BENCH_MEMFLOOR:-0}" = 1 ]; then
	lo=64 hi=512
	if memfloor_try $hi; then
		if memfloor_try $lo; then
			hi=$lo
		else
			while [ $((hi - lo)) -gt 8 ]; do
				mid=$(((lo + hi) / 2))
				if memfloor_try $mid; then hi=$mid; else lo=$mid; fi
			done
		fi
		MEMFLOOR=$hi
	else
		note "memfloor: -m 512 does not boot and run a container; no floor"
	fi
fi

# build: a cold `make iso` into a fresh O= (download cache and ccache as
# configured) and a no-op rebuild.
BUILD_COLD='' BUILD_NOOP=''
if [ "${BENCH_BUILD:-0}" = 1 ]; then
	bo="$TEST_TMP/build-out"
	t=$(now)
	# A make of its own, not a sub-make of `make bench`.
	submake() { (unset MAKEFLAGS MFLAGS MAKELEVEL && make -C "$TOP" O="$bo" iso); }
	if submake >"$TEST_TMP/build.log" 2>&1; then
		BUILD_COLD=$(since "$t")
		t=$(now)
		submake >"$TEST_TMP/build2.log" 2>&1 && BUILD_NOOP=$(since "$t")
	else
		note "cold make iso failed: $(tail -n 3 "$TEST_TMP/build.log")"
	fi
	rm -rf "$bo"
fi

# ---- report ----
# stats METRIC: "min median max n" or "- - - 0".
stats() {
	if [ -s "$S/$1" ]; then
		sort -n "$S/$1" | awk '{ v[NR] = $1 } END {
			m = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
			printf "%.2f %.2f %.2f %d", v[1], m, v[NR], NR }'
	else
		echo "- - - 0"
	fi
}
kib() { awk -v b="$(stat -c %s "$1")" 'BEGIN { printf "%.0f", b / 1024 }'; }

TXT="$TEST_TMP/table.txt"
JSON="$TEST_TMP/bench.json"
{
	printf '%-34s %-5s %9s %9s %9s %3s\n' metric unit min median max n
	for m in boot_ready:"boot to ready (first, formats)" boot_info:"boot to podman info (first)" \
		warm_ready:"boot to ready (warm, same disk)" warm_info:"boot to podman info (warm)" \
		mem_used:"memory in use, ready+10s" mem_cached:"  of which page cache" \
		run_cold:"podman run --rm true (cold)" run_warm:"podman run --rm true (warm)"; do
		key=${m%%:*} label=${m#*:}
		case $key in mem_*) unit=MiB ;; *) unit=s ;; esac
		# shellcheck disable=SC2046
		set -- $(stats "$key")
		printf '%-34s %-5s %9s %9s %9s %3s\n' "$label" "$unit" "$1" "$2" "$3" "$4"
	done
	[ -z "$MEMFLOOR" ] || printf '%-34s %-5s %9s %9s %9s %3s\n' "smallest -m that runs a container" MiB "$MEMFLOOR" "" "" 1
	[ -z "$BUILD_COLD" ] || printf '%-34s %-5s %9s %9s %9s %3s\n' "cold make iso (fresh O=)" s "$BUILD_COLD" "" "" 1
	[ -z "$BUILD_NOOP" ] || printf '%-34s %-5s %9s %9s %9s %3s\n' "no-op make iso" s "$BUILD_NOOP" "" "" 1
	printf '%-34s %-5s %9s\n' "size: boot2podman.iso" KiB "$(kib "$B2P_ISO")"
	parts | while read -r n f; do printf '%-34s %-5s %9s\n' "size: $n" KiB "$(kib "$f")"; done
} >"$TXT"

cpu=$(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo)
ncpu=$(nproc)
date=$(date -u +%Y-%m-%d)
jnum() { case "$1" in - | '') echo null ;; *) echo "$1" ;; esac; }
jstr() { printf '"%s"' "$(printf '%s' "$1" | sed 's/\\/\\\\/g; s/"/\\"/g')"; }
{
	printf '{\n  "date": %s,\n  "machine": {"nproc": %s, "cpu": %s, "accel": %s, "guest_mem_mib": %s},\n' \
		"$(jstr "$date")" "$ncpu" "$(jstr "$cpu")" "$(jstr "$QEMU_ACCEL")" "$B2P_MEM"
	printf '  "runs": %s,\n  "metrics": {' "$RUNS"
	sep=
	for key in boot_ready boot_info warm_ready warm_info mem_used mem_cached run_cold run_warm; do
		case $key in mem_*) unit=MiB ;; *) unit=s ;; esac
		# shellcheck disable=SC2046
		set -- $(stats "$key")
		vals=$(if [ -s "$S/$key" ]; then paste -sd, "$S/$key"; fi)
		printf '%s\n    "%s": {"unit": "%s", "min": %s, "median": %s, "max": %s, "n": %s, "samples": [%s]}' \
			"$sep" "$key" "$unit" "$(jnum "$1")" "$(jnum "$2")" "$(jnum "$3")" "$4" "$vals"
		sep=,
	done
	printf '\n  },\n  "memfloor_mib": %s,\n' "$(jnum "$MEMFLOOR")"
	printf '  "build": {"cold_s": %s, "noop_s": %s},\n' "$(jnum "$BUILD_COLD")" "$(jnum "$BUILD_NOOP")"
	printf '  "sizes_bytes": {\n'
	printf '    "boot2podman.iso": %s' "$(stat -c %s "$B2P_ISO")"
	parts | while read -r n f; do printf ',\n    "%s": %s' "$n" "$(stat -c %s "$f")"; done
	printf '\n  }\n}\n'
} >"$JSON"
if command -v python3 >/dev/null && ! python3 -m json.tool "$JSON" >/dev/null; then
	note "warning: $JSON is not valid JSON"
fi

{
	echo "Measured $date on $ncpu × $cpu, QEMU accel $QEMU_ACCEL, guest -m $B2P_MEM,"
	echo "$RUNS runs (\`make bench BENCH_RUNS=$RUNS\`; boot times from QEMU start, podman run times per command):"
	echo
	sed 's/^/    /' "$TXT"
} >"$TEST_TMP/bench.md"
cp "$TXT" "$O/bench.txt"
cp "$JSON" "$O/bench.json"
cp "$TEST_TMP/bench.md" "$O/bench.md"
cat "$TXT"
echo "bench: wrote $O/bench.json; make bench-readme puts the table in README.md" >&2
