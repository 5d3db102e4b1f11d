#!/bin/sh
# busybox owns /sbin/mke2fs and /sbin/mkfs.ext2 (the loader never overwrites
# them), so Debian's "mkfs.ext4 -> mke2fs" would run busybox's ext2-only
# mke2fs wherever the link resolves in /.  Ship the binary as mkfs.ext4
# itself (mke2fs picks the fs type from its name); mkfs.ext3 links to it.
# bookworm's e2fsprogs installs in /sbin, trixie's (merged /usr) in /usr/sbin.
set -eu
if [ -e sbin/mke2fs ]; then d=sbin; else d=usr/sbin; fi
mv "$d/mke2fs" "$d/mkfs.ext4"
rm -f "$d/mkfs.ext2" "$d/mkfs.ext3"
ln -s mkfs.ext4 "$d/mkfs.ext3"
