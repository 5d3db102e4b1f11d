# GNU C library runtime (+ libgcc_s, libcrypt): shared libraries and the
# dynamic loader only; busybox provides the tools.
glibc_DEBS := libc6 libgcc-s1 libcrypt1
glibc_KEEP := /lib64/* /lib/x86_64-linux-gnu/* /usr/lib/x86_64-linux-gnu/*
glibc_DROP := /usr/lib/x86_64-linux-gnu/audit/* */libmemusage.so */libpcprofile.so */libc_malloc_debug.so.0 */libBrokenLocale.so.1 */libthread_db.so.1 */libmvec.so.1
# trixie's libc6 (merged /usr) ships the loader as /usr/lib64/... only; the
# ELF interpreter path every binary names is /lib64/ld-linux-x86-64.so.2.
glibc_KEEP.trixie := /usr/lib/x86_64-linux-gnu/*
glibc_LINKS.trixie := /lib64/ld-linux-x86-64.so.2=/usr/lib/x86_64-linux-gnu/ld-linux-x86-64.so.2
# On the boot's path: zstd (packages.mk, PKG_COMP_BOOT).
glibc_COMP := $(PKG_COMP_BOOT)
