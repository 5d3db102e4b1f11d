#!/bin/sh
# busybox owns /sbin/mke2fs and /sbin/mkfs.ext2 (the loader never overwrites
# them), so Debian's "mkfs.ext4 -> mke2fs" would run busybox's ext2-only
# mke2fs wherever the link resolves in /.  Ship the binary as mkfs.ext4
# itself (mke2fs picks the fs type from its name); mkfs.ext3 links to it.
set -eu
mv sbin/mke2fs sbin/mkfs.ext4
rm -f sbin/mkfs.ext2 sbin/mkfs.ext3
ln -s mkfs.ext4 sbin/mkfs.ext3
