#!/bin/sh
# Writes a data disk the way docker-machine and boot2podman drivers do: a
# tar stream at offset 0 whose first entry is named by the format-me magic,
# followed by .ssh/authorized_keys(2).  On first boot the image saves the tar,
# formats the disk and installs the keys.
# Usage: b2p-mkdisk.sh [-f raw|qcow2] [-s SIZE] PUBKEY_FILE DISK_FILE
set -eu

format=raw
size=20000M
while getopts f:s: opt; do
	case "$opt" in
	f) format=$OPTARG ;;
	s) size=$OPTARG ;;
	*) exit 2 ;;
	esac
done
shift $((OPTIND - 1))
if [ $# -ne 2 ]; then
	echo "usage: b2p-mkdisk.sh [-f raw|qcow2] [-s SIZE] PUBKEY_FILE DISK_FILE" >&2
	exit 2
fi
key=$1 disk=$2
case "$format" in raw | qcow2) ;; *)
	echo "b2p-mkdisk: format must be raw or qcow2, not '$format'" >&2
	exit 2
	;;
esac
if ! grep -q '^\(ssh-\|ecdsa-\|sk-\)' "$key" 2>/dev/null; then
	echo "b2p-mkdisk: $key is not an OpenSSH public key (e.g. ~/.ssh/id_ed25519.pub)" >&2
	exit 1
fi
if [ -e "$disk" ]; then
	echo "b2p-mkdisk: $disk exists; refusing to overwrite it (remove it first)" >&2
	exit 1
fi

magic="boot2podman, please format-me"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
mkdir -m 0700 "$tmp/.ssh"
printf '%s' "$magic" >"$tmp/$magic"
cp "$key" "$tmp/.ssh/authorized_keys"
cp "$key" "$tmp/.ssh/authorized_keys2"
chmod 0644 "$tmp/.ssh/authorized_keys" "$tmp/.ssh/authorized_keys2"

raw=$disk
[ "$format" = raw ] || raw="$tmp/disk.raw"
truncate -s "$size" "$raw"
# The magic entry must come first: the guest reads it at byte 0.
tar -C "$tmp" --format=ustar --owner=0 --group=0 --numeric-owner --no-recursion \
	-cf - "$magic" .ssh .ssh/authorized_keys .ssh/authorized_keys2 \
	| dd of="$raw" conv=notrunc status=none
if [ "$format" = qcow2 ]; then
	qemu-img convert -f raw -O qcow2 "$raw" "$disk"
fi
echo "$disk: $size $format data disk with the key from $key"
