#!/bin/sh
# SUMMARY: one disk per signature, made by the real Debian tool where there
# is one (crafted bytes where not), at its real offset: behind a zeroed
# first MiB (what `dd bs=1M count=1` leaves), at the end of the disk
# (firmware RAID, backup GPT), at sector 0 (disk labels), or behind the
# format-me magic.  The boot's own decision built for the host, and then
# one boot with many of them attached, leave every one alone and say why;
# every image's sha256 is unchanged.  B2P_SIG_HOST_ONLY=1 skips the boot.
set -eu
. "$TOP/tests/lib.sh"
d="$TEST_TMP"
MiB=1048576
LIST="$d/list"
: >"$LIST"

for t in cryptsetup veritysetup make-bcache mkfs.btrfs mkfs.xfs mkfs.ext4 mkfs.ntfs mkfs.exfat mkfs.vfat \
	mkfs.f2fs mkfs.reiserfs mkfs.jfs mkfs.nilfs2 mkapfs mkudffs xorriso mksquashfs mkfs.erofs mkswap \
	pvcreate losetup sfdisk parted blkid cc; do
	command -v "$t" >/dev/null || fail "$t missing (configs/host-packages)"
done

# at NAME: the volume file a tool formats, later put 1 MiB into NAME.img
vol() { echo "$d/$1.vol"; }
# behind NAME TYPE: NAME.img = a zero MiB, then the volume; TYPE is the
# name the decision must give (blkid's, and blkid must agree where it knows it)
behind() {
	v=$(vol "$1")
	sz=$(($(stat -c %s "$v") + MiB))
	[ "$sz" -ge $((64 * MiB)) ] || sz=$((64 * MiB))
	truncate -s "$sz" "$d/$1.img"
	dd if="$v" of="$d/$1.img" bs=1M seek=1 conv=notrunc,sparse status=none
	rm -f "$v"
	echo "$1 $2" >>"$LIST"
}
# fresh NAME MIB: an empty volume file
fresh() {
	rm -f "$(vol "$1")"
	truncate -s "$2M" "$(vol "$1")"
}
# poke FILE OFFSET OCTAL-ESCAPED-BYTES
poke() {
	# shellcheck disable=SC2059 # the bytes are printf escapes on purpose
	printf "$3" | dd of="$1" bs=1 seek="$2" conv=notrunc status=none
}
# whole NAME TYPE: the image is used as it is (labels at sector 0, ends)
whole() { echo "$1 $2" >>"$LIST"; }

key="$d/key"
printf 'not-a-secret-test-key' >"$key"
tree="$d/tree"
mkdir -p "$tree/dir" && echo precious >"$tree/dir/file"

# ---- start-of-volume formats, behind a zero MiB ----
# (one command a line: set -e stops at the first tool that fails)
fresh luks2 64
cryptsetup luksFormat -q --type luks2 --pbkdf pbkdf2 --pbkdf-force-iterations 1000 --key-file "$key" "$(vol luks2)"
behind luks2 crypto_LUKS
fresh luks1 64
cryptsetup luksFormat -q --type luks1 --pbkdf-force-iterations 1000 --key-file "$key" "$(vol luks1)"
behind luks1 crypto_LUKS
fresh verity 64
truncate -s 1M "$d/verity.data"
veritysetup format "$d/verity.data" "$(vol verity)" >/dev/null
behind verity DM_verity_hash
fresh bcache 64
make-bcache -B "$(vol bcache)" >/dev/null
behind bcache bcache
fresh btrfs 128
mkfs.btrfs -q -f "$(vol btrfs)" >/dev/null 2>&1
behind btrfs btrfs
fresh xfs 320
mkfs.xfs -q -f "$(vol xfs)"
behind xfs xfs
fresh ext4 64
mkfs.ext4 -q -F -L precious "$(vol ext4)"
behind ext4 ext2/3/4
fresh ntfs 64
mkfs.ntfs -q -F -Q "$(vol ntfs)" >/dev/null 2>&1
behind ntfs ntfs
fresh exfat 64
mkfs.exfat "$(vol exfat)" >/dev/null
behind exfat exfat
fresh vfat 64
mkfs.vfat "$(vol vfat)" >/dev/null
behind vfat vfat
fresh f2fs 64
mkfs.f2fs -q -f "$(vol f2fs)" >/dev/null
behind f2fs f2fs
fresh reiserfs 64
mkfs.reiserfs -q -ff "$(vol reiserfs)" >/dev/null 2>&1
behind reiserfs reiserfs
fresh jfs 64
mkfs.jfs -q "$(vol jfs)" >/dev/null
behind jfs jfs
fresh nilfs2 160
mkfs.nilfs2 -q -f "$(vol nilfs2)"
behind nilfs2 nilfs2
fresh apfs 128
mkapfs "$(vol apfs)" >/dev/null
behind apfs apfs
fresh udf 64
mkudffs --media-type=hd "$(vol udf)" >/dev/null
behind udf udf
xorriso -as mkisofs -quiet -V PRECIOUS -o "$(vol iso9660)" "$tree" 2>/dev/null
behind iso9660 iso9660
mksquashfs "$tree" "$(vol squashfs)" -quiet -noappend >/dev/null
behind squashfs squashfs
mkfs.erofs --quiet "$(vol erofs)" "$tree" >/dev/null
behind erofs erofs
fresh swap 64
mkswap -q "$(vol swap)"
behind swap swap
# a hibernation image: a real swap area whose signature the kernel rewrote
fresh swsuspend 64
mkswap -q "$(vol swsuspend)"
poke "$(vol swsuspend)" 4086 'S1SUSPEND\0'
behind swsuspend swsuspend
fresh lvm2 64
loop=$(losetup -f --show "$(vol lvm2)")
rc=0
pvcreate -q -y -ff --config 'devices { use_devicesfile = 0 }' "$loop" >/dev/null 2>&1 || rc=$?
losetup -d "$loop"
[ "$rc" = 0 ] || fail "pvcreate failed ($rc)"
behind lvm2 LVM2_member

# No Debian tool (bookworm): BitLocker, ZFS (contrib), bcachefs, HFS+;
# mdadm needs the kernel's md driver, which this host lacks: md, IMSM and
# DDF are the bytes those formats define, at their offsets.
fresh bitlocker 64
poke "$(vol bitlocker)" 0 '\353\130\220-FVE-FS-'
poke "$(vol bitlocker)" 510 '\125\252'
behind bitlocker BitLocker
fresh zfs 64
poke "$(vol zfs)" 16384 '\001\001\000\000\000\000\000\001'
poke "$(vol zfs)" 16424 'version\0name\0pool_guid'
poke "$(vol zfs)" 135168 '\014\261\272\000\000\000\000\000'
behind zfs zfs_member
fresh bcachefs 64
poke "$(vol bcachefs)" 4120 '\306\205\163\366\146\316\220\251\331\152\140\317\200\075\367\357'
behind bcachefs bcachefs
fresh hfsplus 64
poke "$(vol hfsplus)" 1024 'H+\000\004'
behind hfsplus hfsplus
fresh md12 64
poke "$(vol md12)" 4096 '\374\116\053\251\001\000\000\000'
behind md12 linux_raid_member

# ---- metadata only at the end of the disk ----
end_img() {
	truncate -s 64M "$d/$1.img"
	poke "$d/$1.img" $((64 * MiB - $2)) "$3"
	whole "$1" "$4"
}
end_img imsm 1024 'Intel Raid ISM Cfg Sig. 1.3.00' isw_raid_member
end_img ddf 512 '\336\021\336\021' ddf_raid_member
end_img md090 65536 '\374\116\053\251\000\000\000\000' linux_raid_member
# a real GPT whose first MiB was zeroed: only the backup header is left
truncate -s 64M "$d/gptbackup.img"
printf 'label: gpt\nstart=2048, type=linux\n' | sfdisk -q "$d/gptbackup.img"
dd if=/dev/zero of="$d/gptbackup.img" bs=1M count=1 conv=notrunc status=none
whole gptbackup gpt

# ---- disk labels at sector 0 ----
truncate -s 64M "$d/mbr.img"
printf 'label: dos\nstart=2048, type=83\n' | sfdisk -q "$d/mbr.img"
whole mbr dos
for l in bsd sun mac amiga dvh; do
	truncate -s 64M "$d/$l.img"
	parted -s "$d/$l.img" mklabel "$l"
	t=$l
	[ "$l" != dvh ] || t=sgi
	whole "$l" "$t"
done

# ---- the format-me magic with a volume behind it ----
truncate -s 64M "$d/magicluks.img"
poke "$d/magicluks.img" 0 'boot2podman, please format-me'
dd if="$d/luks2.img" of="$d/magicluks.img" bs=1M skip=1 seek=1 count=16 conv=notrunc,sparse status=none
whole magicluks crypto_LUKS

n=$(wc -l <"$LIST")
log "$n images made"

# ---- where libblkid knows the format, it must agree it is there ----
while read -r name type; do
	case $type in
	crypto_LUKS | DM_verity_hash | bcache | btrfs | xfs | ntfs | exfat | vfat | f2fs | reiserfs | jfs | nilfs2 | apfs | \
		udf | iso9660 | squashfs | erofs | swap | LVM2_member) ;;
	*) continue ;;
	esac
	[ "$name" != magicluks ] || continue
	got=$(blkid -p -O "$MiB" -o value -s TYPE "$d/$name.img" 2>/dev/null || true)
	want=$type
	[ "$type" != ext2/3/4 ] || want=ext4
	[ "$got" = "$want" ] || fail "$name.img: host blkid says '$got' at 1 MiB, expected $want (the image is not what it claims)"
done <"$LIST"

sums() { while read -r name _; do sha256sum "$d/$name.img"; done <"$LIST"; }
sums >"$d/sha.before"

# ---- the decision, built for the host from the same sources ----
I="$TOP/rootfs/init"
cc -std=c11 -D_GNU_SOURCE -O1 -Wall -Wextra -Werror -I"$I" -o "$d/classify" "$TOP/tests/tools/classify.c" \
	"$I/storage_format.c" "$I/storage_util.c" "$I"/probe*.c "$I/mbr.c" "$I/mkfs.c" "$I/userdata.c" "$I/tar.c" \
	|| fail "the classify driver does not build"
while read -r name type; do
	line=$("$d/classify" "$d/$name.img" 2>/dev/null) || fail "classify $name.img failed"
	verdict=$(printf '%s\n' "$line" | cut -f2)
	why=$(printf '%s\n' "$line" | cut -f3)
	printf '    %-11s %-8s %s\n' "$name" "$verdict" "$why"
	[ "$verdict" = foreign ] || fail "$name.img: the decision is '$verdict', not 'foreign'"
	case $why in *"($type"*) ;; *) fail "$name.img: the reason does not name $type" ;; esac
done <"$LIST"
sums | cmp -s - "$d/sha.before" || fail "an image changed on the host: $(sums | diff - "$d/sha.before")"
log "host: all $n left alone, sha256 unchanged"

[ "${B2P_SIG_HOST_ONLY:-0}" = 0 ] || exit 0

# ---- one boot with many of them attached, and a blank disk last ----
need_iso
truncate -s 256M "$d/blank.img"
set --
i=0
: >"$d/attached"
for name in luks2 zfs bcachefs ntfs f2fs udf squashfs reiserfs imsm ddf gptbackup bitlocker exfat btrfs xfs \
	lvm2 md12 md090 nilfs2 apfs erofs swsuspend sun magicluks; do
	set -- "$@" -drive "file=$d/$name.img,format=raw,if=virtio"
	dev=$(awk -v n="$i" 'BEGIN { printf "vd%c", 97 + n }')
	echo "$dev $name $(awk -v n="$name" '$1 == n { print $2 }' "$LIST")" >>"$d/attached"
	i=$((i + 1))
done
blank=$(awk -v n="$i" 'BEGIN { printf "vd%c", 97 + n }')
start=$(date +%s)
qemu_start sigs -cdrom "$B2P_ISO" -boot d "$@" -drive "file=$d/blank.img,format=raw,if=virtio"
wait_ready 300 >/dev/null || fail "no ready line"
log "booted with $((i + 1)) disks in $(($(date +%s) - start)) s"
con() { tr -d '\r' <"$QEMU_DIR/console.log"; }
while read -r dev name type; do
	line=$(con | grep -a "skipping /dev/$dev: " | head -n 1)
	[ -n "$line" ] || fail "the console does not say why /dev/$dev ($name) was left alone"
	case $line in *"($type"*) ;; *) fail "/dev/$dev ($name): '$line' does not name $type" ;; esac
	log "console: ${line#*b2p: }"
done <"$d/attached"
guest "awk '\$1 == \"/dev/${blank}1\" && \$3 == \"ext4\" { f = 1 } END { exit !f }' /proc/mounts" \
	|| fail "the blank disk /dev/$blank was not formatted and mounted"
guest 'poweroff' 10 >/dev/null 2>&1 || true
wait_exit 60 || qemu_cleanup
sums | cmp -s - "$d/sha.before" || fail "an image changed in the boot: $(sums | diff - "$d/sha.before")"
log "boot: all $i attached left alone and said why, sha256 unchanged; the blank disk was formatted"
