# Shared helpers for tests/cases/*.sh (POSIX sh; sourced, not run).
# Environment from tests/run.sh: TOP, TEST_TMP, and what tests/tests.mk
# hands over of the build (B2P_ISO, B2P_BUSYBOX, CONRUN, ...).
# free_port, busybox_image and podman_client_env come from scripts/lib/b2p.sh.
. "$TOP/scripts/lib/b2p.sh"

QEMU_ACCEL=${QEMU_ACCEL:-tcg}
QEMU_PID=
QEMU_DIR=

log() { printf '    %s\n' "$*"; }

# Console lines of the current VM, for a failure report.
show_console() {
	[ -n "$QEMU_DIR" ] && [ -f "$QEMU_DIR/console.log" ] || return 0
	echo "    --- last ${1:-50} console lines ($QEMU_DIR/console.log) ---"
	tail -n "${1:-50}" "$QEMU_DIR/console.log" | tr -d '\r' | sed 's/^/    | /'
	echo "    ---"
}

fail() {
	echo "    FAIL: $*"
	show_console 50
	exit 1
}

skip() {
	echo "    SKIP: $*"
	exit 77
}

qemu_cleanup() {
	if [ -n "$QEMU_PID" ] && kill -0 "$QEMU_PID" 2>/dev/null; then
		kill "$QEMU_PID" 2>/dev/null || true
		sleep 0.5
		kill -9 "$QEMU_PID" 2>/dev/null || true
	fi
	QEMU_PID=
}
trap qemu_cleanup EXIT INT TERM

# qemu_start NAME [QEMU ARGS...]: starts a VM in the background with its
# serial console on $QEMU_DIR/serial.sock (logged to console.log) and a QMP
# socket; the media are whatever the arguments attach.
qemu_start() {
	QEMU_DIR="$TEST_TMP/$1"
	shift
	mkdir -p "$QEMU_DIR"
	: >"$QEMU_DIR/console.log"
	qemu-system-x86_64 -accel "$QEMU_ACCEL" -m "${B2P_MEM:-1024}" -smp "${B2P_CPUS:-1}" \
		-display none -monitor none -no-reboot \
		-chardev "socket,id=ser0,path=$QEMU_DIR/serial.sock,server=on,wait=off,logfile=$QEMU_DIR/console.log" \
		-serial chardev:ser0 \
		-qmp "unix:$QEMU_DIR/qmp.sock,server=on,wait=off" \
		"$@" >"$QEMU_DIR/qemu.log" 2>&1 &
	QEMU_PID=$!
	echo "$QEMU_PID" >"$QEMU_DIR/qemu.pid"
}

# wait_console REGEX SECONDS: waits until the console shows REGEX (looked
# at every B2P_POLL seconds, 0.2 by default).
wait_console() {
	end=$(($(date +%s) + $2))
	while [ "$(date +%s)" -lt "$end" ]; do
		if tr -d '\r' <"$QEMU_DIR/console.log" | grep -E -q -- "$1"; then
			return 0
		fi
		if ! kill -0 "$QEMU_PID" 2>/dev/null; then
			log "qemu exited early: $(tail -n 3 "$QEMU_DIR/qemu.log")"
			return 1
		fi
		sleep "${B2P_POLL:-0.2}"
	done
	log "timed out after $2 s waiting for /$1/ on the console"
	return 1
}

# wait_ready SECONDS: waits for the ready line and prints it.
wait_ready() {
	wait_console '^boot2podman: ready' "$1" || return 1
	tr -d '\r' <"$QEMU_DIR/console.log" | grep -a -m1 '^boot2podman: ready'
}

# guest CMD [TIMEOUT]: runs CMD in the root shell on the serial console,
# prints its output, returns its status.
guest() {
	"$CONRUN" "$QEMU_DIR/serial.sock" "${2:-60}" "$1"
}

# qmp CMD-JSON: sends one QMP command.
qmp() {
	printf '{"execute":"qmp_capabilities"}\n%s\n' "$1" \
		| socat -t 2 - "UNIX-CONNECT:$QEMU_DIR/qmp.sock" >/dev/null
}

# wait_exit SECONDS: waits for QEMU to exit by itself.
wait_exit() {
	end=$(($(date +%s) + $1))
	while kill -0 "$QEMU_PID" 2>/dev/null; do
		[ "$(date +%s)" -lt "$end" ] || return 1
		sleep 0.5
	done
	QEMU_PID=
	return 0
}

# ssh_guest USER CMD...: runs a command over ssh with the test's key
# (SSH_KEY, SSH_PORT) and a throwaway known_hosts.
ssh_guest() {
	u=$1
	shift
	ssh -i "$SSH_KEY" -p "$SSH_PORT" -o BatchMode=yes -o ConnectTimeout=20 \
		-o StrictHostKeyChecking=accept-new -o UserKnownHostsFile="$TEST_TMP/known_hosts" \
		-o LogLevel=ERROR "$u@127.0.0.1" "$@"
}

# hostkeys FILE: every host key the guest on SSH_PORT offers, as
# known_hosts lines (podman's own ssh client picks the key type itself and
# must know them all).  One scan, no retry: after the ready line sshd must
# answer it (issue 15).
hostkeys() {
	ssh-keyscan -T 20 -t ed25519,ecdsa -p "$SSH_PORT" 127.0.0.1 2>/dev/null | grep -v '^#' | sort >"$1" || true
	for t in ssh-ed25519 ecdsa-sha2-nistp256; do
		grep -q " $t " "$1" || fail "ssh-keyscan returned no $t key (got: $(cut -d' ' -f2 "$1" | tr '\n' ' '))"
	done
	# The console named the same keys before its ready line.
	scanned=$(cut -d' ' -f2- "$1" | sort)
	[ "$(console_hostkeys | sort)" = "$scanned" ] \
		|| fail "the console's host keys ($(console_hostkeys | cut -c1-30 | tr '\n' ' ')) are not the ones sshd offers"
}

# console_hostkeys: the "type base64" lines the console printed between
# the host key markers (the last block: that boot's).
console_hostkeys() {
	tr -d '\r' <"$QEMU_DIR/console.log" | awk '/^-----BEGIN SSH HOST KEY KEYS-----$/ { n = 0; split("", k); on = 1; next }
		/^-----END SSH HOST KEY KEYS-----$/ { on = 0; next } on { k[++n] = $0 }
		END { for (i = 1; i <= n; i++) print k[i] }'
}

# test_image TAR: the busybox container image of this build.
test_image() {
	busybox_image "${B2P_BUSYBOX:?not handed over by tests/tests.mk}" "$1" || fail "cannot make the test image $1"
}

# client_env: podman_client_env in the test's temp dir; fails without a
# podman client.
client_env() {
	command -v podman >/dev/null || fail "the host has no podman client (configs/host-packages)"
	podman_client_env "$TEST_TMP" || fail "cannot set up the podman client's dirs in $TEST_TMP"
}

# need_iso: fails unless the ISO the case boots is there.
need_iso() {
	[ -f "$B2P_ISO" ] || fail "no ISO at $B2P_ISO (run make iso)"
}

# test_key: a fresh ed25519 key pair for the case (SSH_KEY; the comment
# names the case) and a free host port for its ssh forward (SSH_PORT).
test_key() {
	SSH_KEY="$TEST_TMP/key"
	ssh-keygen -q -t ed25519 -N '' -C "b2p-$(basename "$0" .sh)" -f "$SSH_KEY" || fail "ssh-keygen failed"
	SSH_PORT=$(free_port)
}

# data_disk FILE SIZE: a data disk as machine drivers prepare it, carrying
# SSH_KEY's public key.
data_disk() {
	"$TOP/scripts/b2p-mkdisk.sh" -s "$2" "$SSH_KEY.pub" "$1" >/dev/null || fail "b2p-mkdisk.sh $1 failed"
}

# client_case FILE SIZE: how a case that drives the guest from the host's
# clients starts: the ISO, the podman client, a key and ssh port, and a
# data disk of SIZE in FILE.
client_case() {
	need_iso
	client_env
	test_key
	data_disk "$1" "$2"
}

# http_body PORT: what the host gets for /index.html on 127.0.0.1:PORT,
# asked once a second until it is the test page (30 s at most).
http_body() {
	i=0 body=
	while [ $i -lt 30 ]; do
		body=$(curl -s --max-time 5 "http://127.0.0.1:$1/index.html" || true)
		[ "$body" = b2p-http-ok ] && break
		sleep 1
		i=$((i + 1))
	done
	echo "$body"
}

# other_port: a free host port that is not SSH_PORT.
other_port() {
	p=$(free_port)
	[ "$p" != "$SSH_PORT" ] || p=$((SSH_PORT + 1))
	echo "$p"
}

# --- podman 5.x remote client (issue 12) ---
# podman5 ARGS...: Debian trixie's podman-remote, pinned in
# tests/tools/tools.lock and run through its own libc (get-podman5.sh).
# Its connections go to the test's own file: as root it would write
# /etc/containers/podman-connections.json.  Call podman_client_env first.
# Call need_podman5 first, in the case's own shell: on a cold cache the
# first lookup fetches the client, and inside a $(podman5 ... 2>&1) its
# messages would end up in the output the case checks (and the path found
# would be forgotten with the subshell).
need_podman5() {
	PODMAN5=$("$TOP/tests/tools/get-podman5.sh") || fail "no podman 5 client (tests/tools/get-podman5.sh failed)"
}
podman5() {
	[ -n "${PODMAN5:-}" ] || need_podman5
	PODMAN_CONNECTIONS_CONF="$TEST_TMP/podman5-connections.json" "$PODMAN5" "$@"
}

# join_initrds OUT: core.gz and podman.gz as one -initrd file, the second
# on a 4-byte boundary as the boot loaders place each initrd (podman.gz is
# an uncompressed cpio, which the kernel only takes at such an offset;
# the zeros between are skipped).
join_initrds() {
	pad=$(( (4 - $(wc -c <"$B2P_CORE_INITRD") % 4) % 4 ))
	{ cat "$B2P_CORE_INITRD" && head -c "$pad" /dev/zero && cat "$B2P_PKG_INITRD"; } >"$1"
}

# machine_case NAME: the case drives scripts/b2p-machine's machine NAME, kept
# under the case's temp dir ($B2P_MACHINE_DIR; $D its folder, also the
# console fail() shows).  The trap never leaves its QEMU or its socket
# forwarder behind, then runs machine_cleanup_more if the case defines one.
machine_case() {
	export B2P_MACHINE_DIR="$TEST_TMP/machines"
	machine_name=$1
	D=$B2P_MACHINE_DIR/$1
	QEMU_DIR=$D
	trap machine_cleanup EXIT INT TERM
}
# shellcheck disable=SC2317 # run by the trap
machine_cleanup() {
	for f in "$D/forward.pid" "$D/qemu.pid"; do
		pid=$(cat "$f" 2>/dev/null || true)
		if [ -n "$pid" ] && tr '\0' '\n' <"/proc/$pid/cmdline" 2>/dev/null | grep -Fq "$machine_name"; then
			kill "$pid" 2>/dev/null || true
			sleep 1
			kill -9 "$pid" 2>/dev/null || true
		fi
	done
	if command -v machine_cleanup_more >/dev/null 2>&1; then machine_cleanup_more; fi
	return 0
}
