# passt/pasta: rootless networking, podman 5's default.  qrap (qemu
# wrapper) and passt-repair (migration helper) are never run by podman.
passt_DEBS := passt
passt_DEPS := glibc
passt_DROP := /usr/bin/qrap /usr/bin/passt-repair
# On the boot's path: zstd (packages.mk, PKG_COMP_BOOT).
passt_COMP := $(PKG_COMP_BOOT)
