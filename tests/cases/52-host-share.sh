#!/bin/sh
# SUMMARY: host folders over 9p: the default tag "home" appears at
# /hosthome, a b2p.share=TAG:PATH tag at its path; a container reads a file
# the host wrote and writes one the host then reads; a b2p.share naming a
# tag QEMU does not offer is reported on the console and the boot goes on;
# shares are nosuid,nodev, and a path that resolves into the system
# (/var/run/podman through the /var/run link) or the user's home is refused.
set -eu
. "$TOP/tests/lib.sh"
for f in "$B2P_KERNEL" "$B2P_CORE_INITRD" "$B2P_PKG_INITRD"; do
	[ -f "$f" ] || fail "no $f (run make iso)"
done

test_key
disk="$TEST_TMP/data.img"
data_disk "$disk" 2G
home="$TEST_TMP/hosthome" work="$TEST_TMP/work"
mkdir -p "$home" "$work"
echo "from-the-host $$" >"$home/in.txt"

# Direct kernel boot: the same kernel and initrds as the ISO, with our own
# command line (what a driver that wants b2p.share= does).  QEMU takes one
# initrd; the kernel reads concatenated archives as one.
join_initrds "$TEST_TMP/initrd"
qemu_start share -kernel "$B2P_KERNEL" -initrd "$TEST_TMP/initrd" \
	-append "console=ttyS0,115200n8 quiet b2p.share=work:/Users/alice/work b2p.share=absent:/mnt/absent b2p.share=evil:/var/run/podman b2p.share=evil2:/home/tc" \
	-drive "file=$disk,format=raw,if=virtio" \
	-nic "user,model=virtio-net-pci,hostfwd=tcp:127.0.0.1:$SSH_PORT-:22" \
	-virtfs "local,path=$home,mount_tag=home,security_model=none,id=fs0" \
	-virtfs "local,path=$work,mount_tag=work,security_model=none,id=fs1"
wait_ready 300 >/dev/null || fail "no ready line"
grep -a -q "tag 'absent'" "$QEMU_DIR/console.log" || fail "a missing tag was not reported on the console"
grep -a -q "share evil: /var/run/podman resolves to /run/podman is a system directory; not mounted" \
	"$QEMU_DIR/console.log" || fail "a share through the /var/run link was not refused"
grep -a -q "share evil2: /home/tc is the user's home" "$QEMU_DIR/console.log" \
	|| fail "a share over the user's home was not refused"

mounts=$(ssh_guest root "awk '\$3 == \"9p\" { print \$1, \$2 }' /proc/mounts" | tr '\n' ' ')
case "$mounts" in
*"home /hosthome"*"work /Users/alice/work"* | *"work /Users/alice/work"*"home /hosthome"*) ;;
*) fail "9p mounts are: '$mounts'" ;;
esac
case "$mounts" in *evil* | *"/run/podman"* | *"/home/tc"*) fail "a refused share was mounted: '$mounts'" ;; esac
opts=$(ssh_guest root "awk '\$3 == \"9p\" { print \$4 }' /proc/mounts")
for o in $opts; do
	case ",$o," in *,nosuid,*nodev,* | *,nodev,*nosuid,*) ;; *) fail "a share is mounted without nosuid,nodev: $o" ;; esac
done

test_image "$TEST_TMP/img.tar"
ssh_guest root podman import - localhost/b2p-share:test <"$TEST_TMP/img.tar" >"$TEST_TMP/import" 2>&1 \
	|| fail "podman import: $(tail -n 3 "$TEST_TMP/import")"
got=$(ssh_guest root podman run --rm -v /hosthome:/h -v /Users/alice/work:/w localhost/b2p-share:test \
	sh -c "'cat /h/in.txt && echo written-in-a-container >/w/out.txt'") || fail "podman run with the shares"
[ "$got" = "from-the-host $$" ] || fail "the container read '$got' from the host's file"
[ "$(cat "$work/out.txt" 2>/dev/null)" = written-in-a-container ] \
	|| fail "the host does not see the container's file in $work"
log "9p: $mounts; container read the host's file and wrote $work/out.txt"
qmp '{"execute":"system_powerdown"}' || fail "QMP system_powerdown"
wait_exit 60 || fail "no power-off within 60 s"
