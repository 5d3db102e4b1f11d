#!/bin/sh
# SUMMARY: the booted ISO is a podman host from the outside: ssh by key only,
# podman --remote (URL and named connection), the docker CLI through a
# forwarded socket, containers with networking, build, skopeo and volumes;
# everything survives a reboot, and an ACPI power-down is clean.
set -eu
. "$TOP/tests/lib.sh"
disk="$TEST_TMP/data.img"
client_case "$disk" 4G
HTTP_PORT=$(other_port)

boot() {
	start=$(date +%s.%N)
	qemu_start "$1" -cdrom "$B2P_ISO" -boot d -drive "file=$disk,format=raw,if=virtio" \
		-netdev "user,id=n0,hostfwd=tcp:127.0.0.1:$SSH_PORT-:22,hostfwd=tcp:127.0.0.1:$HTTP_PORT-:8080" \
		-device virtio-net-pci,netdev=n0
	line=$(wait_ready 300) || fail "no ready line ($1)"
	log "$1: $line ($(echo "$(date +%s.%N) - $start" | bc | cut -c1-5)s after qemu start)"
}
boot first

# 1. ssh: key works, passwords are refused.
ssh_guest tc podman version >"$TEST_TMP/out" 2>&1 || fail "ssh tc@ podman version: $(cat "$TEST_TMP/out")"
if ssh -p "$SSH_PORT" -o BatchMode=yes -o PubkeyAuthentication=no -o StrictHostKeyChecking=no \
	-o UserKnownHostsFile=/dev/null -o PreferredAuthentications=password,keyboard-interactive \
	tc@127.0.0.1 true 2>"$TEST_TMP/pw"; then
	fail "a login without a key succeeded"
fi
grep -q 'Permission denied (publickey)' "$TEST_TMP/pw" || fail "password login not refused as expected: $(cat "$TEST_TMP/pw")"
hostkeys "$TEST_TMP/hostkeys1"
# podman's own ssh client picks the key type itself: it must know them all.
cp "$TEST_TMP/hostkeys1" "$HOME/.ssh/known_hosts"

# Each ssh on its own: in a pipeline its failure would be lost.
netstat=$(ssh_guest root netstat -tln 2>&1) || fail "ssh root@ netstat: $netstat"
listeners=$(echo "$netstat" | awk 'NR > 2 { print $4 }' | sort -u | tr '\n' ' ')
case "$listeners" in
"0.0.0.0:22 :::22 " | "0.0.0.0:22 " | ":::22 ") ;;
*) fail "TCP listeners other than sshd: $listeners" ;;
esac

# 2. podman remote, by URL and by named connection.
url="ssh://tc@127.0.0.1:$SSH_PORT/run/podman/podman.sock"
podman --remote --url "$url" --identity "$SSH_KEY" info >"$TEST_TMP/info" 2>&1 \
	|| fail "podman --remote info: $(tail -n 5 "$TEST_TMP/info")"
log "first podman --remote info done $(echo "$(date +%s.%N) - $start" | bc | cut -c1-5)s after qemu start"
podman --remote --url "$url" --identity "$SSH_KEY" version >/dev/null || fail "podman --remote version"
podman system connection add --identity "$SSH_KEY" b2ptest "$url" || fail "connection add"
pr() { podman --connection b2ptest "$@"; }
info=$(pr info --format '{{.Host.OS}} podman {{.Version.Version}}') || fail "podman --connection info"
log "connection b2ptest: $info"

# 3. the docker CLI through an ssh-forwarded socket.
# The pinned one (configs/sources.lock), not whatever the host has.
docker=$("$TOP/tests/tools/get-docker-cli.sh") || fail "no docker CLI"
sock="$TEST_TMP/docker.sock"
ssh -i "$SSH_KEY" -p "$SSH_PORT" -o BatchMode=yes -o UserKnownHostsFile="$HOME/.ssh/known_hosts" \
	-o ExitOnForwardFailure=yes -N -L "$sock:/run/podman/podman.sock" tc@127.0.0.1 &
fwd=$!
i=0
while [ ! -S "$sock" ] && [ $i -lt 40 ]; do sleep 0.25; i=$((i + 1)); done
DOCKER_HOST="unix://$sock" "$docker" version >"$TEST_TMP/dv" 2>&1 || { kill $fwd; fail "docker version: $(cat "$TEST_TMP/dv")"; }
DOCKER_HOST="unix://$sock" "$docker" info >/dev/null 2>&1 || { kill $fwd; fail "docker info"; }
kill $fwd
log "docker CLI: $(grep -m1 -A1 '^Server' "$TEST_TMP/dv" | tail -n 1 | tr -s ' ')"

# 4. containers without internet: a static busybox image made here.
test_image "$TEST_TMP/img.tar"
pr import --change 'CMD ["/bin/sh"]' "$TEST_TMP/img.tar" localhost/b2p-busybox:test >/dev/null || fail "podman import"
out=$(pr run --rm localhost/b2p-busybox:test echo hello) || fail "podman run echo"
[ "$out" = hello ] || fail "podman run printed '$out'"
pr run -d --name web -p 8080:80 localhost/b2p-busybox:test httpd -f -p 80 -h /www >/dev/null || fail "podman run -d -p"
body=$(http_body "$HTTP_PORT")
[ "$body" = b2p-http-ok ] || fail "HTTP through CNI portmap did not answer (got '$body')"
pr rm -f web >/dev/null || fail "podman rm -f web"
mkdir -p "$TEST_TMP/ctx"
printf 'FROM localhost/b2p-busybox:test\nRUN echo built >/built\n' >"$TEST_TMP/ctx/Containerfile"
pr build -t localhost/b2p-built:test "$TEST_TMP/ctx" >"$TEST_TMP/build" 2>&1 \
	|| fail "podman build: $(tail -n 5 "$TEST_TMP/build")"
[ "$(pr run --rm localhost/b2p-built:test cat /built)" = built ] || fail "the built image lacks its RUN result"
ssh_guest root skopeo copy containers-storage:localhost/b2p-busybox:test oci-archive:/tmp/x.tar \
	>"$TEST_TMP/sk" 2>&1 || fail "skopeo copy: $(tail -n 3 "$TEST_TMP/sk")"
pr volume create b2pvol >/dev/null || fail "podman volume create"
pr run --rm -v b2pvol:/data localhost/b2p-busybox:test sh -c 'echo vol-ok >/data/f' || fail "volume write"
[ "$(pr run --rm -v b2pvol:/data localhost/b2p-busybox:test cat /data/f)" = vol-ok ] || fail "volume read"

# Rootless: tc's own socket, its own storage, a container in a user namespace.
uurl="ssh://tc@127.0.0.1:$SSH_PORT/run/user/1000/podman/podman.sock"
pu() { podman --remote --url "$uurl" --identity "$SSH_KEY" "$@"; }
[ "$(pu info --format '{{.Host.Security.Rootless}}' 2>&1)" = true ] || fail "no rootless podman socket for tc: $(pu info 2>&1 | tail -n 3)"
pu import "$TEST_TMP/img.tar" localhost/b2p-rootless:test >/dev/null || fail "rootless import"
out=$(pu run --rm localhost/b2p-rootless:test cat /proc/self/uid_map 2>&1) || fail "rootless run: $out"
[ "$(echo "$out" | awk 'NR == 1 { print $1 "-" $2 }')" = 0-1000 ] \
	|| fail "rootless container's uid 0 is not tc (uid_map: $out)"
log "rootless: container root maps to uid 1000"

# The API service is supervised: killed, it comes back and says so.
# (root's service, not tc's: both run "podman system service", the socket
# is handed to them; ps tells them apart by user)
ssh_guest root "kill \$(ps -o pid,user,args | awk '\$2 == \"root\" && \$3 == \"/usr/bin/podman\" && \$4 == \"system\" { print \$1 }')" \
	|| fail "could not kill the podman service"
i=0
until pr info >/dev/null 2>&1; do
	i=$((i + 1))
	[ $i -lt 30 ] || fail "the podman service did not come back within 60 s"
	sleep 2
done
tr -d '\r' <"$QEMU_DIR/console.log" | grep -a -q 'b2p: podman exited.*restarting' || fail "the restart was not logged on the console"
log "podman service restarted: $(tr -d '\r' <"$QEMU_DIR/console.log" | grep -a -m1 'b2p: podman exited.*restarting' | sed 's/.*b2p: //')"

# 5 and 6. ACPI power-down is clean; after the reboot everything is there.
qmp '{"execute":"system_powerdown"}' || fail "QMP system_powerdown"
wait_exit 30 || fail "the VM did not power off within 30 s of the ACPI power button"
boot second
hostkeys "$TEST_TMP/hostkeys2"
cmp -s "$TEST_TMP/hostkeys1" "$TEST_TMP/hostkeys2" || fail "the ssh host keys changed across a reboot"
pr image exists localhost/b2p-built:test || fail "the built image is gone after the reboot"
[ "$(pr run --rm -v b2pvol:/data localhost/b2p-busybox:test cat /data/f)" = vol-ok ] || fail "the volume is gone after the reboot"
dmesg=$(ssh_guest root dmesg 2>&1) || fail "ssh root@ dmesg: $(echo "$dmesg" | tail -n 3)"
echo "$dmesg" | grep -q 'EXT4-fs (.*): mounted' || fail "dmesg shows no ext4 mount: not the kernel log looked for"
if echo "$dmesg" | grep -i 'EXT4-fs.*recover'; then
	fail "the data file system needed journal recovery: the power-down was not clean"
fi
mem=$(ssh_guest root "awk '/MemTotal/ { t = \$2 } /MemAvailable/ { a = \$2 } END { print int((t - a) / 1024) }' /proc/meminfo") \
	|| fail "ssh root@ /proc/meminfo: $mem"
case $mem in '' | *[!0-9]*) fail "guest memory figure is not a number: '$mem'" ;; esac
log "guest memory in use after boot: ${mem} MiB"
