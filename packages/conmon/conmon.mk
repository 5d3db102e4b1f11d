# conmon, the container monitor.
conmon_DEBS := conmon
conmon_DEPS := glibc glib systemd-libs
# On the boot's path: zstd (packages.mk, PKG_COMP_BOOT).
conmon_COMP := $(PKG_COMP_BOOT)
