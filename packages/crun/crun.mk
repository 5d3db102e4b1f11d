# crun: the default OCI runtime of the trixie flavor (runc is selectable).
crun_DEBS := crun libyajl2
crun_DEPS := glibc libcap seccomp systemd-libs
# On the boot's path: zstd (packages.mk, PKG_COMP_BOOT).
crun_COMP := $(PKG_COMP_BOOT)
