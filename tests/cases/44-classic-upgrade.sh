#!/bin/sh
# SUMMARY: the classic flavor (make iso FLAVOR=bookworm: podman 4.3, CNI)
# boots and runs a container with CNI networking whose port the host
# reaches; then the same data disk (an imported image, a named volume
# written, containers created and stopped, all in podman 4.3's BoltDB) boots
# the default ISO (podman 5): everything is still there, the old containers
# start, and podman run works at once, with nothing edited by hand.
set -eu
. "$TOP/tests/lib.sh"
classic=${B2P_ISO_CLASSIC:?not handed over by tests/tests.mk}
[ -f "$classic" ] || fail "no classic ISO at $classic (make iso FLAVOR=bookworm)"
disk="$TEST_TMP/data.img"
client_case "$disk" 2G
HTTP_PORT=$(other_port)

# boot NAME ISO: boots ISO on the data disk; ssh and port 8080 forwarded.
boot() {
	qemu_start "$1" -cdrom "$2" -boot d -drive "file=$disk,format=raw,if=virtio" \
		-netdev "user,id=n0,hostfwd=tcp:127.0.0.1:$SSH_PORT-:22,hostfwd=tcp:127.0.0.1:$HTTP_PORT-:8080" \
		-device virtio-net-pci,netdev=n0
	line=$(wait_ready 300) || fail "$1: no ready line"
	log "$1: $line"
	rm -f "$TEST_TMP/known_hosts"
}
rp() { ssh_guest root podman "$@"; }
poweroff() {
	qmp '{"execute":"system_powerdown"}' || fail "$1: QMP system_powerdown"
	wait_exit 60 || fail "$1: the VM did not power off within 60 s of the ACPI power button"
}

# 1. The classic flavor: podman 4.3 on CNI.
boot classic "$classic"
v4=$(rp version --format "'{{.Version}}'" 2>&1) || fail "classic: podman version: $v4"
case $v4 in 4.*) ;; *) fail "the classic ISO runs podman $v4, not 4.x" ;; esac
nb=$(rp info --format "'{{.Host.NetworkBackend}}'" 2>&1) || fail "classic: podman info: $nb"
[ "$nb" = cni ] || fail "the classic ISO's network backend is '$nb', not cni"
test_image "$TEST_TMP/img.tar"
ssh_guest root podman import --change "'CMD [\"/bin/sh\"]'" - localhost/b2p-busybox:old \
	<"$TEST_TMP/img.tar" >"$TEST_TMP/imp" 2>&1 || fail "classic: podman import: $(tail -n 3 "$TEST_TMP/imp")"
rp run -d --name web -p 8080:80 localhost/b2p-busybox:old httpd -f -p 80 -h /www >"$TEST_TMP/run.out" 2>&1 \
	|| fail "classic: podman run -p: $(tail -n 3 "$TEST_TMP/run.out")"
ip=$(rp inspect --format "'{{.NetworkSettings.IPAddress}}'" web 2>&1) || fail "classic: inspect web: $ip"
case $ip in 10.88.*) ;; *) fail "classic: the container's address '$ip' is not on CNI's podman network (10.88/16)" ;; esac
[ "$(http_body "$HTTP_PORT")" = b2p-http-ok ] || fail "classic: the container's port did not answer through CNI's portmap"
log "classic: podman $v4, backend cni: container at $ip answered the host on :$HTTP_PORT"
rp stop -t 2 web >/dev/null 2>&1 || fail "classic: podman stop web"
rp volume create oldvol >/dev/null 2>&1 || fail "classic: volume create"
rp run --name oldc -v oldvol:/data localhost/b2p-busybox:old sh -c "'echo written-by-$v4 >>/data/f; cat /data/f'" \
	>"$TEST_TMP/run.out" 2>&1 || fail "classic: podman run oldc: $(tail -n 3 "$TEST_TMP/run.out")"
rp create --name created localhost/b2p-busybox:old echo created-by-4 >/dev/null 2>&1 || fail "classic: podman create"
# tc's rootless podman: its own database, storage and volume in /home/tc.
up() { ssh_guest tc podman "$@"; }
ssh_guest tc podman import - localhost/b2p-rootless:old <"$TEST_TMP/img.tar" >"$TEST_TMP/imp" 2>&1 \
	|| fail "classic: rootless import: $(tail -n 3 "$TEST_TMP/imp")"
up run --name rold -v rvol:/data localhost/b2p-rootless:old sh -c "'echo rootless-by-$v4 >>/data/f; cat /data/f'" \
	>"$TEST_TMP/run.out" 2>&1 || fail "classic: rootless podman run rold: $(tail -n 3 "$TEST_TMP/run.out")"
rnet=$(up inspect --format "'{{.HostConfig.NetworkMode}}'" rold 2>&1) || fail "classic: inspect rold: $rnet"
state=$(rp ps -a --format "'{{.Names}}={{.State}}'" 2>&1) || fail "classic: podman ps -a: $state"
log "classic: tc's container rold on $rnet; containers $(echo "$state" | sort | tr '\n' ' ')"
poweroff classic

# 2. The same disk on the default ISO: nothing done by hand in between.
boot default "$B2P_ISO"
v5=$(rp version --format "'{{.Version}}'" 2>&1) || fail "default: podman version: $v5"
case $v5 in 5.*) ;; *) fail "the default ISO runs podman $v5, not 5.x" ;; esac
info=$(rp info --format "'{{.Host.DatabaseBackend}} {{.Host.NetworkBackend}} {{.Host.OCIRuntime.Name}}'" 2>"$TEST_TMP/info.err") \
	|| fail "default: podman info on the old disk: $(cat "$TEST_TMP/info.err")"
log "default: podman $v5 on the old disk: database, network, runtime: $info"
[ ! -s "$TEST_TMP/info.err" ] || log "default: podman info warns: $(tr '\n' ' ' <"$TEST_TMP/info.err")"
rp image exists localhost/b2p-busybox:old || fail "default: the image imported by podman 4.3 is gone"
state=$(rp ps -a --format "'{{.Names}}={{.State}}'" 2>&1) || fail "default: podman ps -a: $state"
for c in web oldc created; do
	echo "$state" | grep -q "^$c=" || fail "default: container $c is gone (ps -a: $(echo "$state" | tr '\n' ' '))"
done
out=$(rp start -a oldc 2>&1) || fail "default: podman start -a oldc: $out"
[ "$out" = "written-by-$v4
written-by-$v4" ] || fail "default: the old container printed '$out', want its volume's line twice"
rt=$(rp inspect --format "'{{.OCIRuntime}}'" oldc 2>&1) || fail "default: inspect oldc: $rt"
out=$(rp start -a created 2>&1) || fail "default: podman start -a created: $out"
[ "$out" = created-by-4 ] || fail "default: the created container printed '$out'"
rp start web >"$TEST_TMP/start" 2>&1 || fail "default: podman start web: $(tail -n 3 "$TEST_TMP/start")"
[ "$(http_body "$HTTP_PORT")" = b2p-http-ok ] || fail "default: the old container's published port did not answer after the upgrade"
out=$(rp run --rm -v oldvol:/data localhost/b2p-busybox:old cat /data/f 2>&1) || fail "default: podman run: $out"
[ "$(echo "$out" | head -n 1)" = "written-by-$v4" ] || fail "default: the volume holds '$out'"
log "default: image, volume, containers (web answered on :$HTTP_PORT, oldc on runtime $rt) all usable; podman run works"
up image exists localhost/b2p-rootless:old || fail "default: tc's image imported by podman 4.3 is gone"
out=$(up run --rm -v rvol:/data localhost/b2p-rootless:old cat /data/f 2>&1) || fail "default: tc's podman run: $out"
[ "$out" = "rootless-by-$v4" ] || fail "default: tc's volume holds '$out'"
# A rootless container of podman 4.3 keeps its slirp4netns network mode
# (podman 5.4 converts nothing): it starts only where slirp4netns is.
out=$(up start -a rold 2>&1) || fail "default: tc's old container ($rnet) does not start: $out"
[ "$out" = "rootless-by-$v4
rootless-by-$v4" ] || fail "default: tc's old container printed '$out'"
log "default: tc's image, volume and container rold ($rnet) usable"
poweroff default
