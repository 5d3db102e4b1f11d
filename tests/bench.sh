#!/bin/sh
# `make bench`: boots the ISO in QEMU and prints min / median / max of the
# boot times, the guest memory after boot, the container start times and the
# sizes of the image and its parts, each beside its target of issue 13 with
# PASS or MISS, plus the medians of the boot timeline's steps.  A benchmark,
# not a test: it reports what it measured and never fails on a number.
# Writes $O/bench.json, $O/bench.txt (the tables) and $O/bench.md.
#
# Every run boots, per ISO: a driver-made sparse disk of BENCH_DISK (20G)
# the first time (it formats it), the same disk again (warm), and no disk at
# all (RAM mode).  Times are host seconds from QEMU's start.
#   BENCH_RUNS=N          runs (default 5; 0 for only the memfloor or build rows)
#   BENCH_BASELINE=X.iso  also boots X, alternating with the new ISO in the
#                         same runs, and prints new/baseline for every row
#   BENCH_MEMFLOOR=1      also bisect the smallest -m (MiB) that boots with a
#                         driver-made disk and runs a container
#                         (BENCH_MEMFLOOR_RANGE="96 256")
#   BENCH_BUILD=1         also time a cold `make iso` (fresh O= and an empty
#                         CACHE_DIR: every download and ccache miss paid; the
#                         host tools are whatever this host has) and a no-op one
#   BENCH_CLIENT=podman5  the client of the `podman info` rows: podman5 (the
#                         default: podman-remote 5.x, the version the image
#                         ships, as tests/lib.sh fetches it) or host (this
#                         host's podman; Debian 12's 4.3 logs in twice per
#                         command).  The other one is timed right after, on
#                         the warmed guest, in its own row.
#   QEMU_ACCEL=kvm        hardware virtualisation (default tcg); B2P_MEM (1024)
# The step medians come from /run/boot2podman/timeline (docs: the timeline
# format), read after the ready line; an ISO without one shows n/a.
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
BASE_ISO=${BENCH_BASELINE:-}
CONRUN=${CONRUN:-$O/build/tests/conrun}
RUNS=${BENCH_RUNS:-5}
DISK_SIZE=${BENCH_DISK:-20G}
BOOT_TIMEOUT=${BENCH_BOOT_TIMEOUT:-300}
export B2P_MEM="${B2P_MEM:-1024}"
BENCH_MEM=$B2P_MEM
case "$RUNS" in '' | *[!0-9]*) echo "bench: BENCH_RUNS must be a number (0: only memfloor / build)" >&2; exit 2 ;; esac
[ -f "$B2P_ISO" ] || { echo "bench: no ISO at $B2P_ISO (make iso)" >&2; exit 1; }
[ -z "$BASE_ISO" ] || [ -f "$BASE_ISO" ] || { echo "bench: no baseline ISO at $BASE_ISO" >&2; exit 1; }
[ -x "$CONRUN" ] || { echo "bench: no conrun at $CONRUN (make $CONRUN)" >&2; exit 1; }

# The console is looked at every 50 ms (the tests: 200 ms), so a ready
# line is timed within that.
export B2P_POLL="${B2P_POLL:-0.05}"
TEST_TMP=$(mktemp -d "${TMPDIR:-/tmp}/b2p-bench.XXXXXX")
export TEST_TMP CONRUN
. "$TOP/tests/lib.sh"
# lib.sh's trap only stops QEMU; also remove the temp dir.
trap 'qemu_cleanup; rm -rf "$TEST_TMP"' EXIT
trap 'exit 130' INT TERM

client_env
case "${BENCH_CLIENT:=podman5}" in
podman5 | host) ;;
*) echo "bench: BENCH_CLIENT must be podman5 or host" >&2; exit 2 ;;
esac
need_podman5

note() { printf 'bench: %s\n' "$*" >&2; }
now() { date +%s.%N; }
# since START: seconds (2 decimals) from START to now.
since() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.2f", b - a }'; }

# The ISOs, by tag: "new", and "base" with BENCH_BASELINE.
TAGS=new
[ -z "$BASE_ISO" ] || TAGS="new base"
iso_of() { if [ "$1" = base ]; then echo "$BASE_ISO"; else echo "$B2P_ISO"; fi; }

# Samples: one file per ISO and metric in $S/TAG, one number a line.
S="$TEST_TMP/samples"
for t in $TAGS; do mkdir -p "$S/$t"; done
sample() { [ -z "$3" ] || echo "$3" >>"$S/$1/$2"; }

SSH_KEY="$TEST_TMP/key"
ssh-keygen -q -t ed25519 -N '' -C b2p-bench -f "$SSH_KEY"
test_image "$TEST_TMP/img.tar"
IMAGE=localhost/b2p-bench:latest

# boot TAG NAME [QEMU ARGS]: starts QEMU on TAG's ISO; sets T0, T_READY.
boot() {
	iso=$(iso_of "$1")
	name=$2
	shift 2
	SSH_PORT=$(free_port)
	T0=$(now)
	qemu_start "$name" -cdrom "$iso" -boot d "$@" \
		-netdev "user,id=n0,hostfwd=tcp:127.0.0.1:$SSH_PORT-:22" -device virtio-net-pci,netdev=n0
	T_READY=
	wait_ready "$BOOT_TIMEOUT" >/dev/null || { note "$name: no ready line within $BOOT_TIMEOUT s"; return 1; }
	T_READY=$(since "$T0")
}
boot_disk() { boot "$1" "$2" -drive "file=$3,format=raw,if=virtio"; }

# gssh CMD: root over ssh; every boot has host keys of its own.
gssh() {
	ssh -i "$SSH_KEY" -p "$SSH_PORT" -o BatchMode=yes -o ConnectTimeout=20 -o StrictHostKeyChecking=no \
		-o UserKnownHostsFile=/dev/null -o LogLevel=ERROR root@127.0.0.1 "$@"
}

# first_info: seconds from T0 to the first `podman --remote info` that
# succeeds (host keys scanned first: podman's ssh client needs them).
first_info() {
	T_INFO=
	end=$(($(date +%s) + 180))
	: >"$HOME/.ssh/known_hosts"
	URL="ssh://tc@127.0.0.1:$SSH_PORT/run/podman/podman.sock"
	while [ "$(date +%s)" -lt "$end" ]; do
		# The keys the console printed before its ready line, as a driver
		# learns them; ssh-keyscan only for an ISO that prints none.
		if ! [ -s "$HOME/.ssh/known_hosts" ]; then
			console_hostkeys | sed "s/^/[127.0.0.1]:$SSH_PORT /" >"$HOME/.ssh/known_hosts"
		fi
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
# client WHICH ARGS: podman --remote through podman5 or the host's podman;
# pr ARGS: through BENCH_CLIENT.
client() {
	which=$1
	shift
	if [ "$which" = podman5 ]; then
		PODMAN_CONNECTIONS_CONF="$TEST_TMP/podman5-connections.json" \
			timeout 300 "$PODMAN5" --remote --url "$URL" --identity "$SSH_KEY" "$@"
	else
		timeout 300 podman --remote --url "$URL" --identity "$SSH_KEY" "$@"
	fi
}
pr() { client "$BENCH_CLIENT" "$@"; }
OTHER_CLIENT=host
[ "$BENCH_CLIENT" = podman5 ] || OTHER_CLIENT=podman5
# other_info TAG: seconds of one `podman info` through the other client.
other_info() {
	t=$(now)
	if client "$OTHER_CLIENT" info >/dev/null 2>"$TEST_TMP/info2.err"; then
		sample "$1" info_other "$(since "$t")"
	else
		note "$1: podman info ($OTHER_CLIENT client) failed: $(tail -n 2 "$TEST_TMP/info2.err")"
	fi
}

# powerdown: ACPI power button, bounded wait, then kill.
powerdown() {
	qmp '{"execute":"system_powerdown"}' || true
	wait_exit 60 || { note "no power-off within 60 s; killing QEMU"; qemu_cleanup; }
}

# The steps of the timeline format, in its order; others the init adds
# follow in the order met.
STEPS="kernel rootcopy media packages diskwait format fsck mount grow userdata shares bootsync hostkeys svc:sshd svc:podman ready pkgcheck pkgmove"
: >"$TEST_TMP/steps"
# timeline TAG KIND <TEXT: one sample per step (ms; several lines of one
# step add up; for `ready`, its start) into $S/TAG/tl_KIND_STEP.
timeline() {
	tr -d '\r' | awk -v dir="$S/$1" -v kind="$2" -v steps="$TEST_TMP/steps" '
		NF == 3 && $1 ~ /^[0-9]+$/ && $2 ~ /^[0-9]+$/ && $3 !~ /\// {
			if (!($3 in d)) order[++n] = $3
			d[$3] += ($3 == "ready") ? $1 : $2
		}
		END {
			for (i = 1; i <= n; i++) {
				print d[order[i]] >>(dir "/tl_" kind "_" order[i])
				print order[i] >>steps
			}
			exit n == 0
		}' || note "$1 $2 boot: no timeline"
}

# memory TAG KIND: MemTotal - MemAvailable and Cached at ready + 10 s.
memory() {
	w=$(awk -v r="$T_READY" -v e="$(since "$T0")" 'BEGIN { w = r + 10 - e; print (w > 0) ? int(w + 0.5) : 0 }')
	sleep "$w"
	if m=$(gssh "awk '/^MemTotal:/ { t = \$2 } /^MemAvailable:/ { a = \$2 } /^Cached:/ { c = \$2 } END { printf \"%.1f %.1f\", (t - a) / 1024, c / 1024 }' /proc/meminfo" 2>/dev/null); then
		sample "$1" "$2" "${m% *}"
		sample "$1" "$3" "${m#* }"
	else
		note "$1: could not read /proc/meminfo over ssh"
	fi
}

# containers TAG: podman run times, cold and warm, over the remote API.
containers() {
	if ! pr import "$TEST_TMP/img.tar" "$IMAGE" >/dev/null 2>"$TEST_TMP/imp.err"; then
		note "$1: podman import failed: $(tail -n 2 "$TEST_TMP/imp.err")"
		return 0
	fi
	for k in cold warm; do
		t=$(now)
		if pr run --rm "$IMAGE" true >/dev/null 2>"$TEST_TMP/run.err"; then
			sample "$1" "run_$k" "$(since "$t")"
		else
			note "$1: podman run ($k) failed: $(tail -n 2 "$TEST_TMP/run.err")"
		fi
	done
}

# disk_boots TAG I: a fresh driver-made disk booted twice: first (formats),
# then warm.
disk_boots() {
	disk="$TEST_TMP/disk-$1-$2.img"
	"$TOP/scripts/b2p-mkdisk.sh" -s "$DISK_SIZE" "$SSH_KEY.pub" "$disk" >/dev/null
	if boot_disk "$1" "$1-$2-first" "$disk"; then
		sample "$1" boot_ready "$T_READY"
		if first_info; then
			sample "$1" boot_info "$T_INFO"
			memory "$1" mem_used mem_cached
			# After the memory: steps that end after ready are in by then.
			gssh cat /run/boot2podman/timeline 2>/dev/null | timeline "$1" first
			containers "$1"
		fi
		powerdown
		if boot_disk "$1" "$1-$2-warm" "$disk"; then
			sample "$1" warm_ready "$T_READY"
			if first_info; then
				sample "$1" warm_info "$T_INFO"
				other_info "$1"
				memory "$1" warm_mem warm_cached
				gssh cat /run/boot2podman/timeline 2>/dev/null | timeline "$1" warm
			fi
		fi
	fi
	qemu_cleanup
	rm -f "$disk"
}

# ram_boot TAG I: no disk; ready only (no ssh keys without a disk), the
# timeline through the serial console's shell.
ram_boot() {
	if boot "$1" "$1-$2-ram"; then
		sample "$1" ram_ready "$T_READY"
		guest 'cat /run/boot2podman/timeline' 30 2>/dev/null | timeline "$1" ram
	fi
	qemu_cleanup
}

i=1
while [ "$i" -le "$RUNS" ]; do
	# Alternate which ISO goes first, so a drift of the host hits both.
	order=$TAGS
	[ $((i % 2)) = 1 ] || [ -z "$BASE_ISO" ] || order="base new"
	# (functions share the shell's variables: this one has a name of its own)
	for run_tag in $order; do
		disk_boots "$run_tag" "$i"
		ram_boot "$run_tag" "$i"
		note "run $i/$RUNS $run_tag: first ready $(tail -n 1 "$S/$run_tag/boot_ready" 2>/dev/null || echo -) s," \
			"warm ready $(tail -n 1 "$S/$run_tag/warm_ready" 2>/dev/null || echo -) s," \
			"RAM ready $(tail -n 1 "$S/$run_tag/ram_ready" 2>/dev/null || echo -) s"
	done
	i=$((i + 1))
done

# memfloor TAG: the smallest -m that boots to ready with a fresh driver-made
# disk and runs a container, by bisection to 8 MiB; each attempt bounded
# to 240 s.
memfloor_try() {
	disk="$TEST_TMP/mf.img"
	rm -f "$disk"
	"$TOP/scripts/b2p-mkdisk.sh" -s 2G "$SSH_KEY.pub" "$disk" >/dev/null
	B2P_MEM=$2
	qemu_start "mem-$1-$2" -cdrom "$(iso_of "$1")" -boot d -drive "file=$disk,format=raw,if=virtio"
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
	rm -f "$disk"
	note "memfloor $1: -m $2 $([ $ok = 0 ] && echo ok || echo failed)"
	return $ok
}
memfloor() {
	# shellcheck disable=SC2086
	set -- "$1" ${BENCH_MEMFLOOR_RANGE:-96 256}
	lo=$2 hi=$3
	if ! memfloor_try "$1" "$hi"; then
		note "memfloor $1: -m $hi does not boot and run a container; no floor"
		return 0
	fi
	if memfloor_try "$1" "$lo"; then
		echo "$lo" >"$S/$1/memfloor"
		return 0
	fi
	while [ $((hi - lo)) -gt 8 ]; do
		mid=$(((lo + hi) / 2))
		if memfloor_try "$1" "$mid"; then hi=$mid; else lo=$mid; fi
	done
	echo "$hi" >"$S/$1/memfloor"
}
if [ "${BENCH_MEMFLOOR:-0}" = 1 ]; then
	for run_tag in $TAGS; do memfloor "$run_tag"; done
fi

# build: a cold `make iso` into a fresh O= with an empty CACHE_DIR
# (downloads and ccache) and a no-op rebuild.  The baseline is an ISO, not
# a tree: these rows have no baseline.
if [ "${BENCH_BUILD:-0}" = 1 ]; then
	bo="$TEST_TMP/build-out"
	t=$(now)
	# A make of its own, not a sub-make of `make bench`.
	submake() {
		(unset MAKEFLAGS MFLAGS MAKELEVEL DL_DIR && make -C "$TOP" O="$bo" CACHE_DIR="$TEST_TMP/build-cache" iso)
	}
	if submake >"$TEST_TMP/build.log" 2>&1; then
		sample new build_cold "$(since "$t")"
		t=$(now)
		submake >"$TEST_TMP/build2.log" 2>&1 && sample new build_noop "$(since "$t")"
	else
		note "cold make iso failed: $(tail -n 3 "$TEST_TMP/build.log")"
	fi
	rm -rf "$bo" "$TEST_TMP/build-cache"
fi

# ---- report ----
# stats TAG METRIC: "min median max n" or "- - - 0".
stats() {
	if [ -s "$S/$1/$2" ]; then
		sort -n "$S/$1/$2" | awk '{ v[NR] = $1 } END {
			m = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
			printf "%.2f %.2f %.2f %d", v[1], m, v[NR], NR }'
	else
		echo "- - - 0"
	fi
}
median() {
	# shellcheck disable=SC2046
	set -- $(stats "$1" "$2")
	echo "$2"
}
# ratio A B: A/B with 2 decimals, n/a when either is missing.
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (a == "-" || b == "-" || a == "" || b == "" || b + 0 == 0) print "n/a"; else printf "%.2f", a / b }'; }
# verdict VALUE OP LIMIT: PASS or MISS (OP: le, lt), n/a without a value.
verdict() {
	awk -v v="$1" -v op="$2" -v l="$3" 'BEGIN {
		if (v == "-" || v == "" || l == "") { print "n/a"; exit }
		ok = (op == "lt") ? (v + 0 < l + 0) : (v + 0 <= l + 0)
		print ok ? "PASS" : "MISS" }'
}

# The rows: key|label|unit|op|limit|target text.  RAM mode has no fixed
# wait when it is ready within 1 s of the warm boot (which finds its disk
# at once and has its host keys); its limit is computed below.
ROWS="boot_ready|boot to ready (first, formats)|s|||
boot_info|boot to podman info (first)|s|le|11|<= 11 s
warm_ready|boot to ready (warm, same disk)|s|le|6|<= 6 s
warm_info|boot to podman info (warm)|s|le|7.5|<= 7.5 s
info_other|  then one info, $OTHER_CLIENT client|s|||
ram_ready|boot to ready (RAM mode, no disk)|s|le|RAM|<= warm+1 s
mem_used|memory in use, ready+10s (first)|MiB|le|95|<= 95 MiB
mem_cached|  of which page cache|MiB|||
warm_mem|memory in use, ready+10s (warm)|MiB|le|95|<= 95 MiB
run_cold|podman run --rm true (cold)|s|||
run_warm|podman run --rm true (warm)|s|||
memfloor|smallest -m that runs a container|MiB|le|160|<= 160 MiB
build_cold|cold make iso (fresh O=, CACHE_DIR)|s|le|900|<= 900 s
build_noop|no-op make iso|s|lt|1|< 1 s"
warm_med=$(median new warm_ready)
ram_limit=$(awk -v w="$warm_med" 'BEGIN { if (w != "-") printf "%.2f", w + 1 }')

# parts: "name path" of each part of the image, as the build publishes them.
parts() {
	printf '%s %s\n' vmlinuz "$B2P_KERNEL" core.gz "$B2P_CORE_INITRD"
	for f in "$B2P_PKG_SET"/tce/optional/*.tcz; do
		[ -f "$f" ] || continue
		printf '%s %s\n' "${f##*/}" "$f"
	done
}
kib() { awk -v b="$1" 'BEGIN { printf "%.0f", b / 1024 }'; }
# base_sizes: "name bytes" of the baseline's ISO, its /boot files and its
# .tcz (in /cde, or in an older ISO's package initrd, gzip or not), as far
# as xorriso and cpio can tell; nothing when they cannot.
base_sizes() {
	printf 'boot2podman.iso %s\n' "$(stat -c %s "$BASE_ISO")"
	command -v xorriso >/dev/null && command -v cpio >/dev/null || return 0
	d="$TEST_TMP/base-iso"
	mkdir -p "$d"
	xorriso -osirrox on -indev "$BASE_ISO" -extract /boot "$d" >/dev/null 2>&1 || return 0
	for f in "$d"/*; do [ -f "$f" ] && printf '%s %s\n' "${f##*/}" "$(stat -c %s "$f")"; done
	if xorriso -osirrox on -indev "$BASE_ISO" -extract /cde/optional "$d/cde" >/dev/null 2>&1; then
		for f in "$d"/cde/*.tcz; do [ -f "$f" ] && printf '%s %s\n' "${f##*/}" "$(stat -c %s "$f")"; done
	elif [ -f "$d/podman.gz" ]; then
		{ gzip -dc "$d/podman.gz" 2>/dev/null || cat "$d/podman.gz"; } | cpio -itv 2>/dev/null \
			| awk '$NF ~ /\.tcz$/ { n = $NF; sub(/.*\//, "", n); print n, $5 }'
	fi
	rm -rf "$d"
}
[ -z "$BASE_ISO" ] || base_sizes >"$TEST_TMP/base-sizes"
base_size() { awk -v n="$1" '$1 == n { print $2; exit }' "$TEST_TMP/base-sizes" 2>/dev/null; }

TXT="$TEST_TMP/table.txt"
hdr() {
	if [ -n "$BASE_ISO" ]; then
		printf '%-36s %-4s %8s %8s %8s %2s %9s %8s  %-12s %s\n' "$@"
	else
		printf '%-36s %-4s %8s %8s %8s %2s  %-12s %s\n' "$1" "$2" "$3" "$4" "$5" "$6" "$9" "${10}"
	fi
}
{
	hdr metric unit min median max n baseline new/base target verdict
	echo "$ROWS" | while IFS='|' read -r key label unit op limit text; do
		# shellcheck disable=SC2046
		set -- $(stats new "$key")
		[ "$limit" != RAM ] || limit=$ram_limit
		v=-
		[ -z "$op" ] || v=$(verdict "$2" "$op" "$limit")
		case $key in build_*) b=n/a ;; *) b=$(median base "$key") ;; esac
		[ -n "$BASE_ISO" ] || b=-
		[ -n "$text" ] || text=-
		# Rows of optional parts only when they ran.
		case $key in memfloor | build_*) [ "$4" != 0 ] || { [ "$b" != - ] && [ "$b" != n/a ]; } || continue ;; esac
		hdr "$label" "$unit" "$1" "$2" "$3" "$4" "$b" "$(ratio "$2" "$b")" "$text" "$v"
	done
	printf 'size: %-30s %-4s %8s' boot2podman.iso KiB "$(kib "$(stat -c %s "$B2P_ISO")")"
	if [ -n "$BASE_ISO" ]; then
		b=$(base_size boot2podman.iso)
		printf ' %8s %8s %2s %9s %8s' "" "" "" "$(kib "$b")" "$(ratio "$(stat -c %s "$B2P_ISO")" "$b")"
	fi
	echo
	parts | while read -r n f; do
		printf 'size: %-30s %-4s %8s' "$n" KiB "$(kib "$(stat -c %s "$f")")"
		if [ -n "$BASE_ISO" ]; then
			b=$(base_size "$n")
			if [ -n "$b" ]; then
				printf ' %8s %8s %2s %9s %8s' "" "" "" "$(kib "$b")" "$(ratio "$(stat -c %s "$f")" "$b")"
			else
				printf ' %8s %8s %2s %9s %8s' "" "" "" n/a n/a
			fi
		fi
		echo
	done
	echo
	# Step medians (ms), per boot kind; n/a where no timeline was read.
	kinds="first warm ram"
	printf '%-36s %8s %8s %8s' "timeline step (median ms)" first warm RAM
	[ -z "$BASE_ISO" ] || printf ' %8s %8s %8s' b.first b.warm b.RAM
	echo
	{ for s in $STEPS; do echo "$s"; done; cat "$TEST_TMP/steps"; } | awk '!seen[$0]++' | while read -r s; do
		label=$s
		[ "$s" != ready ] || label="ready (at, since kernel start)"
		printf '%-36s' "$label"
		for t in $TAGS; do
			for k in $kinds; do
				m=$(median "$t" "tl_${k}_$s")
				[ "$m" != - ] || m=n/a
				printf ' %8s' "$(echo "$m" | sed 's/\.00$//')"
			done
		done
		echo
	done
} >"$TXT"

cpu=$(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo)
ncpu=$(nproc)
date=$(date -u +%Y-%m-%d)
jnum() { case "$1" in - | '' | n/a) echo null ;; *) echo "$1" ;; esac; }
jstr() { printf '"%s"' "$(printf '%s' "$1" | sed 's/\\/\\\\/g; s/"/\\"/g')"; }
# jmetrics TAG: the metrics object of one ISO.
jmetrics() {
	tag=$1
	printf '{'
	sep=
	for key in boot_ready boot_info warm_ready warm_info info_other ram_ready mem_used mem_cached warm_mem warm_cached \
		run_cold run_warm memfloor build_cold build_noop; do
		case $key in mem* | warm_mem | warm_cached) unit=MiB ;; *) unit=s ;; esac
		# shellcheck disable=SC2046
		set -- $(stats "$tag" "$key")
		vals=$(if [ -s "$S/$tag/$key" ]; then paste -sd, "$S/$tag/$key"; fi)
		printf '%s\n    "%s": {"unit": "%s", "min": %s, "median": %s, "max": %s, "n": %s, "samples": [%s]}' \
			"$sep" "$key" "$unit" "$(jnum "$1")" "$(jnum "$2")" "$(jnum "$3")" "$4" "$vals"
		sep=,
	done
	for f in "$S/$tag"/tl_*; do
		[ -f "$f" ] || continue
		k=${f##*/}
		printf ',\n    "%s": {"unit": "ms", "median": %s, "samples": [%s]}' "$k" \
			"$(jnum "$(median "$tag" "$k")")" "$(paste -sd, "$f")"
	done
	printf '\n  }'
}
if [ "$BENCH_CLIENT" = podman5 ]; then
	CLIENT_NAME="podman-remote $("$PODMAN5" --version 2>/dev/null | awk '{ print $NF }')"
else
	CLIENT_NAME="the host's podman $(podman --version 2>/dev/null | awk '{ print $NF }')"
fi
JSON="$TEST_TMP/bench.json"
{
	printf '{\n  "date": %s,\n  "machine": {"nproc": %s, "cpu": %s, "accel": %s, "guest_mem_mib": %s},\n' \
		"$(jstr "$date")" "$ncpu" "$(jstr "$cpu")" "$(jstr "$QEMU_ACCEL")" "$B2P_MEM"
	printf '  "runs": %s,\n  "disk": %s,\n  "client": %s,\n  "metrics": ' "$RUNS" "$(jstr "$DISK_SIZE")" "$(jstr "$CLIENT_NAME")"
	jmetrics new
	if [ -n "$BASE_ISO" ]; then
		printf ',\n  "baseline_iso": %s,\n  "baseline_metrics": ' "$(jstr "$BASE_ISO")"
		jmetrics base
	fi
	printf ',\n  "sizes_bytes": {\n'
	printf '    "boot2podman.iso": %s' "$(stat -c %s "$B2P_ISO")"
	parts | while read -r n f; do printf ',\n    "%s": %s' "$n" "$(stat -c %s "$f")"; done
	printf '\n  }\n}\n'
} >"$JSON"
if command -v python3 >/dev/null && ! python3 -m json.tool "$JSON" >/dev/null; then
	note "warning: $JSON is not valid JSON"
fi

{
	echo "Measured $date on $ncpu × $cpu, QEMU accel $QEMU_ACCEL, guest -m $B2P_MEM,"
	echo "$RUNS runs (\`make bench BENCH_RUNS=$RUNS\`; boot times from QEMU start to the ready line or the"
	echo "first \`podman --remote info\` ($CLIENT_NAME); first boot formats a driver-made sparse $DISK_SIZE disk, warm boots"
	echo "it again; podman run times per command; steps from /run/boot2podman/timeline):"
	[ -z "$BASE_ISO" ] || echo "baseline: $(basename "$BASE_ISO"), booted alternately in the same runs."
	echo
	sed 's/^/    /' "$TXT"
} >"$TEST_TMP/bench.md"
cp "$TXT" "$O/bench.txt"
cp "$JSON" "$O/bench.json"
cp "$TEST_TMP/bench.md" "$O/bench.md"
cat "$TXT"
echo "bench: wrote $O/bench.json; make bench-readme puts the table in README.md" >&2
