#!/bin/sh
# SUMMARY: the default ISO's container stack (issue 12): podman info reports
# netavark, crun, pasta and cgroup v2; two containers on a user-created
# network resolve each other by name (aardvark-dns); crun (the default) and
# runc (--runtime runc) both run a container; a rootless container of tc,
# made through tc's own socket, publishes a port (pasta) that the host
# reaches through a QEMU hostfwd.
set -eu
. "$TOP/tests/lib.sh"
disk="$TEST_TMP/data.img"
client_case "$disk" 2G
WEB_PORT=$(other_port)
qemu_start stack -cdrom "$B2P_ISO" -boot d -drive "file=$disk,format=raw,if=virtio" \
	-netdev "user,id=n0,hostfwd=tcp:127.0.0.1:$SSH_PORT-:22,hostfwd=tcp:127.0.0.1:$WEB_PORT-:8081" \
	-device virtio-net-pci,netdev=n0
line=$(wait_ready 300) || fail "no ready line"
log "$line"
hostkeys "$HOME/.ssh/known_hosts"

# rp ARGS: root's podman in the guest, over ssh (the stack itself is under
# test here, not a client).
rp() { ssh_guest root podman "$@"; }
# field WHAT TEMPLATE WANT: one podman info field, asserted.
field() {
	got=$(rp info --format "'$2'" 2>&1) || fail "podman info $2: $got"
	[ "$got" = "$3" ] || fail "podman info reports $1 '$got', want '$3'"
	echo "$got"
}

# 1. What podman says it runs on.
ver=$(rp version --format "'{{.Version}}'" 2>&1) || fail "podman version: $ver"
case $ver in 5.*) ;; *) fail "the default ISO runs podman $ver, not 5.x" ;; esac
field "network backend" '{{.Host.NetworkBackend}}' netavark >/dev/null
field "OCI runtime" '{{.Host.OCIRuntime.Name}}' crun >/dev/null
field "rootless network command" '{{.Host.RootlessNetworkCmd}}' pasta >/dev/null
field "cgroup version" '{{.Host.CgroupsVersion}}' v2 >/dev/null
pasta=$(rp info --format "'{{.Host.Pasta.Executable}} {{.Host.Pasta.Version}}'" 2>&1) || fail "podman info pasta: $pasta"
case $pasta in /*) ;; *) fail "podman info names no pasta executable: '$pasta'" ;; esac
dns=$(rp info --format "'{{.Host.NetworkBackendInfo.DNS.Version}}'" 2>&1) || fail "podman info DNS: $dns"
case $dns in "" | "<no value>") fail "podman info names no DNS server for netavark" ;; esac
fs=$(ssh_guest root "awk '\$2 == \"/sys/fs/cgroup\" { print \$3 }' /proc/mounts" 2>&1) || fail "/proc/mounts: $fs"
[ "$fs" = cgroup2 ] || fail "/sys/fs/cgroup is mounted as '$fs', not cgroup2"
log "podman $ver: netavark ($dns), crun, pasta (${pasta%% *}), cgroup v2"

test_image "$TEST_TMP/img.tar"
ssh_guest root podman import - localhost/b2p-busybox:test <"$TEST_TMP/img.tar" >"$TEST_TMP/imp" 2>&1 \
	|| fail "podman import: $(tail -n 3 "$TEST_TMP/imp")"

# 2. A user network: each of two containers reaches the other by name.
rp network create b2pnet >"$TEST_TMP/net" 2>&1 || fail "podman network create: $(cat "$TEST_TMP/net")"
for n in alpha beta; do
	rp run -d --name "$n" --network b2pnet localhost/b2p-busybox:test \
		sh -c "'echo $n-answers >/www/index.html && exec httpd -f -p 80 -h /www'" >"$TEST_TMP/run.out" 2>&1 \
		|| fail "podman run $n on b2pnet: $(tail -n 3 "$TEST_TMP/run.out")"
done
for pair in alpha:beta beta:alpha; do
	from=${pair%:*} to=${pair#*:}
	i=0 got=
	while [ $i -lt 10 ]; do
		got=$(rp exec "$from" busybox wget -q -T 5 -O - "http://$to/index.html" 2>&1) && break
		sleep 1
		i=$((i + 1))
	done
	[ "$got" = "$to-answers" ] || fail "$from could not reach $to by name: $got"
done
addr=$(rp exec alpha busybox nslookup beta 2>&1) || fail "nslookup beta in alpha: $addr"
log "alpha and beta on b2pnet resolve each other ($(echo "$addr" | awk '/^Address/ { a = $NF } END { print "beta is " a }'))"
rp rm -f alpha beta >/dev/null 2>&1 || fail "podman rm alpha beta"

# 3. crun by default, runc on request: each runs, and inspect names it.
for rt in default runc; do
	opt=
	[ "$rt" = default ] || opt="--runtime $rt"
	# shellcheck disable=SC2086 # opt is empty or two words
	out=$(rp run --name "rt-$rt" $opt localhost/b2p-busybox:test echo "ran-$rt" 2>&1) || fail "podman run ($rt runtime): $out"
	[ "$out" = "ran-$rt" ] || fail "podman run ($rt runtime) printed '$out'"
	used=$(rp inspect --format "'{{.OCIRuntime}}'" "rt-$rt" 2>&1) || fail "podman inspect rt-$rt: $used"
	want=$rt
	[ "$rt" != default ] || want=crun
	[ "$used" = "$want" ] || fail "the $rt container ran with '$used', want $want"
done
rp rm rt-default rt-runc >/dev/null 2>&1 || fail "podman rm rt-*"
log "crun (default) and runc (--runtime runc) each ran a container"

# 4. Rootless: through tc's socket, a container of tc publishes port 8081
# (pasta), which the host reaches through QEMU's hostfwd.
uurl="ssh://tc@127.0.0.1:$SSH_PORT/run/user/1000/podman/podman.sock"
pu() { podman --remote --url "$uurl" --identity "$SSH_KEY" "$@"; }
[ "$(pu info --format '{{.Host.Security.Rootless}}' 2>&1)" = true ] || fail "no rootless socket for tc: $(pu info 2>&1 | tail -n 3)"
pu import "$TEST_TMP/img.tar" localhost/b2p-rootless:test >"$TEST_TMP/imp" 2>&1 \
	|| fail "rootless import: $(tail -n 3 "$TEST_TMP/imp")"
pu run -d --name rweb -p 8081:80 localhost/b2p-rootless:test httpd -f -p 80 -h /www >"$TEST_TMP/run.out" 2>&1 \
	|| fail "rootless podman run -p: $(tail -n 3 "$TEST_TMP/run.out")"
mode=$(pu inspect --format '{{.HostConfig.NetworkMode}}' rweb 2>&1) || fail "inspect rweb: $mode"
[ "$mode" = pasta ] || fail "the rootless container's network mode is '$mode', not pasta"
body=$(http_body "$WEB_PORT")
[ "$body" = b2p-http-ok ] || fail "the rootless container's port did not answer the host (got '$body')"
owner=$(ssh_guest root "ps -o user,args | grep '[p]asta' | awk '{ print \$1 }' | sort -u" 2>&1) || fail "ps: $owner"
log "rootless container on pasta answered the host on :$WEB_PORT (pasta runs as: $(echo "$owner" | tr '\n' ' '))"
pu rm -f rweb >/dev/null 2>&1 || fail "rootless rm -f rweb"
