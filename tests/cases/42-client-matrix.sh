#!/bin/sh
# SUMMARY: clients of every current major version drive the default ISO over
# ssh: the host's podman 4.3 remote, a podman 5.x remote (trixie's
# podman-remote, pinned in tests/tools/tools.lock) and the docker CLI each
# run info, run, build, images, volume and system connection (docker:
# context), and each sees the guest's own podman version as the server.
set -eu
. "$TOP/tests/lib.sh"
disk="$TEST_TMP/data.img"
client_case "$disk" 2G
qemu_start matrix -cdrom "$B2P_ISO" -boot d -drive "file=$disk,format=raw,if=virtio" \
	-netdev "user,id=n0,hostfwd=tcp:127.0.0.1:$SSH_PORT-:22" -device virtio-net-pci,netdev=n0
line=$(wait_ready 300) || fail "no ready line"
log "$line"
hostkeys "$HOME/.ssh/known_hosts"

# The server's version as the guest itself tells it: every client must
# report the same.
server=$(ssh_guest root podman version --format '{{.Version}}' 2>&1) || fail "ssh root@ podman version: $server"
log "guest podman $server"
url="ssh://tc@127.0.0.1:$SSH_PORT/run/podman/podman.sock"

test_image "$TEST_TMP/img.tar"
podman --remote --url "$url" --identity "$SSH_KEY" import --change 'CMD ["/bin/sh"]' \
	"$TEST_TMP/img.tar" localhost/b2p-busybox:test >"$TEST_TMP/imp" 2>&1 \
	|| fail "podman import: $(tail -n 3 "$TEST_TMP/imp")"

# expect WHAT GOT WANT: fails unless GOT is WANT.
expect() { [ "$2" = "$3" ] || fail "$1: got '$2', want '$3'"; }
# has WHAT LIST ITEM: fails unless ITEM is a line of LIST.
has() { printf '%s\n' "$2" | grep -qxF -- "$3" || fail "$1: '$3' not in: $(printf '%s' "$2" | tr '\n' ' ')"; }

# build_ctx LABEL: a build context whose RUN step leaves LABEL in /built.
build_ctx() {
	mkdir -p "$TEST_TMP/ctx-$1"
	printf 'FROM localhost/b2p-busybox:test\nRUN echo %s >/built\n' "$1" >"$TEST_TMP/ctx-$1/Containerfile"
	echo "$TEST_TMP/ctx-$1"
}

# podman_suite LABEL: the checks for a podman client, through the
# functions cli (the client as is) and cli_url (with whatever flag makes
# it remote).  The URL and identity first, then a named connection that
# becomes the default, for everything else.
podman_suite() {
	l=$1 t0=$(date +%s)
	out=$(cli_url --url "$url" --identity "$SSH_KEY" info --format '{{.Version.Version}}' 2>&1) \
		|| fail "$l: info by --url: $out"
	expect "$l: server version by --url" "$out" "$server"
	cv=$(cli --version 2>&1) || fail "$l: --version: $cv"
	cli system connection add --identity "$SSH_KEY" "b2p-$l" "$url" >"$TEST_TMP/ca" 2>&1 \
		|| fail "$l: system connection add: $(cat "$TEST_TMP/ca")"
	out=$(cli system connection list --format '{{.Name}} {{.URI}}' 2>&1) || fail "$l: connection list: $out"
	has "$l: connection list" "$out" "b2p-$l $url"
	c() { cli --connection "b2p-$l" "$@"; }
	out=$(c info --format '{{.Version.Version}}' 2>&1) || fail "$l: info by --connection: $out"
	expect "$l: server version by --connection" "$out" "$server"
	out=$(c run --rm localhost/b2p-busybox:test echo "$l-run-ok" 2>&1) || fail "$l: run: $out"
	expect "$l: run" "$out" "$l-run-ok"
	c build -t "localhost/b2p-$l:test" "$(build_ctx "$l")" >"$TEST_TMP/build-$l" 2>&1 \
		|| fail "$l: build: $(tail -n 5 "$TEST_TMP/build-$l")"
	out=$(c run --rm "localhost/b2p-$l:test" cat /built 2>&1) || fail "$l: run the built image: $out"
	expect "$l: the built image's RUN result" "$out" "$l"
	out=$(c images --format '{{.Repository}}:{{.Tag}}' 2>&1) || fail "$l: images: $out"
	has "$l: images" "$out" "localhost/b2p-$l:test"
	c volume create "$l-vol" >/dev/null 2>"$TEST_TMP/err" || fail "$l: volume create: $(cat "$TEST_TMP/err")"
	out=$(c volume ls --format '{{.Name}}' 2>&1) || fail "$l: volume ls: $out"
	has "$l: volume ls" "$out" "$l-vol"
	c run --rm -v "$l-vol:/data" localhost/b2p-busybox:test sh -c "echo $l-vol-ok >/data/f" >/dev/null 2>&1 \
		|| fail "$l: write to the volume"
	out=$(c run --rm -v "$l-vol:/data" localhost/b2p-busybox:test cat /data/f 2>&1) || fail "$l: read the volume: $out"
	expect "$l: volume content" "$out" "$l-vol-ok"
	out=$(c volume inspect --format '{{.Name}} {{.Driver}}' "$l-vol" 2>&1) || fail "$l: volume inspect: $out"
	expect "$l: volume inspect" "$out" "$l-vol local"
	c volume rm "$l-vol" >/dev/null 2>&1 || fail "$l: volume rm"
	# The default connection: the client with no flag but "be remote".
	cli system connection default "b2p-$l" >/dev/null 2>&1 || fail "$l: system connection default"
	out=$(cli_url info --format '{{.Version.Version}}' 2>&1) || fail "$l: info by the default connection: $out"
	expect "$l: server version by the default connection" "$out" "$server"
	cli system connection remove "b2p-$l" >/dev/null 2>&1 || fail "$l: system connection remove"
	out=$(cli system connection list --format '{{.Name}}' 2>&1) || fail "$l: connection list: $out"
	if printf '%s\n' "$out" | grep -qxF "b2p-$l"; then fail "$l: the removed connection is still listed"; fi
	log "$l ($cv): info, run, build, images, volume, system connection: ok ($(($(date +%s) - t0)) s)"
}

# 1. Debian 12's podman 4.3, as a remote client.
cli() { podman "$@"; }
cli_url() { podman --remote "$@"; }
podman_suite podman4

# 2. A podman 5.x remote client (podman-remote is remote by itself).
need_podman5
cli() { podman5 "$@"; }
cli_url() { podman5 "$@"; }
podman_suite podman5

# 3. The docker CLI, through the root socket forwarded over ssh; its
# connection is a context.  The classic builder (the Debian 12 CLI has no
# buildx), which looks for a Dockerfile unless told.
# The pinned CLI, never whatever the host has: the same client everywhere.
docker=$("$TOP/tests/tools/get-docker-cli.sh") || fail "no docker CLI"
export DOCKER_CONFIG="$TEST_TMP/docker" DOCKER_BUILDKIT=0
sock="$TEST_TMP/docker.sock"
ssh -i "$SSH_KEY" -p "$SSH_PORT" -o BatchMode=yes -o UserKnownHostsFile="$HOME/.ssh/known_hosts" \
	-o ExitOnForwardFailure=yes -N -L "$sock:/run/podman/podman.sock" tc@127.0.0.1 &
fwd=$!
stop_fwd() { kill "$fwd" 2>/dev/null || true; }
trap 'stop_fwd; qemu_cleanup' EXIT INT TERM
i=0
while [ ! -S "$sock" ] && [ $i -lt 40 ]; do sleep 0.25; i=$((i + 1)); done
[ -S "$sock" ] || fail "the ssh forward of the podman socket did not come up"
l=docker t0=$(date +%s)
d() { "$docker" -H "unix://$sock" "$@"; }
cv=$("$docker" version --format '{{.Client.Version}}' 2>/dev/null || true)
out=$(d version --format '{{.Server.Version}}' 2>&1) || fail "docker version: $out"
# podman's compat API reports its own version as the server's.
expect "docker: server version" "$out" "$server"
out=$(d info --format '{{.ServerVersion}}' 2>&1) || fail "docker info: $out"
expect "docker info: server version" "$out" "$server"
out=$(d run --rm localhost/b2p-busybox:test echo docker-run-ok 2>&1) || fail "docker run: $out"
expect "docker run" "$out" docker-run-ok
ctx=$(build_ctx docker)
d build -t localhost/b2p-docker:test -f "$ctx/Containerfile" "$ctx" >"$TEST_TMP/build-docker" 2>&1 \
	|| fail "docker build: $(tail -n 5 "$TEST_TMP/build-docker")"
out=$(d run --rm localhost/b2p-docker:test cat /built 2>&1) || fail "docker run the built image: $out"
expect "docker: the built image's RUN result" "$out" docker
out=$(d images --format '{{.Repository}}:{{.Tag}}' 2>&1) || fail "docker images: $out"
has "docker images" "$out" localhost/b2p-docker:test
d volume create docker-vol >/dev/null 2>"$TEST_TMP/err" || fail "docker volume create: $(cat "$TEST_TMP/err")"
out=$(d volume ls --format '{{.Name}}' 2>&1) || fail "docker volume ls: $out"
has "docker volume ls" "$out" docker-vol
d run --rm -v docker-vol:/data localhost/b2p-busybox:test sh -c 'echo docker-vol-ok >/data/f' >/dev/null 2>&1 \
	|| fail "docker: write to the volume"
out=$(d run --rm -v docker-vol:/data localhost/b2p-busybox:test cat /data/f 2>&1) || fail "docker: read the volume: $out"
expect "docker: volume content" "$out" docker-vol-ok
d volume rm docker-vol >/dev/null 2>&1 || fail "docker volume rm"
"$docker" context create b2p --docker "host=unix://$sock" >/dev/null 2>"$TEST_TMP/err" \
	|| fail "docker context create: $(cat "$TEST_TMP/err")"
out=$("$docker" --context b2p info --format '{{.ServerVersion}}' 2>&1) || fail "docker --context info: $out"
expect "docker --context: server version" "$out" "$server"
"$docker" context use b2p >/dev/null 2>&1 || fail "docker context use"
out=$("$docker" info --format '{{.ServerVersion}}' 2>&1) || fail "docker info by the current context: $out"
expect "docker, current context: server version" "$out" "$server"
"$docker" context use default >/dev/null 2>&1 || fail "docker context use default"
"$docker" context rm b2p >/dev/null 2>&1 || fail "docker context rm"
log "docker $cv: info, run, build, images, volume, context: ok ($(($(date +%s) - t0)) s)"
