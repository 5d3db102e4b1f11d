#!/bin/sh
# SUMMARY: "ready" means a client can log in.  Two machines boot side by
# side (-smp 1 -m 256 and -smp 2 -m 1024, each with a driver-made disk);
# from the moment each prints its ready line: 25 ssh logins in a row (the
# first one asks the podman API socket for its version), then 5 logins at
# once together with one ssh-keyscan of both key types.  Nothing may fail
# and nothing is retried; the init's readiness check leaves no trace in
# sshd's log.
# EXCLUSIVE: two machines of its own, and its point is a busy CPU.
set -eu
. "$TOP/tests/lib.sh"
need_iso

test_key

# storm NAME CPUS MEM: one machine's whole run; prints its figures.
storm() {
	trap qemu_cleanup EXIT INT TERM
	name=$1
	disk="$TEST_TMP/$name.img"
	data_disk "$disk" 2G
	SSH_PORT=$(free_port)
	B2P_CPUS=$2 B2P_MEM=$3 qemu_start "$name" -cdrom "$B2P_ISO" -boot d \
		-drive "file=$disk,format=raw,if=virtio" \
		-nic "user,model=virtio-net-pci,hostfwd=tcp:127.0.0.1:$SSH_PORT-:22"
	wait_ready 300 >/dev/null || fail "$name: no ready line"
	t0=$(date +%s.%N)
	v=$(ssh_guest root podman --remote version --format '{{.Server.Version}}' 2>&1) \
		|| fail "$name: login 1 (podman --remote version) failed: $v"
	[ -n "$v" ] || fail "$name: the API socket gave no server version"
	i=2
	while [ $i -le 25 ]; do
		ssh_guest root true 2>"$QEMU_DIR/ssh.err" \
			|| fail "$name: sequential login $i of 25 failed: $(cat "$QEMU_DIR/ssh.err")"
		i=$((i + 1))
	done
	t1=$(date +%s.%N)
	pids=
	for j in 1 2 3 4 5; do
		ssh_guest tc true 2>"$QEMU_DIR/par$j.err" &
		pids="$pids $!"
	done
	ssh-keyscan -T 20 -t ed25519,ecdsa -p "$SSH_PORT" 127.0.0.1 2>/dev/null >"$QEMU_DIR/keys" || true
	bad=0
	for p in $pids; do wait "$p" || bad=$((bad + 1)); done
	[ "$bad" -eq 0 ] || fail "$name: $bad of 5 concurrent logins failed: $(cat "$QEMU_DIR"/par*.err)"
	for t in ssh-ed25519 ecdsa-sha2-nistp256; do
		grep -q " $t " "$QEMU_DIR/keys" || fail "$name: ssh-keyscan (run once, with 5 logins) gave no $t key"
	done
	# Every test connection comes from QEMU's gateway; a loopback entry is
	# the init probing sshd.
	noise=$(ssh_guest root "grep -c '127\.0\.0\.1' /var/log/sshd.log || true")
	[ "$noise" = 0 ] || fail "$name: sshd.log has $noise lines about 127.0.0.1 (readiness probes)"
	log "$name: podman $v; 25 logins in $(echo "$t1 - $t0" | bc | cut -c1-4) s, then 5 at once + keyscan: 0 failures"
	qmp '{"execute":"system_powerdown"}' || fail "$name: QMP system_powerdown"
	wait_exit 60 || fail "$name: no power-off within 60 s"
}

# Side by side: the two cores are shared, which makes each guest slower,
# the condition this test is about.
(storm smp1-m256 1 256) &
a=$!
(storm smp2-m1024 2 1024) &
b=$!
rc=0
wait "$a" || rc=1
wait "$b" || rc=1
exit "$rc"
