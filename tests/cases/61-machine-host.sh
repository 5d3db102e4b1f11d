#!/bin/sh
# SUMMARY: what a desktop user gets from a running b2p-machine, on one boot
# (init --now) by an unprivileged host user: the docker CLI through the
# host socket (DOCKER_HOST=unix://, run, build, ps); published ports of a
# rootless and a rootful container answering on the host's 127.0.0.1 and
# released after rm; host.containers.internal reaching a page on the host's
# 127.0.0.1; the guest's clock back within 1 s of the host's within 10 s
# after the VM was paused for 30 s (QMP stop/cont, what a host suspend looks
# like to the guest), with no time server (the driver steps it from the
# host); files that a rootless and a rootful container write into the
# shared folder owned by the host user; and docker compose v2 (Debian
# trixie's, pinned in tests/tools) bringing up two services (one reaching
# the other by name, a published port answering on the host) and taking
# them down.
set -eu
. "$TOP/tests/lib.sh"
command -v podman >/dev/null || skip "the host has no podman client"
command -v curl >/dev/null || fail "no curl (configs/host-packages)"
need_iso
[ -x "$B2P_BUSYBOX" ] || fail "no static busybox at $B2P_BUSYBOX (run make iso)"
docker=$("$TOP/tests/tools/get-docker-cli.sh") || fail "no docker CLI"

client_env
name=b2p-host-test
machine_case "$name"

# The driver, and so its QEMU, runs as an unprivileged host user made for
# this case, as on a desktop; the checks run as root, which can use the
# user's connections, keys and sockets.  A system uid (below 1000) is not
# the guest user's (1000), so the owner of a file tells whose it is.
hostuser=b2p61-$$
# shellcheck disable=SC2317 # run by the trap (machine_cleanup)
machine_cleanup_more() { userdel -f "$hostuser" 2>/dev/null || true; }
useradd --system -M -N -d "$HOME" -s /usr/sbin/nologin "$hostuser" 2>"$TEST_TMP/err" \
	|| fail "useradd: $(cat "$TEST_TMP/err")"
hostuid=$(id -u "$hostuser")
mkdir -p "$B2P_MACHINE_DIR" "$HOME/proj"
chown -R "$hostuser" "$HOME" "$XDG_RUNTIME_DIR" "$CONTAINERS_CONF" "$B2P_MACHINE_DIR" \
	|| fail "chown to $hostuser"
chmod o+x "$TEST_TMP" "$(dirname "$TEST_TMP")"
m() { setpriv --reuid="$hostuser" --regid=users --clear-groups "$TOP/scripts/b2p-machine" "$@"; }
expect() { [ "$2" = "$3" ] || fail "$1: got '$2', want '$3'"; }

t0=$(date +%s)
m init --now -v "$HOME/proj:$HOME/proj" --image "$B2P_ISO" "$name" >"$TEST_TMP/start" 2>&1 \
	|| fail "init --now: $(tail -n 3 "$TEST_TMP/start")"
log "init --now to ready: $(($(date +%s) - t0)) s"
sock=$(sed -n "s|^  export DOCKER_HOST='unix://\(.*\)'\$|\1|p" "$TEST_TMP/start")
[ -S "$sock" ] || fail "init --now printed no DOCKER_HOST socket: $(cat "$TEST_TMP/start")"

# 1. the docker CLI through the host socket (the rootless podman).
test_image "$TEST_TMP/img.tar"
podman --connection "$name" import --change 'CMD ["/bin/sh"]' "$TEST_TMP/img.tar" localhost/b2p-busybox:test \
	>"$TEST_TMP/out" 2>&1 || fail "import: $(tail -n 3 "$TEST_TMP/out")"
podman --connection "$name-root" import --change 'CMD ["/bin/sh"]' "$TEST_TMP/img.tar" localhost/b2p-busybox:test \
	>"$TEST_TMP/out" 2>&1 || fail "import (rootful): $(tail -n 3 "$TEST_TMP/out")"
# Only for docker: podman reads DOCKER_CONFIG too.
d() { DOCKER_HOST="unix://$sock" DOCKER_CONFIG="$TEST_TMP/docker" DOCKER_BUILDKIT=0 "$docker" "$@"; }
out=$(d run --rm localhost/b2p-busybox:test echo docker-run-ok 2>&1) || fail "docker run: $out"
expect "docker run through DOCKER_HOST" "$out" docker-run-ok
mkdir -p "$TEST_TMP/ctx"
printf 'FROM localhost/b2p-busybox:test\nRUN echo built-here >/built\n' >"$TEST_TMP/ctx/Dockerfile"
d build -t localhost/b2p-docker:test "$TEST_TMP/ctx" >"$TEST_TMP/build" 2>&1 \
	|| fail "docker build: $(tail -n 5 "$TEST_TMP/build")"
out=$(d run --rm localhost/b2p-docker:test cat /built 2>&1) || fail "docker run the built image: $out"
expect "the built image's RUN result" "$out" built-here
d run -d --name sleeper localhost/b2p-busybox:test sh -c 'while :; do sleep 1; done' >/dev/null \
	|| fail "docker run -d"
d ps --format '{{.Names}}' | grep -qx sleeper || fail "docker ps does not show the running container: $(d ps)"
d rm -f sleeper >/dev/null || fail "docker rm -f"

# 2. published ports, rootless and rootful, on the host's 127.0.0.1.
# wait_http PORT: the test page answers on 127.0.0.1:PORT within 30 s.
wait_http() {
	i=0
	while [ $i -lt 30 ]; do
		out=$(curl -s --max-time 3 "http://127.0.0.1:$1/" 2>/dev/null || true)
		[ "$out" != b2p-http-ok ] || return 0
		sleep 1
		i=$((i + 1))
	done
	return 1
}
# wait_closed PORT: nothing listens on the host's PORT within 30 s.
wait_closed() {
	i=0
	while [ $i -lt 30 ]; do
		ss -Htln "sport = :$1" | grep -q . || return 0
		sleep 1
		i=$((i + 1))
	done
	return 1
}
p1=$(free_port) p2=$(free_port)
while [ "$p2" = "$p1" ]; do p2=$(free_port); done
t1=$(date +%s)
podman --connection "$name" run -d --name web-user -p "$p1:80" localhost/b2p-busybox:test \
	httpd -f -p 80 -h /www >"$TEST_TMP/out" 2>&1 || fail "rootless run -p: $(cat "$TEST_TMP/out")"
podman --connection "$name-root" run -d --name web-root -p "$p2:80" localhost/b2p-busybox:test \
	httpd -f -p 80 -h /www >"$TEST_TMP/out" 2>&1 || fail "rootful run -p: $(cat "$TEST_TMP/out")"
wait_http "$p1" || fail "the rootless container's -p $p1:80 does not answer on 127.0.0.1:$p1 ($(tail -n 3 "$D/forward.log"))"
wait_http "$p2" || fail "the rootful container's -p $p2:80 does not answer on 127.0.0.1:$p2 ($(tail -n 3 "$D/forward.log"))"
log "published ports answer on the host $(($(date +%s) - t1)) s after the runs"
ss -Htln "sport = :$p1" | awk '{ print $4 }' | grep -qv '^127\.0\.0\.1:' && fail "port $p1 listens beyond 127.0.0.1"
podman --connection "$name" rm -f web-user >/dev/null || fail "rm web-user"
podman --connection "$name-root" rm -f web-root >/dev/null || fail "rm web-root"
wait_closed "$p1" || fail "port $p1 still listens on the host after the container went"
wait_closed "$p2" || fail "port $p2 still listens on the host after the container went"

# 3. host.containers.internal is the machine's host: a page served on the
# host's 127.0.0.1 only, fetched from a rootless and a rootful container.
hp=$(free_port)
mkdir -p "$TEST_TMP/www"
echo "from-the-host $$" >"$TEST_TMP/www/index.html"
"$B2P_BUSYBOX" httpd -f -p "127.0.0.1:$hp" -h "$TEST_TMP/www" &
httpd_pid=$!
for c in "$name" "$name-root"; do
	out=$(podman --connection "$c" run --rm localhost/b2p-busybox:test \
		busybox wget -q -T 20 -O- "http://host.containers.internal:$hp/" 2>&1) || out="failed: $out"
	expect "host.containers.internal from a container of $c" "$out" "from-the-host $$"
done
kill "$httpd_pid" 2>/dev/null || true

# 4. the clock after a 30 s pause.
qmp_send() {
	printf '{"execute":"qmp_capabilities"}\n{"execute":"%s"}\n' "$1" \
		| socat -t 1 - "UNIX-CONNECT:$D/qmp.sock" 2>/dev/null | grep -c '"return"' | grep -qx 2
}
# skew: guest time minus host time in whole seconds, bounded by the ssh
# round trip: prints "ok" when the guest's second lies within 1 s of the
# host's interval around the call.
skew_ok() {
	a=$(date +%s)
	g=$(m ssh "$name" date +%s 2>/dev/null) || return 1
	b=$(date +%s)
	[ "$g" -ge $((a - 1)) ] && [ "$g" -le $((b + 1)) ]
}
skew_ok || fail "the guest's clock is off before the pause: $(m ssh "$name" date -u) vs $(date -u)"
qmp_send stop || fail "QMP stop"
sleep 30
qmp_send cont || fail "QMP cont"
t2=$(date +%s)
until skew_ok; do
	[ $(($(date +%s) - t2)) -lt 10 ] \
		|| fail "the guest's clock is still off 10 s after the resume: guest $(m ssh "$name" date +%s), host $(date +%s)"
	sleep 1
done
log "the guest's clock was back within 1 s of the host's $(($(date +%s) - t2)) s after the resume"
grep 'guest clock' "$D/forward.log" | tail -n 1 | sed 's/^/    /'

# 5. a host folder at the same path, shared by the unprivileged user's
# QEMU: a file a container writes there belongs to that host user, from a
# rootless container (the guest's uid 1000) and a rootful one (the guest's
# root) alike.
echo "from-the-host $$" >"$HOME/proj/in.txt"
mkdir -m 0777 "$HOME/proj/open"
chown "$hostuser" "$HOME/proj/in.txt" "$HOME/proj/open"
out=$(podman --connection "$name" run --rm -v "$HOME/proj:/src" localhost/b2p-busybox:test \
	sh -c 'cat /src/in.txt && echo rootless >/src/open/rootless.txt' 2>&1) \
	|| fail "a rootless container with -v $HOME/proj:/src: $out"
expect "what the rootless container read from the host folder" "$out" "from-the-host $$"
out=$(podman --connection "$name-root" run --rm -v "$HOME/proj:/src" localhost/b2p-busybox:test \
	sh -c 'echo rootful >/src/rootful.txt' 2>&1) || fail "a rootful container with -v $HOME/proj:/src: $out"
for f in open/rootless.txt rootful.txt; do
	[ -f "$HOME/proj/$f" ] || fail "the container's $f is not in the host folder"
	owner=$(stat -c %u "$HOME/proj/$f")
	[ "$owner" = "$hostuid" ] || fail "the container's $f belongs to uid $owner, not the host user $hostuid"
done
log "files written by a rootless and a rootful container belong to the host user (uid $hostuid)"

# 6. docker compose v2 (Debian trixie's, pinned in tests/tools/tools.lock)
# through the host socket: two services, one reaching the other by name, a
# published port on the host, then down.
compose=$("$TOP/tests/tools/get-compose.sh") || fail "no docker-compose (tests/tools/get-compose.sh failed)"
cv=$("$compose" version --short 2>&1) || fail "docker-compose version: $cv"
case $cv in 2.* | v2.*) ;; *) fail "docker-compose is $cv, not v2" ;; esac
cp=$(free_port)
mkdir -p "$TEST_TMP/compose"
cat >"$TEST_TMP/compose/compose.yaml" <<YML
services:
  web:
    image: localhost/b2p-busybox:test
    command: ["httpd", "-f", "-p", "80", "-h", "/www"]
    ports: ["$cp:80"]
  client:
    image: localhost/b2p-busybox:test
    command: ["sh", "-c", "while :; do busybox wget -q -T 5 -O- http://web/ && exit 0; sleep 1; done"]
    depends_on: [web]
YML
dc() {
	(cd "$TEST_TMP/compose" && DOCKER_HOST="unix://$sock" DOCKER_CONFIG="$TEST_TMP/docker" \
		"$compose" -p b2pc "$@")
}
dc up -d >"$TEST_TMP/compose.out" 2>&1 || fail "docker-compose up: $(tail -n 5 "$TEST_TMP/compose.out")"
i=0
until dc logs client 2>/dev/null | grep -q b2p-http-ok; do
	[ $i -lt 60 ] || fail "the client service did not reach web by name in 60 s: $(dc logs 2>&1 | tail -n 5)"
	sleep 1
	i=$((i + 1))
done
wait_http "$cp" || fail "the compose service's port $cp does not answer on the host"
dc down >"$TEST_TMP/compose.out" 2>&1 || fail "docker-compose down: $(tail -n 5 "$TEST_TMP/compose.out")"
wait_closed "$cp" || fail "port $cp still listens after docker-compose down"
left=$(d ps -a --filter label=com.docker.compose.project=b2pc --format '{{.Names}}' 2>&1) \
	|| fail "docker ps after down: $left"
[ -z "$left" ] || fail "docker-compose down left containers: $left"
log "docker-compose $cv: up, service by name, published port, down"

m rm -f "$name" >"$TEST_TMP/out" 2>&1 || fail "rm -f: $(cat "$TEST_TMP/out")"
exit 0
