# mkfs.ext4, e2label, tune2fs, e2fsck for the persistent disk.
e2fsprogs_DEBS := e2fsprogs libext2fs2 libss2 logsave
e2fsprogs_DEPS := glibc comerr util-linux-libs
e2fsprogs_DROP := /etc/e2scrub.conf /lib/udev/* /usr/lib/x86_64-linux-gnu/e2fsprogs/* /sbin/e2scrub* /usr/sbin/e2scrub* /usr/sbin/e2freefrag /sbin/e2undo /usr/bin/chattr /usr/bin/lsattr
e2fsprogs_DEBS.trixie := e2fsprogs libext2fs2t64 libss2 logsave
e2fsprogs_DROP.trixie := $(e2fsprogs_DROP) /usr/sbin/e2undo
# On the boot's path (e2fsck of every boot, mkfs of the first): zstd (packages.mk, PKG_COMP_BOOT).
e2fsprogs_COMP := $(PKG_COMP_BOOT)
