# GNU C library runtime (+ libgcc_s, libcrypt): shared libraries and the
# dynamic loader only; busybox provides the tools.
glibc_DEBS := libc6 libgcc-s1 libcrypt1
glibc_KEEP := /lib64/* /lib/x86_64-linux-gnu/* /usr/lib/x86_64-linux-gnu/*
glibc_DROP := /usr/lib/x86_64-linux-gnu/audit/* */libmemusage.so */libpcprofile.so */libc_malloc_debug.so.0 */libBrokenLocale.so.1 */libthread_db.so.1
