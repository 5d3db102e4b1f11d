#!/bin/sh
# SUMMARY: scripts/b2p-machine drives a machine through its life: create,
# start (ready line, ssh, podman connection), containers and a named volume
# through the connection, a clean ACPI stop, a second start that still has
# the image and the volume data, and rm (state dir and connection gone).
set -eu
. "$TOP/tests/lib.sh"
command -v podman >/dev/null || skip "the host has no podman client"
need_iso
[ -x "$B2P_BUSYBOX" ] || fail "no static busybox at $B2P_BUSYBOX (run make iso)"

# Nothing of the user's is touched: own HOME, machine dir and podman config.
client_env
export B2P_MACHINE_DIR="$TEST_TMP/machines"

m() { "$TOP/scripts/b2p-machine" "$@"; }
name=b2p-machine-test
D=$B2P_MACHINE_DIR/$name
# shellcheck disable=SC2034 # used by fail() in lib.sh: show this console
QEMU_DIR=$D

# Never leave a VM behind, whatever happens.
# shellcheck disable=SC2317 # run by the trap
cleanup() {
	pid=$(cat "$D/qemu.pid" 2>/dev/null || true)
	if [ -n "$pid" ] && tr '\0' '\n' <"/proc/$pid/cmdline" 2>/dev/null | grep -Fq "$D/"; then
		kill "$pid" 2>/dev/null || true
		sleep 1
		kill -9 "$pid" 2>/dev/null || true
	fi
	return 0
}
trap cleanup EXIT INT TERM

now() { date +%s.%N; }
since() { echo "$(now) - $1" | bc | cut -c1-5; }

# 1. create, with the errors a user meets first.
m create "bad/name" 2>"$TEST_TMP/err" && fail "create accepted a name with a slash"
grep -q 'bad machine name' "$TEST_TMP/err" || fail "bad name error unclear: $(cat "$TEST_TMP/err")"
m create --iso "$TEST_TMP/none.iso" x 2>"$TEST_TMP/err" && fail "create accepted a missing ISO"
grep -q 'no ISO at' "$TEST_TMP/err" || fail "missing ISO error unclear: $(cat "$TEST_TMP/err")"
[ ! -e "$B2P_MACHINE_DIR/x" ] || fail "a failed create left $B2P_MACHINE_DIR/x behind"

t0=$(now)
m create --disk-size 4G --iso "$B2P_ISO" "$name" >"$TEST_TMP/out" 2>&1 || fail "create: $(cat "$TEST_TMP/out")"
for f in config disk.qcow2 id_ed25519 id_ed25519.pub; do
	[ -f "$D/$f" ] || fail "create did not write $D/$f"
done
qemu-img info "$D/disk.qcow2" | grep -q 'file format: qcow2' || fail "the data disk is not qcow2"
grep -q "^ISO='$B2P_ISO'\$" "$D/config" || fail "config does not record the ISO: $(cat "$D/config")"
m create --iso "$B2P_ISO" "$name" 2>"$TEST_TMP/err" && fail "create overwrote an existing machine"
grep -q 'exists' "$TEST_TMP/err" || fail "existing machine error unclear: $(cat "$TEST_TMP/err")"

# 2. start: ready line, ssh, the podman connection.
m start "$name" >"$TEST_TMP/start1" 2>&1 || fail "start: $(tail -n 1 "$TEST_TMP/start1")"
log "first start: $(grep '^boot2podman: ready' "$TEST_TMP/start1") - create to ssh-ready $(since "$t0") s"
m ls | awk -v n="$name" '$1 == n && $2 == "running" { f = 1 } END { exit !f }' \
	|| fail "ls does not show $name running: $(m ls)"
port=$(cat "$D/port")
[ "$(m ssh "$name" id -un)" = tc ] || fail "b2p-machine ssh does not log in as tc"
podman system connection list --format '{{.Name}} {{.URI}}' >"$TEST_TMP/conns"
grep -qx "$name ssh://tc@127.0.0.1:$port/run/podman/podman.sock" "$TEST_TMP/conns" \
	|| fail "no podman connection $name for port $port: $(cat "$TEST_TMP/conns")"
grep -q "^\[127\.0\.0\.1\]:$port " "$HOME/.ssh/known_hosts" \
	|| fail "start did not put the machine's host keys in ~/.ssh/known_hosts for podman"
ss -Htln "sport = :$port" | awk '{ print $4 }' | grep -qv '^127\.0\.0\.1:' \
	&& fail "the ssh port $port listens beyond 127.0.0.1"
cp "$D/known_hosts" "$TEST_TMP/known_hosts1"

# 3. an image made here (no internet), a container, a named volume.
pr() { podman --connection "$name" "$@"; }
test_image "$TEST_TMP/img.tar"
pr import --change 'CMD ["/bin/sh"]' "$TEST_TMP/img.tar" localhost/b2p-machine:test >"$TEST_TMP/out" 2>&1 \
	|| fail "podman --connection $name import: $(tail -n 5 "$TEST_TMP/out")"
out=$(pr run --rm localhost/b2p-machine:test echo hello 2>&1) || fail "podman run: $out"
[ "$out" = hello ] || fail "podman run printed '$out'"
pr volume create b2pdata >/dev/null || fail "podman volume create"
pr run --rm -v b2pdata:/data localhost/b2p-machine:test sh -c 'echo kept >/data/f' \
	|| fail "writing to the volume"

# 4. a clean stop: the ACPI button, no kill.
m rm "$name" 2>"$TEST_TMP/err" && fail "rm removed a running machine"
grep -q 'is running' "$TEST_TMP/err" || fail "rm of a running machine: unclear error: $(cat "$TEST_TMP/err")"
t1=$(now)
m stop "$name" >"$TEST_TMP/stop1" 2>&1 || fail "stop: $(cat "$TEST_TMP/stop1")"
grep -q 'killed' "$TEST_TMP/stop1" && fail "stop had to kill QEMU: $(cat "$TEST_TMP/stop1")"
grep -q 'powered off' "$TEST_TMP/stop1" || fail "stop did not report a power-off: $(cat "$TEST_TMP/stop1")"
log "stop: $(since "$t1") s"
m ls | awk -v n="$name" '$1 == n && $2 == "stopped" { f = 1 } END { exit !f }' \
	|| fail "ls does not show $name stopped: $(m ls)"

# 5. start again: the same host keys, the image and the volume data.
t2=$(now)
m start "$name" >"$TEST_TMP/start2" 2>&1 || fail "second start: $(tail -n 1 "$TEST_TMP/start2")"
log "second start: $(since "$t2") s"
cmp -s "$TEST_TMP/known_hosts1" "$D/known_hosts" || fail "known_hosts changed across a restart"
pr image exists localhost/b2p-machine:test || fail "the image is gone after a restart"
out=$(pr run --rm -v b2pdata:/data localhost/b2p-machine:test cat /data/f 2>&1) \
	|| fail "reading the volume after a restart: $out"
[ "$out" = kept ] || fail "the volume lost its data across a restart (read '$out')"
if ssh -i "$D/id_ed25519" -p "$(cat "$D/port")" -o BatchMode=yes -o IdentitiesOnly=yes \
	-o UserKnownHostsFile="$D/known_hosts" -o HostKeyAlias="b2p-machine-$name" \
	-o StrictHostKeyChecking=yes root@127.0.0.1 dmesg >"$TEST_TMP/dmesg" 2>&1; then
	if grep -i 'EXT4-fs.*recover' "$TEST_TMP/dmesg"; then
		fail "the data file system needed journal recovery: the stop was not clean"
	fi
else
	log "no root ssh; journal recovery not checked"
fi

# 6. stop and rm: state dir and connection gone.
m stop "$name" >"$TEST_TMP/stop2" 2>&1 || fail "second stop: $(cat "$TEST_TMP/stop2")"
grep -q 'killed' "$TEST_TMP/stop2" && fail "the second stop had to kill QEMU: $(cat "$TEST_TMP/stop2")"
m rm "$name" >"$TEST_TMP/out" 2>&1 || fail "rm: $(cat "$TEST_TMP/out")"
[ ! -e "$D" ] || fail "rm left $D"
podman system connection list --format '{{.Name}}' | grep -qx "$name" \
	&& fail "rm left the podman connection $name"
m ls | grep -q "^$name " && fail "ls still lists $name"
exit 0
