# libblkid, libmount, libuuid (glib, e2fsprogs).
util-linux-libs_DEBS := libblkid1 libmount1 libuuid1
util-linux-libs_DEPS := glibc selinux
