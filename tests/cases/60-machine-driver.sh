#!/bin/sh
# SUMMARY: scripts/b2p-machine drives a machine through its life, with
# `inspect` and `list --format json` checked at each state: init (errors
# first; the create alias), start (ready line, ssh, the NAME and NAME-root
# podman connections, the host API socket), containers and a named volume
# through the connection and the host socket, a host folder at the same
# path (read, and a file written that the host user owns), proxy variables
# and a CA certificate in the guest, a clean ACPI stop, set (cpus, memory,
# disk size, rootful) on the stopped machine, a second start that grew the
# data file system 4 -> 8 GiB online with a file's hash unchanged and still
# has the image and the volume data, and rm (state dir and connections
# gone).  The guest's /run/docker.sock points at podman's socket.
set -eu
. "$TOP/tests/lib.sh"
command -v podman >/dev/null || skip "the host has no podman client"
command -v jq >/dev/null || fail "no jq (configs/host-packages)"
need_iso
[ -x "$B2P_BUSYBOX" ] || fail "no static busybox at $B2P_BUSYBOX (run make iso)"

# Nothing of the user's is touched: own HOME, machine dir and podman config.
client_env
name=b2p-machine-test
machine_case "$name"
m() { "$TOP/scripts/b2p-machine" "$@"; }

now() { date +%s.%N; }
since() { echo "$(now) - $1" | bc | cut -c1-5; }

# js FILTER: one value from `inspect NAME` (jq -r).
js() { m inspect "$name" | jq -er ".[0] | $1"; }
# ljs FILTER: one value from this machine's `list --format json` entry.
ljs() { m list --format json | jq -er --arg n "$name" ".[] | select(.Name == \$n) | $1"; }
# expect WHAT GOT WANT
expect() { [ "$2" = "$3" ] || fail "$1: got '$2', want '$3'"; }

# 1. init, with the errors a user meets first.
m init "bad/name" 2>"$TEST_TMP/err" && fail "init accepted a name with a slash"
grep -q 'bad machine name' "$TEST_TMP/err" || fail "bad name error unclear: $(cat "$TEST_TMP/err")"
m init --image "$TEST_TMP/none.iso" x 2>"$TEST_TMP/err" && fail "init accepted a missing image"
grep -q 'no ISO at' "$TEST_TMP/err" || fail "missing image error unclear: $(cat "$TEST_TMP/err")"
m init --image "$B2P_ISO" -v /etc:/etc x 2>"$TEST_TMP/err" && fail "init accepted a volume over the guest's /etc"
grep -q 'system folders' "$TEST_TMP/err" || fail "system folder volume error unclear: $(cat "$TEST_TMP/err")"
m init --image "$B2P_ISO" --rootful=maybe x 2>"$TEST_TMP/err" && fail "init accepted --rootful=maybe"
[ ! -e "$B2P_MACHINE_DIR/x" ] || fail "a failed init left $B2P_MACHINE_DIR/x behind"

# The host's proxy settings and a CA go into the guest (nothing is fetched).
openssl req -x509 -newkey ed25519 -nodes -keyout "$TEST_TMP/ca.key" -out "$TEST_TMP/ca.crt" \
	-subj "/CN=b2p test CA $$" -days 2 2>"$TEST_TMP/err" || fail "openssl: $(cat "$TEST_TMP/err")"
t0=$(now)
http_proxy=http://proxy.invalid:3128 no_proxy=localhost,.internal \
	m init --disk-size 4G --memory 1536 --image "$B2P_ISO" --ca-cert "$TEST_TMP/ca.crt" "$name" \
	>"$TEST_TMP/out" 2>&1 || fail "init: $(cat "$TEST_TMP/out")"
for f in config disk.qcow2 id_ed25519 id_ed25519.pub; do
	[ -f "$D/$f" ] || fail "init did not write $D/$f"
done
qemu-img info "$D/disk.qcow2" | grep -q 'file format: qcow2' || fail "the data disk is not qcow2"
m create --image "$B2P_ISO" "$name" 2>"$TEST_TMP/err" && fail "create (init's alias) overwrote an existing machine"
grep -q 'exists' "$TEST_TMP/err" || fail "existing machine error unclear: $(cat "$TEST_TMP/err")"
expect "inspect State" "$(js .State)" stopped
expect "inspect Image path" "$(js .Image.ImagePath.Path)" "$B2P_ISO"
expect "inspect CPUs" "$(js .Resources.CPUs)" 1
expect "inspect Memory" "$(js .Resources.Memory)" 1536
expect "inspect DiskSize" "$(js .Resources.DiskSize)" 4
expect "inspect Rootful" "$(js .Rootful)" false
expect "inspect default volume" "$(js '.Volumes | join(" ")')" "$HOME:$HOME"
expect "inspect socket while stopped" "$(js .ConnectionInfo.PodmanSocket.Path)" ""
expect "list Running" "$(ljs .Running)" false
expect "list Memory" "$(ljs .Memory)" $((1536 * 1048576))
expect "list DiskSize" "$(ljs .DiskSize)" $((4 * 1073741824))

# 2. start: ready line, ssh, the podman connections, the host socket.
m start "$name" >"$TEST_TMP/start1" 2>&1 || fail "start: $(tail -n 3 "$TEST_TMP/start1")"
log "first start: $(grep '^boot2podman: ready' "$TEST_TMP/start1") - init to ready $(since "$t0") s"
port=$(cat "$D/port")
expect "inspect State" "$(js .State)" running
expect "inspect Port" "$(js .SSHConfig.Port)" "$port"
expect "list Running" "$(ljs .Running)" true
expect "list Default" "$(ljs .Default)" true
sock=$(js .ConnectionInfo.PodmanSocket.Path)
expect "inspect socket" "$sock" "$D/podman.sock"
grep -qx "  export DOCKER_HOST='unix://$sock'" "$TEST_TMP/start1" || fail "start did not print DOCKER_HOST"
grep -qx "  export CONTAINER_HOST='unix://$sock'" "$TEST_TMP/start1" || fail "start did not print CONTAINER_HOST"
[ "$(m ssh "$name" id -un)" = tc ] || fail "b2p-machine ssh does not log in as tc"
uid=$(m ssh "$name" id -u)
podman system connection list --format '{{.Name}} {{.URI}} {{.Default}}' >"$TEST_TMP/conns"
grep -qx "$name ssh://tc@127.0.0.1:$port/run/user/$uid/podman/podman.sock true" "$TEST_TMP/conns" \
	|| fail "no default rootless podman connection $name for port $port: $(cat "$TEST_TMP/conns")"
grep -qx "$name-root ssh://root@127.0.0.1:$port/run/podman/podman.sock false" "$TEST_TMP/conns" \
	|| fail "no rootful podman connection $name-root: $(cat "$TEST_TMP/conns")"
grep -q "^\[127\.0\.0\.1\]:$port " "$HOME/.ssh/known_hosts" \
	|| fail "start did not put the machine's host keys in ~/.ssh/known_hosts for podman"
ss -Htln "sport = :$port" | awk '{ print $4 }' | grep -qv '^127\.0\.0\.1:' \
	&& fail "the ssh port $port listens beyond 127.0.0.1"
[ "$(stat -c %a "$sock")" = 600 ] || fail "the host socket is mode $(stat -c %a "$sock"), not 600"
cp "$D/known_hosts" "$TEST_TMP/known_hosts1"
expect "/run/docker.sock" "$(m ssh "$name" readlink /run/docker.sock)" /run/podman/podman.sock
# A file on the data disk whose bytes must survive the disk grow.
m ssh "$name" 'head -c 50000000 /dev/urandom >big.bin && sync && sha256sum big.bin' >"$TEST_TMP/sum1" \
	|| fail "writing a file on the data disk"
size_kib() { m ssh "$name" df -k /var/lib/containers | awk 'NR == 2 { print $2 }'; }
kib1=$(size_kib)
[ "$kib1" -lt $((4 * 1048576)) ] || fail "the 4G data disk has a $kib1 KiB file system"

# 3. an image made here (no internet), a container, a named volume.
pr() { podman --connection "$name" "$@"; }
test_image "$TEST_TMP/img.tar"
pr import --change 'CMD ["/bin/sh"]' "$TEST_TMP/img.tar" localhost/b2p-machine:test >"$TEST_TMP/out" 2>&1 \
	|| fail "podman --connection $name import: $(tail -n 5 "$TEST_TMP/out")"
out=$(pr run --rm localhost/b2p-machine:test echo hello 2>&1) || fail "podman run: $out"
[ "$out" = hello ] || fail "podman run printed '$out'"
log "init to the first podman run done: $(since "$t0") s (with the image import)"
podman --connection "$name-root" import --change 'CMD ["/bin/sh"]' "$TEST_TMP/img.tar" localhost/b2p-machine:test \
	>"$TEST_TMP/out" 2>&1 || fail "podman --connection $name-root import: $(tail -n 5 "$TEST_TMP/out")"
pr volume create b2pdata >/dev/null || fail "podman volume create"
pr run --rm -v b2pdata:/data localhost/b2p-machine:test sh -c 'echo kept >/data/f' \
	|| fail "writing to the volume"
# The same podman through the host socket, as CONTAINER_HOST users reach it.
out=$(podman --url "unix://$sock" run --rm localhost/b2p-machine:test echo via-socket 2>&1) \
	|| fail "podman --url unix://$sock run: $out"
[ "$out" = via-socket ] || fail "podman through the host socket printed '$out'"

# 4. the home folder at the same path: read a host file, write one the host
# user owns (rootful, so the container's root is the guest's root).  This
# case runs the driver as root, whose QEMU gives a file the guest's uid (0
# here), so the owner proves little; case 61 checks ownership with the
# driver run by an unprivileged host user.
mkdir -p "$HOME/proj"
echo "from-the-host $$" >"$HOME/proj/in.txt"
out=$(cd "$HOME/proj" && podman --connection "$name-root" run --rm -v "$PWD:/src" \
	localhost/b2p-machine:test sh -c 'cat /src/in.txt && echo made-inside >/src/out.txt' 2>&1) \
	|| fail "a container with -v \$PWD:/src: $out"
[ "$out" = "from-the-host $$" ] || fail "the container read '$out' from the host folder"
[ "$(cat "$HOME/proj/out.txt" 2>/dev/null)" = made-inside ] || fail "the container's file is not on the host"
[ "$(stat -c %u "$HOME/proj/out.txt")" = "$(id -u)" ] \
	|| fail "the container's file belongs to uid $(stat -c %u "$HOME/proj/out.txt"), not the host user $(id -u)"
out=$(cd "$HOME/proj" && pr run --rm -v "$PWD:/src" localhost/b2p-machine:test cat /src/in.txt 2>&1) \
	|| fail "a rootless container with -v \$PWD:/src: $out"
[ "$out" = "from-the-host $$" ] || fail "the rootless container read '$out' from the host folder"

# 5. proxy variables reach podman and its containers; the CA is trusted.
out=$(pr run --rm localhost/b2p-machine:test busybox env 2>&1) || fail "env in a container: $out"
printf '%s\n' "$out" | grep -qx 'http_proxy=http://proxy.invalid:3128' \
	|| fail "the container has no http_proxy from the host: $out"
printf '%s\n' "$out" | grep -qx 'no_proxy=localhost,.internal' || fail "the container has no no_proxy: $out"
m ssh "$name" cat /etc/ssl/certs/ca-certificates.crt >"$TEST_TMP/bundle"
grep -q -- "$(sed -n 2p "$TEST_TMP/ca.crt")" "$TEST_TMP/bundle" || fail "the CA is not in the guest's trust store"

# 6. a clean stop: the ACPI button, no kill; the host socket goes.
m rm "$name" 2>"$TEST_TMP/err" && fail "rm removed a running machine"
grep -q 'is running' "$TEST_TMP/err" || fail "rm of a running machine: unclear error: $(cat "$TEST_TMP/err")"
m set --cpus 2 "$name" 2>"$TEST_TMP/err" && fail "set changed a running machine"
t1=$(now)
m stop "$name" >"$TEST_TMP/stop1" 2>&1 || fail "stop: $(cat "$TEST_TMP/stop1")"
grep -q 'killed' "$TEST_TMP/stop1" && fail "stop had to kill QEMU: $(cat "$TEST_TMP/stop1")"
grep -q 'powered off' "$TEST_TMP/stop1" || fail "stop did not report a power-off: $(cat "$TEST_TMP/stop1")"
log "stop: $(since "$t1") s"
[ ! -e "$sock" ] || fail "stop left the host socket $sock"
expect "inspect State" "$(js .State)" stopped
expect "list Running" "$(ljs .Running)" false

# 7. set on the stopped machine: resources, a bigger disk, rootful.
m set --disk-size 2G "$name" 2>"$TEST_TMP/err" && fail "set shrank the disk"
grep -q 'only grow' "$TEST_TMP/err" || fail "shrink error unclear: $(cat "$TEST_TMP/err")"
m set --cpus 2 --memory 2048 --disk-size 8G --rootful "$name" >"$TEST_TMP/out" 2>&1 \
	|| fail "set: $(cat "$TEST_TMP/out")"
expect "inspect CPUs after set" "$(js .Resources.CPUs)" 2
expect "inspect Memory after set" "$(js .Resources.Memory)" 2048
expect "inspect DiskSize after set" "$(js .Resources.DiskSize)" 8
expect "inspect Rootful after set" "$(js .Rootful)" true
qemu-img info "$D/disk.qcow2" | grep -q '^virtual size: 8 GiB' || fail "set did not grow the qcow2 to 8 GiB"
podman system connection list --format '{{.Name}} {{.Default}}' | grep -qx "$name-root true" \
	|| fail "--rootful did not make $name-root the default connection"

# 8. start again: the same host keys, the image and the volume data, the
# new resources, and the host socket now leads to rootful podman.
t2=$(now)
m start "$name" >"$TEST_TMP/start2" 2>&1 || fail "second start: $(tail -n 3 "$TEST_TMP/start2")"
log "second start to ready: $(since "$t2") s"
out=$(pr run --rm localhost/b2p-machine:test echo again 2>&1) || fail "podman run after the second start: $out"
log "second start to the first podman run done: $(since "$t2") s"
cmp -s "$TEST_TMP/known_hosts1" "$D/known_hosts" || fail "known_hosts changed across a restart"
expect "guest CPUs" "$(m ssh "$name" nproc)" 2
mem=$(m ssh "$name" "awk '/^MemTotal/ { print int(\$2 / 1024) }' /proc/meminfo")
[ "$mem" -gt 1600 ] || fail "the guest has $mem MiB after set --memory 2048"
kib2=$(size_kib)
log "data file system: $kib1 KiB on the 4G disk, $kib2 KiB after set --disk-size 8G"
[ "$kib2" -gt $((7 * 1048576)) ] || fail "the file system did not grow with the disk: $kib2 KiB (was $kib1)"
grep -a -q 'grew the file system' "$D/console.log" || fail "no grow message on the console"
m ssh "$name" sha256sum big.bin >"$TEST_TMP/sum2" || fail "reading the file back after the grow"
cmp -s "$TEST_TMP/sum1" "$TEST_TMP/sum2" || fail "the file changed across the grow: $(cat "$TEST_TMP/sum1" "$TEST_TMP/sum2")"
pr image exists localhost/b2p-machine:test || fail "the image is gone after a restart"
out=$(pr run --rm -v b2pdata:/data localhost/b2p-machine:test cat /data/f 2>&1) \
	|| fail "reading the volume after a restart: $out"
[ "$out" = kept ] || fail "the volume lost its data across a restart (read '$out')"
out=$(podman --url "unix://$sock" info --format '{{.Host.Security.Rootless}}' 2>&1) \
	|| fail "podman info through the host socket: $out"
expect "rootless through the host socket of a rootful machine" "$out" false
if ssh -i "$D/id_ed25519" -p "$(cat "$D/port")" -o BatchMode=yes -o IdentitiesOnly=yes \
	-o UserKnownHostsFile="$D/known_hosts" -o HostKeyAlias="b2p-machine-$name" \
	-o StrictHostKeyChecking=yes root@127.0.0.1 dmesg >"$TEST_TMP/dmesg" 2>&1; then
	if grep -i 'EXT4-fs.*recover' "$TEST_TMP/dmesg"; then
		fail "the data file system needed journal recovery: the stop was not clean"
	fi
else
	fail "no root ssh: $(cat "$TEST_TMP/dmesg")"
fi

# 9. stop and rm: state dir and connections gone.
m stop "$name" >"$TEST_TMP/stop2" 2>&1 || fail "second stop: $(cat "$TEST_TMP/stop2")"
grep -q 'killed' "$TEST_TMP/stop2" && fail "the second stop had to kill QEMU: $(cat "$TEST_TMP/stop2")"
m rm "$name" >"$TEST_TMP/out" 2>&1 || fail "rm: $(cat "$TEST_TMP/out")"
[ ! -e "$D" ] || fail "rm left $D"
podman system connection list --format '{{.Name}}' | grep -q "^$name" \
	&& fail "rm left a podman connection: $(podman system connection list)"
expect "list after rm" "$(m list --format json | jq --arg n "$name" '[.[] | select(.Name == $n)] | length')" 0
exit 0
